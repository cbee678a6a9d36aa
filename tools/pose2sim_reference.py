"""romcam's single-view angles against angles triangulated from four calibrated views.

    python tools/pose2sim_reference.py [--wheel-dir /tmp/p2s_wheel] [--out /tmp/p2s_ref]
                                       [--reuse] [--neutral-frames 10]

Data: the Pose2Sim demo ("Demo_SinglePerson" in the pose2sim 0.10.49 wheel, BSD-3-Clause): four
synchronised 1080x1920, 60 fps videos of one person balancing on one leg and swinging the other
(a second person stands in the background), with a Qualisys calibration of the four cameras. The
wheel is fetched with `pip download` into --wheel-dir when it is not there yet.

Steps:
1. `romcam analyze VIDEO --test hip-extension --no-video` on each view (out/camNN/): frames.csv
   (romcam's angles), landmarks.csv (MediaPipe pixels of the followed person), result.json.
2. The shoulders, hips, knees, ankles, heels and toes are triangulated from the four sets of
   landmarks (undistorted, linear DLT weighted by visibility, views below VIS_MIN dropped).
   MediaPipe sometimes swaps the person's left and right in one view; per frame, the labelling of
   each view that reprojects best is kept (the majority labelling names the sides).
3. Reference angles from the 3D points with romcam's conventions (docs/conventions.md): the
   sagittal plane is spanned by the lab's vertical (Qualisys Z, checked against the cameras) and
   the forward direction, which is horizontal and square to the hips' left-right axis.
   trunk_lean: mid-hip -> mid-shoulder against the upward vertical, + forward; thigh_vs_vertical:
   hip -> knee against the downward vertical, + knee behind; knee_flexion: 180 - 3D hip-knee-ankle.
4. Per view: mean absolute error of romcam's angles against the reference, absolute and as the
   change from the first --neutral-frames frames (romcam's verdicts use changes from neutral);
   the camera's true yaw from side-on (+ toward the person's front, romcam's sign) next to
   romcam's estimate; romcam's facing, trials, verdicts, flags and warnings.

Calibration (Calib.qca.txt): intrinsics are in 1/64 pixel (the usual Qualisys sub-pixel unit);
each `transform` holds the camera centre in the lab (x, y, z, mm) and a rotation whose rows are
the camera's axes in the lab, with y up and z backward; OpenCV's camera (y down, z forward) is that
turned by 180 deg about x (as Pose2Sim's own converter reads it). The distortion coefficients are
used as OpenCV's (k1, k2, p1, p2); leaving them out changes the reprojection error by under
0.1 px. The printed reprojection error checks all of this: the transposed rotation, or no 180 deg
turn, puts the points behind the cameras or hundreds of pixels off.

The recording is not a hip extension test: the swinging leg goes forward and out to the side and
the trunk tilts sideways, so much of the motion is out of the sagittal plane, and all four cameras
are 40-80 deg from side-on. The figures say how romcam's sagittal angles fare there, not what its
accuracy is on its own protocol.
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

WHEEL = "pose2sim==0.10.49"
DEMO = "Pose2Sim/Demo_SinglePerson"
CAMS = ("cam01", "cam02", "cam03", "cam04")
FLIP_X = np.diag([1.0, -1.0, -1.0])  # Qualisys camera axes -> OpenCV camera axes
UP = np.array([0.0, 0.0, 1.0])  # lab vertical (Qualisys Z), checked in check_vertical
VIS_MIN = 0.5  # a view's landmark below this visibility is not used
MIN_VIEWS = 2
JOINTS = ("shoulder", "hip", "knee", "ankle", "heel", "foot_index")
SIDES = ("left", "right")
NAMES = tuple(f"{s}_{j}" for j in JOINTS for s in SIDES)
SWAP = tuple(NAMES.index(f"{'right' if n.startswith('left') else 'left'}_{n.split('_', 1)[1]}")
             for n in NAMES)  # column order with the person's left and right exchanged
ANGLES = ("trunk_lean", "left_thigh_vs_vertical", "right_thigh_vs_vertical",
          "left_knee_flexion", "right_knee_flexion")


@dataclass(frozen=True)
class Camera:
    name: str
    K: np.ndarray  # 3x3 intrinsics, pixels
    dist: np.ndarray  # OpenCV k1, k2, p1, p2
    R: np.ndarray  # lab -> OpenCV camera rotation
    centre: np.ndarray  # camera centre in the lab, mm

    @property
    def P(self) -> np.ndarray:
        return self.K @ np.hstack([self.R, (-self.R @ self.centre)[:, None]])


# ---------------------------------------------------------------- data and calibration

def fetch_demo(wheel_dir: Path) -> Path:
    """The demo folder, downloading and unpacking the wheel when needed."""
    demo = wheel_dir / DEMO
    if (demo / "videos" / "cam01.mp4").exists():
        return demo
    wheels = sorted(wheel_dir.glob("pose2sim-*.whl"))
    if not wheels:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", WHEEL, "-d",
                        str(wheel_dir)], check=True)
        wheels = sorted(wheel_dir.glob("pose2sim-*.whl"))
    with zipfile.ZipFile(wheels[0]) as zf:
        members = [m for m in zf.namelist() if m.startswith(f"{DEMO}/videos/")
                   or m.startswith(f"{DEMO}/calibration/Calib")]
        zf.extractall(wheel_dir, members)
    return demo


def read_qca(path: Path) -> dict[str, Camera]:
    """Cameras of a Qualisys .qca.txt calibration, by serial (see the module docstring)."""
    cams = {}
    for node in ET.parse(path).getroot().findall("cameras/camera"):
        tr, it, fov = (node.find(k).attrib for k in ("transform", "intrinsic", "fov_video"))
        f = lambda d, k: float(d[k])  # noqa: E731
        K = np.array([[f(it, "focalLengthU") / 64, 0, f(it, "centerPointU") / 64 - f(fov, "left")],
                      [0, f(it, "focalLengthV") / 64, f(it, "centerPointV") / 64 - f(fov, "top")],
                      [0, 0, 1]])
        dist = np.array([f(it, k) for k in ("radialDistortion1", "radialDistortion2",
                                            "tangentalDistortion1", "tangentalDistortion2")])
        axes = np.array([[f(tr, f"r{i}{j}") for j in "123"] for i in "123"])  # rows: camera axes
        centre = np.array([f(tr, k) for k in "xyz"])
        cams[node.attrib["serial"]] = Camera(node.attrib["serial"], K, dist, FLIP_X @ axes, centre)
    return cams


def check_vertical(cams: list[Camera]) -> float:
    """Mean cosine between each camera's image-up direction and the lab's UP (1 = level)."""
    return float(np.mean([-c.R[1] @ UP for c in cams]))


# ---------------------------------------------------------------- romcam runs

def run_romcam(video: Path, out: Path, reuse: bool) -> None:
    if reuse and (out / "result.json").exists():
        return
    run = subprocess.run(["romcam", "analyze", str(video), "--test", "hip-extension", "--no-video",
                          "--out", str(out)], capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"romcam analyze {video.name} failed:\n{run.stdout}{run.stderr}")


def read_csv_columns(path: Path) -> dict[str, np.ndarray]:
    """A romcam CSV as float columns, empty cells NaN."""
    lines = path.read_text().splitlines()
    header = lines[0].split(",")
    rows = [[float(v) if v != "" else np.nan for v in ln.split(",")] for ln in lines[1:]]
    return dict(zip(header, np.array(rows, dtype=float).T))


def read_landmarks(path: Path, n_frames: int) -> tuple[np.ndarray, np.ndarray]:
    """(n_frames, len(NAMES), 2) pixels and (n_frames, len(NAMES)) visibility, NaN/0 when unseen."""
    cols = read_csv_columns(path)
    xy = np.full((n_frames, len(NAMES), 2), np.nan)
    vis = np.zeros((n_frames, len(NAMES)))
    frames = cols["frame"].astype(int)
    for j, name in enumerate(NAMES):
        xy[frames, j, 0], xy[frames, j, 1] = cols[f"{name}_x"], cols[f"{name}_y"]
        vis[frames, j] = np.nan_to_num(cols[f"{name}_vis"])
    vis[~np.isfinite(xy).all(axis=-1)] = 0.0
    return xy, vis


def undistort(xy: np.ndarray, cam: Camera) -> np.ndarray:
    flat = xy.reshape(-1, 1, 2).astype(np.float64)
    ok = np.isfinite(flat).all(axis=-1).ravel()
    out = np.full_like(flat, np.nan)
    if ok.any():
        out[ok] = cv2.undistortPoints(flat[ok], cam.K, cam.dist, P=cam.K)
    return out.reshape(xy.shape)


# ---------------------------------------------------------------- triangulation

def triangulate(Ps: list[np.ndarray], uv: np.ndarray, w: np.ndarray) -> np.ndarray:
    """One point from (n_views, 2) undistorted pixels and weights (0 = unused): weighted DLT."""
    rows = []
    for P, (u, v), wi in zip(Ps, uv, w):
        if wi > 0:
            rows += [wi * (u * P[2] - P[0]), wi * (v * P[2] - P[1])]
    if len(rows) < 2 * MIN_VIEWS:
        return np.full(3, np.nan)
    X = np.linalg.svd(np.array(rows))[2][-1]
    return X[:3] / X[3]


def project(P: np.ndarray, X: np.ndarray) -> np.ndarray:
    h = P @ np.append(X, 1.0)
    return h[:2] / h[2]


def residuals(Ps: list[np.ndarray], uv: np.ndarray, w: np.ndarray, X: np.ndarray) -> np.ndarray:
    """Reprojection error per view (NaN where the view was not used)."""
    out = np.full(len(Ps), np.nan)
    if np.isfinite(X).all():
        for i, P in enumerate(Ps):
            if w[i] > 0:
                out[i] = np.linalg.norm(project(P, X) - uv[i])
    return out


def frame_points(Ps: list[np.ndarray], uv: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All landmarks of one frame: uv (views, joints, 2), w (views, joints) -> points, residuals."""
    pts = np.array([triangulate(Ps, uv[:, j], w[:, j]) for j in range(uv.shape[1])])
    res = np.array([residuals(Ps, uv[:, j], w[:, j], pts[j]) for j in range(uv.shape[1])])
    return pts, res


