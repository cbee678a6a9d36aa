"""Coached exercises against rendered clips with known angles, through the live loop.

    python tools/exercise_accuracy.py [--truth samples/truth] [--pad 2.0]

Each clip is played through `romcam exercise`'s own path (run_live, paced like a camera, the
real model), after `--pad` seconds of its first frame (a person standing still while the setup
check and the neutral stance are taken, as the session asks for).
- quad-stretch on the stretch_* clips: seconds held with good form and the number of breaks,
  against the same rules applied to the truth angles (romcam.activities.quad_stretch.stretch_hold).
- hip-extension-reps on the hx_* clips: reps counted and attempted against the trials' truth
  (a rep is a lift of 5 deg or more; it counts without trunk-lean, lumbar-arch or knee-bent);
  on the tilt_* clips (the pelvis tilts, the legs stay put) no rep may be seen.
tests/test_exercises_e2e.py runs the same functions on a few clips.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from accuracy import clip_info, detectable, near_side, read_truth  # noqa: E402
from looped_clip import read_frames, write_frames  # noqa: E402

from romcam.activities.hip_extension_reps import REP_FAULTS  # noqa: E402
from romcam.activities.quad_stretch import stretch_hold  # noqa: E402
from romcam.activities.registry import SessionOptions, get  # noqa: E402
from romcam.pipeline.live import LiveOptions, run_live  # noqa: E402
from romcam.io.sources import open_video  # noqa: E402

TARGET_HOLD_ERROR_S = 0.5  # per clip, of about 7 s held


def padded_copy(video: Path, out: Path, seconds: float) -> Path:
    """The clip with its first frame held `seconds` first (MJPG: not re-encoded lossily twice)."""
    frames, fps = read_frames(video)
    write_frames([frames[0]] * int(round(seconds * fps)) + frames, fps, out, fourcc="MJPG")
    return out


def one_side_session(name: str, **config):
    activity = get(name)
    return activity.session(activity.config(**config), SessionOptions(both_sides=False, pelvis="auto"))


def run_session(video: Path, session, pad_s: float, work: Path) -> dict:
    clip = padded_copy(video, work / f"{video.stem}.avi", pad_s)
    stats = run_live(open_video(clip), LiveOptions(display=False, pelvis="auto"), session=session)
    return stats.result


@dataclass
class HoldCheck:
    clip: str
    side: str
    truth_held_s: float
    held_s: float
    truth_breaks: int
    breaks: int

    @property
    def error_s(self) -> float:
        return abs(self.held_s - self.truth_held_s)


def check_hold(truth_dir: Path, name: str, pad_s: float, work: Path) -> HoldCheck:
    side = near_side(clip_info(truth_dir, name))
    truth = read_truth(truth_dir / f"{name}.truth.csv")
    expected = stretch_hold(truth["t_s"], truth, side)
    result = run_session(truth_dir / f"{name}.mp4", one_side_session("quad-stretch", hold_s=600), pad_s, work)
    holds = [h for h in result["holds"] if h["side"] == side]
    held, breaks = (holds[0]["held_s"], holds[0]["breaks"]) if holds else (0.0, 0)
    return HoldCheck(name, side, expected.timer.held_s, held, expected.timer.breaks, breaks)


@dataclass
class RepCheck:
    clip: str
    expected_attempted: int
    expected_counted: int
    attempted: int
    counted: int


def check_reps(truth_dir: Path, name: str, pad_s: float, work: Path) -> RepCheck:
    info = clip_info(truth_dir, name)
    lifts = [t for t in info.get("trials", []) if detectable(t)]
    good = [t for t in lifts if not set(t.get("expected_flags", [])) & set(REP_FAULTS)]
    result = run_session(truth_dir / f"{name}.mp4", one_side_session("hip-extension-reps", reps_per_side=50), pad_s, work)
    reps = result["reps"]
    return RepCheck(name, len(lifts), len(good), len(reps), sum(r["counted"] for r in reps))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--truth", type=Path, default=ROOT / "samples" / "truth")
    parser.add_argument("--pad", type=float, default=2.5, help="seconds of stillness before each clip")
    args = parser.parse_args()
    from romcam.pose.native_logs import silence_native_stderr

    silence_native_stderr()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        print(f"quad-stretch: seconds held with good form (target: within {TARGET_HOLD_ERROR_S} s of the truth)")
        print(f"{'clip':42s} {'side':>5s} {'truth s':>8s} {'romcam s':>9s} {'error':>6s} {'breaks t/r':>11s}")
        holds = [check_hold(args.truth, p.name.removesuffix(".truth.csv"), args.pad, work)
                 for p in sorted(args.truth.glob("stretch_*.truth.csv"))]
        for h in holds:
            print(f"{h.clip:42s} {h.side:>5s} {h.truth_held_s:8.2f} {h.held_s:9.2f} {h.error_s:6.2f} "
                  f"{h.truth_breaks:>5d}/{h.breaks:<5d}")
        if holds:
            print(f"hold error: mean {np.mean([h.error_s for h in holds]):.2f} s, worst "
                  f"{max(h.error_s for h in holds):.2f} s; breaks right on {sum(h.breaks == h.truth_breaks for h in holds)}"
                  f"/{len(holds)} clips")
        print("\nhip-extension-reps: reps attempted and counted (truth: lifts of 5 deg or more; counted "
              "without trunk-lean, lumbar-arch, knee-bent)")
        print(f"{'clip':42s} {'attempted t/r':>14s} {'counted t/r':>12s}")
        reps = [check_reps(args.truth, p.name.removesuffix(".truth.json"), args.pad, work)
                for pattern in ("hx_*", "tilt_*") for p in sorted(args.truth.glob(f"{pattern}.truth.json"))]
        for r in reps:
            print(f"{r.clip:42s} {r.expected_attempted:>6d}/{r.attempted:<7d} {r.expected_counted:>5d}/{r.counted:<6d}")
        right = sum(r.attempted == r.expected_attempted and r.counted == r.expected_counted for r in reps)
        phantom = sum(max(r.attempted - r.expected_attempted, 0) for r in reps)
        missed = sum(max(r.expected_attempted - r.attempted, 0) for r in reps)
        print(f"reps: {right}/{len(reps)} clips exactly right; phantom reps {phantom}, missed {missed} "
              f"of {sum(r.expected_attempted for r in reps)}")


if __name__ == "__main__":
    main()
