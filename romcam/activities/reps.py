"""The shape every strength exercise shares: reps counted from a still start position, sets with
rests between, faults named once per rep, and what the result and the programme's log keep.

An exercise brings a counter (`update(t_s, angles) -> rep | None`, `started`, `rising`) whose reps
have `side`, `faults` and `to_json()`, and a RepRules-like config (reps_per_set, sets, rest_s).
Alternating exercises (bird-dog, dead bug) count reps_per_set on each side within a set; the
others count reps_per_set in all.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from romcam.activities.blocks import Guidance, PeakDetector
from romcam.activities.registry import Activity, LogItem, SessionOptions, SideMeasure
from romcam.activities.session import SidedSession
from romcam.settings import check_ranges, setting

SIDES = ("left", "right")


@dataclass(frozen=True)
class RepRules:
    """What every rep exercise's config has: when a movement of its measure (a thigh, an arm, the
    knees' opening; see the exercise) is a rep, the start position, and the sets."""

    rep_start_deg: float = setting(15.0, "deg", "the rep's measure moved this far from the start position: a rep "
                                   "has begun", 1, 90)
    rep_end_deg: float = setting(8.0, "deg", "back within this of the start position: the rep has ended", 0.5, 45)
    rep_min_deg: float = setting(20.0, "deg", "a rep moves at least this far (less is shifting weight)", 1, 120)
    rep_min_s: float = setting(0.5, "s", "a rep lasts at least this long", 0, 10)
    start_window_s: float = setting(1.0, "s", "the start position: still this long", 0.1, 10)
    start_still_deg: float = setting(4.0, "deg", "still: the measure moving less than this over the window", 0, 20)
    reps_per_set: int = setting(8, "count", "reps per set (per side for exercises that alternate)", 1, 100)
    sets: int = setting(2, "count", "sets", 1, 10)
    rest_s: float = setting(30.0, "s", "rest between sets", 0, 600)

    def __post_init__(self) -> None:
        check_ranges(self)
        if not 0 < self.rep_end_deg < self.rep_start_deg <= self.rep_min_deg:
            raise ValueError("need 0 < rep_end_deg < rep_start_deg <= rep_min_deg")

    def movements(self, signal: str, resettle: bool = False) -> PeakDetector:
        """The detector of this exercise's reps on values[signal]."""
        return PeakDetector(signal, self.rep_start_deg, self.rep_end_deg, self.rep_min_deg, self.rep_min_s,
                            self.start_window_s, self.start_still_deg, resettle=resettle)


@dataclass
class RepsResult:
    side: str  # the side the session followed ("both" for alternating exercises)
    reps: list  # each with side, faults and to_json()
    rules: Any
    meanings: dict[str, str]
    warnings: list[str] = field(default_factory=list)
    not_checked: list[str] = field(default_factory=list)  # what this view cannot see, in words
    sides_from: str = "seen"  # how each rep's side was told: seen, or how it was assumed

    def _target(self) -> int:
        return self.rules.reps_per_set * self.rules.sets

    def _sides(self) -> list[str]:
        return [s for s in SIDES if any(r.side == s for r in self.reps)]

    def to_json(self) -> dict:
        faults = sorted({f for rep in self.reps for f in rep.faults})
        # A rep with a fault is done but not counted.
        summary = {side: {"counted": sum(not r.faults for r in self.reps if r.side == side),
                          "attempted": sum(r.side == side for r in self.reps), "target": self._target()}
                   for side in self._sides()}
        out = {"side": self.side, "reps": [{"side": r.side} | r.to_json() for r in self.reps], "summary": summary,
               "meanings": {f: self.meanings[f] for f in faults}}
        if self.not_checked:
            out["not_checked"] = list(self.not_checked)
        if self.sides_from != "seen":
            out["sides_from"] = self.sides_from
        return out

    def only(self, side: str) -> RepsResult:
        return replace(self, reps=[r for r in self.reps if r.side == side])

    def side_measures(self) -> list[SideMeasure]:
        return []

    def log_items(self) -> list[LogItem]:
        return [LogItem(side, "reps", sum(r.side == side for r in self.reps),
                        sum(not r.faults for r in self.reps if r.side == side), self._target(),
                        tuple(sorted({f for r in self.reps if r.side == side for f in r.faults}
                                     | {f"{what} not checked" for what in self.not_checked})))
                for side in self._sides()]


