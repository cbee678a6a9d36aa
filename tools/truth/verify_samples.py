#!/usr/bin/env python3
"""Check rendered truth clips for consistency (needs only numpy and opencv, no torch).

    python tools/truth/verify_samples.py samples/truth

For every NAME.truth.json: the video opens and has the stated frame count and size; the truth
and joints2d CSVs have one row per frame and the expected columns; all joints are inside the
image; and, for side-on clips, the segment angles measured on the projected 2D joints (with the
facing sign, against the image vertical) match the 3D truth within a tolerance (a body that turns
round, truth.json body_yaw_deg, with the facing sign of each frame, the turning frames left out). For a rotated
clip the image angles must be the truth minus the rotation for a right-facing subject (plus for a
left-facing one), which checks the stated rotation direction too. Exit code 1 on any failure.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

import cv2
import numpy as np

TRUTH_COLUMNS = [
    "frame", "t_s", "trunk_lean_deg", "left_thigh_vs_vertical_deg", "right_thigh_vs_vertical_deg",
    "left_hip_extension_deg", "right_hip_extension_deg", "left_knee_flexion_deg",
    "right_knee_flexion_deg", "pelvic_tilt_deg",
]


def read_csv(path: Path):
    with open(path) as fh:
        rows = list(csv.reader(fh))
    return rows[0], np.array([[float(v) for v in r] for r in rows[1:]])


def count_frames(path: Path):
    cap = cv2.VideoCapture(str(path))
    if not cap.isOpened():
        return 0, None
    n, size = 0, None
    while True:
        ok, fr = cap.read()
        if not ok:
            break
        n += 1
        size = (fr.shape[1], fr.shape[0])
    cap.release()
    return n, size


def image_angles(hdr, J, facing_sign):
    """Trunk lean and thigh-vs-vertical from 2D joints (deg), with the facing sign."""
    def P(name):
        i = hdr.index(f"{name}_x")
        return J[:, i:i + 2]

    mid_hip = 0.5 * (P("left_hip") + P("right_hip"))
    mid_sh = 0.5 * (P("left_shoulder") + P("right_shoulder"))
    d = mid_sh - mid_hip
    out = {"trunk_lean_deg": np.degrees(np.arctan2(facing_sign * d[:, 0], -d[:, 1]))}
    for side in ("left", "right"):
        d = P(f"{side}_knee") - P(f"{side}_hip")
        out[f"{side}_thigh_vs_vertical_deg"] = np.degrees(np.arctan2(-facing_sign * d[:, 0], d[:, 1]))
    return out


def verdict_hip_extension(tr: dict) -> tuple[str, list]:
    """docs/conventions.md: compensated if the trunk lean or pelvic tilt change passes 5 deg
    (flags trunk-lean / lumbar-arch), else by the thigh: limited < 10, normal 10-15,
    above-norm > 15; flag knee-bent when the knee bends past 20 deg."""
    flags = []
    if tr["trunk_lean_change_deg"] > 5.0:
        flags.append("trunk-lean")
    if tr["pelvic_tilt_change_deg"] > 5.0:
        flags.append("lumbar-arch")
    comp = bool(flags)
    if tr["knee_flexion_deg"] > 20.0:
        flags.append("knee-bent")
    th = tr["peak_thigh_vs_vertical_deg"]
    return ("compensated" if comp else "limited" if th < 10.0 else "above-norm" if th > 15.0 else "normal"), flags


def verdict_thomas(tr: dict) -> str:
    up, rf = tr["thigh_vs_horizontal_deg"] > 0.0, tr["knee_flexion_deg"] < 80.0
    return "tight-both" if up and rf else "tight-iliopsoas" if up else "tight-rectus-femoris" if rf else "normal"


def check_trials(name: str, meta: dict, hdr: list, T: np.ndarray, margin_deg: float = 2.0) -> list[str]:
    """truth.json trials against truth.csv, the verdict rules, and the distance of the deciding
    values from the thresholds."""
    errors = []
    t = T[:, hdr.index("t_s")]
    fps = meta["fps"]
    col = {c: T[:, hdr.index(c)] for c in hdr}
    for k, tr in enumerate(meta.get("trials", []) + meta.get("tilt_holds", [])):
        s = tr["side"]
        where = f"{name} trial {k + 1}"
        if meta.get("test") == "thomas":
            hold = (t >= tr["start_s"] - 0.5 / fps) & (t <= tr["end_s"] + 0.5 / fps)
            for key, c in (("thigh_vs_horizontal_deg", f"{s}_thigh_vs_horizontal_deg"),
                           ("knee_flexion_deg", f"{s}_knee_flexion_deg")):
                if abs(col[c][hold].mean() - tr[key]) > 0.02:
                    errors.append(f"{where}: {key} {tr[key]} != truth.csv {col[c][hold].mean():.3f}")
                if np.ptp(col[c][hold]) > 0.05:
                    errors.append(f"{where}: {c} not steady over the hold")
            if verdict_thomas(tr) != tr["expected_verdict"]:
                errors.append(f"{where}: expected_verdict {tr['expected_verdict']} != rule {verdict_thomas(tr)}")
            if abs(tr["thigh_vs_horizontal_deg"]) < margin_deg or abs(tr["knee_flexion_deg"] - 80.0) < margin_deg:
                errors.append(f"{where}: a deciding value within {margin_deg} deg of its threshold")
            continue
        before = (t < tr["start_s"] - 0.5 / fps) & (t >= tr["start_s"] - 0.5 - 0.5 / fps)
        hold = (t >= tr["hold_s"][0] - 0.5 / fps) & (t <= tr["hold_s"][1] + 0.5 / fps)
        for key, c in (("peak_thigh_vs_vertical_deg", f"{s}_thigh_vs_vertical_deg"),
                       ("peak_hip_extension_deg", f"{s}_hip_extension_deg"),
                       ("trunk_lean_change_deg", "trunk_lean_deg"), ("pelvic_tilt_change_deg", "pelvic_tilt_deg")):
            ch = col[c][hold].mean() - col[c][before].mean()
            if abs(ch - tr[key]) > 0.02:
                errors.append(f"{where}: {key} {tr[key]} != truth.csv change {ch:.3f}")
        if "expected_verdict" not in tr:
            continue
        v, flags = verdict_hip_extension(tr)
        if (v, flags) != (tr["expected_verdict"], tr["expected_flags"]):
            errors.append(f"{where}: expected {tr['expected_verdict']} {tr['expected_flags']} != rule {v} {flags}")
        deciding = [(tr["trunk_lean_change_deg"], 5.0), (tr["pelvic_tilt_change_deg"], 5.0),
                    (tr["knee_flexion_deg"], 20.0)]
        if v != "compensated":
            deciding += [(tr["peak_thigh_vs_vertical_deg"], 10.0), (tr["peak_thigh_vs_vertical_deg"], 15.0)]
            # the same verdict if judged on the hip extension (thigh minus trunk lean) instead
            if verdict_hip_extension({**tr, "peak_thigh_vs_vertical_deg": tr["peak_hip_extension_deg"]})[0] != v:
                errors.append(f"{where}: the hip extension {tr['peak_hip_extension_deg']} would give "
                              "another verdict than the thigh")
        for value, thr in deciding:
            if abs(value - thr) < margin_deg:
                errors.append(f"{where}: {value} is within {margin_deg} deg of the threshold {thr}")
    errors += check_hug(name, meta, t, col)
    mk = meta.get("markers")
    if mk:
        W, H = meta["size"]
        for key in ("asis_px", "psis_px"):
            xy = np.array(mk[key])
            if not ((xy[:, 0] >= 0).all() and (xy[:, 0] < W).all() and (xy[:, 1] >= 0).all() and (xy[:, 1] < H).all()):
                errors.append(f"{name}: marker {key} leaves the image")
        a = np.array(mk["asis_psis_deg"])
        if np.abs(a - a[0] - col["pelvic_tilt_deg"]).max() > 0.05:
            errors.append(f"{name}: the ASIS-PSIS line does not turn with the pelvis")
    errors += check_tape(name, meta, col)
    return errors


def check_hug(name: str, meta: dict, t: np.ndarray, col: dict) -> list[str]:
    """Thomas: the held knee's truth (hugged_*, in trials and in loose_hug, the holds with the knee
    only loosely held that a test must not count) against truth.csv; a loose hug flexes the hip
    less than 90 deg, a counted trial with hugged_* at least 110."""
    errors = []
    fps = meta["fps"]
    loose = meta.get("loose_hug", [])
    for kind, entries in (("trial", meta.get("trials", [])), ("loose_hug", loose)):
        for k, tr in enumerate(entries):
            if "hugged_side" not in tr:
                continue
            where = f"{name} {kind} {k + 1}"
            hold = (t >= tr["start_s"] - 0.5 / fps) & (t <= tr["end_s"] + 0.5 / fps)
            s, h = tr["side"], tr["hugged_side"]
            checks = [("hugged_hip_flexion_deg", -col[f"{h}_hip_extension_deg"]),
                      ("hugged_thigh_vs_horizontal_deg", col[f"{h}_thigh_vs_horizontal_deg"]),
                      ("hugged_knee_flexion_deg", col[f"{h}_knee_flexion_deg"])]
            if kind == "loose_hug":
                checks += [("thigh_vs_horizontal_deg", col[f"{s}_thigh_vs_horizontal_deg"]),
                           ("knee_flexion_deg", col[f"{s}_knee_flexion_deg"])]
                if verdict_thomas(tr) != tr["verdict_if_counted"]:
                    errors.append(f"{where}: verdict_if_counted {tr['verdict_if_counted']} != rule {verdict_thomas(tr)}")
            for key, c in checks:
                if abs(c[hold].mean() - tr[key]) > 0.02:
                    errors.append(f"{where}: {key} {tr[key]} != truth.csv {c[hold].mean():.3f}")
                if np.ptp(c[hold]) > 0.05:
                    errors.append(f"{where}: {key} not steady over the hold")
            flex = tr["hugged_hip_flexion_deg"]
            if (kind == "loose_hug" and flex >= 90.0) or (kind == "trial" and flex < 110.0):
                errors.append(f"{where}: hugged_hip_flexion_deg {flex} does not fit a {kind}")
    return errors


CONDITION_KEYS = ("body", "arms", "clothing", "frame_w", "frame_h", "yaw_deg", "pitch_deg", "camera_height_m",
                  "roll_deg", "body_px", "background", "noise_sigma", "blur", "crf", "light", "marker")


def check_tape(name: str, meta: dict, col: dict) -> list[str]:
    """The truth set's extras: conditions and split, and the pelvis tape truth (per frame: the
    strip's sagittal angle turns exactly with the pelvis, image angle, corners, visible share)."""
    errors = []
    n = meta["frames"]
    if "conditions" in meta:
        c = meta["conditions"]
        missing = [k for k in CONDITION_KEYS if k not in c]
        if missing:
            errors.append(f"{name}: conditions lack {missing}")
        elif [c["frame_w"], c["frame_h"]] != list(meta["size"]):
            errors.append(f"{name}: conditions frame size {c['frame_w']}x{c['frame_h']} != {meta['size']}")
        if meta.get("split") not in ("tuning", "heldout"):
            errors.append(f"{name}: split {meta.get('split')!r}")
        if (c.get("marker") == "tape") != ("tape" in meta):
            errors.append(f"{name}: marker {c.get('marker')!r} but tape truth {'present' if 'tape' in meta else 'absent'}")
    tp = meta.get("tape")
    if not tp:
        return errors
    W, H = meta["size"]
    for side in ("near", "far"):
        t = tp.get(side)
        if t is None:
            errors.append(f"{name}: tape {side} missing")
            continue
        for key in ("asis_psis_deg", "image_deg", "corners_px", "centre_px", "visible_fraction"):
            if len(t[key]) != n:
                errors.append(f"{name}: tape {side} {key} has {len(t[key])} rows, not {n}")
        a = np.array(t["asis_psis_deg"])
        if len(a) == n and np.abs(a - a[0] - col["pelvic_tilt_deg"]).max() > 0.05:
            errors.append(f"{name}: the tape ({side}) does not turn with the pelvis")
        v = np.array(t["visible_fraction"])
        if ((v < 0) | (v > 1)).any():
            errors.append(f"{name}: tape {side} visible_fraction outside [0, 1]")
        if side == "near":
            xy = np.array(t["corners_px"]).reshape(-1, 2)
            if not ((xy[:, 0] >= 0).all() and (xy[:, 0] < W).all() and (xy[:, 1] >= 0).all() and (xy[:, 1] < H).all()):
                errors.append(f"{name}: a near tape corner leaves the image")
    for k, tr in enumerate(meta.get("trials", [])):
        if "tape_asis_psis_change_deg" in tr and abs(tr["tape_asis_psis_change_deg"] - tr["pelvic_tilt_change_deg"]) > 0.05:
            errors.append(f"{name} trial {k + 1}: tape_asis_psis_change_deg {tr['tape_asis_psis_change_deg']} != "
                          f"pelvic_tilt_change_deg {tr['pelvic_tilt_change_deg']}")
    return errors


