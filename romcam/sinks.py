"""Video writing that fails loudly: OpenCV's VideoWriter says nothing when it cannot write."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from romcam.errors import RomcamError

# H.264 is not available in OpenCV's wheels; mp4v plays in browsers' <video> poorly but in
# every desktop player. MJPG .avi survives a hard kill (see facts), so recordings use it.
FOURCC_BY_SUFFIX = {".mp4": "mp4v", ".avi": "MJPG", ".mkv": "FFV1"}


class VideoSink:
    """Context manager: write(image) frames of one size to `path`; released on exit."""

    def __init__(self, path: Path, fps: float, size: tuple[int, int]) -> None:
        self.path = Path(path)
        fourcc = FOURCC_BY_SUFFIX.get(self.path.suffix.lower())
        if fourcc is None:
            raise RomcamError(f"cannot write video {self.path}: use .mp4, .avi or .mkv")
        if not self.path.parent.is_dir():
            raise RomcamError(f"cannot write {self.path}: folder {self.path.parent} does not exist")
        self.size = size
        self.frames_written = 0
        self._writer = cv2.VideoWriter(str(self.path), cv2.VideoWriter_fourcc(*fourcc), fps, size)
        if not self._writer.isOpened():
            raise RomcamError(f"cannot write video {self.path} (folder not writable or disk full?)")

    def write(self, image: np.ndarray) -> None:
        if (image.shape[1], image.shape[0]) != self.size:
            image = cv2.resize(image, self.size)
        self._writer.write(image)
        self.frames_written += 1

    def close(self) -> None:
        if self._writer is not None:
            self._writer.release()
            self._writer = None
            if not self.path.is_file() or self.path.stat().st_size == 0:
                raise RomcamError(f"video {self.path} was not written (disk full?)")

    def __enter__(self) -> VideoSink:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
