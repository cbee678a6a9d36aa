import numpy as np
import pytest

from romcam.kinematics.angles import (
    ANGLE_NAMES,
    HIP_CENTRE_BEHIND,
    compute_angles,
    confidence_name,
    detect_facing,
    usable_landmarks,
)
from romcam.pose.landmarks import Landmark as L
from tests.synthetic import mirror, rotate, standing_pose

ONES = np.ones((1, 33))


def angles_of(xy, facing=+1, vis=ONES):
    return {k: float(v[0]) for k, v in compute_angles(xy[None], vis, facing).items()}


@pytest.mark.parametrize("lean, thigh, knee", [(0, 0, 0), (10, 20, 0), (-5, 12, 30), (20, -30, 60)])
def test_angles_match_construction(lean, thigh, knee):
    a = angles_of(standing_pose(trunk_lean=lean, right_thigh=thigh, right_knee=knee))
    assert a["trunk_lean_deg"] == pytest.approx(lean, abs=1e-9)
    assert a["right_thigh_vs_vertical_deg"] == pytest.approx(thigh, abs=1e-9)
    assert a["right_hip_extension_deg"] == pytest.approx(thigh - lean, abs=1e-9)
    assert a["left_thigh_vs_vertical_deg"] == pytest.approx(0, abs=1e-9)


@pytest.mark.parametrize("lean, thigh, knee", [(0, 0, 0), (10, 20, 0), (-5, 12, 30), (20, -30, 60)])
@pytest.mark.parametrize("facing", [+1, -1])
def test_knee_angle_starts_at_the_hip_joint_centre_behind_the_landmark(lean, thigh, knee, facing):
    xy = standing_pose(trunk_lean=lean, right_thigh=thigh, right_knee=knee, facing=facing,
                       landmarks_in_front=HIP_CENTRE_BEHIND)
    a = angles_of(xy, facing=facing)
    assert a["trunk_lean_deg"] == pytest.approx(lean, abs=1e-9)
    # Not exact: the thigh length that scales the offset is measured from the landmark.
    assert a["right_knee_flexion_deg"] == pytest.approx(knee, abs=0.15)
    # Taken from the landmark itself, the same straight leg would read bent (or hyperextended).
    plain = angles_of(standing_pose(trunk_lean=lean, right_thigh=thigh, right_knee=knee, facing=facing),
                      facing=facing)
    assert abs(plain["right_knee_flexion_deg"] - knee) > 2


def test_hip_extension_stays_within_plus_minus_180():
    a = angles_of(standing_pose(trunk_lean=-100, right_thigh=170))  # far apart, e.g. a handstand
    assert a["right_hip_extension_deg"] == pytest.approx(-90)


def test_signs_forward_lean_and_knee_behind_are_positive():
    a = angles_of(standing_pose(trunk_lean=15, right_thigh=10))
    assert a["trunk_lean_deg"] > 0 and a["right_thigh_vs_vertical_deg"] > 0
    b = angles_of(standing_pose(trunk_lean=-15, right_thigh=-40))  # leaning back, knee in front
    assert b["trunk_lean_deg"] < 0 and b["right_thigh_vs_vertical_deg"] < 0
    assert b["right_hip_extension_deg"] == pytest.approx(-25)


def test_mirrored_subject_gives_identical_angles():
    xy = standing_pose(trunk_lean=7, right_thigh=18, left_thigh=-4, right_knee=25)
    a = angles_of(xy, facing=+1)
    b = angles_of(mirror(xy), facing=-1)
    for name in ANGLE_NAMES:
        assert a[name] == pytest.approx(b[name], nan_ok=True)


def test_facing_detected_from_nose_and_toes():
    xy = np.stack([standing_pose(right_thigh=t) for t in range(0, 20, 2)])
    assert detect_facing(xy).sign == +1
    assert detect_facing(mirror(xy)).sign == -1
    assert detect_facing(xy).confidence == pytest.approx(1.0)


@pytest.mark.parametrize("roll", [-5, 5])
def test_camera_roll_shifts_segments_not_joints(roll):
    xy = standing_pose(trunk_lean=3, right_thigh=15, right_knee=20)
    a, b = angles_of(xy), angles_of(rotate(xy, roll))
    # Counter-clockwise on screen tips a right-facing subject's whole body backward: every
    # segment against the vertical changes by the roll, the joints between segments do not.
    assert b["trunk_lean_deg"] - a["trunk_lean_deg"] == pytest.approx(-roll)
    assert b["right_thigh_vs_vertical_deg"] - a["right_thigh_vs_vertical_deg"] == pytest.approx(-roll)
    assert b["right_knee_flexion_deg"] == pytest.approx(a["right_knee_flexion_deg"])
    assert b["right_hip_extension_deg"] == pytest.approx(a["right_hip_extension_deg"])


