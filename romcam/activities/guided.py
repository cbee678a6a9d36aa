"""Guided live tests: what to tell the person, frame by frame, and the trials found.

A session is a state machine fed one LiveState per frame (update) that returns the guidance to
show. It owns no camera and draws nothing: the live loop feeds it, the overlay draws its lines.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field

import numpy as np

from romcam.pipeline.frame_state import LiveState
from romcam.activities.results import hip_extension, hip_extension_result, thomas, thomas_result
from romcam.activities.hip_extension import HipExtensionConfig, TrialDetector
from romcam.activities.thomas import ThomasConfig
from romcam.activities.setup_check import LYING, STANDING, check_setup

OTHER = {"left": "right", "right": "left"}
SETUP_OK_S = 1.0  # the view must stay right this long before the test starts


@dataclass
class Guidance:
    phase: str
    lines: list[str]  # shown on screen, most important first
    done: bool = False
    new_trials: list = field(default_factory=list)
    alert: bool = False  # the first line is a fault to correct


class SetupGate:
    """Passes once the view has been right for SETUP_OK_S without a break."""

    def __init__(self, posture: str) -> None:
        self.posture = posture
        self._ok_since: float | None = None

    def update(self, t_s: float, state: LiveState, image: np.ndarray) -> list[str]:
        problems = check_setup(state.pose, state.people, image, self.posture)
        if problems:
            self._ok_since = None
            return problems
        self._ok_since = self._ok_since if self._ok_since is not None else t_s
        return [] if t_s - self._ok_since >= SETUP_OK_S else ["Good - hold that position"]


class TurnRound:
    """After one side: passes once the other side has faced the camera for SETUP_OK_S."""

    def __init__(self, target: str) -> None:
        self.target = target
        self._since: float | None = None

    def update(self, t_s: float, state: LiveState) -> bool:
        if state.pose is not None and state.near_side == self.target:
            self._since = self._since if self._since is not None else t_s
            return t_s - self._since >= SETUP_OK_S
        self._since = None
        return False

    def guidance(self) -> Guidance:
        return Guidance("turn", [f"Turn around so your {self.target} side faces the camera"])


class HipExtensionSession:
    """Setup check, neutral baseline, N trials of the leg nearer the camera, turn, other leg."""

    test = "hip-extension"

    PELVIS_HINTS = {
        "markers": "Pelvis markers: a green dot on the bony point at the front of your hip, a "
                   "magenta dot on the one at the back, on the side facing the camera",
        "auto": "Wear fitted shorts: the waistband shows how your pelvis tilts (or use dots: --pelvis markers)",
        "waistband": "Wear fitted shorts: the waistband shows how your pelvis tilts",
    }

    def __init__(self, trials_per_side: int = 3, cfg: HipExtensionConfig = HipExtensionConfig(),
                 both_sides: bool = True, pelvis: str = "auto") -> None:
        self.pelvis_hint = [self.PELVIS_HINTS[pelvis]] if pelvis in self.PELVIS_HINTS else []
        if trials_per_side < 1:
            raise ValueError(f"trials_per_side must be >= 1, got {trials_per_side}")
        self.cfg, self.per_side, self.both_sides = cfg, trials_per_side, both_sides
        self.gate = SetupGate(STANDING)
        self.phase = "setup"
        self.side: str | None = None
        self.detector: TrialDetector | None = None
        self.trials: list[hip_extension.Trial] = []
        self.turn: TurnRound | None = None

    def update(self, t_s: float, state: LiveState, image: np.ndarray) -> Guidance:
        if self.phase == "done":
            return self._done()
        if self.phase == "turn":
            return self._turn(t_s, state)
        problems = self.gate.update(t_s, state, image)
        mid_trial = self.phase != "setup" and self.detector is not None and self.detector.in_trial
        if problems and not mid_trial:  # a trial under way is followed to its end
            return Guidance(self.phase, problems + (self.pelvis_hint if self.phase == "setup" else []))
        if self.phase == "setup":
            self.side = self.side or state.near_side
            self.detector = TrialDetector(self.side, self.cfg)
            self.phase = "baseline"
        new = []
        if state.angles:
            trial = self.detector.update(t_s, state.angles)
            if trial is not None:
                self.trials.append(trial)
                new.append(trial)
        if self.phase == "baseline":
            if self.detector.baseline is None:
                lines = ["Stand tall and still, arms folded on your chest", "measuring your neutral stance..."]
                return Guidance("baseline", lines + self.pelvis_hint, new_trials=new)
            self.phase = "trials"
        done_here = [t for t in self.trials if t.side == self.side]
        if self._side_complete(done_here):
            if self.both_sides and not any(t.side == OTHER[self.side] for t in self.trials):
                self.phase, self.turn = "turn", TurnRound(OTHER[self.side])
                return Guidance("turn", ["Well done. Now turn around to face the other way"], new_trials=new)
            self.phase = "done"
            return self._done(new)
        return self._progress(state, done_here, new)

    def _side_complete(self, done_here: list) -> bool:
        return len(done_here) >= self.per_side

    def _progress(self, state: LiveState, done_here: list, new: list) -> Guidance:
        lines = [f"Extend your {self.side} leg straight back, keep your torso upright",
                 f"trial {len(done_here) + 1} of {self.per_side}"]
        if self.detector.in_trial and state.angles:
            rel = self.detector.relative_thigh(state.angles[f"{self.side}_thigh_vs_vertical_deg"])
            if math.isfinite(rel):
                lines.append(f"{rel:+.1f} deg")
        for trial in done_here[-1:]:
            lines.append(f"last: {trial.peak_thigh_vs_vertical_deg:.1f} deg - {trial.verdict}"
                         + (f" ({', '.join(trial.flags)})" if trial.flags else ""))
        return Guidance("trials", lines, new_trials=new)

    def _turn(self, t_s: float, state: LiveState) -> Guidance:
        if self.turn.update(t_s, state):
            self.side, self.phase, self.gate = self.turn.target, "setup", SetupGate(STANDING)
        return self.turn.guidance()

    def _done(self, new=None) -> Guidance:
        lines = ["Test complete - press q to close"]
        for side, summary in hip_extension.summarise(self.trials).items():
            lines.append(f"{side} leg: {summary['verdict']} ({summary['peak_thigh_vs_vertical_deg']:.1f} deg"
                         f", normal 10-15)" + (f" {', '.join(summary['flags'])}" if summary["flags"] else ""))
        return Guidance("done", lines, done=True, new_trials=new or [])

    def header(self) -> dict:
        return {"test": self.test}

    def result(self) -> dict:
        return (hip_extension_result(self.trials).as_dict() | {"norm_deg": list(self.cfg.norm_deg)}
                | {"warnings": _incomplete(self.trials)})


class ThomasSession:
    """Setup check (lying), then a steady hold with each leg hanging in turn."""

    test = "thomas"

    def __init__(self, cfg: ThomasConfig = ThomasConfig(), hold_s: float = 2.0,
                 both_sides: bool = True) -> None:
        self.cfg, self.hold_s, self.both_sides = cfg, hold_s, both_sides
        self.gate = SetupGate(LYING)
        self.phase = "setup"
        self.trials: list[thomas.ThomasTrial] = []
        self._recent: deque = deque()

    def update(self, t_s: float, state: LiveState, image: np.ndarray) -> Guidance:
        if self.phase == "done":
            return self._done()
        problems = self.gate.update(t_s, state, image)
        if problems:
            return Guidance(self.phase, problems)
        self.phase = "hold"
        tested = {t.side for t in self.trials}
        hanging = ""
        if state.angles:
            sample = {k: np.array([v]) for k, v in state.angles.items()}
            hanging = thomas.hanging_side(sample, self.cfg)[0]
        if not hanging or hanging in tested:
            self._recent.clear()
            ask = "Lie on your back at the table edge, hug one knee to your chest, let the other leg hang"
            if tested:
                ask = f"Now hug your {next(iter(tested))} knee and let the other leg hang"
            return Guidance("hold", [ask])
        thigh = state.angles[f"{hanging}_thigh_vs_horizontal_deg"]
        knee = state.angles[f"{hanging}_knee_flexion_deg"]
        self._recent.append((t_s, thigh, knee))
        while t_s - self._recent[0][0] > self.hold_s:
            self._recent.popleft()
        values = np.array([(th, kn) for _, th, kn in self._recent])
        steady = np.isfinite(values).all() and np.ptp(values, axis=0).max() <= self.cfg.steady_range_deg
        if not steady:
            # Start the hold again from this frame.
            self._recent = deque([self._recent[-1]])
        held = self._recent[-1][0] - self._recent[0][0]
        if held < self.hold_s - 1e-6:
            return Guidance("hold", [f"Let your {hanging} leg hang and relax: hold still",
                                     f"{held:.1f} / {self.hold_s:.0f} s"])
        thigh_deg, knee_deg = (float(np.median(values[:, i])) for i in (0, 1))
        trial = thomas.ThomasTrial(hanging, self._recent[0][0], t_s, thigh_deg, knee_deg,
                                   thomas.judge(thigh_deg, knee_deg, self.cfg))
        self.trials.append(trial)
        self._recent.clear()
        if not self.both_sides or len(self.trials) == 2:
            self.phase = "done"
            return self._done([trial])
        return Guidance("hold", [f"{hanging} leg: {trial.verdict}. Now switch legs"], new_trials=[trial])

    def _done(self, new=None) -> Guidance:
        lines = ["Test complete - press q to close"]
        lines += [f"{t.side} leg: {t.verdict} (thigh {t.thigh_vs_horizontal_deg:+.1f} deg, knee "
                  f"{t.knee_flexion_deg:.0f} deg)" for t in self.trials]
        return Guidance("done", lines, done=True, new_trials=new or [])

    def header(self) -> dict:
        return {"test": self.test}

    def result(self) -> dict:
        return thomas_result(self.trials).as_dict() | {"warnings": _incomplete(self.trials)}


def _incomplete(trials: list) -> list[str]:
    return [] if trials else ["the test was not completed: no trial was recorded"]
