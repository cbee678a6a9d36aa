"""Camera and a flat-shaded painter's-order triangle renderer on OpenCV (no torch)."""
from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

WALL_RGB = (206, 206, 202)
FLOOR_RGB = (132, 126, 118)
SUPERSAMPLE = 2
SHIFT = 3  # sub-pixel bits for cv2.fillPoly


@dataclass
class PinholeCamera:
    K: np.ndarray  # 3x3
    R: np.ndarray  # world -> camera rotation (rows: image right, image down, optical axis)
    C: np.ndarray  # camera centre, world
    width: int
    height: int
    wall_depth: float  # depth of the background wall along the optical axis

    def to_cam(self, X: np.ndarray) -> np.ndarray:
        return (X - self.C) @ self.R.T

    def project(self, X: np.ndarray) -> np.ndarray:
        """World points (..., 3) -> pixel coordinates (..., 2) (pixel centres at integers)."""
        Xc = self.to_cam(X)
        z = Xc[..., 2:3]
        uv = Xc[..., :2] / z
        return uv @ self.K[:2, :2].T + self.K[:2, 2]

    def as_json(self) -> dict:
        return {
            "K": self.K.round(4).tolist(),
            "R_world_to_cam": self.R.round(6).tolist(),
            "centre_world_m": self.C.round(4).tolist(),
            "width": self.width,
            "height": self.height,
        }


def rot_z(deg: float) -> np.ndarray:
    a = math.radians(deg)
    c, s = math.cos(a), math.sin(a)
    return np.array([[c, -s, 0], [s, c, 0], [0, 0, 1.0]])


def make_camera(cam, body_forward: np.ndarray, body_left: np.ndarray, bbox_min: np.ndarray,
                bbox_max: np.ndarray, floor_z: float) -> PinholeCamera:
    """Place the camera beside the body. body_forward/left: horizontal unit vectors (world)."""
    W, H = cam.width, cam.height
    f = (W / 2.0) / math.tan(math.radians(cam.fov_h_deg) / 2.0)
    K = np.array([[f, 0, (W - 1) / 2.0], [0, f, (H - 1) / 2.0], [0, 0, 1.0]])
    up = np.array([0.0, 0.0, 1.0])
    # Facing right in the image: the camera sits on the subject's right side, looking at it.
    side = -body_left if cam.facing == "right" else body_left
    if cam.facing not in ("right", "left"):
        raise ValueError("facing must be 'right' or 'left'")
    # yaw > 0 moves the camera toward the subject's front, whichever side it is on
    # (forward = left x up, so rot_z(+a) turns the right side toward the front).
    sgn = 1.0 if cam.facing == "right" else -1.0
    cam_dir_from_target = rot_z(sgn * cam.yaw_deg) @ side
    centre = 0.5 * (bbox_min + bbox_max)
    target = np.array(cam.target, float) if cam.target is not None else centre.copy()
    cam_h = floor_z + cam.height_m if cam.height_m is not None else centre[2]
    target[2] = cam_h
    look = -cam_dir_from_target
    right = np.cross(look, up)
    right /= np.linalg.norm(right)
    if cam.distance_m is not None:
        d = cam.distance_m
    else:
        ext = bbox_max - bbox_min
        corners = np.array([[x, y, z] for x in (bbox_min[0], bbox_max[0]) for y in (bbox_min[1], bbox_max[1])
                            for z in (bbox_min[2], bbox_max[2])])
        horiz = (corners - centre) @ right
        w_ext = horiz.max() - horiz.min()
        d = max(f * ext[2] / cam.body_px, f * w_ext / (cam.max_width_frac * W))
    C = target + d * cam_dir_from_target
    # level camera, then pitch (+ = looking down) and roll (+ = the scene appears turned
    # counter-clockwise in the image, like the rotated variants)
    down = np.cross(look, right)
    R = np.stack([right, down, look])
    p = math.radians(cam.pitch_deg)
    Rp = np.array([[1, 0, 0], [0, math.cos(p), -math.sin(p)], [0, math.sin(p), math.cos(p)]])
    r = math.radians(cam.roll_deg)
    Rr = np.array([[math.cos(r), math.sin(r), 0], [-math.sin(r), math.cos(r), 0], [0, 0, 1.0]])
    R = Rr @ Rp @ R
    return PinholeCamera(K=K, R=R, C=C, width=W, height=H, wall_depth=d + cam.wall_behind_m)


