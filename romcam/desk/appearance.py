"""Is the desk person still in the picture when the pose model no longer finds them?

Standing at the desk in front of a camera on the monitor, the head is above the picture and the
pose model (which finds a person by the face) loses them, while their shirt still fills the
picture. The colours of the person's torso, learned while they sit, against the colours of the
scene around them, tell whether that shirt is still there; colours the scene never had (trousers,
a belt, more of the top) tell that a body is in view when the shirt looks like the wall. An empty
desk shows the scene's colours, and little else. Nothing of it is stored: two colour histograms
in memory.
"""

from __future__ import annotations

import cv2
import numpy as np

from romcam.pose.landmarks import Landmark as L
from romcam.pose.records import Pose

SMALL = (80, 60)  # the frame is looked at this small: colours, not detail
LEVELS = 8  # per colour channel: 512 colours
TORSO_SHRINK = 0.7  # of the shoulders-hips quadrilateral around its centre: shirt, not edges
SCENE_MARGIN = 0.15  # of the small frame's width around the landmarks: not the person
LEARN_RATE = 0.2  # each look's share of the running histograms
# A colour is the person's when it is common on their torso (PERSON_SHARE of its pixels) and
# PERSON_OVER_SCENE times more common there than in the scene around them.
PERSON_SHARE = 0.01
PERSON_OVER_SCENE = 4.0
# The person's colours cover this share of the picture or more: they are there. On the tuning
# clips' monitor cameras: 0.12-0.35 while standing with the head above the picture, 0.00-0.02
# with the desk empty (a passer-by behind included).
PRESENT_SHARE = 0.06
# A colour is new to the scene when less than this share of the scene around the seated person has
# it. Someone standing in front of the camera shows new colours (trousers, belt, more of the top);
# an empty desk shows a few (the chair and wall the person hid). On the monitor cameras of rounds
# 1-4, looks where the model found nobody: empty desk 0.05-0.18 of the picture in new colours,
# standing there 0.20-0.60 (median per clip), seated 0.13-0.42.
RARE_IN_SCENE = 0.002
BODY_NEW = 0.2
BODY_NEW_OF_SEATED = 0.45


def _colours(image: np.ndarray) -> np.ndarray:
    small = cv2.resize(image, SMALL, interpolation=cv2.INTER_AREA)
    q = (small // (256 // LEVELS)).astype(np.int32)
    return (q[..., 0] * LEVELS + q[..., 1]) * LEVELS + q[..., 2]


class Appearance:
    """learn(image, pose) while the person is seen; then share(image) of the picture in their colours
    and body_in_view(image), someone's body in it by the colours new to the scene."""

    def __init__(self) -> None:
        self._person = np.zeros(LEVELS ** 3)
        self._scene = np.zeros(LEVELS ** 3)
        self.learned = False
        self.seated_new: float | None = None  # new_share() while seated
        self._image: np.ndarray | None = None  # the last picture asked about, and its colours:
        self._image_colours: np.ndarray | None = None  # one look asks up to three questions of it

    def _colours(self, image: np.ndarray) -> np.ndarray:
        if image is not self._image:
            self._image, self._image_colours = image, _colours(image)
        return self._image_colours

    def learn(self, image: np.ndarray, pose: Pose) -> None:
        colours = self._colours(image)
        h, w = image.shape[:2]
        xy = pose.xy * (SMALL[0] / w, SMALL[1] / h)
        torso = xy[[L.LEFT_SHOULDER, L.RIGHT_SHOULDER, L.RIGHT_HIP, L.LEFT_HIP]]
        if not np.isfinite(torso).all():
            return
        centre = torso.mean(axis=0)
        torso = centre + TORSO_SHRINK * (torso - centre)
        on_torso = np.zeros(SMALL[::-1], np.uint8)
        cv2.fillConvexPoly(on_torso, torso.round().astype(np.int32), 1)
        points = xy[np.isfinite(xy).all(axis=1)]
        (x0, y0), (x1, y1) = points.min(axis=0), points.max(axis=0)
        margin = SCENE_MARGIN * SMALL[0]
        around = np.ones(SMALL[::-1], np.uint8)
        cv2.rectangle(around, (int(x0 - margin), int(y0 - margin)), (int(x1 + margin), int(y1 + margin)), 0, -1)
        for target, mask, least in ((self._person, on_torso, 20), (self._scene, around, 50)):
            counts = np.bincount(colours[mask > 0], minlength=LEVELS ** 3).astype(float)
            if counts.sum() >= least:  # enough pixels to say anything
                rate = LEARN_RATE if self.learned else 1.0
                target *= 1.0 - rate
                target += rate * counts / counts.sum()
        self.learned = bool(self._person.any() and self._scene.any())
        if self.learned:
            new = self.new_share(image)
            self.seated_new = new if self.seated_new is None else (1 - LEARN_RATE) * self.seated_new + LEARN_RATE * new

    def share(self, image: np.ndarray) -> float:
        """The share of the picture in the person's colours (0 before anything is learned)."""
        if not self.learned:
            return 0.0
        colours = self._colours(image)
        person, scene = self._person[colours], self._scene[colours]
        return float(((person >= PERSON_SHARE) & (person > PERSON_OVER_SCENE * scene)).mean())

    def new_share(self, image: np.ndarray) -> float:
        """The share of the picture in colours the scene around the seated person does not have."""
        return float((self._scene[self._colours(image)] < RARE_IN_SCENE).mean()) if self.learned else 0.0

    def body_in_view(self, image: np.ndarray) -> bool:
        """Enough colours new to the scene for a person's body to be in the picture."""
        if self.seated_new is None:
            return False
        return self.new_share(image) >= max(BODY_NEW, BODY_NEW_OF_SEATED * self.seated_new)
