#!/usr/bin/env python3
"""All-fours programme clips: the bird-dog (`bd_*`) and the pigeon pose (`pp_*`), with per-frame
truth, the reps (bird-dog) or the form segments (pigeon) in truth.json, and a fixed tuning /
held-out split of their own (`SPLIT_SEED`).

    python tools/truth/allfours_clips.py --list
    python tools/truth/allfours_clips.py --out samples/truth_programme [--only NAME ...] [--png 0 90]

Rendered by programme_clips.render_clip (H.264, PyAV; NAME.mp4, .truth.csv, .joints2d.csv,
.truth.json), with this module's truth function and extra truth.csv columns. The clips are also
registered as examples in scenarios.EXAMPLES (`render.py --only NAME`: mp4v, no extra columns, the
programme truth under truth.json "scenario" -> "programme").

Posing: one parameterisation for both exercises (`af_pose`): the root transform (rotation about
the pelvis centre, about +90 deg about the lateral axis = prone, and a translation), the lumbar
spine (spine04-02), per leg the hip (3 rotations), the knee and the foot (as the x-rotation sum
along the leg chain, 180 = the top of the foot flat on the floor), per arm the shoulder and
elbow (3 rotations each) and the wrist (extension and deviation). Every key pose is solved with
programme_clips.fit (Gauss-Newton on the posed skeleton) for its floor contacts (the lowest
vertex of a hand, knee, shin or foot at the floor) and its truth angles, so the values quoted in
the notes and truth.json are exact (to 0.05 deg / 1 mm); transitions between keys get solved
in-between keys where a contact must stay put.

- All fours (`allfours` key, both exercises): the thighs vertical (knees under the hips), the
  knees on the floor, the shins and the tops of the feet on the floor, the wrists under the
  shoulders, the arms straight (elbow 3 deg), the hands flat on the floor (fingers forward); the
  trunk angle follows from the arm and thigh lengths (a few deg, shoulders higher).
- Bird-dog (`bd_*`): 0-1 s rocked back toward the heels (thighs `BD_ROCK_THIGH` deg in front of
  the vertical, the hands and knees where all fours has them), 1-2 s forward onto all fours,
  still to 3 s; then 4 reps, the near leg (with the far arm) first, alternating: over 1 s the
  leg straightens (knee 2 deg) and rises to its target (hip->ankle line against the horizontal)
  and the other-side arm reaches forward to its target (shoulder->wrist line; the arm straight,
  in the sagittal plane), the hold, 1 s back down, 1 s still. good / no_hold: the trunk, the
  supporting knee and the supporting hand do not move (the trunk line changes 0 deg), the leg
  and the arm to 0 deg; low: to -30 deg; arch: the leg to +20 deg, the pelvis tips 15 deg
  anterior (root), the lumbar spine extends 15 deg, the supporting knee and hand stay on their
  floor points (solved).
- Pigeon (`pp_*`): the back (straight) leg is the near one. All fours to 2 s, 2-4 s into the
  pigeon: the front knee forward and out under the same-side shoulder, the front shin across
  under the body (knee and ankle joint centres at the same height, the shin on the floor), the
  hips lowered until the front thigh rests on the floor (its lowest vertex at the floor), the
  back leg slides back (its knee and the top of its foot on the floor), the hands stay where they
  were, arms straight, the trunk `PP_TRUNK` deg forward of the vertical. Faults: hips-high (the
  mid-hip `PP_HIGH_M` higher, straight up, the back foot and the front shin stay on the floor,
  the back leg as straight as in the pigeon) and knee-bent (the back knee flexes to
  `PP_KNEE_BENT` deg, its knee stays on the floor).
"""
from __future__ import annotations

import argparse
import json
import sys
from functools import lru_cache
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scenarios import _key, neutral_stance, scenario  # noqa: E402
from protocol_clips import OTHER, SIDE  # noqa: E402
from spec import LUMBAR, Camera, Key, add_poses, trunk_lean  # noqa: E402
import programme_clips as pc  # noqa: E402
from programme_clips import BODIES, BODY_TEXT, ProgrammeScenario, _P, _outfit, fit  # noqa: E402

GENERATOR = "tools/truth/allfours_clips.py"
SPLIT_SEED = 20261206

# ---- the parameterisation --------------------------------------------------------------------------

NAMES = ["ty", "tz", "rx", "lum",
         "hipL_x", "hipL_y", "hipL_z", "kneeL", "footL",
         "hipR_x", "hipR_y", "hipR_z", "kneeR", "footR",
         "uL_x", "uL_y", "uL_z", "lL_x", "lL_y", "lL_z", "wL_x", "wL_z",
         "uR_x", "uR_y", "uR_z", "lR_x", "lR_y", "lR_z", "wR_x", "wR_z"]
IX = {n: i for i, n in enumerate(NAMES)}
ARM = ["u_x", "u_y", "u_z", "l_x", "l_y", "l_z", "w_x", "w_z"]
# mirror signs of the arm parameters (left -> right)
ARM_MIRROR = {"u_x": 1, "u_y": -1, "u_z": -1, "l_x": 1, "l_y": -1, "l_z": -1, "w_x": 1, "w_z": -1}
FOOT_FLAT = 170.0  # foot: x-rotation sum along the leg chain (180 = the top of the foot flat on the floor)


def arm(s: str, p: str) -> str:
    return f"{p[0]}{s}_{p[2:]}"


