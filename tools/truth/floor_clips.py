#!/usr/bin/env python3
"""Floor exercise clips: the dead bug (`db_*`) and the clamshell (`cl_*`), with per-frame truth,
the reps in truth.json and a fixed tuning / held-out split (own seed, `SPLIT_SEED`).

    python tools/truth/floor_clips.py --list
    python tools/truth/floor_clips.py --out samples/truth_programme [--only NAME ...] [--png 0 90]
    python tools/truth/floor_clips.py --out samples/truth_programme --split tuning   # or heldout

Written with programme_clips.render_clip, so each clip gets what the programme clips get
(NAME.mp4 as H.264, .truth.csv, .joints2d.csv, .truth.json with "activity", "variant", "split",
"split_seed", the reps, and "tape" when the pelvis tape is worn), plus the extra truth.csv columns
below. The clips are registered as examples in scenarios.EXAMPLES too (render.py --only NAME
renders them, without the tape and the extra columns; render.py's angle columns are meaningless
for the side-lying clamshell, see below).

Posing: the body is placed by the root transform and every key pose is solved numerically
(programme_clips.fit: Gauss-Newton on the posed skeleton) for its contacts and its truth values;
arm directions are aimed exactly (`_aim`: the shoulder->wrist line turned onto a direction).

- Dead bug (`db_*`): supine on the floor (root -90 deg about the lateral axis), side view (the camera
  on the subject's `near` side, as the glute bridge clips). 0-1.5 s the bridge's start position
  (knees 90 deg, feet flat, arms by the sides on the floor: programme_clips.gb_key "setup"), 1.5-3 s
  the legs lift into tabletop (hip flexion 90, knee flexion 90 on the truth columns) and both arms
  point at the ceiling (shoulder->wrist line vertical), still to 4 s. Then 4 reps, the near leg with
  the far arm first, then the far leg with the near arm: 1.5 s out (the leg to hip flexion
  `DB_HIP_OUT`, knee `DB_KNEE_OUT`; the opposite arm overhead, its shoulder->wrist line
  `DB_ARM_OVER` deg from the vertical toward the head), 1 s hold, 1.5 s back to tabletop, 1 s still.
  Every key keeps the mid-shoulder point where the start position has it and the lowest point of the
  trunk on the floor (z = 0); the root (the pelvis) keeps its rotation, so pelvic_tilt_deg stays 0.
  `arch_tape`: at the top of each rep the pelvis tips `DB_ARCH` deg anterior (root rotation) with
  lumbar extension (spine04-02, solved) so that the pelvis (its lowest point) and the upper back
  (the lowest point of spine02-01 skin) both stay where tabletop has them, i.e. the low back lifts
  off the floor. `short`: the leg goes out only to hip flexion `DB_SHORT[0]`, knee `DB_SHORT[1]`.
- Clamshell (`cl_*`): side-lying (the root turned so that the pelvis' lateral axis is vertical, the
  top leg up, the body's long axis along world x, the front toward world -y), the bottom arm straight
  overhead along the floor (shoulder->wrist line `CL_ARM[0]` deg toward the front of the head
  direction, `-CL_ARM[1]` deg up from the floor plane), the head tilted `CL_NECK_TILT` deg toward it,
  the top arm along the top flank (hand on the hip). The legs: hip flexion `CL_HIP` and knee flexion
  `CL_KNEE` (measured on the skeleton turned upright, below); solved with the bottom knee (its
  lowest skin point), the feet, the pelvis and the bottom shoulder / upper back all touching the
  floor (z = 0; the hips' abduction and rotation, the height and a side bend of the lumbar spine
  spine04-02, i.e. the waist sagging toward the floor, solved) and the top knee / ankle joint centres
  `D_k` / `D_a` from the bottom ones (the widths of two touching knees / ankles of that body plus
  3 mm: the legs stacked). 0-0.3 s the legs almost straight (`CL_SETUP`), 0.3-2 s the knees come up
  (solved keys 1/4, 1/2, 3/4 of the way; lifted by the dip + 1 mm where the eased motion between them
  would dip over 4 mm into the floor),
  still to 3 s. 5 reps: the top knee opens over 1 s (the top hip and knee turn with the top ankle
  joint centre kept at its offset from the bottom one, solved for knee_opening_deg = its start value
  + `CL_OPEN`), 1 s hold, 1 s closing, 1 s still. `roll_back`: at the top the pelvis and the trunk
  roll `CL_ROLL` deg back (root rotation about the body's long axis, away from a camera in front),
  the bottom knee and ankle joint centres kept over the same floor points and the bottom knee, the
  feet and the body touching the floor (translation and bottom hip solved; the lowest trunk point 3 mm up, as the eased roll dips a
  few mm), the top leg then solved
  as in the good reps (the roll does part of the opening). Camera in front (`camera_view` "front":
  facing the chest and knees, the body's long axis across the image) or behind (`wrong_view`:
  looking at the back), `CL_CAM_DIST_M` from the body's bounding-box centre, `CL_CAM_H_M` high,
  pitched `CL_CAM_PITCH` deg down (programme_clips.render_clip's camera_axes).
  truth.csv's standard angle columns are computed on the skeleton turned upright (the inverse of
  the constant lying rotation applied), so they are body-relative: hip_extension_deg -45 = 45 deg
  of hip flexion, trunk_lean_deg ~0, pelvic_tilt_deg = the pelvis' rotation about its lateral axis
  against frame 0; the roll about the long axis appears as a body turn (not as tilt).

Truth columns added to truth.csv:
- dead bug: `low_back_gap_m` = the height above the floor (z = 0) of the lowest skin point of the
  low back (vertices whose dominant bone is spine04 or spine03), m.
- clamshell: see CL_NOTE.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from functools import lru_cache
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import programme_clips  # noqa: E402

from scenarios import _key, neutral_stance, scenario  # noqa: E402
from protocol_clips import OTHER, SIDE  # noqa: E402
from programme_clips import (  # noqa: E402
    BODIES,
    BODY_TEXT,
    GB_ARMS,
    ProgrammeScenario,
    _P,
    _outfit,
    _vert_mask,
    fit,
    gb_key,
    render_clip,
)
from spec import ARMS_DOWN, LUMBAR, Camera, Key, add_poses, trunk_lean  # noqa: E402

GENERATOR = "tools/truth/floor_clips.py"
SPLIT_SEED = 20261207


# ---- rotation helpers -------------------------------------------------------------------------------

def rv2m(r) -> np.ndarray:
    """Rotation vector (deg) -> matrix."""
    r = np.radians(np.asarray(r, float))
    th = np.linalg.norm(r)
    if th < 1e-12:
        return np.eye(3)
    k = r / th
    K = np.array([[0, -k[2], k[1]], [k[2], 0, -k[0]], [-k[1], k[0], 0]])
    return np.eye(3) + np.sin(th) * K + (1 - np.cos(th)) * K @ K


def m2rv(R: np.ndarray, near=None) -> np.ndarray:
    """Matrix -> rotation vector (deg); with `near`, the equivalent vector closest to it."""
    th = np.arccos(np.clip((np.trace(R) - 1) / 2, -1, 1))
    if th < 1e-9:
        return np.zeros(3)
    if np.pi - th < 1e-6:  # 180 deg: the axis from the symmetric part
        w, v = np.linalg.eigh(0.5 * (R + R.T))
        v = v[:, np.argmax(w)] * np.pi
    else:
        v = np.array([R[2, 1] - R[1, 2], R[0, 2] - R[2, 0], R[1, 0] - R[0, 1]]) / (2 * np.sin(th)) * th
    v = np.degrees(v)
    if near is not None:
        n = np.linalg.norm(v)
        alt = v - 360.0 * v / n
        if np.linalg.norm(alt - near) < np.linalg.norm(v - near):
            v = alt
    return v


def _rot_between(q: np.ndarray, d: np.ndarray) -> np.ndarray:
    ax = np.cross(q, d)
    s = np.linalg.norm(ax)
    if s < 1e-12:
        return np.eye(3)
    return rv2m(np.degrees(ax / s * np.arctan2(s, q @ d)))


@lru_cache(maxsize=None)
def _rest_bp(pheno_key: tuple) -> np.ndarray:
    import body

    return body.run(dict(pheno_key), [{"root": (0.0, 0.0, 0.0)}])["bone_poses"][0]


def _aim(ph: dict, make, bone: str, parent: str, tip: str, d, v0, iters: int = 8) -> tuple:
    """The rotation vector v of `bone` (a local-ref rotation, axes carried by `parent`) that turns
    the bone->tip line of make(v) onto the world direction d. Returns (v, error deg)."""
    import body

    lab = body.model().bone_labels
    rest = _rest_bp(_key(ph))
    d = np.asarray(d, float) / np.linalg.norm(d)
    v = np.asarray(v0, float)
    err = 180.0
    for _ in range(iters):
        bp = body.run(ph, [make(v)])["bone_poses"][0]
        q = _P(bp, tip) - _P(bp, bone)
        q /= np.linalg.norm(q)
        err = float(np.degrees(np.arccos(np.clip(q @ d, -1, 1))))
        if err < 0.01:
            break
        ip = lab.index(parent)
        Rp = bp[ip, :3, :3] @ rest[ip, :3, :3].T
        v = m2rv(Rp.T @ _rot_between(q, d) @ Rp @ rv2m(v), near=v)
    return tuple(float(a) for a in v), err


# ---- clip lists and split ------------------------------------------------------------------------------

# (name, body, side, variant): dead bug side = the camera side (near leg); clamshell side = the top leg
DB_CLIPS = [
    ("db_slim_good", "slim", "R", "good"),
    ("db_man_good", "man", "L", "good"),
    ("db_old_good_tape", "old", "L", "good_tape"),
    ("db_slim_good_tape", "slim", "R", "good_tape"),
    ("db_man_arch_tape", "man", "R", "arch_tape"),
    ("db_slim_arch_tape", "slim", "L", "arch_tape"),
    ("db_old_short", "old", "R", "short"),
    ("db_man_short", "man", "L", "short"),
]
# Rendered after the tuning was closed, to count more clean reps: held-out, never split.
DB_FRESH = [("db_old_good", "old", "L", "good")]
CL_CLIPS = [
    ("cl_man_good", "man", "L", "good"),
    ("cl_slim_good", "slim", "R", "good"),
    ("cl_old_roll_back", "old", "R", "roll_back"),
    ("cl_man_roll_back", "man", "L", "roll_back"),
    ("cl_slim_wrong_view", "slim", "L", "wrong_view"),
    ("cl_old_wrong_view", "old", "R", "wrong_view"),
]


def splits() -> dict:
    """name -> "tuning" | "heldout": programme_clips.splits over this module's lists and seed; the
    fresh clips are held-out."""
    return programme_clips.splits((DB_CLIPS, CL_CLIPS), SPLIT_SEED) | {c[0]: "heldout" for c in DB_FRESH}


# ---- dead bug ----------------------------------------------------------------------------------------

DB_HIP_OUT = 20.0  # hip flexion of the extended leg (deg; thigh against the hip->shoulder line)
DB_KNEE_OUT = 3.0  # knee flexion of the extended leg (deg; straight)
DB_TABLE = 90.0  # tabletop hip and knee flexion (deg)
DB_SHORT = (60.0, 60.0)  # the short rep: hip flexion, knee flexion (deg)
DB_ARCH = 12.0  # anterior pelvic tilt at the top of the arched reps (deg)
DB_ARM_OVER = 78.0  # the arm overhead: shoulder->wrist line this far from the vertical toward the head
DB_FOOT_REL = 10.0  # feet in the air: plantarflexion against the standing foot-shin angle (deg)
PELVIS_PREFIXES = ("root", "pelvis", "spine05", "upperleg01")
UPPER_PREFIXES = ("spine02", "spine01", "neck", "head")
LOW_BACK_HALF_WIDTH_M = 0.03
LOW_BACK_PREFIXES = ("spine04", "spine03")
DB_ARCH_RULE = 5.0  # back-arch: pelvic tilt change above this (deg, anterior)
DB_EXT_RULE = (45.0, 30.0)  # leg-not-extended: hip flexion above / knee flexion above at the top


def _db_pose(ph, x, arms, tilt=0.0, lumbar=0.0, flat=(False, False)) -> dict:
    """x = [ty_cm, tz_cm, hL, kL, hR, kR]: supine (root -90 + tilt about the lateral axis), hip and
    knee x rotations; the feet flat on the floor (flat) or DB_FOOT_REL against the shin."""
    ty, tz, hL, kL, hR, kR = x
    rx = -90.0 + tilt

    def foot(h, k, fl):
        return -(rx + h + k) if fl else DB_FOOT_REL

    return add_poses(neutral_stance(ph), arms,
                     {"root": (rx, 0.0, 0.0), "root_translation": (0.0, ty / 100.0, tz / 100.0),
                      "upperleg01.L": (hL, 0.0, 0.0), "lowerleg01.L": (kL, 0.0, 0.0),
                      "foot.L": (foot(hL, kL, flat[0]), 0.0, 0.0),
                      "upperleg01.R": (hR, 0.0, 0.0), "lowerleg01.R": (kR, 0.0, 0.0),
                      "foot.R": (foot(hR, kR, flat[1]), 0.0, 0.0)},
                     trunk_lean(lumbar, LUMBAR))


@lru_cache(maxsize=None)
def db_arm(pheno_key: tuple, side: str, alpha: float) -> tuple:
    """The upperarm01 rotation (ARMS_DOWN's forearm) that points the shoulder->wrist line alpha deg
    from the vertical toward the head, the body lying in the start position."""
    ph = dict(pheno_key)
    xs = gb_key(pheno_key, "setup", DB_TABLE)[0]
    x = [xs[0], xs[1], xs[3], xs[4], xs[5], xs[6]]
    a = np.radians(alpha)

    def make(v):
        return _db_pose(ph, x, {**ARMS_DOWN, f"upperarm01.{side}": tuple(v)}, flat=(True, True))

    v0 = ARMS_DOWN[f"upperarm01.{side}"] if alpha == 0.0 else db_arm(pheno_key, side, 0.0)
    v, err = _aim(ph, make, f"upperarm01.{side}", f"shoulder01.{side}", f"wrist.{side}",
                  (0.0, np.sin(a), np.cos(a)), v0)
    if err > 0.05:
        raise RuntimeError(f"arm aim missed by {err:.2f} deg")
    return v


@lru_cache(maxsize=None)
def db_start_arms(pheno_key: tuple) -> dict:
    """The arms by the sides in the start position: GB_ARMS, turned up off the floor (1 deg steps)
    when a hand would be below it (heavier bodies)."""
    import body

    ph = dict(pheno_key)
    x, _ = _db_anchor(pheno_key)
    labs = body.dominant_bone_labels()
    hand = np.array([lab.startswith(("wrist", "finger", "metacarpal")) for lab in labs])
    arms = dict(GB_ARMS)
    for _ in range(12):
        z = float(body.run(ph, [_db_pose(ph, x, arms, flat=(True, True))])["vertices"][0][hand][:, 2].min())
        if z > -0.003:
            break
        arms = add_poses(arms, {"upperarm01.L": (-1.0, 0.0, 0.0), "upperarm01.R": (-1.0, 0.0, 0.0)})
    return arms


def db_arms(ph: dict, up=(True, True), over=(False, False)) -> dict:
    """Arms: each "up" (at the ceiling) or "over" (overhead, DB_ARM_OVER) or by the side (GB_ARMS)."""
    pk = _key(ph)
    out = dict(GB_ARMS)
    for s, u, o in (("L", up[0], over[0]), ("R", up[1], over[1])):
        if o:
            out[f"upperarm01.{s}"] = db_arm(pk, s, DB_ARM_OVER)
        elif u:
            out[f"upperarm01.{s}"] = db_arm(pk, s, 0.0)
        if o or u:
            out[f"lowerarm01.{s}"] = ARMS_DOWN[f"lowerarm01.{s}"]
    return out


@lru_cache(maxsize=None)
def _db_anchor(pheno_key: tuple) -> tuple:
    """The start position (gb setup, knees 90): x, mid-shoulder y."""
    ph = dict(pheno_key)
    import body

    xs = gb_key(pheno_key, "setup", DB_TABLE)[0]
    x = (xs[0], xs[1], xs[3], xs[4], xs[5], xs[6])
    bp = body.run(ph, [_db_pose(ph, x, GB_ARMS, flat=(True, True))])["bone_poses"][0]
    sh = 0.5 * (_P(bp, "upperarm01.L") + _P(bp, "upperarm01.R"))
    return x, float(sh[1])


@lru_cache(maxsize=None)
def db_key(pheno_key: tuple, legs: tuple, tilt: float = 0.0, arms: tuple = ("up", "up")) -> tuple:
    """One dead bug key: legs = (hip flexion L, knee L, hip flexion R, knee R) on the truth columns,
    the pelvis tipped `tilt` deg anterior (root), arms = (L, R) each "up" / "over"; the mid-shoulder
    y of the start position kept, the lumbar spine (spine04-02) solved so that the lowest point of the
    pelvis and the lowest point of the upper back and head are both on the floor. Returns (x, lumbar,
    err)."""
    ph = dict(pheno_key)
    x0, sh_y = _db_anchor(pheno_key)
    pelvis = _vert_mask(PELVIS_PREFIXES)
    upper = _vert_mask(UPPER_PREFIXES)
    hf = [legs[0], legs[2]]
    guess = [x0[0], x0[1], -legs[0], legs[1], -legs[2], legs[3], -tilt]
    A = db_arms(ph, up=(arms[0] == "up", arms[1] == "up"), over=(arms[0] == "over", arms[1] == "over"))

    def make(v):
        return _db_pose(ph, v[:6], A, tilt=tilt, lumbar=v[6])

    def resid(bp, V, a):
        sh = 0.5 * (_P(bp, "upperarm01.L") + _P(bp, "upperarm01.R"))
        return [a["left_hip_extension_deg"] + hf[0], a["left_knee_flexion_deg"] - legs[1],
                a["right_hip_extension_deg"] + hf[1], a["right_knee_flexion_deg"] - legs[3],
                100.0 * (sh[1] - sh_y), 100.0 * float(V[pelvis][:, 2].min()), 100.0 * float(V[upper][:, 2].min())]

    v, r = fit(ph, make, resid, guess)
    return tuple(float(q) for q in v[:6]), float(v[6]), float(np.abs(r).max())


def db_key_pose(ph: dict, legs: tuple, tilt: float = 0.0, arms: tuple = ("up", "up")) -> tuple:
    x, lum, err = db_key(_key(ph), tuple(float(q) for q in legs), float(tilt), arms)
    A = db_arms(ph, up=(arms[0] == "up", arms[1] == "up"), over=(arms[0] == "over", arms[1] == "over"))
    return _db_pose(ph, x, A, tilt=tilt, lumbar=lum), lum, err


def low_back_gap(V: np.ndarray, BP: np.ndarray) -> np.ndarray:
    """(B,) the lowest point of the low back's midline skin (vertices whose dominant bone is spine04
    or spine03, within 3 cm of the body's mid-plane) above z = 0 (m)."""
    m = _vert_mask(LOW_BACK_PREFIXES)
    lat = BP[:, 0, :3, 0]  # the root's lateral axis
    c = BP[:, 0, :3, 3]
    off = np.abs(((V - c[:, None, :]) * lat[:, None, :]).sum(2))
    z = np.where(m[None, :] & (off < LOW_BACK_HALF_WIDTH_M), V[:, :, 2], np.inf)
    return z.min(1)


def db_clip(name: str) -> ProgrammeScenario:
    _, bk, side, variant = next(c for c in DB_CLIPS + DB_FRESH if c[0] == name)
    ph = BODIES[bk]
    pk = _key(ph)
    near, far = side, OTHER[side]
    out_leg = DB_SHORT if variant == "short" else (DB_HIP_OUT, DB_KNEE_OUT)
    tilt = DB_ARCH if variant == "arch_tape" else 0.0
    x_start, _ = _db_anchor(pk)
    start = _db_pose(ph, x_start, db_start_arms(pk), flat=(True, True))
    table = (DB_TABLE, DB_TABLE, DB_TABLE, DB_TABLE)
    P, keys_err = {}, {}
    P["table"], lum_table, keys_err["tabletop"] = db_key_pose(ph, table)
    lum_out = {}
    for leg in ("L", "R"):
        legs = list(table)
        i = 0 if leg == "L" else 2
        legs[i], legs[i + 1] = out_leg
        arms = ("over", "up") if leg == "R" else ("up", "over")
        P[f"out{leg}"], lum_out[leg], keys_err[f"{leg} out"] = db_key_pose(ph, legs, tilt, arms)
    for k, e in keys_err.items():
        if e > 0.05:
            raise RuntimeError(f"{name}: the {k} key missed its targets by {e:.3f}")
    keys = [Key(0.0, start, "start position"), Key(1.5, start, "legs lift"), Key(3.0, P["table"], "tabletop")]
    t = 4.0
    reps = []
    for i, leg in enumerate([near, far, near, far]):
        a, b, c, d = t, t + 1.5, t + 2.5, t + 4.0
        keys += [Key(a, P["table"], f"rep {i + 1} start"), Key(b, P[f"out{leg}"], f"rep {i + 1} out"),
                 Key(c, P[f"out{leg}"], f"rep {i + 1} hold end"), Key(d, P["table"], f"rep {i + 1} back")]
        reps.append({"side": SIDE[leg], "arm": SIDE[OTHER[leg]], "start_s": a, "top_s": b, "top_end_s": c,
                     "end_s": d})
        t = d + 1.0
    dur = round(t, 3)
    keys.append(Key(dur, P["table"], "end"))
    facing = "right" if side == "R" else "left"
    tape = variant.endswith("_tape")
    text = (f"Dead bug, {BODY_TEXT[bk]}, supine on the floor, feet toward image-{facing} (camera on the "
            f"subject's {SIDE[side]}). 0-1.5 s still: knees {DB_TABLE:g} deg, feet flat, arms by the sides; "
            f"1.5-3 s the legs lift into tabletop (hip and knee flexion {DB_TABLE:g} deg) and the arms point "
            f"at the ceiling; still to 4 s. Then 4 reps, the near ({SIDE[near]}) leg with the far arm first, "
            f"alternating: 1.5 s out (the leg to hip flexion {out_leg[0]:g} deg, knee {out_leg[1]:g} deg; the "
            f"opposite arm overhead, {DB_ARM_OVER:g} deg from the vertical toward the head), 1 s hold, 1.5 s "
            f"back to tabletop, 1 s still.")
    if tilt:
        text += (f" On every rep, as the leg goes out, the pelvis tips {tilt:g} deg anterior with lumbar "
                 f"extension: the low back arches off the floor (the pelvis and the upper back stay down).")
    else:
        text += " The pelvis keeps its rotation throughout (pelvic tilt 0), the low back stays down."
    if tape:
        text += (" Pelvis tape (tape.py, 20 x 3 cm, green) on both sides of the pelvis along the ASIS-PSIS "
                 "line, over high-waisted shorts.")
    prog = {"activity": "dead_bug", "variant": variant, "body": bk, "near_side": SIDE[near],
            "lumbar_solved_deg": {"tabletop": round(lum_table, 2), "left_out": round(lum_out["L"], 2),
                                  "right_out": round(lum_out["R"], 2)},
            "generator": GENERATOR, "split_seed": SPLIT_SEED,
            "expected_rep_count": len(reps), "expected_reps_per_side": {"left": 2, "right": 2}, "reps": reps,
            "targets": {"tabletop_hip_flexion_deg": DB_TABLE, "tabletop_knee_flexion_deg": DB_TABLE,
                        "out_hip_flexion_deg": out_leg[0], "out_knee_flexion_deg": out_leg[1],
                        "arch_pelvic_tilt_deg": tilt, "arm_overhead_from_vertical_deg": DB_ARM_OVER},
            "fault_rules": {"back-arch": f"pelvic tilt change against tabletop above +{DB_ARCH_RULE:g} deg "
                                         f"(anterior) during the rep",
                            "leg-not-extended": f"at the top, hip flexion above {DB_EXT_RULE[0]:g} deg or knee "
                                                f"flexion above {DB_EXT_RULE[1]:g} deg"}}
    cam = Camera(facing=facing, width=960, height=540, height_m=0.7, pitch_deg=12.0, body_px=300.0)
    return ProgrammeScenario(name=name, keys=keys, duration_s=dur, phenotype=ph, camera=cam,
                             outfit=_outfit(ph, tape), base_pose={}, floor_z=0.0, notes=text, programme=prog)


DB_NOTE = ("hip flexion = -(side)_hip_extension_deg (the thigh against the hip->shoulder line; 90 = tabletop, 0 = "
           "the leg in line with the trunk); a rep runs from start_s (leaving tabletop) to end_s (back in "
           "tabletop), top_s..top_end_s is the hold with the leg out; side = the leg that extends, arm = the "
           "arm that goes overhead (the opposite one). pelvic_tilt_deg (truth.csv) = the pelvis' rotation "
           "about the lateral axis against frame 0, + anterior; the pelvis has the same rotation in frame 0 "
           "(lying, knees bent) as in tabletop, so it is the change against tabletop. min_hip_flexion_deg: "
           "of the moving leg, over the rep; max_knee_flexion_at_top_deg: of the moving leg over "
           "top_s..top_end_s; max_pelvic_tilt_change_deg: the largest |pelvic_tilt_deg| over the rep, with "
           "its sign (+ anterior); max_low_back_gap_m: the largest low_back_gap_m over the rep; "
           "low_back_gap_m (truth.csv) = the height above the floor of the lowest skin point of the low back "
           "(vertices whose dominant bone is spine04 or spine03, within 3 cm of the body's mid-plane); low_back_gap_tabletop_m = its value at "
           "the still tabletop before rep 1. Faults per fault_rules.")


def db_truth(sc: ProgrammeScenario, t: np.ndarray, ang: dict) -> dict:
    prog = json.loads(json.dumps(sc.programme))
    eps = 0.5 / sc.fps
    tilt = ang["pelvic_tilt_deg"]
    i0 = int(round(3.8 * sc.fps))
    prog["low_back_gap_tabletop_m"] = round(float(ang["low_back_gap_m"][i0]), 4)
    for r in prog["reps"]:
        s = r["side"]
        m = (t >= r["start_s"] - eps) & (t <= r["end_s"] + eps)
        top = (t >= r["top_s"] - eps) & (t <= r["top_end_s"] + eps)
        hip = -ang[f"{s}_hip_extension_deg"]
        r["min_hip_flexion_deg"] = round(float(hip[m].min()), 2)
        r["max_knee_flexion_at_top_deg"] = round(float(ang[f"{s}_knee_flexion_deg"][top].max()), 2)
        k = np.argmax(np.abs(tilt[m]))
        r["max_pelvic_tilt_change_deg"] = round(float(tilt[m][k]), 2)
        r["max_low_back_gap_m"] = round(float(ang["low_back_gap_m"][m].max()), 4)
        faults = []
        if r["max_pelvic_tilt_change_deg"] > DB_ARCH_RULE:
            faults.append("back-arch")
        if r["min_hip_flexion_deg"] > DB_EXT_RULE[0] or r["max_knee_flexion_at_top_deg"] > DB_EXT_RULE[1]:
            faults.append("leg-not-extended")
        r["faults"] = faults
    prog["note"] = DB_NOTE
    return prog


def db_extra(sc: ProgrammeScenario):
    """extra_fn for render_clip: low_back_gap_m (re-poses the clip for the skin)."""
    def f(BP, ang):
        import body
        from spec import pose_at

        n = BP.shape[0]
        poses = [pose_at(sc.keys, sc.base_pose, i / sc.fps) for i in range(n)]
        V = body.run(sc.phenotype, poses)["vertices"]
        return {"low_back_gap_m": low_back_gap(V, BP)}
    return f


# ---- clamshell ----------------------------------------------------------------------------------------

CL_HIP = 45.0  # hip flexion (deg; thigh against the hip->shoulder line, skeleton turned upright)
CL_KNEE = 90.0  # knee flexion (deg)
CL_SETUP = (10.0, 5.0)  # the legs almost straight before the knees come up: hip, knee flexion (deg)
CL_OPEN = 40.0  # knee_opening_deg at the top of a rep (deg)
CL_ROLL = 25.0  # roll_back: the pelvis and trunk roll this far back at the top (deg)
CL_ARM = (15.0, -4.0)  # the bottom arm overhead: toward the front, toward the floor (deg from the long axis)
CL_NECK_TILT = 28.0  # the head tilted down toward the bottom arm (neck01 + neck02, deg)
CL_CAM_DIST_M = 2.8
CL_CAM_H_M = 0.65
CL_CAM_PITCH = 10.0
CL_ROLL_RULE = 10.0  # hips-rolled-back: pelvis_roll_deg above this during the rep
CL_ROLL_LIFT_M = 0.003  # rolled: the lowest trunk point this far up (the eased roll dips a few mm)
CL_CLEAR_M = 0.003  # the legs' stacking clearance (m)
CL_NOTE = ("Per-frame columns (truth.csv, after the standard ones): knee_opening_deg = the 3D angle at the "
           "midpoint of the two ankle joint centres (foot bone heads) between the lines to the two knee joint "
           "centres (lowerleg01 heads); it is a few deg, not 0, with the legs stacked (the knees are wider than "
           "the ankles): see knee_opening_start_deg. thigh_opening_deg = the 3D angle between the two hip->knee "
           "lines minus its value at the still start (the frame at reps[0].start_s), so 0 = as at the start. "
           "knee_gap_m = the distance between the two knee joint centres. pelvis_roll_deg = the pelvis' (root "
           "bone's) rotation about the body's long axis (the root's up axis at the still start) against the "
           "still start, + = rolled back (the top hip moving toward the body's back, away from a camera in "
           "front). The standard columns are computed on the skeleton turned upright (the constant lying "
           "rotation undone): hip_extension_deg -45 = 45 deg hip flexion, knee_flexion_deg as usual, "
           "trunk_lean_deg about 0, pelvic_tilt_deg = rotation about the pelvis' lateral axis against frame 0; "
           "a roll about the long axis shows as a body turn there, not as tilt. Per rep: start_s (the knee "
           "starts opening), top_s..top_end_s (the hold), end_s (closed); peak_* and max_pelvis_roll_deg over "
           "start_s..end_s. Faults: hips-rolled-back when max_pelvis_roll_deg > 10.")


def _lie(top: str) -> np.ndarray:
    """The lying rotation (body axes -> world): the top side's lateral axis up, the body's front
    toward world -y, the head toward world -x (top L) or +x (top R)."""
    if top == "L":
        return np.array([[0.0, 0.0, -1.0], [0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    return np.array([[0.0, 0.0, 1.0], [0.0, 1.0, 0.0], [-1.0, 0.0, 0.0]])


def _upright(BP: np.ndarray, top: str) -> np.ndarray:
    """Bone poses (..., J, 4, 4) with the lying rotation undone."""
    M = np.eye(4)
    M[:3, :3] = _lie(top).T
    return M @ BP


def _cl_angles(BP: np.ndarray, top: str) -> dict:
    import render
    import truthcalc

    return truthcalc.angles(_upright(BP, top), render.bone_indices())


def _roll_sign(top: str) -> float:
    return 1.0 if top == "L" else -1.0


def _cl_pose(ph, top, x, arm=None, neck=CL_NECK_TILT) -> dict:
    """x = [tx, ty, tz (cm), roll (deg, + back), hip B (3), knee B, hip T (3), knee T, side bend (deg,
    + the upper trunk toward the top side, spread over spine04-02: the waist sags to the floor)]."""
    b = OTHER[top]
    tx, ty, tz, roll = x[:4]
    R = _lie(top) @ rv2m((0.0, 0.0, _roll_sign(top) * roll))
    lat = -_roll_sign(top) * neck / 2.0  # lateral neck flexion toward the bottom side
    p = add_poses(neutral_stance(ph), ARMS_DOWN,
                  {"root": tuple(m2rv(R)), "root_translation": (tx / 100.0, ty / 100.0, tz / 100.0),
                   f"upperleg01.{b}": tuple(x[4:7]), f"lowerleg01.{b}": (x[7], 0.0, 0.0),
                   f"upperleg01.{top}": tuple(x[8:11]), f"lowerleg01.{top}": (x[11], 0.0, 0.0),
                   "neck01": (0.0, lat, 0.0), "neck02": (0.0, lat, 0.0)},
                  {bn: (0.0, _roll_sign(top) * x[12] / 3.0, 0.0) for bn in LUMBAR})
    if arm is not None:
        p[f"upperarm01.{b}"] = list(arm)
    return p


@lru_cache(maxsize=None)
def _leg_widths(pheno_key: tuple) -> tuple:
    """(D_k, D_a): twice the medial half-width of the knee / the ankle at the joint centre's height
    (standing), plus CL_CLEAR_M: the joint-centre distance of two touching knees / ankles."""
    import body

    ph = dict(pheno_key)
    res = body.run(ph, [neutral_stance(ph)])
    V, bp = res["vertices"][0], res["bone_poses"][0]
    out = []
    for joint, bones, dz in (("lowerleg01.L", ("upperleg02.L", "lowerleg01.L"), 0.02),
                             ("foot.L", ("lowerleg02.L", "foot.L"), 0.015)):
        c = _P(bp, joint)
        m = _vert_mask(bones) & (np.abs(V[:, 2] - c[2]) < dz)
        out.append(2.0 * float(c[0] - V[m][:, 0].min()) + CL_CLEAR_M)
    return tuple(out)


def _cl_masks(top: str) -> dict:
    import body

    b = OTHER[top]
    labs = body.dominant_bone_labels()
    arm = np.array([lab.startswith(body.ARM_PREFIXES) for lab in labs])
    return {"body": ~arm,
            "knee": _vert_mask([f"upperleg02.{b}", f"lowerleg01.{b}"]),
            "foot": _vert_mask(["lowerleg02", "foot", "toe"]),  # either foot (the top toes reach down)
            "arm": arm & np.array([lab.endswith(f".{b}") for lab in labs])}


@lru_cache(maxsize=None)
def cl_start(pheno_key: tuple, top: str, hip: float, knee: float, arm: tuple | None = None,
             guess: tuple | None = None) -> tuple:
    """Side-lying, pelvis stacked, both legs at (hip flexion, knee flexion); the lowest body point
    on the floor, the bottom knee and the feet touching the floor, the pelvis touching the floor (the side
    bend solved), the top knee / ankle joint centres D_k / D_a from the bottom ones. Returns (x,
    residuals)."""
    ph = dict(pheno_key)
    b = OTHER[top]
    sb, st = SIDE[b], SIDE[top]
    Dk, Da = _leg_widths(pheno_key)
    mk = _cl_masks(top)
    pelvis = _vert_mask(PELVIS_PREFIXES)
    upper = _vert_mask(("spine02", "spine01", f"clavicle.{b}", f"shoulder01.{b}", f"upperarm01.{b}"))
    given = arm is not None
    if not given:  # roughly overhead
        arm = tuple(m2rv(rv2m((-175.0, 0.0, 0.0)) @ rv2m(ARMS_DOWN[f"upperarm01.{b}"])))

    def make(v):
        return _cl_pose(ph, top, [0.0, 0.0] + list(v[:1]) + [0.0] + list(v[1:]), arm=arm)

    def resid(bp, V, a):
        u = _cl_angles(bp[None], top)
        kB, kT = _P(bp, f"lowerleg01.{b}"), _P(bp, f"lowerleg01.{top}")
        aB, aT = _P(bp, f"foot.{b}"), _P(bp, f"foot.{top}")
        return [u[f"{sb}_hip_extension_deg"][0] + hip, u[f"{sb}_knee_flexion_deg"][0] - knee,
                u[f"{st}_hip_extension_deg"][0] + hip, u[f"{st}_knee_flexion_deg"][0] - knee,
                100.0 * float(V[upper][:, 2].min()), 100.0 * float(V[mk["knee"]][:, 2].min()),
                100.0 * float(V[mk["foot"]][:, 2].min()),
                100.0 * (np.linalg.norm(kT - kB) - Dk), 100.0 * (np.linalg.norm(aT - aB) - Da),
                100.0 * float(V[pelvis][:, 2].min())]

    g0 = [18.0, -hip, 0.0, 0.0, knee, -hip, 0.0, 0.0, knee, 10.0]
    if guess is not None:
        guess = list(np.delete(np.asarray(guess), [0, 1, 3]))
    elif given and (hip, knee) == (CL_HIP, CL_KNEE):
        guess = list(np.delete(np.asarray(cl_start(pheno_key, top, hip, knee)[0]), [0, 1, 3]))
    v, r = fit(ph, make, resid, g0 if guess is None else guess, iters=40)
    x = [0.0, 0.0, float(v[0]), 0.0] + [float(q) for q in v[1:]]
    return tuple(x), tuple(float(q) for q in r)


@lru_cache(maxsize=None)
def cl_move(pheno_key: tuple, top: str, roll: float, opening: float, arm: tuple) -> tuple:
    """From the start position (CL_HIP, CL_KNEE; the arm as given): roll != 0: the pelvis and trunk
    rolled `roll` deg back, the bottom knee and ankle joint centres kept over the same floor points
    (x, y) with the knee and the foot touching the floor and the lowest body point on the floor
    (translation and bottom hip solved); then the top ankle kept at its offset from the bottom ankle
    and knee_opening_deg = its start value + opening (top hip and knee solved). Returns (x, err)."""
    import body

    ph = dict(pheno_key)
    b = OTHER[top]
    x0 = np.asarray(cl_start(pheno_key, top, CL_HIP, CL_KNEE, arm)[0])
    bp0 = body.run(ph, [_cl_pose(ph, top, x0, arm=arm)])["bone_poses"][0]
    kB0, aB0, aT0 = _P(bp0, f"lowerleg01.{b}"), _P(bp0, f"foot.{b}"), _P(bp0, f"foot.{top}")
    open0 = float(knee_opening(bp0[None])[0])
    mk = _cl_masks(top)
    x = x0.copy()
    x[3] = roll
    err = 0.0
    if roll:
        free = [0, 1, 2, 4, 5, 6]

        def make1(v):
            y = x.copy()
            y[free] = v
            return _cl_pose(ph, top, y, arm=arm)

        def resid1(bp, V, a):
            kB, aB = _P(bp, f"lowerleg01.{b}"), _P(bp, f"foot.{b}")
            return ([100.0 * (float(V[:, 2].min()) - CL_ROLL_LIFT_M), 100.0 * float(V[mk["knee"]][:, 2].min()),
                     100.0 * float(V[mk["foot"]][:, 2].min())]
                    + list(100.0 * (kB[:2] - kB0[:2])) + list(100.0 * (aB[:2] - aB0[:2])))

        v, r = fit(ph, make1, resid1, x[free], iters=40)
        x[free] = v
        err = float(np.abs(r).max())
    free = [8, 9, 10, 11]

    def make2(v):
        y = x.copy()
        y[free] = v
        return _cl_pose(ph, top, y, arm=arm)

    def resid2(bp, V, a):
        aB, aT = _P(bp, f"foot.{b}"), _P(bp, f"foot.{top}")
        return list(100.0 * ((aT - aB) - (aT0 - aB0))) + [float(knee_opening(bp[None])[0]) - open0 - opening]

    v, r = fit(ph, make2, resid2, x[free], iters=40)
    x[free] = v
    return tuple(float(q) for q in x), max(err, float(np.abs(r).max()))


def knee_opening(BP: np.ndarray) -> np.ndarray:
    """(B,) the knee opening (deg): see CL_NOTE."""
    import body

    lab = body.model().bone_labels
    P = BP[:, :, :3, 3]
    aL, aR = P[:, lab.index("foot.L")], P[:, lab.index("foot.R")]
    kL, kR = P[:, lab.index("lowerleg01.L")], P[:, lab.index("lowerleg01.R")]
    m = 0.5 * (aL + aR)
    u, w = kL - m, kR - m
    c = (u * w).sum(1) / np.linalg.norm(u, axis=1) / np.linalg.norm(w, axis=1)
    return np.degrees(np.arccos(np.clip(c, -1.0, 1.0)))


@lru_cache(maxsize=None)
def cl_arm(pheno_key: tuple, top: str) -> tuple:
    """The bottom arm overhead on the floor: the shoulder->wrist line CL_ARM[0] deg toward the front
    from the head direction and CL_ARM[1] deg toward the floor (negative: away from it). Returns
    (upperarm01 rotation, the tilt, the arm's lowest point against the rest of the body's, m)."""
    import body

    ph = dict(pheno_key)
    b = OTHER[top]
    x = cl_start(pheno_key, top, CL_HIP, CL_KNEE)[0]
    mk = _cl_masks(top)
    body_m = ~_cl_masks(top)["arm"]
    L = _lie(top)
    head, front, down = L @ np.array([0, 0, 1.0]), L @ np.array([0, -1.0, 0]), np.array([0, 0, -1.0])

    def aim(beta):
        f, g = np.radians(CL_ARM[0]), np.radians(beta)
        d = np.cos(f) * np.cos(g) * head + np.sin(f) * front + np.cos(f) * np.sin(g) * down
        v0 = tuple(m2rv(rv2m((-175.0, 0.0, 0.0)) @ rv2m(ARMS_DOWN[f"upperarm01.{b}"])))
        v, err = _aim(ph, lambda q: _cl_pose(ph, top, x, arm=q), f"upperarm01.{b}", f"shoulder01.{b}",
                      f"wrist.{b}", d, v0)
        V = body.run(ph, [_cl_pose(ph, top, x, arm=v)])["vertices"][0]
        # the arm's lowest point level with the rest of the body's
        return v, float(V[mk["arm"]][:, 2].min() - V[body_m][:, 2].min())

    v1, z1 = aim(CL_ARM[1])
    b1 = CL_ARM[1]
    return v1, b1, z1


CL_TIMES = (1.0, 1.0, 1.0, 1.0)  # open, hold, close, still (s)


def cl_clip(name: str) -> ProgrammeScenario:
    _, bk, top, variant = next(c for c in CL_CLIPS if c[0] == name)
    ph = BODIES[bk]
    pk = _key(ph)
    roll = CL_ROLL if variant == "roll_back" else 0.0
    arm = cl_arm(pk, top)[0]
    xs, r0 = cl_start(pk, top, *CL_SETUP, arm)
    x0, r1 = cl_start(pk, top, CL_HIP, CL_KNEE, arm)
    xo, e2 = cl_move(pk, top, roll, CL_OPEN, arm)
    for k, e in (("setup", max(map(abs, r0))), ("start", max(map(abs, r1))), ("open", e2)):
        if e > (0.3 if roll and k == "open" else 0.05):  # rolled: the floor contacts to 3 mm
            raise RuntimeError(f"{name}: the {k} key missed its targets by {e:.3f}")
    P = {k: _cl_pose(ph, top, v, arm=arm) for k, v in (("setup", xs), ("start", x0), ("open", xo))}
    # solved keys a quarter, half and three quarters of the way, so that the bottom foot does not pass
    # through the floor
    keys = [Key(0.0, P["setup"], "legs almost straight"), Key(0.3, P["setup"], "knees come up")]
    mids = []
    for f in (0.25, 0.5, 0.75):
        hk = tuple(round(a + f * (b - a), 3) for a, b in zip(CL_SETUP, (CL_HIP, CL_KNEE)))
        gm = tuple(np.round(np.asarray(xs) + f * (np.asarray(x0) - np.asarray(xs)), 4))
        xm, rm = cl_start(pk, top, *hk, arm, gm)
        if max(map(abs, rm)) > 0.05:  # not solved: left out (the eased motion passes there anyway)
            continue
        mids.append((f, list(xm)))
    # where the eased motion between these keys still dips more than 4 mm into the floor, the
    # halfway keys are lifted by the dip (plus 1 mm)
    import body
    from spec import pose_at

    def mid_keys(lift):
        return [Key(0.3 + f * 1.7, _cl_pose(ph, top, [q + (100.0 * lift if i == 2 else 0.0) for i, q in enumerate(xm)],
                                            arm=arm), f"knees {f:g} of the way up") for f, xm in mids]

    ks = mid_keys(0.0)
    seq = keys + ks + [Key(2.0, P["start"], "start position")]
    dip = float(body.run(ph, [pose_at(seq, {}, 0.3 + i / 30.0) for i in range(52)])["vertices"][:, :, 2].min())
    if dip < -0.004:
        ks = mid_keys(-dip + 0.001)
    keys += ks + [Key(2.0, P["start"], "start position")]
    t = 3.0
    op, hold, close, still = CL_TIMES
    reps = []
    for i in range(5):
        a, b, c, d = t, t + op, t + op + hold, t + op + hold + close
        keys += [Key(a, P["start"], f"rep {i + 1} start"), Key(b, P["open"], f"rep {i + 1} open"),
                 Key(c, P["open"], f"rep {i + 1} hold end"), Key(d, P["start"], f"rep {i + 1} closed")]
        reps.append({"start_s": a, "top_s": b, "top_end_s": c, "end_s": d})
        t = d + still
    dur = round(t, 3)
    keys.append(Key(dur, P["start"], "end"))
    view = "back" if variant == "wrong_view" else "front"
    text = (f"Clamshell, {BODY_TEXT[bk]}, lying on the {SIDE[OTHER[top]]} side (the {SIDE[top]} leg on top), "
            f"camera {'behind the person (looking at the back)' if view == 'back' else 'in front (facing the chest and knees)'}, "
            f"{CL_CAM_DIST_M:g} m away, {CL_CAM_H_M:g} m high, pitched {CL_CAM_PITCH:g} deg down; the bottom arm "
            f"overhead on the floor under the head, the top arm along the top flank (hand on the hip). 0-0.3 s the "
            f"legs almost straight (hip {CL_SETUP[0]:g}, knee {CL_SETUP[1]:g} deg), 0.3-2 s the knees come up "
            f"(hips {CL_HIP:g}, knees {CL_KNEE:g} deg, legs stacked, feet together, the bottom knee and foot on the "
            f"floor), still to 3 s. Then 5 reps: the top knee opens over {op:g} s (the top hip turns, the feet stay "
            f"together) to a knee opening of {CL_OPEN:g} deg, hold {hold:g} s, closes over {close:g} s, still "
            f"{still:g} s.")
    if roll:
        text += (f" On every rep, as the knee opens, the pelvis and trunk roll {roll:g} deg back (away from the "
                 f"camera); the bottom leg stays on the floor, part of the knee opening comes from the roll.")
    else:
        text += " The pelvis stays stacked."
    prog = {"activity": "clamshell", "variant": variant, "body": bk, "top_side": SIDE[top],
            "camera_view": view, "generator": GENERATOR, "split_seed": SPLIT_SEED,
            "expected_rep_count": len(reps), "reps": reps,
            "targets": {"hip_flexion_deg": CL_HIP, "knee_flexion_deg": CL_KNEE, "knee_opening_deg": CL_OPEN,
                        "pelvis_roll_deg": roll},
            "fault_rules": {"hips-rolled-back": f"max_pelvis_roll_deg above {CL_ROLL_RULE:g} deg during the rep"}}
    front = _lie(top) @ np.array([0.0, -1.0, 0.0])
    prog["_camera_dir"] = [float(q) for q in (front if view == "front" else -front)]
    cam = Camera(facing="right", width=960, height=540, distance_m=CL_CAM_DIST_M, height_m=CL_CAM_H_M,
                 pitch_deg=CL_CAM_PITCH)
    return ProgrammeScenario(name=name, keys=keys, duration_s=dur, phenotype=ph, camera=cam,
                             outfit=_outfit(ph), base_pose={}, floor_z=0.0, notes=text, programme=prog)


def cl_camera_axes(sc: ProgrammeScenario) -> tuple:
    """(left, forward) for raster.make_camera with facing "right": the camera on the -left side,
    i.e. left = minus the direction from the body to the camera."""
    d = np.asarray(sc.programme["_camera_dir"], float)
    return -d, np.cross(-d, np.array([0.0, 0.0, 1.0]))


def _top(sc) -> str:
    return "L" if sc.programme["top_side"] == "left" else "R"


def cl_angles_fn(sc: ProgrammeScenario):
    return lambda BP: _cl_angles(BP, _top(sc))


def cl_extra(sc: ProgrammeScenario):
    """extra_fn for render_clip: the clamshell columns (CL_NOTE)."""
    def f(BP, ang):
        import body

        lab = body.model().bone_labels
        P = BP[:, :, :3, 3]
        i0 = int(round(sc.programme["reps"][0]["start_s"] * sc.fps))
        hL, hR = P[:, lab.index("upperleg01.L")], P[:, lab.index("upperleg01.R")]
        kL, kR = P[:, lab.index("lowerleg01.L")], P[:, lab.index("lowerleg01.R")]
        u, w = kL - hL, kR - hR
        th = np.degrees(np.arccos(np.clip((u * w).sum(1) / np.linalg.norm(u, axis=1) / np.linalg.norm(w, axis=1),
                                          -1.0, 1.0)))
        R = BP[:, 0, :3, :3]
        Rrel = R @ R[i0].T  # world rotation since the still start
        ax = R[i0][:, 2]  # the long axis (the root's up axis) at the still start
        lat0 = R[i0][:, 0]
        lat = Rrel @ lat0
        lat = lat - (lat @ ax)[:, None] * ax
        roll = np.degrees(np.arctan2((np.cross(lat0, lat) @ ax), lat @ lat0))
        return {"knee_opening_deg": knee_opening(BP), "thigh_opening_deg": th - th[i0],
                "knee_gap_m": np.linalg.norm(kL - kR, axis=1), "pelvis_roll_deg": _roll_sign(_top(sc)) * roll}
    return f


def cl_truth(sc: ProgrammeScenario, t: np.ndarray, ang: dict) -> dict:
    prog = json.loads(json.dumps(sc.programme))
    prog.pop("_camera_dir")
    eps = 0.5 / sc.fps
    i0 = int(round(prog["reps"][0]["start_s"] * sc.fps))
    prog["knee_opening_start_deg"] = round(float(ang["knee_opening_deg"][i0]), 2)
    prog["knee_gap_start_m"] = round(float(ang["knee_gap_m"][i0]), 4)
    for r in prog["reps"]:
        m = (t >= r["start_s"] - eps) & (t <= r["end_s"] + eps)
        r["peak_knee_opening_deg"] = round(float(ang["knee_opening_deg"][m].max()), 2)
        r["peak_thigh_opening_deg"] = round(float(ang["thigh_opening_deg"][m].max()), 2)
        r["peak_knee_gap_m"] = round(float(ang["knee_gap_m"][m].max()), 4)
        r["max_pelvis_roll_deg"] = round(float(ang["pelvis_roll_deg"][m].max()), 2)
        r["faults"] = ["hips-rolled-back"] if r["max_pelvis_roll_deg"] > CL_ROLL_RULE else []
    prog["note"] = CL_NOTE
    return prog


# ---- registration, command line --------------------------------------------------------------------

SPLITS = splits()
BUILDERS = {c[0]: programme_clips.register_split(c[0], db_clip, SPLITS, SPLIT_SEED) for c in DB_CLIPS + DB_FRESH}
BUILDERS.update({c[0]: programme_clips.register_split(c[0], cl_clip, SPLITS, SPLIT_SEED) for c in CL_CLIPS})


def render_one(sc: ProgrammeScenario, out: Path, png_frames=(), log=print) -> dict:
    if sc.programme["activity"] == "dead_bug":
        return render_clip(sc, out, png_frames, log, truth_fn=db_truth, extra_fn=db_extra(sc))
    return render_clip(sc, out, png_frames, log, truth_fn=cl_truth, extra_fn=cl_extra(sc),
                       angles_fn=cl_angles_fn(sc), camera_axes=cl_camera_axes(sc))


def main(argv=None) -> int:
    return programme_clips.clip_main(argv, __doc__, DB_CLIPS + DB_FRESH + CL_CLIPS, SPLITS,
                                     lambda n, out, png, log: render_one(BUILDERS[n](), out, png_frames=png, log=log))


if __name__ == "__main__":
    sys.exit(main())
