"""The rigged body (anny): posing, joint centres and the outfit painted on by rest position."""
from __future__ import annotations

import numpy as np

_MODEL = None

JOINT_BONES = {
    "shoulder": "upperarm01",  # glenohumeral joint centre (head of the upper-arm bone)
    "hip": "upperleg01",  # hip joint centre
    "knee": "lowerleg01",
    "ankle": "foot",
}
JOINTS = [f"{side}_{j}" for j in ("shoulder", "hip", "knee", "ankle") for side in ("left", "right")]

ARM_PREFIXES = ("clavicle", "shoulder01", "upperarm", "lowerarm", "wrist", "finger", "metacarpal")
FOOT_PREFIXES = ("foot", "toe")
HEAD_PREFIXES = ("neck", "head", "eye")


def model():
    global _MODEL
    if _MODEL is None:
        import anny  # heavy: torch + kernel compile on first use

        _MODEL = anny.Anny()
        _MODEL.eval()
    return _MODEL


def _bone_index(name: str) -> int:
    return model().bone_labels.index(name)


def joint_index(joint: str) -> int:
    side, j = joint.split("_")
    return _bone_index(f"{JOINT_BONES[j]}.{'L' if side == 'left' else 'R'}")


def pose_tensors(poses: list[dict]):
    """List of pose dicts (bone -> [rx, ry, rz] deg, root_translation -> [x, y, z] m) to the
    dict of (B, 4, 4) delta transforms anny takes."""
    import roma
    import torch

    m = model()
    B = len(poses)
    names = sorted({n for p in poses for n in p if n != "root_translation"})
    for n in names:
        if n not in m.bone_labels:
            raise ValueError(f"unknown bone {n!r}")
    out = {}
    for n in names:
        rv = torch.tensor([p.get(n, [0.0, 0.0, 0.0]) for p in poses], dtype=torch.float64)
        R = roma.rotvec_to_rotmat(torch.deg2rad(rv))
        H = torch.eye(4, dtype=torch.float64).repeat(B, 1, 1)
        H[:, :3, :3] = R
        out[n] = H
    if any("root_translation" in p for p in poses):
        H = out.get("root", torch.eye(4, dtype=torch.float64).repeat(B, 1, 1)).clone()
        H[:, :3, 3] = torch.tensor([p.get("root_translation", [0.0, 0.0, 0.0]) for p in poses], dtype=torch.float64)
        out["root"] = H
    dtype = m.template_vertices.dtype
    return {k: v.to(dtype) for k, v in out.items()}


def run(phenotype: dict, poses: list[dict], chunk: int = 64) -> dict:
    """Pose the body. Returns numpy arrays: vertices (B, V, 3), bone_poses (B, J, 4, 4),
    rest_vertices (V, 3), rest_bone_heads (J, 3)."""
    import torch

    m = model()
    verts, bps = [], []
    rest = None
    with torch.no_grad():
        for i in range(0, len(poses), chunk):
            out = m(pose_parameters=pose_tensors(poses[i:i + chunk]), phenotype_kwargs=dict(phenotype))
            verts.append(out["vertices"].double().numpy())
            bps.append(out["bone_poses"].double().numpy())
            if rest is None:
                rest = (out["rest_vertices"][0].double().numpy(), out["rest_bone_heads"][0].double().numpy())
    return {
        "vertices": np.concatenate(verts),
        "bone_poses": np.concatenate(bps),
        "rest_vertices": rest[0],
        "rest_bone_heads": rest[1],
    }


_FACES = None


def faces() -> np.ndarray:
    global _FACES
    if _FACES is None:
        _FACES = model().get_triangular_faces().numpy().astype(np.int64)
    return _FACES


def dominant_bone_labels() -> list[str]:
    m = model()
    idx = m.vertex_bone_indices.numpy()
    w = m.vertex_bone_weights.numpy()
    dom = idx[np.arange(len(idx)), w.argmax(1)]
    return [m.bone_labels[i] for i in dom]


