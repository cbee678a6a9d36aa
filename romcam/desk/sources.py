"""Frames for desk mode: one every 1/frames_per_s seconds, with the time each was taken.

camera_samples keeps the camera open only while it is needed: paused, or with the screen
locked, it is released (its light goes off) and opened again on resume. video_samples plays a
file on a clock that starts at `start` and can run faster than real time (speed), so a day can
be replayed in minutes; the clock is the video's own time, whatever the speed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import cv2
import numpy as np

from romcam.errors import RomcamError


@dataclass
class Sample:
    t: datetime  # when it was taken (local time, with its offset)
    image: np.ndarray | None  # None: nothing to look at (paused), the loop only checks its keys


def video_samples(path: Path, frames_per_s: float, start: datetime, speed: float = 0.0) -> Iterator[Sample]:
    """speed: 1 plays in real time, 60 a minute per second, 0 as fast as it decodes. A file that
    is missing or not a video is said here, before any frame is asked for."""
    if not path.is_file():
        raise RomcamError(f"video not found: {path}")
    cap = cv2.VideoCapture(str(path))
    if not cap.isOpened():
        cap.release()
        raise RomcamError(f"cannot read video {path} (not a video, or a codec OpenCV lacks)")
    return _video_samples(cap, path, frames_per_s, start, speed)


def _video_samples(cap, path: Path, frames_per_s: float, start: datetime, speed: float) -> Iterator[Sample]:
    fps = cap.get(cv2.CAP_PROP_FPS)
    fps = fps if 0.1 <= fps <= 1000 else 30.0
    step_s, next_s, index, began = 1.0 / frames_per_s, 0.0, 0, time.monotonic()
    try:
        while cap.grab():  # every frame is decoded; only the sampled ones are converted
            video_s = index / fps
            index += 1
            if video_s + 1e-6 < next_s:
                continue
            ok, image = cap.retrieve()
            if not ok:
                break
            next_s = video_s + step_s
            if speed > 0:
                time.sleep(max(0.0, began + video_s / speed - time.monotonic()))
            yield Sample(start + timedelta(seconds=video_s), image)
    finally:
        cap.release()
    if index == 0:
        raise RomcamError(f"no frames could be decoded from {path}")


def camera_samples(index: int, frames_per_s: float, paused: Callable[[], bool],
                   clock: Callable[[], datetime] = lambda: datetime.now().astimezone()) -> Iterator[Sample]:
    """Frames from camera `index`; Sample(t, None) about once a second while paused or locked."""
    cap = None
    lock = ScreenLock()
    try:
        while True:
            if paused() or lock.locked():
                if cap is not None:
                    cap.release()
                    cap = None
                yield Sample(clock(), None)
                time.sleep(1.0)
                continue
            if cap is None:
                cap = _open_camera(index)
            due = time.monotonic() + 1.0 / frames_per_s
            # The camera runs at its own rate: drop what queued up since the last look.
            for _ in range(2):
                cap.grab()
            ok, image = cap.read()
            if not ok or image is None:
                raise RomcamError(f"camera {index} stopped delivering images (unplugged, or taken by another program?)")
            yield Sample(clock(), image)
            time.sleep(max(0.0, due - time.monotonic()))
    finally:
        if cap is not None:
            cap.release()


def check_camera(index: int) -> None:
    """RomcamError now when there is no such camera (camera_samples opens it only when needed)."""
    _open_camera(index).release()


def _open_camera(index: int):
    if index < 0:  # cv2.VideoCapture(-1) crashes the process on machines without a camera
        raise RomcamError(f"camera index must be 0 or more, got {index}")
    cap = cv2.VideoCapture(index)
    if not cap.isOpened():
        cap.release()
        raise RomcamError(f"no camera at index {index} (is one connected, and free?)")
    cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)
    return cap


class ScreenLock:
    """locked() -> whether the OS says the screen is locked (systemd-logind's LockedHint),
    asked at most every `every_s` seconds; False where the OS does not say."""

    def __init__(self, every_s: float = 30.0) -> None:
        self.every_s = every_s
        self._session = os.environ.get("XDG_SESSION_ID")
        self._loginctl = shutil.which("loginctl") if self._session else None
        self._asked_at = -float("inf")
        self._locked = False

    def locked(self) -> bool:
        if self._loginctl is None or time.monotonic() - self._asked_at < self.every_s:
            return self._locked
        self._asked_at = time.monotonic()
        try:
            out = subprocess.run([self._loginctl, "show-session", self._session, "-p", "LockedHint", "--value"],
                                 capture_output=True, text=True, timeout=2).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            self._loginctl = None
            return False
        self._locked = out == "yes"
        return self._locked