def check_manifest(folder: Path) -> list[str]:
    """MANIFEST.json (the truth set): names unique, every rendered clip present with the same
    split and conditions as its truth.json."""
    path = folder / "MANIFEST.json"
    if not path.exists():
        return []
    man = json.loads(path.read_text())
    errors = []
    names = [c["name"] for c in man["clips"]]
    if len(set(names)) != len(names):
        errors.append("MANIFEST: duplicate names")
    for c in man["clips"]:
        j = folder / f"{c['name']}.truth.json"
        if c.get("rendered", True) != j.exists():
            errors.append(f"MANIFEST: {c['name']} rendered={c.get('rendered')} but truth.json "
                          f"{'exists' if j.exists() else 'is missing'}")
            continue
        if j.exists():
            meta = json.loads(j.read_text())
            if meta.get("split") != c["split"] or meta.get("conditions") != c["conditions"] or meta.get("test") != c["test"]:
                errors.append(f"MANIFEST: {c['name']} split/test/conditions differ from its truth.json")
    for sp in ("tuning", "heldout"):
        k = sum(1 for c in man["clips"] if c["split"] == sp)
        print(f"MANIFEST: {k} {sp} clips ({sum(1 for c in man['clips'] if c['split'] == sp and c.get('rendered', True))} rendered)")
    return errors


