"""Per-frame measures of the floor exercises, from 2D landmarks (image x right, y down).

Not angles of the conventions' table and not written to frames.csv: the floor exercises judge
their reps and holds on them. Each is NaN where its landmarks are not known.

- `{side}_arm_vs_horizontal_deg`: shoulder -> wrist against the image horizontal, + the wrist
  above the shoulder (bird-dog: the arm reaching forward reads 0, hanging to the floor -90).
- `{side}_leg_vs_horizontal_deg`: hip -> ankle, + the ankle above the hip (bird-dog: the leg
  reaching back reads 0; on all fours about -45).
- `hip_height_ratio`: the mid-hip's height above the lowest landmark of the legs and hands (the
  floor), in thigh lengths (pigeon: hips lowered onto the front shin about 0.3-0.5, on all fours
  about 1).
- `knee_opening_deg`: the clamshell's opening, seen from in front: the picture's angle at the
  mid-ankle between the ankle -> knee lines, which the shins' slant toward the camera widens,
  mapped onto the 3D angle between the shins by 0.74 x - 7.4 deg (fitted on the two tuning clips,
  frames after getting into place: mean error 3.1 deg, 10 at worst while the knee moves).
- `hip_stack_ratio`: the hips' separation across the body's long axis over the trunk length
  (lying on the side seen from in front or behind, the hips stacked: about 0.3-0.4; seen from
  the head or the feet, or lying on the back, near 0). A 25 deg roll of the pelvis barely moves
  MediaPipe's hips (within 2% on the tuning clip), so it does not tell a roll.
- `{side}_leg_reach_ratio`: hip -> ankle distance over the trunk length (pigeon: the straight back
  leg reaches about 1.5-2, the folded front one, its ankle under the other hip, well under 1).
- `left_hip_higher_ratio`: how far the left hip is above the right in the picture over the trunk
  length (lying on the side: + the left leg on top).
"""

from __future__ import annotations

import warnings

import numpy as np

from romcam.pose.landmarks import Landmark as L

SIDES = ("left", "right")
OPENING_SCALE, OPENING_OFFSET_DEG = 0.74, -7.4  # the picture's opening -> the 3D one (see above)
FLOOR_POINTS = [L.LEFT_KNEE, L.RIGHT_KNEE, L.LEFT_ANKLE, L.RIGHT_ANKLE, L.LEFT_FOOT_INDEX, L.RIGHT_FOOT_INDEX,
                L.LEFT_WRIST, L.RIGHT_WRIST]


def _above_horizontal(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    vec = end - start
    return np.degrees(np.arctan2(-vec[:, 1], np.abs(vec[:, 0])))


def _angle_between(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        cos = np.sum(a * b, axis=-1) / (np.linalg.norm(a, axis=-1) * np.linalg.norm(b, axis=-1))
    return np.degrees(np.arccos(np.clip(cos, -1.0, 1.0)))


def floor_measures(xy: np.ndarray) -> dict[str, np.ndarray]:
    """xy: (n, 33, 2) pixels, NaN where unusable."""
    out: dict[str, np.ndarray] = {}
    reach = {}
    for side in SIDES:
        s = side.upper()
        out[f"{side}_arm_vs_horizontal_deg"] = _above_horizontal(xy[:, L[f"{s}_SHOULDER"]], xy[:, L[f"{s}_WRIST"]])
        out[f"{side}_leg_vs_horizontal_deg"] = _above_horizontal(xy[:, L[f"{s}_HIP"]], xy[:, L[f"{s}_ANKLE"]])
        reach[side] = np.linalg.norm(xy[:, L[f"{s}_ANKLE"]] - xy[:, L[f"{s}_HIP"]], axis=-1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN frames: nobody in view
        mid_hip = np.nanmean(xy[:, [L.LEFT_HIP, L.RIGHT_HIP]], axis=1)
        mid_shoulder = np.nanmean(xy[:, [L.LEFT_SHOULDER, L.RIGHT_SHOULDER]], axis=1)
        floor_y = np.nanmax(xy[:, FLOOR_POINTS, 1], axis=1)
        thigh = np.nanmedian(np.linalg.norm(xy[:, [L.LEFT_KNEE, L.RIGHT_KNEE]] - xy[:, [L.LEFT_HIP, L.RIGHT_HIP]],
                                            axis=-1), axis=1)
        out["hip_height_ratio"] = (floor_y - mid_hip[:, 1]) / thigh
        mid_ankle = np.nanmean(xy[:, [L.LEFT_ANKLE, L.RIGHT_ANKLE]], axis=1)
    seen = _angle_between(xy[:, L.LEFT_KNEE] - mid_ankle, xy[:, L.RIGHT_KNEE] - mid_ankle)
    out["knee_opening_deg"] = OPENING_SCALE * seen + OPENING_OFFSET_DEG
    trunk = mid_shoulder - mid_hip
    with np.errstate(invalid="ignore", divide="ignore"):
        along = trunk / np.linalg.norm(trunk, axis=-1, keepdims=True)
        hips = xy[:, L.LEFT_HIP] - xy[:, L.RIGHT_HIP]
        across = np.abs(hips[:, 0] * along[:, 1] - hips[:, 1] * along[:, 0])
        out["hip_stack_ratio"] = across / np.linalg.norm(trunk, axis=-1)
        out["left_hip_higher_ratio"] = -hips[:, 1] / np.linalg.norm(trunk, axis=-1)
        for side in SIDES:
            out[f"{side}_leg_reach_ratio"] = reach[side] / np.linalg.norm(trunk, axis=-1)
    return out