def af_pose(ph: dict, x) -> dict:
    """The pose of parameter vector x (NAMES; deg, ty / tz in cm)."""
    v = {n: float(x[i]) for i, n in enumerate(NAMES)}
    p = {"root": (v["rx"], 0.0, 0.0), "root_translation": (0.0, v["ty"] / 100.0, v["tz"] / 100.0)}
    for s in ("L", "R"):
        p[f"upperleg01.{s}"] = (v[f"hip{s}_x"], v[f"hip{s}_y"], v[f"hip{s}_z"])
        p[f"lowerleg01.{s}"] = (v[f"knee{s}"], 0.0, 0.0)
        p[f"foot.{s}"] = (v[f"foot{s}"] - (v["rx"] + v[f"hip{s}_x"] + v[f"knee{s}"]), 0.0, 0.0)
        p[f"upperarm01.{s}"] = (v[f"u{s}_x"], v[f"u{s}_y"], v[f"u{s}_z"])
        p[f"lowerarm01.{s}"] = (v[f"l{s}_x"], v[f"l{s}_y"], v[f"l{s}_z"])
        p[f"wrist.{s}"] = (v[f"w{s}_x"], 0.0, v[f"w{s}_z"])
    return add_poses(neutral_stance(ph), p, trunk_lean(v["lum"], LUMBAR))


X0 = np.zeros(len(NAMES))
for _n, _v in {"rx": 88.0, "tz": 0.0, "hipL_x": -88.0, "hipR_x": -88.0, "kneeL": 90.0, "kneeR": 90.0,
               "footL": FOOT_FLAT, "footR": FOOT_FLAT, "uL_x": -85.0, "uL_y": 44.0, "lL_x": 20.0,
               "lL_z": 20.0, "wL_x": -80.0}.items():
    X0[IX[_n]] = _v
for _p in ARM:
    X0[IX[arm("R", _p)]] = ARM_MIRROR[_p] * X0[IX[arm("L", _p)]]


@lru_cache(maxsize=None)
def _masks() -> dict:
    import body

    lab = body.dominant_bone_labels()
    base = [s.split(".")[0] for s in lab]
    side = [s.split(".")[1] if "." in s else "" for s in lab]

    def m(prefixes, s):
        return np.array([b.startswith(tuple(prefixes)) and sd == s for b, sd in zip(base, side)])

    out = {}
    for s in ("L", "R"):
        out[f"hand{s}"] = m(["wrist", "finger", "metacarpal"], s)
        out[f"knee{s}"] = m(["upperleg02", "lowerleg01"], s)
        out[f"thigh{s}"] = m(["upperleg01", "upperleg02"], s)
        out[f"shin{s}"] = m(["lowerleg01", "lowerleg02"], s)
        out[f"foot{s}"] = m(["foot", "toe"], s)
        out[f"leg{s}"] = m(["upperleg", "lowerleg", "foot", "toe"], s)
    out["nohands"] = ~(out["handL"] | out["handR"])
    return out


def _zmin(V, mask) -> float:
    return float(V[mask][:, 2].min())


def _elbow(bp, s) -> float:
    sh, el, wr = _P(bp, f"upperarm01.{s}"), _P(bp, f"lowerarm01.{s}"), _P(bp, f"wrist.{s}")
    a, b = sh - el, wr - el
    return 180.0 - float(np.degrees(np.arccos(np.clip(a @ b / np.linalg.norm(a) / np.linalg.norm(b), -1, 1))))


def _line_deg(a, b) -> float:
    """The sagittal angle of a->b against the horizontal (+ = b higher); the body faces -y, lateral x."""
    d = b - a
    return float(np.degrees(np.arctan2(d[2], abs(d[1]))))


def _palm(bp, s) -> list:
    """The hand flat on the floor, fingers forward: knuckle (finger3-1) level with the wrist, index
    and little finger knuckles level, the knuckle straight ahead of the wrist (cm)."""
    w, k3 = _P(bp, f"wrist.{s}"), _P(bp, f"finger3-1.{s}")
    k2, k5 = _P(bp, f"finger2-1.{s}"), _P(bp, f"finger5-1.{s}")
    return [100.0 * (k3[2] - w[2] - 0.01), 100.0 * (k2[2] - k5[2]), 100.0 * (k3[0] - w[0])]


REG = 0.01  # pull of every free parameter toward its start value (per deg / cm)


def _solve(ph: dict, x0, free: list, targets) -> tuple:
    """x (NAMES) with the free parameters solved so that targets(bp, V, a, x) ~ 0, plus a weak pull
    toward x0. Returns (x, max |main residual|)."""
    a0 = np.asarray(x0, float)
    fi = [IX[n] for n in free]

    def full(v):
        x = a0.copy()
        x[fi] = v
        return x

    queue = []

    def make(v):
        queue.append(full(v))
        return af_pose(ph, full(v))

    def resid(bp, V, a):
        x = queue.pop(0)
        r = list(targets(bp, V, a, x))
        resid.nmain = len(r)
        return r + list(REG * (x[fi] - a0[fi]))

    v, r = fit(ph, make, resid, a0[fi], iters=40)
    return full(v), float(np.abs(np.asarray(r)[:resid.nmain]).max())


def _arm_targets(bp, V, s, anchor=None, elbow=3.0):
    """The hand of side s on the floor, flat; under the shoulder (anchor None) or at anchor (wrist xyz)."""
    M = _masks()
    sh, wr = _P(bp, f"upperarm01.{s}"), _P(bp, f"wrist.{s}")
    r = [100.0 * _zmin(V, M[f"hand{s}"])] + _palm(bp, s)
    if anchor is None:
        r += [100.0 * (wr[0] - sh[0]), 100.0 * (wr[1] - sh[1]), _elbow(bp, s) - elbow]
    else:
        r += [100.0 * (wr[i] - anchor[i]) for i in range(3)]
    return r


def _arm_free(s):
    return [arm(s, p) for p in ARM]


def _mirror_arms(x):
    x = np.asarray(x, float).copy()
    for p in ARM:
        x[IX[arm("R", p)]] = ARM_MIRROR[p] * x[IX[arm("L", p)]]
    return x


def _bp(ph, xs):
    import body

    res = body.run(ph, [af_pose(ph, x) for x in xs])
    return res["bone_poses"], res["vertices"]


