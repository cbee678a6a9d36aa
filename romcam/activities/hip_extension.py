"""Standing hip extension test: find each trial, measure it against the neutral baseline, judge.

Protocol: stand tall side-on, extend one straight leg behind you, keep the torso vertical, return.
A trial is a rise of one thigh behind the vertical (relative to the baseline taken just before
it) that passes `start_deg`, peaks, and falls back below `end_deg`. Debounced: it must last
`min_duration_s` and peak at `min_peak_deg` or more, so shifting weight or getting into position
is not a trial.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, replace

import numpy as np

from romcam.activities.blocks import HOLD_STILL, Guidance, PeakDetector
from romcam.activities.registry import Activity, HistoryMeasure, Readout, SessionOptions, SideMeasure, register
from romcam.activities.session import SidedSession
from romcam.render.outcome import outcome_lines, trial_lines
from romcam.uncertainty import add_margins
from romcam.settings import check_ranges, setting
from romcam.kinematics.angles import SIDES

VERDICT_MEANINGS = {
    "normal": "Normal hip extension (10-15 deg) with the torso held still. Next: keep it with the "
              "standing hip flexor stretch after long sitting; retest in 4 weeks.",
    "limited": "Less than 10 deg of hip extension: the hip flexors at the front of the hip are "
               "likely tight. Next: the half-kneeling hip flexor stretch and the couch stretch, 2-3 "
               "times a day (`romcam exercise`); retest every 1-2 weeks for 4-6 weeks.",
    "above-norm": "More than 15 deg with the torso held: plenty of hip extension. Next: nothing to "
                  "stretch for; glute bridges keep the hip strong.",
    "compensated": "The leg only got there by leaning forward or arching the low back: the hip "
                   "itself is tight. Next: the hip flexor stretches with the tailbone tucked; repeat "
                   "the test keeping the torso upright and the belly tight.",
    "unknown": "The result cannot be given: romcam did not see what it needs (the reason is in the "
               "trial's flags). Next: fix the setup as the warning says and test again.",
}
VERDICT_COLOURS = {"normal": "#2e7d32", "above-norm": "#1565c0", "limited": "#ef6c00", "compensated": "#c62828",
                   "unknown": "#757575"}
FLAG_MEANINGS = {
    "trunk-lean": "the trunk tipped forward to let the leg go further back: the hip itself did "
                  "not extend that far (a sign of tight hip flexors)",
    "lumbar-arch": "the pelvis tipped forward and the low back arched: the extension came from "
                   "the spine, not the hip (a sign of tight hip flexors)",
    "knee-bent": "the knee bent during the lift: keep the leg straight for a fair measurement",
    "pelvis-unseen": "low back not checked: no pelvis tape, dots or clear waistband was seen, "
                     "so an arch would have gone unnoticed (see the README: the pelvis tape)",
    "trunk-unseen": "the trunk (shoulders and hips) was not seen during the trial, so a lean could "
                    "not be checked: keep your whole body in the picture",
    "far-leg": "the moving leg was the one away from the camera, partly hidden behind the other: "
               "turn round so the moving leg is nearer the camera",
    "camera-oblique": "the camera looks at you too far from the side (front or back) for the "
                      "angles to be trusted: place it level with your hip, square to your side",
}
NOT_JUDGED = ("trunk-unseen", "camera-oblique")  # flags that make the verdict `unknown`
TURN_MARGIN_S = 0.5  # a movement this close to a turn round is part of the turn
TURNED_SPREAD = 0.6  # shoulder spread (angles.py) above this in a movement: the body turned (about
# 45 deg or more from side-on for shoulders 0.8 trunk lengths wide), so it was no trial
CAMERA_OBLIQUE_DEG = 40.0  # |yaw| from side-on beyond which romcam refuses: estimates on the truth
# set's cameras (all within 25 deg) reached 35 deg, the pose2sim cameras (about 45 deg) 74-90.


@dataclass(frozen=True)
class TrialRules:
    """What a trial (or a rep) is and what spoils it: the hip extension test and its reps share these."""

    lean_tolerance_deg: float = setting(5.0, "deg", "trunk lean change above this: trunk-lean", 0, 45)
    tilt_tolerance_deg: float = setting(5.0, "deg", "pelvic tilt change above this: lumbar-arch", 0, 45)
    knee_bent_deg: float = setting(20.0, "deg", "knee flexion above this during a trial: knee-bent", 0, 180)
    start_deg: float = setting(4.0, "deg", "a trial starts when the thigh is this far behind neutral", 0, 45)
    end_deg: float = setting(2.5, "deg", "and ends when it is back within this", 0, 45)
    min_peak_deg: float = setting(5.0, "deg", "a trial must reach this (smaller moves are weight shifts)", 0, 45)
    min_duration_s: float = setting(0.4, "s", "a trial must last this long", 0, 10)
    baseline_window_s: float = setting(0.5, "s", "neutral stance: the thigh still for this long", 0.1, 10)
    still_range_deg: float = setting(2.0, "deg", "still: moving less than this over the window", 0, 20)

    def __post_init__(self) -> None:
        check_ranges(self)
        if not 0 < self.end_deg < self.start_deg <= self.min_peak_deg:
            raise ValueError(f"{type(self).__name__}: need 0 < end_deg < start_deg <= min_peak_deg, got "
                             f"{self.end_deg}, {self.start_deg}, {self.min_peak_deg}")


@dataclass(frozen=True)
class HipExtensionConfig(TrialRules):
    norm_deg: tuple[float, float] = setting((10.0, 15.0), "deg", "normal range of the best trial's "
                                            "thigh change from neutral", 0, 90)
    trials_per_side: int = setting(3, "count", "live test: trials asked for on each leg", 1, 10)

    def __post_init__(self) -> None:
        super().__post_init__()
        low, high = self.norm_deg
        if not low <= high:
            raise ValueError(f"HipExtensionConfig.norm_deg must be (low, high) with low <= high, got {self.norm_deg}")


@dataclass
class Trial:
    side: str
    start_s: float
    peak_s: float
    end_s: float
    peak_thigh_vs_vertical_deg: float
    peak_hip_extension_deg: float
    trunk_lean_change_deg: float
    pelvic_tilt_change_deg: float | None
    knee_flexion_deg: float
    verdict: str
    flags: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        out = asdict(self)
        for key, value in out.items():
            if isinstance(value, float):
                out[key] = None if not math.isfinite(value) else round(value, 2)
        return out


def judge(peak_deg: float, lean_change: float, tilt_change: float | None, knee_deg: float,
          cfg: HipExtensionConfig) -> tuple[str, list[str]]:
    """Verdict and flags for one trial, per conventions.md."""
    flags = []
    if not math.isfinite(lean_change):
        flags.append("trunk-unseen")
    if lean_change > cfg.lean_tolerance_deg:
        flags.append("trunk-lean")
    if tilt_change is not None and math.isfinite(tilt_change) and tilt_change > cfg.tilt_tolerance_deg:
        flags.append("lumbar-arch")
    compensated = bool(flags)
    if math.isfinite(knee_deg) and knee_deg > cfg.knee_bent_deg:
        flags.append("knee-bent")
    if tilt_change is None or not math.isfinite(tilt_change):
        flags.append("pelvis-unseen")  # the verdict stands, but nobody checked the low back
    if "trunk-unseen" in flags:
        return "unknown", flags
    if compensated:
        return "compensated", flags
    low, high = cfg.norm_deg
    if peak_deg < low:
        return "limited", flags
    if peak_deg > high:
        return "above-norm", flags
    return "normal", flags


def thigh_movements(cfg: TrialRules) -> PeakDetector:
    """Movements of a thigh away from its still neutral angle, by the trial rules."""
    return PeakDetector("thigh", cfg.start_deg, cfg.end_deg, cfg.min_peak_deg, cfg.min_duration_s,
                        cfg.baseline_window_s, cfg.still_range_deg)


class TrialDetector:
    """Finds one leg's trials as samples arrive: update(t_s, sample) -> Trial when one ends.

    A trial is a movement of the thigh behind its still neutral angle (blocks.PeakDetector); the
    same object serves the live test and whole recordings.
    sample: the angles of one frame, keyed by the conventions' names.
    """

    def __init__(self, side: str, cfg: HipExtensionConfig) -> None:
        self.side, self.cfg = side, cfg
        self._peaks = thigh_movements(cfg)

    @property
    def baseline(self) -> dict[str, float] | None:
        return self._peaks.baseline

    @property
    def in_trial(self) -> bool:
        return self._peaks.in_movement

    def relative_thigh(self, thigh: float) -> float:
        return self._peaks.relative(thigh)

    def update(self, t_s: float, sample: dict[str, float]) -> Trial | None:
        side = self.side
        peak = self._peaks.update(t_s, {
            "thigh": sample[f"{side}_thigh_vs_vertical_deg"],
            "hip": sample[f"{side}_hip_extension_deg"],
            "knee": sample[f"{side}_knee_flexion_deg"],
            "trunk": sample["trunk_lean_deg"],
            "tilt": sample.get("pelvic_tilt_deg", math.nan),
            "spread": sample.get("shoulder_spread", math.nan),
        })
        if peak is None or peak.highest["spread"] > TURNED_SPREAD:
            return None  # the body turned toward the camera: turning round, not a trial
        lean_change, knee = peak.at_peak["trunk"], peak.highest["knee"]
        tilt_change = peak.at_peak["tilt"] if math.isfinite(peak.at_peak["tilt"]) else None
        verdict, flags = judge(peak.rise, lean_change, tilt_change, knee, self.cfg)
        return Trial(side, peak.start_s, peak.peak_s, peak.end_s, peak.rise, peak.at_peak["hip"],
                     lean_change, tilt_change, knee, verdict, flags)


class FromNeutral:
    """The panel's numbers as changes from the neutral stance, the way trials are measured (the
    same detector and baseline), so the screen and the video never contradict the result."""

    def __init__(self, cfg: TrialRules) -> None:
        self.detectors = {side: thigh_movements(cfg) for side in SIDES}

    def update(self, t_s: float, angles: dict[str, float], near_side: str) -> dict[str, float]:
        if not angles:
            return {}
        for side, detector in self.detectors.items():
            detector.update(t_s, {"thigh": angles[f"{side}_thigh_vs_vertical_deg"], "trunk": angles["trunk_lean_deg"]})
        out = {}
        for side, detector in self.detectors.items():
            base = detector.baseline
            if base is not None:
                out[f"{side}_thigh_from_neutral_deg"] = angles[f"{side}_thigh_vs_vertical_deg"] - base["thigh"]
                if side == near_side:
                    out["trunk_lean_from_neutral_deg"] = angles["trunk_lean_deg"] - base["trunk"]
        return out


FROM_NEUTRAL_READOUTS = (
    Readout("{side} thigh from neutral", "{side}_thigh_from_neutral_deg"),
    Readout("trunk lean from neutral", "trunk_lean_from_neutral_deg"),
    Readout("{side} knee", "{side}_knee_flexion_deg"),
)


def find_trials(t_s: np.ndarray, angles: dict[str, np.ndarray],
                cfg: HipExtensionConfig | None = None) -> list[Trial]:
    """All trials of both legs in a whole recording, in time order."""
    detectors = [TrialDetector(side, cfg or HipExtensionConfig()) for side in SIDES]
    trials = []
    for i, t in enumerate(t_s):
        sample = {name: float(values[i]) for name, values in angles.items()}
        for detector in detectors:
            trial = detector.update(float(t), sample)
            if trial is not None:
                trials.append(trial)
    return resolve_overlaps(trials)


def resolve_overlaps(trials: list[Trial]) -> list[Trial]:
    """MediaPipe can mislabel which leg is which in a side view; when both labels "moved" at the
    same time, keep the one that moved more."""
    trials = sorted(trials, key=lambda tr: tr.peak_s)
    kept: list[Trial] = []
    for trial in trials:
        if kept and trial.start_s < kept[-1].end_s and trial.side != kept[-1].side:
            if trial.peak_thigh_vs_vertical_deg > kept[-1].peak_thigh_vs_vertical_deg:
                kept[-1] = trial
            continue
        kept.append(trial)
    return kept


def summarise(trials: list[Trial]) -> dict[str, dict]:
    """Per side: the best trial (furthest extension) decides, as a clinician takes the best of
    several attempts; compensated wins if every trial of that side was compensated."""
    out = {}
    for side in SIDES:
        mine = [t for t in trials if t.side == side]
        if not mine:
            continue
        judged = [t for t in mine if t.verdict != "unknown"]
        clean = [t for t in judged if t.verdict != "compensated"]
        best = max(clean or judged or mine, key=lambda t: t.peak_thigh_vs_vertical_deg)
        out[side] = {"verdict": best.verdict, "trials": len(mine),
                     "peak_thigh_vs_vertical_deg": round(best.peak_thigh_vs_vertical_deg, 1),
                     "flags": sorted({f for t in mine for f in t.flags})}
    return out


def flag_meanings(trials: list[Trial]) -> dict[str, str]:
    return {f: FLAG_MEANINGS[f] for f in sorted({f for t in trials for f in t.flags})}


NO_TRIAL_AFTER_S = 10.0  # a guided side watched this long without a trial is "limited (< 5 deg)"
GIVE_UP_S = 25.0  # ... and after this long the test moves on to the other side


@dataclass
class HipExtensionResult:
    trials: list[Trial]
    norm_deg: tuple[float, float]
    warnings: list[str] = field(default_factory=list)
    lean_tolerance_deg: float = HipExtensionConfig.lean_tolerance_deg
    tilt_tolerance_deg: float = HipExtensionConfig.tilt_tolerance_deg
    # guided tests only: sides asked for that never passed the trial threshold (side -> the
    # furthest the thigh went, deg), and what was left undone ("" when the test was completed)
    no_trial: dict[str, float] = field(default_factory=dict)
    unfinished: str | None = None

    def to_json(self) -> dict:
        summary = summarise(self.trials)
        for side, furthest in self.no_trial.items():
            summary.setdefault(side, {"verdict": "limited", "trials": 0,
                                      "peak_thigh_vs_vertical_deg": round(furthest, 1), "flags": [],
                                      "verdict_note": f"no trial passed the {TrialRules.min_peak_deg:g} deg "
                                                      f"threshold (< {TrialRules.min_peak_deg:g} deg)"})
        out = {"trials": [t.to_json() for t in self.trials], "summary": summary,
               "meanings": flag_meanings(self.trials), "norm_deg": list(self.norm_deg),
               "limits_deg": {"trunk_lean_change_deg": self.lean_tolerance_deg,
                              "pelvic_tilt_change_deg": self.tilt_tolerance_deg}}
        if self.unfinished is not None:
            out["completed"] = not self.unfinished
            if self.unfinished:
                out["unfinished"] = self.unfinished
        return out

    def only(self, side: str) -> HipExtensionResult:
        return replace(self, trials=[t for t in self.trials if t.side == side])

    def refuse_oblique(self, yaw_deg: float) -> None:
        """Every trial becomes `unknown` with `camera-oblique` when the camera's estimated yaw is
        beyond what the accuracy was measured for."""
        if not math.isfinite(yaw_deg) or abs(yaw_deg) < CAMERA_OBLIQUE_DEG:
            return
        self.trials = [replace(t, verdict="unknown", flags=[*t.flags, "camera-oblique"]) for t in self.trials]
        self.warnings.append(f"the camera is about {abs(yaw_deg):.0f} deg from side-on (romcam's accuracy "
                             f"holds to 25): no verdict; place the camera level with your hip, square to "
                             f"your side")

    def side_measures(self) -> list[SideMeasure]:
        def words(t: Trial) -> str:
            return f"{t.peak_thigh_vs_vertical_deg:.1f} deg {t.verdict}" + (f" ({', '.join(t.flags)})" if t.flags else "")

        return [SideMeasure(side, s["verdict"], s["peak_thigh_vs_vertical_deg"], flags=tuple(s["flags"]),
                            trials=tuple(words(t) for t in self.trials if t.side == side))
                for side, s in sorted(summarise(self.trials).items())]


def analyse(t_s: np.ndarray, angles: dict[str, np.ndarray], cfg: HipExtensionConfig,
            near: str) -> HipExtensionResult:
    """The trials of a whole recording, with a warning when none was found or the far leg moved."""
    trials = find_trials(t_s, angles, cfg)
    if hasattr(near, "turned"):  # the legs swing while turning round: not a trial
        trials = [t for t in trials if not near.turned(t.start_s - TURN_MARGIN_S, t.end_s + TURN_MARGIN_S)]
    result = HipExtensionResult(trials, cfg.norm_deg, lean_tolerance_deg=cfg.lean_tolerance_deg,
                                tilt_tolerance_deg=cfg.tilt_tolerance_deg)
    if not trials:
        result.warnings.append("no hip extension trial found: stand still for a moment, then extend "
                               "one straight leg behind you and bring it back")
    for trial in trials:
        # the near side at the trial's moment: a person who turned round shows the other side
        near_then = near.at(trial.start_s, trial.end_s) if hasattr(near, "at") else near
        if trial.side != near_then:
            trial.flags.append("far-leg")
    unseen = [t for t in trials if "trunk-unseen" in t.flags]
    if unseen:
        result.warnings.append(f"the trunk was not in view during {len(unseen)} of {len(trials)} trials: no "
                               "verdict for them; keep your whole body, head to feet, in the picture")
    unchecked = [t for t in trials if "pelvis-unseen" in t.flags]
    if unchecked and len(unchecked) < len(trials):  # all of them: said by every line already
        result.warnings.append(f"low back not checked in {len(unchecked)} of {len(trials)} trials "
                               f"({', '.join(sorted({t.side for t in unchecked}))} leg): the pelvis marker "
                               "was not seen; wear the tape on both sides")
    far = sorted({t.side for t in trials if "far-leg" in t.flags})
    if far:
        result.warnings.append(f"the {' and '.join(far)} leg moved on the side away from the camera, where it "
                               "is partly hidden: turn round so the moving leg is nearer the camera")
    return result


PELVIS_HINTS = {
    "tape": "Pelvis tape: a green strip on the side of your hip, from the bony point at the front "
            "to the one at the back, shirt tucked in",
    "markers": "Pelvis markers: a green dot on the bony point at the front of your hip, a "
               "magenta dot on the one at the back, on the side facing the camera",
    "auto": "Best: a green tape strip on the side of your hip (see the README); else fitted shorts",
    "waistband": "Wear fitted shorts: the waistband shows how your pelvis tilts",
}


class HipExtensionSession(SidedSession):
    """Setup check, neutral baseline, N trials of the leg nearer the camera, turn, other leg."""

    def __init__(self, activity: Activity, cfg: HipExtensionConfig, options: SessionOptions) -> None:
        super().__init__(activity, cfg, options)
        self.pelvis_hint = [PELVIS_HINTS[options.pelvis]] if options.pelvis in PELVIS_HINTS else []
        self._state = None  # the latest frame's LiveState
        self.camera_yaw = math.nan  # the latest estimate of the camera's yaw
        self.facing: str | None = None  # the way the person faced when this side began
        self.per_side = cfg.trials_per_side
        self.detector: TrialDetector | None = None
        self.trials: list[Trial] = []
        self.asked: list[str] = []  # the sides begun, in order
        self.watched_s: dict[str, float] = {}  # per side: time with a neutral baseline and the leg seen
        self.furthest: dict[str, float] = {}  # per side: the furthest the thigh went from neutral
        self.neutral: dict[str, float] = {}  # per side: the thigh in the first neutral stance
        self._last_t: float | None = None

    def busy(self) -> bool:  # a trial under way is followed to its end
        return self.detector is not None and self.detector.in_trial

    def on_problems(self, t_s: float, problems: list[str]) -> Guidance:
        return Guidance(self.phase, problems + self.pelvis_note(self._state), alert=problems[0] != HOLD_STILL)

    def update(self, t_s: float, state, image) -> Guidance:
        self._state = state
        if state.camera is not None and math.isfinite(state.camera.yaw_deg):
            self.camera_yaw = state.camera.yaw_deg
        return super().update(t_s, state, image)

    def view_problems(self, state) -> list[str]:
        yaw = state.camera.yaw_deg if state.camera is not None else math.nan
        if math.isfinite(yaw) and abs(yaw) >= CAMERA_OBLIQUE_DEG:
            where = "in front" if yaw > 0 else "behind"
            return [f"The camera sees you from {abs(yaw):.0f} deg {where} of side-on: place it square "
                    "to your side, level with your hip"]
        return []

    def pelvis_note(self, state) -> list[str]:
        """Say when the low back cannot be checked, and before the first trial how to fix it."""
        tilt = state.angles.get("pelvic_tilt_deg", math.nan) if state is not None and state.angles else math.nan
        if math.isfinite(tilt):
            return []
        if self.trials or not self.pelvis_hint:
            return ["Low back not checked"]
        return ["Low back not checked: " + self.pelvis_hint[0]]

    def begin_side(self, side: str) -> None:
        self.detector = TrialDetector(side, self.config)
        self.asked.append(side)
        self.facing = self._state.facing if self._state is not None else None

    def _watch(self, t_s: float, state) -> None:
        """How long the side was watched, and how far its thigh went: a side that never passes
        the trial threshold is a (very) limited hip, not a missing result."""
        dt, self._last_t = (t_s - self._last_t if self._last_t is not None else 0.0), t_s
        if not state.angles or self.detector.baseline is None:
            return
        # against the side's first neutral stance: the detector's baseline follows slow moves
        neutral = self.neutral.setdefault(self.side, self.detector.baseline["thigh"])
        rel = state.angles[f"{self.side}_thigh_vs_vertical_deg"] - neutral
        if math.isfinite(rel):
            self.watched_s[self.side] = self.watched_s.get(self.side, 0.0) + min(dt, 0.5)
            self.furthest[self.side] = max(self.furthest.get(self.side, 0.0), rel)

    def work(self, t_s: float, state) -> Guidance:
        if state.pose is not None and self.facing is not None and state.facing != self.facing:
            # turned round mid-side: the legs swing while turning, nothing here is a trial
            self.detector = TrialDetector(self.side, self.config)
            return Guidance("trials", [f"Turn back: your {self.side} side toward the camera"], alert=True)
        new = []
        self._watch(t_s, state)
        if state.angles:
            trial = self.detector.update(t_s, state.angles)
            if trial is not None:
                self.trials.append(trial)
                new.append(trial)
        if self.detector.baseline is None:
            lines = ["Stand tall and still, arms folded on your chest", "measuring your neutral stance..."]
            return Guidance("baseline", lines + self.pelvis_note(state), new_trials=new)
        return self.progress(state, [t for t in self.trials if t.side == self.side], new)

    def side_complete(self) -> bool:
        done = len([t for t in self.trials if t.side == self.side])
        # a leg that never passes the trial threshold is measured as it is, not waited for forever
        gave_up = done == 0 and self.watched_s.get(self.side, 0.0) >= GIVE_UP_S
        return done >= self.per_side or gave_up

    def progress(self, state, done_here: list[Trial], new: list[Trial]) -> Guidance:
        lines = [f"Extend your {self.side} leg straight back, keep your torso upright",
                 f"trial {len(done_here) + 1} of {self.per_side}"]
        if self.detector.in_trial and state.angles:
            rel = self.detector.relative_thigh(state.angles[f"{self.side}_thigh_vs_vertical_deg"])
            if math.isfinite(rel):
                lines.append(f"{rel:+.1f} deg")
        for trial in done_here[-1:]:
            told = self.with_margins(trial, state.conditions)
            lines.append(f"last: {trial_lines(told)[0].split(', ', 1)[1]}")
        return Guidance("trials", lines + self.pelvis_note(state), new_trials=new)

    def with_margins(self, trial: Trial, conditions) -> dict:
        """A trial as result.json tells it, with its +- and near-threshold note where known."""
        told = HipExtensionResult([trial], self.config.norm_deg, [], self.config.lean_tolerance_deg,
                                  self.config.tilt_tolerance_deg).to_json()
        if conditions is not None:
            add_margins(told, conditions)
        return told

    def finished(self, new: list | None = None) -> Guidance:
        lines = ["Test complete - press q to close"] + outcome_lines(self.result().to_json())
        return Guidance("done", lines, done=True, new_trials=new or [])

    def unfinished(self) -> str:
        """What the guided test left undone, in words ("" when complete)."""
        sides = self.asked + [s for s in SIDES if s not in self.asked and (self.options.both_sides or not self.asked)]
        no_trial, missing = self._no_trial(), []
        for side in sides:
            done = len([t for t in self.trials if t.side == side])
            if side not in self.asked:
                missing.append(f"{side} side not tested")
            elif done < self.per_side and side not in no_trial:
                missing.append(f"{done} of {self.per_side} trials on the {side} leg")
        return ", ".join(missing)

    def _no_trial(self) -> dict[str, float]:
        return {side: self.furthest.get(side, 0.0) for side in self.asked
                if not any(t.side == side for t in self.trials)
                and self.watched_s.get(side, 0.0) >= NO_TRIAL_AFTER_S}

    def result(self) -> HipExtensionResult:
        unfinished = self.unfinished()
        warnings = [f"the test was not completed: {unfinished}"] if unfinished else []
        result = HipExtensionResult(list(self.trials), self.config.norm_deg, warnings,
                                    self.config.lean_tolerance_deg, self.config.tilt_tolerance_deg,
                                    no_trial=self._no_trial(), unfinished=unfinished)
        result.refuse_oblique(self.camera_yaw)
        return result


ACTIVITY = register(Activity(
    name="hip-extension",
    kind="test",
    summary="standing hip extension test: side-on, one straight leg extended behind you",
    posture="standing",
    config_type=HipExtensionConfig,
    session=lambda cfg, options: HipExtensionSession(ACTIVITY, cfg, options),
    analyse=analyse,
    meanings=VERDICT_MEANINGS | FLAG_MEANINGS,
    colours=VERDICT_COLOURS,
    history=HistoryMeasure("hip extension", higher_is_better=True, normal_deg=HipExtensionConfig().norm_deg),
    pelvis_default="auto",
    readouts=FROM_NEUTRAL_READOUTS,
    panel_values=FromNeutral,
))