def _clip(poly: list, bary_z: np.ndarray, z0: float) -> tuple[list, list]:
    """Split a convex polygon (list of barycentric 3-vectors) by the rest-space plane z = z0.
    bary_z: the rest z of the face's three vertices. Returns (below, above) polygons."""
    below, above = [], []
    n = len(poly)
    for k in range(n):
        a, b = poly[k], poly[(k + 1) % n]
        za, zb = float(a @ bary_z), float(b @ bary_z)
        (below if za < z0 else above).append(a)
        if (za < z0) != (zb < z0):
            w = (z0 - za) / (zb - za)
            p = a + w * (b - a)
            below.append(p)
            above.append(p)
    return below, above


def raycast(V: np.ndarray, F: np.ndarray, origin, direction):
    """Nearest hit of the ray origin + t*direction (t > 0) with the triangles V[F].
    Returns (point, face index, barycentric (3,), unit face normal) or None."""
    o = np.asarray(origin, float)
    d = np.asarray(direction, float)
    v0 = V[F[:, 0]]
    e1 = V[F[:, 1]] - v0
    e2 = V[F[:, 2]] - v0
    p = np.cross(d, e2)
    det = (e1 * p).sum(1)
    ok = np.abs(det) > 1e-12
    inv = np.where(ok, 1.0 / np.where(ok, det, 1.0), 0.0)
    s = o - v0
    u = (s * p).sum(1) * inv
    q = np.cross(s, e1)
    v = (q * d).sum(1) * inv
    t = (e2 * q).sum(1) * inv
    hit = ok & (u >= 0) & (v >= 0) & (u + v <= 1) & (t > 1e-6)
    if not hit.any():
        return None
    cand = np.nonzero(hit)[0]
    j = cand[np.argmin(t[cand])]
    n = np.cross(e1[j], e2[j])
    return o + t[j] * d, int(j), np.array([1.0 - u[j] - v[j], u[j], v[j]]), n / np.linalg.norm(n)


# Pelvis landmarks on the rest-pose surface, as fractions of the rest hip-to-shoulder height T
# above the hip joints and of the hip joint's distance from the midline (x). ASIS: the
# anterolateral corner of the pelvis, 0.15 T (about 7.5 cm) above the hip joint, straight in
# front of it. PSIS: 0.21 T (about 10.5 cm) above the hip joint, 0.42 of the hip's lateral
# distance from the midline (about 5 cm), on the back. On the adult bodies used this gives an
# ASIS-PSIS line dropping 8-11 deg toward the front in the neutral stance.
ASIS_Z_FRAC, ASIS_X_FRAC = 0.15, 1.0
PSIS_Z_FRAC, PSIS_X_FRAC = 0.21, 0.42
# the skin within this distance of a marker centre moves rigidly with the pelvis, blending
# back to the skinned surface over the next MARKER_BLEND_M
MARKER_RIGID_M = 0.045
MARKER_BLEND_M = 0.05


def pelvis_landmarks(rest_vertices: np.ndarray, rest_bone_heads: np.ndarray, side: str) -> dict:
    """Rest-pose surface points over the ASIS and PSIS of one side ("L" or "R"):
    name -> dict(point, face, bary, normal)."""
    bl = model().bone_labels
    hip = rest_bone_heads[bl.index(f"upperleg01.{side}")]
    sh = rest_bone_heads[bl.index(f"upperarm01.{side}")]
    T = sh[2] - hip[2]
    F = faces()
    labels = dominant_bone_labels()
    trunk = np.array([lab.startswith(("spine", "pelvis", "root")) for lab in labels])
    Ft = F[trunk[F].sum(1) >= 2]  # trunk surface only (not the hands or arms)
    idx_t = np.nonzero(trunk[F].sum(1) >= 2)[0]
    out = {}
    for name, zf, xf, dy in (("asis", ASIS_Z_FRAC, ASIS_X_FRAC, -1.0), ("psis", PSIS_Z_FRAC, PSIS_X_FRAC, 1.0)):
        o = np.array([hip[0] * xf, hip[1], hip[2] + zf * T])
        hit = raycast(rest_vertices, Ft, o, (0.0, dy, 0.0))
        if hit is None:
            raise RuntimeError(f"no body surface found for the {name} marker")
        pt, j, bary, n = hit
        out[name] = {"point": pt, "face": int(idx_t[j]), "bary": bary, "normal": n}
    return out


