"""The legs at the desk: features, the person's calibration, the per-minute seconds and the history.

Synthetic world landmarks (metres about the hips, y down) stand in for the model: pure math."""

import sqlite3
from datetime import datetime, timedelta

import numpy as np
import pytest

from romcam.desk.day import LEGS_JUDGED_MIN_S, SittingDay
from romcam.desk.legs import (HOLD_S, ORDINARY, SETTLE_S, STEP_S, STEPS, UNSURE, LegCalibration,
                              LegCalibrator, LegReader, leg_features)
from romcam.desk.minutes import MinuteBook, Observation
from romcam.history.desk_log import load_days, save_minutes
from romcam.pose.landmarks import Landmark as L
from romcam.pose.records import Pose
from romcam.render.desk_chart import desk_section

MIRROR = {L.LEFT_HIP: L.RIGHT_HIP, L.LEFT_KNEE: L.RIGHT_KNEE, L.LEFT_ANKLE: L.RIGHT_ANKLE,
          L.LEFT_SHOULDER: L.RIGHT_SHOULDER}


def seated(knee_l=(0.45, 0.0), ankle_l=(0.45, 0.45), knee_r=(0.45, 0.0), ankle_r=(0.45, 0.45),
           cross: float = 0.0, visible: float = 0.9) -> Pose:
    """A seated body seen from the side: x forward, y down, z to the person's left. (forward, down)
    pairs for the knees and ankles; cross moves the left knee this far over to the right."""
    world = np.zeros((33, 3))
    world[L.LEFT_HIP], world[L.RIGHT_HIP] = (0, 0, 0.09), (0, 0, -0.09)
    world[L.LEFT_SHOULDER], world[L.RIGHT_SHOULDER] = (-0.05, -0.5, 0.18), (-0.05, -0.5, -0.18)
    world[L.LEFT_KNEE] = (knee_l[0], knee_l[1], 0.1 - cross)
    world[L.RIGHT_KNEE] = (knee_r[0], knee_r[1], -0.1)
    world[L.LEFT_ANKLE] = (ankle_l[0], ankle_l[1], 0.1 - cross)
    world[L.RIGHT_ANKLE] = (ankle_r[0], ankle_r[1], -0.1)
    return Pose(xy=np.zeros((33, 2)), world=world, visibility=np.full(33, visible))


ORDINARY_POSE = seated()
CROSSED_POSE = seated(knee_l=(0.45, -0.12), ankle_l=(0.55, 0.3), cross=0.2)
TUCKED_POSE = seated(ankle_l=(0.2, 0.4), ankle_r=(0.22, 0.4))
PERCHED_POSE = seated(knee_l=(0.4, 0.2), ankle_l=(0.45, 0.62), knee_r=(0.4, 0.2), ankle_r=(0.45, 0.62))
BY_NAME = {ORDINARY: ORDINARY_POSE, "crossed": CROSSED_POSE, "tucked": TUCKED_POSE, "perched": PERCHED_POSE}


def jitter(pose: Pose, rng, sd: float = 0.005) -> Pose:
    return Pose(pose.xy, pose.world + rng.normal(0, sd, pose.world.shape), pose.visibility)


def calibrated(skip: tuple = (), like_ordinary: tuple = ()) -> LegCalibration:
    """A calibration taken the way desk mode takes it: the steps on a clock, a look a second."""
    rng = np.random.default_rng(1)
    calibrator = LegCalibrator()
    for second in range(int(len(STEPS) * STEP_S)):
        posture = STEPS[calibrator.step(second)][0]
        shown = ORDINARY if posture in like_ordinary else posture
        calibrator.add(second, None if posture in skip else jitter(BY_NAME[shown], rng))
    return calibrator.result()


def test_the_features_are_the_same_whichever_leg_crosses_over():
    mirrored = CROSSED_POSE.world.copy()
    for a, b in MIRROR.items():
        mirrored[[a, b]] = mirrored[[b, a]]
    mirrored[:, 2] *= -1
    assert np.allclose(leg_features(CROSSED_POSE.world), leg_features(mirrored))


def test_a_calibration_judges_each_look_by_the_persons_own_four_ways():
    calibration = calibrated()
    assert calibration.judged == ("crossed", "tucked", "perched") and not calibration.notes
    rng = np.random.default_rng(2)
    for name, pose in BY_NAME.items():
        reader = LegReader(calibration)
        said = [reader.read(jitter(pose, rng)) for _ in range(5)]
        assert said[-1] == name


def test_only_the_hold_of_each_step_is_recorded_not_the_move_into_it():
    calibrator = LegCalibrator()
    for second in range(int(STEP_S)):
        calibrator.add(second, ORDINARY_POSE)
    assert len(calibrator.looks[ORDINARY]) == int(HOLD_S - SETTLE_S)
    assert calibrator.step(len(STEPS) * STEP_S) is None


