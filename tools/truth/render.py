#!/usr/bin/env python3
"""Render ground-truth clips of a rigged human body (anny) with known joint angles.

    python tools/truth/render.py --out samples/truth [--only NAME ...] [--png-every N] [--list]
    python tools/truth/render.py --selftest     # the rig's sign conventions

Needs the dev-only requirements in tools/truth/requirements.txt (torch, anny, roma, opencv).
Writes per clip: NAME.mp4, NAME.truth.csv, NAME.joints2d.csv, NAME.truth.json.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import sys
import time
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import body  # noqa: E402
import raster  # noqa: E402
import truthcalc  # noqa: E402
from spec import Derived, Scenario, pose_at  # noqa: E402

GENERATOR = "tools/truth/render.py"


def bone_indices() -> dict:
    m = body.model()
    idx = {j: body.joint_index(j) for j in body.JOINTS}
    idx["pelvis.L"] = m.bone_labels.index("pelvis.L")
    idx["pelvis.R"] = m.bone_labels.index("pelvis.R")
    return idx


def truth_for_poses(phenotype: dict, poses: list[dict]) -> dict:
    """Truth angles (column -> array) for a list of pose dicts (pelvic tilt vs the first)."""
    res = body.run(phenotype, poses)
    return truthcalc.angles(res["bone_poses"], bone_indices())


def solve(phenotype: dict, make_pose, column: str, target: float, x0: float = 0.0, x1: float = 10.0,
          relative_to: dict | None = None, tol: float = 0.01) -> float:
    """Find x so that truth[column] of make_pose(x) (minus its value for `relative_to`, if
    given) equals target. Secant iterations; the angles used here are near-linear in x."""
    base = 0.0
    if relative_to is not None:
        base = float(truth_for_poses(phenotype, [relative_to])[column][0])

    def g(x):
        return float(truth_for_poses(phenotype, [make_pose(x)])[column][0]) - base - target

    g0, g1 = g(x0), g(x1)
    for _ in range(20):
        if abs(g1) < tol or g1 == g0:
            break
        x0, x1, g0 = x1, x1 - g1 * (x1 - x0) / (g1 - g0), g1
        g1 = g(x1)
    return x1


def reach(phenotype: dict, base: dict, targets: list, bones: list, x0: dict | None = None,
          reg: float = 1e-6, iters: int = 80, step_deg: float = 0.3) -> tuple[dict, np.ndarray]:
    """Inverse kinematics: rotations (deg, 3 per bone in `bones`) added to `base` so that the
    heads of the target bones reach their points. targets: [(bone, (x, y, z) world m, weight)].
    Damped Gauss-Newton with finite differences. Returns (delta pose, distance per target m)."""
    L = body.model().bone_labels
    n = 3 * len(bones)
    x = np.zeros(n)
    if x0:
        for i, b in enumerate(bones):
            if b in x0:
                x[3 * i:3 * i + 3] = np.asarray(x0[b], float)

    def delta(v):
        return {b: tuple(float(a) for a in v[3 * i:3 * i + 3]) for i, b in enumerate(bones)}

    def pose(v):
        from spec import add_poses
        return add_poses(base, delta(v))

    def resid(bps):
        return np.concatenate([w * (bps[:, L.index(b), :3, 3] - np.asarray(p, float)[None])
                               for b, p, w in targets], axis=1)

    lam = 1e-4
    for _ in range(iters):
        X = [x] + [x + step_deg * np.eye(n)[k] for k in range(n)]
        R = resid(body.run(phenotype, [pose(v) for v in X])["bone_poses"])
        r0 = R[0]
        J = (R[1:] - r0[None]).T / step_deg
        c0 = float(r0 @ r0 + reg * x @ x)
        while True:
            dx = -np.linalg.solve(J.T @ J + (lam + reg) * np.eye(n), J.T @ r0 + reg * x)
            big = np.abs(dx).max()
            if big > 20.0:
                dx *= 20.0 / big
            r1 = resid(body.run(phenotype, [pose(x + dx)])["bone_poses"])[0]
            if float(r1 @ r1 + reg * (x + dx) @ (x + dx)) < c0 or lam > 1e3:
                break
            lam *= 10.0
        lam = max(lam / 3.0, 1e-6)
        x = x + dx
        if np.abs(dx).max() < 0.02:
            break
    r = resid(body.run(phenotype, [pose(x)])["bone_poses"])[0].reshape(-1, 3)
    w = np.array([t[2] for t in targets])
    return delta(np.round(x, 2)), np.linalg.norm(r, axis=1) / w


def _fmt(x: float) -> str:
    return f"{float(x) + 0.0:.3f}".replace("-0.000", "0.000")


def verify_video(path: Path, n_frames: int, size: tuple[int, int]) -> None:
    cap = cv2.VideoCapture(str(path))
    if not cap.isOpened():
        raise RuntimeError(f"{path}: cannot be opened for reading")
    n = 0
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        if frame.shape[1] != size[0] or frame.shape[0] != size[1]:
            raise RuntimeError(f"{path}: frame size {frame.shape[1]}x{frame.shape[0]} != {size}")
        n += 1
    cap.release()
    if n != n_frames:
        raise RuntimeError(f"{path}: read back {n} frames, wrote {n_frames}")


def open_writer(path: Path, fps: float, size: tuple[int, int]) -> cv2.VideoWriter:
    path.parent.mkdir(parents=True, exist_ok=True)
    w = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, size)
    if not w.isOpened():
        raise RuntimeError(f"{path}: VideoWriter did not open")
    return w


def write_truth_csv(path: Path, t: np.ndarray, ang: dict) -> None:
    with open(path, "w", newline="") as fh:
        wr = csv.writer(fh, lineterminator="\n")
        wr.writerow(["frame", "t_s"] + truthcalc.COLUMNS)
        for i in range(len(t)):
            wr.writerow([i, f"{t[i]:.4f}"] + [_fmt(ang[c][i]) for c in truthcalc.COLUMNS])


def write_joints_csv(path: Path, uv: np.ndarray) -> None:
    """uv: (B, J, 2) in body.JOINTS order."""
    with open(path, "w", newline="") as fh:
        wr = csv.writer(fh, lineterminator="\n")
        wr.writerow(["frame"] + [f"{j}_{a}" for j in body.JOINTS for a in ("x", "y")])
        for i in range(len(uv)):
            wr.writerow([i] + [f"{v:.2f}" for v in uv[i].reshape(-1)])


def render_scenario(sc: Scenario, out: Path, png_every: int = 0, log=print, png_frames=()) -> dict:
    t0 = time.time()
    n = int(round(sc.duration_s * sc.fps))
    t = np.arange(n) / sc.fps
    poses = [pose_at(sc.keys, sc.base_pose, float(ti)) for ti in t]
    res = body.run(sc.phenotype, poses)
    V, BP = res["vertices"], res["bone_poses"]
    marker_side = None
    if sc.outfit.markers:
        marker_side = sc.outfit.marker_side
        if marker_side == "near":
            marker_side = "R" if sc.camera.facing == "right" else "L"
    dressing = body.dress(sc.outfit, res["rest_vertices"], res["rest_bone_heads"], marker_side=marker_side)
    if dressing["markers"]:
        V = body.pelvis_rigid(V, BP, res["rest_vertices"], dressing["markers"])
    colors = dressing["colors"]
    t_pose = time.time() - t0

    prop_tris = [raster.box_triangles(b.center, b.size) for b in sc.props]
    prop_cols = [np.tile(np.asarray(b.color_rgb, float), (len(tr), 1)) for b, tr in zip(sc.props, prop_tris)]
    lo = V.reshape(-1, 3).min(0)
    hi = V.reshape(-1, 3).max(0)
    for b in sc.props:
        c, s = np.asarray(b.center, float), np.asarray(b.size, float)
        lo = np.minimum(lo, c - s / 2)
        hi = np.maximum(hi, c + s / 2)
    if sc.floor_z is not None:
        floor_z = sc.floor_z
    else:  # the lowest point of the first frame (neutral) or of the props
        floor_z = min([float(V[0][:, 2].min())] + [float(b.center[2] - b.size[2] / 2) for b in sc.props])
    below_floor_mm = max(0.0, (floor_z - float(V[:, :, 2].min())) * 1000.0)
    lo[2] = min(lo[2], floor_z)

    n_axis, fwd = truthcalc.sagittal_axes(BP[:1])
    cam = raster.make_camera(sc.camera, fwd[0], n_axis[0], lo, hi, floor_z)

    ang = truthcalc.angles(BP, bone_indices())
    marker_c = {}
    if dressing["markers"]:
        marker_c = body.marker_centres(V, BP, dressing["markers"], sc.outfit.marker_diameter_m / 2.0)
        sphere = body._sphere(2)
        marker_rgb = {"asis": np.asarray(sc.outfit.asis_rgb, float), "psis": np.asarray(sc.outfit.psis_rgb, float)}
    jidx = [body.joint_index(j) for j in body.JOINTS]
    uv = cam.project(BP[:, jidx][:, :, :3, 3])  # (B, J, 2)

    size = (sc.camera.width, sc.camera.height)
    mp4 = out / f"{sc.name}.mp4"
    wr = open_writer(mp4, sc.fps, size)
    t1 = time.time()
    try:
        for i in range(n):
            tris = body.dressed_triangles(V[i], dressing)
            cols = colors
            if prop_tris:
                tris = np.concatenate([tris] + prop_tris)
                cols = np.concatenate([colors] + prop_cols)
            overlay = None
            if marker_c:
                mt = [body.visible_marker_triangles(c[i], sc.outfit.marker_diameter_m / 2.0, V[i], cam.C, sphere)
                      for c in marker_c.values()]
                mc = [np.tile(marker_rgb[k], (len(m), 1)) for k, m in zip(marker_c, mt)]
                overlay = (np.concatenate(mt), np.concatenate(mc))
            img = raster.render(cam, tris, cols, floor_z, overlay=overlay)
            wr.write(img)
            if (png_every and i % png_every == 0) or i in png_frames:
                cv2.imwrite(str(out / f"{sc.name}.f{i:03d}.png"), img)
    finally:
        wr.release()
    t_render = time.time() - t1
    verify_video(mp4, n, size)

    write_truth_csv(out / f"{sc.name}.truth.csv", t, ang)
    write_joints_csv(out / f"{sc.name}.joints2d.csv", uv)
    # body height in the image at frame 0 (for the record)
    uv0 = cam.project(V[0])
    inside = bool((uv.reshape(-1, 2)[:, 0] >= 0).all() and (uv.reshape(-1, 2)[:, 0] < size[0]).all()
                  and (uv.reshape(-1, 2)[:, 1] >= 0).all() and (uv.reshape(-1, 2)[:, 1] < size[1]).all())
    allv = cam.project(V.reshape(-1, 3)[:: max(1, V.shape[1] // 2000)])
    body_in_frame = bool((allv >= 0).all() and (allv[:, 0] < size[0]).all() and (allv[:, 1] < size[1]).all())
    meta = {
        "name": sc.name,
        "generator": GENERATOR,
        "body_model": "anny (Apache-2.0 code, CC0 MakeHuman-derived assets), default rig, local-ref pose parameterization",
        "frames": n,
        "fps": sc.fps,
        "size": list(size),
        "scenario": sc.to_json(),
        "camera_placed": cam.as_json(),
        "floor_z_m": floor_z,
        "max_below_floor_mm": round(below_floor_mm, 1),
        "body_height_px_frame0": round(float(uv0[:, 1].max() - uv0[:, 1].min()), 1),
        "joints_in_frame": inside,
        "body_in_frame": body_in_frame,
        "truth_definitions": truthcalc.__doc__.strip(),
        "truth_summary": {c: {"min": round(float(ang[c].min()), 2), "max": round(float(ang[c].max()), 2),
                              "frame0": round(float(ang[c][0]), 2)} for c in truthcalc.COLUMNS},
        "joints2d": "NAME.joints2d.csv: projected 3D joint centres (pixels, x right, y down, pixel "
                    "centres at integers), no occlusion test",
    }
    yaw = body_yaw(BP)
    if np.abs(yaw).max() > 0.01:  # the body turns about the vertical (only then: earlier JSON kept)
        meta["body_yaw"] = ("body_yaw_deg: the body's turn about the vertical since frame 0 per frame "
                            "(deg, + counter-clockwise seen from above); the truth angles follow the "
                            "way the body faces in each frame. 0: faces image-" + sc.camera.facing
                            + " as at the start; +-180: turned round, faces the other way")
        meta["body_yaw_deg"] = [round(float(a), 2) for a in yaw]
    if dressing["markers"]:
        meta["markers"] = marker_truth(sc, dressing["markers"], marker_side, marker_c, BP, cam, ang["pelvic_tilt_deg"])
    if sc.trials:
        meta["test"] = sc.test
        # the pelvic tilt clips are no trials of a test: their holds go under another key
        rows = trial_truth(sc, t, ang, meta.get("markers"))
        # a loosely held knee (Thomas) is no valid hold: under its own key, not among the trials
        loose = [r for r in rows if r.pop("loose_hug", False)]
        meta["tilt_holds" if sc.test == "pelvic_tilt" else "trials"] = [r for r in rows if r not in loose]
        if loose:
            for r in loose:
                r["verdict_if_counted"] = r.pop("expected_verdict")
            meta["loose_hug"] = loose
            meta["loose_hug_note"] = (
                "loose_hug: holds in which the other knee is only loosely held, not pulled to the chest "
                "(the pelvis is free to tip forward and the hanging thigh reads too high): no valid Thomas "
                "hold, a test must not count it. hugged_hip_flexion_deg = -hugged_side hip_extension_deg "
                "(thigh against the trunk line); verdict_if_counted: what the hanging leg's angles would "
                "give if it were counted.")
    with open(out / f"{sc.name}.truth.json", "w") as fh:
        json.dump(meta, fh, indent=1)
        fh.write("\n")
    log(f"{sc.name}: {n} frames, pose {t_pose:.1f} s, render {t_render:.1f} s "
        f"({t_render / n * 1000:.0f} ms/frame), {mp4.stat().st_size / 1e6:.2f} MB, "
        f"body {meta['body_height_px_frame0']} px, in frame: {body_in_frame}")
    return meta


def body_yaw(BP: np.ndarray) -> np.ndarray:
    """The body's forward direction's turn about the vertical since frame 0 (deg, + counter-
    clockwise seen from above), per frame."""
    _, fwd = truthcalc.sagittal_axes(BP)
    return np.degrees(np.arctan2(np.cross(fwd[0][None], fwd)[:, 2], (fwd * fwd[0][None]).sum(1)))


# ---- per-trial truth (units and verdict rules of docs/conventions.md) -----------------------

LEAN_TOL_DEG = 5.0
TILT_TOL_DEG = 5.0
NORM_DEG = (10.0, 15.0)
KNEE_BENT_DEG = 20.0
THOMAS_KNEE_MIN_DEG = 80.0


def hip_extension_verdict(thigh: float, lean: float, tilt: float, knee: float) -> tuple[str, list]:
    flags = []
    if lean > LEAN_TOL_DEG:
        flags.append("trunk-lean")
    if tilt > TILT_TOL_DEG:
        flags.append("lumbar-arch")
    compensated = bool(flags)
    if knee > KNEE_BENT_DEG:
        flags.append("knee-bent")
    if compensated:
        return "compensated", flags
    if thigh < NORM_DEG[0]:
        return "limited", flags
    if thigh > NORM_DEG[1]:
        return "above-norm", flags
    return "normal", flags


def thomas_verdict(thigh_vs_horizontal: float, knee: float) -> str:
    psoas = thigh_vs_horizontal > 0.0
    rf = knee < THOMAS_KNEE_MIN_DEG
    return "tight-both" if psoas and rf else "tight-iliopsoas" if psoas else (
        "tight-rectus-femoris" if rf else "normal")


def _r(x: float) -> float:
    return round(float(x), 2) + 0.0  # no -0.0


def trial_truth(sc: Scenario, t: np.ndarray, ang: dict, markers: dict | None) -> list:
    """The truth per trial (Scenario.trials) from the per-frame truth angles."""
    out = []
    eps = 0.5 / sc.fps
    for tr in sc.trials:
        s = tr.side
        hold = (t >= tr.peak_s - eps) & (t <= tr.hold_end_s + eps)
        if sc.test == "thomas":
            thigh = ang[f"{s}_thigh_vs_horizontal_deg"][hold]
            knee = ang[f"{s}_knee_flexion_deg"][hold]
            row = {"side": s, "start_s": _r(tr.peak_s), "end_s": _r(min(tr.hold_end_s, t[-1])),
                   "thigh_vs_horizontal_deg": _r(np.mean(thigh)), "knee_flexion_deg": _r(np.mean(knee)),
                   "hold_range_deg": {"thigh": _r(np.ptp(thigh)), "knee": _r(np.ptp(knee))},
                   "expected_verdict": thomas_verdict(float(np.mean(thigh)), float(np.mean(knee)))}
            if tr.extra:  # the held leg's truth too (thomas_loose_hug_clip)
                row.update(tr.extra)
                h = tr.extra.get("hugged_side")
                if h:
                    row["hugged_hip_flexion_deg"] = _r(-np.mean(ang[f"{h}_hip_extension_deg"][hold]))
                    row["hugged_thigh_vs_horizontal_deg"] = _r(np.mean(ang[f"{h}_thigh_vs_horizontal_deg"][hold]))
                    row["hugged_knee_flexion_deg"] = _r(np.mean(ang[f"{h}_knee_flexion_deg"][hold]))
                if tr.label:
                    row["label"] = tr.label
            out.append(row)
            continue
        before = (t < tr.start_s - eps) & (t >= tr.start_s - 0.5 - eps)  # neutral just before
        during = (t >= tr.start_s - eps) & (t <= tr.end_s + eps)

        def change(col):
            return float(np.mean(ang[col][hold]) - np.mean(ang[col][before]))

        thigh = change(f"{s}_thigh_vs_vertical_deg")
        lean = change("trunk_lean_deg")
        tilt = change("pelvic_tilt_deg")
        knee = float(ang[f"{s}_knee_flexion_deg"][during].max())
        row = {"side": s, "start_s": _r(tr.start_s), "peak_s": _r(tr.peak_s), "end_s": _r(tr.end_s),
               "hold_s": [_r(tr.peak_s), _r(tr.hold_end_s)],
               "peak_thigh_vs_vertical_deg": _r(thigh),
               "peak_hip_extension_deg": _r(change(f"{s}_hip_extension_deg")),
               "trunk_lean_change_deg": _r(lean), "pelvic_tilt_change_deg": _r(tilt),
               "knee_flexion_deg": _r(knee)}
        if sc.test == "hip_extension":
            verdict, flags = hip_extension_verdict(thigh, lean, tilt, knee)
            row["expected_verdict"] = verdict
            row["expected_flags"] = flags
        if markers:
            a = np.asarray(markers["asis_psis_deg"])
            row["asis_psis_change_deg"] = _r(np.mean(a[hold]) - np.mean(a[before]))
        if tr.label:
            row["label"] = tr.label
        row.update(tr.extra)
        out.append(row)
    return out


def marker_truth(sc: Scenario, marks: dict, side: str, centres: dict, BP: np.ndarray, cam, tilt) -> dict:
    """Marker ball centres per frame: the sagittal angle of the PSIS->ASIS line and the image
    positions."""
    n_axis, fwd = truthcalc.sagittal_axes(BP)
    d = centres["asis"] - centres["psis"]
    # + when the ASIS is lower than the PSIS (the line drops toward the front); it grows with
    # anterior pelvic tilt
    ang = np.degrees(np.arctan2(-d[:, 2], (d * fwd).sum(1)))
    uv = {k: cam.project(v) for k, v in centres.items()}
    return {
        "side": {"L": "left", "R": "right"}[side],
        "kind": "balls of diameter_m (half-buried spheres, like the foam half-balls of clinical posture "
                "photos), flat-shaded like the body, drawn where not hidden by the body",
        "diameter_m": sc.outfit.marker_diameter_m,
        "asis_rgb": list(sc.outfit.asis_rgb), "psis_rgb": list(sc.outfit.psis_rgb),
        "placement": "on the skin over the landmark (rest pose): ASIS straight in front of the hip "
                     "joint, 0.15 x (hip-to-shoulder height) above it; PSIS on the back, 0.21 x that "
                     "height above the hip joint and 0.42 x the hip joint's distance from the midline "
                     "beside it. Ball centre 3 mm outside the skin. Balls and the skin within 4.5 cm "
                     "of them move rigidly with the pelvis (the skin blends into the skinned surface "
                     "over the next 5 cm).",
        "rest_skin_point_m": {k: np.round(mk["point"], 4).tolist() for k, mk in marks.items()},
        "rest_skin_normal": {k: np.round(mk["normal"], 3).tolist() for k, mk in marks.items()},
        "asis_psis_definition": "angle of the line from the PSIS ball centre to the ASIS ball centre in "
                                "the body's sagittal plane against the horizontal, + when the ASIS is "
                                "lower (the line drops toward the front); its change from frame 0 "
                                "equals pelvic_tilt_deg (rigid markers)",
        "asis_psis_deg_frame0": _r(ang[0]),
        "asis_psis_change_minus_pelvic_tilt_max_abs_deg": _r(np.abs(ang - ang[0] - tilt).max()),
        "asis_psis_deg": [round(float(a), 2) for a in ang],
        "asis_px": np.round(uv["asis"], 1).tolist(),
        "psis_px": np.round(uv["psis"], 1).tolist(),
        "px_note": "projected ball centres (pixels, x right, y down); a ball may be partly hidden",
    }


def derive(d: Derived, out: Path, log=print) -> None:
    src = out / f"{d.source}.mp4"
    cap = cv2.VideoCapture(str(src))
    if not cap.isOpened():
        raise RuntimeError(f"{src}: render the source clip first")
    fps = cap.get(cv2.CAP_PROP_FPS)
    frames = []
    while True:
        ok, fr = cap.read()
        if not ok:
            break
        frames.append(fr)
    cap.release()
    H, W = frames[0].shape[:2]
    ctr = ((W - 1) / 2.0, (H - 1) / 2.0)
    if d.op == "mirror":
        A = np.array([[-1.0, 0.0, W - 1.0], [0.0, 1.0, 0.0]])
    elif d.op == "rotate":
        # OpenCV: a positive angle turns the content counter-clockwise on screen (y down)
        A = cv2.getRotationMatrix2D(ctr, d.angle_deg, 1.0)
    else:
        raise ValueError(d.op)
    mp4 = out / f"{d.name}.mp4"
    wr = open_writer(mp4, fps, (W, H))
    try:
        for fr in frames:
            if d.op == "mirror":
                img = cv2.flip(fr, 1)
            else:
                img = cv2.warpAffine(fr, A, (W, H), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
            wr.write(img)
    finally:
        wr.release()
    verify_video(mp4, len(frames), (W, H))
    # truth: same angles; joints2d through the same image transform
    src_truth = (out / f"{d.source}.truth.csv").read_text()
    (out / f"{d.name}.truth.csv").write_text(src_truth)
    with open(out / f"{d.source}.joints2d.csv") as fh:
        rows = list(csv.reader(fh))
    hdr, body_rows = rows[0], rows[1:]
    with open(out / f"{d.name}.joints2d.csv", "w", newline="") as fh:
        wr2 = csv.writer(fh, lineterminator="\n")
        wr2.writerow(hdr)
        for r in body_rows:
            xy = np.array([float(v) for v in r[1:]]).reshape(-1, 2)
            xy2 = xy @ A[:, :2].T + A[:, 2]
            wr2.writerow([r[0]] + [f"{v:.2f}" for v in xy2.reshape(-1)])
    src_meta = json.loads((out / f"{d.source}.truth.json").read_text())
    meta = {
        "name": d.name,
        "generator": GENERATOR,
        "derived_from": d.source,
        "operation": d.op,
        "image_affine_2x3": np.round(A, 6).tolist(),
        "notes": d.notes,
        "truth": f"{d.name}.truth.csv is a copy of {d.source}.truth.csv: the body and its angles are "
                 "unchanged; only the image was transformed",
        "frames": len(frames),
        "fps": fps,
        "size": [W, H],
        "source": src_meta,
    }
    if d.op == "rotate":
        meta["rotation_deg"] = d.angle_deg
        meta["rotation_direction"] = ("counter-clockwise as seen by a viewer of the image" if d.angle_deg > 0
                                      else "clockwise as seen by a viewer of the image")
    with open(out / f"{d.name}.truth.json", "w") as fh:
        json.dump(meta, fh, indent=1)
        fh.write("\n")
    log(f"{d.name}: {d.op} of {d.source}, {len(frames)} frames, {mp4.stat().st_size / 1e6:.2f} MB")


def selftest() -> int:
    """Check the rig's sign conventions against the truth definitions (needs the model)."""
    from spec import add_poses, hip_extension, knee_flexion, pelvic_tilt, trunk_lean

    checks = [
        ("+x upperleg01.R moves the right knee behind the hip", hip_extension("R", 10), "right_thigh_vs_vertical_deg", +1),
        ("+x upperleg01.L moves the left knee behind the hip", hip_extension("L", 10), "left_thigh_vs_vertical_deg", +1),
        ("+x on the spine bones leans the trunk forward", trunk_lean(10), "trunk_lean_deg", +1),
        ("+x lowerleg01.R flexes the right knee", knee_flexion("R", 20), "right_knee_flexion_deg", +1),
        ("+x root tips the pelvis anteriorly", pelvic_tilt(10), "pelvic_tilt_deg", +1),
        ("-x upperleg01.R flexes the hip (knee in front)", hip_extension("R", -10), "right_hip_extension_deg", -1),
    ]
    ok = True
    for text, pose, col, sign in checks:
        a = truth_for_poses({}, [{}, pose])[col]
        d = float(a[1] - a[0])
        good = d * sign > 1.0
        ok &= good
        print(f"{'ok  ' if good else 'FAIL'} {text}: {col} changes by {d:+.2f}")
    return 0 if ok else 1


