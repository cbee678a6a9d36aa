"""Clamshell: lying on one side, hips and knees bent, feet together; the top knee opens like a
clamshell and closes again, the pelvis staying stacked; 3 x 15 a side.

Glute medius work for the hips that the hip flexors' tightness pulls forward. Needs the camera IN
FRONT of the person (facing their chest and knees, the body across the picture): from the head or
the feet the knees hide each other. The setup check and the analysis refuse a body that does not
lie on its side across the picture (the hips not stacked). From behind they cannot refuse it:
MediaPipe gave the face full visibility on a back view (tuning clip cl_slim_wrong_view) and
counted a rep too many there, so the result says "front view not checked".

A rep is one opening of the knees (the angle at the feet between the two ankle -> knee lines)
from the still closed start and back; its side is the top leg.

The fault that matters, the pelvis rolling back to open the knee further, is not judged: on the
tuning clips MediaPipe's hips did not move with a 25 deg roll (their stack stayed within 2%),
and its depth estimate turned the shoulders 22 deg with the roll but 11 without it, as the knee
opened. The result says "hip roll not checked" rather than pass or fail a rep on that.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from romcam.activities.blocks import Peak
from romcam.activities.registry import Activity, Readout, register
from romcam.activities.reps import MovementReps, RepRules, RepsResult, RepsSession, count_reps, rounded
from romcam.settings import setting


@dataclass(frozen=True)
class ClamshellRules(RepRules):
    rep_start_deg: float = setting(10.0, "deg", "the knees opened this far: a rep has begun", 1, 90)
    rep_end_deg: float = setting(5.0, "deg", "back within this of closed: the rep has ended", 0.5, 45)
    rep_min_deg: float = setting(15.0, "deg", "a rep opens the knees at least this far", 1, 120)
    rep_min_s: float = setting(0.4, "s", "a rep lasts at least this long", 0, 10)
    stack_min: float = setting(0.2, "share", "setup: the hips stacked at least this far apart across the body "
                               "(in trunk lengths; lying on the side)", 0, 2)
    reps_per_set: int = setting(15, "count", "reps per set", 1, 100)
    sets: int = setting(3, "count", "sets", 1, 10)


FAULT_MEANINGS: dict[str, str] = {}  # none judged (see above)
NOT_CHECKED = ["hip roll", "front view"]


def top_side(angles: dict[str, float]) -> str | None:
    higher = angles.get("left_hip_higher_ratio", math.nan)
    return None if not math.isfinite(higher) else "left" if higher > 0 else "right"


def _values(angles: dict[str, float]) -> dict[str, float]:
    return {"opening": angles.get("knee_opening_deg", math.nan),
            "higher": angles.get("left_hip_higher_ratio", math.nan)}


@dataclass
class Rep:
    side: str  # the top leg
    start_s: float
    top_s: float
    end_s: float
    opening_deg: float
    faults: list[str]

    def to_json(self) -> dict:
        return {"start_s": rounded(self.start_s, 3), "peak_s": rounded(self.top_s, 3), "end_s": rounded(self.end_s, 3),
                "knee_opening_deg": rounded(self.opening_deg, 3), "counted": not self.faults, "faults": self.faults}


class ClamshellReps(MovementReps):
    signal = "opening"
    # resettle: drawing the knees up from straight legs opens the picture's angle at the feet
    # by about 15 deg (tuning clips): that rest, not the straight legs, is the start.
    resettle = True

    def values(self, angles: dict[str, float]) -> dict[str, float]:
        return _values(angles)

    def judge(self, peak: Peak) -> Rep:
        base = self._peaks.baseline
        side = "left" if base["higher"] > 0 else "right"
        return Rep(side, peak.start_s, peak.peak_s, peak.end_s, base["opening"] + peak.rise, [])


NO_START = ("no start position was seen: lie on your side facing the camera, knees bent, feet together, "
            "and keep still for a second before the first opening")


def analyse(t_s: np.ndarray, angles: dict[str, np.ndarray], rules: ClamshellRules, near: str) -> RepsResult:
    typical = {k: float(np.nanmedian(angles[k])) if np.isfinite(angles[k]).any() else math.nan
               for k in ("hip_stack_ratio",) if k in angles}
    problems = view_problems(typical, rules)
    if problems:  # the opening cannot be read from this view: no reps rather than wrong ones
        return RepsResult("both", [], rules, FAULT_MEANINGS, warnings=[f"wrong camera view for the clamshell: "
                                                                       f"{problems[0][0].lower()}{problems[0][1:]}"])
    counter = ClamshellReps(rules)
    reps = count_reps(t_s, angles, counter)
    warnings = [] if counter.started else [NO_START]
    if counter.started and not reps:
        warnings.append("no opening was seen: lift the top knee, feet together, hips stacked")
    sides = {r.side for r in reps}
    return RepsResult(sides.pop() if len(sides) == 1 else "both", reps, rules, FAULT_MEANINGS, warnings=warnings,
                      not_checked=list(NOT_CHECKED))


NOT_STACKED = "Lie on your side across the picture, hips stacked, your front toward the camera"


def view_problems(angles: dict[str, float], rules: ClamshellRules) -> list[str]:
    """The clamshell's view: lying on the side across the picture (front or back: see above)."""
    stack = angles.get("hip_stack_ratio", math.nan)
    return [NOT_STACKED] if math.isfinite(stack) and stack < rules.stack_min else []


class ClamshellSession(RepsSession):
    turns_round = True
    turn_message = "Well done. Now lie on your other side, still facing the camera"
    start_lines = ("Lie on your side FACING the camera: knees bent, feet together", "Keep still a moment...")
    work_line = "Open the top knee, feet together, hips stacked (not checked); close slowly"
    done_line = "Clamshells complete - press q to close"

    def shown_side(self, state) -> str | None:
        return top_side(state.angles) if state.pose is not None else None

    def view_problems(self, state) -> list[str]:
        return view_problems(state.angles, self.config) if state.pose is not None else []

    def result(self) -> RepsResult:
        started = self._counter is not None and (self._counter.started or bool(self.reps))
        return RepsResult(self.side or "left", list(self.reps), self.config, FAULT_MEANINGS,
                          warnings=[] if started else [NO_START], not_checked=list(NOT_CHECKED))


ACTIVITY = register(Activity(
    name="clamshell",
    kind="exercise",
    summary="clamshell: lying on your side facing the camera, open the top knee, feet together (glutes)",
    posture="lying",
    view="front",
    config_type=ClamshellRules,
    session=lambda rules, options: ClamshellSession(ACTIVITY, rules, options, lambda side: ClamshellReps(rules)),
    analyse=analyse,
    meanings={"hip roll not checked": "the pelvis rolling back as the knee opens cannot be seen reliably from "
                                      "in front: keep the hips stacked yourself",
              "front view not checked": "romcam cannot tell a view from in front from one from behind: put the "
                                        "camera in front of you, facing your chest and knees"},
    readouts=(Readout("knee opening", "knee_opening_deg"),),
))
