"""Desk mode end to end without the camera: a scripted working day on a fake clock through the
session (minutes, sitting runs, reminders), into a real SQLite history, and a simulated week on
the history page in a real browser."""

import time
from datetime import datetime, timedelta

from typer.testing import CliRunner

from romcam.cli.main import app
from romcam.desk.alerts import Reminders
from romcam.desk.config import DeskConfig
from romcam.desk.minutes import Observation
from romcam.desk.session import DeskSession
from romcam.history.desk_log import load_days, save_minutes
from tests.test_report import CHROMIUM, chromium

# A working morning: (state, minutes). None: someone there, posture not seen.
MORNING = [("sitting", 50), ("standing", 2), ("sitting", 25), ("away", 3), ("sitting", 30), (None, 2),
           ("sitting", 20), ("away", 12), ("sitting", 45), ("standing", 1), ("sitting", 30), ("away", 20)]


def run_day(db, start, plan=MORNING, config=DeskConfig(), fps=1.0):
    said = []
    reminders = Reminders(sound=False, desktop=False, log=said.append)
    session = DeskSession(config, reminders, lambda rows: save_minutes(db, rows))
    t = start
    for state, minutes in plan:
        for _ in range(int(minutes * 60 * fps)):
            session.observe(t, Observation(state))
            t += timedelta(seconds=1 / fps)
    session.finish()
    return session, said


def test_a_four_hour_day_in_well_under_a_minute_with_reminders_on_the_minute(tmp_path):
    db = tmp_path / "history.sqlite"
    nine = datetime(2026, 12, 7, 9, 0).astimezone()
    started = time.perf_counter()
    session, said = run_day(db, nine)
    elapsed = time.perf_counter() - started
    assert sum(m for _, m in MORNING) == 240 and elapsed < 60
    at = [(t.strftime("%H:%M:%S"), e) for t, e in session.events]
    # Reminders at 40 sitting minutes and every 10 after; 3 minutes away only pause the run
    # (9:52-10:50 is one run of 55 min), 2 unknown minutes change nothing (10:52-11:12 goes on to
    # 75); a minute standing or 5 away end it (a break, "heeded" after a reminder).
    assert [t for t, e in at if e == "remind"] == ["09:40:00", "09:50:00", "10:35:00", "10:45:00", "10:57:00",
                                                   "11:07:00", "12:04:00"]
    assert [t for t, e in at if e == "break"] == ["09:51:00", "11:17:00", "12:10:00", "12:45:00"]
    assert [t for t, e in at if e == "heeded"] == ["09:51:00", "11:17:00", "12:10:00"]
    assert len(said) == 7 and all("minutes sitting" in line for line in said)
    day = session.day.totals
    assert day.sitting_min == 200 and day.longest_run_min == 75
    assert (day.breaks, day.reminders, day.heeded) == (4, 7, 3)
    stored = load_days(db)
    assert len(stored) == 1
    s = stored[0]
    assert (s.sitting_min, s.standing_min, s.away_min, s.unknown_min) == (200, 3, 35, 2)
    assert (s.longest_run_min, s.breaks, s.reminders, s.heeded) == (day.longest_run_min, day.breaks,
                                                                  day.reminders, day.heeded)
    assert s.band == "low"


def test_a_simulated_week_on_the_history_page(tmp_path):
    db = tmp_path / "history.sqlite"
    monday = datetime(2026, 12, 7, 8, 30).astimezone()
    for i, extra in enumerate([0, 60, 120, 180, 240]):  # longer days through the week
        plan = MORNING + [("sitting", 40)] * (1 + extra // 40) + [("away", 30)]
        run_day(db, monday + timedelta(days=i), plan)
    days = load_days(db)
    assert [d.day.weekday() for d in days] == [0, 1, 2, 3, 4]
    assert [d.band for d in days] == sorted([d.band for d in days], key=["low", "moderate", "high",
                                                                        "very high"].index)
    res = CliRunner().invoke(app, ["history", "--db", str(db), "--html", str(tmp_path / "history.html")])
    assert res.exit_code == 0, res.output
    assert res.output.count("desk ") == 5 and f"({days[-1].band})" in res.output
    if CHROMIUM:
        dom = chromium("--dump-dom", (tmp_path / "history.html").as_uri(), user_dir=tmp_path / "profile").stdout
        assert "Sitting at the desk" in dom
        assert dom.count("h sitting (") == 5  # a bar per day, with its band in its title