def _anchors(ph, x) -> dict:
    bp, V = _bp(ph, [x])
    bp, V = bp[0], V[0]
    return {k: tuple(float(q) for q in _P(bp, b)) for k, b in
            [("wristL", "wrist.L"), ("wristR", "wrist.R"), ("kneeL", "lowerleg01.L"), ("kneeR", "lowerleg01.R"),
             ("hipL", "upperleg01.L"), ("hipR", "upperleg01.R"), ("ankleL", "foot.L"), ("ankleR", "foot.R"),
             ("shL", "upperarm01.L"), ("shR", "upperarm01.R")]}


@lru_cache(maxsize=None)
def allfours_key(pk: tuple) -> tuple:
    """All fours, symmetric (the right limbs mirror the left): thighs vertical, knees on the floor,
    the shins level and the tops of the feet down, hands flat under the shoulders, arms straight."""
    ph = dict(pk)
    M = _masks()

    def sym(v):  # the right side copies the left
        x = np.asarray(v, float).copy()
        for a, b in [("hipR_x", "hipL_x"), ("kneeR", "kneeL")]:
            x[IX[a]] = x[IX[b]]
        return _mirror_arms(x)

    free = ["ty", "tz", "rx", "hipL_x", "kneeL"] + _arm_free("L")

    def tg(bp, V, a, x):
        mid_sh_y = 0.5 * (_P(bp, "upperarm01.L")[1] + _P(bp, "upperarm01.R")[1])
        return ([100.0 * _zmin(V, M["kneeL"]), a["left_thigh_vs_vertical_deg"], 100.0 * _zmin(V, M["footL"]),
                 100.0 * mid_sh_y] + _arm_targets(bp, V, "L"))

    x, e = _solve_sym(ph, X0, free, tg, sym)
    return tuple(float(q) for q in x), e


def _solve_sym(ph, x0, free, targets, sym):
    """_solve with the pose symmetrised by sym before posing."""
    a0 = np.asarray(x0, float)
    fi = [IX[n] for n in free]

    def full(v):
        x = a0.copy()
        x[fi] = v
        return sym(x)

    queue = []

    def make(v):
        queue.append(full(v))
        return af_pose(ph, full(v))

    def resid(bp, V, a):
        x = queue.pop(0)
        r = list(targets(bp, V, a, x))
        resid.nmain = len(r)
        return r + list(REG * (x[fi] - a0[fi]))

    v, r = fit(ph, make, resid, a0[fi], iters=40)
    return full(v), float(np.abs(np.asarray(r)[:resid.nmain]).max())


TOL = 1.5  # largest accepted main residual of a solved key (cm / deg; the palm-flat terms and the
# straight elbow give way by up to this much to the pull toward the start values)


def _check(name, what, e):
    if e > TOL:
        raise RuntimeError(f"{name}: the {what} pose missed its targets by {e:.3f}")


def _support_targets(bp, V, legs, arms, anc):
    """Supporting limbs: each leg in legs keeps its knee joint centre at its anchor (y, z) and its foot
    on the floor; each arm in arms keeps its wrist at its anchor, the hand flat on the floor."""
    M = _masks()
    r = []
    for s in legs:
        kn = _P(bp, f"lowerleg01.{s}")
        r += [100.0 * (kn[1] - anc[f"knee{s}"][1]), 100.0 * (kn[2] - anc[f"knee{s}"][2]),
              100.0 * _zmin(V, M[f"foot{s}"])]
    for s in arms:
        r += _arm_targets(bp, V, s, anchor=anc[f"wrist{s}"])
    return r


def _support_free(legs, arms):
    return [q for s in legs for q in (f"hip{s}_x", f"knee{s}")] + [q for s in arms for q in _arm_free(s)]


@lru_cache(maxsize=None)
def support_key(pk: tuple, x: tuple, legs: tuple, arms: tuple, anc_x: tuple, root: tuple = ("ty", "tz")) -> tuple:
    """x with the root translation (and the root names in root) and the supporting limbs re-solved so
    that they stay where anc_x (a solved key) has them. Returns (x, err)."""
    ph = dict(pk)
    anc = _anchors(ph, anc_x)

    def tg(bp, V, a, xx):
        return _support_targets(bp, V, legs, arms, anc)

    xs, e = _solve(ph, x, list(root) + _support_free(legs, arms), tg)
    return tuple(float(q) for q in xs), e


# ---- bird-dog -------------------------------------------------------------------------------------------

BD_ROCK_THIGH = -45.0  # setup: rocked back toward the heels, thighs this far in front of the vertical (deg)
BD_KNEE = 2.0  # the lifted leg's knee flexion at the top (deg)
BD_ELBOW = 3.0  # the arms' elbow flexion (deg)
BD_ARCH_TILT = 15.0  # arch: anterior pelvic tilt (root) and lumbar extension (deg)
# per variant: (leg, arm) target angles against the horizontal at the top (deg), hold (s)
BD_TOP = {"good": (0.0, 0.0, 2.0), "low": (-30.0, -30.0, 2.0), "arch": (20.0, 0.0, 2.0), "no_hold": (0.0, 0.0, 0.3)}
BD_FAULTS = {"good": [], "low": ["not-level"], "arch": ["back-arch"], "no_hold": ["no-hold"]}
BD_UP_S, BD_DOWN_S, BD_STILL_S, BD_START_S = 1.0, 1.0, 0.8, 2.8
BD_NOT_LEVEL_DEG = -15.0  # fault rule: a top below this (leg or arm) is not level
BD_ARCH_DEG = 8.0  # fault rule: pelvic tilt change above this is a back arch
BD_NO_HOLD_S = 1.0  # fault rule: a top hold shorter than this


