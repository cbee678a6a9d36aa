"""One pose per frame when one person is in view, every person when it matters.

Asking MediaPipe for two poses costs about 40% of its speed even with one person in view: it runs its
person detector on every frame, looking for the second. The person lock (romcam.pose.tracking)
needs every person only to choose whom to follow and to tell a passer-by from the person. So a
landmarker asks for one pose, and a second one asks for all `max_people`:
- on the first frame, and every `check_every` frames (someone walking in is seen within that);
- for `check_every` frames after more than one person was last seen (they are all followed);
- on any frame where the one pose is not the followed person (the lock would not take it: the
  landmarker jumped to someone else, or the person is lost), again on that same frame.
check_every=1 asks for every person on every frame: the one-landmarker behaviour.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from romcam.pose.detector import PoseDetector
from romcam.pose.records import Pose

CHECK_EVERY = 30  # frames: a second at 30 fps


class PeopleDetector:
    """detect(image, t_ms, accepts) -> the people in view, as PoseDetector.detect. accepts: the
    lock's judgement of a one-pose answer (romcam.pose.tracking.PersonLock.accepts). Use as a
    context manager."""

    def __init__(self, model_path: Path | None = None, max_people: int = 2, with_mask: bool = False,
                 symmetric: bool = False, check_every: int = CHECK_EVERY, min_confidence: float = 0.5) -> None:
        if check_every < 1:
            raise ValueError(f"check_every must be >= 1 frame, got {check_every}")
        self.check_every = check_every
        self._every = PoseDetector(model_path, num_poses=max_people, with_mask=with_mask, symmetric=symmetric,
                                   min_confidence=min_confidence)
        self._one = None
        if max_people > 1 and check_every > 1:
            self._one = PoseDetector(model_path, num_poses=1, with_mask=with_mask, symmetric=symmetric,
                                     min_confidence=min_confidence)
        self._frame = 0
        self._last_full = -check_every  # the frame of the last look for everyone
        self._crowd_until = -1  # look for everyone up to this frame: several people were seen
        self.full_looks = 0  # frames where everyone was looked for (for the benchmark)

    def detect(self, image: np.ndarray | None, t_ms: float, accepts: Callable[[list[Pose]], bool],
               rgb: np.ndarray | None = None) -> list[Pose]:
        frame, self._frame = self._frame, self._frame + 1
        if self._one is not None and frame < self._last_full + self.check_every and frame > self._crowd_until:
            poses = self._one.detect(image, t_ms, rgb)
            if accepts(poses):
                return poses
        poses = self._every.detect(image, t_ms, rgb)
        self._last_full, self.full_looks = frame, self.full_looks + 1
        if len(poses) > 1:
            self._crowd_until = frame + self.check_every
        return poses

    def close(self) -> None:
        self._every.close()
        if self._one is not None:
            self._one.close()

    def __enter__(self) -> PeopleDetector:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