def dress(outfit, rest_vertices: np.ndarray, rest_bone_heads: np.ndarray, marker_side: str | None = None) -> dict:
    """Paint the outfit on the skin by rest-pose position.

    Faces that straddle a garment edge (horizontal planes in the rest pose: the shorts' hem,
    the waistband's lower edge, the shorts' top, the neckline, the sleeve hem) are cut along it,
    so the edges are clean lines that move with the skin. Returns face_index (T,), bary (T, 3, 3)
    (each output triangle's corners as barycentric weights of its source face's vertices),
    colors (T, 3) RGB and region (T,) (0 skin, 1 shorts, 2 waistband, 3 shirt, 4 shoes, 5 hair).
    """
    m = model()
    F = faces()
    labels = dominant_bone_labels()
    arm = np.array([l.startswith(ARM_PREFIXES) for l in labels])
    upper_arm = np.array([l.startswith(("upperarm", "shoulder01", "clavicle")) for l in labels])
    foot = np.array([l.startswith(FOOT_PREFIXES) for l in labels])
    headv = np.array([l.startswith(HEAD_PREFIXES) for l in labels])
    bl = m.bone_labels

    def head(n):
        return rest_bone_heads[bl.index(n)]

    hip_z = 0.5 * (head("upperleg01.L")[2] + head("upperleg01.R")[2])
    knee_z = 0.5 * (head("lowerleg01.L")[2] + head("lowerleg01.R")[2])
    sh_z = 0.5 * (head("upperarm01.L")[2] + head("upperarm01.R")[2])
    neck_z = head("neck01")[2] + 0.01
    head_z = head("head")[2]
    hy = head("head")[1]
    shorts_bot = hip_z + outfit.shorts_bottom_frac * (knee_z - hip_z)
    shorts_top = hip_z + outfit.shorts_top_frac * (sh_z - hip_z)
    band_bot = shorts_top - outfit.waistband_m
    sb = getattr(outfit, "shirt_bottom_frac", None)
    shirt_bot = shorts_top if sb is None else hip_z + sb * (sh_z - hip_z)
    sleeve_end = sh_z - 0.35 * (sh_z - hip_z)

    f_arm = arm[F].sum(1) >= 2
    f_upper_arm = upper_arm[F].sum(1) >= 2
    f_foot = foot[F].sum(1) >= 2
    f_head = headv[F].sum(1) >= 2
    torso = ~f_arm & ~f_foot & ~f_head
    sleeve = f_upper_arm & bool(outfit.sleeves)

    def region_of(fi: int, c: np.ndarray) -> int:
        z = c[2]
        if f_foot[fi]:
            return 4
        if f_head[fi]:
            if z > head_z + 0.085 or (z > head_z - 0.01 and c[1] > hy + 0.035):
                return 5
            return 0
        if torso[fi]:
            if shirt_bot <= z < neck_z:
                return 3
            if shorts_bot <= z < band_bot:
                return 1
            if band_bot <= z < shorts_top:
                return 2
            return 0
        if sleeve[fi] and z > sleeve_end:
            return 3
        return 0

    torso_planes = [shorts_bot, band_bot, shorts_top, neck_z] + ([shirt_bot] if shirt_bot != shorts_top else [])
    Z = rest_vertices[F][:, :, 2]  # (F, 3)
    eye = np.eye(3)
    out_face, out_bary, out_region = [], [], []
    for fi in range(len(F)):
        planes = torso_planes if torso[fi] else ([sleeve_end] if sleeve[fi] else [])
        zmin, zmax = Z[fi].min(), Z[fi].max()
        cuts = [p for p in planes if zmin < p < zmax]
        pieces = [[eye[0], eye[1], eye[2]]]
        for p in cuts:
            nxt = []
            for poly in pieces:
                lo_, hi_ = _clip(poly, Z[fi], p)
                nxt += [q for q in (lo_, hi_) if len(q) >= 3]
            pieces = nxt
        tri_v = rest_vertices[F[fi]]
        for poly in pieces:
            c = np.mean(poly, axis=0) @ tri_v
            r = region_of(fi, c)
            for k in range(1, len(poly) - 1):  # fan
                out_face.append(fi)
                out_bary.append([poly[0], poly[k], poly[k + 1]])
                out_region.append(r)
    region = np.array(out_region)
    out_face = np.array(out_face)
    out_bary = np.array(out_bary)
    marks = {}
    if getattr(outfit, "markers", False):
        if marker_side not in ("L", "R"):
            raise ValueError("markers need marker_side 'L' or 'R'")
        marks = pelvis_landmarks(rest_vertices, rest_bone_heads, marker_side)
    palette = np.array([outfit.skin, outfit.shorts, outfit.waistband, outfit.shirt, outfit.shoes, outfit.hair], float)
    return {"face_index": out_face, "bary": out_bary, "colors": palette[region],
            "region": region, "markers": marks,
            "edges_z": {"shorts_hem": shorts_bot, "waistband_bottom": band_bot,
                        "shorts_top": shorts_top, "shirt_bottom": shirt_bot, "hip_joint": hip_z}}