def check(folder: Path, tol_deg: float) -> list[str]:
    errors = []
    for jpath in sorted(folder.glob("*.truth.json")):
        name = jpath.name[: -len(".truth.json")]
        meta = json.loads(jpath.read_text())
        src = meta.get("source", meta)
        n = meta["frames"]
        nv, size = count_frames(folder / f"{name}.mp4")
        if nv != n or list(size or ()) != list(meta["size"]):
            errors.append(f"{name}: video has {nv} frames {size}, expected {n} {meta['size']}")
        hdr, T = read_csv(folder / f"{name}.truth.csv")
        if hdr[: len(TRUTH_COLUMNS)] != TRUTH_COLUMNS or len(T) != n:
            errors.append(f"{name}: truth.csv columns/rows wrong ({len(T)} rows)")
            continue
        jh, J = read_csv(folder / f"{name}.joints2d.csv")
        J = J[:, 1:]
        jh = jh[1:]
        W, H = meta["size"]
        if len(J) != n:
            errors.append(f"{name}: joints2d rows {len(J)} != {n}")
            continue
        if not ((J[:, 0::2] >= 0).all() and (J[:, 0::2] <= W - 1).all() and (J[:, 1::2] >= 0).all()
                and (J[:, 1::2] <= H - 1).all()):
            errors.append(f"{name}: a joint leaves the image")
        errors += check_trials(name, meta, hdr, T)
        cam = src["scenario"]["camera"]
        facing = cam["facing"]
        if meta.get("operation") == "mirror":
            facing = "left" if facing == "right" else "right"
        if abs(cam["yaw_deg"]) > 1e-6 or abs(cam["pitch_deg"]) > 1e-6 or abs(cam["roll_deg"]) > 1e-6:
            continue  # image angles are not expected to equal the sagittal truth
        if abs(T[:, hdr.index("trunk_lean_deg")]).max() > 60:
            continue  # lying: thigh/trunk vs vertical are not image-checkable this simply
        s = 1.0 if facing == "right" else -1.0
        offset = 0.0
        if meta.get("operation") == "rotate":
            offset = -s * meta["rotation_deg"]
        # a body that turns round (body_yaw_deg): the facing sign per frame; frames turned more
        # than 1 deg off side-on (during the turn) are left out
        sign, keep, turn_note = np.full(n, s), np.ones(n, bool), ""
        if "body_yaw_deg" in src:
            yaw = np.abs(np.array(src["body_yaw_deg"], float))
            turned = np.abs(yaw - 180.0) < 1.0
            sign[turned] = -s
            keep = turned | (yaw < 1.0)
            turn_note = f", turned round in {int(turned.sum())}, {int((~keep).sum())} turning frames left out"
        img = image_angles(jh, J, sign)
        for col, a in img.items():
            err = np.abs(a - (T[:, hdr.index(col)] + offset))[keep]
            if err.max() > tol_deg:
                errors.append(f"{name}: {col} on the image differs from truth{offset:+.0f} by up to {err.max():.2f} deg")
        print(f"{name}: ok so far ({n} frames, facing {facing}{turn_note}, image-vs-truth offset {offset:+.1f} deg)")
    return errors


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", type=Path)
    ap.add_argument("--tol-deg", type=float, default=1.0)
    a = ap.parse_args(argv)
    errs = check(a.folder, a.tol_deg) + check_manifest(a.folder)
    for e in errs:
        print("FAIL", e)
    print("all checks passed" if not errs else f"{len(errs)} problem(s)")
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
