"""Desk mode's minutes, sitting run, bands and reminders, on a fake clock (no camera, no model)."""

from datetime import datetime, timedelta

import pytest

from romcam.desk.config import DeskConfig
from romcam.desk.day import SittingDay, band
from romcam.desk.minutes import MinuteBook, Observation

NINE = datetime(2026, 12, 7, 9, 0, 0)


def feed(book, day, plan, start=NINE, fps=1.0):
    """plan: [(state, minutes), ...] at `fps` frames per second. -> [(clock time, event), ...]"""
    events, t = [], start
    for state, minutes in plan:
        for _ in range(int(round(minutes * 60 * fps))):
            for minute in book.add(t, Observation(state)):
                events += [(t, e) for e in day.add(minute)]
            t += timedelta(seconds=1 / fps)
    return events, t


@pytest.mark.parametrize("hours, name", [(0, "low"), (3.99, "low"), (4, "moderate"), (6, "high"),
                                         (7.9, "high"), (8, "very high"), (11, "very high")])
def test_the_four_risk_bands(hours, name):
    assert band(hours) == name


def test_minutes_take_the_state_seen_most_and_unsure_frames_decide_nothing():
    book = MinuteBook()
    frames = ["sitting"] * 25 + [None] * 20 + ["standing"] * 15
    done = []
    for i, state in enumerate(frames + ["away"]):
        done += book.add(NINE + timedelta(seconds=i), Observation(state))
    assert [m.state for m in done] == ["sitting"]
    assert done[0].frames == {"sitting": 25, "unsure": 20, "standing": 15}
    assert [m.state for m in book.flush()] == ["away"]
    only_unsure = MinuteBook()
    only_unsure.add(NINE, Observation(None))
    assert only_unsure.flush()[0].state == "unknown"
    mostly_unsure = MinuteBook()  # 40 unsure, 20 sitting: not enough seen to call it sitting
    for i, state in enumerate([None] * 40 + ["sitting"] * 20):
        mostly_unsure.add(NINE + timedelta(seconds=i), Observation(state))
    assert mostly_unsure.flush()[0].state == "unknown"


def test_reminder_exactly_when_the_sitting_run_reaches_the_setting():
    day = SittingDay(DeskConfig(remind_after_min=40))
    events, _ = feed(MinuteBook(), day, [("sitting", 45)])
    reminders = [t for t, e in events if e == "remind"]
    assert reminders == [NINE + timedelta(minutes=40)]  # the first frame of 9:40, at 1 frame/s


def test_reminder_repeats_while_sitting_and_a_snooze_puts_it_off():
    day = SittingDay(DeskConfig(remind_after_min=30, repeat_after_min=10, snooze_min=15))
    book = MinuteBook()
    events, t = feed(book, day, [("sitting", 30.5)])
    assert [e for _, e in events] == ["remind"]
    day.snooze()  # at run 30: the next one at 45, not 40
    more, _ = feed(book, day, [("sitting", 20)], start=t)
    assert [(tt - NINE) / timedelta(minutes=1) for tt, e in more if e == "remind"] == [45.0]


def test_a_minute_of_standing_ends_the_run_short_absences_only_pause_it():
    day = SittingDay(DeskConfig(remind_after_min=40, stood_min=1, away_break_min=5))
    events, _ = feed(MinuteBook(), day, [("sitting", 30), ("away", 3), ("sitting", 12)])
    assert [e for _, e in events] == ["remind"]  # 30 + 10 sitting minutes, the 3 away paused it
    assert day.totals.sitting_min == 41 and day.totals.away_min == 3
    day2 = SittingDay(DeskConfig(remind_after_min=40))
    events, _ = feed(MinuteBook(), day2, [("sitting", 30), ("standing", 1), ("sitting", 20)])
    assert [e for _, e in events] == ["break"]
    assert day2.totals.breaks == 1 and day2.totals.longest_run_min == 30
    day3 = SittingDay(DeskConfig(remind_after_min=40, away_break_min=5))
    events, _ = feed(MinuteBook(), day3, [("sitting", 30), ("away", 5), ("sitting", 20)])
    assert [e for _, e in events] == ["break"]


def test_a_break_after_a_reminder_counts_as_heeded():
    day = SittingDay(DeskConfig(remind_after_min=40))
    feed(MinuteBook(), day, [("sitting", 42), ("standing", 2), ("sitting", 10)])
    assert (day.totals.reminders, day.totals.breaks, day.totals.heeded) == (1, 1, 1)


def test_quiet_hours_silence_reminders():
    day = SittingDay(DeskConfig(remind_after_min=40, quiet_from_h=9, quiet_until_h=9.75))
    events, _ = feed(MinuteBook(), day, [("sitting", 65)])
    assert [(t.strftime("%H:%M"), e) for t, e in events] == [("09:40", "quiet"), ("09:50", "remind"),
                                                             ("10:00", "remind")]
    assert day.totals.reminders == 2
