"""Pigeon pose: from all fours one knee comes forward toward the same-side wrist, its shin across
under the body, the other leg straight back along the floor, the hips lowered; 1-2 min a side.

Stretches the back leg's hip flexors (and the front leg's glutes). Seen from the side with the
straight back leg nearer the camera. A second counts while the back leg lies back along the floor
(in the pose, not getting into it), the hips are low and the back knee straight, with hysteresis
so that a value on a limit does not flicker the clock. The hip height (the mid-hip above the
lowest of the knees, feet and hands, in thigh lengths) and the back knee's bend are the measures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np

from romcam.activities.blocks import FaultLimits, Guidance
from romcam.activities.quad_stretch import SideHold  # one hold, timed as the stretch's
from romcam.activities.registry import Activity, LogItem, Readout, SessionOptions, SideMeasure, register
from romcam.activities.session import SidedSession
from romcam.settings import check_ranges, setting

SIDES = ("left", "right")


@dataclass(frozen=True)
class PigeonRules:
    # Hips sunk onto the front shin read 0.34-0.49 thigh lengths up on the tuning clips (truth
    # 0.44-0.53), hips 0.15 m higher 0.96 (truth 0.77), on all fours about 1.1.
    hips_max_ratio: float = setting(0.6, "thigh lengths", "the hips higher than this above the floor: hips-high",
                                    0, 3)
    knee_max_deg: float = setting(25.0, "deg", "the back knee bent more than this: knee-bent", 0, 180)
    hysteresis_deg: float = setting(2.0, "deg", "a knee fault clears only this far back inside its limit", 0, 10)
    hysteresis_ratio: float = setting(0.05, "thigh lengths", "a hips fault clears only this far back inside", 0, 1)
    back_leg_max_deg: float = setting(30.0, "deg", "in the pose: the back leg's hip-ankle line within this of "
                                      "the floor (more is all fours or getting into the pose)", 0, 90)
    hold_s: float = setting(60.0, "s", "seconds with good form per side (the protocol: 1-2 min)", 1, 600)
    max_gap_s: float = setting(0.5, "s", "frames further apart than this add no time", 0.05, 5)

    def __post_init__(self) -> None:
        check_ranges(self)


FAULT_CUES = {
    "hips-high": "Let your hips sink toward the floor",
    "knee-bent": "Straighten the back leg along the floor",
}


def back_leg(angles: dict[str, float]) -> str | None:
    """The straight back leg: the one whose ankle reaches further from its hip. MediaPipe's near
    side is no guide here (on the tuning clips it took the folded front leg for the near one)."""
    reach = {s: angles.get(f"{s}_leg_reach_ratio", math.nan) for s in SIDES}
    if not all(math.isfinite(v) for v in reach.values()):
        return None
    return max(reach, key=reach.get)


class PigeonForm:
    """Per frame: the faults of the back leg's pigeon, or None when not in the pose."""

    def __init__(self, rules: PigeonRules) -> None:
        self.rules = rules
        self._knee = FaultLimits(rules.hysteresis_deg)
        self._hips = FaultLimits(rules.hysteresis_ratio)
        self.back: str | None = None  # the back leg of the last frame in the pose

    def update(self, angles: dict[str, float]) -> set[str] | None:
        r = self.rules
        back = back_leg(angles)
        if back is None:
            return None
        leg = angles.get(f"{back}_leg_vs_horizontal_deg", math.nan)
        hips = angles.get("hip_height_ratio", math.nan)
        knee = angles.get(f"{back}_knee_flexion_deg", math.nan)
        if not (math.isfinite(leg) and math.isfinite(hips)) or abs(leg) > r.back_leg_max_deg:
            return None
        self.back = back
        faults = self._hips.update({"hips-high": hips - r.hips_max_ratio})
        if math.isfinite(knee):
            faults |= self._knee.update({"knee-bent": knee - r.knee_max_deg})
        return faults


@dataclass
class PigeonResult:
    holds: list[SideHold]
    rules: PigeonRules
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"holds": [h.to_json() for h in self.holds],
                "rules": {"hips_max_ratio": self.rules.hips_max_ratio, "knee_max_deg": self.rules.knee_max_deg},
                "meanings": {f: FAULT_CUES[f] for h in self.holds for f in h.fault_s}}

    def only(self, side: str) -> PigeonResult:
        return replace(self, holds=[h for h in self.holds if h.side == side])

    def side_measures(self) -> list[SideMeasure]:
        return []

    def log_items(self) -> list[LogItem]:
        return [LogItem(h.side, "s", h.timer.held_s, h.timer.held_s, h.target_s, tuple(sorted(h.fault_s)))
                for h in self.holds]


