#!/usr/bin/env python3
"""Run MediaPipe PoseLandmarker (VIDEO mode) over rendered truth clips and compare its 2D
landmarks with the projected joint centres in NAME.joints2d.csv.

    python tools/truth/check_mediapipe.py samples/truth [--model romcam/models/pose_landmarker_full.task]

Needs mediapipe and opencv (the romcam runtime environment), not torch. Prints, per clip: the
detection rate, the median pixel distance of each landmark from the projected joint centre
(MediaPipe's hip landmark is not the hip joint centre, so some offset is expected), and the
median error of the image-plane thigh angle against the image vertical.
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import cv2
import numpy as np

MP_INDEX = {
    "left_shoulder": 11, "right_shoulder": 12, "left_hip": 23, "right_hip": 24,
    "left_knee": 25, "right_knee": 26, "left_ankle": 27, "right_ankle": 28,
}


def load_joints(path: Path) -> tuple[list[str], np.ndarray]:
    with open(path) as fh:
        rows = list(csv.reader(fh))
    names = [h[:-2] for h in rows[0][1::2]]
    xy = np.array([[float(v) for v in r[1:]] for r in rows[1:]]).reshape(len(rows) - 1, -1, 2)
    return names, xy


def detect(video: Path, model: Path):
    import mediapipe as mp
    from mediapipe.tasks.python import BaseOptions
    from mediapipe.tasks.python.vision import PoseLandmarker, PoseLandmarkerOptions, RunningMode

    opts = PoseLandmarkerOptions(base_options=BaseOptions(model_asset_path=str(model)),
                                 running_mode=RunningMode.VIDEO)
    out = []
    cap = cv2.VideoCapture(str(video))
    if not cap.isOpened():
        raise RuntimeError(f"cannot open {video}")
    fps = cap.get(cv2.CAP_PROP_FPS) or 30.0
    with PoseLandmarker.create_from_options(opts) as lm:
        i = 0
        while True:
            ok, bgr = cap.read()
            if not ok:
                break
            h, w = bgr.shape[:2]
            rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
            res = lm.detect_for_video(mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb), int(round(i * 1000 / fps)))
            if res.pose_landmarks:
                p = res.pose_landmarks[0]
                out.append(np.array([[q.x * w, q.y * h] for q in p]))
            else:
                out.append(None)
            i += 1
    cap.release()
    return out


def thigh_img_deg(hip, knee):
    d = knee - hip
    return np.degrees(np.arctan2(d[..., 0], d[..., 1]))  # signed, vs image down


def peak_change(video: Path, det, names, hit) -> str:
    """Moving thigh: truth change from neutral to the hold vs the change MediaPipe's 2D
    landmarks show against the image vertical (side-on clips: the two should agree)."""
    tpath = video.with_name(video.stem + ".truth.csv")
    with open(tpath) as fh:
        rows = list(csv.DictReader(fh))
    if abs(float(rows[0]["trunk_lean_deg"])) > 60 or "knee_opening_deg" in rows[0]:
        return ""  # lying (or side-lying: body-relative columns): see the per-trial / per-rep lines
    best = None
    for side in ("left", "right"):
        col = np.array([float(r[f"{side}_thigh_vs_vertical_deg"]) for r in rows])
        if best is None or np.ptp(col) > np.ptp(best[1]):
            best = (side, col)
    side, col = best
    if np.ptp(col) < 1.0:
        return ""
    hold = [i for i in hit if col[i] >= col.max() - 0.2]
    rest = [i for i in hit if abs(col[i] - col[0]) < 0.2]
    import json

    yaw = json.loads(video.with_name(video.stem + ".truth.json").read_text()).get("body_yaw_deg")
    if yaw:  # a body that turns round: the rest frames facing the way it faces in the hold
        yaw = np.abs(np.array(yaw))
        turned = yaw[hold[0]] > 90.0
        rest = [i for i in rest if (abs(yaw[i] - 180.0) < 1.0 if turned else yaw[i] < 1.0)]
    mp_ang = {i: thigh_img_deg(det[i][MP_INDEX[f"{side}_hip"]], det[i][MP_INDEX[f"{side}_knee"]]) for i in hit}
    ch = abs(np.median([mp_ang[i] for i in hold]) - np.median([mp_ang[i] for i in rest]))
    return f"; {side} thigh change neutral->hold: truth {col.max() - col[0]:.1f}, MediaPipe 2D {ch:.1f} deg"


def _facing_sign(meta: dict, t_s: float | None = None) -> float:
    """+1 when the body faces image-right (at time t_s, for a body that turns round)."""
    src = meta.get("source", meta)
    facing = src["scenario"]["camera"]["facing"]
    if meta.get("operation") == "mirror":
        facing = "left" if facing == "right" else "right"
    sign = 1.0 if facing == "right" else -1.0
    yaw = src.get("body_yaw_deg")
    if yaw and t_s is not None and abs(yaw[min(int(round(t_s * src["fps"])), len(yaw) - 1)]) > 90.0:
        sign = -sign
    return sign


def trial_report(video: Path, det, fps: float = 30.0) -> list[str]:
    """Per trial of truth.json: the truth next to the same quantity measured on MediaPipe's 2D
    landmarks against the image axes (hip extension / pelvic tilt: thigh and trunk changes from
    the 0.5 s before the trial to the hold; Thomas: the hanging thigh against the image
    horizontal and the knee angle over the hold). MediaPipe's own left/right labels are used."""
    import json

    meta = json.loads(video.with_name(video.stem + ".truth.json").read_text())
    trials = (meta.get("trials") or meta.get("tilt_holds") or []) + meta.get("loose_hug", [])
    if not trials:
        return []
    t = np.arange(len(det)) / fps
    lines = []

    def P(i, name):
        return det[i][MP_INDEX[name]]

    def frames(a, b):
        return [i for i in range(len(det)) if a - 1e-6 <= t[i] <= b + 1e-6 and det[i] is not None]

    for k, tr in enumerate(trials):
        side = tr["side"]
        s = _facing_sign(meta, tr["start_s"])
        if meta.get("test") == "thomas":
            idx = frames(tr["start_s"], tr["end_s"])
            if not idx:
                lines.append(f"  trial {k + 1}: no detections in the hold")
                continue
            th, kn = [], []
            for i in idx:
                h, kk, an = P(i, f"{side}_hip"), P(i, f"{side}_knee"), P(i, f"{side}_ankle")
                d = kk - h
                th.append(np.degrees(np.arctan2(-d[1], abs(d[0]))))
                a, b = h - kk, an - kk
                kn.append(180.0 - np.degrees(np.arccos(np.clip(a @ b / np.linalg.norm(a) / np.linalg.norm(b), -1, 1))))
            held = ""
            if "hugged_side" in tr:  # the held knee: hip flexion against the trunk line
                h = tr["hugged_side"]
                fl = []
                for i in idx:
                    mh = 0.5 * (P(i, "left_hip") + P(i, "right_hip"))
                    a = 0.5 * (P(i, "left_shoulder") + P(i, "right_shoulder")) - mh
                    b = P(i, f"{h}_knee") - P(i, f"{h}_hip")
                    fl.append(180.0 - np.degrees(np.arccos(np.clip(a @ b / np.linalg.norm(a) / np.linalg.norm(b), -1, 1))))
                held = (f"; {h} (held) hip flexion truth {tr['hugged_hip_flexion_deg']:.1f}, MediaPipe 2D "
                        f"{np.median(fl):.1f}")
            what = (f"expected {tr['expected_verdict']}" if "expected_verdict" in tr else
                    f"{tr['start_s']:g}-{tr['end_s']:g} s, not to be counted (would be "
                    f"{tr['verdict_if_counted']})")
            tag = f"trial {k + 1}" if "expected_verdict" in tr else "loose hug"
            lines.append(f"  {tag} ({side} hanging): thigh vs horizontal truth "
                         f"{tr['thigh_vs_horizontal_deg']:+.1f}, MediaPipe 2D {np.median(th):+.1f}; knee truth "
                         f"{tr['knee_flexion_deg']:.1f}, MediaPipe 2D {np.median(kn):.1f}{held}; {what}")
            continue
        base = frames(tr["start_s"] - 0.5, tr["start_s"] - 1.0 / fps)
        hold = frames(*tr["hold_s"])
        if not base or not hold:
            lines.append(f"  trial {k + 1}: no detections in the baseline or the hold")
            continue

        def thigh(i):
            d = P(i, f"{side}_knee") - P(i, f"{side}_hip")
            return np.degrees(np.arctan2(-s * d[0], d[1]))

        def lean(i):
            d = 0.5 * (P(i, "left_shoulder") + P(i, "right_shoulder")) - 0.5 * (P(i, "left_hip") + P(i, "right_hip"))
            return np.degrees(np.arctan2(s * d[0], -d[1]))

        dth = np.median([thigh(i) for i in hold]) - np.median([thigh(i) for i in base])
        dle = np.median([lean(i) for i in hold]) - np.median([lean(i) for i in base])
        extra = f"; expected {tr['expected_verdict']} {tr['expected_flags']}" if "expected_verdict" in tr else ""
        lines.append(f"  trial {k + 1} ({side}): thigh change truth {tr['peak_thigh_vs_vertical_deg']:+.1f}, "
                     f"MediaPipe 2D {dth:+.1f}; trunk lean change truth {tr['trunk_lean_change_deg']:+.1f}, "
                     f"MediaPipe 2D {dle:+.1f}; pelvic tilt change truth {tr['pelvic_tilt_change_deg']:+.1f}{extra}")
    return lines


