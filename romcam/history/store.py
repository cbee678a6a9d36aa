"""Test results over weeks, in one SQLite file: stretching takes 4-6 weeks to show.

One row per tested side per session. The file lives in the user's data folder unless
ROMCAM_HISTORY or --db says otherwise; it is opened, written and closed per call, so a session
interrupted later loses nothing already saved.
"""

from __future__ import annotations

import math
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from romcam.activities.registry import SideMeasure, get as get_activity
from romcam.errors import RomcamError

SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    id INTEGER PRIMARY KEY,
    recorded_at TEXT NOT NULL,       -- ISO 8601, UTC
    test TEXT NOT NULL,              -- hip-extension | thomas
    side TEXT NOT NULL,              -- left | right
    verdict TEXT NOT NULL,
    measure_deg REAL,                -- hip-extension: best trial's peak thigh change; thomas: thigh vs horizontal
    knee_flexion_deg REAL,           -- thomas: the hanging knee's bend
    flags TEXT NOT NULL DEFAULT '',  -- comma-separated
    source TEXT NOT NULL DEFAULT '', -- the video file or camera it came from
    measure_pm_deg REAL,             -- the measure's uncertainty (+-), from the held-out accuracy
    pelvis TEXT NOT NULL DEFAULT '', -- how the low back was checked: tape, markers, waistband, off
    trials TEXT NOT NULL DEFAULT ''  -- every trial of the side, '; '-separated, with its verdict and flags
)
"""


# The programme's log: one row per exercise side done (or skipped) in a routine session or a
# single `romcam exercise` run; a session is all rows that share `session`.
LOG_SCHEMA = """
CREATE TABLE IF NOT EXISTS exercise_log (
    id INTEGER PRIMARY KEY,
    recorded_at TEXT NOT NULL,       -- ISO 8601, UTC
    session TEXT NOT NULL,           -- routine session (or single run) id
    activity TEXT NOT NULL,          -- an exercise name
    side TEXT NOT NULL DEFAULT '',
    unit TEXT NOT NULL DEFAULT '',   -- s (a hold: seconds with good form) | reps
    done REAL NOT NULL DEFAULT 0,    -- seconds held with good form, or reps done
    good REAL NOT NULL DEFAULT 0,    -- the same with good form (holds: = done)
    target REAL NOT NULL DEFAULT 0,
    faults TEXT NOT NULL DEFAULT '', -- comma-separated fault words
    skipped INTEGER NOT NULL DEFAULT 0
)
"""


@dataclass
class LogRow:
    recorded_at: datetime
    session: str
    activity: str
    side: str = ""
    unit: str = ""
    done: float = 0.0
    good: float = 0.0
    target: float = 0.0
    faults: str = ""
    skipped: bool = False


@dataclass
class Entry:
    recorded_at: datetime
    test: str
    side: str
    verdict: str
    measure_deg: float
    knee_flexion_deg: float
    flags: str
    source: str
    measure_pm_deg: float = math.nan
    pelvis: str = ""  # how the low back was checked (tape, markers, waistband, off; "" unknown)
    trials: str = ""  # every trial of the side, "; "-separated


def default_path() -> Path:
    if os.environ.get("ROMCAM_HISTORY"):
        return Path(os.environ["ROMCAM_HISTORY"])
    data = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return data / "romcam" / "history.sqlite"


def _connect(path: Path, create: bool) -> sqlite3.Connection:
    if path.is_dir():
        raise RomcamError(f"{path} is a folder: give romcam's history file (e.g. {path / 'history.sqlite'})")
    if not create and not path.is_file():
        raise RomcamError(f"no history yet at {path}: run `romcam test hip-extension` (or "
                          "`romcam analyze VIDEO --test ... --history`) first")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():  # a person's health record: readable by them only
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        db = sqlite3.connect(path)
        # Write-ahead log: a kill mid-write loses at most the session being written, never the
        # weeks before it.
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(SCHEMA)
        db.execute(LOG_SCHEMA)
        columns = {row[1] for row in db.execute("PRAGMA table_info(results)")}
        if "measure_pm_deg" not in columns:  # a history from before the margins
            db.execute("ALTER TABLE results ADD COLUMN measure_pm_deg REAL")
        for name in ("pelvis", "trials"):  # ... or before the pelvis method and the trials were kept
            if name not in columns:
                db.execute(f"ALTER TABLE results ADD COLUMN {name} TEXT NOT NULL DEFAULT ''")
        db.execute("SELECT recorded_at, test, side, verdict, measure_deg FROM results LIMIT 1")
        return db
    except (sqlite3.DatabaseError, OSError) as exc:
        raise RomcamError(f"cannot use {path} as romcam's history: {exc}") from None


def entries_from(test: str, measures: list[SideMeasure], recorded_at: datetime, source: str = "",
                 margins: dict[str, float] | None = None, pelvis: str = "") -> list[Entry]:
    """One entry per side an activity measured (its typed result's side_measures()); margins:
    the +- of each side's measure (result.json's summary)."""
    margins = margins or {}
    return [Entry(recorded_at, test, m.side, m.verdict, m.measure_deg, m.knee_flexion_deg, ",".join(m.flags), source,
                  _float(margins.get(m.side)), pelvis, "; ".join(m.trials)) for m in measures]


def save(path: Path, entries: list[Entry]) -> None:
    if not entries:
        return
    db = _connect(path, create=True)
    try:
        with db:
            db.executemany(
                "INSERT INTO results (recorded_at, test, side, verdict, measure_deg, knee_flexion_deg,"
                " flags, source, measure_pm_deg, pelvis, trials) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(e.recorded_at.astimezone(timezone.utc).isoformat(timespec="seconds"), e.test, e.side,
                  e.verdict, _nullable(e.measure_deg), _nullable(e.knee_flexion_deg), e.flags, e.source,
                  _nullable(e.measure_pm_deg), e.pelvis, e.trials) for e in entries])
    except sqlite3.DatabaseError as exc:
        raise RomcamError(f"cannot save to romcam's history {path}: {exc}") from None
    finally:
        db.close()


def load(path: Path, test: str | None = None) -> list[Entry]:
    db = _connect(path, create=False)
    try:
        query = ("SELECT recorded_at, test, side, verdict, measure_deg, knee_flexion_deg, flags, source, "
                 "measure_pm_deg, pelvis, trials FROM results" + (" WHERE test = ?" if test else "") + " ORDER BY recorded_at, id")
        rows = db.execute(query, (test,) if test else ()).fetchall()
    except sqlite3.DatabaseError as exc:
        raise RomcamError(f"cannot read romcam's history {path}: {exc}") from None
    finally:
        db.close()
    return [Entry(datetime.fromisoformat(r[0]), r[1], r[2], r[3], _float(r[4]), _float(r[5]), r[6], r[7],
                  _float(r[8]), r[9], r[10]) for r in rows]


def log_rows(session: str, activity: str, items: list, when: datetime) -> list[LogRow]:
    """The log rows of one exercise's LogItems; a skipped row when nothing was done."""
    rows = [LogRow(when, session, activity, i.side, i.unit, i.done, i.good, i.target, ",".join(i.faults))
            for i in items if i.done > 0]
    return rows or [LogRow(when, session, activity, skipped=True)]


