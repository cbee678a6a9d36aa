"""Where the camera stands: its yaw from side-on, estimated from the recording itself, and the
correction of image angles into the body's sagittal plane.

A camera turned by yaw from side-on sees a movement in the sagittal plane with its horizontal
components shortened by cos(yaw): a 15 deg thigh extension reads 14.1 deg at 20 deg of yaw. The
same turn spreads the left and right landmarks apart horizontally: side-on they line up, turned
toward the subject's front the left shoulder and hip move to image-right of the right ones (the
back: to the left). The spread of both pairs against the trunk length gives the yaw, which
result.json reports. Stretching the horizontal image coordinates back by 1 / cos(yaw) corrects a
rigid plane; it is off by default (Smoothing.max_yaw_corrected_deg = 0), because on the tuning
clips it did not lower the error: MediaPipe's landmarks of a turned body do not foreshorten like
a plane.

The camera's pitch (+ looking down at the person) comes from MediaPipe's world landmarks, which
are metres in the camera's axes: a body standing upright leans, in them, toward the camera by the
pitch (its head nearer than its feet when the camera looks down). The ankles-to-shoulders line
gives it; nothing was fitted (held-out half: median error 3.3 deg, MAE 3.6 over 40 clips;
docs/measurements.md, "Camera pitch").
It is reported, not corrected for: the angles' error does not grow with the camera height.

Only standing frames count (lying on the back, the left-right axis is not horizontal in the
picture in the same way), and a yaw beyond the caller's limit is reported but not corrected: the
accuracy there is not measured.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np

from romcam.pose.landmarks import Landmark as L

# Left-right landmark spread (shoulders plus hips) seen face-on, in trunk lengths (mid-hip to
# mid-shoulder). Fitted on the tuning clips only (docs/measurements.md, "camera yaw").
SPREAD_FACE_ON = 0.98
MIN_FRAMES = 5


@dataclass(frozen=True)
class CameraView:
    """yaw_deg: + the camera is toward the subject's front (more of the chest is seen), - toward
    the back; NaN when unknown. pitch_deg: + the camera looks down at the person, NaN when unknown. confidence in [0, 1].
    corrected: the angles were corrected for this yaw."""

    yaw_deg: float = math.nan
    pitch_deg: float = math.nan
    confidence: float = 0.0
    corrected: bool = False

    def to_json(self) -> dict:
        def num(v: float) -> float | None:
            return round(v, 1) if math.isfinite(v) else None

        return {"yaw_deg": num(self.yaw_deg), "pitch_deg": num(self.pitch_deg),
                "confidence": round(self.confidence, 2), "corrected": self.corrected}


def estimate_view(xy: np.ndarray, max_yaw_corrected_deg: float = 0.0,
                  world: np.ndarray | None = None) -> CameraView:
    """The camera's yaw over a recording, from (n, 33, 2) landmark pixels (NaN where unknown),
    and its pitch from the (n, 33, 3) world landmarks when given; marked corrected when within
    max_yaw_corrected_deg of side-on."""
    xy = np.asarray(xy, dtype=float).reshape(-1, len(L), 2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        shoulders = xy[:, [L.LEFT_SHOULDER, L.RIGHT_SHOULDER]]
        hips = xy[:, [L.LEFT_HIP, L.RIGHT_HIP]]
        trunk = shoulders.mean(axis=1) - hips.mean(axis=1)
        length = np.linalg.norm(trunk, axis=-1)
        standing = np.abs(trunk[:, 1]) > 2.0 * np.abs(trunk[:, 0])
        spread = (shoulders[:, 0, 0] - shoulders[:, 1, 0]) + (hips[:, 0, 0] - hips[:, 1, 0])
        ratio = spread / (SPREAD_FACE_ON * length)
    pitch = _pitch(world[standing]) if world is not None else math.nan
    ratio = ratio[standing & np.isfinite(ratio)]
    if len(ratio) < MIN_FRAMES:
        return CameraView(pitch_deg=pitch)
    yaw = math.degrees(math.asin(float(np.clip(np.median(ratio), -1.0, 1.0))))
    # Steady over the recording: the spread of the per-frame estimates around the median.
    scatter = float(np.degrees(np.median(np.abs(np.arcsin(np.clip(ratio, -1, 1)) - math.radians(yaw)))))
    confidence = float(np.clip(1.0 - scatter / 10.0, 0.0, 1.0) * min(1.0, len(ratio) / 30.0))
    return CameraView(yaw, pitch, confidence, abs(yaw) <= max_yaw_corrected_deg)


def _pitch(world: np.ndarray) -> float:
    """Median lean of the ankles-to-shoulders line toward the camera, over standing frames."""
    up = (world[:, [L.LEFT_SHOULDER, L.RIGHT_SHOULDER]].mean(axis=1)
          - world[:, [L.LEFT_ANKLE, L.RIGHT_ANKLE]].mean(axis=1))
    lean = np.degrees(np.arctan2(-up[:, 2], -up[:, 1]))  # world y points down, z away
    # A body read upside down (a camera looking steeply down on the head) gives no pitch.
    lean = lean[np.isfinite(lean) & (up[:, 1] < 0)]
    return float(np.median(lean)) if len(lean) >= MIN_FRAMES else math.nan


def to_sagittal(xy: np.ndarray, view: CameraView) -> np.ndarray:
    """Landmark pixels with the horizontal stretched back by 1 / cos(yaw), where corrected."""
    if not view.corrected:
        return xy
    out = np.array(xy, dtype=float, copy=True)
    out[..., 0] /= math.cos(math.radians(view.yaw_deg))
    return out