def test_a_posture_not_seen_or_not_told_from_ordinary_sitting_is_not_judged():
    calibration = calibrated(skip=("tucked",), like_ordinary=("perched",))
    assert calibration.judged == ("crossed",)
    assert "not in view" in calibration.notes["tucked"] and "too much like" in calibration.notes["perched"]
    # Perched legs are then at most "ordinary" or unsure, never called perched.
    reader = LegReader(calibration)
    assert all(reader.read(PERCHED_POSE) != "perched" for _ in range(5))


def test_without_ordinary_sitting_in_view_nothing_is_judged():
    calibration = calibrated(skip=(ORDINARY,))
    assert calibration.judged == ()
    assert LegReader(calibration).read(CROSSED_POSE) is None


def test_legs_out_of_view_are_not_read_and_legs_unlike_all_four_are_unsure():
    reader = LegReader(calibrated())
    assert reader.read(seated(visible=0.1)) is None
    odd = seated(knee_l=(0.0, -0.45), ankle_l=(0.45, -0.45), knee_r=(0.0, -0.45), ankle_r=(0.45, -0.45))
    assert reader.read(odd) == UNSURE


def test_a_calibration_survives_its_file():
    calibration = calibrated(skip=("tucked",))
    again = LegCalibration.from_json(calibration.to_json())
    assert again.judged == calibration.judged and again.notes == calibration.notes
    assert again.judge(leg_features(CROSSED_POSE.world)) == "crossed"


def minute_of_looks(book: MinuteBook, start: datetime, legs: list, judged=("crossed", "tucked", "perched")):
    done = []
    for i, posture in enumerate(legs):
        done += book.add(start + timedelta(seconds=i * 60 / len(legs)), Observation("sitting", posture, judged))
    return done


def test_a_minute_keeps_its_seconds_per_posture_and_none_for_a_posture_not_judged(tmp_path):
    book, start = MinuteBook(), datetime(2026, 12, 7, 9, 0).astimezone()
    minute_of_looks(book, start, ["crossed"] * 30 + [ORDINARY] * 15 + [UNSURE] * 5 + [None] * 10,
                    judged=("crossed", "perched"))
    minute = minute_of_looks(book, start + timedelta(minutes=1), [ORDINARY] * 60)[0]
    assert minute.leg_seconds() == pytest.approx(50.0)
    assert minute.leg_seconds("crossed") == pytest.approx(30.0)
    assert minute.leg_seconds("perched") == 0.0 and minute.leg_seconds("tucked") is None


def test_the_history_keeps_the_legs_and_says_not_judged_where_they_were_not(tmp_path):
    db, book, day = tmp_path / "history.sqlite", MinuteBook(), SittingDay()
    start = datetime(2026, 12, 7, 9, 0).astimezone()
    rows = []
    for m in range(21):  # 20 whole minutes: a quarter of each crossed
        for minute in minute_of_looks(book, start + timedelta(minutes=m), ["crossed"] * 15 + [ORDINARY] * 45,
                                      judged=("crossed", "perched")):
            day.add(minute)
            rows.append((minute, day.run_min, []))
    save_minutes(db, rows)
    stored = load_days(db)[0]
    assert stored.legs_per_hour("crossed") == pytest.approx(900.0) == day.totals.legs_per_hour("crossed")
    assert stored.legs_per_hour("perched") == 0.0 and stored.legs_per_hour("tucked") is None
    page = desk_section([stored])
    assert "legs crossed 900 s/h" in page and "feet tucked not judged" in page


def test_a_day_with_few_judged_minutes_says_nothing_of_the_legs():
    day = SittingDay()
    book, start = MinuteBook(), datetime(2026, 12, 7, 9, 0).astimezone()
    for m in range(int(LEGS_JUDGED_MIN_S // 60) - 1):
        for minute in minute_of_looks(book, start + timedelta(minutes=m), ["crossed"] * 60):
            day.add(minute)
    assert day.totals.legs_per_hour("crossed") is None
    assert "is not judged" in desk_section([day.totals])


def test_a_history_from_before_the_legs_gains_their_columns_empty(tmp_path):
    db = tmp_path / "history.sqlite"
    with sqlite3.connect(db) as old:
        old.execute("CREATE TABLE desk_minutes (minute TEXT PRIMARY KEY, state TEXT NOT NULL, "
                    "run_min INTEGER NOT NULL DEFAULT 0, events TEXT NOT NULL DEFAULT '')")
        old.execute("INSERT INTO desk_minutes VALUES ('2026-12-01T09:00+00:00', 'sitting', 1, '')")
    old.close()
    [day] = load_days(db)
    assert day.sitting_min == 1 and day.legs_per_hour("crossed") is None
    book = MinuteBook()
    minute = minute_of_looks(book, datetime(2026, 12, 1, 9, 1).astimezone(), ["crossed"] * 60)
    save_minutes(db, [(m, 2, []) for m in minute + book.flush()])
    assert len(load_days(db)) >= 1