def best_labelling(Ps: list[np.ndarray], uv: np.ndarray, w: np.ndarray,
                   previous_axis: np.ndarray | None) -> tuple | None:
    """(score, swaps, points, residuals) of the per-view left/right labelling that reprojects
    best (median error). A labelling and its mirror image (every view swapped the other way) give
    the same geometry with the sides exchanged: the one that swaps fewer views names the sides;
    with two views each way, the one whose hip axis continues the previous frame's."""
    best = None
    for swaps in itertools.product((False, True), repeat=len(Ps)):
        if 2 * sum(swaps) > len(Ps):
            continue  # its mirror image is tried instead
        uv_s = np.array([u[list(SWAP)] if s else u for u, s in zip(uv, swaps)])
        w_s = np.array([x[list(SWAP)] if s else x for x, s in zip(w, swaps)])
        pts, res = frame_points(Ps, uv_s, w_s)
        if not np.isfinite(res).any():
            continue
        if 2 * sum(swaps) == len(Ps) and previous_axis is not None:
            if body_axes(pts[None])[0][0] @ previous_axis < 0:
                continue
        score = float(np.nanmedian(res))
        if best is None or score < best[0]:
            best = (score, swaps, pts, res)
    return best


def triangulate_all(cams: list[Camera], xy: np.ndarray, vis: np.ndarray) -> tuple[np.ndarray, ...]:
    """xy (views, frames, joints, 2), vis (views, frames, joints) -> points (frames, joints, 3),
    residuals (frames, joints, views), swapped (frames, views)."""
    Ps = [c.P for c in cams]
    uv = np.array([undistort(x, c) for x, c in zip(xy, cams)])
    w = np.where(vis >= VIS_MIN, vis, 0.0)
    n_frames = xy.shape[1]
    pts = np.full((n_frames, len(NAMES), 3), np.nan)
    res = np.full((n_frames, len(NAMES), len(cams)), np.nan)
    swapped = np.zeros((n_frames, len(cams)), dtype=bool)
    axis = None
    for f in range(n_frames):
        best = best_labelling(Ps, uv[:, f], w[:, f], axis)
        if best is None:
            continue
        _, swaps, pts[f], res[f] = best
        swapped[f] = swaps
        lateral = body_axes(pts[f][None])[0][0]
        if np.isfinite(lateral).all():
            axis = lateral
    return pts, res, swapped