def save_log(path: Path, rows: list[LogRow]) -> None:
    db = _connect(path, create=True)
    try:
        with db:
            db.executemany(
                "INSERT INTO exercise_log (recorded_at, session, activity, side, unit, done, good, target, faults,"
                " skipped) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(r.recorded_at.astimezone(timezone.utc).isoformat(timespec="seconds"), r.session, r.activity,
                  r.side, r.unit, r.done, r.good, r.target, r.faults, int(r.skipped)) for r in rows])
    except sqlite3.DatabaseError as exc:
        raise RomcamError(f"cannot save to romcam's history {path}: {exc}") from None
    finally:
        db.close()


def load_log(path: Path) -> list[LogRow]:
    db = _connect(path, create=False)
    try:
        rows = db.execute("SELECT recorded_at, session, activity, side, unit, done, good, target, faults, skipped "
                          "FROM exercise_log ORDER BY recorded_at, id").fetchall()
    except sqlite3.DatabaseError as exc:
        raise RomcamError(f"cannot read romcam's history {path}: {exc}") from None
    finally:
        db.close()
    return [LogRow(datetime.fromisoformat(r[0]), *r[1:5], float(r[5]), float(r[6]), float(r[7]), r[8], bool(r[9]))
            for r in rows]


@dataclass
class Week:
    test: str
    side: str
    week_start: datetime  # Monday
    sessions: int
    best_deg: float  # hip extension: the furthest; thomas: the lowest thigh (the best rested)
    knee_flexion_deg: float  # thomas: the knee of that best session
    verdict: str  # of the week's last session
    best_pm_deg: float = math.nan  # the best session's uncertainty (+-)
    unchecked: int = 0  # sessions not counted as progress (counts_as_progress)
    best_verdict: str = ""  # the verdict of the best session
    pelvis: str = ""  # how the best session's low back was checked


