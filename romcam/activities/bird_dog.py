"""Bird-dog: on all fours, one leg reaches straight back and the opposite arm forward, both to
horizontal, trunk level, a short hold, back down; the sides alternate.

Core and glute work that trains the low back to stay still while the hip extends. Seen from the
side. A rep is one leg's rise from the still all-fours start (the higher of the two legs'
hip -> ankle lines; getting onto all fours is not a rep) and back down; its side is the leg that
rose. Each rep's faults are named once, when it ends:
- not-level: the leg (or the reaching arm, where seen) stopped well short of horizontal;
- back-arch: the leg went well above horizontal, or the pelvis tipped forward where it is seen:
  the low back arching instead of the hip extending;
- no-hold: less than hold_s at the top.
A hip hike (the pelvis tilting sideways as the leg lifts) cannot be seen from the side: the
result says "hip hike not checked".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from romcam.activities.blocks import Peak
from romcam.activities.registry import Activity, Readout, register
from romcam.activities.reps import SIDES, MovementReps, RepRules, RepsResult, RepsSession, count_reps, rounded
from romcam.settings import setting


@dataclass(frozen=True)
class BirdDogRules(RepRules):
    level_tolerance_deg: float = setting(15.0, "deg", "the leg and the arm must come within this of horizontal, "
                                         "else not-level", 0, 60)
    too_high_deg: float = setting(12.0, "deg", "the leg this far above horizontal: back-arch", 0, 60)
    arch_max_deg: float = setting(6.0, "deg", "anterior pelvic tilt change at the top above this: back-arch "
                                  "(where the pelvis is seen)", 0, 45)
    hold_s: float = setting(2.0, "s", "seconds asked for at the top", 0, 30)
    hold_slack_s: float = setting(0.5, "s", "a hold this much shorter still counts as held", 0, 5)
    top_band_deg: float = setting(6.0, "deg", "at the top: within this of the rep's highest point", 1, 20)
    # The measure is the higher thigh (hanging at -90 on all fours).
    rep_min_deg: float = setting(25.0, "deg", "a rep lifts a thigh at least this far (less is shifting weight)",
                                 1, 120)


FAULT_MEANINGS = {
    "not-level": "Reach further: arm and leg out level with your back",
    "back-arch": "Lift the leg only to hip height: higher, the low back arches",
    "no-hold": "Hold the reach for a count of two",
}
NOT_CHECKED = ["hip hike"]  # seen from the side the pelvis' sideways tilt is out of view


def _highest(angles: dict[str, float], name: str) -> float:
    known = [v for v in (angles.get(name.format(side=s), math.nan) for s in SIDES) if math.isfinite(v)]
    return max(known) if known else math.nan


def _values(angles: dict[str, float]) -> dict[str, float]:
    # A rep is followed on the thighs: on all fours they hang straight down (-90), so even a low
    # reach (the leg 30 deg below horizontal) lifts one by 50 deg or more, where the hip-ankle
    # line, already slanting back along the shin, rose only 11 (tuning clip bd_old_right_low).
    return {"lift": _highest(angles, "{side}_thigh_vs_horizontal_deg"),
            "left": angles.get("left_thigh_vs_horizontal_deg", math.nan),
            "right": angles.get("right_thigh_vs_horizontal_deg", math.nan),
            "leg": _highest(angles, "{side}_leg_vs_horizontal_deg"),
            "arm": _highest(angles, "{side}_arm_vs_horizontal_deg"),
            "tilt": angles.get("pelvic_tilt_deg", math.nan)}


@dataclass
class Rep:
    side: str  # the leg that rose
    start_s: float
    top_s: float
    end_s: float
    leg_deg: float  # the leg against horizontal at the top (+ above)
    arm_deg: float  # the higher arm against horizontal at the top
    held_s: float
    tilt_change_deg: float
    faults: list[str]

    def to_json(self) -> dict:
        return {"start_s": rounded(self.start_s), "peak_s": rounded(self.top_s), "end_s": rounded(self.end_s),
                "leg_vs_horizontal_deg": rounded(self.leg_deg), "arm_vs_horizontal_deg": rounded(self.arm_deg),
                "held_s": rounded(self.held_s), "pelvic_tilt_change_deg": rounded(self.tilt_change_deg),
                "counted": not self.faults, "faults": self.faults}


class BirdDogReps(MovementReps):
    """update(t_s, angles) -> a Rep when one ends."""

    signal = "lift"

    def values(self, angles: dict[str, float]) -> dict[str, float]:
        return _values(angles)

    def judge(self, peak: Peak) -> Rep:
        r = self.rules
        # The side as the movement begins, while MediaPipe's labels of the far leg still hold.
        side = _rising(peak.at_start) or _rising(peak.at_peak) or "left"
        leg = peak.highest["leg"]
        arm = peak.highest["arm"]
        top_start, top_end = peak.top(r.top_band_deg)
        held = top_end - top_start
        tilt = peak.at_peak["tilt"]
        faults = []
        if leg < -r.level_tolerance_deg or (math.isfinite(arm) and arm < -r.level_tolerance_deg):
            faults.append("not-level")
        if leg > r.too_high_deg or (math.isfinite(tilt) and tilt > r.arch_max_deg):
            faults.append("back-arch")
        if held < r.hold_s - r.hold_slack_s:
            faults.append("no-hold")
        return Rep(side, peak.start_s, peak.peak_s, peak.end_s, leg, arm, held, tilt, faults)


def _rising(change: dict[str, float]) -> str | None:
    """The side whose leg rose further (change: values minus the all-fours baseline)."""
    rises = {s: change[s] for s in SIDES if math.isfinite(change.get(s, math.nan))}
    return max(rises, key=rises.get) if rises else None


NO_START = ("no start position was seen: get onto all fours, side-on to the camera, and keep still "
            "for a second before the first reach")


def analyse(t_s: np.ndarray, angles: dict[str, np.ndarray], rules: BirdDogRules, near: str) -> RepsResult:
    counter = BirdDogReps(rules)
    reps = count_reps(t_s, angles, counter)
    warnings = [] if counter.started else [NO_START]
    if counter.started and not reps:
        warnings.append("no reach was seen: stretch one leg back and the other arm forward, level with your back")
    return RepsResult("both", reps, rules, FAULT_MEANINGS, warnings=warnings,
                      not_checked=list(NOT_CHECKED))


class BirdDogSession(RepsSession):
    alternating = True
    start_lines = ("On all fours: hands under shoulders, knees under hips, back flat", "Keep still a moment...")
    work_line = "Reach one leg back and the other arm forward, level; hold 2 s; switch sides"
    done_line = "Bird-dog complete - press q to close"

    def result(self) -> RepsResult:
        started = self._counter is not None and (self._counter.started or bool(self.reps))
        return RepsResult("both", list(self.reps), self.config, FAULT_MEANINGS,
                          warnings=[] if started else [NO_START], not_checked=list(NOT_CHECKED))


ACTIVITY = register(Activity(
    name="bird-dog",
    kind="exercise",
    summary="bird-dog: on all fours, reach one leg back and the other arm forward, level, hold; alternate",
    posture="lying",
    config_type=BirdDogRules,
    session=lambda rules, options: BirdDogSession(ACTIVITY, rules, options, lambda side: BirdDogReps(rules)),
    analyse=analyse,
    meanings={**FAULT_MEANINGS, "hip hike not checked": "the pelvis' sideways tilt cannot be seen from the side"},
    readouts=(Readout("{side} leg vs floor", "{side}_leg_vs_horizontal_deg"),
              Readout("{other} leg vs floor", "{other}_leg_vs_horizontal_deg"),
              Readout("{other} arm vs floor", "{other}_arm_vs_horizontal_deg"),
              Readout("trunk", "trunk_lean_deg")),
))
