"""Hold timing, form faults and rep counting on synthetic angle streams (pure logic)."""

import math

import numpy as np
import pytest

from romcam.activities.blocks import HoldTimer
from romcam.activities.quad_stretch import (FAULT_CUES, TUCK_NOT_CHECKED, NeutralStance, StretchForm, StretchRules,
                                            cue_lines, stretch_hold)

BASE = {"trunk": 2.0, "thigh": 1.0, "tilt": 10.0}


def stretch_angles(knee=120.0, thigh=5.0, lean=0.0, tilt=-8.0, side="right") -> dict:
    """One frame, values as changes from BASE (knee absolute); the pelvis tucked 8 deg by default."""
    return {f"{side}_knee_flexion_deg": knee, f"{side}_thigh_vs_vertical_deg": BASE["thigh"] + thigh,
            "trunk_lean_deg": BASE["trunk"] + lean, "pelvic_tilt_deg": BASE["tilt"] + tilt}


def test_timer_counts_only_between_right_frames():
    timer = HoldTimer()
    pattern = [True] * 31 + [False] * 10 + [True] * 31  # 1 s right, a lapse, 1 s right (30 fps)
    for i, right in enumerate(pattern):
        timer.update(i / 30, right)
    assert timer.held_s == pytest.approx(2.0)
    assert timer.longest_s == pytest.approx(1.0)
    assert timer.breaks == 1


def test_timer_ignores_a_long_gap_between_frames():
    timer = HoldTimer(max_gap_s=0.5)
    for t in (0.0, 0.1, 0.2, 3.0, 3.1):  # the person left the picture for nearly 3 s
        timer.update(t, True)
    assert timer.held_s == pytest.approx(0.3)


@pytest.mark.parametrize("frame, fault", [
    (stretch_angles(knee=70), "knee-not-bent"),
    (stretch_angles(thigh=-12), "knee-forward"),
    (stretch_angles(lean=14), "trunk-lean"),
    (stretch_angles(tilt=0), "tuck-lost"),
])
def test_each_fault_is_seen_against_the_neutral_stance(frame, fault):
    form = StretchForm("right", BASE, StretchRules())
    assert form.update(stretch_angles()) == set()
    assert form.update(frame) == {fault}


def test_the_tuck_gate_and_an_arching_back_have_one_cue():
    form = StretchForm("right", BASE, StretchRules(tuck_min_deg=2, arch_max_deg=5, hysteresis_deg=1))
    assert [form.update(stretch_angles(tilt=v)) for v in (-3.5, -1.5, -2.5, -3.1)] == \
        [set(), {"tuck-lost"}, {"tuck-lost"}, set()]  # lost past -2, back only past -3 (hysteresis)
    arched = form.update(stretch_angles(tilt=9))
    assert arched == {"tuck-lost", "lumbar-arch"}
    assert cue_lines(FAULT_CUES, arched) == [FAULT_CUES["lumbar-arch"]]


def test_a_value_on_the_limit_does_not_flicker():
    form = StretchForm("right", BASE, StretchRules(lean_max_deg=10, hysteresis_deg=1))
    seen = [form.update(stretch_angles(lean=v)) for v in (9.0, 10.2, 9.7, 10.1, 9.5, 8.9)]
    # in at 10.2, stays while within 1 deg of the limit, out only below 9
    assert [bool(s) for s in seen] == [False, True, True, True, True, False]


def test_unmeasurable_frames_are_not_judged_and_arch_and_tuck_need_the_pelvis():
    form = StretchForm("right", BASE, StretchRules())
    assert form.update(stretch_angles(knee=math.nan)) is None
    no_pelvis = StretchForm("right", BASE | {"tilt": math.nan}, StretchRules())
    assert no_pelvis.update(stretch_angles(tilt=30)) == set() and not no_pelvis.tuck_seen


def test_a_hold_timed_without_the_pelvis_says_tuck_not_checked():
    from romcam.activities.quad_stretch import analyse

    t = np.arange(0, 6, 1 / 30)
    knee, thigh = np.where(t < 1, 2.0, 120.0), np.where(t < 1, 0.0, 5.0)
    angles = {"right_knee_flexion_deg": knee, "right_thigh_vs_vertical_deg": BASE["thigh"] + thigh,
              "trunk_lean_deg": np.full(len(t), BASE["trunk"])}
    unseen = analyse(t, angles | {"pelvic_tilt_deg": np.full(len(t), np.nan)}, StretchRules(), "right")
    (hold,) = unseen.holds
    assert hold.timer.held_s > 4 and not hold.tuck_checked
    assert unseen.to_json()["meanings"]["tuck not checked"] == TUCK_NOT_CHECKED
    assert unseen.warnings == [TUCK_NOT_CHECKED]
    assert unseen.log_items()[0].faults == ("knee-not-bent", "tuck not checked")  # knee straight at first
    tucked = analyse(t, angles | {"pelvic_tilt_deg": BASE["tilt"] + np.where(t < 1, 0.0, -8.0)},
                     StretchRules(), "right")
    assert tucked.holds[0].tuck_checked and not tucked.warnings
    assert tucked.holds[0].timer.held_s == pytest.approx(hold.timer.held_s, abs=0.1)


def test_neutral_stance_waits_for_a_still_straight_leg():
    neutral = NeutralStance("right", StretchRules(neutral_window_s=1.0))
    t = np.arange(0, 3, 1 / 30)
    for ti in t[t < 1.5]:  # already holding the stretch: knee bent, never neutral
        assert neutral.update(ti, stretch_angles(knee=120)) is None
    for ti in t[t >= 1.5]:
        value = neutral.update(ti, stretch_angles(knee=3, thigh=0, tilt=0))
    assert value == pytest.approx(BASE)


def test_offline_hold_matches_the_timeline():
    fps = 30
    t = np.arange(0, 10, 1 / fps)
    lean = np.where((t > 5) & (t < 6), 15.0, 0.0)  # one second of leaning forward
    knee = np.where(t < 1, 2.0, 120.0)  # neutral for a second, then into the stretch
    thigh = np.where(t < 1, 0.0, 5.0)
    angles = {"right_knee_flexion_deg": knee, "right_thigh_vs_vertical_deg": BASE["thigh"] + thigh,
              "trunk_lean_deg": BASE["trunk"] + lean, "pelvic_tilt_deg": np.full(len(t), np.nan)}
    hold = stretch_hold(t, angles, "right")
    assert hold.timer.breaks == 1
    assert hold.timer.held_s == pytest.approx(10 - 1 - 1 - 2 / fps, abs=1.5 / fps)
