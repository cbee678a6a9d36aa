"""Desk mode's minutes in the history file: one row per minute, nothing else.

Each row is the minute's state, the sitting run at its end, what happened in it (a reminder,
a break) and, with a leg calibration, the seconds its legs were seen and were crossed, tucked
or perched. The days are summed from these rows (desk_days), so the history
page shows what the person was told at the time, whatever the settings are now.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from romcam.desk.day import DayTotals
from romcam.desk.legs import LEG_POSTURES
from romcam.desk.minutes import Minute
from romcam.errors import RomcamError
from romcam.history.store import _connect

DESK_SCHEMA = """
CREATE TABLE IF NOT EXISTS desk_minutes (
    minute TEXT PRIMARY KEY,          -- ISO 8601 local time with its UTC offset, to the minute
    state TEXT NOT NULL,              -- sitting | standing | away | unknown
    run_min INTEGER NOT NULL DEFAULT 0,  -- the sitting run at the minute's end
    events TEXT NOT NULL DEFAULT '',  -- comma-separated: remind, quiet, break, heeded
    legs_read_s REAL NOT NULL DEFAULT 0,  -- seated seconds whose legs were read
    crossed_s REAL,                   -- ... of them crossed (NULL: not judged for this person)
    tucked_s REAL,
    perched_s REAL
)
"""
LEG_COLUMNS = {"legs_read_s": "REAL NOT NULL DEFAULT 0", "crossed_s": "REAL", "tucked_s": "REAL",
               "perched_s": "REAL"}  # added after the first release


def _open(path: Path, create: bool) -> sqlite3.Connection:
    db = _connect(path, create)
    try:
        db.execute(DESK_SCHEMA)
        have = {row[1] for row in db.execute("PRAGMA table_info(desk_minutes)")}
        for column, kind in LEG_COLUMNS.items():
            if column not in have:  # a history from before the leg columns: they are added, empty
                db.execute(f"ALTER TABLE desk_minutes ADD COLUMN {column} {kind}")
    except sqlite3.DatabaseError as exc:
        db.close()
        raise RomcamError(f"cannot use {path} as romcam's history: {exc}") from None
    return db


def save_minutes(path: Path, rows: list[tuple[Minute, int, list[str]]]) -> None:
    """rows: (minute, sitting run at its end, its events). A minute saved twice keeps the last."""
    if not rows:
        return
    db = _open(path, create=True)
    try:
        with db:
            db.executemany(
                "INSERT OR REPLACE INTO desk_minutes (minute, state, run_min, events, legs_read_s, crossed_s, "
                "tucked_s, perched_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(m.start.isoformat(timespec="minutes"), m.state, run, ",".join(events), m.leg_seconds())
                 + tuple(m.leg_seconds(p) for p in LEG_POSTURES) for m, run, events in rows])
    except sqlite3.DatabaseError as exc:
        raise RomcamError(f"cannot save to romcam's history {path}: {exc}") from None
    finally:
        db.close()


def load_days(path: Path) -> list[DayTotals]:
    """Every day with desk minutes, oldest first ([] when there are none)."""
    if not path.is_file():
        return []
    db = _open(path, create=False)
    try:
        rows = db.execute("SELECT minute, state, run_min, events, legs_read_s, crossed_s, tucked_s, perched_s "
                          "FROM desk_minutes ORDER BY minute").fetchall()
    except sqlite3.DatabaseError as exc:
        raise RomcamError(f"cannot read romcam's history {path}: {exc}") from None
    finally:
        db.close()
    days: dict = {}
    for minute, state, run, events, read_s, *leg_s in rows:
        day = datetime.fromisoformat(minute).date()
        t = days.setdefault(day, DayTotals(day))
        field = f"{state}_min"
        setattr(t, field, getattr(t, field) + 1)
        t.longest_run_min = max(t.longest_run_min, run)
        happened = events.split(",")
        t.reminders += "remind" in happened
        t.breaks += "break" in happened
        t.heeded += "heeded" in happened
        t.add_legs(read_s, dict(zip(LEG_POSTURES, leg_s)))
    return [days[d] for d in sorted(days)]