# ---------------------------------------------------------------- reference angles

def body_axes(pts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per frame: lateral (to the left, horizontal) and forward (horizontal) unit vectors."""
    hips = pts[:, NAMES.index("left_hip")] - pts[:, NAMES.index("right_hip")]
    lateral = hips - np.outer(hips @ UP, UP)
    lateral /= np.linalg.norm(lateral, axis=1, keepdims=True)
    forward = np.cross(lateral, UP)  # x forward, y left, z up
    return lateral, forward


def plane_angle(v: np.ndarray, toward: np.ndarray, ref: np.ndarray) -> np.ndarray:
    """Per frame: angle of v, projected on the plane of ref (UP or -UP) and toward (a horizontal
    unit vector per frame), from ref, + toward `toward`."""
    return np.degrees(np.arctan2(np.einsum("ij,ij->i", v, toward), v @ ref))


def joint_angle(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    u, v = a - b, c - b
    cos = np.einsum("ij,ij->i", u, v) / (np.linalg.norm(u, axis=1) * np.linalg.norm(v, axis=1))
    return np.degrees(np.arccos(np.clip(cos, -1, 1)))


def reference_angles(pts: np.ndarray) -> dict[str, np.ndarray]:
    """romcam's per-frame angles (without the _deg suffix) from the 3D points."""
    p = {n: pts[:, i] for i, n in enumerate(NAMES)}
    _, forward = body_axes(pts)
    mid_hip = (p["left_hip"] + p["right_hip"]) / 2
    mid_shoulder = (p["left_shoulder"] + p["right_shoulder"]) / 2
    out = {"trunk_lean": plane_angle(mid_shoulder - mid_hip, forward, UP)}
    for s in SIDES:  # thigh: from the downward vertical, + toward the back
        out[f"{s}_thigh_vs_vertical"] = plane_angle(p[f"{s}_knee"] - p[f"{s}_hip"], -forward, -UP)
        out[f"{s}_knee_flexion"] = 180.0 - joint_angle(p[f"{s}_hip"], p[f"{s}_knee"], p[f"{s}_ankle"])
    return out


# ---------------------------------------------------------------- per-camera geometry

def true_view(cam: Camera, pts: np.ndarray) -> dict:
    """Yaw from side-on per frame (+ toward the front, romcam's sign), near side, facing in the
    image, distance; the body turns during the recording, so the yaw is given as a range."""
    lateral, forward = body_axes(pts)
    mid_hip = (pts[:, NAMES.index("left_hip")] + pts[:, NAMES.index("right_hip")]) / 2
    to_cam = cam.centre - mid_hip
    to_cam -= np.outer(to_cam @ UP, UP)
    side = np.einsum("ij,ij->i", to_cam, lateral)
    yaw = np.degrees(np.arctan2(np.einsum("ij,ij->i", to_cam, forward), np.abs(side)))
    facing = np.nanmedian(forward @ cam.R[0])  # forward against the image's rightward axis
    return {"yaw_deg": float(np.nanmedian(yaw)), "yaw_range": tuple(np.nanpercentile(yaw, [5, 95])),
            "near": "left" if np.nanmedian(side) > 0 else "right",
            "facing": "right" if facing > 0 else "left",
            "distance_m": float(np.nanmedian(np.linalg.norm(cam.centre - mid_hip, axis=1)) / 1000)}


def lateral_tilt(pts: np.ndarray) -> np.ndarray:
    """Frontal-plane trunk tilt (mid-hip -> mid-shoulder against the vertical), + toward the left."""
    lateral, _ = body_axes(pts)
    p = {n: pts[:, i] for i, n in enumerate(NAMES)}
    trunk = (p["left_shoulder"] + p["right_shoulder"] - p["left_hip"] - p["right_hip"]) / 2
    return plane_angle(trunk, lateral, UP)


# ---------------------------------------------------------------- comparison

def mae(a: np.ndarray, b: np.ndarray) -> float:
    ok = np.isfinite(a) & np.isfinite(b)
    return float(np.mean(np.abs(a[ok] - b[ok]))) if ok.any() else np.nan


def from_start(x: np.ndarray, n: int) -> np.ndarray:
    return x - np.nanmean(x[:n])


def compare(romcam: dict[str, np.ndarray], ref: dict[str, np.ndarray], n_neutral: int,
            keep: np.ndarray | None = None) -> dict:
    """Per angle: (MAE absolute, MAE of the change from the first n_neutral frames, frames), over
    the frames in keep (all when None)."""
    out = {}
    for name in ANGLES:
        mine = romcam[f"{name}_deg"][: len(ref[name])].copy()
        truth = ref[name][: len(mine)]
        if keep is not None:
            mine[~keep[: len(mine)]] = np.nan
        both = np.isfinite(mine) & np.isfinite(truth)
        out[name] = (mae(mine, truth), mae(from_start(mine, n_neutral), from_start(truth, n_neutral)),
                     int(both.sum()))
    return out


def romcam_summary(result: dict) -> str:
    trials = result.get("trials", [])
    if not trials:
        return "no trial"
    return "; ".join(f"{t['side']}: {t['verdict']} [{', '.join(t['flags'])}]" for t in trials)


# ---------------------------------------------------------------- report

def fmt(x: float) -> str:
    return "-" if not np.isfinite(x) else f"{x:.1f}"


def view_table(rows: list[dict]) -> str:
    lines = ["| camera | distance m | true yaw (5-95%) | romcam yaw (conf) | near leg "
             "| facing true / romcam | detected | romcam trials | oblique warning |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        res, tv = r["result"], r["view"]
        cam = res["camera"]
        oblique = any("from side-on" in w for w in res["warnings"])
        lo, hi = tv["yaw_range"]
        yaw = cam["yaw_deg"] if cam["yaw_deg"] is not None else np.nan
        lines.append(f"| {r['name']} | {tv['distance_m']:.1f} | {tv['yaw_deg']:+.0f} ({lo:+.0f}..{hi:+.0f}) "
                     f"| {fmt(yaw)} "
                     f"({cam['confidence']:.2f}) | {tv['near']} | {tv['facing']} / {res['facing']} "
                     f"| {res['detected_frames']}/{res['frames']} | {romcam_summary(res)} | "
                     f"{'yes' if oblique else 'no'} |")
    return "\n".join(lines)


def error_table(rows: list[dict]) -> str:
    cols = [("trunk lean", lambda r: "trunk_lean"),
            ("near thigh", lambda r: f"{r['view']['near']}_thigh_vs_vertical"),
            ("near knee", lambda r: f"{r['view']['near']}_knee_flexion"),
            ("far thigh", lambda r: f"{other(r['view']['near'])}_thigh_vs_vertical"),
            ("far knee", lambda r: f"{other(r['view']['near'])}_knee_flexion")]
    lines = ["| camera | " + " | ".join(f"{c} abs / change" for c, _ in cols) + " | frames |",
             "|---|" + "---|" * (len(cols) + 1)]
    for r in rows:
        cells = [f"{fmt(r['errors'][key(r)][0])} / {fmt(r['errors'][key(r)][1])}" for _, key in cols]
        lines.append(f"| {r['name']} | " + " | ".join(cells) + f" | {r['errors']['trunk_lean'][2]} |")
    return "\n".join(lines)


def other(side: str) -> str:
    return "right" if side == "left" else "left"


def reprojection_summary(res: np.ndarray, cams: list[Camera], views: list[dict]) -> str:
    """Overall and per view, in pixels and (per view) the matching size at the person, in mm."""
    per_view = [f"{c.name} {np.nanmedian(res[..., i]):.1f} px "
                f"(~{np.nanmedian(res[..., i]) * v['distance_m'] * 1000 / c.K[0, 0]:.0f} mm)"
                for i, (c, v) in enumerate(zip(cams, views))]
    return (f"reprojection error over {np.isfinite(res).sum()} landmark-views: median "
            f"{np.nanmedian(res):.1f} px, mean {np.nanmean(res):.1f} px, 90th percentile "
            f"{np.nanpercentile(res, 90):.1f} px; median per view: " + ", ".join(per_view))


def motion_summary(ref: dict[str, np.ndarray], tilt: np.ndarray) -> str:
    rng = lambda x: f"{np.nanmin(x):+.0f}..{np.nanmax(x):+.0f}"  # noqa: E731
    return ("reference motion (deg): trunk lean " + rng(ref["trunk_lean"])
            + ", trunk sideways tilt " + rng(tilt)
            + ", left thigh " + rng(ref["left_thigh_vs_vertical"])
            + ", right thigh " + rng(ref["right_thigh_vs_vertical"])
            + ", left knee " + rng(ref["left_knee_flexion"])
            + ", right knee " + rng(ref["right_knee_flexion"]))


def swapped_note(row: dict, swapped: np.ndarray, frames: dict, ref: dict, n_neutral: int) -> str:
    """Errors again without the frames where MediaPipe swapped this view's left and right."""
    if not swapped.any():
        return ""
    e = compare(frames, ref, n_neutral, keep=~swapped)
    near, far = row["view"]["near"], other(row["view"]["near"])
    picks = [("near thigh", f"{near}_thigh_vs_vertical"), ("near knee", f"{near}_knee_flexion"),
             ("far thigh", f"{far}_thigh_vs_vertical"), ("far knee", f"{far}_knee_flexion")]
    errors = ", ".join(f"{n} {fmt(e[k][0])} / {fmt(e[k][1])}" for n, k in picks)
    return (f"{row['name']}: left/right swapped in {int(swapped.sum())} frames (romcam's per-side "
            f"angles swap with them); without those frames: {errors}")


# ---------------------------------------------------------------- main

def analyse_views(demo: Path, out: Path, reuse: bool) -> tuple[list[Camera], list[dict], list[dict],
                                                                np.ndarray, np.ndarray]:
    """romcam on every view: cameras, result.json, frames.csv columns, landmark pixels and
    visibilities (views, frames, joints, ...)."""
    calib = read_qca(demo / "calibration" / "Calib.qca.txt")
    cams = [calib[c] for c in CAMS]
    results, frames, landmarks = [], [], []
    for cam in cams:
        run_romcam(demo / "videos" / f"{cam.name}.mp4", out / cam.name, reuse)
        results.append(json.loads((out / cam.name / "result.json").read_text()))
        frames.append(read_csv_columns(out / cam.name / "frames.csv"))
        landmarks.append(read_landmarks(out / cam.name / "landmarks.csv", results[-1]["frames"]))
    n = min(len(xy) for xy, _ in landmarks)
    xy = np.array([xy[:n] for xy, _ in landmarks])
    vis = np.array([v[:n] for _, v in landmarks])
    return cams, results, frames, xy, vis


def report(cams: list[Camera], results: list[dict], frames: list[dict], pts: np.ndarray,
           res: np.ndarray, swapped: np.ndarray, ref: dict[str, np.ndarray], n_neutral: int) -> str:
    """The printed summary: geometry checks, the two tables, notes and romcam's warnings."""
    rows = [{"name": cam.name, "result": r, "view": true_view(cam, pts),
             "errors": compare(f, ref, n_neutral)}
            for cam, r, f in zip(cams, results, frames)]
    heels = pts[:, [NAMES.index("left_heel"), NAMES.index("right_heel")], 2]
    lines = [f"lab vertical: Z (cameras' image-up . Z = {check_vertical(cams):.2f}); "
             f"heels' lowest 5% at z = {np.nanpercentile(heels, 5):.0f} mm",
             reprojection_summary(res, cams, [r["view"] for r in rows]),
             motion_summary(ref, lateral_tilt(pts)),
             f"neutral = first {n_neutral} frames; errors in deg, romcam vs triangulated, "
             f"mean absolute error of the angle / of its change from neutral", "",
             view_table(rows), "", error_table(rows), ""]
    lines += [note for i, (row, f) in enumerate(zip(rows, frames))
              if (note := swapped_note(row, swapped[:, i], f, ref, n_neutral))]
    lines += [f"- {r['name']}: {w}" for r in rows for w in r["result"]["warnings"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wheel-dir", type=Path, default=Path("/tmp/p2s_wheel"))
    ap.add_argument("--out", type=Path, default=Path("/tmp/p2s_ref"))
    ap.add_argument("--reuse", action="store_true", help="keep existing romcam outputs")
    ap.add_argument("--neutral-frames", type=int, default=10,
                    help="frames at the start taken as neutral for the change-from-start errors")
    args = ap.parse_args(argv)

    demo = fetch_demo(args.wheel_dir)
    cams, results, frames, xy, vis = analyse_views(demo, args.out, args.reuse)
    pts, res, swapped = triangulate_all(cams, xy, vis)
    ref = reference_angles(pts)
    np.savez(args.out / "reference.npz", points=pts, residuals=res, swapped=swapped, names=NAMES, **ref)
    print(report(cams, results, frames, pts, res, swapped, ref, args.neutral_frames))
    return 0


if __name__ == "__main__":
    sys.exit(main())
