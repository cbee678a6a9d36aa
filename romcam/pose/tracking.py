"""Follow one person through a recording and never jump to someone else.

MediaPipe with num_poses=1 returns an arbitrary person when several are in view, so romcam asks
for a few and picks. At the start it takes the largest, most central person; afterwards the
candidate whose torso is nearest to the last known one, as long as it is within a gate that
scales with body size. When no candidate is within the gate the person is "lost" for that frame
(no pose) and an event is recorded; after a loss the gate widens with time, still around the
last known place. The other people in view are followed too (by the same nearest-torso rule), so
that once the person is lost, someone who is none of those others and of a plausible size is
taken as the person coming back, however far from where they were lost (a jump, a step out of
the picture), while a bystander who was in view all along is never taken for them.
"""

from __future__ import annotations

import numpy as np

from romcam.pose.landmarks import Landmark
from romcam.pose.records import Pose

RETURN_SPEED = 4.0  # torso lengths per second: about 2 m/s, running (the regain gate is a walk)
TORSO = [Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER, Landmark.LEFT_HIP, Landmark.RIGHT_HIP]


def torso_centre(pose: Pose) -> np.ndarray:
    return np.nanmean(pose.xy[TORSO], axis=0)


def torso_size(pose: Pose) -> float:
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
        self._others: list[np.ndarray] = []  # torso centres of the other people last seen

    def _initial_choice(self, candidates: list[Pose]) -> Pose:
        centre = np.array(self.frame_size, dtype=float) / 2
        diagonal = float(np.hypot(*self.frame_size))

        def score(pose: Pose) -> float:
            off_centre = np.linalg.norm(torso_centre(pose) - centre) / diagonal
            return pose.height_px / diagonal - off_centre

        return max(candidates, key=score)

    def update(self, candidates: list[Pose], t_s: float) -> Pose | None:
        candidates = [p for p in candidates if np.isfinite(torso_centre(p)).all()]
        if self._centre is None:
            if not candidates:
                return None
            chosen = self._initial_choice(candidates)
            if len(candidates) > 1:
                self.events.append(f"{t_s:.2f}s: {len(candidates)} people in view; following the "
                                   "largest, most central one")
            return self._accept(chosen, t_s, candidates)

        gate = self.gate
        if self._lost:
            gate += self.regain_speed * (t_s - self._last_seen_s)
        best, best_dist = self._nearest(candidates)
        if best is None or best_dist > gate:
            best = self._returning(candidates, t_s) if self._lost else None
        if best is None:
            if not self._lost:
                self._lost = True
                self.events.append(f"{t_s:.2f}s: person lost"
                                   + (" (someone else in view was not followed)" if candidates else ""))
            self._others = self._follow_others(candidates)
            return None
        if self._lost:
            self.events.append(f"{t_s:.2f}s: person found again")
        return self._accept(best, t_s, candidates)

    def accepts(self, candidates: list[Pose]) -> bool:
        """Whether update() would simply follow one of these: the person is being followed and
        one candidate is where they were, of their size. False while nobody is followed yet or the
        person is lost, when every person in view is needed to choose. Nobody in view is
        accepted: looking harder finds nobody either."""
        candidates = [p for p in candidates if np.isfinite(torso_centre(p)).all()]
        if not candidates:
            return True
        if self._centre is None or self._lost:
            return False
        best, dist = self._nearest(candidates)
        return best is not None and dist <= self.gate

    def _nearest(self, candidates: list[Pose]) -> tuple[Pose | None, float]:
        """The candidate of the person's size nearest to where they were, and how far (torso lengths)."""
        best, best_dist = None, float("inf")
        for pose in candidates:
            dist = np.linalg.norm(torso_centre(pose) - self._centre) / self._size
            if 0.6 < torso_size(pose) / self._size < 1.6 and dist < best_dist:
                best, best_dist = pose, dist
        return best, best_dist

    def _follow_others(self, candidates: list[Pose]) -> list[np.ndarray]:
        """The others, each moved to the candidate nearest it within the gate (someone new is
        not added while the person is lost: it may be them coming back)."""
        moved = []
        for other in self._others:
            near = [torso_centre(p) for p in candidates
                    if np.linalg.norm(torso_centre(p) - other) / self._size <= self.gate]
            moved.append(min(near, key=lambda c: np.linalg.norm(c - other)) if near else other)
        return moved

    def _returning(self, candidates: list[Pose], t_s: float) -> Pose | None:
        """While lost: a candidate who is none of the others followed so far, of the person's size,
        no further from where they were lost than a person can run in the time (RETURN_SPEED)."""
        reach = self.gate + RETURN_SPEED * (t_s - self._last_seen_s)
        strangers = [p for p in candidates
                     if 0.6 < torso_size(p) / self._size < 1.6
                     and np.linalg.norm(torso_centre(p) - self._centre) / self._size <= reach
                     and all(np.linalg.norm(torso_centre(p) - other) / self._size > self.gate
                             for other in self._others)]
        if not strangers:
            return None
        return min(strangers, key=lambda p: np.linalg.norm(torso_centre(p) - self._centre))

    def _accept(self, pose: Pose, t_s: float, candidates: list[Pose]) -> Pose:
        self._others = [torso_centre(p) for p in candidates if p is not pose]
        self._centre = torso_centre(pose)
        size = torso_size(pose)
        # Smooth the size so one bad frame does not shrink the gate.
        self._size = size if not np.isfinite(self._size) else 0.8 * self._size + 0.2 * size
        self._last_seen_s = t_s
        self._lost = False
        return pose