def rounded(value: float, places: int = 2) -> float | None:
    """A rep's number for result.json: rounded, None where unknown."""
    return round(value, places) if math.isfinite(value) else None


class MovementReps:
    """A counter whose reps are movements of one per-frame value from a still start position:
    subclasses give `values(angles)` (the followed values, the signal among them) and
    `judge(peak)` (the rep, faults and all)."""

    signal = ""
    resettle = False

    def __init__(self, rules: RepRules) -> None:
        self.rules = rules
        self._peaks = rules.movements(self.signal, self.resettle)

    @property
    def started(self) -> bool:
        """The start position was seen (reps count from here)."""
        return self._peaks.baseline is not None

    @property
    def rising(self) -> bool:
        return self._peaks.in_movement

    def update(self, t_s: float, angles: dict[str, float]):
        peak = self._peaks.update(t_s, self.values(angles))
        return None if peak is None or not self.started else self.judge(peak)

    def values(self, angles: dict[str, float]) -> dict[str, float]:
        raise NotImplementedError

    def judge(self, peak):
        raise NotImplementedError


def count_reps(t_s: np.ndarray, angles: dict[str, np.ndarray], counter) -> list:
    """Every rep a counter finds over a whole recording."""
    reps = []
    for i, t in enumerate(t_s):
        rep = counter.update(float(t), {k: float(v[i]) for k, v in angles.items()})
        if rep is not None:
            reps.append(rep)
    return reps


class RepsSession(SidedSession):
    """Setup, the still start position, then sets of reps with a rest between; no turning round
    unless the exercise says so (one side at a time, e.g. lying on one side)."""

    turns_round = False
    alternating = False
    start_lines: tuple[str, ...] = ()  # until the start position is seen
    work_line = ""  # the instruction shown while the reps go on
    done_line = "Complete - press q to close"

    def __init__(self, activity: Activity, rules, options: SessionOptions,
                 make_counter: Callable[[str], Any]) -> None:
        super().__init__(activity, rules, options)
        self.make_counter = make_counter
        self.reps: list = []
        self._counter = None
        self._rest_until: float | None = None
        self._last_fault: str | None = None

    def busy(self) -> bool:
        return self._counter is not None and self._counter.rising

    def begin_side(self, side: str) -> None:
        self._counter = self.make_counter(side)

    def _per_set(self) -> int:
        return self.config.reps_per_set * (2 if self.alternating else 1)

    def _side_reps(self) -> list:
        return self.reps if self.alternating else [r for r in self.reps if r.side == self.side]

    def _set_of(self, count: int) -> int:
        return min(count // self._per_set() + 1, self.config.sets)

    def work(self, t_s: float, state) -> Guidance:
        r = self.config
        if self._rest_until is not None:
            if t_s < self._rest_until:
                return Guidance("rest", [f"Rest: {self._rest_until - t_s:.0f} s", self._count_line()])
            self._rest_until, self._counter = None, self.make_counter(self.side)  # a fresh start position
        rep = self._counter.update(t_s, state.angles)
        new = []
        if rep is not None:
            self.reps.append(rep)
            new = [rep]
            self._last_fault = rep.faults[0] if rep.faults else None
            done = len(self._side_reps())
            if done % self._per_set() == 0 and done < self._per_set() * r.sets:
                self._rest_until = t_s + r.rest_s
        if not self._counter.started:
            return Guidance("start", list(self.start_lines))
        lines = [self.work_line, self._count_line()]
        if self._last_fault is not None:
            return Guidance("reps", [self.activity.meanings[self._last_fault]] + lines, new_trials=new, alert=bool(new))
        return Guidance("reps", lines, new_trials=new)

    def _count_line(self) -> str:
        r, done = self.config, len(self._side_reps())
        per_set = self._per_set()
        in_set = done - (self._set_of(done) - 1) * per_set if done < per_set * r.sets else per_set
        if self.alternating:
            return f"set {self._set_of(done)} of {r.sets}: {in_set} / {per_set} reps (both sides)"
        return f"set {self._set_of(done)} of {r.sets}: {in_set} / {per_set} reps"

    def side_complete(self) -> bool:
        return len(self._side_reps()) >= self._per_set() * self.config.sets

    def finished(self, new: list | None = None) -> Guidance:
        good = sum(not r.faults for r in self.reps)
        return Guidance("done", [self.done_line, f"{len(self.reps)} reps, {good} with good form"], done=True,
                        new_trials=new or [])

    def result(self) -> RepsResult:
        raise NotImplementedError