class BackLegReadout:
    """The panel's back-leg lines: whichever leg is out straight, not the near side."""

    def update(self, t_s: float, angles: dict[str, float], near_side: str) -> dict[str, float]:
        back = back_leg(angles) or near_side
        return {"back_knee_flexion_deg": angles.get(f"{back}_knee_flexion_deg", math.nan),
                "back_leg_vs_horizontal_deg": angles.get(f"{back}_leg_vs_horizontal_deg", math.nan)}


NO_POSE = ("no pigeon pose was seen: from all fours bring one knee forward, slide the other leg straight "
           "back along the floor, side-on with the straight leg toward the camera")


def analyse(t_s: np.ndarray, angles: dict[str, np.ndarray], rules: PigeonRules, near: str) -> PigeonResult:
    """A saved recording: a hold per back leg seen (switching legs is a new side)."""
    form, holds = PigeonForm(rules), {}
    last_t = None
    for i, t in enumerate(t_s):
        faults = form.update({k: float(v[i]) for k, v in angles.items()})
        if form.back is not None:
            hold = holds.setdefault(form.back, SideHold(form.back, rules.hold_s, rules.max_gap_s))
            hold.update(float(t), faults, 0.0 if last_t is None else float(t) - last_t)
        last_t = float(t)
    return PigeonResult(list(holds.values()), rules, [] if holds else [NO_POSE])


class PigeonSession(SidedSession):
    """Setup, then the back leg's hold; turn round with the legs switched for the other side."""

    turn_message = "Well done. Come back to all fours, switch legs and turn round: the new back leg toward the camera"

    def __init__(self, activity: Activity, rules: PigeonRules, options: SessionOptions) -> None:
        super().__init__(activity, rules, options)
        self.holds: list[SideHold] = []
        self._form: PigeonForm | None = None
        self._last_t: float | None = None
        self._seen: set[str] = set()

    def shown_side(self, state) -> str | None:
        return back_leg(state.angles) if state.pose is not None else None

    def begin_side(self, side: str) -> None:
        self._form = PigeonForm(self.config)
        self.holds.append(SideHold(side, self.config.hold_s, self.config.max_gap_s))
        self._last_t = None

    def work(self, t_s: float, state) -> Guidance:
        dt = 0.0 if self._last_t is None else t_s - self._last_t
        self._last_t = t_s
        hold = self.holds[-1]
        faults = self._form.update(state.angles)
        if faults is not None and self._form.back != self.side:
            if self.side in self._seen:
                faults = None  # the other leg back: not this side's hold
            else:  # the side is the leg the person put back (setup saw them on all fours)
                self.side = hold.side = self._form.back
        if faults is not None:
            self._seen.add(self.side)
        hold.update(t_s, faults, dt)
        clock = f"{hold.timer.held_s:.0f} / {hold.target_s:.0f} s ({self.side} leg back)"
        if faults is None:
            return Guidance("start", [f"Bring the other knee forward and slide your {self.side} leg straight back",
                                      clock])
        if faults:
            return Guidance("hold", [FAULT_CUES[f] for f in FAULT_CUES if f in faults] + [clock],
                            alert=hold.timer.held_s > 0)
        return Guidance("hold", ["Good: hips low, back leg long - breathe", clock])

    def side_complete(self) -> bool:
        return self.holds[-1].completed

    def finished(self, new: list | None = None) -> Guidance:
        held = ", ".join(f"{h.side} {h.timer.held_s:.0f} s" for h in self.holds)
        return Guidance("done", ["Pigeon pose complete - press q to close", held], done=True)

    def result(self) -> PigeonResult:
        holds = [h for h in self.holds if h.side in self._seen]
        return PigeonResult(holds, self.config, [] if holds else [NO_POSE])


ACTIVITY = register(Activity(
    name="pigeon",
    kind="exercise",
    summary="pigeon pose: one shin across in front, the other leg straight back, hips low (hip flexor stretch)",
    posture="kneeling",
    config_type=PigeonRules,
    session=lambda rules, options: PigeonSession(ACTIVITY, rules, options),
    analyse=analyse,
    meanings=dict(FAULT_CUES),
    readouts=(Readout("hip height", "hip_height_ratio", "thighs"), Readout("back knee", "back_knee_flexion_deg"),
              Readout("back leg vs floor", "back_leg_vs_horizontal_deg"), Readout("trunk", "trunk_lean_deg")),
    panel_values=lambda rules: BackLegReadout(),
))
