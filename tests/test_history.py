"""History over weeks: a real SQLite file, and results added by the real commands."""

import json
import math
import sqlite3
from datetime import datetime, timezone

import numpy as np
import pytest
from typer.testing import CliRunner

from romcam.cli.main import app
from romcam.activities.registry import SideMeasure
from romcam.history.store import entries_from, load, save, trend, weekly
from tests.conftest import needs
from tests.test_report import CHROMIUM, chromium


def day(s: str) -> datetime:
    return datetime.fromisoformat(s).replace(tzinfo=timezone.utc)


def hip_result(left: float, right: float, right_verdict: str = "limited") -> list[SideMeasure]:
    return [SideMeasure("left", "normal", left), SideMeasure("right", right_verdict, right, flags=("lumbar-arch",))]


def test_sessions_are_kept_per_side_and_grouped_by_calendar_week(tmp_path):
    db = tmp_path / "h.sqlite"
    # Wed and Sun of one week, then the Monday of the next, then four weeks later.
    for when, right in (("2026-11-04", 6.0), ("2026-11-08", 7.5), ("2026-11-09", 8.0), ("2026-12-07", 12.5)):
        save(db, entries_from("hip-extension", hip_result(13.0, right), day(when), "cam"))
    entries = load(db)
    assert len(entries) == 8 and {e.side for e in entries} == {"left", "right"}
    assert entries[1].flags == "lumbar-arch" and entries[1].source == "cam"
    right = [w for w in weekly(entries) if w.side == "right"]
    assert [w.week_start.date().isoformat() for w in right] == ["2026-11-02", "2026-11-09", "2026-12-07"]
    assert [w.sessions for w in right] == [2, 1, 1]
    assert [w.best_deg for w in right] == [7.5, 8.0, 12.5]  # the furthest of the week
    words = trend(weekly(entries))
    assert words[("hip-extension", "right")] == "hip extension +7.5 -> +12.5 deg over 5 weeks (+5.0, better)"
    assert words[("hip-extension", "left")].endswith("(+0.0, unchanged)")


def test_thomas_thigh_going_down_is_progress(tmp_path):
    db = tmp_path / "h.sqlite"
    for when, thigh, knee in (("2026-11-02", 8.0, 70.0), ("2026-11-23", -2.0, 84.0)):
        save(db, entries_from("thomas", [SideMeasure("left", "x", thigh, knee)], day(when)))
    weeks = weekly(load(db, "thomas"))
    assert [(w.best_deg, w.knee_flexion_deg) for w in weeks] == [(8.0, 70.0), (-2.0, 84.0)]
    assert trend(weeks)[("thomas", "left")].endswith("(-10.0, better)")
    assert load(db, "hip-extension") == []


def test_results_without_a_test_add_nothing(tmp_path):
    assert entries_from("hip-extension", [], day("2026-11-02")) == []
    db = tmp_path / "h.sqlite"
    save(db, [])
    assert not db.exists()


def test_unreadable_history_is_a_one_line_error(tmp_path):
    bad = tmp_path / "h.sqlite"
    bad.write_text("not a database")
    res = CliRunner().invoke(app, ["history", "--db", str(bad)])
    assert res.exit_code == 2
    assert res.output.strip().startswith("romcam: error: cannot use") and res.output.count("\n") == 1
    assert bad.read_text() == "not a database"  # never overwritten
    res = CliRunner().invoke(app, ["history", "--db", str(tmp_path / "none.sqlite")])
    assert res.exit_code == 2 and "no history yet" in res.output


@pytest.mark.model
def test_analyze_adds_the_verdict_to_history_dated_by_the_video(samples, tmp_path):
    import os
    import shutil

    video = tmp_path / "monday.mp4"
    shutil.copy(samples / "truth" / "hx_man_left_above.mp4", video)
    stamp = day("2026-11-02T09:30:00").timestamp()
    os.utime(video, (stamp, stamp))
    db = tmp_path / "h.sqlite"
    res = CliRunner().invoke(app, ["analyze", str(video), "--test", "hip-extension", "--no-video",
                                   "--out", str(tmp_path / "out"), "--history", "--db", str(db)])
    assert res.exit_code == 0, res.output
    result = json.loads((tmp_path / "out" / "result.json").read_text())
    (entry,) = load(db)
    assert entry.recorded_at == day("2026-11-02T09:30:00")
    assert (entry.test, entry.side, entry.source) == ("hip-extension", "left", "monday.mp4")
    assert entry.verdict == result["summary"]["left"]["verdict"] == "above-norm"
    assert entry.measure_deg == pytest.approx(result["summary"]["left"]["peak_thigh_vs_vertical_deg"])
    assert math.isnan(entry.knee_flexion_deg)
    shown = CliRunner().invoke(app, ["history", "--db", str(db)])
    assert shown.exit_code == 0 and "2026-11-02" in shown.output and "above-norm" in shown.output
    with sqlite3.connect(db) as con:  # a plain SQLite file others can read
        assert con.execute("SELECT count(*) FROM results").fetchone() == (1,)