@lru_cache(maxsize=None)
def rock_key(pk: tuple) -> tuple:
    """Setup: rocked back toward the heels, the hands and knees where all fours has them."""
    ph = dict(pk)
    x_af, _ = allfours_key(pk)
    anc = _anchors(ph, x_af)

    def sym(v):
        x = np.asarray(v, float).copy()
        for a, b in [("hipR_x", "hipL_x"), ("kneeR", "kneeL")]:
            x[IX[a]] = x[IX[b]]
        return _mirror_arms(x)

    def tg(bp, V, a, x):
        return [a["left_thigh_vs_vertical_deg"] - BD_ROCK_THIGH] + _support_targets(bp, V, ("L",), ("L",), anc)

    x0 = np.asarray(x_af).copy()
    x0[IX["rx"]] += 25.0
    x0[IX["hipL_x"]] -= 60.0
    x, e = _solve_sym(ph, x0, ["ty", "tz", "rx"] + _support_free(("L",), ("L",)), tg, sym)
    return tuple(float(q) for q in x), e


@lru_cache(maxsize=None)
def reach_key(pk: tuple, leg: str, leg_deg: float, arm_deg: float, arch: bool) -> tuple:
    """The top of a bird-dog rep: leg `leg` straight (knee BD_KNEE) at leg_deg (hip->ankle against the
    horizontal), the other arm straight forward at arm_deg (shoulder->wrist), the hand in line with
    the forearm. Not arch: the trunk and the supporting limbs as all fours. Arch: the pelvis
    BD_ARCH_TILT anterior, the lumbar spine as much in extension, the supporting knee and hand
    re-solved onto their floor points."""
    ph = dict(pk)
    x_af, _ = allfours_key(pk)
    o = OTHER[leg]
    side = {"L": "left", "R": "right"}[leg]
    x0 = np.asarray(x_af).copy()
    x0[IX[f"hip{leg}_x"]] += 85.0
    x0[IX[f"knee{leg}"]] -= 85.0
    x0[IX[f"w{o}_x"]] = 0.0
    x0[IX[f"u{o}_x"]] -= 80.0
    free = [f"hip{leg}_x", f"knee{leg}"] + _arm_free(o)
    if arch:
        x0[IX["rx"]] += BD_ARCH_TILT
        x0[IX["lum"]] -= BD_ARCH_TILT
        free += ["ty", "tz"] + _support_free((o,), (leg,))
    anc = _anchors(ph, x_af)

    def tg(bp, V, a, x):
        sh, wr = _P(bp, f"upperarm01.{o}"), _P(bp, f"wrist.{o}")
        r = [a[f"{side}_knee_flexion_deg"] - BD_KNEE,
             _line_deg(_P(bp, f"upperleg01.{leg}"), _P(bp, f"foot.{leg}")) - leg_deg,
             _line_deg(sh, wr) - arm_deg, 100.0 * (wr[0] - sh[0]), _elbow(bp, o) - BD_ELBOW]
        # the hand in line with the forearm (wrist->middle knuckle along elbow->wrist)
        el, k3 = _P(bp, f"lowerarm01.{o}"), _P(bp, f"finger3-1.{o}")
        u1, u2 = (wr - el) / np.linalg.norm(wr - el), (k3 - wr) / np.linalg.norm(k3 - wr)
        r += [10.0 * (u2[0] - u1[0]), 10.0 * (u2[2] - u1[2])]
        if arch:
            r += _support_targets(bp, V, (o,), (leg,), anc)
        return r

    x, e = _solve(ph, x0, free, tg)
    return tuple(float(q) for q in x), e


BD_CLIPS = [  # (name, body, near side, variant, yaw)
    ("bd_man_right_good", "man", "R", "good", 0.0),
    ("bd_slim_left_good", "slim", "L", "good", 0.0),
    ("bd_old_right_low", "old", "R", "low", 0.0),
    ("bd_man_left_low", "man", "L", "low", 0.0),
    ("bd_slim_right_arch", "slim", "R", "arch", 0.0),
    ("bd_old_left_arch", "old", "L", "arch", 0.0),
    ("bd_old_right_no_hold", "old", "R", "no_hold", 0.0),
    ("bd_slim_left_no_hold", "slim", "L", "no_hold", 0.0),
]
# Rendered after the tuning was closed, to count more clean reps: held-out, never split.
BD_FRESH = [("bd_old_left_good", "old", "L", "good", 10.0)]


def _lerp(a, b, u):
    return tuple(float(p + u * (q - p)) for p, q in zip(a, b))


