"""One screenshot per exercise of romcam's live screen mid-set, played from a rendered clip
through `romcam exercise`'s own path (run_live, the real model, the session's cues).

    python tools/live_screens.py [--out docs/img] [--only plank bird-dog] [--width 720]

Each clip is played with a still pad of its first frame in front (the setup check and the start
position take a moment, as in front of a camera), the live screen is saved as a video (--save),
and the frame at the given moment of the clip is written as OUT/live_<exercise>.png.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import cv2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from exercise_accuracy import padded_copy  # noqa: E402

from romcam.activities.registry import SessionOptions, get  # noqa: E402
from romcam.io.sources import open_video  # noqa: E402
from romcam.pipeline.live import LiveOptions, run_live  # noqa: E402

PROGRAMME = ROOT / "samples" / "truth_programme"
# exercise -> (clip, seconds into the clip to show: mid-hold or at the top of a rep); default settings
SCREENS = {
    "quad-stretch": (PROGRAMME / "qs_slim_right_tape.mp4", 7.5),  # the tuck lost mid-hold
    "hip-flexor-stretch": (PROGRAMME / "hk_man_left_tape.mp4", 8.0),
    "couch-stretch": (PROGRAMME / "cs_slim_right_good.mp4", 6.0),
    "pigeon": (PROGRAMME / "pp_slim_right_hips_high.mp4", 9.5),
    "plank": (PROGRAMME / "pl_old_sag.mp4", 8.0),
    "glute-bridge": (PROGRAMME / "gb_slim_good.mp4", 12.0),
    "bird-dog": (PROGRAMME / "bd_slim_left_good.mp4", 9.8),
    "dead-bug": (PROGRAMME / "db_slim_good_tape.mp4", 11.0),
    "clamshell": (PROGRAMME / "cl_man_good.mp4", 8.5),
}
PAD_S = 2.5


def screen(exercise: str, clip: Path, at_s: float, out: Path, width: int, work: Path) -> Path:
    activity = get(exercise)
    pelvis = activity.pelvis_default
    session = activity.session(activity.config(), SessionOptions(both_sides=False, pelvis=pelvis))
    padded = padded_copy(clip, work / f"{clip.stem}.avi", PAD_S)
    saved = work / f"{exercise}.mp4"
    run_live(open_video(padded), LiveOptions(display=False, pelvis=pelvis, save=saved), session=session)
    video = cv2.VideoCapture(str(saved))
    fps = video.get(cv2.CAP_PROP_FPS) or 30.0
    video.set(cv2.CAP_PROP_POS_FRAMES, int(round((PAD_S + at_s) * fps)))
    ok, image = video.read()
    video.release()
    if not ok:
        raise SystemExit(f"{exercise}: no frame at {at_s} s of {clip.name}")
    if image.shape[1] > width:
        image = cv2.resize(image, (width, round(image.shape[0] * width / image.shape[1])), interpolation=cv2.INTER_AREA)
    path = out / f"live_{exercise}.png"
    cv2.imwrite(str(path), image)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    parser.add_argument("--only", nargs="*", help="exercise names (default: every one)")
    parser.add_argument("--width", type=int, default=720, help="scale the screenshots down to this width")
    args = parser.parse_args()
    from romcam.pose.native_logs import silence_native_stderr

    silence_native_stderr()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for exercise in args.only or SCREENS:
            clip, at_s = SCREENS[exercise]
            print(screen(exercise, clip, at_s, args.out, args.width, Path(tmp)))


if __name__ == "__main__":
    main()
