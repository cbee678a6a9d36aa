"""Building blocks shared by every test and exercise, live and offline alike.

Each is a small state machine with one `update(...)` method: samples in, a decision out. The
offline analyses run them over a whole recording; the live sessions feed them frame by frame.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from romcam.activities.setup_check import SetupConfig, check_setup
from romcam.kinematics.angles import nanmedian

if TYPE_CHECKING:  # the live state comes from the pipeline; the logic here needs none of it
    from romcam.pipeline.frame_state import LiveState

OTHER = {"left": "right", "right": "left"}


@dataclass
class Guidance:
    """What a live session wants shown after one frame."""

    phase: str
    lines: list[str]  # shown on screen, most important first
    done: bool = False
    new_trials: list = field(default_factory=list)  # trials, holds or reps finished this frame
    alert: bool = False  # the first line is a fault to correct


class StillWindow:
    """The medians of the latest window_s of samples once `still_keys` moved less than
    still_deg over it: the neutral stance a movement is measured from."""

    def __init__(self, window_s: float, still_deg: float, still_keys: tuple[str, ...]) -> None:
        self.window_s, self.still_deg, self.still_keys = window_s, still_deg, still_keys
        self._samples: deque = deque()

    def clear(self) -> None:
        self._samples.clear()

    def update(self, t_s: float, values: dict[str, float]) -> dict[str, float] | None:
        self._samples.append((t_s, values))
        while t_s - self._samples[0][0] > self.window_s:
            self._samples.popleft()
        if t_s - self._samples[0][0] < 0.8 * self.window_s:
            return None
        moved = max(np.ptp([v[k] for _, v in self._samples]) for k in self.still_keys)
        if not moved < self.still_deg:
            return None
        return {k: nanmedian(np.array([v[k] for _, v in self._samples])) for k in values}


@dataclass(frozen=True)
class Hold:
    """A steady stretch of time and the medians of the held values over it."""

    start_s: float
    end_s: float
    values: dict[str, float]

    @property
    def seconds(self) -> float:
        return self.end_s - self.start_s


class SteadyHold:
    """update(t_s, values) -> the hold so far once every value stayed within range_deg of the
    others for at least min_s; None otherwise. A value that moves out of range, or is unknown,
    starts the hold again from that frame."""

    def __init__(self, range_deg: float, min_s: float) -> None:
        self.range_deg, self.min_s = range_deg, min_s
        self._samples: list[tuple[float, dict[str, float]]] = []
        self._low: dict[str, float] = {}
        self._high: dict[str, float] = {}

    def reset(self) -> None:
        self._samples, self._low, self._high = [], {}, {}

    def held_s(self, t_s: float) -> float:
        """How long the current hold has lasted at t_s."""
        return t_s - self._samples[0][0] if self._samples else 0.0

    def update(self, t_s: float, values: dict[str, float]) -> Hold | None:
        if not all(math.isfinite(v) for v in values.values()):
            self.reset()
            return None
        low = {k: min(self._low.get(k, v), v) for k, v in values.items()}
        high = {k: max(self._high.get(k, v), v) for k, v in values.items()}
        if any(high[k] - low[k] > self.range_deg for k in values):
            self._samples, low, high = [], dict(values), dict(values)
        self._samples.append((t_s, values))
        self._low, self._high = low, high
        start_s = self._samples[0][0]
        if t_s - start_s < self.min_s - 1e-9:
            return None
        medians = {k: float(np.median([v[k] for _, v in self._samples])) for k in values}
        return Hold(start_s, t_s, medians)


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


class FaultLimits:
    """Faults from how far each measure is past its limit, with hysteresis: a fault starts past
    its limit (excess > 0) and clears only `hysteresis` back inside it, so a value sitting on a
    limit does not flicker."""

    def __init__(self, hysteresis: float) -> None:
        self.hysteresis = hysteresis
        self.faults: set[str] = set()

    def update(self, excess: dict[str, float]) -> set[str]:
        for fault, over in excess.items():
            if over > 0:
                self.faults.add(fault)
            elif over < -self.hysteresis:
                self.faults.discard(fault)
        self.faults &= set(excess)  # a fault that can no longer be measured is not held against you
        return set(self.faults)


HOLD_STILL = "Good - hold that position"  # the one setup line that is not a problem


class SetupGate:
    """Passes once the view has been right for cfg.ok_s without a break."""

    def __init__(self, posture: str, cfg: SetupConfig = SetupConfig()) -> None:
        self.posture, self.cfg = posture, cfg
        self._ok_since: float | None = None

    def update(self, t_s: float, state: LiveState, image: np.ndarray) -> list[str]:
        problems = check_setup(state.pose, state.people, image, self.posture, self.cfg)
        if problems:
            self._ok_since = None
            return problems
        self._ok_since = self._ok_since if self._ok_since is not None else t_s
        return [] if t_s - self._ok_since >= self.cfg.ok_s else [HOLD_STILL]


class TurnRound:
    """After one side: passes once the other side has faced the camera for ok_s."""

    def __init__(self, target: str, ok_s: float = SetupConfig().ok_s) -> None:
        self.target, self.ok_s = target, ok_s
        self._since: float | None = None

    def update(self, t_s: float, side_now: str | None) -> bool:
        """side_now: the side the person shows the camera now (None: nobody in view)."""
        if side_now == self.target:
            self._since = self._since if self._since is not None else t_s
            return t_s - self._since >= self.ok_s
        self._since = None
        return False

    def guidance(self) -> Guidance:
        return Guidance("turn", [f"Turn around so your {self.target} side faces the camera"])


@dataclass(frozen=True)
class Peak:
    """One movement of a signal away from its still baseline and back."""

    start_s: float
    peak_s: float
    end_s: float
    rise: float  # the signal's peak above its baseline
    at_peak: dict[str, float]  # every followed value at the peak, minus its baseline
    highest: dict[str, float]  # every followed value's highest (absolute) over the movement; NaN if never known
    trace: tuple[tuple[float, float], ...] = ()  # (t_s, signal above baseline) over the movement
    at_start: dict[str, float] = field(default_factory=dict)  # every value minus its baseline as it began

    def top(self, band: float) -> tuple[float, float]:
        """(first, last) time the signal was within band of its peak: the hold at the top."""
        near = [t for t, rel in self.trace if rel >= self.rise - band]
        return (near[0], near[-1]) if near else (self.peak_s, self.peak_s)


class PeakDetector:
    """update(t_s, values) -> a Peak when a movement of values[signal] ends; None otherwise.

    The baseline is the latest still window (the signal moving less than still_range for
    baseline_window_s): a baseline that simply trailed the signal would rise with a slow movement
    and never see it. A movement starts past `start` above the baseline (timed from when it last
    left `end`), ends back within `end`, and counts only when it reached `min_peak` and lasted
    `min_duration_s`: shifting weight or getting into position is not a movement.

    resettle: a movement that comes to rest at a new still level and then rises from it by
    `start` was getting into place (lying down, the knees drawn up): the new level becomes the
    baseline and the rise the movement.
    """

    def __init__(self, signal: str, start: float, end: float, min_peak: float, min_duration_s: float,
                 baseline_window_s: float, still_range: float, resettle: bool = False) -> None:
        if not 0 < end < start <= min_peak:
            raise ValueError(f"need 0 < end < start <= min_peak, got {end}, {start}, {min_peak}")
        self.signal, self.start, self.end, self.min_peak = signal, start, end, min_peak
        self.min_duration_s = min_duration_s
        self.resettle = resettle
        self._still = StillWindow(baseline_window_s, still_range, (signal,))
        self.baseline: dict[str, float] | None = None
        self._active: dict | None = None
        self._last_low_t: float | None = None

    @property
    def in_movement(self) -> bool:
        return self._active is not None

    def _resettled(self, t_s: float, values: dict[str, float], movement: dict) -> bool:
        level = self._still.update(t_s, values)
        if level is not None:
            movement["settled"] = level
        settled = movement.get("settled")
        if settled is None:
            return False
        above = values[self.signal] - settled[self.signal]
        if above <= self.end:
            movement["left_settled_t"] = t_s
        if above <= self.start:
            return False
        self.baseline = settled
        self._still.clear()
        self._active = {"start": movement.get("left_settled_t", t_s), "peak": None,
                        "highest": dict.fromkeys(values, -math.inf), "trace": [],
                        "first": {k: v - settled[k] for k, v in values.items()}}
        return True

    def relative(self, value: float) -> float:
        """The signal's value above its baseline (NaN before there is one)."""
        return value - self.baseline[self.signal] if self.baseline else math.nan

    def update(self, t_s: float, values: dict[str, float]) -> Peak | None:
        if not math.isfinite(values[self.signal]):
            return None
        if self._active is None:
            self.baseline = self._still.update(t_s, values) or self.baseline
            if self.baseline is None:
                return None
            rel = self.relative(values[self.signal])
            if rel <= self.end:
                self._last_low_t = t_s
            if rel > self.start:
                self._active = {"start": self._last_low_t if self._last_low_t is not None else t_s,
                                "peak": None, "highest": dict.fromkeys(values, -math.inf), "trace": [],
                                "first": {k: v - self.baseline[k] for k, v in values.items()}}
        if self._active is None:
            return None
        movement = self._active
        if self.resettle and self._resettled(t_s, values, movement):
            movement = self._active
        rel = self.relative(values[self.signal])
        if movement["peak"] is None or rel > movement["peak"][1]:
            movement["peak"] = (t_s, rel, dict(values))
        movement["trace"].append((t_s, rel))
        for key, value in values.items():
            if math.isfinite(value):
                movement["highest"][key] = max(movement["highest"][key], value)
        if rel >= self.end:
            return None
        self._active = None
        self._still.clear()  # the next baseline must come from standing still again
        self._last_low_t = t_s
        peak_s, rise, at_peak = movement["peak"]
        if rise < self.min_peak or t_s - movement["start"] < self.min_duration_s:
            return None
        return Peak(movement["start"], peak_s, t_s, rise,
                    {k: v - self.baseline[k] for k, v in at_peak.items()},
                    {k: v if math.isfinite(v) else math.nan for k, v in movement["highest"].items()},
                    tuple(movement["trace"]), movement["first"])
