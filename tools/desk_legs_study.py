#!/usr/bin/env python3
"""Can the pose model's legs tell crossed legs, feet tucked off the floor and perching at a desk?
A study on the desk clips' tuning half, not a feature of romcam.

    python tools/desk_legs_study.py samples/truth_desk samples/truth_desk6   # about 5 min

Every tuning clip with the legs in view (truth.json "legs_visible") runs through the model as
`romcam desk` sees it (2 poses, the desk person, its seated looks); the seated looks with the
legs in view (knees and ankles at a mean visibility of 0.3 or more) give per-leg features from
the world landmarks: the thigh's slope, the shank's lean forward or back, the knee's angle, the
trunk-thigh angle, the ankle's height along the trunk (mean, min, max and left-right difference),
and the knee and ankle gaps in hip widths, each a running median over 9 looks. For each posture
a logistic regression is fitted on all clips but one and judged on the one left out (leave one
clip out): per clip, the looks it called that posture, precision and recall. A rule worth
shipping would have to hold on every clip left out; the held-out clips are not read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from romcam.desk.legs import leg_features  # noqa: E402
from romcam.desk.posture import MIN_CONFIDENCE, DeskPerson  # noqa: E402
from romcam.pose.landmarks import Landmark as L  # noqa: E402
from romcam.pose.native_logs import silence_native_stderr  # noqa: E402
from romcam.pose.people import PeopleDetector  # noqa: E402
from romcam.pose.tracking import torso_size  # noqa: E402

POSTURES = ("crossed legs", "feet tucked off the floor", "perched")
LEGS = [L.LEFT_KNEE, L.RIGHT_KNEE, L.LEFT_ANKLE, L.RIGHT_ANKLE]


def clip_looks(mp4: Path, truth: dict, detector: PeopleDetector) -> tuple[np.ndarray, np.ndarray]:
    """Features and truth flags (crossed, tucked, perched) of the seated looks with the legs in view."""
    cap = cv2.VideoCapture(str(mp4))
    person, feats, flags, index = None, [], [], 0
    try:
        while True:
            ok, image = cap.read()
            if not ok:
                break
            person = person or DeskPerson(image.shape[0])
            poses = detector.detect(image, index * 1000.0 / truth["fps"], lambda p: True)
            seen = person.observe(poses, image)
            frame = truth["frames"][index] if index < len(truth["frames"]) else None
            index += 1
            if frame is None or frame["state"] != "sitting" or seen.state != "sitting" or not poses:
                continue
            pose = max(poses, key=torso_size)  # the desk person, as DeskPerson chooses: the largest
            if pose.visibility[LEGS].mean() < 0.3:
                continue
            feats.append(leg_features(pose.world))
            flags.append((frame["crossed_legs"], frame["feet_off_floor"] and not frame["crossed_legs"], frame["perch"]))
    finally:
        cap.release()
    feats = np.array(feats)
    smoothed = np.array([np.median(feats[max(0, i - 8):i + 1], axis=0) for i in range(len(feats))])
    return smoothed, np.array(flags, bool)


def fit(x: np.ndarray, y: np.ndarray, ridge: float = 1.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Logistic regression on standardised features (Newton's method, an L2 penalty)."""
    mu, sd = x.mean(0), x.std(0) + 1e-6
    z = np.c_[(x - mu) / sd, np.ones(len(x))]
    w = np.zeros(z.shape[1])
    penalty = ridge * np.diag(np.r_[np.ones(len(w) - 1), 0.0])
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-z @ w))
        w -= np.linalg.solve((z * (p * (1 - p))[:, None]).T @ z + penalty, z.T @ (p - y) + penalty @ w)
    return mu, sd, w


def says(model, x: np.ndarray) -> np.ndarray:
    mu, sd, w = model
    return np.c_[(x - mu) / sd, np.ones(len(x))] @ w > 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    args = parser.parse_args()
    silence_native_stderr()
    clips = []
    for folder in args.folders:
        for truth_path in sorted(folder.glob("*.truth.json")):
            truth = json.loads(truth_path.read_text())
            if truth.get("split") != "tuning" or not truth.get("legs_visible"):
                continue
            with PeopleDetector(None, max_people=2, check_every=1, min_confidence=MIN_CONFIDENCE) as detector:
                feats, flags = clip_looks(truth_path.with_name(truth["name"] + ".mp4"), truth, detector)
            clips.append((truth["name"], truth["camera"]["kind"], feats, flags))
            print(f"{truth['name']}: {len(feats)} seated looks with the legs in view", flush=True)
    for k, posture in enumerate(POSTURES):
        print(f"\n{posture}, each clip judged by a fit on the others")
        print(f"{'clip':28s} {'camera':24s} {'looks':>5s} {'truth':>5s} {'said':>5s} {'precision':>9s} {'recall':>6s}")
        for i, (name, camera, feats, flags) in enumerate(clips):
            others = [c for j, c in enumerate(clips) if j != i]
            model = fit(np.vstack([c[2] for c in others]), np.concatenate([c[3][:, k] for c in others]).astype(float))
            said, truth = says(model, feats), flags[:, k]
            hits = int((said & truth).sum())
            precision = f"{hits / said.sum():.2f}" if said.sum() else "-"
            recall = f"{hits / truth.sum():.2f}" if truth.sum() else "-"
            print(f"{name:28s} {camera:24s} {len(truth):5d} {int(truth.sum()):5d} {int(said.sum()):5d} "
                  f"{precision:>9s} {recall:>6s}")


if __name__ == "__main__":
    main()