def pelvis_rigid(vertices: np.ndarray, bone_poses: np.ndarray, rest_vertices: np.ndarray, marks: dict,
                 ref: int = 0) -> np.ndarray:
    """Posed vertices (B, V, 3) with the skin around the markers carried rigidly by the pelvis
    from frame `ref` (the skin over bony landmarks moves with the bone; anny's skinning spreads
    this region over the lumbar spine and thigh bones too). Weight 1 within MARKER_RIGID_M of a
    marker (rest distance), falling linearly to 0 over MARKER_BLEND_M."""
    if not marks:
        return vertices
    d = np.min([np.linalg.norm(rest_vertices - mk["point"], axis=1) for mk in marks.values()], axis=0)
    a = np.clip(1.0 - (d - MARKER_RIGID_M) / MARKER_BLEND_M, 0.0, 1.0)
    sel = np.nonzero(a > 0)[0]
    pi = model().bone_labels.index("pelvis.L")
    G = bone_poses[:, pi]  # (B, 4, 4) world transforms of the pelvis bone
    M = G @ np.linalg.inv(G[ref])  # frame ref -> frame t, rigid with the pelvis
    X0 = vertices[ref, sel]  # (S, 3)
    rigid = np.einsum("bij,sj->bsi", M[:, :3, :3], X0) + M[:, None, :3, 3]
    out = vertices.copy()
    w = a[sel][None, :, None]
    out[:, sel] = w * rigid + (1.0 - w) * vertices[:, sel]
    return out


def _sphere(subdiv: int = 2) -> np.ndarray:
    """Unit icosphere triangles (N, 3, 3), outward counter-clockwise."""
    t = (1.0 + 5 ** 0.5) / 2.0
    v = [(-1, t, 0), (1, t, 0), (-1, -t, 0), (1, -t, 0), (0, -1, t), (0, 1, t), (0, -1, -t), (0, 1, -t),
         (t, 0, -1), (t, 0, 1), (-t, 0, -1), (-t, 0, 1)]
    f = [(0, 11, 5), (0, 5, 1), (0, 1, 7), (0, 7, 10), (0, 10, 11), (1, 5, 9), (5, 11, 4), (11, 10, 2),
         (10, 7, 6), (7, 1, 8), (3, 9, 4), (3, 4, 2), (3, 2, 6), (3, 6, 8), (3, 8, 9), (4, 9, 5),
         (2, 4, 11), (6, 2, 10), (8, 6, 7), (9, 8, 1)]
    V = np.array(v, float)
    tris = V[np.array(f)]
    for _ in range(subdiv):
        a, b, c = tris[:, 0], tris[:, 1], tris[:, 2]
        ab, bc, ca = (a + b) / 2, (b + c) / 2, (c + a) / 2
        tris = np.concatenate([np.stack(x, 1) for x in ((a, ab, ca), (ab, b, bc), (ca, bc, c), (ab, bc, ca))])
    tris /= np.linalg.norm(tris, axis=2, keepdims=True)
    n = np.cross(tris[:, 1] - tris[:, 0], tris[:, 2] - tris[:, 0])
    flip = (n * tris.mean(1)).sum(1) < 0
    tris[flip] = tris[flip][:, [0, 2, 1]]
    return tris