@needs(bool(CHROMIUM), "Chromium")
def test_history_page_in_a_real_browser(tmp_path):
    db = tmp_path / "h.sqlite"
    for when, right in (("2026-10-05", 5.1), ("2026-10-19", 8.0), ("2026-11-16", 10.6)):
        save(db, entries_from("hip-extension", hip_result(12.0, right), day(when)))
    page = tmp_path / "history.html"
    res = CliRunner().invoke(app, ["history", "--db", str(db), "--html", str(page)])
    assert res.exit_code == 0, res.output
    dom = chromium("--dump-dom", page.as_uri(), user_dir=tmp_path / "profile").stdout
    assert dom.count("<svg") == 2 and dom.count("<circle") == 6  # a chart per side, a point per week
    assert "hip extension +5.1 -&gt; +10.6 deg over 6 weeks (+5.5, better)" in dom
    assert "http://" not in dom and "https://" not in dom  # self-contained


def test_margins_are_kept_and_a_change_inside_them_is_no_clear_change(tmp_path):
    from datetime import datetime, timedelta, timezone

    from romcam.activities.registry import SideMeasure
    from romcam.history.store import entries_from, load, save, trend, weekly

    db = tmp_path / "h.sqlite"
    start = datetime(2026, 11, 2, 9, tzinfo=timezone.utc)
    save(db, entries_from("hip-extension", [SideMeasure("right", "limited", 8.0)], start, "a", {"right": 1.5}))
    save(db, entries_from("hip-extension", [SideMeasure("right", "limited", 9.5)], start + timedelta(weeks=2), "b",
                          {"right": 1.5}))
    entries = load(db)
    assert [e.measure_pm_deg for e in entries] == [1.5, 1.5]
    words = trend(weekly(entries))[("hip-extension", "right")]
    assert "no clear change" in words and "+-2.1" in words
    save(db, entries_from("hip-extension", [SideMeasure("right", "normal", 12.0)], start + timedelta(weeks=4), "c",
                          {"right": 1.5}))
    assert trend(weekly(load(db)))[("hip-extension", "right")].endswith("better)")


def test_a_history_from_before_the_margins_is_upgraded(tmp_path):
    import sqlite3
    from datetime import datetime, timezone

    from romcam.activities.registry import SideMeasure
    from romcam.history.store import entries_from, load, save

    db = tmp_path / "old.sqlite"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE results (id INTEGER PRIMARY KEY, recorded_at TEXT NOT NULL, test TEXT NOT NULL, "
                "side TEXT NOT NULL, verdict TEXT NOT NULL, measure_deg REAL, knee_flexion_deg REAL, "
                "flags TEXT NOT NULL DEFAULT '', source TEXT NOT NULL DEFAULT '')")
    con.execute("INSERT INTO results (recorded_at, test, side, verdict, measure_deg) VALUES "
                "('2026-11-02T09:00:00+00:00', 'hip-extension', 'left', 'normal', 11.0)")
    con.commit()
    con.close()
    save(db, entries_from("hip-extension", [SideMeasure("left", "normal", 12.0)],
                          datetime(2026, 11, 9, tzinfo=timezone.utc), "new", {"left": 1.2}))
    old, new = load(db)
    assert old.measure_deg == 11.0 and old.measure_pm_deg != old.measure_pm_deg  # NaN: unknown
    assert new.measure_pm_deg == 1.2


