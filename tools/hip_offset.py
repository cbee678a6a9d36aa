"""Where MediaPipe puts the hip landmark relative to the rendered body's hip joint centre.

    python tools/hip_offset.py [--truth samples/truth] [--out DIR] [--pattern 'hx_*' ...]

For each clip, runs romcam (the real model) and compares the near leg's hip, knee and ankle
landmarks with the joints' true image positions (NAME.joints2d.csv), in the body's frame:
`behind`/`front` across the trunk line (front = the face side), `toward head` along it, both in
thigh lengths. The median front offset of the near hip over the standing clips is
romcam.kinematics.angles.HIP_CENTRE_BEHIND.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from accuracy import clip_info, near_side  # noqa: E402

from romcam.pipeline.analyze import AnalyzeOptions, analyze  # noqa: E402
from romcam.io.outputs import read_frames_csv  # noqa: E402

STANDING = ("hx_*", "hipext_*", "lean_*")


def _points(columns: dict[str, np.ndarray], name: str, n: int) -> np.ndarray:
    return np.stack([columns[f"{name}_x"][:n], columns[f"{name}_y"][:n]], axis=1)


def clip_offsets(truth_dir: Path, out_dir: Path, name: str) -> dict[str, tuple[float, float]]:
    """Per joint of the near leg: median (front, toward head) offset in thigh lengths."""
    analyze(truth_dir / f"{name}.mp4", out_dir / name, AnalyzeOptions(annotate=False))
    truth = read_frames_csv(truth_dir / f"{name}.joints2d.csv")
    found = read_frames_csv(out_dir / name / "landmarks.csv")
    n = min(len(truth["frame"]), len(found["frame"]))
    side = near_side(clip_info(truth_dir, name))

    def mid(columns, joint):
        return (_points(columns, f"left_{joint}", n) + _points(columns, f"right_{joint}", n)) / 2

    along = mid(truth, "shoulder") - mid(truth, "hip")
    along /= np.linalg.norm(along, axis=1, keepdims=True)
    across = np.stack([-along[:, 1], along[:, 0]], axis=1)
    face_side = np.nanmedian(np.sum((_points(found, "nose", n) - mid(truth, "shoulder")) * across, axis=1))
    front = across * np.sign(face_side)
    thigh = np.nanmedian(np.linalg.norm(_points(truth, f"{side}_knee", n) - _points(truth, f"{side}_hip", n), axis=1))
    out = {}
    for joint in ("hip", "knee", "ankle"):
        d = _points(found, f"{side}_{joint}", n) - _points(truth, f"{side}_{joint}", n)
        out[joint] = (float(np.nanmedian(np.sum(d * front, axis=1)) / thigh),
                      float(np.nanmedian(np.sum(d * along, axis=1)) / thigh))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--truth", type=Path, default=ROOT / "samples" / "truth")
    parser.add_argument("--out", type=Path, help="keep romcam's outputs here (default: temporary)")
    parser.add_argument("--pattern", nargs="+", default=list(STANDING),
                        help="clip name patterns (default: the standing clips)")
    args = parser.parse_args()
    from romcam.pose.native_logs import silence_native_stderr

    silence_native_stderr()
    names = sorted({p.name.removesuffix(".joints2d.csv") for pat in args.pattern
                    for p in args.truth.glob(f"{pat}.joints2d.csv")})
    # A mirrored clip repeats its source's body with the sides swapped: not a new measurement.
    names = [n for n in names if clip_info(args.truth, n).get("operation") != "mirror"]
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        print(f"{'clip':38s} {'near hip front/head':>20s} {'knee':>14s} {'ankle':>14s}  (thigh lengths)")
        hip_front = []
        for name in names:
            o = clip_offsets(args.truth, out, name)
            hip_front.append(o["hip"][0])
            print(f"{name:38s} {o['hip'][0]:+9.3f} {o['hip'][1]:+9.3f}  "
                  + "  ".join(f"{o[j][0]:+6.3f} {o[j][1]:+6.3f}" for j in ("knee", "ankle")))
    q1, med, q3 = np.percentile(hip_front, [25, 50, 75])
    print(f"near hip in front of the joint centre over {len(names)} clips: median {med:.3f} thigh "
          f"lengths (quartiles {q1:.3f}-{q3:.3f})")


if __name__ == "__main__":
    main()
