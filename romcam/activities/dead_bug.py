"""Dead bug: lying on the back in tabletop (hips and knees at 90 deg, arms to the ceiling), one leg
straightens out toward the floor while the opposite arm reaches overhead, and back; the sides
alternate; the low back stays flat on the floor.

Core work against the hip flexors' pull: the pelvis must not tip forward as the leg goes out.
Seen from the side. A rep is one thigh's or arm's lowering from the still tabletop start
(getting into tabletop is not a rep) and back; its side is the leg that went out. Faults, named once a rep:
- leg-not-extended: the thigh stayed well above the floor or the knee stayed bent;
- back-arch: the pelvis tipped forward (the low back lifting off the floor), where the pelvis is
  seen (the pelvis tape); without it the result says "low back not checked".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from romcam.activities.blocks import OTHER, Peak
from romcam.activities.registry import Activity, Readout, register
from romcam.activities.reps import SIDES, MovementReps, RepRules, RepsResult, RepsSession, count_reps, rounded
from romcam.settings import setting


@dataclass(frozen=True)
class DeadBugRules(RepRules):
    extended_max_deg: float = setting(40.0, "deg", "at the top the thigh must come this low above the floor, "
                                      "else leg-not-extended", 0, 90)
    knee_max_deg: float = setting(30.0, "deg", "... and the knee bend less than this", 0, 180)
    arch_max_deg: float = setting(5.0, "deg", "anterior pelvic tilt change at the top above this: back-arch",
                                  0, 45)
    tabletop_min_deg: float = setting(60.0, "deg", "tabletop: both thighs at least this far above the floor", 0, 90)


FAULT_MEANINGS = {
    "leg-not-extended": "Straighten the leg out long, heel just above the floor",
    "back-arch": "Keep your low back pressed to the floor: only go as low as you can keep it flat",
}
LOW_BACK = "low back"


def _lowest(values: list[float]) -> float:
    known = [v for v in values if math.isfinite(v)]
    return min(known) if len(known) == 2 else math.nan


def _values(angles: dict[str, float]) -> dict[str, float]:
    thighs = [angles.get(f"{s}_thigh_vs_horizontal_deg", math.nan) for s in SIDES]
    arms = [angles.get(f"{s}_arm_vs_horizontal_deg", math.nan) for s in SIDES]
    # A rep is one thigh or one arm coming down from pointing up (tabletop): the far leg can stay
    # hidden behind the near one when it goes out only part way (tuning clip db_man_short:
    # MediaPipe kept it at tabletop), but the near arm then reaches overhead in plain view.
    thigh_low, arm_low = _lowest(thighs), _lowest(arms)
    lowered = max((-v for v in (thigh_low, arm_low) if math.isfinite(v)), default=math.nan)
    # The knee of whichever label holds the lower thigh now (the labels swap as the far leg moves).
    lower = SIDES[0] if thighs[0] <= thighs[1] else SIDES[1]
    return {"lowered": lowered, "thigh_drop": -thigh_low,
            "straightest": -angles.get(f"{lower}_knee_flexion_deg", math.nan),
            "tilt": angles.get("pelvic_tilt_deg", math.nan)}


@dataclass
class Rep:
    side: str  # the leg that went out
    start_s: float
    top_s: float
    end_s: float
    thigh_deg: float  # the lowest the lowered thigh came above the floor
    knee_deg: float  # the straightest its knee was
    tilt_change_deg: float
    faults: list[str]

    def to_json(self) -> dict:
        return {"start_s": rounded(self.start_s), "peak_s": rounded(self.top_s), "end_s": rounded(self.end_s),
                "thigh_vs_horizontal_deg": rounded(self.thigh_deg), "knee_flexion_deg": rounded(self.knee_deg),
                "pelvic_tilt_change_deg": rounded(self.tilt_change_deg), "counted": not self.faults,
                "faults": self.faults}


class DeadBugReps(MovementReps):
    """update(t_s, angles) -> a Rep when one ends. Sides alternate from first_side (the leg
    nearer the camera, as the person is asked to start): seen from the side MediaPipe hands the
    near leg's label to the far leg once it is out straight, from the first frames of the
    movement (the tuning clips), so the labels cannot tell the sides apart."""

    signal = "lowered"

    def __init__(self, rules: DeadBugRules, first_side: str) -> None:
        super().__init__(rules)
        self.first_side = first_side
        self.count = 0
        self.tilt_seen = False

    @property
    def started(self) -> bool:
        # a movement from lying flat or feet down is getting into place, not a rep
        return super().started and -self._peaks.baseline["thigh_drop"] >= self.rules.tabletop_min_deg

    def values(self, angles: dict[str, float]) -> dict[str, float]:
        values = _values(angles)
        self.tilt_seen |= math.isfinite(values["tilt"])
        return values

    def judge(self, peak: Peak) -> Rep:
        r = self.rules
        side = self.first_side if self.count % 2 == 0 else OTHER[self.first_side]
        self.count += 1
        thigh = -peak.highest["thigh_drop"]  # the lowest the lowered thigh came ...
        knee = -peak.highest["straightest"]  # ... and the straightest its knee was
        tilt = peak.at_peak["tilt"]
        faults = []
        if not thigh <= r.extended_max_deg or knee > r.knee_max_deg:
            faults.append("leg-not-extended")
        if math.isfinite(tilt) and tilt > r.arch_max_deg:
            faults.append("back-arch")
        return Rep(side, peak.start_s, peak.peak_s, peak.end_s, thigh, knee, tilt, faults)


NO_START = ("no tabletop start was seen: lie on your back, hips and knees bent to 90 deg, arms to the "
            "ceiling, and keep still for a second before the first reach")


def _result(reps: list, rules: DeadBugRules, started: bool, tilt_seen: bool) -> RepsResult:
    warnings = [] if started else [NO_START]
    if started and not reps:
        warnings.append("no reach was seen: straighten one leg out while the other arm goes overhead")
    return RepsResult("both", reps, rules, FAULT_MEANINGS, warnings=warnings,
                      not_checked=[] if tilt_seen else [LOW_BACK], sides_from=SIDES_FROM)


SIDES_FROM = "alternation from the leg nearer the camera (a side view cannot tell the far leg's reps apart)"


def analyse(t_s: np.ndarray, angles: dict[str, np.ndarray], rules: DeadBugRules, near: str) -> RepsResult:
    counter = DeadBugReps(rules, near)
    reps = count_reps(t_s, angles, counter)
    return _result(reps, rules, counter.started or bool(reps), counter.tilt_seen)


class DeadBugSession(RepsSession):
    alternating = True
    start_lines = ("On your back: hips and knees at 90 deg, arms to the ceiling", "Keep still a moment...")
    work_line = "Leg nearer the camera first: straighten it, the other arm overhead, back flat; then switch"
    done_line = "Dead bug complete - press q to close"

    def work(self, t_s: float, state):
        guidance = super().work(t_s, state)
        if self._counter is not None and not self._counter.tilt_seen and guidance.phase == "reps":
            guidance.lines.append("Low back not checked (no pelvis tape seen)")
        return guidance

    def result(self) -> RepsResult:
        counter = self._counter
        started = counter is not None and (counter.started or bool(self.reps))
        return _result(list(self.reps), self.config, started, counter is not None and counter.tilt_seen)


ACTIVITY = register(Activity(
    name="dead-bug",
    kind="exercise",
    summary="dead bug: on your back in tabletop, straighten one leg and reach the other arm, back flat",
    posture="lying",
    config_type=DeadBugRules,
    session=lambda rules, options: DeadBugSession(ACTIVITY, rules, options, lambda side: DeadBugReps(rules, side)),
    analyse=analyse,
    meanings={**FAULT_MEANINGS, f"{LOW_BACK} not checked": "no pelvis tape was seen, so the back arching "
              "could not be measured"},
    readouts=(Readout("{side} thigh vs floor", "{side}_thigh_vs_horizontal_deg"),
              Readout("{other} thigh vs floor", "{other}_thigh_vs_horizontal_deg"),
              Readout("{side} knee", "{side}_knee_flexion_deg")),
    pelvis_default="tape",
))
