"""Small real video files written with OpenCV for tests."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np


def write_video(path: Path, frames: list[np.ndarray] | int, fps: float = 30.0,
                size: tuple[int, int] = (160, 120), fourcc: str = "mp4v") -> Path:
    """Write frames (or n plain gradient frames) as a video and return its path."""
    if isinstance(frames, int):
        frames = [np.full((size[1], size[0], 3), (i * 7) % 255, np.uint8) for i in range(frames)]
    h, w = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*fourcc), fps, (w, h))
    assert writer.isOpened()
    for frame in frames:
        writer.write(frame)
    writer.release()
    return path


def read_frames(path: Path, start: int = 0, stop: int | None = None) -> list[np.ndarray]:
    cap = cv2.VideoCapture(str(path))
    frames = []
    i = 0
    while stop is None or i < stop:
        ok, frame = cap.read()
        if not ok:
            break
        if i >= start:
            frames.append(frame)
        i += 1
    cap.release()
    return frames


def truncate(src: Path, dst: Path, keep: float = 0.5) -> Path:
    data = src.read_bytes()
    dst.write_bytes(data[: int(len(data) * keep)])
    return dst


def pad_start(frames: list[np.ndarray], seconds: float, fps: float = 30.0) -> list[np.ndarray]:
    """Hold the first frame for `seconds` first: a person standing still before the clip starts."""
    return [frames[0]] * int(round(seconds * fps)) + frames
