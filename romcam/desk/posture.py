"""What one frame shows at the desk: the desk person sitting, standing, away, or not sure.

The desk person is the largest person in view. Someone passing behind them is smaller: a
person less than PASSER_SIZE of the desk person's usual size is not them (the person lock of
desk mode; romcam.pose.tracking's lock is for video at 30 frames/s, not one frame a second).
Before that size is known, only a person of at least MIN_START_SIZE of the frame's height is
taken.

Standing at the desk, a person is often taller than the picture of a camera on the monitor: the
head above it, and the model no longer finds them. When the person was last seen standing (or
rising with the head at the top of the picture), or seated just before the picture jumped with a
body still in it, they are taken to be standing there while the picture keeps their colours or a
body's (romcam.desk.appearance: their top learned while they sat, and colours new to the scene
such as trousers): walking out leaves the desk's own colours. Before anything is learned, only
a picture that barely changes keeps them (LEAVE_JUMP; right after a rise the body is still
moving, so the first look allows more, RISE_JUMP). This needs a person who fills the picture
(HEAD_OUT_MIN_TORSO), as a camera on the monitor sees them.

Sitting or standing is read, with the legs in view, from the hip's angle between trunk and thigh
(MediaPipe's world landmarks, so the camera's angle matters little): bent sitting, straight
standing. Where the thighs are hidden (a webcam on the monitor sees the desk), from where the
shoulders and hips are: the shoulders near the top of the picture is standing; lower down, with
the hips hidden behind the desk or below the picture, sitting. Once the person has sat a while,
the height of their shoulders when seated (SeatedHeight) overrules both: standing up lifts the
shoulders by about a torso length whatever the camera, while leaning, slouching or perching
barely moves them. Anything else is "not sure" (None) and decides nothing.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import cv2
import numpy as np

from romcam.desk.appearance import PRESENT_SHARE, Appearance
from romcam.desk.legs import LegReader, angle_between
from romcam.desk.minutes import Observation
from romcam.pose.landmarks import Landmark as L
from romcam.pose.records import Pose
from romcam.pose.tracking import torso_size

PASSER_SIZE = 0.6
MIN_START_SIZE = 0.12
# The model's confidences for desk mode: at its default 0.5 it loses a person standing at the
# desk with the head above the picture (a camera on the monitor); at 0.3 it keeps them, and on
# the tuning clips found nobody in an empty room.
MIN_CONFIDENCE = 0.3
HEAD_HIGH = 0.15  # the nose this near the top edge (of the frame's height) or above it
# The mean grey-level change (0-255) of a 64x48 thumbnail from one look to the next, 1 s apart.
# On the tuning clips: 0.2-6 for a person standing at the desk (stretching included), 8.8-26
# when one walked out of the picture, 11.4 on the look after one rose out of it.
LEAVE_JUMP = 7.5
RISE_JUMP = 15.0
# ... only for a person filling the picture (torso at least this share of the frame's height:
# 0.40-0.78 on the tuning clips' monitor cameras, 0.14-0.27 on their room cameras). A person small
# in the picture changes it little when walking out, so the jump says nothing (a round-1
# held-out room clip was counted standing for a minute after its person had left).
HEAD_OUT_MIN_TORSO = 0.33
# Their colours keep a lost standing person there only while they cover about as much of the
# picture as they did standing: walking out leaves the chair or a wall of a similar colour, a
# smaller share (round 2-3 clips: 0.06 after 0.14, 0.13 after 0.20); a stretch moves them but
# keeps their share (tuning: 0.26 -> 0.27, 0.13 -> 0.22).
KEPT_SHARE = 0.8


@dataclass
class Features:
    torso_px: float
    hip_vis: float
    knee_vis: float
    hip_angle_deg: float  # world landmarks: trunk against thigh, both sides' mean (180 = straight)
    shoulder_y: float  # of the frame's height, 0 at the top
    hip_y: float


def _mid(pts: np.ndarray, a: int, b: int) -> np.ndarray:
    return (pts[a] + pts[b]) / 2.0


def features(pose: Pose, frame_height: int) -> Features:
    xy, w, v = pose.xy, pose.world, pose.visibility
    sh, hip = _mid(xy, L.LEFT_SHOULDER, L.RIGHT_SHOULDER), _mid(xy, L.LEFT_HIP, L.RIGHT_HIP)
    hip_angle = np.mean([angle_between(w[S] - w[H], w[K] - w[H]) for S, H, K in (
        (L.LEFT_SHOULDER, L.LEFT_HIP, L.LEFT_KNEE), (L.RIGHT_SHOULDER, L.RIGHT_HIP, L.RIGHT_KNEE))])
    return Features(torso_size(pose), float(v[[L.LEFT_HIP, L.RIGHT_HIP]].mean()), float(v[[L.LEFT_KNEE, L.RIGHT_KNEE]].mean()),
                    float(hip_angle), float(sh[1] / frame_height), float(hip[1] / frame_height))


class DeskPerson:
    """observe(poses) -> Observation of the desk person in this frame."""

    def __init__(self, frame_height: int, memory: int = 300, legs: LegReader | None = None) -> None:
        """legs: the person's leg calibration, to read the legs of their seated looks."""
        self.frame_height = frame_height
        self.legs = legs
        self.pose: Pose | None = None  # the desk person in the last look
        self._sizes: deque[float] = deque(maxlen=memory)  # the desk person's torso, while seen
        self.last: Features | None = None
        self._head_out: np.ndarray | None = None  # the last thumbnail while standing there
        self._rising = False  # ... seen mid-move (neither sitting nor standing yet)
        self._share = 0.0  # ... and the share of the picture in their colours then
        self._seated: np.ndarray | None = None  # the last thumbnail, when it showed them seated
        self.appearance = Appearance()  # their colours, for when the model loses them standing
        self.seated = SeatedHeight(frame_height)

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

    def observe(self, poses: list[Pose], image: np.ndarray | None = None) -> Observation:
        """image: the frame, for a person standing with the head above the picture (see above)."""
        thumb = _thumbnail(image) if image is not None else None
        pose = self.pose = self.choose(poses)
        if pose is None:
            self.last = None
            if self.legs is not None:
                self.legs.forget()
            return Observation("standing" if self._still_there(thumb, image) else "away")
        by_place = classify(self.last)
        if by_place.state == "sitting":
            self.seated.learn(self.last)
        obs = self.seated.judge(self.last) or by_place
        if obs.state == "sitting" and image is not None:
            self.appearance.learn(image, pose)
        head_high = pose.xy[L.NOSE, 1] < HEAD_HIGH * self.frame_height
        filling = self.last.torso_px >= HEAD_OUT_MIN_TORSO * self.frame_height
        standing = obs.state == "standing" or (obs.state is None and head_high)
        self._head_out = thumb if filling and standing else None
        self._seated = thumb if filling and obs.state == "sitting" else None
        self._share = self.appearance.share(image) if self._head_out is not None else 0.0
        self._rising = obs.state is None
        if self.legs is not None:
            if obs.state == "sitting":
                obs.legs, obs.legs_judged = self.legs.read(pose), self.legs.calibration.judged
            else:
                self.legs.forget()
        return obs

    def _still_there(self, thumb: np.ndarray | None, image: np.ndarray | None) -> bool:
        """The model found nobody: is the desk person standing there, out of its sight?"""
        seated, self._seated = self._seated, None
        if thumb is None:
            return False
        if seated is not None and self._head_out is None:
            # Lost right after a seated look: risen (the picture jumped) with the body in view?
            if _jump(thumb, seated) >= LEAVE_JUMP and self.appearance.body_in_view(image):
                self._head_out, self._share = thumb, self.appearance.share(image)
                return True
        if self._head_out is None:
            return False
        share, before = self.appearance.share(image), self._share
        if self.appearance.learned:  # their colours, or a body's, in the picture
            there = (share >= PRESENT_SHARE and share >= KEPT_SHARE * before) or self.appearance.body_in_view(image)
        else:  # never seen seated: only a picture that barely changed
            there = _jump(thumb, self._head_out) < (RISE_JUMP if self._rising else LEAVE_JUMP)
        self._head_out, self._share = (thumb, max(share, before)) if there else (None, 0.0)
        self._rising = False
        return there