def main(argv=None) -> int:
    import scenarios

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="samples/truth", type=Path)
    ap.add_argument("--only", nargs="*", help="scenario or derived clip names (a derived clip also "
                                               "renders its source)")
    ap.add_argument("--png-every", type=int, default=0, help="also write every Nth frame as PNG")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--selftest", action="store_true", help="check the rig's sign conventions and exit")
    a = ap.parse_args(argv)
    if a.selftest:
        return selftest()
    builders = dict(scenarios.SCENARIOS)
    examples = dict(scenarios.EXAMPLES)
    derived = {d.name: d for d in scenarios.DERIVED}
    if a.list:
        for name in builders:
            print(name)
        for name in examples:
            print(f"{name} (example, only with --only)")
        for name, d in derived.items():
            print(f"{name} ({d.op} of {d.source})")
        return 0
    wanted = a.only or (list(builders) + list(derived))
    builders.update(examples)
    unknown = [w for w in wanted if w not in builders and w not in derived]
    if unknown:
        ap.error(f"unknown clip(s): {unknown}; see --list")
    todo = [w for w in wanted if w in builders]
    for w in wanted:
        if w in derived and derived[w].source not in todo:
            todo.append(derived[w].source)
    a.out.mkdir(parents=True, exist_ok=True)
    for name in [n for n in builders if n in todo]:
        render_scenario(builders[name](), a.out, png_every=a.png_every)
    for name in [n for n in derived if n in wanted]:
        derive(derived[name], a.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