def weekly(entries: list[Entry]) -> list[Week]:
    """Per test, side and calendar week (Monday first)."""
    groups: dict[tuple, list[Entry]] = {}
    for e in entries:
        day = e.recorded_at.astimezone(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
        monday = day - timedelta(days=day.weekday())
        groups.setdefault((e.test, e.side, monday), []).append(e)
    weeks = []
    for (test, side, monday), mine in sorted(groups.items(), key=lambda kv: kv[0]):
        measured = [e for e in mine if math.isfinite(e.measure_deg) and counts_as_progress(e)]
        pick = max if get_activity(test).history.higher_is_better else min
        if measured:
            best = pick(measured, key=lambda e: e.measure_deg)
            weeks.append(Week(test, side, monday, len(mine), best.measure_deg, best.knee_flexion_deg,
                              mine[-1].verdict, best.measure_pm_deg, len(mine) - len(measured), best.verdict,
                              best.pelvis))
        else:
            weeks.append(Week(test, side, monday, len(mine), math.nan, math.nan, mine[-1].verdict,
                              unchecked=len(mine)))
    return weeks


# Only a session whose leg, trunk and low back were all checked, with the torso held, is a
# measure of the hip: the rest is kept and listed, but not charted as progress.
NOT_PROGRESS_VERDICTS = {"unknown", "compensated"}
NOT_PROGRESS_FLAGS = {"pelvis-unseen", "trunk-unseen", "far-leg", "camera-oblique", "unfinished"}


def counts_as_progress(entry: Entry) -> bool:
    flags = set(filter(None, entry.flags.split(",")))
    return entry.verdict not in NOT_PROGRESS_VERDICTS and not flags & NOT_PROGRESS_FLAGS


def trend(weeks: list[Week]) -> dict[tuple[str, str], str]:
    """Per (test, side): the change from the first week to the latest, in words."""
    out = {}
    for key in sorted({(w.test, w.side) for w in weeks}):
        mine = [w for w in weeks if (w.test, w.side) == key and math.isfinite(w.best_deg)]
        # numbers read with different pelvis methods are not joined into one trend
        other_method = [w for w in mine if w.pelvis != mine[-1].pelvis] if mine else []
        mine = [w for w in mine if w not in other_method]
        note = (f" ({len(other_method)} week{'s' if len(other_method) != 1 else ''} measured with another "
                f"pelvis method left out)" if other_method else "")
        if len(mine) < 2:
            out[key] = "one week so far: test again next week to see a trend" + note
            continue
        first, last = mine[0], mine[-1]
        n_weeks = round((last.week_start - first.week_start).days / 7)
        change = last.best_deg - first.best_deg
        measure = get_activity(key[0]).history
        better = change > 0 if measure.higher_is_better else change < 0
        word = "better" if better else "worse" if change else "unchanged"
        # A change inside the two measurements' uncertainty may be measurement error alone.
        margin = math.hypot(first.best_pm_deg, last.best_pm_deg)
        if math.isfinite(margin) and abs(change) <= margin:
            word = f"within the +-{margin:.1f} deg uncertainty: no clear change"
        out[key] = (f"{measure.name} {first.best_deg:+.1f} -> {last.best_deg:+.1f} deg over "
                    f"{n_weeks} week{'s' if n_weeks != 1 else ''} ({change:+.1f}, {word})" + note)
    return out


def _nullable(value: float) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _float(value) -> float:
    return math.nan if value is None else float(value)
