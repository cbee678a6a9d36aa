"""The programme: today's plan from the config, the exercise log in a real SQLite history file,
adherence (sessions per day against the target, streaks, weeks) and spoken cues."""

from __future__ import annotations

import wave
from datetime import date, datetime, timedelta, timezone

import pytest

from romcam.activities.registry import LogItem
from romcam.errors import RomcamError
from romcam.history.store import LogRow, load_log, log_rows, save_log
from romcam.programme.adherence import adherence
from romcam.programme.routine import RoutineConfig, todays_plan

MONDAY, SATURDAY = date(2026, 11, 30), date(2026, 12, 5)


def test_strength_work_only_on_strength_days():
    cfg = RoutineConfig()
    stretches = ["hip-flexor-stretch", "couch-stretch", "quad-stretch", "pigeon"]
    assert todays_plan(cfg, MONDAY) == stretches + ["glute-bridge", "clamshell", "dead-bug", "bird-dog", "plank"]
    assert todays_plan(cfg, SATURDAY) == stretches


def test_the_routine_config_refuses_what_it_cannot_follow():
    with pytest.raises(ValueError, match="strength_days"):
        RoutineConfig(strength_days=("monday",))
    with pytest.raises(ValueError, match="sessions_per_day"):
        RoutineConfig(sessions_per_day=0)
    with pytest.raises(RomcamError, match="no exercise named 'splits'"):
        todays_plan(RoutineConfig(stretches=("splits",)), MONDAY)
    with pytest.raises(RomcamError, match="hip-extension"):  # a test is not an exercise
        todays_plan(RoutineConfig(strength=("hip-extension",)), MONDAY)


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=timezone.utc).astimezone()


def routine_rows(day: date, hour: int, done: bool = True) -> list[LogRow]:
    items = [LogItem("right", "s", 30.0, 30.0, 30.0)] if done else []
    return log_rows(f"routine-{day}-{hour}", "hip-flexor-stretch", items, at(day, hour))


def test_the_log_round_trips_through_sqlite_and_adherence_counts_sessions(tmp_path):
    db = tmp_path / "history.sqlite"
    start = date(2026, 11, 2)  # a Monday
    rows = []
    for n in range(12):  # two sessions a day for 12 days, except day 5 (one) and day 8 (none)
        day = start + timedelta(n)
        if n != 8:
            rows += routine_rows(day, 8)
        if n not in (5, 8):
            rows += routine_rows(day, 12)
    rows += routine_rows(start + timedelta(8), 18, done=False)  # opened, everything skipped
    save_log(db, rows)
    loaded = load_log(db)
    assert len(loaded) == len(rows) and sum(r.skipped for r in loaded) == 1
    assert loaded[0].done == 30.0 and loaded[0].activity == "hip-flexor-stretch"

    today = start + timedelta(11)
    a = adherence(loaded, sessions_per_day=2, weeks=6, today=today)
    assert a.start == start and a.week == 2
    assert [d.sessions for d in a.days][4:9] == [2, 1, 2, 2, 0]
    assert a.streak == 3  # days 9, 10, 11
    assert a.days_per_week() == [7, 4]  # the skipped-only day 8 has no session

    later = adherence(loaded, 2, 6, today + timedelta(1))  # today not done yet: the streak holds
    assert later.streak == 3 and later.days[-1].sessions == 0
    assert adherence([], 2, 6, today) is None


def test_an_exercise_with_nothing_done_is_logged_as_skipped():
    (row,) = log_rows("s1", "glute-bridge", [], at(MONDAY, 9))
    assert row.skipped and row.done == 0


def test_spoken_cues_are_real_speech_and_not_repeated(tmp_path):
    from romcam.io.speech import Speaker

    speaker = Speaker(min_gap_s=2.0, record_dir=tmp_path)
    assert speaker.available, "espeak-ng is needed for spoken cues (.ci/run installs it)"
    assert speaker.say("Tuck your tailbone", now=0.0)
    speaker.close()
    assert not speaker.say("Tuck your tailbone", now=10.0)  # the same cue twice in a row is said once
    assert speaker.say("Lift your chest", now=10.0)
    speaker.close()
    assert not speaker.say("Too soon after the last cue", now=10.5)
    assert speaker.say("Next: plank", now=10.5, announce=True)  # a new exercise is always said
    speaker.close()
    assert speaker.say("And the cues go on after it", now=13.5)
    for name in ("000.wav", "001.wav", "002.wav"):
        with wave.open(str(tmp_path / name)) as w:
            assert w.getnframes() / w.getframerate() > 0.5  # half a second of speech at least
    assert not Speaker(mute=True).available


def test_the_rest_screen_counts_down_with_an_emptying_bar():
    from romcam.render.overlay import GUIDE_COLOUR
    from romcam.render.rest_screen import rest_screen

    def bar_share(left: float) -> float:
        image = rest_screen(left, 20.0, 2, 6, "couch-stretch", "couch stretch: shin up the wall")
        row = image[int(image.shape[0] * 0.58) + 5]
        return float((row == GUIDE_COLOUR).all(axis=1).sum()) / (0.6 * image.shape[1])

    assert bar_share(20.0) == pytest.approx(1.0, abs=0.01)
    assert bar_share(5.0) == pytest.approx(0.25, abs=0.01)
    assert bar_share(0.0) == 0.0


def test_clamshell_lying_across_the_picture_is_asked_for():
    from romcam.activities.clamshell import NOT_STACKED, ClamshellRules, view_problems

    assert view_problems({"hip_stack_ratio": 0.05}, ClamshellRules()) == [NOT_STACKED]  # seen from the feet
    assert view_problems({"hip_stack_ratio": 0.4}, ClamshellRules()) == []
