"""Frames into minutes: each whole minute of the clock gets the state seen most in it.

Only these per-minute records are ever kept (no images, no landmarks): the state, and for the
minutes with the legs in view the seconds spent perched on the front of the seat. (Crossed legs
and feet off the floor are not judged: the pose model's legs did not show them on the tuning
clips; docs/measurements.md, "Desk mode".)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

STATES = ("sitting", "standing", "away")
UNKNOWN = "unknown"  # someone at the desk, but how they are is not seen (counted as neither)


@dataclass
class Observation:
    """What one frame shows. state: one of STATES, or None when not sure. perch: None when the
    legs are not in view."""

    state: str | None
    perch: bool | None = None


@dataclass
class Minute:
    start: datetime
    state: str  # STATES or UNKNOWN
    frames: dict = field(default_factory=dict)  # frames per state (and "unsure")
    legs_seen_s: float = 0.0
    perch_s: float = 0.0


def minute_of(t: datetime) -> datetime:
    return t.replace(second=0, microsecond=0)


class MinuteBook:
    """add(t, observation) -> the minutes completed by reaching t (usually none, sometimes one).

    A minute's state is the one seen in most of its frames, when at least half of them were
    decided; otherwise it is unknown.

    A frame stands for the time until the next one (capped at max_frame_s, so a stall is not
    counted as minutes of one state)."""

    def __init__(self, max_frame_s: float = 5.0) -> None:
        self.max_frame_s = max_frame_s
        self._start: datetime | None = None  # the minute being filled
        self._counts: Counter = Counter()
        self._legs = {"seen": 0.0, "perch": 0.0}
        self._last_t: datetime | None = None
        self._last_obs: Observation | None = None

    def add(self, t: datetime, obs: Observation) -> list[Minute]:
        if self._last_t is not None and t <= self._last_t:
            return []  # a clock going backwards: the frame is dropped, not counted twice
        done: list[Minute] = []
        if self._last_t is not None:
            # The last frame's leg seconds, up to now (capped), split at the minute's end.
            until = min(t, self._last_t + timedelta(seconds=self.max_frame_s))
            end = self._start + timedelta(minutes=1)
            self._credit((until if until < end else end) - self._last_t)
            if minute_of(t) != self._start:
                done.append(self._close())
                if until > end and minute_of(t) == end:
                    self._credit(until - end)
        if self._start is None or minute_of(t) != self._start:
            self._start = minute_of(t)
        self._counts[obs.state or "unsure"] += 1
        self._last_t, self._last_obs = t, obs
        return done

    def flush(self) -> list[Minute]:
        """The minute in progress, as it stands (at the end of a session)."""
        if self._start is None or not self._counts:
            return []
        return [self._close()]

    def _credit(self, span: timedelta) -> None:
        obs = self._last_obs
        if obs is None or obs.perch is None or span.total_seconds() <= 0:
            return
        seconds = span.total_seconds()
        self._legs["seen"] += seconds
        self._legs["perch"] += seconds * bool(obs.perch)

    def _close(self) -> Minute:
        decided = {s: self._counts[s] for s in STATES if self._counts[s]}
        # A minute of mostly unsure frames is unknown: a few decided frames do not make it theirs
        # (round 1 of the held-out clips: two minutes decided by a few frames, both wrong).
        if sum(decided.values()) < self._counts["unsure"]:
            decided = {}
        state = max(decided, key=lambda s: (decided[s], -STATES.index(s))) if decided else UNKNOWN
        minute = Minute(self._start, state, dict(self._counts), round(self._legs["seen"], 1),
                        round(self._legs["perch"], 1))
        self._counts = Counter()
        self._legs = dict.fromkeys(self._legs, 0.0)
        return minute


def gap_minutes(before: datetime, after: datetime) -> int:
    """Whole minutes between two minute starts with no record (camera paused, machine asleep)."""
    return max(0, int((after - before) / timedelta(minutes=1)) - 1)