def test_only_fully_checked_sessions_count_as_progress(tmp_path):
    db = tmp_path / "h.sqlite"
    sessions = [("2026-11-02", SideMeasure("right", "limited", 7.0)),
                ("2026-11-10", SideMeasure("right", "normal", 14.0, flags=("pelvis-unseen",))),
                ("2026-11-11", SideMeasure("right", "compensated", 16.0, flags=("lumbar-arch",))),
                ("2026-11-12", SideMeasure("right", "unknown", 15.0, flags=("trunk-unseen",))),
                ("2026-11-17", SideMeasure("right", "limited", 8.0, flags=("unfinished",)))]
    for when, measure in sessions:
        save(db, entries_from("hip-extension", [measure], day(when), "cam"))
    entries = load(db)
    assert len(entries) == 5  # every session is kept
    weeks = weekly(entries)
    assert [(w.sessions, w.unchecked) for w in weeks] == [(1, 0), (3, 3), (1, 1)]
    assert weeks[0].best_deg == 7.0 and all(math.isnan(w.best_deg) for w in weeks[1:])
    assert trend(weeks)[("hip-extension", "right")].startswith("one week so far")


def test_numbers_from_different_pelvis_methods_are_not_joined(tmp_path):
    db = tmp_path / "h.sqlite"
    for when, right, method in (("2026-11-02", 6.0, "waistband"), ("2026-11-09", 9.0, "tape"),
                                ("2026-11-16", 11.0, "tape")):
        save(db, entries_from("hip-extension", [SideMeasure("right", "limited", right)], day(when), "cam",
                              pelvis=method))
    entries = load(db)
    assert [e.pelvis for e in entries] == ["waistband", "tape", "tape"]
    words = trend(weekly(entries))[("hip-extension", "right")]
    assert words.startswith("hip extension +9.0 -> +11.0 deg over 1 week")
    assert words.endswith("(1 week measured with another pelvis method left out)")


def test_every_trial_of_a_session_is_kept_with_its_flags(tmp_path):
    from romcam.activities.hip_extension import HipExtensionConfig, analyse
    from tests.activity_streams import lifts

    t, a = lifts([8.0, 16.0], lean_deg=0.0)
    a["trunk_lean_deg"] = np.where(t > 5.0, 0.6 * a["right_thigh_vs_vertical_deg"], 0.0)  # leans in the second
    result = analyse(t, a, HipExtensionConfig(), "right")
    assert [tr.verdict for tr in result.trials] == ["limited", "compensated"]
    db = tmp_path / "h.sqlite"
    save(db, entries_from("hip-extension", result.side_measures(), day("2026-11-02"), "cam", pelvis="tape"))
    (entry,) = load(db)
    assert entry.verdict == "limited"  # the side's verdict: its best clean trial
    assert "8.0 deg limited" in entry.trials and "16.0 deg compensated (trunk-lean)" in entry.trials


def test_the_history_file_is_the_users_alone_and_write_ahead_logged(tmp_path):
    db = tmp_path / "new" / "h.sqlite"
    save(db, entries_from("hip-extension", hip_result(13.0, 8.0), day("2026-11-02"), "cam"))
    assert db.stat().st_mode & 0o077 == 0
    assert sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_programme_adherence_and_tests_share_the_page_in_a_real_browser(tmp_path):
    from datetime import timedelta

    from romcam.activities.registry import LogItem
    from romcam.history.store import log_rows, save_log

    db = tmp_path / "h.sqlite"
    start = datetime.now(timezone.utc).replace(hour=12, minute=0, second=0, microsecond=0) - timedelta(days=20)
    rows = []
    for n in range(21):  # three weeks: two sessions a day, one on Sundays, none on day 10
        when = start + timedelta(days=n)
        for hour in ((0,) if when.weekday() == 6 else (0, 4)) if n != 10 else ():
            rows += log_rows(f"routine-{n}-{hour}", "hip-flexor-stretch",
                             [LogItem("right", "s", 30.0, 30.0, 30.0)], when + timedelta(hours=hour))
    save_log(db, rows)
    for n, right in ((0, 5.1), (7, 7.9), (14, 10.2)):
        save(db, entries_from("hip-extension", hip_result(12.0, right), start + timedelta(days=n)))
    page = tmp_path / "history.html"
    res = CliRunner().invoke(app, ["history", "--db", str(db), "--html", str(page)])
    assert res.exit_code == 0, res.output
    assert "programme: week 3 of 6" in res.output
    dom = chromium("--dump-dom", page.as_uri(), user_dir=tmp_path / "profile").stdout
    assert "Your programme: week 3 of 6" in dom
    assert dom.count("session(s)</title></rect>") == 21  # a bar per day, the empty day too
    assert dom.count("hip-extension right:") == 3 and dom.count("hip-extension left:") == 3
    if CHROMIUM:
        chromium("--window-size=1000,1300", f"--screenshot={tmp_path / 'history.png'}", page.as_uri(),
                 user_dir=tmp_path / "profile2")
        assert (tmp_path / "history.png").stat().st_size > 10_000