# How far the shoulders are above where they are when this person sits, in this camera, in their
# seated torso lengths (shoulders to hips). On the 29 desk clips of rounds 1-3 (4197 seated and
# 1165 standing looks): seated -0.22-0.26 (1st-99th percentile), standing 0.31-1.32, 0.56 at the
# 5th percentile. Standing up lifts the shoulders by about a torso length whatever the camera;
# leaning, slouching or perching barely moves them.
RISE_STANDING = 0.45
RISE_SEATED = 0.3
SEATED_LEARNED = 20  # seated looks before the seated height counts (20 s at one look a second)


class SeatedHeight:
    """The shoulders' height while seated (learned from the looks classify() calls sitting), and
    judge(features): standing far above it, sitting at it, None in between or before it is known."""

    def __init__(self, frame_height: int, memory: int = 600) -> None:
        self.frame_height = frame_height
        self._shoulders: deque[float] = deque(maxlen=memory)
        self._torsos: deque[float] = deque(maxlen=memory)

    def learn(self, f: Features) -> None:
        if np.isfinite(f.shoulder_y) and np.isfinite(f.torso_px) and f.torso_px > 0:
            self._shoulders.append(f.shoulder_y * self.frame_height)
            self._torsos.append(f.torso_px)

    def rise(self, f: Features) -> float | None:
        if len(self._shoulders) < SEATED_LEARNED or not np.isfinite(f.shoulder_y):
            return None
        return float((np.median(self._shoulders) - f.shoulder_y * self.frame_height) / np.median(self._torsos))

    def judge(self, f: Features) -> Observation | None:
        rise = self.rise(f)
        if rise is None or RISE_SEATED < rise < RISE_STANDING:
            return None
        return Observation("standing" if rise >= RISE_STANDING else "sitting")


