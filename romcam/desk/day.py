"""The sitting run, the day's sitting total against the risk bands, and when to remind.

Minutes come in order (romcam.desk.minutes). A sitting minute adds to the run and to the day;
standing for `stood_min` minutes, or being away for `away_break_min`, ends the run (a break).
Shorter absences pause it: a trip to the printer is not a break. Minutes nobody saw (the camera
paused, the machine asleep) count as away. A minute whose state is unknown changes nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from romcam.desk.config import DeskConfig
from romcam.desk.legs import LEG_POSTURES
from romcam.desk.minutes import Minute, gap_minutes

LEGS_JUDGED_MIN_S = 600.0  # a day's seconds per hour in a leg posture are said from 10 minutes seen

# The brief's risk bands for daily sitting, in hours.
BANDS = ((4.0, "low"), (6.0, "moderate"), (8.0, "high"), (math.inf, "very high"))


def band(hours: float) -> str:
    return next(name for upper, name in BANDS if hours < upper)


@dataclass
class DayTotals:
    day: date
    sitting_min: int = 0
    standing_min: int = 0
    away_min: int = 0
    unknown_min: int = 0
    longest_run_min: int = 0
    breaks: int = 0  # sitting runs ended by standing up or leaving
    reminders: int = 0
    heeded: int = 0  # breaks taken after a reminder in the same run
    legs_judged_s: dict = field(default_factory=dict)  # posture -> seated seconds it could be told
    legs_s: dict = field(default_factory=dict)  # posture -> seconds seen in it

    def legs_per_hour(self, posture: str) -> float | None:
        """Seconds per hour of judged sitting in this posture; None under 10 judged minutes."""
        judged = self.legs_judged_s.get(posture, 0.0)
        return 3600.0 * self.legs_s.get(posture, 0.0) / judged if judged >= LEGS_JUDGED_MIN_S else None

    def add_legs(self, read_s: float, seconds: dict) -> None:
        """read_s: seconds the legs were read; seconds: posture -> seconds in it (None: not judged)."""
        for posture, s in seconds.items():
            if s is not None:
                self.legs_s[posture] = self.legs_s.get(posture, 0.0) + s
                self.legs_judged_s[posture] = self.legs_judged_s.get(posture, 0.0) + read_s

    @property
    def sitting_h(self) -> float:
        return self.sitting_min / 60.0

    @property
    def band(self) -> str:
        return band(self.sitting_h)


@dataclass
class SittingDay:
    """add(minute) -> events of that minute: "break" (the run ended; and "heeded" when a reminder
    came in that run), "remind" (time to stand), "quiet" (a reminder due in quiet hours, not
    given), "new-day"."""

    config: DeskConfig = field(default_factory=DeskConfig)
    totals: DayTotals | None = None
    run_min: int = 0
    _standing: int = 0  # the current streak off the chair: minutes standing, and in all
    _off: int = 0
    _due: int = 0  # run minutes at which the next reminder is due
    _reminded_in_run: bool = False
    _last_start: datetime | None = None

    def __post_init__(self) -> None:
        self._due = self.config.remind_after_min

    def add(self, minute: Minute) -> list[str]:
        events: list[str] = []
        if self.totals is None or minute.start.date() != self.totals.day:
            if self.totals is not None:
                events.append("new-day")
            self.totals = DayTotals(minute.start.date())
            self._end_run()
        elif self._last_start is not None:
            for _ in range(gap_minutes(self._last_start, minute.start)):
                events += self._off_chair(standing=False)
        self._last_start = minute.start
        t = self.totals
        if minute.state == "sitting":
            t.sitting_min += 1
            t.add_legs(minute.leg_seconds(), {p: minute.leg_seconds(p) for p in LEG_POSTURES})
            self.run_min += 1
            self._standing = self._off = 0
            t.longest_run_min = max(t.longest_run_min, self.run_min)
            if self.run_min >= self._due:
                self._due = self.run_min + self.config.repeat_after_min
                end = minute.start + timedelta(minutes=1)
                if self.config.quiet_at(end.hour + end.minute / 60.0):
                    events.append("quiet")
                else:
                    t.reminders += 1
                    self._reminded_in_run = True
                    events.append("remind")
        elif minute.state in ("standing", "away"):
            if minute.state == "standing":
                t.standing_min += 1
            else:
                t.away_min += 1
            events += self._off_chair(standing=minute.state == "standing")
        else:
            t.unknown_min += 1
        return events

    def snooze(self) -> None:
        """Put the next reminder off by snooze_min minutes of sitting."""
        self._due = self.run_min + self.config.snooze_min

    def _off_chair(self, standing: bool) -> list[str]:
        self._standing += standing
        self._off += 1
        if self.run_min and (self._standing >= self.config.stood_min or self._off >= self.config.away_break_min):
            heeded = self._reminded_in_run
            self.totals.breaks += 1
            self.totals.heeded += heeded
            self._end_run()
            return ["break", "heeded"] if heeded else ["break"]
        return []

    def _end_run(self) -> None:
        self.run_min = 0
        self._due = self.config.remind_after_min
        self._reminded_in_run = False
