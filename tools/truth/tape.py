"""The pelvis tape marker: a strip of coloured tape on each side of the pelvis along the line
from the front bony point (ASIS) to the back bony point (PSIS), i.e. over the iliac crest region.

Placement (rest pose, per side): the ASIS and PSIS skin points of body.pelvis_landmarks; the
strip's centre is their midpoint pushed out sideways onto the skin; its long axis is the
PSIS->ASIS direction laid into the skin's tangent plane there; its short axis is across it.
The strip (tape_length_m x tape_width_m) is a grid of small cells whose corners are projected
onto the skin along the centre normal and lifted Outfit.tape_lift_m outside it (the tape is
stuck on, so it follows the skin's curvature front to back; flat across its 3 cm width). From
frame 0 on it moves rigidly with the pelvis bone, the skin within 4.5 cm of it too
(body.pelvis_rigid), so its angle in the body's sagittal plane turns exactly with
pelvic_tilt_deg.

Drawing: a cell is drawn when it faces the camera, a ray from the camera to its centre crosses no
body triangle first (hands, arms, the flank), and it is not under the shirt (a shirt hem painted
on the skin above the strip's lower edge covers the part of the strip above the hem).
"""
from __future__ import annotations

import numpy as np

import body

N_LEN = 40  # cells along the strip (5 mm each for 20 cm)
N_WID = 3  # cells across


def _non_arm_faces() -> np.ndarray:
    labels = body.dominant_bone_labels()
    arm = np.array([lab.startswith(body.ARM_PREFIXES) for lab in labels])
    F = body.faces()
    return np.nonzero(arm[F].sum(1) < 2)[0]


def vertex_normals(V: np.ndarray, F: np.ndarray) -> np.ndarray:
    """Area-weighted unit vertex normals of the mesh V (NV, 3) over the faces F."""
    n = np.cross(V[F[:, 1]] - V[F[:, 0]], V[F[:, 2]] - V[F[:, 0]])
    out = np.zeros_like(V)
    for k in range(3):
        np.add.at(out, F[:, k], n)
    return out / np.maximum(np.linalg.norm(out, axis=-1, keepdims=True), 1e-12)


def strip_rest(rest_V: np.ndarray, rest_heads: np.ndarray, side: str, length_m: float, width_m: float) -> dict:
    """The strip on the rest-pose skin of one side ("L" or "R"): per grid point (N_LEN+1, N_WID+1)
    the face index and barycentric weights of the skin point under it, plus the landmarks."""
    marks = body.pelvis_landmarks(rest_V, rest_heads, side)
    asis, psis = marks["asis"]["point"], marks["psis"]["point"]
    F = body.faces()
    keep = _non_arm_faces()
    Fk = F[keep]
    sx = 1.0 if side == "L" else -1.0
    mid = 0.5 * (asis + psis)
    hit = body.raycast(rest_V, Fk, (sx * 1.0, mid[1], mid[2]), (-sx, 0.0, 0.0))
    if hit is None:
        raise RuntimeError("no skin found for the tape centre")
    c = hit[0]
    # the skin normal there, averaged over nearby outward-facing faces
    fc = rest_V[Fk].mean(1)
    fn = np.cross(rest_V[Fk[:, 1]] - rest_V[Fk[:, 0]], rest_V[Fk[:, 2]] - rest_V[Fk[:, 0]])
    near = (np.linalg.norm(fc - c, axis=1) < 0.04) & (fn[:, 0] * sx > 0)
    n = fn[near].sum(0)
    n /= np.linalg.norm(n)
    u = asis - psis
    u -= (u @ n) * n
    u /= np.linalg.norm(u)
    v = np.cross(n, u)
    if v[2] < 0:
        v = -v
    # walk along the skin from the centre, 5 mm steps, each step projected back onto the skin
    # toward the pelvis' vertical axis (the tape is stuck on and wraps with the body)
    near = np.linalg.norm(rest_V[Fk].mean(1) - c, axis=1) < 0.35
    Fn, idx_n = Fk[near], keep[near]
    axis_y = 0.5 * (asis[1] + psis[1])

    def project(p):
        r = np.array([p[0], p[1] - axis_y, 0.0])
        r /= np.linalg.norm(r)
        h = body.raycast(rest_V, Fn, p + 0.12 * r, -r)
        if h is None:
            raise RuntimeError("the tape runs off the skin")
        return h

    half = N_LEN // 2
    step = length_m / N_LEN
    line = {0: c}
    for sgn in (1, -1):
        prev, tdir = c, sgn * u
        for k in range(1, half + 1):
            h = project(prev + step * tdir)
            d = h[0] - prev
            tdir = d / np.linalg.norm(d)
            prev = h[0]
            line[sgn * k] = h[0]
    b = np.linspace(-width_m / 2, width_m / 2, N_WID + 1)
    face = np.zeros((N_LEN + 1, N_WID + 1), int)
    bary = np.zeros((N_LEN + 1, N_WID + 1, 3))
    rest_pts = np.zeros((N_LEN + 1, N_WID + 1, 3))
    for i in range(N_LEN + 1):
        k = i - half
        t_ = line[min(k + 1, half)] - line[max(k - 1, -half)]
        r = np.array([line[k][0], line[k][1] - axis_y, 0.0])
        w = np.cross(r, t_)
        w /= np.linalg.norm(w)
        if w[2] < 0:
            w = -w
        for j, bj in enumerate(b):
            h = project(line[k] + bj * w)
            face[i, j] = idx_n[h[1]]
            bary[i, j] = h[2]
            rest_pts[i, j] = h[0]
    return {"side": side, "face": face, "bary": bary, "rest_points": rest_pts, "centre": c, "normal": n,
            "long_axis": u, "short_axis": v, "asis": asis, "psis": psis}


