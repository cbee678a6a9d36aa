"""What one frame shows at the desk: the desk person sitting, standing, away, or not sure.

The desk person is the largest person in view. Someone passing behind them is smaller: a
person less than PASSER_SIZE of the desk person's usual size is not them (the person lock of
desk mode; romcam.pose.tracking's lock is for video at 30 frames/s, not one frame a second).
Before that size is known, only a person of at least MIN_START_SIZE of the frame's height is
taken.

Sitting or standing is read from the body's own angles (MediaPipe's world landmarks, metres, so
the camera's angle matters little): the hips bent about 90 deg sitting, straight standing.
Where the legs are hidden (a webcam on the monitor sees the desk, not the thighs), the hips'
place in the picture against where they were while sitting decides; with neither, the frame
is "not sure" (None) and decides nothing.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from romcam.desk.minutes import Observation
from romcam.pose.landmarks import Landmark as L
from romcam.pose.records import Pose

PASSER_SIZE = 0.6
MIN_START_SIZE = 0.12
# The model's confidences for desk mode: at its default 0.5 it loses a person standing at the
# desk with the head above the picture (a camera on the monitor); at 0.3 it keeps them, and on
# the tuning clips found nobody in an empty room.
MIN_CONFIDENCE = 0.3


@dataclass
class Features:
    torso_px: float
    hip_vis: float
    knee_vis: float
    ankle_vis: float
    hip_angle_deg: float  # world landmarks: trunk against thigh, both sides' mean (180 = straight)
    knee_angle_deg: float  # thigh against shank (180 = straight)
    shoulder_y: float  # of the frame's height, 0 at the top
    hip_y: float
    thigh_drop: float  # knee below hip in the picture, in torso lengths
    ankles_crossed: float  # the ankles' left-right order against the hips' (> 0: crossed)
    feet_lift: float  # the higher foot's ankle above the lower's, in torso lengths


def _mid(pts: np.ndarray, a: int, b: int) -> np.ndarray:
    return (pts[a] + pts[b]) / 2.0


def _angle(a: np.ndarray, b: np.ndarray) -> float:
    cos = np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b) + 1e-9)
    return float(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))))


def features(pose: Pose, frame_height: int) -> Features:
    xy, w, v = pose.xy, pose.world, pose.visibility
    sh, hip = _mid(xy, L.LEFT_SHOULDER, L.RIGHT_SHOULDER), _mid(xy, L.LEFT_HIP, L.RIGHT_HIP)
    torso = float(np.linalg.norm(sh - hip)) or 1.0
    hips, knees = [], []
    for s, (S, H, K, A) in enumerate(((L.LEFT_SHOULDER, L.LEFT_HIP, L.LEFT_KNEE, L.LEFT_ANKLE),
                                      (L.RIGHT_SHOULDER, L.RIGHT_HIP, L.RIGHT_KNEE, L.RIGHT_ANKLE))):
        hips.append(_angle(w[S] - w[H], w[K] - w[H]))
        knees.append(_angle(w[H] - w[K], w[A] - w[K]))
    knee_mid = _mid(xy, L.LEFT_KNEE, L.RIGHT_KNEE)
    hip_order = np.sign(xy[L.LEFT_HIP, 0] - xy[L.RIGHT_HIP, 0])
    crossed = float(-hip_order * (xy[L.LEFT_ANKLE, 0] - xy[L.RIGHT_ANKLE, 0]) / torso)
    lift = float(abs(xy[L.LEFT_ANKLE, 1] - xy[L.RIGHT_ANKLE, 1]) / torso)
    return Features(torso, float(v[[L.LEFT_HIP, L.RIGHT_HIP]].mean()), float(v[[L.LEFT_KNEE, L.RIGHT_KNEE]].mean()),
                    float(v[[L.LEFT_ANKLE, L.RIGHT_ANKLE]].mean()), float(np.mean(hips)), float(np.mean(knees)),
                    float(sh[1] / frame_height), float(hip[1] / frame_height),
                    float((knee_mid[1] - hip[1]) / torso), crossed, lift)


class DeskPerson:
    """observe(poses) -> Observation of the desk person in this frame."""

    def __init__(self, frame_height: int, memory: int = 300) -> None:
        self.frame_height = frame_height
        self._sizes: deque[float] = deque(maxlen=memory)  # the desk person's torso, while seen
        self.last: Features | None = None

    @property
    def size(self) -> float | None:
        return float(np.median(self._sizes)) if self._sizes else None

    def choose(self, poses: list[Pose]) -> Pose | None:
        sized = [(features(p, self.frame_height), p) for p in poses]
        sized = [(f, p) for f, p in sized if np.isfinite(f.torso_px)]
        if not sized:
            return None
        f, pose = max(sized, key=lambda fp: fp[0].torso_px)
        known = self.size
        if (known is not None and f.torso_px < PASSER_SIZE * known) or \
                (known is None and f.torso_px < MIN_START_SIZE * self.frame_height):
            return None
        self._sizes.append(f.torso_px)
        self.last = f
        return pose

    def observe(self, poses: list[Pose]) -> Observation:
        if self.choose(poses) is None:
            self.last = None
            return Observation("away")
        return classify(self.last)


LEGS_SEEN = 0.6  # knee and hip visibility from which the thighs count as in view
SEATED_DROP = 0.45  # knee below hip, torso lengths: a seated thigh is near level ...
STANDING_DROP = 0.65  # ... a standing one hangs (about 0.9)
HIPS_SEEN = 0.9
HIPS_LOW = 0.85  # hips at the bottom edge or below: behind the desk, as when seated
SHOULDERS_HIGH = 0.35  # of the frame's height from the top


def classify(f: Features) -> Observation:
    """Rules set on the tuning clips (tools/desk_accuracy.py --split tuning)."""
    if f.knee_vis >= LEGS_SEEN and f.hip_vis >= LEGS_SEEN:
        if f.thigh_drop <= SEATED_DROP:
            return Observation("sitting", crossed_legs=False, feet_off_floor=False, perch=False)
        if f.thigh_drop >= STANDING_DROP:
            return Observation("standing")
        return Observation(None)
    # The thighs hidden (a camera on the monitor sees the desk): where the hips are.
    if f.hip_vis < HIPS_SEEN or f.hip_y > HIPS_LOW:
        return Observation("sitting" if f.shoulder_y > SHOULDERS_HIGH else None)
    if f.shoulder_y <= SHOULDERS_HIGH:
        return Observation("standing")  # the hips in the picture, above the desk
    return Observation(None)
