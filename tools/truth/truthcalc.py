"""Truth angles from the posed 3D skeleton (numpy only).

Definitions (names and signs as in docs/conventions.md):
- joint centres are bone heads: hip = upperleg01, knee = lowerleg01, ankle = foot,
  shoulder = upperarm01 (the glenohumeral joint); mid-hip / mid-shoulder = midpoints L/R.
- The body's sagittal plane, per frame: its normal n is the root bone's lateral (left) axis made
  horizontal; up = world +z; forward = n x up (the way the body faces). Segment vectors are
  projected onto (forward, up).
- trunk_lean = angle of mid-hip -> mid-shoulder against the upward vertical, + forward.
- thigh_vs_vertical = angle of hip -> knee against the downward vertical, + knee behind the hip.
- hip_extension = thigh_vs_vertical - trunk_lean, wrapped into (-180, 180].
- knee_flexion = 180 - angle(hip, knee, ankle), in 3D.
- thigh_vs_horizontal = angle of hip -> knee against the horizontal, + knee above the hip.
- pelvic_tilt = rotation of the pelvis bones (pelvis.L/R, mean) about n relative to frame 0,
  + anterior (the top of the pelvis tips forward); a turn of the whole body about the vertical
  does not count.
"""
from __future__ import annotations

import numpy as np

COLUMNS = [
    "trunk_lean_deg",
    "left_thigh_vs_vertical_deg",
    "right_thigh_vs_vertical_deg",
    "left_hip_extension_deg",
    "right_hip_extension_deg",
    "left_knee_flexion_deg",
    "right_knee_flexion_deg",
    "pelvic_tilt_deg",
    "left_thigh_vs_horizontal_deg",
    "right_thigh_vs_horizontal_deg",
]

UP = np.array([0.0, 0.0, 1.0])


def _unit(v):
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def _wrap(a):
    """Degrees into (-180, 180]."""
    return -((-np.asarray(a) + 180.0) % 360.0 - 180.0)


def sagittal_axes(bone_poses: np.ndarray, root_index: int = 0):
    """Per frame: n (left, horizontal), forward (horizontal). bone_poses (B, J, 4, 4)."""
    left = bone_poses[:, root_index, :3, 0].copy()  # the root's x axis = subject's left
    left[:, 2] = 0.0
    n = _unit(left)
    fwd = np.cross(n, UP)
    return n, fwd


def angles(bone_poses: np.ndarray, idx: dict) -> dict:
    """idx: joint name -> bone index (left_hip, right_hip, left_knee, ..., left_shoulder, ...),
    plus 'pelvis.L', 'pelvis.R'. Returns column -> (B,) array in degrees."""
    P = bone_poses[:, :, :3, 3]
    n, fwd = sagittal_axes(bone_poses)

    def j(name):
        return P[:, idx[name]]

    def sag(v):  # (forward, up) components
        return (v * fwd).sum(1), v[:, 2]

    mid_hip = 0.5 * (j("left_hip") + j("right_hip"))
    mid_sh = 0.5 * (j("left_shoulder") + j("right_shoulder"))
    f, u = sag(mid_sh - mid_hip)
    trunk = np.degrees(np.arctan2(f, u))
    out = {"trunk_lean_deg": trunk}
    for side in ("left", "right"):
        t = j(f"{side}_knee") - j(f"{side}_hip")
        f, u = sag(t)
        thigh = np.degrees(np.arctan2(-f, -u))
        out[f"{side}_thigh_vs_vertical_deg"] = thigh
        out[f"{side}_hip_extension_deg"] = _wrap(thigh - trunk)
        out[f"{side}_thigh_vs_horizontal_deg"] = np.degrees(np.arctan2(u, np.abs(f)))
        a = _unit(j(f"{side}_hip") - j(f"{side}_knee"))
        b = _unit(j(f"{side}_ankle") - j(f"{side}_knee"))
        inner = np.degrees(np.arccos(np.clip((a * b).sum(1), -1.0, 1.0)))
        out[f"{side}_knee_flexion_deg"] = 180.0 - inner
    tilts = []
    for b in ("pelvis.L", "pelvis.R"):
        R = bone_poses[:, idx[b], :3, :3]
        Rrel = R @ R[0].T  # world-frame rotation since frame 0
        # frame 0's forward carried by the pelvis, against this frame's forward (the same as
        # frame 0's unless the body turns about the vertical, which is no tilt)
        w = fwd
        w2 = Rrel @ fwd[0]
        w2 = w2 - (w2 * n).sum(1, keepdims=True) * n
        tilts.append(np.degrees(np.arctan2((np.cross(w, w2) * n).sum(1), (w2 * w).sum(1))))
    out["pelvic_tilt_deg"] = 0.5 * (tilts[0] + tilts[1])
    return out
