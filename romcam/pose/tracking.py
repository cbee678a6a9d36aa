"""Follow one person through a recording and never jump to someone else.

MediaPipe with num_poses=1 returns an arbitrary person when several are in view, so romcam asks
for a few and picks. At the start it takes the largest, most central person; afterwards the
candidate whose torso is nearest to the last known one, as long as it is within a gate that
scales with body size. When no candidate is within the gate the person is "lost" for that frame
(no pose) and an event is recorded; after a loss the gate widens with time, still around the
last known place.
"""

from __future__ import annotations

import numpy as np

from romcam.pose.landmarks import Landmark
from romcam.pose.records import Pose

TORSO = [Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER, Landmark.LEFT_HIP, Landmark.RIGHT_HIP]


def _torso_centre(pose: Pose) -> np.ndarray:
    return np.nanmean(pose.xy[TORSO], axis=0)


def _torso_size(pose: Pose) -> float:
    shoulders = np.nanmean(pose.xy[TORSO[:2]], axis=0)
    hips = np.nanmean(pose.xy[TORSO[2:]], axis=0)
    return float(np.linalg.norm(shoulders - hips))


class PersonLock:
    """update(candidates, t_s) -> the followed person's Pose, or None when not seen.

    gate: how far (in torso lengths) the torso centre may move between consecutive frames.
    regain_speed: after a loss, how fast the gate widens (torso lengths per second).
    """

    def __init__(self, frame_size: tuple[int, int], gate: float = 0.6,
                 regain_speed: float = 1.5) -> None:
        if gate <= 0:
            raise ValueError(f"gate must be > 0 torso lengths, got {gate}")
        self.frame_size = frame_size
        self.gate = gate
        self.regain_speed = regain_speed
        self.events: list[str] = []
        self.reset()

    def reset(self) -> None:
        self._centre: np.ndarray | None = None
        self._size = float("nan")
        self._last_seen_s = float("nan")
        self._lost = False

    def _initial_choice(self, candidates: list[Pose]) -> Pose:
        centre = np.array(self.frame_size, dtype=float) / 2
        diagonal = float(np.hypot(*self.frame_size))

        def score(pose: Pose) -> float:
            off_centre = np.linalg.norm(_torso_centre(pose) - centre) / diagonal
            return pose.height_px / diagonal - off_centre

        return max(candidates, key=score)

    def update(self, candidates: list[Pose], t_s: float) -> Pose | None:
        candidates = [p for p in candidates if np.isfinite(_torso_centre(p)).all()]
        if self._centre is None:
            if not candidates:
                return None
            chosen = self._initial_choice(candidates)
            if len(candidates) > 1:
                self.events.append(f"{t_s:.2f}s: {len(candidates)} people in view; following the "
                                   "largest, most central one")
            return self._accept(chosen, t_s)

        gate = self.gate
        if self._lost:
            gate += self.regain_speed * (t_s - self._last_seen_s)
        best, best_dist = None, float("inf")
        for pose in candidates:
            dist = np.linalg.norm(_torso_centre(pose) - self._centre) / self._size
            size_ratio = _torso_size(pose) / self._size
            if 0.6 < size_ratio < 1.6 and dist < best_dist:
                best, best_dist = pose, dist
        if best is None or best_dist > gate:
            if not self._lost:
                self._lost = True
                self.events.append(f"{t_s:.2f}s: person lost"
                                   + (" (someone else in view was not followed)" if candidates else ""))
            return None
        if self._lost:
            self.events.append(f"{t_s:.2f}s: person found again")
        return self._accept(best, t_s)

    def _accept(self, pose: Pose, t_s: float) -> Pose:
        self._centre = _torso_centre(pose)
        size = _torso_size(pose)
        # Smooth the size so one bad frame does not shrink the gate.
        self._size = size if not np.isfinite(self._size) else 0.8 * self._size + 0.2 * size
        self._last_seen_s = t_s
        self._lost = False
        return pose
