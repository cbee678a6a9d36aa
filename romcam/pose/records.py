"""Typed records passed between romcam's stages. Missing values are NaN, never 0."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from romcam.pose.landmarks import NUM_LANDMARKS


@dataclass
class Frame:
    """One decoded image (BGR, as OpenCV gives it) and when it was taken."""

    image: np.ndarray
    index: int
    t_ms: float
    # time.monotonic() when the frame was captured (live sources), for latency figures.
    captured_at: float | None = None
    rgb: np.ndarray | None = None  # the image as RGB, made beside decoding (the model's input)


@dataclass
class Pose:
    """One person's landmarks in one frame.

    xy: (33, 2) pixel coordinates; world: (33, 3) metres around the hips (MediaPipe world
    landmarks); visibility: (33,) in [0, 1]; mask: optional float silhouette at frame size.
    """

    xy: np.ndarray
    world: np.ndarray
    visibility: np.ndarray
    mask: np.ndarray | None = None

    def __post_init__(self) -> None:
        for name, shape in (("xy", (NUM_LANDMARKS, 2)), ("world", (NUM_LANDMARKS, 3)),
                            ("visibility", (NUM_LANDMARKS,))):
            actual = getattr(self, name).shape
            if actual != shape:
                raise ValueError(f"Pose.{name} must have shape {shape}, got {actual}")

    @property
    def height_px(self) -> float:
        """Bounding-box diagonal of the visible landmarks: a scale for distances."""
        pts = self.xy[np.isfinite(self.xy).all(axis=1)]
        if len(pts) < 2:
            return float("nan")
        return float(np.linalg.norm(pts.max(axis=0) - pts.min(axis=0)))


@dataclass
class PoseTrack:
    """The followed person over a whole recording: arrays indexed by frame.

    xy (n, 33, 2) pixels with NaN where unknown, visibility (n, 33), t_s (n,), detected (n,);
    world (n, 33, 3) metres in the camera's axes when kept (for the camera's pitch).
    """

    xy: np.ndarray
    visibility: np.ndarray
    t_s: np.ndarray
    detected: np.ndarray
    frame_size: tuple[int, int]
    events: list[str] = field(default_factory=list)
    world: np.ndarray | None = None

    def __post_init__(self) -> None:
        n = len(self.t_s)
        expected = {"xy": (n, NUM_LANDMARKS, 2), "visibility": (n, NUM_LANDMARKS), "detected": (n,),
                    "world": (n, NUM_LANDMARKS, 3)}
        for name, shape in expected.items():
            if getattr(self, name) is None:
                continue
            actual = getattr(self, name).shape
            if actual != shape:
                raise ValueError(f"PoseTrack.{name} must have shape {shape}, got {actual}")

    def __len__(self) -> int:
        return len(self.t_s)

    @classmethod
    def from_arrays(cls, xy: list[np.ndarray | None], visibility: list[np.ndarray | None],
                    t_s: list[float], frame_size: tuple[int, int],
                    events: list[str] | None = None,
                    world: list[np.ndarray | None] | None = None) -> PoseTrack:
        """Per-frame landmark arrays (None where nobody was followed) into one track."""
        n = len(xy)
        all_xy = np.full((n, NUM_LANDMARKS, 2), np.nan)
        all_vis = np.zeros((n, NUM_LANDMARKS))
        all_world = np.full((n, NUM_LANDMARKS, 3), np.nan) if world is not None else None
        for i, (frame_xy, frame_vis) in enumerate(zip(xy, visibility)):
            if frame_xy is not None:
                all_xy[i], all_vis[i] = frame_xy, frame_vis
                if all_world is not None:
                    all_world[i] = world[i]
        detected = np.array([a is not None for a in xy], dtype=bool)
        return cls(all_xy, all_vis, np.asarray(t_s, dtype=float), detected, frame_size, list(events or []),
                   all_world)
