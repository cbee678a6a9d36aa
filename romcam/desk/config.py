"""Desk mode's settings: the [desk] table of the TOML config (`romcam config`)."""

from __future__ import annotations

from dataclasses import dataclass

from romcam.settings import NAME, check_ranges, setting


@dataclass(frozen=True)
class DeskConfig:
    frames_per_s: float = setting(1.0, "1/s", "frames looked at per second (1-2 is enough; more costs CPU)", 0.2, 5)
    # The advice: stand and walk every 30-45 minutes.
    remind_after_min: int = setting(40, "min", "sitting run after which romcam reminds you to stand", 1, 180)
    repeat_after_min: int = setting(10, "min", "if you keep sitting, remind again after this long", 1, 120)
    snooze_min: int = setting(15, "min", "a snooze puts the reminder off this long", 1, 120)
    stood_min: int = setting(1, "min", "standing this long ends a sitting run (a break)", 1, 30)
    away_break_min: int = setting(5, "min", "away this long ends a sitting run too (shorter: the run is paused)",
                                  1, 120)
    quiet_from_h: float = setting(0.0, "h", "no reminders from this hour of the day (0 and 0: none)", 0, 24)
    quiet_until_h: float = setting(0.0, "h", "... until this hour (may be past midnight: 22 to 7)", 0, 24)
    sound: int = setting(1, "0/1", "1: a sound with each reminder", 0, 1)
    stretch: str = setting("quad-stretch", NAME, "the standing stretch offered with a reminder (an exercise)")

    def __post_init__(self) -> None:
        check_ranges(self)

    def quiet_at(self, hour: float) -> bool:
        """Whether reminders are silenced at this hour of the day (0-24)."""
        start, end = self.quiet_from_h, self.quiet_until_h
        if start == end:
            return False
        return start <= hour < end if start < end else (hour >= start or hour < end)
