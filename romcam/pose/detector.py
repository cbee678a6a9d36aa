"""The only module that imports MediaPipe: a PoseLandmarker in VIDEO mode -> romcam Poses.

VIDEO mode rather than LIVE_STREAM: the caller's own loop drops frames when behind, which avoids
LIVE_STREAM's reported hangs. One detector per process (MediaPipe serialises a landmarker's
calls on one worker thread).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import cv2
import numpy as np

from romcam.errors import RomcamError
from romcam.pose.landmarks import LEFT_SIDE, NUM_LANDMARKS, RIGHT_SIDE
from romcam.pose.records import Pose

DEFAULT_MODEL_NAME = "pose_landmarker_full.task"
BUNDLE_MEMBERS = {"pose_detector.tflite", "pose_landmarks_detector.tflite"}


def default_model_path() -> Path:
    """The bundle shipped inside the package (romcam/models/)."""
    return Path(__file__).resolve().parent.parent / "models" / DEFAULT_MODEL_NAME


def read_model(path: Path | None) -> bytes:
    """Load and sanity-check a pose landmarker bundle, with a one-line error when unusable."""
    return check_model(path).read_bytes()


def check_model(path: Path | None) -> Path:
    """The bundle's path once it looks usable (a zip with the landmarker's members), without
    reading it all; a one-line error otherwise."""
    path = Path(path) if path else default_model_path()
    if not path.is_file():
        raise RomcamError(f"pose model not found: {path} (rebuild it with "
                          "`python tools/build_pose_model.py`, or pass --model FILE)")
    try:
        with zipfile.ZipFile(path) as bundle:
            missing = BUNDLE_MEMBERS - set(bundle.namelist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise RomcamError(f"pose model {path} is not a valid .task bundle ({exc})") from None
    if missing:
        raise RomcamError(f"pose model {path} lacks {', '.join(sorted(missing))}: "
                          "not a pose landmarker bundle")
    return path


class PoseDetector:
    """Detects up to `num_poses` people per frame. Use as a context manager.

    Timestamps must increase; equal or decreasing ones are nudged forward by 1 ms, because
    MediaPipe raises on them and some containers repeat timestamps.
    """

    def __init__(self, model_path: Path | None = None, num_poses: int = 2,
                 with_mask: bool = False, min_confidence: float = 0.5,
                 symmetric: bool = False) -> None:
        """symmetric: also detect on the mirror image (with a second landmarker, since VIDEO
        mode tracks per stream) and average the two. The network is not mirror-symmetric: a
        video and its mirror image differ by about 0.5-1 deg per angle; averaged, they agree.
        Costs twice the detection time."""
        if num_poses < 1:
            raise ValueError(f"num_poses must be >= 1, got {num_poses}")
        if not 0.0 <= min_confidence <= 1.0:
            raise ValueError(f"min_confidence must be in [0, 1], got {min_confidence}")
        import mediapipe as mp  # deferred: importing it takes a second

        vision = mp.tasks.vision
        options = vision.PoseLandmarkerOptions(
            base_options=mp.tasks.BaseOptions(model_asset_buffer=read_model(model_path)),
            running_mode=vision.RunningMode.VIDEO,
            num_poses=num_poses,
            min_pose_detection_confidence=min_confidence,
            min_pose_presence_confidence=min_confidence,
            min_tracking_confidence=min_confidence,
            output_segmentation_masks=with_mask,
        )
        try:
            self._landmarker = vision.PoseLandmarker.create_from_options(options)
            self._mirror = vision.PoseLandmarker.create_from_options(options) if symmetric else None
        except (RuntimeError, ValueError) as exc:
            raise RomcamError(f"could not load the pose model: {str(exc).splitlines()[0]}") from None
        self._mp = mp
        self._last_ms = -1
        self._closed = False

    def detect(self, image_bgr: np.ndarray | None, t_ms: float, rgb: np.ndarray | None = None) -> list[Pose]:
        """rgb: the same image as RGB, when a pipeline made it already (then image_bgr is not used)."""
        if self._closed:
            # A closed landmarker silently returns nothing, which would look like "no person".
            raise RuntimeError("PoseDetector used after close()")
        ts = max(int(round(t_ms)), self._last_ms + 1)
        self._last_ms = ts
        if rgb is None:
            rgb = cv2.cvtColor(image_bgr, cv2.COLOR_BGR2RGB)
        poses = self._run(self._landmarker, rgb, ts)
        if self._mirror is None:
            return poses
        mirrored = [_unmirror(p, rgb.shape[1]) for p in self._run(self._mirror, rgb[:, ::-1].copy(), ts)]
        return _average_matched(poses, mirrored)

    def _run(self, landmarker, rgb: np.ndarray, ts: int) -> list[Pose]:
        image = self._mp.Image(image_format=self._mp.ImageFormat.SRGB, data=rgb)
        result = landmarker.detect_for_video(image, ts)
        height, width = rgb.shape[:2]
        masks = result.segmentation_masks or []
        poses = []
        for i, landmarks in enumerate(result.pose_landmarks):
            world = result.pose_world_landmarks[i] if i < len(result.pose_world_landmarks) else []
            mask = masks[i].numpy_view().copy() if i < len(masks) else None
            poses.append(_to_pose(landmarks, world, width, height, mask))
        return poses

    def close(self) -> None:
        if not self._closed:
            self._landmarker.close()
            if self._mirror is not None:
                self._mirror.close()
            self._closed = True

    def __enter__(self) -> PoseDetector:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _mirror_order() -> np.ndarray:
    order = np.arange(NUM_LANDMARKS)
    order[list(LEFT_SIDE)], order[list(RIGHT_SIDE)] = list(RIGHT_SIDE), list(LEFT_SIDE)
    return order


MIRROR_ORDER = _mirror_order()  # landmark i of a mirror image is landmark MIRROR_ORDER[i] here


def _unmirror(pose: Pose, width: int) -> Pose:
    """A pose found in the mirror image, mapped back: x flipped, left and right swapped."""
    xy = pose.xy[MIRROR_ORDER]  # fancy indexing copies
    xy[:, 0] = width - xy[:, 0]
    world = pose.world[MIRROR_ORDER]
    world[:, 0] = -world[:, 0]
    mask = None if pose.mask is None else pose.mask[:, ::-1].copy()
    return Pose(xy=xy, world=world, visibility=pose.visibility[MIRROR_ORDER], mask=mask)


def _average_matched(direct: list[Pose], mirrored: list[Pose]) -> list[Pose]:
    """Average each direct pose with the mirrored pose nearest to it (same person); a pose seen
    in only one of the two images is kept as it is. Symmetric in its two arguments."""
    out, unused = [], list(mirrored)
    for pose in direct:
        if not unused:
            out.append(pose)
            continue
        dist = [float(np.nanmean(np.linalg.norm(pose.xy - other.xy, axis=1))) for other in unused]
        best = int(np.argmin(dist))
        if dist[best] > 0.25 * pose.height_px:
            out.append(pose)
            continue
        other = unused.pop(best)
        mask = pose.mask if other.mask is None or pose.mask is None else (pose.mask + other.mask) / 2
        out.append(Pose(xy=(pose.xy + other.xy) / 2, world=(pose.world + other.world) / 2,
                        visibility=(pose.visibility + other.visibility) / 2, mask=mask))
    return out + unused


def _to_pose(landmarks, world, width: int, height: int, mask: np.ndarray | None) -> Pose:
    xy = np.full((NUM_LANDMARKS, 2), np.nan)
    vis = np.zeros(NUM_LANDMARKS)
    for j, lm in enumerate(landmarks[:NUM_LANDMARKS]):
        xy[j] = (lm.x * width, lm.y * height)
        # visibility/presence can be None; treat unknown as fully uncertain, not certain.
        v = lm.visibility if lm.visibility is not None else 0.0
        p = lm.presence if lm.presence is not None else 1.0
        vis[j] = min(v, p)
    world_xyz = np.full((NUM_LANDMARKS, 3), np.nan)
    for j, lm in enumerate(world[:NUM_LANDMARKS]):
        world_xyz[j] = (lm.x, lm.y, lm.z)
    return Pose(xy=xy, world=world_xyz, visibility=np.clip(vis, 0.0, 1.0), mask=mask)