MARKER_LIFT_M = 0.003  # the ball's centre sits this far outside the skin


def marker_centres(vertices: np.ndarray, bone_poses: np.ndarray, marks: dict, radius: float,
                   ref: int = 0) -> dict:
    """Marker ball centres (B, 3) per marker name. Each ball (a half-buried sphere, like the foam
    half-balls of clinical posture photos) sits on the skin point over its landmark at frame
    `ref`, its centre MARKER_LIFT_M outside the skin, and moves rigidly with the pelvis."""
    F = faces()
    pi = model().bone_labels.index("pelvis.L")
    G = bone_poses[:, pi]
    M = G @ np.linalg.inv(G[ref])
    out = {}
    for name, mk in marks.items():
        tri = vertices[ref][F[mk["face"]]]
        p0 = mk["bary"] @ tri
        n0 = np.cross(tri[1] - tri[0], tri[2] - tri[0])
        n0 /= np.linalg.norm(n0)
        c0 = p0 + (MARKER_LIFT_M) * n0
        out[name] = np.einsum("bij,j->bi", M[:, :3, :3], c0) + M[:, :3, 3]
    return out


def visible_marker_triangles(centre: np.ndarray, radius: float, vertices: np.ndarray, cam_centre: np.ndarray,
                             sphere: np.ndarray, reach_m: float = 0.4) -> np.ndarray:
    """The triangles (K, 3, 3) of one marker ball (one frame) that face the camera and are not
    hidden by the body (a ray from the camera to each triangle's centre must not cross a body
    triangle within reach_m of the marker first). Drawn over the finished body image."""
    tris = centre + radius * sphere
    ctr = tris.mean(1)
    n = np.cross(tris[:, 1] - tris[:, 0], tris[:, 2] - tris[:, 0])
    front = ((ctr - cam_centre) * n).sum(1) < 0
    tris, ctr = tris[front], ctr[front]
    F = faces()
    # only faces near the line of sight to the ball can hide it
    axis = centre - cam_centre
    dist = np.linalg.norm(axis)
    axis = axis / dist
    fc = vertices[F].mean(1) - cam_centre
    along = fc @ axis
    perp = np.linalg.norm(fc - along[:, None] * axis, axis=1)
    Fn = F[(perp < radius + 0.06) & (along < dist + radius) & (along > 0.0)
           & (np.linalg.norm(vertices[F].mean(1) - centre, axis=1) < reach_m)]
    v0 = vertices[Fn[:, 0]]
    e1 = vertices[Fn[:, 1]] - v0
    e2 = vertices[Fn[:, 2]] - v0
    d = ctr - cam_centre  # (K, 3), the ray reaches the triangle centre at s = 1
    p = np.cross(d[:, None], e2[None])  # (K, Fn, 3)
    det = (e1[None] * p).sum(2)
    ok = np.abs(det) > 1e-15
    inv = np.where(ok, 1.0 / np.where(ok, det, 1.0), 0.0)
    s0 = cam_centre - v0  # (Fn, 3)
    u = (s0[None] * p).sum(2) * inv
    q = np.cross(s0, e1)  # (Fn, 3)
    v = (d[:, None] * q[None]).sum(2) * inv
    t = (e2 * q).sum(1)[None] * inv
    eps = 0.002 / np.linalg.norm(d, axis=1)[:, None]
    hidden = (ok & (u >= 0) & (v >= 0) & (u + v <= 1) & (t > 0) & (t < 1.0 - eps)).any(1)
    return tris[~hidden]


def dressed_triangles(vertices: np.ndarray, dressing: dict) -> np.ndarray:
    """Posed vertices (V, 3) -> the dressed triangles (T, 3, 3)."""
    src = vertices[faces()[dressing["face_index"]]]  # (T, 3, 3): source face corners
    return np.einsum("tij,tjk->tik", dressing["bary"], src)
