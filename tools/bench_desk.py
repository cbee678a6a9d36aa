#!/usr/bin/env python3
"""Desk mode's CPU cost: `romcam desk --source CLIP --speed 1` in real time, as a camera would feed
it, its CPU time (all threads, from /proc) over wall time after a warm-up.

    python tools/bench_desk.py                        # a rendered desk clip (2 frames/s file)
    python tools/bench_desk.py --clip VIDEO --seconds 120 --fps 2

The figure is the share of one core the desk process uses once running (target < 5%). The
model's own share is printed beside it, measured in the same run: the landmarker alone (2
poses, as desk mode asks) on the same number of frames per second.
A 30 frames/s file costs more than a camera would: every frame is decoded to reach the sampled
ones, where a camera hands over only the ones taken.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TICK = os.sysconf("SC_CLK_TCK")


def cpu_s(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def default_clip() -> Path:
    clips = sorted((ROOT / "samples" / "truth_desk").glob("*.mp4"))
    if not clips:
        sys.exit("no clip: give --clip (samples/truth_desk/ is made by tools/truth/desk_clips.py)")
    return clips[0]


def model_share(clip: Path, fps: float, frames: int = 60) -> float:
    """The landmarker alone (2 poses): CPU seconds per frame x frames per second."""
    import cv2

    sys.path.insert(0, str(ROOT))
    from romcam.pose.detector import PoseDetector
    from romcam.pose.native_logs import silence_native_stderr

    silence_native_stderr()

    cap = cv2.VideoCapture(str(clip))
    images = []
    while len(images) < frames:
        ok, image = cap.read()
        if not ok:
            break
        images.append(image)
    cap.release()
    with PoseDetector(num_poses=2) as detector:
        detector.detect(images[0], 0.0)
        before = time.process_time()
        for i, image in enumerate(images[1:], 1):
            detector.detect(image, i * 1000.0 / fps)
        per_frame = (time.process_time() - before) / (len(images) - 1)
    return per_frame * fps


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clip", type=Path)
    ap.add_argument("--seconds", type=float, default=90.0, help="measured time after the warm-up")
    ap.add_argument("--warmup", type=float, default=15.0)
    ap.add_argument("--fps", type=float, default=1.0, help="desk mode's frames_per_s")
    a = ap.parse_args(argv)
    clip = a.clip or default_clip()
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "desk.toml"
        config.write_text(f"[desk]\nframes_per_s = {a.fps}\n")
        cmd = [sys.executable, "-m", "romcam", "desk", "--source", str(clip), "--speed", "1", "--no-notify", "--mute",
               "--config", str(config), "--minutes", str((a.warmup + a.seconds) / 60 + 1)]
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env=dict(os.environ, PYTHONPATH=str(ROOT)))
        time.sleep(a.warmup)
        c0, w0 = cpu_s(proc.pid), time.monotonic()
        time.sleep(a.seconds)
        c1, w1 = cpu_s(proc.pid), time.monotonic()
        running = proc.poll() is None
        proc.terminate()
        proc.wait(timeout=30)
    if not running:
        print("the clip ended before the measurement did: use a longer clip or fewer --seconds")
        return 1
    share = 100.0 * (c1 - c0) / (w1 - w0)
    model = 100.0 * model_share(clip, a.fps)
    print(f"romcam desk, {clip.name}, {a.fps:g} frames/s: {share:.1f}% of one core over {w1 - w0:.0f} s "
          f"(target < 5%); the model alone at that rate: {model:.1f}%; load average {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
