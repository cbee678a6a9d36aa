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


def render_scenario(sc: Scenario, out: Path, png_every: int = 0, log=print) -> dict:
    t0 = time.time()
    n = int(round(sc.duration_s * sc.fps))
    t = np.arange(n) / sc.fps
    poses = [pose_at(sc.keys, sc.base_pose, float(ti)) for ti in t]
    res = body.run(sc.phenotype, poses)
    V, BP = res["vertices"], res["bone_poses"]
    dressing = body.dress(sc.outfit, res["rest_vertices"], res["rest_bone_heads"])
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
            img = raster.render(cam, tris, cols, floor_z)
            wr.write(img)
            if png_every and i % png_every == 0:
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
    with open(out / f"{sc.name}.truth.json", "w") as fh:
        json.dump(meta, fh, indent=1)
        fh.write("\n")
    log(f"{sc.name}: {n} frames, pose {t_pose:.1f} s, render {t_render:.1f} s "
        f"({t_render / n * 1000:.0f} ms/frame), {mp4.stat().st_size / 1e6:.2f} MB, "
        f"body {meta['body_height_px_frame0']} px, in frame: {body_in_frame}")
    return meta


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
