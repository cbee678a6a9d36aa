"""Live loop latency: does romcam keep up with a 30 frames/s camera at 640x480, and how late is
the overlay?

    python tools/bench_live.py [--clip samples/truth/hipext_right_facing_right.mp4] [--seconds 60]
                               [--display] [--only NAME ...]

A clip, looped to --seconds at 640x480, is released at its own rate as a camera delivers frames,
through `romcam camera`'s own loop (run_live: capture, detect, overlay, and a window with
--display, under Xvfb here; without it the overlay is made and not shown). Frames are dropped,
not queued, when detection falls behind. Per configuration it prints frames shown per second,
frames dropped, the latency from a frame's capture (its release) to its overlay being ready,
p50/p95/p99, the p95 above the model's own time per frame (measured in the same run, before each
configuration: the landmarker alone on the clip's frames decoded beforehand, asked for what that
configuration asks: 1 or 2 poses, and the silhouette mask where the pelvic tilt reads it), and the
CPU the process used (100% = one core). With --seconds 120 or more it also compares the last
minute with the first (latency p95 and resident memory): no growth is the target.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

sys.path.insert(0, str(ROOT / "tools"))

import numpy as np  # noqa: E402

from benchmark import predecode, proc_status_kib, run_bound  # noqa: E402
from looped_clip import make_looped_clip  # noqa: E402

from romcam.activities.registry import SessionOptions, get  # noqa: E402
from romcam.io.sources import open_video  # noqa: E402
from romcam.pipeline.live import LiveOptions, run_live  # noqa: E402
from romcam.pose.detector import read_model  # noqa: E402
from romcam.pose.people import CHECK_EVERY  # noqa: E402
from romcam.pose.native_logs import silence_native_stderr  # noqa: E402


def live_session(name: str, **config):
    activity = get(name)
    return activity.session(activity.config(**config), SessionOptions(pelvis="auto"))


# label, LiveOptions fields, session factory, the model's own work per frame (poses, mask)
CONFIGS = {
    "camera": ("camera loop (2 poses every frame)", {}, None, (2, False)),
    "camera-one": ("camera loop --one-pose", {"check_people_every": CHECK_EVERY}, None, (1, False)),
    "hip-test": ("guided hip test + pelvic tilt", {"pelvis": "auto"}, lambda: live_session("hip-extension"),
                 (2, True)),
    "stretch": ("coached stretch + pelvic tilt", {"pelvis": "auto"},
                lambda: live_session("quad-stretch", hold_s=3600), (2, True)),
}


class RssSampler:
    """The process's resident memory once a second, in a thread (for the growth check)."""

    def __init__(self) -> None:
        self.samples: list[tuple[float, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        started = time.monotonic()
        while not self._stop.wait(1.0):
            self.samples.append((time.monotonic() - started, (proc_status_kib("VmRSS") or 0) / 1024))

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def model_ms_per_frame(frames: list[np.ndarray], fps: float, poses: int, mask: bool) -> float:
    n, seconds = run_bound(frames, fps, read_model(None), poses, with_mask=mask)
    return seconds / n * 1000.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clip", type=Path, default=ROOT / "samples" / "truth" / "hipext_right_facing_right.mp4")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--display", action="store_true", help="show the window (needs a display, e.g. Xvfb)")
    parser.add_argument("--only", nargs="*", choices=sorted(CONFIGS), help="configurations to run (default all)")
    args = parser.parse_args()
    silence_native_stderr()
    print(f"machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
          f"load {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        clip = Path(tmp) / "live.mp4"
        make_looped_clip(args.clip, clip, args.seconds / 60.0, (640, 480))
        source_fps = open_video(clip).info.fps
        frames, _ = predecode(clip)
        frames = frames[:300]
        print(f"source: {args.clip.name} looped to {args.seconds:.0f} s, 640x480 at {source_fps:.0f} frames/s, "
              f"{'a window (--display)' if args.display else 'no display'}")
        print("model ms: the landmarker alone on 300 of these frames decoded beforehand, with the poses and mask "
              "the configuration asks for")
        print(f"{'configuration':42s} {'shown/s':>7s} {'dropped':>10s} {'p50 ms':>7s} {'p95':>6s} {'p99':>6s} "
              f"{'model ms':>8s} {'p95-model':>9s} {'CPU %':>6s}")
        for key in args.only or CONFIGS:
            label, fields, session, (poses, mask) = CONFIGS[key]
            model_ms = model_ms_per_frame(frames, source_fps, poses, mask)
            cpu_started, wall_started = os.times(), time.monotonic()
            with RssSampler() as rss:
                stats = run_live(open_video(clip), LiveOptions(display=args.display, **fields),
                                 session=session() if session else None)
            cpu_now, wall = os.times(), time.monotonic() - wall_started
            cpu = (cpu_now.user + cpu_now.system - cpu_started.user - cpu_started.system) / wall * 100
            lat = np.array(stats.latencies_ms)
            p50, p95, p99 = (float(np.percentile(lat, q)) for q in (50, 95, 99))
            print(f"{label:42s} {stats.fps:7.1f} {stats.dropped:4d}/{stats.source_frames:<5d} {p50:7.0f} {p95:6.0f} "
                  f"{p99:6.0f} {model_ms:8.1f} {p95 - model_ms:9.0f} {cpu:6.0f}", flush=True)
            if args.seconds >= 120 and len(lat) > 100:
                minute = int(min(60.0, args.seconds / 4) * stats.fps)
                first, last = lat[:minute], lat[-minute:]
                early = [m for t, m in rss.samples if 10 <= t <= 70] or [rss.samples[0][1]]
                print(f"{'':42s} first minute p95 {np.percentile(first, 95):.0f} ms, last {np.percentile(last, 95):.0f} ms; "
                      f"memory {statistics.median(early):.0f} MiB after the start, {rss.samples[-1][1]:.0f} MiB at the end")


if __name__ == "__main__":
    main()
