"""What romcam says when it cannot see something (pure logic, synthetic landmarks and streams).

A trunk never seen gives `unknown`, a camera far off side-on is refused, the leg away from the
camera is named, a person who turns round is followed without a false warning, and a guided test
says what it left undone.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from romcam.activities.hip_extension import (CAMERA_OBLIQUE_DEG, GIVE_UP_S, HipExtensionConfig,
                                             HipExtensionResult, analyse, judge)
from romcam.activities.registry import SessionOptions, get
from romcam.kinematics.angles import compute_angles, facing_per_frame, detect_facing
from romcam.kinematics.recording import NearSide
from romcam.pipeline.frame_state import LiveState
from romcam.render.outcome import outcome_lines
from tests import activity_streams as streams
from tests.synthetic import standing_pose

CFG = HipExtensionConfig()


def test_a_trunk_never_seen_gives_no_verdict():
    verdict, flags = judge(12.0, math.nan, 0.0, 2.0, CFG)
    assert verdict == "unknown" and "trunk-unseen" in flags
    # a seen trunk with the same leg is judged
    assert judge(12.0, 0.5, 0.0, 2.0, CFG) == ("normal", [])


def test_an_unseen_pelvis_keeps_the_band_and_says_the_low_back_was_not_checked():
    verdict, flags = judge(12.0, 0.5, None, 2.0, CFG)
    assert verdict == "normal" and flags == ["pelvis-unseen"]
    t, a = streams.lifts([12.0])
    a["pelvic_tilt_deg"][:] = np.nan
    told = analyse(t, a, CFG, "right").to_json()
    assert any("low back not checked" in line for line in outcome_lines(told))


@pytest.mark.parametrize("yaw, refused", [(CAMERA_OBLIQUE_DEG + 5, True), (-CAMERA_OBLIQUE_DEG - 5, True),
                                          (25.0, False), (math.nan, False)])
def test_a_camera_far_off_side_on_is_refused(yaw, refused):
    t, a = streams.lifts([12.0, 13.0])
    result = analyse(t, a, CFG, "right")
    result.refuse_oblique(yaw)
    verdicts = {tr.verdict for tr in result.trials}
    assert (verdicts == {"unknown"}) == refused
    assert all(("camera-oblique" in tr.flags) == refused for tr in result.trials)
    assert any("side-on" in w for w in result.warnings) == refused


def test_the_far_leg_is_named():
    t, a = streams.lifts([12.0])
    a["left_thigh_vs_vertical_deg"], a["right_thigh_vs_vertical_deg"] = (a["right_thigh_vs_vertical_deg"],
                                                                         np.zeros(len(t)))
    result = analyse(t, a, CFG, NearSide("right", t, np.ones(len(t), int)))
    assert [tr.side for tr in result.trials] == ["left"] and "far-leg" in result.trials[0].flags
    assert any("turn round" in w for w in result.warnings)


def test_after_turning_round_the_other_leg_is_the_near_one():
    t, a = streams.lifts([12.0, 12.0])
    half = len(t) // 2
    a["left_thigh_vs_vertical_deg"] = np.where(np.arange(len(t)) >= half, a["right_thigh_vs_vertical_deg"], 0.0)
    a["right_thigh_vs_vertical_deg"] = np.where(np.arange(len(t)) < half, a["right_thigh_vs_vertical_deg"], 0.0)
    facing = np.where(np.arange(len(t)) < half, 1, -1)  # facing right shows the right side
    result = analyse(t, a, CFG, NearSide("right", t, facing))
    assert [tr.side for tr in result.trials] == ["right", "left"]
    assert not any("far-leg" in tr.flags for tr in result.trials) and not result.warnings


def test_facing_follows_a_turn_and_the_extension_keeps_its_sign():
    fps, n = 30.0, 240
    t = np.arange(n) / fps
    xy = np.stack([standing_pose(right_thigh=10.0, facing=+1) if i < n // 2 else
                   standing_pose(left_thigh=10.0, facing=-1) for i in range(n)])
    facing = facing_per_frame(xy, t, detect_facing(xy))
    assert (facing[: n // 2] == 1).all() and (facing[n // 2:] == -1).all()
    angles = compute_angles(xy, np.ones((n, 33)), facing)
    assert np.allclose(angles["right_thigh_vs_vertical_deg"][: n // 2], 10.0, atol=0.01)
    assert np.allclose(angles["left_thigh_vs_vertical_deg"][n // 2:], 10.0, atol=0.01)


def test_a_short_flicker_of_facing_is_not_a_turn():
    fps, n = 30.0, 240
    t = np.arange(n) / fps
    xy = np.stack([standing_pose(facing=-1 if 100 <= i < 110 else +1) for i in range(n)])
    assert (facing_per_frame(xy, t, detect_facing(xy)) == 1).all()


def _guided(stream_t, stream_a, both_sides=True):
    activity = get("hip-extension")
    session = activity.session(activity.config(), SessionOptions(both_sides=both_sides))
    pose = streams.good_pose("standing")
    for i, t_s in enumerate(stream_t):
        state = LiveState(pose, pose.xy, {k: float(v[i]) for k, v in stream_a.items()}, "right", "right", [], 1)
        session.update(float(t_s), state, streams.IMAGE)
    return session.result().to_json()


def test_a_guided_test_stopped_early_says_what_was_left_undone():
    t, a = streams.lifts([12.0])
    told = _guided(t, a)
    assert told["completed"] is False
    assert told["unfinished"] == "1 of 3 trials on the right leg, left side not tested"
    assert "unfinished: 1 of 3 trials on the right leg, left side not tested" in outcome_lines(told)


def test_a_guided_side_that_never_passes_the_threshold_is_limited_below_5_deg():
    t = np.arange(0, GIVE_UP_S + 5, 1 / streams.FPS)
    a = streams._flat(t)
    a["right_thigh_vs_vertical_deg"] = 3.0 * np.clip(t - 4.0, 0, 1)  # tries, gets to 3 deg
    told = _guided(t, a, both_sides=False)
    summary = told["summary"]["right"]
    assert summary["verdict"] == "limited" and summary["trials"] == 0
    assert summary["peak_thigh_vs_vertical_deg"] == pytest.approx(3.0, abs=0.1)
    assert "< 5 deg" in summary["verdict_note"] and told["completed"] is True


def test_unknown_trials_never_decide_a_side_over_judged_ones():
    t, a = streams.lifts([12.0])
    result = analyse(t, a, CFG, "right")
    seen = result.trials[0]
    unseen = type(seen)(**{**seen.__dict__, "peak_thigh_vs_vertical_deg": 20.0, "verdict": "unknown",
                           "flags": ["trunk-unseen"]})
    told = HipExtensionResult([seen, unseen], CFG.norm_deg).to_json()
    assert told["summary"]["right"]["verdict"] == "normal"


def test_a_trunk_read_upside_down_is_not_called_lying():
    # A camera looking steeply down on the head (hx_0037, pitch 58 deg) reads the trunk turned
    # over in every frame: that is a misread, not a posture to refuse the test for.
    from types import SimpleNamespace

    from romcam.pipeline.analyze import recorded_posture

    def posture(trunk_deg: float) -> str | None:
        return recorded_posture(SimpleNamespace(angles={"trunk_lean_deg": np.full(60, trunk_deg)}))

    assert posture(-168.0) is None
    assert posture(85.0) == "lying"
    assert posture(4.0) == "standing"
