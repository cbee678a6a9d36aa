"""Coached exercises: a held stretch timed only while the form is right, and counted reps.

- quad-stretch: standing, the near leg's heel pulled up behind (quadriceps and hip flexors,
  rectus femoris included). Right form: knee bent at least 90 deg, the knee not drifting in
  front of the hip, torso upright, low back not arching. Seconds count only while all hold.
- hip-extension-reps: standing hip extension as a strengthening exercise (gluteus maximus, the
  hip flexors' antagonist). A rep is a lift found by the test's own trial detector (so weight
  shifts and small wobbles are never reps); it counts when the torso stayed upright, the low
  back did not arch and the knee stayed straight.

Sessions follow romcam.activities.guided: update(t_s, LiveState, image) -> Guidance, result() -> dict.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from romcam.activities.guided import OTHER, Guidance, HipExtensionSession, SetupGate, TurnRound
from romcam.pipeline.frame_state import LiveState
from romcam.activities.hip_extension import FLAG_MEANINGS, HipExtensionConfig, StillWindow, Trial, nanmedian
from romcam.activities.setup_check import STANDING


# ---- form of the standing quad / hip flexor stretch -----------------------------------------------

@dataclass(frozen=True)
class StretchRules:
    knee_min_deg: float = 90.0  # knee flexion, absolute
    knee_forward_deg: float = 5.0  # thigh ahead of its neutral angle by more than this
    lean_max_deg: float = 10.0  # trunk lean change from neutral
    arch_max_deg: float = 5.0  # anterior pelvic tilt change from neutral
    hysteresis_deg: float = 1.0  # a fault clears only this far back inside its limit


FAULT_CUES = {
    "knee-not-bent": "Pull your heel up toward your buttock",
    "knee-forward": "Bring your knee back, level with the other knee",
    "trunk-lean": "Stand tall: you are leaning forward",
    "lumbar-arch": "Tuck your tailbone under: your low back is arching",
}


class StretchForm:
    """Faults of one frame against the neutral stance, with hysteresis so that a value sitting on
    a limit does not flicker the timer on and off."""

    def __init__(self, side: str, baseline: dict[str, float], rules: StretchRules = StretchRules()) -> None:
        self.side, self.baseline, self.rules = side, baseline, rules
        self.faults: set[str] = set()

    def update(self, angles: dict[str, float]) -> set[str] | None:
        """The faults now, or None when the leg or trunk cannot be measured in this frame."""
        r, s, base = self.rules, self.side, self.baseline
        knee = angles.get(f"{s}_knee_flexion_deg", math.nan)
        thigh = angles.get(f"{s}_thigh_vs_vertical_deg", math.nan) - base["thigh"]
        lean = angles.get("trunk_lean_deg", math.nan) - base["trunk"]
        tilt = angles.get("pelvic_tilt_deg", math.nan) - base["tilt"]
        if not all(math.isfinite(v) for v in (knee, thigh, lean)):
            return None
        # (fault, how far past its limit): > 0 is a fault; it clears below -hysteresis
        excess = {"knee-not-bent": r.knee_min_deg - knee, "knee-forward": -thigh - r.knee_forward_deg,
                  "trunk-lean": lean - r.lean_max_deg}
        if math.isfinite(tilt):
            excess["lumbar-arch"] = tilt - r.arch_max_deg
        for fault, over in excess.items():
            if over > 0:
                self.faults.add(fault)
            elif over < -r.hysteresis_deg:
                self.faults.discard(fault)
        self.faults &= set(excess)  # a fault that can no longer be measured is not held against you
        return set(self.faults)


class HoldTimer:
    """Seconds of right form: time between two consecutive right frames counts, unless they are
    more than max_gap_s apart (frames lost, the person out of view)."""

    def __init__(self, max_gap_s: float = 0.5) -> None:
        self.max_gap_s = max_gap_s
        self.held_s = 0.0
        self.longest_s = 0.0
        self.breaks = 0
        self._run_s = 0.0
        self._last: tuple[float, bool] | None = None

    def update(self, t_s: float, right: bool) -> None:
        if self._last is not None:
            last_t, last_right = self._last
            if right and last_right and 0 < t_s - last_t <= self.max_gap_s:
                self.held_s += t_s - last_t
                self._run_s += t_s - last_t
                self.longest_s = max(self.longest_s, self._run_s)
            if last_right and not right:
                self.breaks += 1
        if not right:
            self._run_s = 0.0
        self._last = (t_s, right)


class NeutralStance:
    """The baseline: the medians of a still window (trunk and thigh within still_deg for window_s)
    with the leg straight, so that a person already holding the stretch is not taken as neutral."""

    def __init__(self, side: str, window_s: float = 1.0, still_deg: float = 2.0,
                 straight_knee_deg: float = 30.0) -> None:
        self.side, self.straight_knee_deg = side, straight_knee_deg
        self._still = StillWindow(window_s, still_deg, ("trunk", "thigh"))
        self.value: dict[str, float] | None = None

    def update(self, t_s: float, angles: dict[str, float]) -> dict[str, float] | None:
        values = {"trunk": angles.get("trunk_lean_deg", math.nan),
                  "thigh": angles.get(f"{self.side}_thigh_vs_vertical_deg", math.nan),
                  "tilt": angles.get("pelvic_tilt_deg", math.nan)}
        knee = angles.get(f"{self.side}_knee_flexion_deg", math.nan)
        if not (math.isfinite(values["trunk"]) and math.isfinite(values["thigh"])) \
                or not knee < self.straight_knee_deg:
            self._still.clear()
            return self.value
        self.value = self._still.update(t_s, values) or self.value
        return self.value


def stretch_hold(t_s: np.ndarray, angles: dict[str, np.ndarray], side: str,
                 rules: StretchRules = StretchRules(), baseline_s: float = 0.8) -> dict:
    """Offline: the hold of a whole recording that starts with the neutral stance (the first
    baseline_s seconds). Used to score rendered clips from their truth angles and from romcam's."""
    first = t_s <= t_s[0] + baseline_s
    base = {key: nanmedian(angles[name][first]) for key, name in
            (("trunk", "trunk_lean_deg"), ("thigh", f"{side}_thigh_vs_vertical_deg"), ("tilt", "pelvic_tilt_deg"))}
    form, timer = StretchForm(side, base, rules), HoldTimer()
    right = np.zeros(len(t_s), dtype=bool)
    for i, t in enumerate(t_s):
        faults = form.update({k: float(v[i]) for k, v in angles.items()})
        right[i] = faults == set()
        timer.update(float(t), bool(right[i]))
    return {"held_s": timer.held_s, "breaks": timer.breaks, "longest_s": timer.longest_s, "right": right}