def bd_clip(name: str) -> ProgrammeScenario:
    _, bk, side, variant, yaw = next(c for c in BD_CLIPS + BD_FRESH if c[0] == name)
    ph = BODIES[bk]
    pk = _key(ph)
    x_af, e = allfours_key(pk)
    _check(name, "all fours", e)
    x_rock, e = rock_key(pk)
    _check(name, "rocked back", e)
    mids_in = [_lift_mid(pk, x_rock, x_af, u, x_af)[0] for u in (0.25, 0.5, 0.75)]
    leg_deg, arm_deg, hold = BD_TOP[variant]
    arch = variant == "arch"
    tops = {}
    for leg in (side, OTHER[side]):
        x, e = reach_key(pk, leg, leg_deg, arm_deg, arch)
        _check(name, f"{leg} top", e)
        tops[leg] = x
    mids = {}
    if arch:  # halfway up: the supporting knee and hand kept on their floor points
        for leg in tops:
            o = OTHER[leg]
            x, e = support_key(pk, _lerp(x_af, tops[leg], 0.5), (o,), (leg,), x_af)
            _check(name, f"{leg} halfway", e)
            mids[leg] = x
    keys = [Key(0.0, af_pose(ph, x_rock), "rocked back"), Key(0.6, af_pose(ph, x_rock), "rocked back"),
            Key(0.95, af_pose(ph, mids_in[0]), "forward 1/4"), Key(1.3, af_pose(ph, mids_in[1]), "forward 1/2"),
            Key(1.65, af_pose(ph, mids_in[2]), "forward 3/4"), Key(2.0, af_pose(ph, x_af), "all fours")]
    t = BD_START_S
    reps = []
    for i in range(4):
        leg = side if i % 2 == 0 else OTHER[side]
        a, b, c, d = t, t + BD_UP_S, t + BD_UP_S + hold, t + BD_UP_S + hold + BD_DOWN_S
        keys.append(Key(a, af_pose(ph, x_af), f"rep {i + 1} start"))
        if leg in mids:
            keys.append(Key(0.5 * (a + b), af_pose(ph, mids[leg]), f"rep {i + 1} halfway up"))
        keys += [Key(b, af_pose(ph, tops[leg]), f"rep {i + 1} top"), Key(c, af_pose(ph, tops[leg]), f"rep {i + 1} top end")]
        if leg in mids:
            keys.append(Key(0.5 * (c + d), af_pose(ph, mids[leg]), f"rep {i + 1} halfway down"))
        keys.append(Key(d, af_pose(ph, x_af), f"rep {i + 1} down"))
        reps.append({"side": SIDE[leg], "arm_side": SIDE[OTHER[leg]], "start_s": round(a, 3), "top_s": round(b, 3),
                     "top_end_s": round(c, 3), "end_s": round(d, 3), "faults": list(BD_FAULTS[variant])})
        t = d + BD_STILL_S
    dur = round(t, 3)
    keys.append(Key(dur, af_pose(ph, x_af), "end"))
    facing = "right" if side == "R" else "left"
    text = (f"Bird-dog, {BODY_TEXT[bk]}, side view (camera on the subject's {SIDE[side]}, the head toward "
            f"image-{facing}). 0-0.6 s rocked back toward the heels (thighs {-BD_ROCK_THIGH:g} deg in front of "
            f"the vertical, hands and knees on the floor), 0.6-2 s forward onto all fours (thighs vertical, "
            f"wrists under the shoulders, arms straight, the shins and the tops of the feet on the floor), "
            f"still to {BD_START_S:g} s. Then 4 reps, alternating, the near ({SIDE[side]}) leg with the far arm "
            f"first: {BD_UP_S:g} s up (the leg straight, knee {BD_KNEE:g} deg, hip->ankle line to {leg_deg:+g} "
            f"deg against the horizontal; the other arm straight forward, shoulder->wrist to {arm_deg:+g} deg), "
            f"hold {hold:g} s, {BD_DOWN_S:g} s back down, {BD_STILL_S:g} s still.")
    if arch:
        text += (f" Each top: the pelvis tips {BD_ARCH_TILT:g} deg anterior and the lumbar spine extends "
                 f"{BD_ARCH_TILT:g} deg (a back arch); the supporting knee and hand stay on their floor points.")
    else:
        text += " The trunk and the supporting knee and hand do not move."
    prog = {"activity": "bird_dog", "variant": variant, "body": bk, "near_side": SIDE[side],
            "expected_rep_count": 4, "expected_reps_per_side": {"left": 2, "right": 2}, "reps": reps,
            "top_target_leg_vs_horizontal_deg": leg_deg, "top_target_arm_vs_horizontal_deg": arm_deg,
            "fault_rules": {"not-level": f"peak leg or arm line below {BD_NOT_LEVEL_DEG:g} deg against the horizontal",
                            "back-arch": f"pelvic tilt change (anterior) above {BD_ARCH_DEG:g} deg during the rep",
                            "no-hold": f"top hold shorter than {BD_NO_HOLD_S:g} s"}}
    cam = Camera(facing=facing, yaw_deg=yaw, width=960, height=540, height_m=0.6, pitch_deg=12.0, body_px=320.0)
    return ProgrammeScenario(name=name, keys=keys, duration_s=dur, phenotype=ph, camera=cam,
                             outfit=_outfit(ph), base_pose={}, floor_z=0.0, notes=text, programme=prog)


# ---- pigeon ---------------------------------------------------------------------------------------------

PP_TRUNK = 40.0  # trunk_lean in the pigeon (deg forward of the vertical)
PP_HIGH_M = 0.15  # hips-high: the mid-hip this much higher (m)
PP_KNEE_BENT = 50.0  # knee-bent: the back knee flexion (deg)


PP_BACK_KNEE = 8.0  # the back knee flexion in the pigeon (deg)


def _pp_arm_targets(bp, V, anc):
    """Both hands flat on the floor where all fours has them (the elbows bend as they must)."""
    return _arm_targets(bp, V, "L", anchor=anc["wristL"]) + _arm_targets(bp, V, "R", anchor=anc["wristR"])


def _pp_front_targets(bp, V, f, back, anc, thigh_down=True):
    """The front leg f folded: its knee out under the same-side shoulder, the shin across under the
    body (the ankle under the other hip), level and on the floor; thigh_down: the thigh on the floor."""
    M = _masks()
    kn, an = _P(bp, f"lowerleg01.{f}"), _P(bp, f"foot.{f}")
    r = [100.0 * (kn[0] - anc[f"sh{f}"][0]), 100.0 * (an[0] - anc[f"hip{back}"][0]), 100.0 * (kn[2] - an[2]),
         100.0 * min(_zmin(V, M[f"shin{f}"]), _zmin(V, M[f"foot{f}"]))]
    if thigh_down:
        r.append(100.0 * _zmin(V, M[f"thigh{f}"]))
    return r


def _pp_free(back):
    f = OTHER[back]
    return ([f"hip{back}_x", f"knee{back}", f"hip{f}_x", f"hip{f}_y", f"hip{f}_z", f"knee{f}"]
            + _arm_free("L") + _arm_free("R"))


def _mid_hip(bp):
    return 0.5 * (_P(bp, "upperleg01.L") + _P(bp, "upperleg01.R"))