def _jump(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.abs(a - b).mean())


def _thumbnail(image: np.ndarray) -> np.ndarray:
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    return cv2.resize(grey, (64, 48), interpolation=cv2.INTER_AREA).astype(np.float32)


LEGS_SEEN = 0.4  # knee and hip visibility from which the thighs count as in view (0.46-0.6 on
# tuning frames of crossed or tucked legs whose hip angle was right; 0.0-0.13 behind a desk)
# The hip's angle between trunk and thigh (world landmarks) with the legs in view, on the tuning
# clips: 91-140 deg sitting (perched on the seat's edge too), 147-171 standing.
SEATED_HIP = 143.0
STANDING_HIP = 145.0
HIPS_SEEN = 0.9
HIPS_LOW = 0.85  # hips at the bottom edge or below: behind the desk, as when seated
# The shoulders this near the top (of the frame's height) with the thighs hidden: standing. On the
# tuning clips 0.41-0.70 sitting, -0.24-0.23 standing.
SHOULDERS_HIGH = 0.35


def classify(f: Features) -> Observation:
    """Rules set on the tuning clips (tools/desk_accuracy.py --split tuning)."""
    if f.knee_vis >= LEGS_SEEN and f.hip_vis >= LEGS_SEEN:
        if f.hip_angle_deg < SEATED_HIP:
            return Observation("sitting")
        if f.hip_angle_deg >= STANDING_HIP:
            return Observation("standing")
        return Observation(None)
    # The thighs hidden (a camera on the monitor sees the desk): where the shoulders and hips are.
    if f.shoulder_y <= SHOULDERS_HIGH:
        return Observation("standing")
    if f.hip_vis < HIPS_SEEN or f.hip_y > HIPS_LOW:
        return Observation("sitting")  # the hips behind the desk or below the picture
    return Observation(None)  # the hips in view, the thighs not, the shoulders low: not settled