# ---- live sessions ------------------------------------------------------------------------------

@dataclass
class _SideHold:
    side: str
    target_s: float
    timer: HoldTimer = field(default_factory=HoldTimer)
    fault_s: dict[str, float] = field(default_factory=dict)  # seconds each fault was shown

    def to_json(self) -> dict:
        return {"side": self.side, "held_s": round(self.timer.held_s, 2), "target_s": self.target_s,
                "longest_s": round(self.timer.longest_s, 2), "breaks": self.timer.breaks,
                "completed": self.timer.held_s >= self.target_s,
                "fault_s": {k: round(v, 2) for k, v in sorted(self.fault_s.items())}}


class StretchSession:
    """Setup check, neutral stance, then the stretch of the near leg timed while the form is
    right; turn round for the other leg."""

    exercise = "quad-stretch"

    def __init__(self, hold_s: float = 30.0, both_sides: bool = True, rules: StretchRules = StretchRules()) -> None:
        if hold_s <= 0:
            raise ValueError(f"hold_s must be > 0, got {hold_s}")
        self.hold_s, self.both_sides, self.rules = hold_s, both_sides, rules
        self.gate = SetupGate(STANDING)
        self.phase = "setup"
        self.holds: list[_SideHold] = []
        self._neutral: NeutralStance | None = None
        self._form: StretchForm | None = None
        self._last_t: float | None = None
        self.turn: TurnRound | None = None

    def header(self) -> dict:
        return {"exercise": self.exercise}

    def update(self, t_s: float, state: LiveState, image: np.ndarray) -> Guidance:
        dt = 0.0 if self._last_t is None else t_s - self._last_t
        self._last_t = t_s
        if self.phase == "done":
            return self._done()
        if self.phase == "turn":
            return self._turn(t_s, state)
        problems = self.gate.update(t_s, state, image)
        hold = self.holds[-1] if self.holds and self.phase == "hold" else None
        if problems:
            if hold is not None:
                hold.timer.update(t_s, False)
                return Guidance("hold", problems[:1] + [self._clock(hold)])
            return Guidance(self.phase, problems)
        if self.phase == "setup":
            self._neutral = NeutralStance(state.near_side)
            self.phase = "baseline"
        if self.phase == "baseline":
            base = self._neutral.update(t_s, state.angles)
            if base is None:
                return Guidance("baseline", ["Stand tall and still, arms folded on your chest",
                                             "measuring your neutral stance..."])
            self._form = StretchForm(self._neutral.side, base, self.rules)
            self.holds.append(_SideHold(self._neutral.side, self.hold_s))
            self.phase = "hold"
            hold = self.holds[-1]
        faults = self._form.update(state.angles)
        right = faults == set()
        hold.timer.update(t_s, right)
        for fault in faults or ():
            hold.fault_s[fault] = hold.fault_s.get(fault, 0.0) + dt
        if hold.timer.held_s >= self.hold_s:
            if self.both_sides and len(self.holds) == 1:
                self.phase, self.turn = "turn", TurnRound(OTHER[hold.side])
                return Guidance("turn", ["Well done. Release, then turn round to face the other way"])
            self.phase = "done"
            return self._done()
        side = hold.side
        if faults is None:
            lines = [f"Stay side-on: romcam cannot see your {side} leg"]
        elif faults:
            lines = [FAULT_CUES[f] for f in FAULT_CUES if f in faults][:2]
        else:
            lines = ["Good form - hold it and breathe"]
        if hold.timer.held_s == 0 and faults:
            lines.insert(0, f"Hold your {side} ankle behind you, knees together, stand tall")
        return Guidance("hold", lines + [self._clock(hold)], alert=bool(faults) and hold.timer.held_s > 0)

    def _clock(self, hold: _SideHold) -> str:
        return f"{hold.side} leg: {hold.timer.held_s:.0f} / {hold.target_s:.0f} s held with good form"

    def _turn(self, t_s: float, state: LiveState) -> Guidance:
        if self.turn.update(t_s, state):
            self.phase, self.gate = "setup", SetupGate(STANDING)
        return self.turn.guidance()

    def _done(self) -> Guidance:
        lines = ["Stretch complete - press q to close"]
        lines += [f"{h.side} leg: {h.timer.held_s:.0f} s with good form" for h in self.holds]
        return Guidance("done", lines, done=True)

    def result(self) -> dict:
        warnings = [] if self.holds else ["the stretch was not started: no neutral stance was taken"]
        return {"holds": [h.to_json() for h in self.holds], "rules": self.rules.__dict__,
                "meanings": {f: FAULT_CUES[f] for h in self.holds for f in h.fault_s}, "warnings": warnings}


