"""Live loop benchmark: does romcam keep up with a 30 fps camera at 640x480 on this machine?

    python tools/bench_live.py [--clip samples/truth/hipext_right_facing_right.mp4] [--seconds 20]

Plays a clip (looped to --seconds) through the same loop as `romcam camera --source`: frames are
released at the clip's own rate like a camera delivers them, frames are dropped when detection
falls behind. Prints frames/s shown, frames dropped, and the latency from a frame's "capture"
(its release) to its overlay being ready (median and 95th percentile), for 1 and 2 people
detected per frame, and the guided hip extension test with pelvic tilt (segmentation mask on),
as `romcam test hip-extension` runs it.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent

sys.path.insert(0, str(ROOT / "tools"))

from looped_clip import make_looped_clip  # noqa: E402

from romcam.activities.registry import SessionOptions, get  # noqa: E402
from romcam.pipeline.live import LiveOptions, run_live  # noqa: E402
from romcam.pose.native_logs import silence_native_stderr  # noqa: E402
from romcam.io.sources import open_video  # noqa: E402


def live_session(name: str, **config):
    activity = get(name)
    return activity.session(activity.config(**config), SessionOptions(pelvis="auto"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clip", type=Path, default=ROOT / "samples" / "truth" / "hipext_right_facing_right.mp4")
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    silence_native_stderr()
    print(f"machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
          f"load {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        clip = Path(tmp) / "live.mp4"
        make_looped_clip(args.clip, clip, args.seconds / 60.0, (640, 480))
        source_fps = open_video(clip).info.fps
        print(f"source: {args.clip.name} looped to {args.seconds:.0f} s, 640x480 at {source_fps:.0f} fps")
        print(f"{'configuration':34s} {'shown/s':>8s} {'dropped':>8s} {'latency p50':>12s} {'p95':>8s}")
        for label, people, session, pelvis in (
                ("camera loop, 1 person/frame", 1, None, "off"),
                ("camera loop, 2 people/frame", 2, None, "off"),
                ("guided hip test + pelvic tilt", 2, live_session("hip-extension"), "auto"),
                ("coached stretch + pelvic tilt", 2, live_session("quad-stretch", hold_s=600), "auto")):
            stats = run_live(open_video(clip), LiveOptions(display=False, max_people=people,
                                                           pelvis=pelvis), session=session)
            print(f"{label:34s} {stats.fps:8.1f} {stats.dropped:5d}/{stats.source_frames:<4d}"
                  f"{stats.latency_percentile(50):9.0f} ms {stats.latency_percentile(95):5.0f} ms")


if __name__ == "__main__":
    main()
