"""Frame sources: a video file, an image folder or a camera, as generators of Frames.

Each generator releases its file or device when it ends, fails or is closed. OpenCV rarely
raises, so every return value is checked and turned into a one-line RomcamError.
"""

from __future__ import annotations

import os
import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from romcam.errors import RomcamError
from romcam.io.workers import yield_to_the_model
from romcam.pose.records import Frame

VIDEO_SUFFIXES = {".mp4", ".mov", ".avi", ".mkv", ".m4v", ".webm", ".mpg", ".mpeg", ".wmv"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp"}


@dataclass
class VideoInfo:
    """What a source says about itself before decoding. frame_count may be 0 when unknown."""

    name: str
    width: int
    height: int
    fps: float
    frame_count: int


@dataclass
class Source:
    """A source's description plus a factory for its frame generator."""

    info: VideoInfo
    frames: Callable[[], Iterator[Frame]]
    live: bool = False
    # Filled in by the generator after it ends: frames that the container announced but that
    # could not be decoded (a truncated file), so callers can warn instead of trusting the end.
    report: dict | None = None


STILL_IMAGE_MAGIC = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG", b"GIF8": "GIF", b"BM": "BMP"}


def _still_image_kind(path: Path) -> str | None:
    with open(path, "rb") as fh:
        head = fh.read(8)
    return next((kind for magic, kind in STILL_IMAGE_MAGIC.items() if head.startswith(magic)), None)


def open_video(path: Path) -> Source:
    path = Path(path)
    if not path.exists():
        raise RomcamError(f"no such file: {path}")
    if path.is_dir():
        raise RomcamError(f"{path} is a folder, not a video")
    if path.stat().st_size == 0:
        raise RomcamError(f"{path} is empty (0 bytes)")
    if path.suffix.lower() in IMAGE_SUFFIXES:
        raise RomcamError(f"{path} is a still image; romcam needs a video or a folder of images")
    if path.suffix.lower() not in VIDEO_SUFFIXES:
        # FFmpeg would happily "play" a text file as a video of rendered characters.
        raise RomcamError(f"{path} is not a video file (expected one of "
                          f"{', '.join(sorted(VIDEO_SUFFIXES))})")
    kind = _still_image_kind(path)
    if kind:  # FFmpeg reads a renamed picture as a one-frame "video"
        raise RomcamError(f"{path} holds a {kind} picture, not a video: pass the video itself")
    cap = cv2.VideoCapture(str(path))
    try:
        if not cap.isOpened():
            raise RomcamError(f"{path} is not a readable video (corrupt or unsupported format)")
        ok, first = cap.read()
        if not ok or first is None:
            raise RomcamError(f"{path} has no decodable frames (corrupt or truncated video)")
        fps = cap.get(cv2.CAP_PROP_FPS)
        count = int(cap.get(cv2.CAP_PROP_FRAME_COUNT))
    finally:
        cap.release()
    fps = fps if np.isfinite(fps) and 1.0 <= fps <= 1000.0 else 30.0
    info = VideoInfo(path.name, first.shape[1], first.shape[0], fps, max(count, 0))
    source = Source(info, lambda: iter(()))
    source.report = {}
    source.frames = lambda: _video_frames(path, info, source.report)
    return source


def _video_frames(path: Path, info: VideoInfo, report: dict) -> Iterator[Frame]:
    cap = cv2.VideoCapture(str(path))
    try:
        last_ms = -1.0
        index = 0
        while True:
            ok, image = cap.read()
            if not ok or image is None:
                break
            # The container's own per-frame time (exact on variable-frame-rate files); fall back
            # to index/fps when it is missing or goes backwards.
            t_ms = cap.get(cv2.CAP_PROP_POS_MSEC)
            if not np.isfinite(t_ms) or t_ms <= last_ms:
                t_ms = max(index * 1000.0 / info.fps, last_ms + 1.0)
            last_ms = t_ms
            yield Frame(image, index, t_ms)
            index += 1
    finally:
        cap.release()
        report["decoded"] = index
        if info.frame_count > 0 and index < 0.95 * info.frame_count:
            report["warning"] = (f"{info.name}: decoded {index} of {info.frame_count} announced "
                                 "frames; the file looks truncated")


def open_image_folder(folder: Path, fps: float = 30.0) -> Source:
    files = sorted(p for p in Path(folder).iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
    if not files:
        raise RomcamError(f"{folder} holds no images ({', '.join(sorted(IMAGE_SUFFIXES))})")
    first = cv2.imread(str(files[0]))
    if first is None:
        raise RomcamError(f"{files[0]} is not a readable image")
    info = VideoInfo(Path(folder).name, first.shape[1], first.shape[0], fps, len(files))
    source = Source(info, lambda: iter(()))
    source.report = {}
    source.frames = lambda: _image_frames(files, info, source.report)
    return source


def _image_frames(files: list[Path], info: VideoInfo, report: dict) -> Iterator[Frame]:
    skipped = []
    index = 0
    for file in files:
        image = cv2.imread(str(file))
        if image is None or image.shape[:2] != (info.height, info.width):
            skipped.append(file.name)
            continue
        yield Frame(image, index, index * 1000.0 / info.fps)
        index += 1
    report["decoded"] = index
    if skipped:
        report["warning"] = f"skipped {len(skipped)} unreadable or differently sized images: {skipped[0]}..."


def open_camera(index: int, width: int | None = None, height: int | None = None) -> Source:
    if index < 0:
        # cv2.VideoCapture(-1) crashes the process on machines without a camera.
        raise RomcamError(f"camera index must be 0 or more, got {index}")
    cap = cv2.VideoCapture(index)
    if not cap.isOpened():
        cap.release()
        raise RomcamError(f"no camera at index {index} (is one connected, and free?)")
    if width and height:
        cap.set(cv2.CAP_PROP_FRAME_WIDTH, width)
        cap.set(cv2.CAP_PROP_FRAME_HEIGHT, height)
    ok, first = cap.read()
    if not ok or first is None:
        cap.release()
        raise RomcamError(f"camera {index} opened but gives no image")
    fps = cap.get(cv2.CAP_PROP_FPS)
    info = VideoInfo(f"camera{index}", first.shape[1], first.shape[0],
                     fps if 1.0 <= fps <= 240.0 else 30.0, 0)

    report: dict = {}

    def frames() -> Iterator[Frame]:
        start = time.monotonic()
        index_ = 0
        try:
            while True:
                ok, image = cap.read()
                if not ok or image is None:
                    # a camera never ends by itself: unplugged, taken by another program, asleep
                    report["warning"] = (f"the camera stopped delivering images after {index_} frames "
                                         f"({time.monotonic() - start:.1f} s): was it unplugged or taken "
                                         "by another program?")
                    break
                now = time.monotonic()
                yield Frame(image, index_, (now - start) * 1000.0, captured_at=now)
                index_ += 1
        finally:
            cap.release()

    return Source(info, frames, live=True, report=report)


def paced(frames: Iterator[Frame], speed: float = 1.0) -> Iterator[Frame]:
    """Release a file's frames at their recorded times, as a camera would deliver them."""
    start = None
    for frame in frames:
        if start is None:
            start = time.monotonic() - frame.t_ms / 1000.0 / speed
        delay = start + frame.t_ms / 1000.0 / speed - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        frame.captured_at = time.monotonic()
        yield frame


class _Stop:
    pass


def with_rgb(frames: Iterator[Frame]) -> Iterator[Frame]:
    """Each frame with its RGB copy: inside prefetch, the conversion runs on the decoding thread."""
    for frame in frames:
        frame.rgb = cv2.cvtColor(frame.image, cv2.COLOR_BGR2RGB)
        yield frame


def prefetch(frames: Iterator[Frame], depth: int = 4, latest_only: bool = False,
             background: bool = False) -> Iterator[Frame]:
    """Decode in a background thread so decoding overlaps detection.

    latest_only: keep just the newest frame (live use): when the consumer is slower than the
    source, older frames are dropped instead of queueing up as lag.
    background: decode at a lower priority than the model (romcam.io.workers.yield_to_the_model).
    """
    q: queue.Queue = queue.Queue(maxsize=1 if latest_only else depth)
    stop = threading.Event()
    error: list[BaseException] = []

    def produce() -> None:
        if background:
            yield_to_the_model()
        try:
            for frame in frames:
                if stop.is_set():
                    break
                if latest_only:
                    try:
                        q.get_nowait()  # drop the stale frame
                    except queue.Empty:
                        pass
                    q.put(frame)
                else:
                    while not stop.is_set():
                        try:
                            q.put(frame, timeout=0.1)
                            break
                        except queue.Full:
                            continue
        except BaseException as exc:  # handed to the consumer, re-raised there
            error.append(exc)
        finally:
            close = getattr(frames, "close", None)
            if close:
                close()
            while True:
                try:
                    q.put(_Stop(), timeout=0.1)
                    break
                except queue.Full:
                    if stop.is_set():
                        break

    thread = threading.Thread(target=produce, name="romcam-decode", daemon=True)
    thread.start()
    try:
        while True:
            item = q.get()
            if isinstance(item, _Stop):
                break
            yield item
    finally:
        stop.set()
        try:
            while thread.is_alive():
                try:
                    q.get_nowait()
                except queue.Empty:
                    pass
                thread.join(timeout=0.05)
        except KeyboardInterrupt:
            pass  # a second Ctrl-C while stopping: the daemon thread ends with the process
    if error:
        raise error[0]


def is_video_file(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in VIDEO_SUFFIXES


def display_available() -> bool:
    """cv2.imshow aborts the process (uncatchable) when there is no display."""
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