@lru_cache(maxsize=None)
def pigeon_key(pk: tuple, back: str) -> tuple:
    """The pigeon with back leg `back` (see the module docstring): the hips as low as the front
    thigh allows, the back knee PP_BACK_KNEE, the top of the back foot on the floor."""
    ph = dict(pk)
    M = _masks()
    f = OTHER[back]
    side = {"L": "left", "R": "right"}[back]
    x_af, _ = allfours_key(pk)
    anc = _anchors(ph, x_af)
    sgn = 1.0 if f == "L" else -1.0  # +x = the subject's left
    x0 = np.asarray(x_af).copy()
    x0[IX["rx"]] = 45.0
    x0[IX["tz"]] -= 30.0
    x0[IX["ty"]] += 15.0
    x0[IX[f"hip{back}_x"]] = -30.0
    x0[IX[f"knee{back}"]] = 5.0
    x0[IX[f"hip{f}_x"]] = -110.0
    x0[IX[f"hip{f}_z"]] = -sgn * 40.0
    x0[IX[f"knee{f}"]] = 100.0

    def tg(bp, V, a, x):
        return ([a["trunk_lean_deg"] - PP_TRUNK, a[f"{side}_knee_flexion_deg"] - PP_BACK_KNEE,
                 100.0 * _zmin(V, M[f"foot{back}"])] + _pp_front_targets(bp, V, f, back, anc) + _pp_arm_targets(bp, V, anc))

    x, e = _solve(ph, x0, ["ty", "tz", "rx"] + _pp_free(back), tg)
    return tuple(float(q) for q in x), e


@lru_cache(maxsize=None)
def pp_fault_key(pk: tuple, back: str, kind: str) -> tuple:
    """hips_high: the mid-hip PP_HIGH_M straight above where the pigeon has it, the back leg as
    straight, its foot on the floor, the front shin on the floor (the thigh lifts), the hands as in
    the pigeon. knee_bent: the back knee to PP_KNEE_BENT, its lowest point where the pigeon has it."""
    ph = dict(pk)
    M = _masks()
    f = OTHER[back]
    side = {"L": "left", "R": "right"}[back]
    x_af, _ = allfours_key(pk)
    x_pp, _ = pigeon_key(pk, back)
    anc = _anchors(ph, x_af)
    bp0, V0 = _bp(ph, [x_pp])
    hip0 = _mid_hip(bp0[0])
    knee_z0 = _zmin(V0[0], M[f"knee{back}"])
    x0 = np.asarray(x_pp).copy()
    if kind == "hips_high":
        x0[IX["tz"]] += 100.0 * PP_HIGH_M
        x0[IX["rx"]] -= 10.0

        def tg(bp, V, a, x):
            h = _mid_hip(bp)
            return ([100.0 * (h[2] - hip0[2] - PP_HIGH_M), 100.0 * (h[1] - hip0[1]),
                     a[f"{side}_knee_flexion_deg"] - PP_BACK_KNEE, 100.0 * _zmin(V, M[f"foot{back}"])]
                    + _pp_front_targets(bp, V, f, back, anc, thigh_down=False) + _pp_arm_targets(bp, V, anc))

        free = ["ty", "tz", "rx"] + _pp_free(back)
    else:
        x0[IX[f"knee{back}"]] = PP_KNEE_BENT

        def tg(bp, V, a, x):
            return [a[f"{side}_knee_flexion_deg"] - PP_KNEE_BENT, 100.0 * (_zmin(V, M[f"knee{back}"]) - knee_z0)]

        free = [f"hip{back}_x", f"knee{back}"]
    x, e = _solve(ph, x0, free, tg)
    return tuple(float(q) for q in x), e


PP_CLIPS = [  # (name, body, back (= near) leg, variant, yaw)
    ("pp_man_right_good", "man", "R", "good", 0.0),
    ("pp_slim_left_good", "slim", "L", "good", 0.0),
    ("pp_old_left_hips_high", "old", "L", "hips_high", 0.0),
    ("pp_slim_right_hips_high", "slim", "R", "hips_high", 0.0),
    ("pp_man_left_knee_bent", "man", "L", "knee_bent", 0.0),
    ("pp_old_right_knee_bent", "old", "R", "knee_bent", 0.0),
]
PP_FORM = {"hips_high": "hips-high", "knee_bent": "knee-bent"}


def _lift_mid(pk, xa, xb, u, anc_x):
    """A key between xa and xb: the parameters interpolated, then the hands re-solved onto their
    floor points in anc_x where they can reach them (else they stay interpolated), and the whole
    body raised off the floor if any part would be below it."""
    ph = dict(pk)
    x0 = tuple(float(q) for q in _lerp(xa, xb, u))
    xs, e = support_key(pk, x0, (), ("L", "R"), anc_x, root=())
    x = np.asarray(xs if e <= TOL else x0)
    _, V = _bp(ph, [x])
    z = float(V[0][:, 2].min())
    if z < 0.001:
        x[IX["tz"]] += 100.0 * (0.001 - z)
    return tuple(float(q) for q in x), 0.0


def _floor_lift(ph, x):
    """x raised (tz) so that no vertex is below the floor (the solved contacts give way by a few mm)."""
    x = np.asarray(x, float).copy()
    _, V = _bp(ph, [x])
    z = float(V[0][:, 2].min())
    if z < 0.0:
        x[IX["tz"]] -= 100.0 * z
    return tuple(float(q) for q in x)


