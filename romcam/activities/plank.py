"""Plank (on the forearms): the core work that keeps the pelvis from tipping forward, timed only
while shoulders, hips and ankles stay in one line.

The line is the bend at the hip of the shoulder-hip-ankle line in the picture (`body_line_deg`):
+ the hips sagging toward the floor (the low back arching: the fault that matters for tight hip
flexors), - the hips piked up. A second counts while the body lies across the picture (a plank,
not getting into one) and the bend stays within the limits, with hysteresis so that a value on a
limit does not flicker the clock.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from romcam.activities.blocks import FaultLimits, Guidance
from romcam.activities.quad_stretch import SideHold  # one hold, timed as the stretch's
from romcam.activities.registry import Activity, LogItem, Readout, SessionOptions, SideMeasure, register
from romcam.activities.session import SidedSession
from romcam.settings import check_ranges, setting


@dataclass(frozen=True)
class PlankRules:
    sag_max_deg: float = setting(8.0, "deg", "the hips this far below the shoulder-ankle line: sag", 0, 45)
    pike_max_deg: float = setting(10.0, "deg", "the hips this far above the line: pike", 0, 45)
    hysteresis_deg: float = setting(1.5, "deg", "a fault clears only this far back inside its limit", 0, 10)
    horizontal_min_deg: float = setting(60.0, "deg", "the trunk at least this far from upright: in the plank "
                                        "(less is getting into it)", 0, 90)
    hold_s: float = setting(30.0, "s", "seconds with the body in line per hold", 1, 600)
    max_gap_s: float = setting(0.5, "s", "frames further apart than this add no time", 0.05, 5)

    def __post_init__(self) -> None:
        check_ranges(self)


FAULT_CUES = {
    "sag": "Lift your hips a little and squeeze your glutes: your low back is sagging",
    "pike": "Lower your hips into one line from shoulders to heels",
}


class PlankForm:
    def __init__(self, rules: PlankRules) -> None:
        self.rules = rules
        self._limits = FaultLimits(rules.hysteresis_deg)

    def update(self, angles: dict[str, float]) -> set[str] | None:
        """The faults now; None when not in a plank (upright, or the line unseen)."""
        line = angles.get("body_line_deg", math.nan)
        trunk = abs(angles.get("trunk_lean_deg", math.nan))
        if not (math.isfinite(line) and math.isfinite(trunk)) or trunk < self.rules.horizontal_min_deg:
            return None
        return self._limits.update({"sag": line - self.rules.sag_max_deg, "pike": -line - self.rules.pike_max_deg})


@dataclass
class PlankResult:
    holds: list[SideHold]
    rules: PlankRules
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"holds": [h.to_json() for h in self.holds],
                "rules": {"sag_max_deg": self.rules.sag_max_deg, "pike_max_deg": self.rules.pike_max_deg},
                "meanings": {f: FAULT_CUES[f] for h in self.holds for f in h.fault_s}}

    def only(self, side: str) -> PlankResult:
        return self  # one hold for the whole body

    def side_measures(self) -> list[SideMeasure]:
        return []

    def log_items(self) -> list[LogItem]:
        return [LogItem("both", "s", h.timer.held_s, h.timer.held_s, h.target_s, tuple(sorted(h.fault_s)))
                for h in self.holds]


NO_PLANK = "no plank was seen: lie face down on your forearms, side-on to the camera, and lift into one line"


def analyse(t_s: np.ndarray, angles: dict[str, np.ndarray], rules: PlankRules, near: str) -> PlankResult:
    form, hold = PlankForm(rules), SideHold("both", rules.hold_s, rules.max_gap_s)
    last_t, seen = None, False
    for i, t in enumerate(t_s):
        faults = form.update({k: float(v[i]) for k, v in angles.items()})
        seen |= faults is not None
        hold.update(float(t), faults, 0.0 if last_t is None else float(t) - last_t)
        last_t = float(t)
    return PlankResult([hold] if seen else [], rules, [] if seen else [NO_PLANK])


class PlankSession(SidedSession):
    """Setup (lying across the picture), then the hold timed while the body is in line."""

    turns_round = False

    def __init__(self, activity: Activity, rules: PlankRules, options: SessionOptions) -> None:
        super().__init__(activity, rules, options)
        self.hold = SideHold("both", rules.hold_s, rules.max_gap_s)
        self._form = PlankForm(rules)
        self._last_t: float | None = None
        self._seen = False

    def begin_side(self, side: str) -> None:
        pass  # one hold, both sides at once

    def work(self, t_s: float, state) -> Guidance:
        dt = 0.0 if self._last_t is None else t_s - self._last_t
        self._last_t = t_s
        faults = self._form.update(state.angles)
        self._seen |= faults is not None
        self.hold.update(t_s, faults, dt)
        clock = f"{self.hold.timer.held_s:.0f} / {self.hold.target_s:.0f} s in line"
        if faults is None:
            return Guidance("start", ["Forearms under your shoulders, legs straight back, lift into one line", clock])
        if faults:
            return Guidance("hold", [FAULT_CUES[f] for f in FAULT_CUES if f in faults] + [clock],
                            alert=self.hold.timer.held_s > 0)
        return Guidance("hold", ["Good: one line from shoulders to heels - breathe", clock])

    def side_complete(self) -> bool:
        return self.hold.completed

    def finished(self, new: list | None = None) -> Guidance:
        return Guidance("done", ["Plank complete - press q to close",
                                 f"{self.hold.timer.held_s:.0f} s in line"], done=True)

    def result(self) -> PlankResult:
        return PlankResult([self.hold] if self._seen else [], self.config, [] if self._seen else [NO_PLANK])


ACTIVITY = register(Activity(
    name="plank",
    kind="exercise",
    summary="forearm plank: held while shoulders, hips and ankles stay in one line (core)",
    posture="lying",
    config_type=PlankRules,
    session=lambda rules, options: PlankSession(ACTIVITY, rules, options),
    analyse=analyse,
    meanings=dict(FAULT_CUES),
    readouts=(Readout("body line", "body_line_deg"), Readout("trunk", "trunk_lean_deg")),
))