def _angle2d(a, b) -> float:
    return float(np.degrees(np.arccos(np.clip(a @ b / np.linalg.norm(a) / np.linalg.norm(b), -1, 1))))


def rep_report(video: Path, det, fps: float = 30.0) -> list[str]:
    """Per rep of a floor clip's truth.json (tools/truth/floor_clips.py): the truth at the top next to
    the same angle on MediaPipe's 2D landmarks (median over top_s..top_end_s). Clamshell: the knee
    opening at the ankles' midpoint; dead bug: the moving leg's hip flexion (180 - the angle at the
    hip between the hip->shoulder and hip->knee lines) and knee flexion."""
    import json

    meta = json.loads(video.with_name(video.stem + ".truth.json").read_text())
    if meta.get("activity") not in ("clamshell", "dead_bug"):
        return []
    t = np.arange(len(det)) / fps
    lines = []
    for k, r in enumerate(meta.get("reps", [])):
        idx = [i for i in range(len(det)) if r["top_s"] - 1e-6 <= t[i] <= r["top_end_s"] + 1e-6 and det[i] is not None]
        if not idx:
            lines.append(f"  rep {k + 1}: no detections at the top")
            continue
        if meta["activity"] == "clamshell":
            v = []
            for i in idx:
                d = det[i]
                m = 0.5 * (d[MP_INDEX["left_ankle"]] + d[MP_INDEX["right_ankle"]])
                v.append(_angle2d(d[MP_INDEX["left_knee"]] - m, d[MP_INDEX["right_knee"]] - m))
            lines.append(f"  rep {k + 1}: knee opening truth {r['peak_knee_opening_deg']:.1f} (start "
                         f"{meta['knee_opening_start_deg']:.1f}), MediaPipe 2D {np.median(v):.1f}; faults {r['faults']}")
        else:
            s = r["side"]
            hf, kf = [], []
            for i in idx:
                d = det[i]
                h, kn, an = d[MP_INDEX[f"{s}_hip"]], d[MP_INDEX[f"{s}_knee"]], d[MP_INDEX[f"{s}_ankle"]]
                hf.append(180.0 - _angle2d(d[MP_INDEX[f"{s}_shoulder"]] - h, kn - h))
                kf.append(180.0 - _angle2d(h - kn, an - kn))
            lines.append(f"  rep {k + 1} ({s}): hip flexion truth {r['min_hip_flexion_deg']:.1f}, MediaPipe 2D "
                         f"{np.median(hf):.1f}; knee flexion truth {r['max_knee_flexion_at_top_deg']:.1f}, MediaPipe "
                         f"2D {np.median(kf):.1f}; faults {r['faults']}")
    return lines


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", type=Path)
    ap.add_argument("--model", type=Path, default=Path("romcam/models/pose_landmarker_full.task"))
    ap.add_argument("--only", nargs="*")
    a = ap.parse_args(argv)
    vids = sorted(a.folder.glob("*.mp4"))
    if a.only:
        vids = [v for v in vids if v.stem in a.only]
    ok_all = True
    for v in vids:
        jpath = v.with_name(v.stem + ".joints2d.csv")
        names, truth = load_joints(jpath)
        det = detect(v, a.model)
        n = len(det)
        hit = [i for i, d in enumerate(det) if d is not None]
        rate = len(hit) / n if n else 0.0
        ok_all &= rate > 0.95
        parts = []
        for j in ("shoulder", "hip", "knee", "ankle"):
            errs = []
            for side in ("left", "right"):
                k = names.index(f"{side}_{j}")
                e = [np.linalg.norm(det[i][MP_INDEX[f"{side}_{j}"]] - truth[i, k]) for i in hit]
                errs.append(np.median(e) if e else np.nan)
            parts.append(f"{j} L{errs[0]:.0f}/R{errs[1]:.0f}")
        th = []
        for side in ("left", "right"):
            ih, ik = names.index(f"{side}_hip"), names.index(f"{side}_knee")
            t = thigh_img_deg(truth[hit, ih], truth[hit, ik])
            m = np.array([thigh_img_deg(det[i][MP_INDEX[f"{side}_hip"]], det[i][MP_INDEX[f"{side}_knee"]]) for i in hit])
            th.append(np.median(np.abs(m - t)) if len(hit) else np.nan)
        peak = peak_change(v, det, names, hit)
        print(f"{v.stem}: detected {len(hit)}/{n} ({100 * rate:.1f}%); median px error {', '.join(parts)}; "
              f"median |image thigh angle error| L {th[0]:.1f} R {th[1]:.1f} deg{peak}")
        for line in trial_report(v, det) + rep_report(v, det):
            print(line)
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())
