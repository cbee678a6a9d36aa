"""Per-frame stage shared by the camera loop and the annotated video: the followed person's
landmarks, smoothed causally, and their angles as they would be known at that moment."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

import numpy as np

from romcam.kinematics.angles import (SIDES, compute_angles, detect_facing, leg_line_offset, near_side,
                                     usable_landmarks)
from romcam.kinematics.camera_view import CameraView, estimate_view, to_sagittal
from romcam.pose.landmarks import Landmark as L
from romcam.kinematics.filters import OneEuroFilter
from romcam.pelvis.tilt import LivePelvis
from romcam.pose.records import Pose
from romcam.pose.tracking import PersonLock
from romcam.uncertainty import Conditions

LEG_JOINTS = {side: [L[f"{side.upper()}_{j}"] for j in ("HIP", "KNEE", "ANKLE")] for side in SIDES}
VIEW_WINDOW = 90  # frames the camera's yaw is estimated over (3 s at 30 fps) ...
VIEW_EVERY = 15  # ... re-estimated this often
LEG_OFFSET_WINDOW = 300  # straight-leg frames the leg line's offset is taken over


@dataclass
class LiveState:
    pose: Pose | None
    xy: np.ndarray | None  # smoothed, usable landmarks (NaN where not)
    angles: dict[str, float]
    facing: str
    near_side: str
    status: list[str] = field(default_factory=list)
    people: int = 0
    conditions: Conditions | None = None  # what the accuracy depends on (romcam.uncertainty)
    camera: CameraView | None = None  # the camera's estimated view over the last few seconds


class LiveAngles:
    """update(candidates, t_s) -> LiveState. side: 'auto' or the subject's side to highlight."""

    def __init__(self, frame_size: tuple[int, int], side: str = "auto",
                 min_visibility: float = 0.3, pelvis: str = "off",
                 max_yaw_corrected_deg: float = 0.0) -> None:
        if side not in ("auto", *SIDES):
            raise ValueError(f"side must be auto, left or right, got {side!r}")
        self.frame_size = frame_size
        self.side = side
        self.min_visibility = min_visibility
        self.lock = PersonLock(frame_size)
        self.smoother = OneEuroFilter(min_cutoff_hz=1.5, beta=0.02)
        self.pelvis = LivePelvis(pelvis) if pelvis != "off" else None
        self._facing_right = 0.5  # moving average of per-frame votes: follows a turn in ~1 s
        self._side_visibility = dict.fromkeys(SIDES, 0.0)
        self._recent: deque[np.ndarray] = deque(maxlen=VIEW_WINDOW)
        # straight-leg frames' hip-ankle minus hip-knee angle, as whole recordings measure it
        self._leg_offsets = {side: deque(maxlen=LEG_OFFSET_WINDOW) for side in SIDES}
        self._frames = 0
        self.camera = CameraView()
        self.max_yaw_corrected_deg = max_yaw_corrected_deg

    def update(self, candidates: list[Pose], t_s: float, image: np.ndarray | None = None) -> LiveState:
        """image: the frame, needed only for the pelvic tilt (pelvis != "off")."""
        pose = self.lock.update(candidates, t_s)
        return self.follow(pose, len(candidates), bool(self.lock.events), t_s, image)

    def follow(self, pose: Pose | None, people: int, events_before: bool, t_s: float,
               image: np.ndarray | None = None) -> LiveState:
        """The frame's state once the lock has chosen `pose` among `people` (update() in two
        steps, so that a pipeline can lock on the detecting thread and follow on another).
        events_before: whether the lock had said anything yet (this frame included)."""
        if pose is None:
            status = ["person lost" if events_before else "no person in view"]
            return LiveState(None, None, {}, self.facing, self.near_side, status, people)
        xy = usable_landmarks(pose.xy, pose.visibility, self.frame_size, self.min_visibility)
        xy = self.smoother.update(xy, t_s)
        self._vote(xy, pose.visibility)
        self._watch_camera(xy)
        facing = +1 if self.facing == "right" else -1
        offsets = {side: leg_line_offset(np.array(self._leg_offsets[side])) for side in SIDES}
        angles = compute_angles(to_sagittal(xy[None], self.camera), pose.visibility[None], facing, offsets)
        for side in SIDES:
            difference = float(angles[f"{side}_leg_line_offset_deg"][0])
            if np.isfinite(difference):
                self._leg_offsets[side].append(difference)
        if self.pelvis is not None and image is not None:
            tilt, conf = self.pelvis.update(image, xy, pose.mask, facing, t_s)
            angles["pelvic_tilt_deg"] = np.array([tilt])
            angles["pelvic_tilt_conf"] = np.array([conf])
        status = []
        if not np.isfinite(xy[[L.LEFT_HIP, L.RIGHT_HIP]]).any():
            status.append("hips not in view")
        return LiveState(pose, xy, {k: float(v[0]) for k, v in angles.items()},
                         self.facing, self.near_side, status, people, self.conditions, self.camera)

    @property
    def conditions(self) -> Conditions:
        pelvis = (self.pelvis.method if self.pelvis is not None else None) or "off"
        return Conditions.of(self.camera.yaw_deg, self.frame_size, pelvis)

    def _watch_camera(self, xy: np.ndarray) -> None:
        """The camera's yaw over the last few seconds (as for whole recordings)."""
        self._recent.append(xy)
        self._frames += 1
        if self._frames % VIEW_EVERY == 0:
            self.camera = estimate_view(np.stack(self._recent), self.max_yaw_corrected_deg)

    def _vote(self, xy: np.ndarray, visibility: np.ndarray) -> None:
        facing = detect_facing(xy[None])
        if facing.confidence > 0:
            self._facing_right = 0.95 * self._facing_right + 0.05 * float(facing.sign > 0)
        for side in SIDES:
            self._side_visibility[side] = 0.9 * self._side_visibility[side] + 0.1 * float(
                np.mean(visibility[LEG_JOINTS[side]]))

    @property
    def facing(self) -> str:
        return "right" if self._facing_right >= 0.5 else "left"

    @property
    def near_side(self) -> str:
        return self.side if self.side != "auto" else near_side(self._facing_right, self._side_visibility)
