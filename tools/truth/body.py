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


def dress(outfit, rest_vertices: np.ndarray, rest_bone_heads: np.ndarray) -> dict:
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
            if shorts_bot <= z < band_bot:
                return 1
            if band_bot <= z < shorts_top:
                return 2
            if shorts_top <= z < neck_z:
                return 3
            return 0
        if sleeve[fi] and z > sleeve_end:
            return 3
        return 0

    torso_planes = [shorts_bot, band_bot, shorts_top, neck_z]
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
    palette = np.array([outfit.skin, outfit.shorts, outfit.waistband, outfit.shirt, outfit.shoes, outfit.hair], float)
    return {"face_index": np.array(out_face), "bary": np.array(out_bary), "colors": palette[region],
            "region": region, "edges_z": {"shorts_hem": shorts_bot, "waistband_bottom": band_bot,
                                          "shorts_top": shorts_top, "hip_joint": hip_z}}


def dressed_triangles(vertices: np.ndarray, dressing: dict) -> np.ndarray:
    """Posed vertices (V, 3) -> the dressed triangles (T, 3, 3)."""
    src = vertices[faces()[dressing["face_index"]]]  # (T, 3, 3): source face corners
    return np.einsum("tij,tjk->tik", dressing["bary"], src)