@pytest.mark.parametrize("feet_toward", [+1, -1])
def test_thigh_vs_horizontal_for_lying(feet_toward):
    # Lying on the back, face up, hip joint at (300, 300), knee 10 deg above its level line; the
    # hip landmark sits in front of the joint (above it, lying) as MediaPipe puts it.
    xy = np.full((33, 2), np.nan)
    joint = np.array([300.0, 300.0])
    landmark = joint + (0, -HIP_CENTRE_BEHIND * 100)
    xy[L.RIGHT_HIP] = xy[L.LEFT_HIP] = landmark
    xy[L.RIGHT_SHOULDER] = xy[L.LEFT_SHOULDER] = landmark - (feet_toward * 150, 0)
    xy[L.NOSE] = landmark - (feet_toward * 200, 20)
    xy[L.RIGHT_KNEE] = joint + (feet_toward * 100 * np.cos(np.radians(10)), -100 * np.sin(np.radians(10)))
    assert angles_of(xy)["right_thigh_vs_horizontal_deg"] == pytest.approx(10, abs=0.15)


def test_unknown_is_nan_with_zero_confidence():
    xy = standing_pose(right_thigh=10)
    xy[L.RIGHT_KNEE] = np.nan
    a = angles_of(xy)
    assert np.isnan(a["right_thigh_vs_vertical_deg"]) and a["right_thigh_vs_vertical_conf"] == 0
    assert np.isnan(a["right_knee_flexion_deg"])
    assert a["left_thigh_vs_vertical_deg"] == pytest.approx(0)
    assert np.isnan(a["pelvic_tilt_deg"])  # not measurable from landmarks alone


def test_thigh_start_blends_the_two_hips_knee_angle_uses_its_own():
    from romcam.kinematics.angles import HIP_BLEND

    xy = standing_pose(right_thigh=20, right_knee=0)
    # The two hip landmarks apart, around the point where the thigh starts.
    xy[L.RIGHT_HIP] += (-6 * HIP_BLEND, 0)
    xy[L.LEFT_HIP] += (6 * (1 - HIP_BLEND), 0)
    a = angles_of(xy)
    assert a["right_thigh_vs_vertical_deg"] == pytest.approx(20)
    assert a["right_knee_flexion_deg"] > 0  # the knee's own thigh segment saw the drag


def test_confidence_is_weakest_landmark():
    vis = np.ones((1, 33))
    vis[0, L.RIGHT_KNEE] = 0.4
    a = angles_of(standing_pose(), vis=vis)
    assert a["right_thigh_vs_vertical_conf"] == pytest.approx(0.4)
    assert a["left_thigh_vs_vertical_conf"] == pytest.approx(1.0)
    assert a[confidence_name("right_knee_flexion_deg")] == pytest.approx(0.4)


def test_landmarks_outside_frame_or_invisible_are_dropped():
    xy = standing_pose()[None]
    vis = np.ones((1, 33))
    xy[0, L.LEFT_KNEE] = (700, 300)  # right of a 640-wide frame
    vis[0, L.RIGHT_KNEE] = 0.1
    usable = usable_landmarks(xy, vis, (640, 480), min_visibility=0.3)
    assert np.isnan(usable[0, L.LEFT_KNEE]).all() and np.isnan(usable[0, L.RIGHT_KNEE]).all()
    assert np.isfinite(usable[0, L.LEFT_HIP]).all()


@pytest.mark.parametrize("feet_toward", [+1, -1])
def test_lying_subject_faces_where_the_feet_point(feet_toward):
    # Face up, so the nose says nothing; the toes of a hanging foot point down or back.
    xy = np.full((33, 2), np.nan)
    xy[L.LEFT_HIP] = xy[L.RIGHT_HIP] = (320, 300)
    xy[L.LEFT_SHOULDER] = xy[L.RIGHT_SHOULDER] = (320 - feet_toward * 150, 300)
    xy[L.NOSE] = (320 - feet_toward * 190 + feet_toward * 15, 280)  # a little toward the feet
    xy[L.RIGHT_FOOT_INDEX], xy[L.RIGHT_HEEL] = (420 - feet_toward * 5, 420), (420 + feet_toward * 5, 400)
    facing = detect_facing(np.stack([xy] * 5))
    assert facing.sign == feet_toward
    assert facing.confidence == pytest.approx(1.0)


@pytest.mark.parametrize("share_right, visibility, near", [
    (0.9, {"left": 0.9, "right": 0.2}, "right"),  # facing right shows the right side, whatever is seen
    (0.1, {"left": 0.2, "right": 0.9}, "left"),
    (0.6, {"left": 0.3, "right": 0.8}, "right"),  # facing unclear: the leg seen better
    (0.5, {"left": 0.8, "right": 0.3}, "left"),
])
def test_one_near_side_rule(share_right, visibility, near):
    from romcam.kinematics.angles import near_side

    assert near_side(share_right, visibility) == near
