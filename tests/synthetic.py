"""Synthetic side-view landmarks for pure-math tests (no model involved)."""

from __future__ import annotations

import math

import numpy as np

from romcam.pose.landmarks import Landmark as L


def standing_pose(trunk_lean: float = 0.0, left_thigh: float = 0.0, right_thigh: float = 0.0,
                  left_knee: float = 0.0, right_knee: float = 0.0, facing: int = +1,
                  hip=(320.0, 240.0), scale: float = 100.0, landmarks_in_front: float = 0.0) -> np.ndarray:
    """(33, 2) pixel landmarks of a side view with the given angles (degrees, conventions' signs).

    Thigh angles: + knee behind the hip. Knee flexion bends the shank backward (as a real knee).
    landmarks_in_front: hip and shoulder landmarks this many thigh lengths in front of the
    joints, across the trunk (MediaPipe's hip sits there; the shoulders move too so that the
    trunk line keeps its direction).
    """
    xy = np.full((33, 2), np.nan)
    hx, hy = hip
    fwd = facing
    t = math.radians(trunk_lean)
    shoulder = (hx + fwd * scale * math.sin(t), hy - scale * math.cos(t))
    front = np.array([fwd * math.cos(t), math.sin(t)]) * landmarks_in_front * scale
    for lm in (L.LEFT_HIP, L.RIGHT_HIP):
        xy[lm] = np.asarray(hip) + front
    for lm in (L.LEFT_SHOULDER, L.RIGHT_SHOULDER):
        xy[lm] = np.asarray(shoulder) + front
    xy[L.NOSE] = (shoulder[0] + fwd * 0.2 * scale, shoulder[1] - 0.3 * scale)
    for side, thigh, knee_flex in (("LEFT", left_thigh, left_knee), ("RIGHT", right_thigh, right_knee)):
        a = math.radians(thigh)
        knee = (hx - fwd * scale * math.sin(a), hy + scale * math.cos(a))
        s = math.radians(thigh + knee_flex)
        ankle = (knee[0] - fwd * scale * math.sin(s), knee[1] + scale * math.cos(s))
        xy[L[f"{side}_KNEE"]] = knee
        xy[L[f"{side}_ANKLE"]] = ankle
        xy[L[f"{side}_HEEL"]] = (ankle[0] - fwd * 0.1 * scale, ankle[1] + 0.05 * scale)
        xy[L[f"{side}_FOOT_INDEX"]] = (ankle[0] + fwd * 0.25 * scale, ankle[1] + 0.08 * scale)
    return xy


def mirror(xy: np.ndarray, width: float = 640.0) -> np.ndarray:
    out = xy.copy()
    out[..., 0] = width - out[..., 0]
    return out


def rotate(xy: np.ndarray, degrees: float, centre=(320.0, 240.0)) -> np.ndarray:
    """Rotate image points counter-clockwise as seen on screen (y points down)."""
    a = math.radians(degrees)
    c = np.asarray(centre)
    d = xy - c
    rot = np.array([[math.cos(a), math.sin(a)], [-math.sin(a), math.cos(a)]])
    return d @ rot.T + c
