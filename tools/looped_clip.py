#!/usr/bin/env python3
"""Long or small test inputs made from a short clip, for benchmarks.

    python tools/looped_clip.py IN.mp4 OUT.mp4 [--minutes 10] [--size 640x480]

The clip's frames are read once (optionally letterboxed to --size, keeping the aspect ratio)
and written again and again, forwards then backwards, so motion stays continuous at the joins,
until the output holds --minutes of video at the clip's own frame rate (mp4v, as romcam writes).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import cv2
import numpy as np


def letterbox(image: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Scale `image` to fit inside size=(width, height) and pad with black; aspect is kept."""
    width, height = size
    h, w = image.shape[:2]
    if (w, h) == (width, height):
        return image
    scale = min(width / w, height / h)
    nw, nh = max(int(round(w * scale)), 1), max(int(round(h * scale)), 1)
    resized = cv2.resize(image, (nw, nh), interpolation=cv2.INTER_AREA)
    out = np.zeros((height, width, 3), dtype=image.dtype)
    x0, y0 = (width - nw) // 2, (height - nh) // 2
    out[y0:y0 + nh, x0:x0 + nw] = resized
    return out


def read_frames(path: Path, size: tuple[int, int] | None = None,
                max_frames: int | None = None) -> tuple[list[np.ndarray], float]:
    """All frames of a video (letterboxed to size if given) and its frame rate."""
    cap = cv2.VideoCapture(str(path))
    if not cap.isOpened():
        raise RuntimeError(f"{path}: not a readable video")
    fps = cap.get(cv2.CAP_PROP_FPS)
    fps = fps if np.isfinite(fps) and 1.0 <= fps <= 1000.0 else 30.0
    frames = []
    try:
        while max_frames is None or len(frames) < max_frames:
            ok, image = cap.read()
            if not ok or image is None:
                break
            frames.append(letterbox(image, size) if size else image)
    finally:
        cap.release()
    if not frames:
        raise RuntimeError(f"{path}: no decodable frames")
    return frames, fps


def write_frames(frames: list[np.ndarray], fps: float, dst: Path, n_frames: int | None = None,
                 fourcc: str = "mp4v") -> int:
    """Write n_frames (default: len(frames)) to dst, looping forwards-backwards. Returns n."""
    n_frames = len(frames) if n_frames is None else n_frames
    order = list(range(len(frames))) + list(range(len(frames) - 2, 0, -1))  # ping-pong
    order = order or [0]
    h, w = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(dst), cv2.VideoWriter_fourcc(*fourcc), fps, (w, h))
    if not writer.isOpened():
        raise RuntimeError(f"{dst}: VideoWriter did not open")
    try:
        for i in range(n_frames):
            writer.write(frames[order[i % len(order)]])
    finally:
        writer.release()
    if not dst.is_file() or dst.stat().st_size == 0:
        raise RuntimeError(f"{dst}: nothing was written")
    return n_frames


def make_looped_clip(src: Path, dst: Path, minutes: float,
                     size: tuple[int, int] | None = (640, 480)) -> tuple[int, float]:
    """Write `minutes` of video looped from src to dst. Returns (frames written, fps)."""
    frames, fps = read_frames(src, size)
    n = max(int(round(minutes * 60.0 * fps)), 1)
    write_frames(frames, fps, dst, n)
    return n, fps


def parse_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT, got {text!r}") from None
    return w, h


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("src", type=Path, help="the short clip to loop")
    parser.add_argument("dst", type=Path, help="the .mp4 to write")
    parser.add_argument("--minutes", type=float, default=10.0, help="length of the output (default 10)")
    parser.add_argument("--size", type=parse_size, default=None,
                        help="letterbox every frame to WIDTHxHEIGHT, e.g. 640x480 (default: keep)")
    args = parser.parse_args(argv)
    n, fps = make_looped_clip(args.src, args.dst, args.minutes, args.size)
    print(f"{args.dst}: {n} frames at {fps:g} fps ({n / fps / 60:.1f} min)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
