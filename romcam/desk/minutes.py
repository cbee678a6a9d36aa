"""Frames into minutes: each whole minute of the clock gets the state seen most in it.

Only these per-minute records are ever kept (no images, no landmarks). How the legs sit (crossed,
feet off the floor, perched) is not judged: the pose model's legs did not show it on the desk
clips (docs/measurements.md, "Desk mode").
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

STATES = ("sitting", "standing", "away")
UNKNOWN = "unknown"  # someone at the desk, but how they are is not seen (counted as neither)


@dataclass
class Observation:
    """What one frame shows: one of STATES, or None when not sure."""

    state: str | None


@dataclass
class Minute:
    start: datetime
    state: str  # STATES or UNKNOWN
    frames: dict = field(default_factory=dict)  # frames per state (and "unsure")


def minute_of(t: datetime) -> datetime:
    return t.replace(second=0, microsecond=0)


class MinuteBook:
    """add(t, observation) -> the minutes completed by reaching t (usually none, sometimes one).

    A minute's state is the one seen in most of its frames, when at least half of them were
    decided; otherwise it is unknown.
    """

    def __init__(self) -> None:
        self._start: datetime | None = None  # the minute being filled
        self._counts: Counter = Counter()
        self._last_t: datetime | None = None

    def add(self, t: datetime, obs: Observation) -> list[Minute]:
        if self._last_t is not None and t <= self._last_t:
            return []  # a clock going backwards: the frame is dropped, not counted twice
        done = [self._close()] if self._start is not None and minute_of(t) != self._start else []
        self._start = minute_of(t)
        self._counts[obs.state or "unsure"] += 1
        self._last_t = t
        return done

    def flush(self) -> list[Minute]:
        """The minute in progress, as it stands (at the end of a session)."""
        if self._start is None or not self._counts:
            return []
        return [self._close()]

    def _close(self) -> Minute:
        decided = {s: self._counts[s] for s in STATES if self._counts[s]}
        # A minute of mostly unsure frames is unknown: a few decided frames do not make it theirs
        # (round 1 of the held-out clips: two minutes decided by a few frames, both wrong).
        if sum(decided.values()) < self._counts["unsure"]:
            decided = {}
        state = max(decided, key=lambda s: (decided[s], -STATES.index(s))) if decided else UNKNOWN
        minute = Minute(self._start, state, dict(self._counts))
        self._counts = Counter()
        return minute


def gap_minutes(before: datetime, after: datetime) -> int:
    """Whole minutes between two minute starts with no record (camera paused, machine asleep)."""
    return max(0, int((after - before) / timedelta(minutes=1)) - 1)