def rigid_anchor_marks(strips: list) -> dict:
    """Points for body.pelvis_rigid: the strip's centre line every 2 cm (rest pose)."""
    out = {}
    for s in strips:
        pts = s["rest_points"][::4, (N_WID + 1) // 2]
        for k, p in enumerate(pts):
            out[f"{s['side']}{k}"] = {"point": p}
    return out


def posed_strip(strip: dict, V: np.ndarray, BP: np.ndarray, lift_m: float, ref: int = 0) -> np.ndarray:
    """Grid points (B, N_LEN+1, N_WID+1, 3) per frame: on the frame-`ref` skin plus lift_m along
    the skin normal, then rigid with the pelvis bone."""
    F = body.faces()
    V0 = V[ref]
    vn = vertex_normals(V0, F[_non_arm_faces()])
    tri = V0[F[strip["face"]]]  # (I, J, 3, 3)
    p0 = np.einsum("ijk,ijkl->ijl", strip["bary"], tri)
    n0 = np.einsum("ijk,ijkl->ijl", strip["bary"], vn[F[strip["face"]]])
    n0 /= np.linalg.norm(n0, axis=-1, keepdims=True)
    P0 = p0 + lift_m * n0
    pi = body.model().bone_labels.index("pelvis.L")
    G = BP[:, pi]
    M = G @ np.linalg.inv(G[ref])
    return np.einsum("bij,klj->bkli", M[:, :3, :3], P0) + M[:, None, None, :3, 3]


def cell_triangles(P: np.ndarray, outward: np.ndarray) -> tuple:
    """Grid (I, J, 3) -> triangles (2*(I-1)*(J-1), 3, 3) oriented along `outward` (3,), and the
    cell index of each triangle."""
    I, J = P.shape[:2]
    tris, cell = [], []
    for i in range(I - 1):
        for j in range(J - 1):
            a, b, c, d = P[i, j], P[i + 1, j], P[i + 1, j + 1], P[i, j + 1]
            k = i * (J - 1) + j
            tris += [[a, b, c], [a, c, d]]
            cell += [k, k]
    tris = np.array(tris)
    n = np.cross(tris[:, 1] - tris[:, 0], tris[:, 2] - tris[:, 0])
    flip = (n @ outward) < 0
    tris[flip] = tris[flip][:, [0, 2, 1]]
    return tris, np.array(cell)


def visible_cells(tris: np.ndarray, cell: np.ndarray, n_cells: int, V: np.ndarray, cam_C: np.ndarray,
                  covered: np.ndarray | None = None) -> np.ndarray:
    """Per cell: True when it faces the camera, no body triangle lies on the ray from the camera
    to its centre, and it is not `covered` (e.g. by a shirt)."""
    F = body.faces()
    ctr = tris.reshape(-1, 2, 3, 3).mean(axis=(1, 2))  # one centre per cell (two triangles)
    n = np.cross(tris[0::2, 1] - tris[0::2, 0], tris[0::2, 2] - tris[0::2, 0])
    front = ((ctr - cam_C) * n).sum(1) < 0
    mid = ctr.mean(0)
    axis = mid - cam_C
    dist = np.linalg.norm(axis)
    axis /= dist
    fc = V[F].mean(1) - cam_C
    along = fc @ axis
    perp = np.linalg.norm(fc - along[:, None] * axis, axis=1)
    Fn = F[(perp < 0.2) & (along > 0.0) & (along < dist + 0.05)]
    v0 = V[Fn[:, 0]]
    e1 = V[Fn[:, 1]] - v0
    e2 = V[Fn[:, 2]] - v0
    d = ctr - cam_C
    p = np.cross(d[:, None], e2[None])
    det = (e1[None] * p).sum(2)
    ok = np.abs(det) > 1e-15
    inv = np.where(ok, 1.0 / np.where(ok, det, 1.0), 0.0)
    s0 = cam_C - v0
    uu = (s0[None] * p).sum(2) * inv
    q = np.cross(s0, e1)
    vv = (d[:, None] * q[None]).sum(2) * inv
    t = (e2 * q).sum(1)[None] * inv
    eps = 0.0015 / np.linalg.norm(d, axis=1)[:, None]
    hidden = (ok & (uu >= 0) & (vv >= 0) & (uu + vv <= 1) & (t > 0) & (t < 1.0 - eps)).any(1)
    vis = front & ~hidden
    if covered is not None:
        vis &= ~covered
    return vis