def pp_clip(name: str) -> ProgrammeScenario:
    _, bk, side, variant, yaw = next(c for c in PP_CLIPS if c[0] == name)
    ph = BODIES[bk]
    pk = _key(ph)
    x_af, e = allfours_key(pk)
    _check(name, "all fours", e)
    x_pp, e = pigeon_key(pk, side)
    _check(name, "pigeon", e)
    P = {"allfours": x_af, "pigeon": x_pp}
    marks = [(0.0, "allfours"), (2.0, "allfours")]
    for u in (0.2, 0.4, 0.6, 0.8):
        x, e = _lift_mid(pk, x_af, x_pp, u, x_af)
        P[f"in{u:g}"] = x
        marks.append((2.0 + 2.0 * u, f"in{u:g}"))
    marks.append((4.0, "pigeon"))
    segs = [(0.0, 2.0, "setup"), (2.0, 4.0, "moving")]
    if variant == "good":
        marks.append((14.0, "pigeon"))
        segs.append((4.0, 14.0, "good"))
    else:
        x, e = pp_fault_key(pk, side, variant)
        _check(name, variant, e)
        P[variant] = x
        x, e = _lift_mid(pk, x_pp, P[variant], 0.5, x_af)
        _check(name, f"{variant} halfway", e)
        P["half"] = x
        f_t = (7.0, 8.0, 11.0, 12.0)
        end = f_t[3] + 3.0
        marks += [(f_t[0], "pigeon"), (0.5 * (f_t[0] + f_t[1]), "half"), (f_t[1], variant), (f_t[2], variant),
                  (0.5 * (f_t[2] + f_t[3]), "half"), (f_t[3], "pigeon"), (end, "pigeon")]
        segs += [(4.0, f_t[0], "good"), (f_t[0], f_t[1], "moving"), (f_t[1], f_t[2], PP_FORM[variant]),
                 (f_t[2], f_t[3], "moving"), (f_t[3], end, "good")]
    P = {k: _floor_lift(ph, v) for k, v in P.items()}
    keys = [Key(t, af_pose(ph, P[k]), k) for t, k in marks]
    dur = marks[-1][0]
    facing = "right" if side == "R" else "left"
    good_s = round(sum(b - a for a, b, f in segs if f == "good"), 3)
    text = (f"Pigeon pose, {BODY_TEXT[bk]}, side view (camera on the subject's {SIDE[side]}, the back leg's "
            f"side; the head toward image-{facing}). 0-2 s on all fours (thighs vertical, wrists under the "
            f"shoulders), 2-4 s into the pigeon: the front ({SIDE[OTHER[side]]}) knee forward and out under the "
            f"same-side shoulder, the front shin across under the body on the floor, the hips lowered until the "
            f"front thigh rests on the floor, the back ({SIDE[side]}) leg slides back (knee flexion "
            f"{PP_BACK_KNEE:g} deg, the top of the foot on the floor), the hands stay where they were (the elbows "
            f"bend), the trunk {PP_TRUNK:g} deg forward of the vertical.")
    if variant == "good":
        text += f" Held to {dur:g} s."
    else:
        what = {"hips_high": f"the hips rise {PP_HIGH_M:g} m straight up (the back leg as straight, its foot "
                             "on the floor, its knee off the floor; the front shin on the floor, the front thigh "
                             "off it; the hands stay)",
                "knee_bent": f"the back knee bends to {PP_KNEE_BENT:g} deg (the foot lifts, the knee stays on "
                             "its floor point)"}[variant]
        text += (f" Good form to {f_t[0]:g} s, {f_t[0]:g}-{f_t[1]:g} s {what}, held to {f_t[2]:g} s, back "
                 f"into the pigeon by {f_t[3]:g} s, held to {end:g} s.")
    text += f" Good form {good_s:g} s in all."
    prog = {"activity": "pigeon", "variant": variant, "body": bk, "near_side": SIDE[side],
            "back_leg": SIDE[side], "front_leg": SIDE[OTHER[side]],
            "segments": [{"start_s": a, "end_s": b, "form": f} for a, b, f in segs], "good_form_s": good_s,
            "targets": {"back_knee_flexion_deg": PP_BACK_KNEE, "trunk_lean_deg": PP_TRUNK,
                        **({"hips_high_m": PP_HIGH_M} if variant == "hips_high" else {}),
                        **({"knee_bent_deg": PP_KNEE_BENT} if variant == "knee_bent" else {})}}
    cam = Camera(facing=facing, yaw_deg=yaw, width=960, height=540, height_m=0.7, pitch_deg=5.0, body_px=300.0)
    return ProgrammeScenario(name=name, keys=keys, duration_s=dur, phenotype=ph, camera=cam,
                             outfit=_outfit(ph), base_pose={}, floor_z=0.0, notes=text, programme=prog)


# ---- split, registration, truth ---------------------------------------------------------------------------

def splits() -> dict:
    """name -> "tuning" | "heldout": pc.splits over this module's lists and seed; the
    fresh clips are held-out."""
    return pc.splits((BD_CLIPS, PP_CLIPS), SPLIT_SEED) | {c[0]: "heldout" for c in BD_FRESH}


SPLITS = splits()


BUILDERS = {c[0]: pc.register_split(c[0], bd_clip, SPLITS, SPLIT_SEED) for c in BD_CLIPS + BD_FRESH}
BUILDERS.update({c[0]: pc.register_split(c[0], pp_clip, SPLITS, SPLIT_SEED) for c in PP_CLIPS})


def extra_columns(BP: np.ndarray, ang: dict) -> dict:
    """Per frame: the bird-dog / pigeon columns (see BD_NOTE / PP_NOTE), all clips get all of them."""
    import render
    import truthcalc

    idx = render.bone_indices()
    P = BP[:, :, :3, 3]
    _, fwd = truthcalc.sagittal_axes(BP)
    bones = _bones_index()

    def line(a, b, signed_fwd=False):
        d = b - a
        f = (d * fwd).sum(1)
        return np.degrees(np.arctan2(d[:, 2], f if signed_fwd else np.abs(f)))

    out = {}
    for s, S in (("left", "L"), ("right", "R")):
        out[f"{s}_leg_vs_horizontal_deg"] = line(P[:, idx[f"{s}_hip"]], P[:, idx[f"{s}_ankle"]])
        out[f"{s}_arm_vs_horizontal_deg"] = line(P[:, idx[f"{s}_shoulder"]], P[:, bones[f"wrist.{S}"]])
    mh = 0.5 * (P[:, idx["left_hip"]] + P[:, idx["right_hip"]])
    ms = 0.5 * (P[:, idx["left_shoulder"]] + P[:, idx["right_shoulder"]])
    out["trunk_vs_horizontal_deg"] = line(mh, ms, signed_fwd=True)
    out["hip_height_m"] = mh[:, 2].copy()
    out["_thigh"] = {s: np.linalg.norm(P[:, idx[f"{s}_knee"]] - P[:, idx[f"{s}_hip"]], axis=1) for s in ("left", "right")}
    return out


