"""How regularly the programme was done: sessions per day against the 2-3 target, days per
week, the streak and the week of the programme (from the log in the history file)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from romcam.history.store import LogRow


@dataclass(frozen=True)
class Day:
    day: date
    sessions: int  # sessions with something done (a skipped-only session does not count)
    target: int

    @property
    def met(self) -> bool:
        return self.sessions >= self.target


@dataclass(frozen=True)
class Adherence:
    start: date  # the first day with a session: day 1 of week 1
    days: list[Day]  # every day from start to today
    weeks: int  # the programme's length

    @property
    def week(self) -> int:
        """Today's week of the programme (1-based; past the end it keeps counting)."""
        return (self.days[-1].day - self.start).days // 7 + 1

    @property
    def streak(self) -> int:
        """Days in a row with the target met, up to today (today counts once met; until then the
        streak runs to yesterday)."""
        days = self.days if self.days[-1].met else self.days[:-1]
        count = 0
        for d in reversed(days):
            if not d.met:
                break
            count += 1
        return count

    def summary(self) -> str:
        today = self.days[-1]
        return (f"week {self.week} of {self.weeks}; today {today.sessions} of {today.target} sessions; "
                f"streak {self.streak} day(s) with the target met; days with a session per week: "
                + ", ".join(str(n) for n in self.days_per_week()))

    def days_per_week(self) -> list[int]:
        """Per programme week, the days with at least one session."""
        out = [0] * self.week
        for d in self.days:
            out[(d.day - self.start).days // 7] += d.sessions > 0
        return out


def adherence(rows: list[LogRow], sessions_per_day: int, weeks: int, today: date) -> Adherence | None:
    """None before the first session. Days are the person's local days."""
    done: dict[date, set[str]] = {}
    for row in rows:
        if not row.skipped:
            done.setdefault(row.recorded_at.astimezone().date(), set()).add(row.session)
    if not done:
        return None
    start = min(done)
    last = max(today, max(done))
    days = [Day(start + timedelta(n), len(done.get(start + timedelta(n), ())), sessions_per_day)
            for n in range((last - start).days + 1)]
    return Adherence(start, days, weeks)
