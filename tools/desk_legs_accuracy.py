#!/usr/bin/env python3
"""The legs at the desk against the clips' truth, each person judged against their own calibration.

    python tools/desk_legs_accuracy.py --clips samples/truth_desk7 --split heldout   # the figures to publish
    python tools/desk_legs_accuracy.py --clips samples/truth_desk7 --split tuning --fit  # sets romcam/data/desk_legs.json

Each clip of round 7 (tools/truth/desk_clips.py --round 7) starts with the calibration `romcam desk
--calibrate-legs` asks for: 15 s each of ordinary sitting, crossed legs, feet tucked, perched, 18 s
apart. The clip runs through desk mode's own code (frames sampled at --fps, the pose model with 2
poses, the desk person); its first 72 s go to romcam.desk.legs.LegCalibrator, the rest to
LegReader, as in `romcam desk`. The work after the calibration has the leg postures again, done
differently (the crossing on the other side, the foot higher or lower, perched deeper or less).
Per clip and posture: the seated looks the truth has in it, the looks romcam called it, precision
and recall; and the posture's seconds per hour of seated time, truth against romcam's.

--fit (the tuning half only): the per-feature scales are the spread of the work looks about the
calibration of their posture; the thresholds are the most cautious ones that call at least 95% as
many looks right as the best, while every posture's precision (right within LAG_S) over all
tuning clips stays >= 0.95 and no clip's falls below 0.9.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import pickle
import sys
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from romcam.desk.legs import (LEG_POSTURES, ORDINARY, SMOOTH_LOOKS, STEP_S, STEPS, LegCalibrator,  # noqa: E402
                              LegReader, Tuning, leg_features, legs_in_view, tuning)
from romcam.desk.posture import MIN_CONFIDENCE, DeskPerson  # noqa: E402
from romcam.desk.sources import video_samples  # noqa: E402
from romcam.pose.native_logs import silence_native_stderr  # noqa: E402
from romcam.pose.people import PeopleDetector  # noqa: E402

START = datetime(2026, 12, 7, 9, 0, tzinfo=timezone.utc)
CALIBRATION_S = len(STEPS) * STEP_S
MIN_PRECISION, MIN_CLIP_PRECISION = 0.95, 0.9  # within LAG_S of the truth
# A change of posture is read a few looks late (the median of SMOOTH_LOOKS): a call this near a
# truth of the same posture is late, not wrong, for the seconds per hour.
LAG_S = 3.0
NEAR_BEST = 0.95


def truth_posture(frame: dict) -> str | None:
    if frame["state"] != "sitting":
        return None
    if frame["crossed_legs"]:
        return "crossed"
    if frame["feet_off_floor"]:
        return "tucked"
    return "perched" if frame["perch"] else ORDINARY


def clip_looks(video: Path, truth: dict, fps: float) -> list[tuple]:
    """(t_s, seen state, the desk person's pose or None, truth posture or None) per look."""
    frames, looks, person = truth["frames"], [], None
    with PeopleDetector(None, max_people=2, check_every=1, min_confidence=MIN_CONFIDENCE) as detector:
        for sample in video_samples(video, fps, START):
            person = person or DeskPerson(sample.image.shape[0])
            t_s = (sample.t - START).total_seconds()
            obs = person.observe(detector.detect(sample.image, t_s * 1000.0, lambda poses: True), sample.image)
            frame = min(frames, key=lambda fr: abs(fr["t_s"] - t_s))
            looks.append((t_s, obs.state, person.pose, truth_posture(frame)))
    return looks


def calibrate(looks: list[tuple], start_s: float, t: Tuning):
    calibrator = LegCalibrator()
    for t_s, _, pose, _ in looks:
        if start_s <= t_s < start_s + CALIBRATION_S:
            calibrator.add(t_s - start_s, pose)
    return calibrator.result(t)


def judge(looks: list[tuple], start_s: float, calibration) -> list[tuple]:
    """(truth, said, the truths within LAG_S) for every work look seen and truly seated, as desk
    mode reads them."""
    reader, out = LegReader(calibration), []
    times = [look[0] for look in looks]
    for t_s, state, pose, truth in looks:
        if t_s < start_s + CALIBRATION_S:
            continue
        said = reader.read(pose) if state == "sitting" else reader.forget()
        if state == "sitting" and truth is not None:
            near = looks[bisect.bisect_left(times, t_s - LAG_S):bisect.bisect_right(times, t_s + LAG_S)]
            out.append((truth, said, {look[3] for look in near}))
    return out


def scores(judged: list[tuple]) -> dict:
    """posture -> (truth looks, said, right, right within LAG_S of the truth)."""
    return {p: (sum(t == p for t, _, _ in judged), sum(s == p for _, s, _ in judged),
                sum(t == p == s for t, s, _ in judged), sum(s == p and p in near for _, s, near in judged))
            for p in LEG_POSTURES}


def fit_scales(clips: list[tuple]) -> np.ndarray:
    """The spread of smoothed work looks about their own posture's calibration, per feature."""
    base = Tuning(np.ones(23), 1.0, 1e9, 0.0)
    deviations = []
    for name, truth, looks in clips:
        centroids = calibrate(looks, truth["calibration"]["ordinary"][0], base).centroids
        recent: list[np.ndarray] = []
        for t_s, state, pose, posture in looks:
            if t_s < truth["calibration"]["ordinary"][0] + CALIBRATION_S:
                continue
            if state != "sitting" or pose is None or not legs_in_view(pose):
                recent = []
                continue
            recent = (recent + [leg_features(pose.world)])[-SMOOTH_LOOKS:]
            if posture in centroids:
                deviations.append(np.median(recent, axis=0) - centroids[posture])
    d = np.array(deviations)
    return np.maximum(1.4826 * np.median(np.abs(d - np.median(d, axis=0)), axis=0), 1e-3)


def fit(clips: list[tuple]) -> Tuning:
    """The most cautious thresholds (a call nearer to its posture, a shorter reach, a wider
    separation) that keep the precision and call within NEAR_BEST of the most looks right."""
    scales = fit_scales(clips)
    kept = []
    for nearer, reach, separation in itertools.product((0.4, 0.5, 0.6, 0.7, 0.8, 0.9), (3, 4, 6, 8, 12, 1e9),
                                                       (6, 4, 3, 2, 1)):  # the most cautious first
        t = Tuning(scales, nearer, reach, separation)
        per_clip = [scores(judge(looks, truth["calibration"]["ordinary"][0],
                                 calibrate(looks, truth["calibration"]["ordinary"][0], t)))
                    for _, truth, looks in clips]
        total = {p: np.sum([c[p] for c in per_clip], axis=0) for p in LEG_POSTURES}
        ok = all(total[p][1] == 0 or total[p][3] / total[p][1] >= MIN_PRECISION for p in LEG_POSTURES) and \
            all(c[p][1] < 5 or c[p][3] / c[p][1] >= MIN_CLIP_PRECISION for c in per_clip for p in LEG_POSTURES)
        if ok:
            kept.append((t, sum(total[p][2] for p in LEG_POSTURES)))
    if not kept:
        raise SystemExit("no thresholds keep the precision on the tuning clips: the legs stay not judged")
    most = max(right for _, right in kept)
    return next(t for t, right in kept if right >= NEAR_BEST * most)


def report(clips: list[tuple], t: Tuning, fps: float) -> None:
    print(f"{'clip':28s} {'camera':22s} {'judged':22s} " + " ".join(f"{p:>21s}" for p in LEG_POSTURES)
          + "   s/h truth -> romcam (crossed, tucked, perched)")
    totals = {p: np.zeros(4, int) for p in LEG_POSTURES}
    for name, truth, looks in clips:
        start = truth["calibration"]["ordinary"][0]
        calibration = calibrate(looks, start, t)
        pairs = judge(looks, start, calibration)
        s = scores(pairs)
        cells, rates = [], []
        for p in LEG_POSTURES:
            totals[p] += s[p]
            n, said, right, late = s[p]
            cells.append(f"{right:3d}({late:3d})/{said:3d} of {n:3d}" if p in calibration.judged else "not judged")
            seen = [x for x in pairs if x[1] is not None]  # as desk mode counts: unsure looks too
            rate = (3600 * sum(x[1] == p for x in seen) / len(seen)) if seen and p in calibration.judged \
                else float("nan")
            rates.append(f"{3600 * sum(x[0] == p for x in seen) / max(1, len(seen)):.0f}->{rate:.0f}")
        print(f"{name:28s} {truth['camera']['kind']:22s} {','.join(calibration.judged) or '-':22s} "
              + " ".join(f"{c:>21s}" for c in cells) + "   " + ", ".join(rates))
        for p, why in calibration.notes.items():
            print(f"    {p}: not judged, {why}")
    print(f"\nall clips: right / called (precision; in brackets: right within {LAG_S:g} s), right / truth (recall)")
    for p in LEG_POSTURES:
        n, said, right, late = totals[p]
        print(f"  {p:8s} {right}/{said} ({right / max(1, said):.2f}; {late / max(1, said):.2f}), "
              f"{right}/{n} ({right / max(1, n):.2f})")
    print(f"(looks at {fps:g} a second; a look's truth is the truth frame nearest its time)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clips", type=Path, nargs="+", default=[ROOT / "samples" / "truth_desk7"])
    ap.add_argument("--split", choices=("tuning", "heldout"), required=True)
    ap.add_argument("--fps", type=float, default=1.0, help="looks a second (desk mode's default: 1)")
    ap.add_argument("--fit", action="store_true", help="set romcam/data/desk_legs.json (tuning half only)")
    ap.add_argument("--cache", type=Path, help="keep each clip's looks here (to fit again without the model)")
    args = ap.parse_args()
    if args.fit and args.split != "tuning":
        ap.error("--fit only on the tuning half")
    silence_native_stderr()
    clips = []
    for folder in args.clips:
        for truth_path in sorted(folder.glob("*.truth.json")):
            truth = json.loads(truth_path.read_text())
            if truth.get("split") != args.split or "calibration" not in truth:
                continue
            cached = args.cache / f"{truth['name']}.{args.fps:g}.pkl" if args.cache else None
            if cached is not None and cached.exists():
                looks = pickle.loads(cached.read_bytes())
            else:
                looks = clip_looks(truth_path.with_name(truth["name"] + ".mp4"), truth, args.fps)
                if cached is not None:
                    cached.parent.mkdir(parents=True, exist_ok=True)
                    cached.write_bytes(pickle.dumps(looks))
            clips.append((truth["name"], truth, looks))
            print(f"{truth['name']}: {len(looks)} looks", file=sys.stderr, flush=True)
    if not clips:
        print(f"no {args.split} clips with a calibration in {', '.join(map(str, args.clips))}", file=sys.stderr)
        return 2
    t = fit(clips) if args.fit else tuning()
    if args.fit:
        out = ROOT / "romcam" / "data" / "desk_legs.json"
        out.write_text(json.dumps({
            "fitted_on": sorted(name for name, _, _ in clips), "split": "tuning",
            "how": "python tools/desk_legs_accuracy.py --split tuning --fit",
            "scales": [round(float(x), 4) for x in t.scales], "nearer": t.nearer, "reach": t.reach,
            "separation": t.separation}, indent=1) + "\n")
        print(f"wrote {out.relative_to(ROOT)}: nearer {t.nearer}, reach {t.reach}, separation {t.separation}")
    report(clips, t, args.fps)
    return 0


if __name__ == "__main__":
    sys.exit(main())
