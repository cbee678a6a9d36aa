"""The camera's yaw from side-on, estimated from landmarks, and the correction of image angles
into the sagittal plane (synthetic bodies seen by an orthographic camera at a known yaw)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from romcam.kinematics.angles import compute_angles
from romcam.kinematics.camera_view import SPREAD_FACE_ON, CameraView, estimate_view, to_sagittal
from romcam.pose.landmarks import Landmark as L

TRUNK = 0.5  # m, mid-hip to mid-shoulder
SHOULDER_W, HIP_W = 0.75 * SPREAD_FACE_ON * TRUNK, 0.25 * SPREAD_FACE_ON * TRUNK


def body(thigh_deg: float = 0.0) -> dict[int, tuple[float, float, float]]:
    """(forward, left, up) in metres of the landmarks the angles use; the right thigh extended
    (knee behind the hip) by thigh_deg."""
    t = math.radians(thigh_deg)
    pts = {L.LEFT_SHOULDER: (0, SHOULDER_W / 2, 1.4), L.RIGHT_SHOULDER: (0, -SHOULDER_W / 2, 1.4),
           L.LEFT_HIP: (0, HIP_W / 2, 0.9), L.RIGHT_HIP: (0, -HIP_W / 2, 0.9),
           L.LEFT_KNEE: (0, HIP_W / 2, 0.45), L.RIGHT_KNEE: (-0.45 * math.sin(t), -HIP_W / 2, 0.9 - 0.45 * math.cos(t)),
           L.LEFT_ANKLE: (0, HIP_W / 2, 0.05), L.NOSE: (0.1, 0, 1.6)}
    ra = (pts[L.RIGHT_KNEE][0] - 0.4 * math.sin(t), -HIP_W / 2, pts[L.RIGHT_KNEE][2] - 0.4 * math.cos(t))
    pts[L.RIGHT_ANKLE] = ra
    return pts


def seen(pts, yaw_deg: float, facing: int = 1, px_per_m: float = 400.0) -> np.ndarray:
    """Orthographic image (x right, y down) of a camera turned yaw_deg toward the front."""
    c, s = math.cos(math.radians(yaw_deg)), math.sin(math.radians(yaw_deg))
    xy = np.full((len(L), 2), np.nan)
    for j, (fwd, left, up) in pts.items():
        xy[j] = (320 + px_per_m * (facing * fwd * c + left * s), 460 - px_per_m * up)
    return xy


@pytest.mark.parametrize("facing", [1, -1])
@pytest.mark.parametrize("yaw", [-25.0, -10.0, 0.0, 8.0, 20.0])
def test_yaw_is_estimated_with_its_sign(facing, yaw):
    xy = np.repeat(seen(body(), yaw, facing)[None], 30, axis=0)
    view = estimate_view(xy, max_yaw_corrected_deg=30.0)
    assert view.yaw_deg == pytest.approx(yaw, abs=0.5)
    assert view.corrected and view.confidence > 0.9


def test_too_oblique_is_reported_but_not_corrected():
    xy = np.repeat(seen(body(), 40.0)[None], 30, axis=0)
    view = estimate_view(xy, max_yaw_corrected_deg=30.0)
    assert view.yaw_deg == pytest.approx(40.0, abs=0.5) and not view.corrected
    assert to_sagittal(xy, view) is xy


def test_too_few_standing_frames_give_no_estimate():
    lying = seen(body(), 10.0)[:, ::-1]  # the trunk horizontal in the picture
    assert math.isnan(estimate_view(np.repeat(lying[None], 30, axis=0)).yaw_deg)
    assert math.isnan(estimate_view(seen(body(), 10.0)[None]).yaw_deg)
    assert CameraView().to_json() == {"yaw_deg": None, "pitch_deg": None, "confidence": 0.0, "corrected": False}


@pytest.mark.parametrize("yaw", [-20.0, 15.0, 25.0])
def test_correction_restores_the_sagittal_angle(yaw):
    xy = np.stack([seen(body(0.0), yaw), seen(body(15.0), yaw)])
    raw = compute_angles(xy, np.ones((2, len(L))), 1)["right_thigh_vs_vertical_deg"]
    assert raw[1] - raw[0] < 15.0 - 0.5  # the turned camera under-reads
    view = estimate_view(np.repeat(xy[:1], 30, axis=0), max_yaw_corrected_deg=30.0)
    fixed = compute_angles(to_sagittal(xy, view), np.ones((2, len(L))), 1)["right_thigh_vs_vertical_deg"]
    assert fixed[1] - fixed[0] == pytest.approx(15.0, abs=0.3)


def test_a_pose_fitted_upside_down_is_left_out_not_read_as_a_lean():
    from romcam.kinematics.recording import analyse_track
    from romcam.pose.records import PoseTrack

    upright = seen(body(), 0.0) + (0.0, 700.0)  # feet at y 1160 in a 1000 x 1300 frame
    upside_down = upright.copy()
    upside_down[:, 1] = 2 * 900 - upside_down[:, 1]  # turned over about the hips: shoulders below
    frames = [upright] * 40 + [upside_down] * 10 + [upright] * 40
    n = len(frames)
    track = PoseTrack(np.array(frames), np.ones((n, len(L))), np.arange(n) / 30.0, np.ones(n, bool), (1000, 1300))
    rec = analyse_track(track, 30.0)
    lean = rec.angles["trunk_lean_deg"]
    assert np.nanmax(np.abs(lean)) < 5.0
    assert any("implausible" in w for w in rec.warnings)


def test_by_default_the_yaw_is_reported_but_not_corrected():
    from romcam.kinematics.recording import Smoothing

    xy = np.repeat(seen(body(), 15.0)[None], 30, axis=0)
    view = estimate_view(xy, Smoothing().max_yaw_corrected_deg)
    assert view.yaw_deg == pytest.approx(15.0, abs=0.5) and not view.corrected


def world_seen(pts, pitch_deg: float) -> np.ndarray:
    """World landmarks as MediaPipe gives them (metres, x right, y down, z away from a camera
    side-on), the camera looking down at the person by pitch_deg."""
    c, s = math.cos(math.radians(pitch_deg)), math.sin(math.radians(pitch_deg))
    world = np.full((len(L), 3), np.nan)
    for j, (fwd, left, up) in pts.items():
        # Pitching the camera down turns the body's up axis toward it (smaller z) in its frame.
        world[j] = (fwd, -(up - 0.9) * c, left - (up - 0.9) * s)
    return world


@pytest.mark.parametrize("pitch", [-10.0, 0.0, 12.0, 30.0])
def test_pitch_is_read_from_the_world_landmarks_of_a_standing_body(pitch):
    n = 30
    xy = np.repeat(seen(body(), 5.0)[None], n, axis=0)
    world = np.repeat(world_seen(body(), pitch)[None], n, axis=0)
    world[::3] = np.nan  # frames without a person
    view = estimate_view(xy, world=world)
    # The left ankle and right ankle stand side by side: the line is the body's own vertical.
    assert view.pitch_deg == pytest.approx(pitch, abs=0.5)
    assert view.to_json()["pitch_deg"] == pytest.approx(pitch, abs=0.5)


def test_without_world_landmarks_the_pitch_is_unknown():
    xy = np.repeat(seen(body(), 5.0)[None], 30, axis=0)
    assert math.isnan(estimate_view(xy).pitch_deg)