def box_triangles(center, size, step: float = 0.05) -> np.ndarray:
    """Triangles (N, 3, 3) of an axis-aligned box, its faces cut into small squares so that
    painter's order works against the body's small triangles. Outward counter-clockwise."""
    c = np.asarray(center, float)
    h = np.asarray(size, float) / 2.0
    tris = []
    for axis in range(3):
        for sgn in (-1.0, 1.0):
            u_ax, v_ax = [a for a in range(3) if a != axis]
            if sgn < 0:
                u_ax, v_ax = v_ax, u_ax
            if (axis == 1):  # keep right-handedness consistent for the y faces
                u_ax, v_ax = v_ax, u_ax
            nu = max(1, int(math.ceil(2 * h[u_ax] / step)))
            nv = max(1, int(math.ceil(2 * h[v_ax] / step)))
            us = np.linspace(-h[u_ax], h[u_ax], nu + 1)
            vs = np.linspace(-h[v_ax], h[v_ax], nv + 1)
            for i in range(nu):
                for j in range(nv):
                    def P(uu, vv):
                        p = c.copy()
                        p[axis] += sgn * h[axis]
                        p[u_ax] += uu
                        p[v_ax] += vv
                        return p
                    a, b, cc, d = P(us[i], vs[j]), P(us[i + 1], vs[j]), P(us[i + 1], vs[j + 1]), P(us[i], vs[j + 1])
                    tris.append([a, b, cc])
                    tris.append([a, cc, d])
    tris = np.array(tris)
    # make every triangle face outward (robust to the axis bookkeeping above)
    n = np.cross(tris[:, 1] - tris[:, 0], tris[:, 2] - tris[:, 0])
    out = tris.mean(1) - c
    flip = (n * out).sum(1) < 0
    tris[flip] = tris[flip][:, [0, 2, 1]]
    return tris


def background(cam: PinholeCamera, floor_z: float) -> np.ndarray:
    """Wall (light grey) and floor (darker), the wall perpendicular to the optical axis."""
    W, H = cam.width * SUPERSAMPLE, cam.height * SUPERSAMPLE
    img = np.empty((H, W, 3), np.uint8)
    img[:] = WALL_RGB[::-1]
    # wall/floor line: points on the floor at the wall depth, projected
    look = cam.R[2]
    right = cam.R[0]
    base = cam.C + look * cam.wall_depth
    base = base - np.array([0, 0, base[2] - floor_z])
    pts = np.array([base - right * 50.0, base + right * 50.0])
    uv = (cam.project(pts) + 0.5) * SUPERSAMPLE - 0.5
    poly = np.array([uv[0], uv[1], [uv[1][0], H * 4.0], [uv[0][0], H * 4.0]])
    cv2.fillPoly(img, [np.round(poly * (1 << SHIFT)).astype(np.int32)], FLOOR_RGB[::-1], cv2.LINE_AA, SHIFT)
    return img


def render(cam: PinholeCamera, tris: np.ndarray, colors_rgb: np.ndarray, floor_z: float,
           light_dir_cam=(-0.45, -0.6, -0.66), ambient: float = 0.42, overlay=None) -> np.ndarray:
    """Render world triangles (N, 3, 3) with per-triangle RGB colours; returns a BGR image.

    Flat shading: ambient + diffuse from one directional light given in camera axes (pointing
    from the surface toward the light; default: upper left, in front of the camera). Back faces
    are culled; the rest are painted far to near. overlay: optional (tris, colours) painted
    after everything else (already tested for occlusion by the caller), far to near."""
    img = background(cam, floor_z)
    _paint(img, cam, tris, colors_rgb, light_dir_cam, ambient)
    if overlay is not None and len(overlay[0]):
        _paint(img, cam, overlay[0], overlay[1], light_dir_cam, ambient)
    return cv2.resize(img, (cam.width, cam.height), interpolation=cv2.INTER_AREA)


def _paint(img, cam, tris, colors_rgb, light_dir_cam, ambient) -> None:
    Xc = cam.to_cam(tris.reshape(-1, 3)).reshape(-1, 3, 3)
    z = Xc[:, :, 2]
    ok = (z > 0.05).all(1)
    n = np.cross(Xc[:, 1] - Xc[:, 0], Xc[:, 2] - Xc[:, 0])
    nn = np.linalg.norm(n, axis=1)
    ok &= nn > 1e-12
    # a face is visible if its outward normal points toward the camera (origin in camera frame)
    ok &= (n * Xc[:, 0]).sum(1) < 0
    idx = np.nonzero(ok)[0]
    n = n[idx] / nn[idx, None]
    L = np.asarray(light_dir_cam, float)
    L /= np.linalg.norm(L)
    shade = ambient + (1.0 - ambient) * np.clip(n @ L, 0.0, None)
    col = np.clip(colors_rgb[idx] * shade[:, None], 0, 255)[:, ::-1]  # to BGR
    depth = z[idx].mean(1)
    order = np.argsort(-depth, kind="stable")
    uv = Xc[idx][:, :, :2] / z[idx][:, :, None]
    uv = uv @ cam.K[:2, :2].T + cam.K[:2, 2]
    # pixel centres at integers: scale about the pixel corner convention for the supersample
    uv = ((uv + 0.5) * SUPERSAMPLE - 0.5) * (1 << SHIFT)
    pts = np.round(uv).astype(np.int32)
    colt = [tuple(float(x) for x in c) for c in col]
    fill = cv2.fillConvexPoly
    for i in order:
        fill(img, pts[i], colt[i], cv2.LINE_8, SHIFT)