def _bones_index() -> dict:
    import body

    return {b: i for i, b in enumerate(body.model().bone_labels)}


def _extra_fn(activity, back=None):
    def fn(BP, ang):
        e = extra_columns(BP, ang)
        th = e.pop("_thigh")
        if activity == "bird_dog":
            return {k: v for k, v in e.items() if k != "hip_height_m"}
        return {"hip_height_m": e["hip_height_m"], "hip_height_ratio": e["hip_height_m"] / th[back]}
    return fn


BD_NOTE = ("Bird-dog truth (truth.csv extra columns, degrees, in the body's sagittal plane (forward = the way the head "
           "points, up)): left/right_leg_vs_horizontal_deg = hip joint centre (upperleg01) -> ankle joint centre "
           "(foot) against the horizontal, + = the ankle above the hip; left/right_arm_vs_horizontal_deg = shoulder "
           "(upperarm01) -> wrist (wrist bone head) against the horizontal, + = the wrist above the shoulder (on all "
           "fours about -90); trunk_vs_horizontal_deg = mid-hip -> mid-shoulder against the horizontal, + = the "
           "shoulders higher. reps: side = the leg that lifts (the arm of the other side reaches, arm_side); a rep "
           "runs from start_s (leaving all fours) to end_s (back on all fours), top_s..top_end_s is the hold; "
           "peak_leg/arm_vs_horizontal_deg = the lifting leg's / reaching arm's maximum in the rep; "
           "max_trunk_change_deg = max |trunk_vs_horizontal - its value at start_s| in the rep; "
           "max_pelvic_tilt_change_deg = max |pelvic_tilt_deg - its value at start_s| in the rep (+ anterior in "
           "pelvic_tilt_deg; pelvic_tilt_deg itself is relative to frame 0, rocked back toward the heels). "
           "0-2 s getting into place (not a rep). faults per rep: not-level (leg or arm top below the horizontal "
           "by more than 15 deg), back-arch (anterior pelvic tilt change above 8 deg, the lumbar spine extended), "
           "no-hold (top held less than 1 s).")
PP_NOTE = ("Pigeon truth: segments cover the clip; form 'setup' = on all fours, 'moving' = a transition (eased keys), "
           "'good' = the pigeon (hips as low as the folded front leg allows: the front thigh on the floor; back knee "
           "flexion 8 deg; hands on the floor; trunk 40 deg forward of the vertical), 'hips-high' = the mid-hip 0.15 m "
           "higher, 'knee-bent' = back knee flexion 50 deg; good_form_s = the summed 'good' segments. truth.csv extra "
           "columns: hip_height_m = the mid-hip joint centre (upperleg01 heads) height above the floor; "
           "hip_height_ratio = hip_height_m / the back thigh length (back hip -> back knee joint centre, 3D). The back "
           "knee flexion is <back_leg>_knee_flexion_deg in truth.csv. segments[].mean: per non-moving segment the "
           "mean of those columns and trunk_lean_deg.")


def allfours_truth(sc: ProgrammeScenario, t: np.ndarray, ang: dict) -> dict:
    prog = json.loads(json.dumps(sc.programme))
    prog["split_seed"] = SPLIT_SEED
    if prog["activity"] == "bird_dog":
        for r in prog["reps"]:
            m = (t >= r["start_s"] - 1e-6) & (t <= r["end_s"] + 1e-6)
            i0 = int(np.argmax(m))
            r["peak_leg_vs_horizontal_deg"] = round(float(ang[f"{r['side']}_leg_vs_horizontal_deg"][m].max()), 2)
            r["peak_arm_vs_horizontal_deg"] = round(float(ang[f"{r['arm_side']}_arm_vs_horizontal_deg"][m].max()), 2)
            tr = ang["trunk_vs_horizontal_deg"]
            r["max_trunk_change_deg"] = round(float(np.abs(tr[m] - tr[i0]).max()), 2)
            pt = ang["pelvic_tilt_deg"]
            r["max_pelvic_tilt_change_deg"] = round(float(np.abs(pt[m] - pt[i0]).max()), 2)
            r["hold_s"] = round(r["top_end_s"] - r["top_s"], 3)
        prog["note"] = BD_NOTE
    else:
        back = prog["back_leg"]
        cols = ["hip_height_m", "hip_height_ratio", f"{back}_knee_flexion_deg", "trunk_lean_deg"]
        for s in prog["segments"]:
            if s["form"] != "moving":
                s["mean"] = pc._seg_stats(t, ang, s["start_s"], s["end_s"], cols)
        prog["note"] = PP_NOTE
    return prog


def render(name: str, out: Path, png_frames=(), log=print) -> dict:
    sc = BUILDERS[name]()
    act = sc.programme["activity"]
    back = sc.programme.get("back_leg")
    return pc.render_clip(sc, out, png_frames, log, truth_fn=allfours_truth, extra_fn=_extra_fn(act, back))


def main(argv=None) -> int:
    return pc.clip_main(argv, __doc__, BD_CLIPS + BD_FRESH + PP_CLIPS, SPLITS, render)


if __name__ == "__main__":
    sys.exit(main())
