"""Today's routine from the protocol: the stretches every session (2-3 sessions a day), the
strength work on the days the plan names, for 4-6 weeks. Every setting is in the [routine]
table of the TOML config (`romcam config`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from romcam.activities.registry import activities
from romcam.errors import RomcamError
from romcam.settings import NAMES, check_ranges, setting

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class RoutineConfig:
    # The protocol's four stretches and its strength work (glutes and core).
    stretches: tuple = setting(("hip-flexor-stretch", "couch-stretch", "quad-stretch", "pigeon"), NAMES,
                               "stretches of every session, in order (romcam exercise names)")
    strength: tuple = setting(("glute-bridge", "clamshell", "dead-bug", "bird-dog", "plank"), NAMES,
                              "strength exercises, on strength days, after the stretches")
    strength_days: tuple = setting(("mon", "wed", "fri"), NAMES, "days with strength work (mon ... sun)")
    sessions_per_day: int = setting(2, "count", "routine sessions a day to aim for (the protocol: 2-3)", 1, 6)
    weeks: int = setting(6, "count", "length of the programme in weeks (the protocol: 4-6)", 1, 52)
    rest_between_s: float = setting(20.0, "s", "rest between two activities of a session", 0, 600)

    def __post_init__(self) -> None:
        check_ranges(self)
        bad_days = [d for d in self.strength_days if d not in DAYS]
        if bad_days:
            raise ValueError(f"RoutineConfig.strength_days: {bad_days[0]!r} is not one of {', '.join(DAYS)}")


def check_names(cfg: RoutineConfig) -> None:
    """RomcamError naming the first activity the routine asks for that is not an exercise."""
    known = {a.name for a in activities("exercise")}
    for name in cfg.stretches + cfg.strength:
        if name not in known:
            raise RomcamError(f"[routine]: no exercise named {name!r} (known: {', '.join(sorted(known))})")


def todays_plan(cfg: RoutineConfig, day: date) -> list[str]:
    """The exercises of one session on that day, in order."""
    check_names(cfg)
    strength_day = DAYS[day.weekday()] in cfg.strength_days
    return list(cfg.stretches) + (list(cfg.strength) if strength_day else [])
