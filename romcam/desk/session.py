"""One desk session: observations in; minutes, the day, reminders and the saved rows out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from romcam.desk.alerts import Reminders
from romcam.desk.config import DeskConfig
from romcam.desk.day import SittingDay
from romcam.desk.legs import LEG_NAMES
from romcam.desk.minutes import Minute, MinuteBook, Observation

SaveRows = Callable[[list[tuple[Minute, int, list[str]]]], None]


@dataclass
class DeskSession:
    """observe(t, obs) -> the events of any minute it completed. Completed minutes are saved at
    once (a kill loses at most the minute in progress)."""

    config: DeskConfig
    reminders: Reminders | None = None
    save: SaveRows | None = None
    day: SittingDay = field(init=False)
    book: MinuteBook = field(default_factory=MinuteBook)
    minutes: list[Minute] = field(default_factory=list)
    events: list[tuple[datetime, str]] = field(default_factory=list)
    last: Observation | None = None

    def __post_init__(self) -> None:
        self.day = SittingDay(self.config)

    def observe(self, t: datetime, obs: Observation) -> list[str]:
        self.last = obs
        return self._add(self.book.add(t, obs), t)

    def finish(self) -> None:
        """Count the minute in progress (the end of a file, a stop)."""
        self._add(self.book.flush(), None)

    def snooze(self) -> None:
        self.day.snooze()

    def _add(self, minutes: list[Minute], t: datetime | None) -> list[str]:
        events, rows = [], []
        for minute in minutes:
            happened = self.day.add(minute)
            self.minutes.append(minute)
            rows.append((minute, self.day.run_min, [e for e in happened if e != "new-day"]))
            events += happened
            for event in happened:
                self.events.append((t or minute.start, event))
                if event == "remind" and self.reminders is not None:
                    self.reminders.remind(f"{self.day.run_min} minutes sitting",
                                          f"Stand up and move for a minute. Stretch: romcam exercise "
                                          f"{self.config.stretch}")
        if rows and self.save is not None:
            self.save(rows)
        return events

    def seen(self) -> str:
        """What the last look showed: "sitting, legs crossed", "standing", "not sure", ..."""
        if self.last is None:
            return "starting"
        legs = LEG_NAMES.get(self.last.legs)
        return (self.last.state or "not sure") + (f", {legs}" if legs else "")

    def status(self) -> str:
        """One line: what is seen now, the run, today's total against its band."""
        t = self.day.totals
        seen = self.seen()
        if t is None:
            return f"{seen}; no whole minute yet"
        hours, minutes = divmod(t.sitting_min, 60)
        return (f"{seen}; sitting run {self.day.run_min} min; today {hours} h {minutes:02d} min sitting "
                f"({t.band}); longest run {t.longest_run_min} min; breaks {t.breaks}, reminders {t.reminders}")
