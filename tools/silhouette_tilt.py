"""Experiment: does the back's outline (MediaPipe's segmentation mask) show the pelvic tilt?

    python tools/silhouette_tilt.py [--truth samples/truthset] [--split tuning] [--limit N]

For every hip extension clip of the split, per frame: the outline of the back from the waist to
just below the hips (the back-most mask pixel of each row), and two cues on it: the lower back's
slope (a line through the outline from 45% to 15% of the trunk length above the hips) and the
buttock's bulge (how far the outline at the hips stands out behind that line). Each cue's change
from the neutral start is compared, at every trial's hold, with the true pelvic tilt change: the
script prints the least-squares gain and the residual error, i.e. what the cue would achieve as
a tilt estimate. Not used by romcam; docs/measurements.md reports the result.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import cv2
import numpy as np

from romcam.pose.detector import PoseDetector
from romcam.pose.landmarks import Landmark as L
from romcam.pose.native_logs import silence_native_stderr

ROOT = Path(__file__).resolve().parent.parent


def back_cues(mask: np.ndarray, xy: np.ndarray, facing: int) -> tuple[float, float]:
    """(lower-back slope in deg, + top of the back further forward; bulge in trunk lengths)."""
    hip = np.nanmean(xy[[L.LEFT_HIP, L.RIGHT_HIP]], axis=0)
    shoulder = np.nanmean(xy[[L.LEFT_SHOULDER, L.RIGHT_SHOULDER]], axis=0)
    torso = float(np.linalg.norm(shoulder - hip))
    if not np.isfinite(torso) or torso < 20:
        return np.nan, np.nan
    body = mask > 0.5
    rows, xs = [], []
    for frac in np.linspace(0.45, -0.05, 26):
        y = int(round(hip[1] - frac * torso))
        if not 0 <= y < body.shape[0]:
            continue
        cols = np.nonzero(body[y])[0]
        near = cols[np.abs(cols - hip[0]) < 0.6 * torso]
        if len(near) == 0:
            continue
        back = near.min() if facing > 0 else near.max()
        rows.append(frac)
        xs.append(facing * (back - hip[0]) / torso)  # + toward the front
    rows, xs = np.array(rows), np.array(xs)
    lumbar = (rows >= 0.15) & (rows <= 0.45)
    if lumbar.sum() < 5 or (rows <= 0.02).sum() < 1:
        return np.nan, np.nan
    slope, icept = np.polyfit(rows[lumbar], xs[lumbar], 1)
    bulge = float(np.mean(icept + slope * rows[rows <= 0.02] - xs[rows <= 0.02]))
    return float(np.degrees(np.arctan(slope))), bulge


def clip_series(video: Path, facing: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    cap = cv2.VideoCapture(str(video))
    fps = cap.get(cv2.CAP_PROP_FPS) or 30.0
    t, slope, bulge = [], [], []
    with PoseDetector(with_mask=True, num_poses=1) as detector:
        i = 0
        while True:
            ok, frame = cap.read()
            if not ok:
                break
            found = detector.detect(frame, i * 1000.0 / fps)
            cues = back_cues(found[0].mask, found[0].xy, facing) if found else (np.nan, np.nan)
            t.append(i / fps)
            slope.append(cues[0])
            bulge.append(cues[1])
            i += 1
    cap.release()
    return np.array(t), np.array(slope), np.array(bulge)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--truth", type=Path, default=ROOT / "samples" / "truthset")
    parser.add_argument("--split", default="tuning", choices=("tuning", "heldout", "all"))
    parser.add_argument("--limit", type=int, default=0, help="at most this many clips (0: all)")
    args = parser.parse_args()
    silence_native_stderr()
    pairs = []  # (true tilt change, slope change, bulge change, clothing)
    clips = sorted(args.truth.glob("hx_*.truth.json"))
    for n, path in enumerate(clips):
        info = json.loads(path.read_text())
        if args.split != "all" and info.get("split") != args.split or not info.get("trials"):
            continue
        if args.limit and n >= args.limit:
            break
        facing = 1 if info["scenario"]["camera"]["facing"] == "right" else -1
        t, slope, bulge = clip_series(path.with_name(path.name.replace(".truth.json", ".mp4")), facing)
        for trial in info["trials"]:
            base = (t < trial["start_s"]) & (t > trial["start_s"] - 0.5)
            hold = (t >= trial["hold_s"][0]) & (t <= trial["hold_s"][1])
            pairs.append((trial["pelvic_tilt_change_deg"], np.nanmean(slope[hold]) - np.nanmean(slope[base]),
                          np.nanmean(bulge[hold]) - np.nanmean(bulge[base]),
                          info.get("conditions", {}).get("clothing", "?")))
    truth = np.array([p[0] for p in pairs], float)
    print(f"{len(pairs)} trials ({args.split}); true tilt change {truth.min():.1f} to {truth.max():.1f} deg")
    for k, name in ((1, "lower-back slope change (deg)"), (2, "buttock bulge change (trunk lengths)")):
        cue = np.array([p[k] for p in pairs], float)
        ok = np.isfinite(cue)
        if ok.sum() < 3:
            print(f"{name}: too few readings")
            continue
        gain, offset = np.polyfit(cue[ok], truth[ok], 1)
        resid = truth[ok] - (gain * cue[ok] + offset)
        corr = float(np.corrcoef(cue[ok], truth[ok])[0, 1])
        print(f"{name}: read on {ok.sum()}/{len(cue)} trials; correlation with the true tilt {corr:+.2f}; "
              f"as an estimate (tilt = {gain:.2f} x cue {offset:+.2f}): MAE {np.mean(np.abs(resid)):.2f} deg, "
              f"worst {np.max(np.abs(resid)):.2f}; predicting 0 tilt: MAE {np.mean(np.abs(truth[ok])):.2f}")


if __name__ == "__main__":
    main()
