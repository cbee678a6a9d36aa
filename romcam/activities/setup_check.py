"""Is the camera set up for a test? Each problem is told in plain words, one line each."""

from __future__ import annotations

import numpy as np

from dataclasses import dataclass

from romcam.pose.landmarks import Landmark as L
from romcam.pose.records import Pose
from romcam.settings import check_ranges, setting

STANDING, KNEELING, LYING = "standing", "kneeling", "lying"
PARTS = {
    "head": [L.NOSE],
    "shoulders": [L.LEFT_SHOULDER, L.RIGHT_SHOULDER],
    "hips": [L.LEFT_HIP, L.RIGHT_HIP],
    "knees": [L.LEFT_KNEE, L.RIGHT_KNEE],
    "feet": [L.LEFT_ANKLE, L.RIGHT_ANKLE],
}


@dataclass(frozen=True)
class SetupConfig:
    """What a live session's setup check asks of the view (the [setup] table of a --config file)."""

    dark_below: float = setting(45.0, "0-255", "mean brightness below this: too dark", 0, 255)
    min_visibility: float = setting(0.5, "0-1", "a body part counts as in view from this visibility", 0, 1)
    too_close: float = setting(0.92, "share", "the body spans more than this of the picture: too close", 0.1, 1)
    too_far: float = setting(0.35, "share", "the body spans less than this: too far", 0, 1)
    side_on_ratio: float = setting(0.45, "share", "shoulder width over trunk length above this: not side-on", 0, 2)
    ok_s: float = setting(1.0, "s", "the view must stay right this long before the session starts", 0, 10)

    def __post_init__(self) -> None:
        check_ranges(self)


def check_setup(pose: Pose | None, people: int, image: np.ndarray, posture: str = STANDING,
                cfg: SetupConfig = SetupConfig()) -> list[str]:
    """Problems with the view, most important first; empty when ready."""
    height, width = image.shape[:2]
    problems = []
    if float(image.mean()) < cfg.dark_below:
        problems.append("It is too dark: turn on a light or face a window")
    if pose is None:
        return problems + ["I can't see anyone: step into the picture, side-on, whole body in view"]
    if people > 1:
        problems.append(f"I see {people} people: only the person being tested should be in view")
    xy, vis = pose.xy, pose.visibility
    inside = (xy[:, 0] >= 0) & (xy[:, 0] < width) & (xy[:, 1] >= 0) & (xy[:, 1] < height)
    missing = [name for name, idx in PARTS.items()
               if not any(inside[i] and vis[i] >= cfg.min_visibility for i in idx)]
    if missing:
        problems.append(f"Your {' and '.join(missing)} {'is' if len(missing) == 1 and missing[0] == 'head' else 'are'} "
                        "out of the picture: step back or move the camera")
    pts = xy[inside & (vis >= cfg.min_visibility)]
    if len(pts) >= 2:
        extent = pts.max(axis=0) - pts.min(axis=0)
        # The body's longer side against the picture's: upright bodies span its height, lying ones
        # its width, and a pose between (the pigeon, kneeling with a leg out behind) either.
        long_side = max(extent[1] / height, extent[0] / width)
        if long_side > cfg.too_close:
            problems.append("You are too close: step back a little")
        elif long_side < cfg.too_far and not missing:
            problems.append("You are far away: come closer so you fill most of the picture")
    if posture != LYING and not _side_on(xy, cfg.side_on_ratio):
        problems.append("Turn side-on to the camera (your shoulder toward it)")
    return problems


def _side_on(xy: np.ndarray, max_ratio: float) -> bool:
    shoulder_width = abs(xy[L.LEFT_SHOULDER, 0] - xy[L.RIGHT_SHOULDER, 0])
    trunk = np.linalg.norm((xy[L.LEFT_SHOULDER] + xy[L.RIGHT_SHOULDER]) / 2
                           - (xy[L.LEFT_HIP] + xy[L.RIGHT_HIP]) / 2)
    return not np.isfinite(trunk) or trunk == 0 or shoulder_width / trunk <= max_ratio
