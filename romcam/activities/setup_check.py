"""Is the camera set up for a test? Each problem is told in plain words, one line each."""

from __future__ import annotations

import numpy as np

from romcam.pose.landmarks import Landmark as L
from romcam.pose.records import Pose

STANDING, LYING = "standing", "lying"
PARTS = {
    "head": [L.NOSE],
    "shoulders": [L.LEFT_SHOULDER, L.RIGHT_SHOULDER],
    "hips": [L.LEFT_HIP, L.RIGHT_HIP],
    "knees": [L.LEFT_KNEE, L.RIGHT_KNEE],
    "feet": [L.LEFT_ANKLE, L.RIGHT_ANKLE],
}


def check_setup(pose: Pose | None, people: int, image: np.ndarray, posture: str = STANDING,
                min_visibility: float = 0.5) -> list[str]:
    """Problems with the view, most important first; empty when ready."""
    height, width = image.shape[:2]
    problems = []
    if float(image.mean()) < 45:
        problems.append("It is too dark: turn on a light or face a window")
    if pose is None:
        return problems + ["I can't see anyone: step into the picture, side-on, whole body in view"]
    if people > 1:
        problems.append(f"I see {people} people: only the person being tested should be in view")
    xy, vis = pose.xy, pose.visibility
    inside = (xy[:, 0] >= 0) & (xy[:, 0] < width) & (xy[:, 1] >= 0) & (xy[:, 1] < height)
    missing = [name for name, idx in PARTS.items()
               if not any(inside[i] and vis[i] >= min_visibility for i in idx)]
    if missing:
        problems.append(f"Your {' and '.join(missing)} {'is' if len(missing) == 1 and missing[0] == 'head' else 'are'} "
                        "out of the picture: step back or move the camera")
    pts = xy[inside & (vis >= min_visibility)]
    if len(pts) >= 2:
        extent = pts.max(axis=0) - pts.min(axis=0)
        long_side = extent[1] / height if posture == STANDING else extent[0] / width
        if long_side > 0.92:
            problems.append("You are too close: step back a little")
        elif long_side < 0.35 and not missing:
            problems.append("You are far away: come closer so you fill most of the picture")
    if posture == STANDING and not _side_on(xy):
        problems.append("Turn side-on to the camera (your shoulder toward it)")
    return problems


def _side_on(xy: np.ndarray, max_ratio: float = 0.45) -> bool:
    shoulder_width = abs(xy[L.LEFT_SHOULDER, 0] - xy[L.RIGHT_SHOULDER, 0])
    trunk = np.linalg.norm((xy[L.LEFT_SHOULDER] + xy[L.RIGHT_SHOULDER]) / 2
                           - (xy[L.LEFT_HIP] + xy[L.RIGHT_HIP]) / 2)
    return not np.isfinite(trunk) or trunk == 0 or shoulder_width / trunk <= max_ratio