REP_FAULTS = ("trunk-lean", "lumbar-arch", "knee-bent")


def rep_faults(trial: Trial) -> list[str]:
    return [f for f in trial.flags if f in REP_FAULTS]


class HipExtensionRepsSession(HipExtensionSession):
    """The hip extension test's session (setup, neutral stance, trials of the near leg, turn,
    other leg) where a trial is a rep, and a side is done after `reps` reps with good form."""

    exercise = "hip-extension-reps"

    def __init__(self, reps: int = 10, both_sides: bool = True,
                 cfg: HipExtensionConfig = HipExtensionConfig(), pelvis: str = "auto") -> None:
        if reps < 1:
            raise ValueError(f"reps must be >= 1, got {reps}")
        super().__init__(reps, cfg, both_sides, pelvis)

    def header(self) -> dict:
        return {"exercise": self.exercise}

    def counted(self, side: str) -> int:
        return sum(t.side == side and not rep_faults(t) for t in self.trials)

    def _side_complete(self, done_here: list) -> bool:
        return self.counted(self.side) >= self.per_side

    def _progress(self, state: LiveState, done_here: list, new: list) -> Guidance:
        lines = [f"Lift your {self.side} leg straight back and lower it, torso upright",
                 f"{self.side} leg: {self.counted(self.side)} / {self.per_side} reps"]
        if not done_here:
            return Guidance("reps", lines, new_trials=new)
        faults = rep_faults(done_here[-1])
        if not faults:
            return Guidance("reps", lines + ["last rep counted"], new_trials=new)
        # the reason first, in the alert colour
        reason = "last rep not counted: " + "; ".join(FLAG_MEANINGS[f] for f in faults)
        return Guidance("reps", [reason] + lines, new_trials=new, alert=True)

    def _done(self, new=None) -> Guidance:
        sides = sorted({t.side for t in self.trials})
        lines = ["Exercise complete - press q to close"]
        lines += [f"{s} leg: {self.counted(s)} reps counted" for s in sides]
        return Guidance("done", lines, done=True, new_trials=new or [])

    def result(self) -> dict:
        reps = [{"side": t.side, "peak_s": round(t.peak_s, 2),
                 "peak_thigh_vs_vertical_deg": round(t.peak_thigh_vs_vertical_deg, 1),
                 "counted": not rep_faults(t), "faults": rep_faults(t)} for t in self.trials]
        sides = sorted({r["side"] for r in reps})
        summary = {s: {"counted": self.counted(s), "attempted": sum(r["side"] == s for r in reps),
                       "target": self.per_side} for s in sides}
        faults = sorted({f for r in reps for f in r["faults"]})
        warnings = [] if reps else ["no rep was seen: stand still for a moment, then lift the leg "
                                    "nearer the camera straight back and lower it"]
        return {"reps": reps, "summary": summary, "meanings": {f: FLAG_MEANINGS[f] for f in faults},
                "warnings": warnings}
