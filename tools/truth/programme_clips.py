#!/usr/bin/env python3
"""Exercise programme clips: the half-kneeling hip flexor stretch (`hk_*`), the glute bridge
(`gb_*`), the couch stretch (`cs_*`) and the forearm plank (`pl_*`), with per-frame truth and, in
truth.json, the form segments (half-kneeling, couch stretch, plank) or the reps (bridge), and a
fixed tuning / held-out split.

    python tools/truth/programme_clips.py --list
    python tools/truth/programme_clips.py --out samples/truth_programme [--only NAME ...] [--png 0 90]

Writes per clip what render.py writes (NAME.mp4, .truth.csv, .joints2d.csv, .truth.json), the
video as H.264 (PyAV, libx264, yuv420p), plus in truth.json: "activity", "variant", "split",
"segments" (hk) or "reps" and "expected_rep_count" (gb), and with the pelvis tape "tape" (as
truthset.py writes it). The clips are also registered as examples in scenarios.EXAMPLES, so
`render.py --out DIR --only NAME` renders the video and the per-frame truth of any of them too
(mp4v, without the tape strip; the programme truth then sits in truth.json "scenario" ->
"programme").

Posing: the body is placed by the root transform (rotation about the pelvis centre, translation)
and every key pose is solved numerically (`fit`: Gauss-Newton with finite differences on the
posed skeleton) for its contact points and its truth angles, so the truth values quoted in the
notes and truth.json are exact (to 0.05 deg / 1 mm).

- Half-kneeling (`hk_*`): the back (kneeling) leg is the near one. Its knee joint centre stays at
  one point over the floor (the front of the knee on the floor), the shank horizontal on the floor,
  the top of the foot down; the front foot flat on the floor. Neutral: torso upright, back thigh
  `HK_NEUTRAL_THIGH` deg behind the vertical, front knee about 90 deg. The tuck: posterior pelvic
  tilt (root rotation; the lumbar spine compensates so that the trunk line stays upright) and the
  hips forward (the back thigh turns about the fixed knee; the front knee bends over the fixed
  foot). Lost tuck: the pelvis tips anterior (relative to the kneeling neutral), the low back
  arches, trunk upright, the hips where they were. Trunk lean: the upper spine (spine03-01) leans
  forward, the pelvis stays tucked.
- Glute bridge (`gb_*`): supine on the floor (root -90 deg about the lateral axis), arms by the
  sides on the floor. Setup: the feet slide in (knees from 40 to 90 deg, the heels on the floor,
  hips down). Reps: the trunk turns about the mid-shoulder point (the shoulder joint centres stay
  where they are; the neck flexes so the head stays on the floor, the arms stay on the floor), the
  hips rise, the feet stay where they are (hip and knee solved for each foot); the top is solved
  for the hip extension (the angle between the hip->shoulder line and the thigh, 0 = shoulder,
  hip and knee in line).
- Couch stretch (`cs_*`): the back (kneeling) leg is the near one, its knee joint centre fixed over
  the floor (the lowest point of the knee / shin on the floor), the back shin rising
  `CS_SHANK_DEG` to a low couch behind (a box prop: a seat on legs, open below, and a back rest)
  with the top of the foot flat on the seat; the front foot flat. Start: trunk upright, back thigh
  `CS_START_THIGH`, pelvis neutral. The stretch: posterior tilt `CS_TUCK` and the hips forward
  (back thigh `CS_HOLD_THIGH`), the back knee, back foot and front foot fixed, so the back knee
  flexion falls from about 128 to about 114 deg. Faults: the trunk leans `CS_LEAN` forward
  (upper spine, pelvis tucked), or the back shin comes down onto the floor under the seat (back
  knee flexion `CS_KNEE_DOWN_FLEX`; a solved halfway key keeps the knee on the floor).
- Forearm plank (`pl_*`): prone (root about +85 deg about the lateral axis), the elbows under the
  shoulders and the forearms on the floor (arm rotations solved for the elbow / wrist positions,
  the right arm mirrored), legs straight, the toes on the floor. Every key keeps the elbows and
  wrists where the straight plank has them; the sag / pike keys also keep the ankles and solve the
  hip angle for body_line_deg = +/-`PL_FAULT_DEG`. Setup: kneeling on the knees and forearms,
  the feet stepping back (lifted halfway), the hips high, then down into the plank. truth.csv
  gets the extra column body_line_deg (see PL_NOTE).
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scenarios import MAN, _key, neutral_stance, scenario  # noqa: E402
from protocol_clips import MAN_OLD_HEAVY, OTHER, SIDE, WOMAN_SLIM, arms_folded, outfit_for  # noqa: E402
from spec import (  # noqa: E402
    ARMS_DOWN,
    LUMBAR,
    UPPER_TRUNK,
    Camera,
    Key,
    Outfit,
    Scenario,
    add_poses,
    trunk_lean,
)

GENERATOR = "tools/truth/programme_clips.py"
SPLIT_SEED = 20261205
TAPE_RGB = (40, 210, 60)


@dataclass
class ProgrammeScenario(Scenario):
    """A Scenario with the programme truth (activity, variant, segments or reps); render.py keeps
    it under truth.json "scenario" -> "programme", this module's renderer at the top level."""

    programme: dict = field(default_factory=dict)


# ---- numerical posing -----------------------------------------------------------------------------

def _bones():
    import body

    return body.model().bone_labels


def _P(bp: np.ndarray, bone: str) -> np.ndarray:
    return bp[_bones().index(bone), :3, 3]


def fit(ph: dict, make_pose, resid, x0, step=0.25, iters=30, tol=1e-4) -> tuple[np.ndarray, np.ndarray]:
    """Gauss-Newton with forward differences: x such that resid(res, pose) ~ 0, where res is
    body.run's output for make_pose(x) (one pose; resid gets per-pose slices: bone_poses (J, 4, 4),
    vertices (V, 3), and the truth angles dict of floats). Returns (x, residual)."""
    import body
    import render
    import truthcalc

    idx = render.bone_indices()
    x = np.asarray(x0, float).copy()
    n = len(x)

    def evaluate(xs):
        res = body.run(ph, [make_pose(v) for v in xs])
        ang = truthcalc.angles(res["bone_poses"], idx)
        out = []
        for i in range(len(xs)):
            a = {k: float(v[i]) for k, v in ang.items()}
            out.append(np.asarray(resid(res["bone_poses"][i], res["vertices"][i], a), float))
        return out

    r = evaluate([x])[0]
    for _ in range(iters):
        if np.abs(r).max() < tol:
            break
        X = [x + step * np.eye(n)[k] for k in range(n)]
        R = evaluate(X)
        J = np.stack([(rk - r) / step for rk in R], 1)
        dx = -np.linalg.lstsq(J, r, rcond=None)[0]
        big = np.abs(dx).max()
        if big > 15.0:
            dx *= 15.0 / big
        # backtracking
        for _ in range(6):
            r1 = evaluate([x + dx])[0]
            if r1 @ r1 < r @ r:
                break
            dx *= 0.5
        x, r = x + dx, r1
    return x, r


def _chain(pose: dict, bones) -> float:
    return float(sum(np.asarray(pose.get(b, [0.0, 0.0, 0.0]), float)[0] for b in bones))


# ---- half-kneeling ----------------------------------------------------------------------------------

HK_NEUTRAL_THIGH = 3.0  # back thigh behind the vertical in the kneeling neutral (deg)
HK_FRONT_KNEE = 90.0  # front knee flexion in the neutral (deg)
HK_BACK_FOOT = 165.0  # back foot: x-rotation sum along the leg chain (180 = the sole straight up)
HK_SHANK_RISE_M = 0.015  # back ankle joint centre this much higher than the knee joint centre
# the forward trunk lean fault: a rounded lean of the spine above the pelvis (the pelvis stays tucked)
HK_LEAN_BONES = ("spine04", "spine03", "spine02", "spine01")


def _vert_mask(prefixes) -> np.ndarray:
    import body

    return np.array([lab.startswith(tuple(prefixes)) for lab in body.dominant_bone_labels()])


@dataclass(frozen=True)
class HKTarget:
    tilt: float = 0.0  # root x rotation (deg) = pelvic tilt vs the kneeling neutral (+ anterior)
    thigh: float = HK_NEUTRAL_THIGH  # back thigh_vs_vertical (deg)
    lean: float = 0.0  # trunk_lean (deg)


def _hk_pose(ph, side, x, tgt: HKTarget, lumbar_fixed=None):
    """x = [ty_cm, tz_cm, lumbar, upper, hS, kS, hO, kO] (deg / cm)."""
    o = OTHER[side]
    ty, tz, lum, up, hS, kS, hO, kO = x
    if lumbar_fixed is not None:
        lum = lumbar_fixed
    p = add_poses(neutral_stance(ph), arms_folded(ph),
                  {"root": (tgt.tilt, 0.0, 0.0), "root_translation": (0.0, ty / 100.0, tz / 100.0)},
                  trunk_lean(lum, LUMBAR), trunk_lean(up, HK_LEAN_BONES),
                  {f"upperleg01.{side}": (hS, 0.0, 0.0), f"lowerleg01.{side}": (kS, 0.0, 0.0),
                   f"foot.{side}": (HK_BACK_FOOT - (tgt.tilt + hS + kS), 0.0, 0.0),
                   f"upperleg01.{o}": (hO, 0.0, 0.0), f"lowerleg01.{o}": (kO, 0.0, 0.0),
                   f"foot.{o}": (-(tgt.tilt + hO + kO), 0.0, 0.0)})
    if up:  # the head comes back up about halfway (the person still looks ahead)
        p = add_poses(p, {"neck01": -0.25 * up, "neck02": -0.25 * up})
    return p


@lru_cache(maxsize=None)
def _hk_solve(pheno_key: tuple, side: str, tgt: HKTarget, anchor: tuple | None, lumbar_fixed: float | None,
              x0: tuple) -> tuple:
    """Solve one half-kneeling key. anchor None: the neutral (the back knee at its floor point,
    front knee HK_FRONT_KNEE, the front sole on the floor); else (knee_y, knee_z, ankle_y, ankle_z)
    of the back knee and the front ankle to keep. Returns (x, knee yz, front ankle yz, residual)."""
    ph = dict(pheno_key)
    s, o = SIDE[side], SIDE[OTHER[side]]
    stand = neutral_stance(ph)
    import body

    if anchor is None:
        res = body.run(ph, [stand])
        ankle_h = float(_P(res["bone_poses"][0], f"foot.{OTHER[side]}")[2] - res["vertices"][0][:, 2].min())
        knee_yz = (0.0, 0.06)
    else:
        knee_yz = anchor[:2]
    lean_free = tgt.lean != 0.0 and lumbar_fixed is not None

    def make(v):
        x = list(v)
        if lean_free:  # the unknown is the upper-trunk lean, the lumbar spine stays as given
            x = x[:2] + [lumbar_fixed, x[2]] + x[3:]
        else:
            x = x[:3] + [0.0] + x[3:]
        return _hk_pose(ph, side, x, tgt)

    def resid(bp, V, a):
        kS, aS = _P(bp, f"lowerleg01.{side}"), _P(bp, f"foot.{side}")
        aO = _P(bp, f"foot.{OTHER[side]}")
        r = [a["trunk_lean_deg"] - tgt.lean, a[f"{s}_thigh_vs_vertical_deg"] - tgt.thigh,
             100.0 * (aS[2] - kS[2] - HK_SHANK_RISE_M), 100.0 * (kS[1] - knee_yz[0]), 100.0 * (kS[2] - knee_yz[1])]
        if anchor is None:
            r += [a[f"{o}_knee_flexion_deg"] - HK_FRONT_KNEE, 100.0 * (aO[2] - ankle_h)]
        else:
            r += [100.0 * (aO[1] - anchor[2]), 100.0 * (aO[2] - anchor[3])]
        return r

    x, r = fit(ph, make, resid, list(x0))
    if lean_free:
        full = list(x[:2]) + [lumbar_fixed, x[2]] + list(x[3:])
    else:
        full = list(x[:3]) + [0.0] + list(x[3:])
    bp = body.run(ph, [make(x)])["bone_poses"][0]
    k, a = _P(bp, f"lowerleg01.{side}"), _P(bp, f"foot.{OTHER[side]}")
    return tuple(full), (float(k[1]), float(k[2])), (float(a[1]), float(a[2])), float(np.abs(r).max())


def hk_keys(ph: dict, side: str, targets: dict) -> dict:
    """Solve the named half-kneeling targets (name -> HKTarget; "neutral" first, the back knee on
    the floor: its joint centre raised so that the lowest vertex of the shin near the knee is at
    z = 0). Returns name -> (pose, x)."""
    import body

    key = _key(ph)
    x0 = (0.0, 50.0, 0.0, 3.0, 87.0, -90.0, 90.0)
    x, kyz, ayz, err = _hk_solve(key, side, targets["neutral"], None, None, x0)
    # the front of the knee on the floor: raise / lower until the shin's lowest point is at 0
    shin = _vert_mask([f"lowerleg01.{side}", f"lowerleg02.{side}"])
    for _ in range(2):
        V = body.run(ph, [_hk_pose(ph, side, x, targets["neutral"])])["vertices"][0]
        low = float(V[shin][:, 2].min())
        if abs(low) < 0.001:
            break
        # re-solve the neutral with the knee moved (front knee and sole as before)
        x, kyz, ayz, err = _hk_solve_neutral_at(key, side, targets["neutral"], kyz[1] - low, tuple(np.round(x, 4)))
    out = {"neutral": (_hk_pose(ph, side, x, targets["neutral"]), x, err)}
    anchor = (kyz[0], kyz[1], ayz[0], ayz[1])
    tuck_lumbar = None
    for name, tgt in targets.items():
        if name == "neutral":
            continue
        lf = None
        if tgt.lean:
            lf = tuck_lumbar
        guess = tuple(np.round(np.delete(np.asarray(x), 3) if lf is None else np.delete(np.asarray(x), 2), 4))
        xs, _, _, err = _hk_solve(key, side, tgt, anchor, lf, guess)
        if name == "tuck":
            tuck_lumbar = xs[2]
        out[name] = (_hk_pose(ph, side, xs, tgt), xs, err)
    return out


@lru_cache(maxsize=None)
def _hk_solve_neutral_at(pheno_key, side, tgt, knee_z, x0):
    """The neutral solve with the back knee joint centre at height knee_z."""
    ph = dict(pheno_key)
    import body

    stand = neutral_stance(ph)
    res = body.run(ph, [stand])
    o = OTHER[side]
    ankle_h = float(_P(res["bone_poses"][0], f"foot.{o}")[2] - res["vertices"][0][:, 2].min())
    s, so = SIDE[side], SIDE[o]

    def make(v):
        x = list(v[:3]) + [0.0] + list(v[3:])
        return _hk_pose(ph, side, x, tgt)

    def resid(bp, V, a):
        kS, aS, aO = _P(bp, f"lowerleg01.{side}"), _P(bp, f"foot.{side}"), _P(bp, f"foot.{o}")
        return [a["trunk_lean_deg"] - tgt.lean, a[f"{s}_thigh_vs_vertical_deg"] - tgt.thigh,
                100.0 * (aS[2] - kS[2] - HK_SHANK_RISE_M), 100.0 * kS[1], 100.0 * (kS[2] - knee_z),
                a[f"{so}_knee_flexion_deg"] - HK_FRONT_KNEE, 100.0 * (aO[2] - ankle_h)]

    x0 = np.delete(np.asarray(x0), 3)
    x, r = fit(ph, make, resid, x0)
    full = list(x[:3]) + [0.0] + list(x[3:])
    bp = body.run(ph, [make(x)])["bone_poses"][0]
    k, a = _P(bp, f"lowerleg01.{side}"), _P(bp, f"foot.{o}")
    return tuple(full), (float(k[1]), float(k[2])), (float(a[1]), float(a[2])), float(np.abs(r).max())


# ---- glute bridge -------------------------------------------------------------------------------------

GB_SETUP_KNEE = 40.0  # knee flexion before the feet slide in (deg)
GB_START_KNEE = 90.0  # knee flexion in the start position (deg)
TRUNK_PREFIXES = ("spine", "pelvis", "root")


def _gb_pose(ph, x, arms):
    """x = [ty_cm, tz_cm, b, hL, kL, hR, kR]: root rotation -90 - b about the lateral axis (b > 0
    lifts the hips about the shoulders), translation (0, ty, tz), hip and knee flexion per leg."""
    ty, tz, b, hL, kL, hR, kR = x
    rx = -90.0 - b
    p = add_poses(neutral_stance(ph), arms,
                  {"root": (rx, 0.0, 0.0), "root_translation": (0.0, ty / 100.0, tz / 100.0),
                   # the neck flexes so the head stays on the floor; the arms stay on the floor
                   "neck01": (0.5 * b, 0.0, 0.0), "neck02": (0.5 * b, 0.0, 0.0),
                   "upperarm01.L": (b, 0.0, 0.0), "upperarm01.R": (b, 0.0, 0.0),
                   "upperleg01.L": (hL, 0.0, 0.0), "lowerleg01.L": (kL, 0.0, 0.0),
                   "foot.L": (-(rx + hL + kL), 0.0, 0.0),
                   "upperleg01.R": (hR, 0.0, 0.0), "lowerleg01.R": (kR, 0.0, 0.0),
                   "foot.R": (-(rx + hR + kR), 0.0, 0.0)})
    return p


# arms by the sides, lying on the floor: ARMS_DOWN turned back a little (toward the floor)
GB_ARMS = add_poses(ARMS_DOWN, {"upperarm01.L": (8.0, 0.0, 0.0), "upperarm01.R": (8.0, 0.0, 0.0)})


@lru_cache(maxsize=None)
def _gb_base(pheno_key: tuple) -> tuple:
    """The start position (feet in, knees GB_START_KNEE, hips down) and the anchors: returns
    (x_start, shoulder yz, ankle L yz, ankle R yz, ankle height)."""
    import body

    ph = dict(pheno_key)
    stand = neutral_stance(ph)
    res = body.run(ph, [stand])
    ankle_h = float(_P(res["bone_poses"][0], "foot.L")[2] - res["vertices"][0][:, 2].min())
    trunk = _vert_mask(TRUNK_PREFIXES)
    x = np.array([0.0, 0.0, 0.0, -45.0, 90.0, -45.0, 90.0])
    for _ in range(3):
        x = _gb_legs(ph, x, GB_START_KNEE, ankle_h)
        res = body.run(ph, [_gb_pose(ph, x, GB_ARMS)])
        V, bp = res["vertices"][0], res["bone_poses"][0]
        hip_y = 0.5 * (_P(bp, "upperleg01.L")[1] + _P(bp, "upperleg01.R")[1])
        low = float(V[trunk][:, 2].min())
        x[0] -= 100.0 * hip_y
        x[1] -= 100.0 * low
    x = _gb_legs(ph, x, GB_START_KNEE, ankle_h)
    bp = body.run(ph, [_gb_pose(ph, x, GB_ARMS)])["bone_poses"][0]
    sh = 0.5 * (_P(bp, "upperarm01.L") + _P(bp, "upperarm01.R"))
    aL, aR = _P(bp, "foot.L"), _P(bp, "foot.R")
    return (tuple(x), (float(sh[1]), float(sh[2])), (float(aL[1]), float(aL[2])), (float(aR[1]), float(aR[2])),
            ankle_h)


def _gb_legs(ph, x, knee, ankle_h):
    """Lying flat (b and the translation as in x): hip and knee of each leg for the knee flexion
    `knee` with the ankle joint at ankle_h over the floor (the sole flat)."""
    x = np.asarray(x, float)

    def make(v):
        return _gb_pose(ph, list(x[:3]) + list(v), GB_ARMS)

    def resid(bp, V, a):
        return [a["left_knee_flexion_deg"] - knee, a["right_knee_flexion_deg"] - knee,
                100.0 * (_P(bp, "foot.L")[2] - ankle_h), 100.0 * (_P(bp, "foot.R")[2] - ankle_h)]

    v, r = fit(ph, make, resid, x[3:])
    return np.concatenate([x[:3], v])


@lru_cache(maxsize=None)
def gb_key(pheno_key: tuple, kind: str, value: float) -> tuple:
    """One bridge key. kind "setup": lying flat, knees `value` deg, heels on the floor (the
    translation of the start position); kind "hip": the feet and the mid-shoulder point of the
    start position kept, the hips lifted to mean hip_extension_deg = value. Returns (x, err)."""
    ph = dict(pheno_key)
    x_start, sh, aL, aR, ankle_h = _gb_base(pheno_key)
    if kind == "setup":
        x = _gb_legs(ph, x_start, value, ankle_h)
        return tuple(x), 0.0

    def make(v):
        return _gb_pose(ph, v, GB_ARMS)

    def resid(bp, V, a):
        s = 0.5 * (_P(bp, "upperarm01.L") + _P(bp, "upperarm01.R"))
        fL, fR = _P(bp, "foot.L"), _P(bp, "foot.R")
        return [0.5 * (a["left_hip_extension_deg"] + a["right_hip_extension_deg"]) - value,
                100.0 * (s[1] - sh[0]), 100.0 * (s[2] - sh[1]),
                100.0 * (fL[1] - aL[0]), 100.0 * (fL[2] - aL[1]), 100.0 * (fR[1] - aR[0]), 100.0 * (fR[2] - aR[1])]

    guess = np.asarray(x_start, float).copy()
    guess[2] = 0.5 * (value + 50.0)
    x, r = fit(ph, make, resid, guess)
    return tuple(x), float(np.abs(r).max())


def gb_pose(ph: dict, kind: str, value: float) -> dict:
    x, _ = gb_key(_key(ph), kind, float(value))
    return _gb_pose(ph, x, GB_ARMS)


# ---- bodies, outfits, split ------------------------------------------------------------------------

BODIES = {"slim": WOMAN_SLIM, "man": MAN, "old": MAN_OLD_HEAVY}
BODY_TEXT = {"slim": "slim woman", "man": "average man", "old": "older, heavier man"}


def _outfit(ph: dict, tape: bool = False) -> Outfit:
    o = outfit_for(ph)
    if tape:  # high-waisted shorts: the strip lies on the shorts, as in the truth set
        return Outfit(**{**o.__dict__, "tape": True, "tape_rgb": TAPE_RGB, "shorts_top_frac": 0.30})
    return o


# (name, body, side / facing, variant, yaw): two clips per variant, bodies and sides mixed
HK_CLIPS = [
    ("hk_slim_right_good", "slim", "R", "good", 0.0),
    ("hk_old_left_good", "old", "L", "good", 10.0),
    ("hk_man_right_lost_tuck", "man", "R", "lost_tuck", 0.0),
    ("hk_slim_left_lost_tuck", "slim", "L", "lost_tuck", 0.0),
    ("hk_old_right_trunk_lean", "old", "R", "trunk_lean", 0.0),
    ("hk_man_left_trunk_lean", "man", "L", "trunk_lean", 0.0),
    ("hk_slim_right_tape", "slim", "R", "tape", 0.0),
    ("hk_man_left_tape", "man", "L", "tape", 0.0),
]
GB_CLIPS = [
    ("gb_slim_good", "slim", "R", "good", 0.0),
    ("gb_old_good", "old", "L", "good", 0.0),
    ("gb_man_low", "man", "R", "low", 0.0),
    ("gb_slim_low", "slim", "L", "low", 0.0),
    ("gb_old_no_hold", "old", "R", "no_hold", 0.0),
    ("gb_man_no_hold", "man", "L", "no_hold", 0.0),
    ("gb_man_drop", "man", "R", "drop", 10.0),
    ("gb_old_drop", "old", "L", "drop", 0.0),
    ("gb_slim_fidget", "slim", "L", "fidget", 0.0),
    ("gb_man_fidget", "man", "R", "fidget", 0.0),
]
CS_CLIPS = [
    ("cs_slim_right_good", "slim", "R", "good", 0.0),
    ("cs_old_left_good", "old", "L", "good", 0.0),
    ("cs_man_right_lean", "man", "R", "lean", 0.0),
    ("cs_slim_left_lean", "slim", "L", "lean", 0.0),
    ("cs_old_right_knee_down", "old", "R", "knee_down", 0.0),
    ("cs_man_left_knee_down", "man", "L", "knee_down", 0.0),
]
PL_CLIPS = [
    ("pl_man_good", "man", "R", "good", 0.0),
    ("pl_slim_good", "slim", "L", "good", 0.0),
    ("pl_old_sag", "old", "R", "sag", 0.0),
    ("pl_man_sag", "man", "L", "sag", 0.0),
    ("pl_slim_pike", "slim", "R", "pike", 0.0),
    ("pl_old_pike", "old", "L", "pike", 0.0),
]


def splits(lists=None, seed: int = SPLIT_SEED) -> dict:
    """name -> "tuning" | "heldout", drawn once from random.Random(seed): per activity and
    variant (in the lists' order), which of its two clips is the tuning one. The other clip
    modules pass their own lists and seed."""
    rng = random.Random(seed)
    out = {}
    for clips in lists or (HK_CLIPS, GB_CLIPS, CS_CLIPS, PL_CLIPS):  # new lists go last: earlier splits stay
        variants = []
        for c in clips:
            if c[3] not in variants:
                variants.append(c[3])
        for v in variants:
            pair = [c[0] for c in clips if c[3] == v]
            rng.shuffle(pair)
            for i, name in enumerate(pair):
                out[name] = "tuning" if i < (len(pair) + 1) // 2 else "heldout"
    return out


# ---- half-kneeling hip flexor stretch clips -----------------------------------------------------------

HK_TUCK = HKTarget(tilt=-8.0, thigh=15.0)  # posterior tilt 8 deg, back thigh 15 deg behind vertical
HK_LOST = HKTarget(tilt=6.0, thigh=15.0)  # anterior tilt 6 deg vs the kneeling neutral, hips kept forward
HK_LEAN = HKTarget(tilt=-8.0, thigh=15.0, lean=22.0)  # tucked, the trunk leans 22 deg forward


def hk_clip(name: str) -> ProgrammeScenario:
    _, bk, side, variant, yaw = next(c for c in HK_CLIPS if c[0] == name)
    ph = BODIES[bk]
    fault = {"good": None, "lost_tuck": "lost", "trunk_lean": "lean", "tape": "lost"}[variant]
    targets = {"neutral": HKTarget(), "tuck": HK_TUCK}
    if fault == "lost":
        targets["lost"] = HK_LOST
    elif fault == "lean":
        targets["lean"] = HK_LEAN
    solved = hk_keys(ph, side, targets)
    for k, (_, _, err) in solved.items():
        if err > 0.05:
            raise RuntimeError(f"{name}: the {k} pose missed its targets by {err:.3f}")
    P = {k: v[0] for k, v in solved.items()}
    # timeline: (t, pose name) keys and (start, end, form) segments
    if fault is None:
        marks = [(0.0, "neutral"), (2.0, "neutral"), (3.0, "tuck"), (10.0, "tuck")]
        segs = [(0.0, 2.0, "neutral"), (2.0, 3.0, "moving"), (3.0, 10.0, "good")]
    else:
        f_t = {"lost": (6.0, 6.6, 9.1, 9.7), "lean": (6.0, 6.7, 8.7, 9.4)}[fault]
        form = {"lost": "tuck-lost", "lean": "trunk-lean"}[fault]
        end = f_t[3] + 2.8
        marks = [(0.0, "neutral"), (2.0, "neutral"), (3.0, "tuck"), (f_t[0], "tuck"), (f_t[1], fault),
                 (f_t[2], fault), (f_t[3], "tuck"), (end, "tuck")]
        segs = [(0.0, 2.0, "neutral"), (2.0, 3.0, "moving"), (3.0, f_t[0], "good"), (f_t[0], f_t[1], "moving"),
                (f_t[1], f_t[2], form), (f_t[2], f_t[3], "moving"), (f_t[3], end, "good")]
    keys = [Key(t, P[k], k) for t, k in marks]
    dur = marks[-1][0]
    facing = "right" if side == "R" else "left"
    good_s = round(sum(b - a for a, b, f in segs if f == "good"), 3)
    text = (f"Half-kneeling hip flexor stretch, {BODY_TEXT[bk]}, kneeling on the {SIDE[side]} knee (the back "
            f"leg nearer the camera, facing image-{facing}), arms folded across the chest. Knee and the top "
            f"of the back foot on the floor, front foot flat, front knee {HK_FRONT_KNEE:g} deg in the neutral. "
            f"0-2 s still: torso upright, back thigh {HK_NEUTRAL_THIGH:g} deg behind the vertical. 2-3 s: "
            f"the tailbone tucks (posterior pelvic tilt {-HK_TUCK.tilt:g} deg, the lumbar spine flexes so "
            f"the trunk line stays upright) and the hips shift forward (back thigh {HK_TUCK.thigh:g} deg; "
            f"the back knee and the front foot stay where they are).")
    if fault == "lost":
        text += (f" {f_t[0]:g}-{f_t[1]:g} s the tuck is lost: the pelvis tips forward to "
                 f"{HK_LOST.tilt:+g} deg against the kneeling neutral (the low back arches, the trunk line "
                 f"stays upright, the back thigh stays at {HK_LOST.thigh:g} deg), held to {f_t[2]:g} s, "
                 f"re-tucked by {f_t[3]:g} s, held to {end:g} s.")
    elif fault == "lean":
        text += (f" {f_t[0]:g}-{f_t[1]:g} s the trunk leans {HK_LEAN.lean:g} deg forward (rounded over "
                 f"spine04-01, the pelvis stays tucked, the head comes back up partly), held to {f_t[2]:g} s, "
                 f"upright again by {f_t[3]:g} s, held to {end:g} s.")
    else:
        text += f" Held to {dur:g} s."
    tape = variant == "tape"
    if tape:
        text += (" Pelvis tape (tape.py, 20 x 3 cm, green) on both sides of the pelvis along the ASIS-PSIS "
                 "line, over high-waisted shorts.")
    text += f" Good form {good_s:g} s in all. Angles solved exactly on the truth columns."
    prog = {"activity": "half_kneeling_hip_flexor_stretch", "variant": variant, "body": bk,
            "back_leg": SIDE[side], "front_leg": SIDE[OTHER[side]],
            "segments": [{"start_s": a, "end_s": b, "form": f} for a, b, f in segs],
            "good_form_s": good_s,
            "targets": {k: {"pelvic_tilt_deg": v.tilt, f"{SIDE[side]}_thigh_vs_vertical_deg": v.thigh,
                            "trunk_lean_deg": v.lean} for k, v in targets.items()}}
    cam = Camera(facing=facing, yaw_deg=yaw)
    return ProgrammeScenario(name=name, keys=keys, duration_s=dur, phenotype=ph, camera=cam,
                             outfit=_outfit(ph, tape), base_pose={}, floor_z=0.0, notes=text, programme=prog)


# ---- glute bridge clips -------------------------------------------------------------------------------

GB_TOP = {"good": 0.0, "low": -17.0, "no_hold": 0.0, "drop": 0.0, "fidget": 0.0}
# per variant: (lift, hold, lower, pause) s and the rep count
GB_TIMING = {"good": (1.0, 3.0, 2.0, 0.6, 3), "low": (1.0, 3.0, 2.0, 0.6, 3), "no_hold": (1.0, 0.5, 2.0, 0.6, 3),
             "drop": (1.0, 3.0, 0.4, 0.6, 3), "fidget": (1.0, 3.0, 2.0, 0.6, 2)}
GB_FIDGET_DEG = 6.0  # the fidget: the hips shift up by this much hip extension and back
NOT_TO_LINE_DEG = -10.0  # a top below this hip extension is short of the line
NO_HOLD_S = 1.0
DROP_S = 0.5


def gb_clip(name: str) -> ProgrammeScenario:
    _, bk, side, variant, yaw = next(c for c in GB_CLIPS if c[0] == name)
    ph = BODIES[bk]
    pk = _key(ph)
    for k, v in [("setup", GB_SETUP_KNEE), ("setup", GB_START_KNEE), ("hip", GB_TOP[variant])]:
        if gb_key(pk, k, v)[1] > 0.05:
            raise RuntimeError(f"{name}: the {k} {v} pose missed its targets")
    setup, start = gb_pose(ph, "setup", GB_SETUP_KNEE), gb_pose(ph, "setup", GB_START_KNEE)
    top = gb_pose(ph, "hip", GB_TOP[variant])
    # the start position's hip extension
    import render

    h0 = float(np.mean([render.truth_for_poses(ph, [start])[c][0]
                        for c in ("left_hip_extension_deg", "right_hip_extension_deg")]))
    keys = [Key(0.0, setup, "lying, knees 40"), Key(0.3, setup, "feet slide in"), Key(1.8, start, "start position")]
    t = 1.8
    fidget = None
    if variant == "fidget":
        fid = gb_pose(ph, "hip", round(h0 + GB_FIDGET_DEG, 2))
        keys += [Key(2.0, start, "fidget"), Key(2.5, fid, "fidget up"), Key(3.0, start, "fidget back")]
        fidget = {"start_s": 2.0, "peak_s": 2.5, "end_s": 3.0, "hip_extension_change_deg": GB_FIDGET_DEG,
                  "note": "a small hip shift during the setup; not a rep"}
        t = 3.0
    t += 1.0  # still in the start position
    lift, hold, lower, pause, n = GB_TIMING[variant]
    reps = []
    for i in range(n):
        a, b, c, d = t, t + lift, t + lift + hold, t + lift + hold + lower
        keys += [Key(a, start, f"rep {i + 1} start"), Key(b, top, f"rep {i + 1} top"),
                 Key(c, top, f"rep {i + 1} top end"), Key(d, start, f"rep {i + 1} down")]
        faults = []
        if GB_TOP[variant] < NOT_TO_LINE_DEG:
            faults.append("not-to-line")
        if hold < NO_HOLD_S:
            faults.append("no-hold")
        if lower < DROP_S:
            faults.append("dropped-fast")
        reps.append({"start_s": round(a, 3), "top_s": round(b, 3), "top_end_s": round(c, 3), "end_s": round(d, 3),
                     "faults": faults})
        t = d + pause
    dur = round(t, 3)
    keys.append(Key(dur, start, "end"))
    facing = "right" if side == "R" else "left"
    text = (f"Glute bridge, {BODY_TEXT[bk]}, supine on the floor, arms by the sides, feet toward image-{facing} "
            f"(camera on the subject's {SIDE[side]}). 0-0.3 s still with the knees {GB_SETUP_KNEE:g} deg bent, "
            f"0.3-1.8 s the feet slide in (knees to {GB_START_KNEE:g} deg, heels on the floor, hips down; hip "
            f"extension {h0:.1f} deg in the start position)")
    if fidget:
        text += (f", 2.0-3.0 s a fidget: the hips shift up {GB_FIDGET_DEG:g} deg of hip extension and back "
                 f"(not a rep)")
    text += (f", still 1 s, then {n} reps: lift {lift:g} s to hip extension {GB_TOP[variant]:g} deg (0 = "
             f"shoulder, hip and knee in line), hold {hold:g} s, lower {lower:g} s, pause {pause:g} s. The "
             f"shoulder joints and the feet stay where they are; the neck flexes so the head stays down.")
    prog = {"activity": "glute_bridge", "variant": variant, "body": bk, "near_side": SIDE[side],
            "expected_rep_count": n, "reps": reps,
            "start_hip_extension_deg": round(h0, 2), "top_target_hip_extension_deg": GB_TOP[variant],
            "fault_rules": {"not-to-line": f"peak hip extension below {NOT_TO_LINE_DEG:g} deg",
                            "no-hold": f"top hold shorter than {NO_HOLD_S:g} s",
                            "dropped-fast": f"lowered in less than {DROP_S:g} s"}}
    if fidget:
        prog["fidget"] = fidget
    cam = Camera(facing=facing, yaw_deg=yaw, width=960, height=540, height_m=0.7, pitch_deg=12.0, body_px=300.0)
    return ProgrammeScenario(name=name, keys=keys, duration_s=dur, phenotype=ph, camera=cam,
                             outfit=_outfit(ph), base_pose={}, floor_z=0.0, notes=text, programme=prog)


# ---- couch stretch ------------------------------------------------------------------------------------

CS_START_THIGH = -7.0  # back thigh_vs_vertical at the start (deg, - = the knee in front of the hip)
CS_HOLD_THIGH = 7.0  # ... in the stretch (the hips forward, the knee behind the hip)
CS_TUCK = -7.0  # posterior pelvic tilt of the stretch against the start (deg)
CS_SHANK_DEG = 32.0  # the back shin rises this much above the horizontal toward the couch (deg)
CS_FOOT_CHAIN = 180.0  # back foot: x-rotation sum along the leg chain on the couch (flat, the top of the foot down)
CS_KNEE_DOWN_FLEX = 75.0  # back knee flexion when the shin comes off the couch onto the floor (deg)
CS_LEAN = 24.0  # the trunk-lean fault (deg)
CS_FRONT_KNEE = 90.0


@dataclass(frozen=True)
class CSTarget:
    tilt: float = 0.0  # root x rotation (deg) = pelvic tilt vs the start (+ anterior)
    thigh: float | None = CS_START_THIGH  # back thigh_vs_vertical (None: free)
    lean: float = 0.0  # trunk_lean (deg)
    knee_down: bool = False  # the back shin on the floor (knee flexion CS_KNEE_DOWN_FLEX)
    shank: float | None = None  # the back shin's rise (deg) halfway down to the floor (the knee kept)


def _cs_pose(ph, side, x, tgt: CSTarget):
    """x = [ty_cm, tz_cm, lumbar, upper, hS, kS, hO, kO] (deg / cm)."""
    o = OTHER[side]
    ty, tz, lum, up, hS, kS, hO, kO = x
    chain = HK_BACK_FOOT if tgt.knee_down else CS_FOOT_CHAIN
    p = add_poses(neutral_stance(ph), arms_folded(ph),
                  {"root": (tgt.tilt, 0.0, 0.0), "root_translation": (0.0, ty / 100.0, tz / 100.0)},
                  trunk_lean(lum, LUMBAR), trunk_lean(up, HK_LEAN_BONES),
                  {f"upperleg01.{side}": (hS, 0.0, 0.0), f"lowerleg01.{side}": (kS, 0.0, 0.0),
                   f"foot.{side}": (chain - (tgt.tilt + hS + kS), 0.0, 0.0),
                   f"upperleg01.{o}": (hO, 0.0, 0.0), f"lowerleg01.{o}": (kO, 0.0, 0.0),
                   f"foot.{o}": (-(tgt.tilt + hO + kO), 0.0, 0.0)})
    if up:
        p = add_poses(p, {"neck01": -0.25 * up, "neck02": -0.25 * up})
    return p


@lru_cache(maxsize=None)
def _cs_solve(pheno_key: tuple, side: str, tgt: CSTarget, anchor: tuple, x0: tuple, free: tuple) -> tuple:
    """One couch-stretch key. anchor = (knee y, knee z, back ankle y, back ankle z or None, front
    ankle y or None, front ankle z); free: the indices of x solved (the rest as in x0). Start
    (anchor[2] None): the shin rises CS_SHANK_DEG, the front knee CS_FRONT_KNEE. Returns
    (x, knee yz, back ankle yz, front ankle yz, residual)."""
    import body

    ph = dict(pheno_key)
    s, so = SIDE[side], SIDE[OTHER[side]]
    o = OTHER[side]
    base = np.asarray(x0, float)
    shin = _vert_mask([f"upperleg02.{side}", f"lowerleg01.{side}", f"lowerleg02.{side}"])

    def full(v):
        x = base.copy()
        x[list(free)] = v
        return x

    def make(v):
        return _cs_pose(ph, side, full(v), tgt)

    def resid(bp, V, a):
        kS, aS, aO = _P(bp, f"lowerleg01.{side}"), _P(bp, f"foot.{side}"), _P(bp, f"foot.{o}")
        r = [a["trunk_lean_deg"] - tgt.lean, 100.0 * (kS[1] - anchor[0])]
        if not tgt.knee_down:
            r.append(100.0 * (kS[2] - anchor[1]))
        if tgt.thigh is not None:
            r.append(a[f"{s}_thigh_vs_vertical_deg"] - tgt.thigh)
        if tgt.knee_down:  # the shin flat on the floor: its lowest point at z = 0
            r += [100.0 * float(V[shin][:, 2].min()), a[f"{s}_knee_flexion_deg"] - CS_KNEE_DOWN_FLEX]
        elif anchor[2] is None:
            r.append(np.degrees(np.arctan2(aS[2] - kS[2], abs(aS[1] - kS[1])))
                     - (CS_SHANK_DEG if tgt.shank is None else tgt.shank))
        else:
            r += [100.0 * (aS[1] - anchor[2]), 100.0 * (aS[2] - anchor[3])]
        if anchor[4] is None:
            r.append(a[f"{so}_knee_flexion_deg"] - CS_FRONT_KNEE)
        else:
            r.append(100.0 * (aO[1] - anchor[4]))
        r.append(100.0 * (aO[2] - anchor[5]))
        return r

    v, r = fit(ph, make, resid, base[list(free)])
    x = full(v)
    bp = body.run(ph, [_cs_pose(ph, side, x, tgt)])["bone_poses"][0]
    k, aS, aO = _P(bp, f"lowerleg01.{side}"), _P(bp, f"foot.{side}"), _P(bp, f"foot.{o}")
    return (tuple(float(q) for q in x), (float(k[1]), float(k[2])), (float(aS[1]), float(aS[2])),
            (float(aO[1]), float(aO[2])), float(np.abs(r).max()))


def cs_keys(ph: dict, side: str, targets: dict) -> tuple:
    """Solve the named couch-stretch targets ("start" first: the back knee on the floor, its shin's
    lowest point at z = 0). Returns (name -> (pose, x, err), the couch box or None)."""
    import body

    key = _key(ph)
    o = OTHER[side]
    res = body.run(ph, [neutral_stance(ph)])
    ankle_h = float(_P(res["bone_poses"][0], f"foot.{o}")[2] - res["vertices"][0][:, 2].min())
    FREE_ALL = (0, 1, 2, 4, 5, 6, 7)
    x0 = (0.0, 50.0, 0.0, 0.0, -7.0, 130.0, -90.0, 90.0)
    shin = _vert_mask([f"upperleg02.{side}", f"lowerleg01.{side}", f"lowerleg02.{side}"])
    knee_z = 0.06
    for _ in range(3):
        x, kyz, ayz, fyz, err = _cs_solve(key, side, targets["start"], (0.0, knee_z, None, None, None, ankle_h),
                                          x0, FREE_ALL)
        V = body.run(ph, [_cs_pose(ph, side, x, targets["start"])])["vertices"][0]
        low = float(V[shin][:, 2].min())
        if abs(low) < 0.001:
            break
        knee_z = round(knee_z - low, 5)
        x0 = tuple(np.round(x, 4))
    out = {"start": (_cs_pose(ph, side, x, targets["start"]), x, err)}
    anchor = (kyz[0], kyz[1], ayz[0], ayz[1], fyz[0], fyz[1])
    # the couch: a seat under the back foot (its top at the lowest point of the foot, its front
    # edge at the ankle), open below (on legs) so that a foot on the floor fits under it
    foot = _vert_mask([f"foot.{side}", "toe"]) & (np.array([lab.endswith(f".{side}") for lab in
                                                             body.dominant_bone_labels()]))
    top = float(V[foot][:, 2].min())
    front = ayz[0] - 0.01
    xs = 0.0
    couch = {"top_z": top, "front_y": front, "x": xs}
    for name, tgt in targets.items():
        if name == "start":
            continue
        if tgt.knee_down or tgt.shank is not None:
            anc = (anchor[0], anchor[1], None, None, anchor[4], anchor[5])
            free = FREE_ALL
            guess = out["stretch"][1]
        elif tgt.lean:
            anc, free, guess = anchor, (0, 1, 3, 4, 5, 6, 7), out["stretch"][1]
        else:
            anc, free, guess = anchor, FREE_ALL, x
        xs_, _, _, _, err = _cs_solve(key, side, tgt, anc, tuple(np.round(guess, 4)), free)
        out[name] = (_cs_pose(ph, side, xs_, tgt), xs_, err)
    return out, couch


def _couch_boxes(couch: dict) -> list:
    """A low couch behind the kneeling person: a seat slab (on two short legs at the back)."""
    from spec import Box

    top, fy, x = couch["top_z"], couch["front_y"], couch["x"]
    th, depth, width = 0.10, 0.55, 0.7
    col = (92, 62, 120)
    seat = Box(center=(x, fy + depth / 2, top - th / 2), size=(width, depth, th), color_rgb=col, name="couch seat")
    legs = [Box(center=(x + sx * (width / 2 - 0.05), fy + depth - 0.06, (top - th) / 2),
                size=(0.06, 0.06, top - th), color_rgb=(60, 45, 35), name="couch leg") for sx in (-1, 1)]
    back = Box(center=(x, fy + depth + 0.08, (top + 0.45) / 2), size=(width, 0.16, top + 0.45), color_rgb=col,
               name="couch back")
    return [seat, back] + legs


def cs_clip(name: str) -> ProgrammeScenario:
    _, bk, side, variant, yaw = next(c for c in CS_CLIPS if c[0] == name)
    ph = BODIES[bk]
    targets = {"start": CSTarget(), "stretch": CSTarget(tilt=CS_TUCK, thigh=CS_HOLD_THIGH)}
    if variant == "lean":
        targets["lean"] = CSTarget(tilt=CS_TUCK, thigh=CS_HOLD_THIGH, lean=CS_LEAN)
    elif variant == "knee_down":
        targets["knee_down"] = CSTarget(tilt=CS_TUCK, thigh=None, knee_down=True)
        targets["kd_mid"] = CSTarget(tilt=CS_TUCK, thigh=CS_HOLD_THIGH + 5.0, shank=0.5 * CS_SHANK_DEG)
    solved, couch = cs_keys(ph, side, targets)
    for k, (_, _, err) in solved.items():
        if err > 0.05:
            raise RuntimeError(f"{name}: the {k} pose missed its targets by {err:.3f}")
    P = {k: v[0] for k, v in solved.items()}
    fault = None if variant == "good" else variant
    if fault is None:
        marks = [(0.0, "start"), (2.0, "start"), (3.0, "stretch"), (10.0, "stretch")]
        segs = [(0.0, 2.0, "neutral"), (2.0, 3.0, "moving"), (3.0, 10.0, "good")]
    else:
        f_t = (6.0, 6.7, 9.2, 9.9)
        form = {"lean": "trunk-lean", "knee_down": "knee-down"}[fault]
        end = f_t[3] + 2.8
        marks = [(0.0, "start"), (2.0, "start"), (3.0, "stretch"), (f_t[0], "stretch"), (f_t[1], fault),
                 (f_t[2], fault), (f_t[3], "stretch"), (end, "stretch")]
        if fault == "knee_down":  # a solved key halfway (the knee stays on the floor)
            marks += [(0.5 * (f_t[0] + f_t[1]), "kd_mid"), (0.5 * (f_t[2] + f_t[3]), "kd_mid")]
            marks.sort()
        segs = [(0.0, 2.0, "neutral"), (2.0, 3.0, "moving"), (3.0, f_t[0], "good"), (f_t[0], f_t[1], "moving"),
                (f_t[1], f_t[2], form), (f_t[2], f_t[3], "moving"), (f_t[3], end, "good")]
    keys = [Key(t, P[k], k) for t, k in marks]
    dur = marks[-1][0]
    facing = "right" if side == "R" else "left"
    good_s = round(sum(b - a for a, b, f in segs if f == "good"), 3)
    import render

    tr = {k: render.truth_for_poses(ph, [P[k]]) for k in P}
    kf = {k: round(float(v[f"{SIDE[side]}_knee_flexion_deg"][0]), 1) for k, v in tr.items()}
    text = (f"Couch stretch, {BODY_TEXT[bk]}, kneeling on the {SIDE[side]} knee (the back leg nearer the camera, "
            f"facing image-{facing}) in front of a low couch, arms folded across the chest. The back knee on the "
            f"floor, the back shin rising {CS_SHANK_DEG:g} deg to the couch with the top of the foot on the seat "
            f"(back knee flexion {kf['start']:g} deg at the start, {kf['stretch']:g} deg in the stretch); the "
            f"front foot flat, front knee {CS_FRONT_KNEE:g} deg at the start. 0-2 s still: torso upright, back "
            f"thigh {-CS_START_THIGH:g} deg in front of the vertical. 2-3 s: the pelvis tucks (posterior tilt "
            f"{-CS_TUCK:g} deg, the lumbar spine flexes so the trunk line stays upright) and the hips come "
            f"forward (back thigh {CS_HOLD_THIGH:g} deg behind the vertical; the back knee, the back foot and "
            f"the front foot stay where they are).")
    if fault == "lean":
        text += (f" {f_t[0]:g}-{f_t[1]:g} s the trunk leans {CS_LEAN:g} deg forward (rounded over spine04-01, "
                 f"the pelvis stays tucked), held to {f_t[2]:g} s, upright again by {f_t[3]:g} s, held to {end:g} s.")
    elif fault == "knee_down":
        text += (f" {f_t[0]:g}-{f_t[1]:g} s the back shin comes off the couch down onto the floor (top of the "
                 f"foot on the floor, under the seat; back knee flexion {kf['knee_down']:g} deg, the knee and "
                 f"the front foot stay, the hips settle forward), held to {f_t[2]:g} s, back up on the couch by "
                 f"{f_t[3]:g} s, held to {end:g} s.")
    else:
        text += f" Held to {dur:g} s."
    text += f" Good form {good_s:g} s in all. Angles solved exactly on the truth columns."
    prog = {"activity": "couch_stretch", "variant": variant, "body": bk, "near_side": SIDE[side],
            "back_leg": SIDE[side], "front_leg": SIDE[OTHER[side]],
            "segments": [{"start_s": a, "end_s": b, "form": f} for a, b, f in segs],
            "good_form_s": good_s,
            "targets": {k: {"pelvic_tilt_deg": v.tilt, f"{SIDE[side]}_thigh_vs_vertical_deg": v.thigh,
                            "trunk_lean_deg": v.lean,
                            f"{SIDE[side]}_knee_flexion_deg": CS_KNEE_DOWN_FLEX if v.knee_down else None}
                        for k, v in targets.items()},
            "key_back_knee_flexion_deg": kf,
            "couch": {"seat_top_m": round(couch["top_z"], 3),
                      "note": "a low couch behind the back foot (seat on legs, open below)"}}
    cam = Camera(facing=facing, yaw_deg=yaw)
    return ProgrammeScenario(name=name, keys=keys, duration_s=dur, phenotype=ph, camera=cam,
                             outfit=_outfit(ph), base_pose={}, floor_z=0.0, notes=text, props=_couch_boxes(couch),
                             programme=prog)


# ---- forearm plank ------------------------------------------------------------------------------------

PL_FOOT_CHAIN = 75.0  # the feet: x-rotation sum along the leg chain (90 = pointing straight down)
PL_ELBOW_H = 0.045  # elbow joint centre over the floor (m)
PL_WRIST_H = 0.035  # wrist joint centre over the floor (m)
PL_FAULT_DEG = 18.0  # sag (+) / pike (-) body line
PL_PIKE_IN = -40.0  # the body line when the feet have stepped back (the hips high), before the plank
PL_STEP_LIFT_M = 0.03  # the toes this far off the floor halfway through stepping back
PL_ARM_REG = 0.01  # weight of the pull toward the initial arm rotations (the arm twists are free)
PL_NOTE = ("body_line_deg (truth.csv) = the angle at the mid-hip between the mid-shoulder->mid-hip and the "
           "mid-hip->mid-ankle lines, both projected onto the body's sagittal plane (forward, up), 0 = "
           "straight, + = the hips below the mid-shoulder-mid-ankle line (sag, toward the floor), - = above "
           "(pike); shoulder = upperarm01, hip = upperleg01, ankle = foot joint centres. Segments cover the "
           "clip: 'setup' = getting into place (kneeling on the forearms, the feet stepping back), 'moving' = "
           "a transition (eased keys), 'good' = straight (body_line 0), 'sag' / 'pike' = body_line +/-18 deg; "
           "good_form_s = the summed 'good' segments. The other angle columns keep their definitions (the "
           "trunk is near horizontal, so trunk_lean_deg is near 90).")


def body_line(BP: np.ndarray) -> np.ndarray:
    """Per frame (B,): the body line angle (see PL_NOTE), degrees."""
    import render
    import truthcalc

    idx = render.bone_indices()
    P = BP[:, :, :3, 3]
    _, fwd = truthcalc.sagittal_axes(BP)

    def mid(a):
        return 0.5 * (P[:, idx[f"left_{a}"]] + P[:, idx[f"right_{a}"]])

    def sag(v):
        return np.stack([(v * fwd).sum(1), v[:, 2]], 1)

    S, H, A = sag(mid("shoulder")), sag(mid("hip")), sag(mid("ankle"))
    v1, v2 = H - S, A - H
    ang = np.degrees(np.arccos(np.clip((v1 * v2).sum(1) / np.linalg.norm(v1, axis=1) / np.linalg.norm(v2, axis=1),
                                       -1.0, 1.0)))
    # the height of the shoulder-ankle line at the hip's forward position
    u = (H[:, 0] - S[:, 0]) / (A[:, 0] - S[:, 0])
    line_z = S[:, 1] + u * (A[:, 1] - S[:, 1])
    return np.where(H[:, 1] < line_z, ang, -ang)


def write_truth_csv_extra(path: Path, t: np.ndarray, ang: dict, extra: list) -> None:
    """render.write_truth_csv with more columns at the end."""
    import csv

    import render
    import truthcalc

    cols = truthcalc.COLUMNS + list(extra)
    with open(path, "w", newline="") as fh:
        wr = csv.writer(fh, lineterminator="\n")
        wr.writerow(["frame", "t_s"] + cols)
        for i in range(len(t)):
            wr.writerow([i, f"{t[i]:.4f}"] + [render._fmt(ang[c][i]) for c in cols])


def _pl_pose(ph, x):
    """x = [ty_cm, tz_cm, rx, hip, knee, uL(3), lL(3)]: root rx (+ = tipped forward, prone), hip
    and knee x rotation of both legs, the left arm's upperarm01 / lowerarm01 rotations (the right
    arm mirrored)."""
    ty, tz, rx, hip, knee = x[:5]
    u, l_ = x[5:8], x[8:11]
    p = add_poses(neutral_stance(ph),
                  {"root": (rx, 0.0, 0.0), "root_translation": (0.0, ty / 100.0, tz / 100.0),
                   "neck01": (-15.0, 0.0, 0.0), "neck02": (-15.0, 0.0, 0.0),
                   "upperleg01.L": (hip, 0.0, 0.0), "upperleg01.R": (hip, 0.0, 0.0),
                   "lowerleg01.L": (knee, 0.0, 0.0), "lowerleg01.R": (knee, 0.0, 0.0),
                   "foot.L": (PL_FOOT_CHAIN - (rx + hip + knee), 0.0, 0.0),
                   "foot.R": (PL_FOOT_CHAIN - (rx + hip + knee), 0.0, 0.0),
                   "upperarm01.L": tuple(u), "upperarm01.R": (u[0], -u[1], -u[2]),
                   "lowerarm01.L": tuple(l_), "lowerarm01.R": (l_[0], -l_[1], -l_[2])})
    return p


PL_X0 = (0.0, 0.0, 80.0, 0.0, 0.0, -80.0, 44.0, 0.0, -90.0, 0.0, 0.0)


@lru_cache(maxsize=None)
def pl_key(pheno_key: tuple, kind: str, line: float, anchor: tuple | None, x0: tuple,
           step: tuple | None = None) -> tuple:
    """One plank key. kind "plank": legs straight, body_line = line, the toes on the floor, the
    forearms on the floor (elbows under the shoulders; anchor None: the mid-shoulder at y = 0, else
    the elbows and wrists kept at anchor = (elbow y, elbow z, wrist y, wrist z, toe-ankle y));
    kind "kneel": on the knees and forearms (thighs vertical, the toes tucked on the floor), the
    forearms at the anchor; kind "step": the feet stepping back, step = (ankle y, hip z), the toes
    PL_STEP_LIFT_M off the floor, the forearms at the anchor.
    Returns (x, anchor, err)."""
    import body

    ph = dict(pheno_key)
    feet = _vert_mask(["foot", "toe"])
    knees = _vert_mask(["upperleg02", "lowerleg01"])
    a0 = np.asarray(x0, float)
    if kind in ("kneel", "step"):
        free = list(range(11))
    else:
        free = [0, 1, 2, 3] + list(range(5, 11))

    def full(v):
        x = a0.copy()
        x[free] = v
        return x

    def make(v):
        return _pl_pose(ph, full(v))

    def resid(bp, V, a):
        sh, el, wr = _P(bp, "upperarm01.L"), _P(bp, "lowerarm01.L"), _P(bp, "wrist.L")
        an = _P(bp, "foot.L")
        r = [100.0 * (el[0] - sh[0]), 100.0 * (wr[0] - el[0] + 0.03)]
        if anchor is None:
            r += [100.0 * (el[1] - sh[1]), 100.0 * (el[2] - PL_ELBOW_H), 100.0 * (wr[2] - PL_WRIST_H),
                  100.0 * 0.5 * (sh[1] + _P(bp, "upperarm01.R")[1])]
        else:
            r += [100.0 * (el[1] - anchor[0]), 100.0 * (el[2] - anchor[1]), 100.0 * (wr[1] - anchor[2]),
                  100.0 * (wr[2] - anchor[3])]
        if kind == "kneel":
            r += [100.0 * float(V[knees][:, 2].min()), a["left_thigh_vs_vertical_deg"],
                  100.0 * float(V[feet][:, 2].min())]
        elif kind == "step":
            r += [100.0 * (float(V[feet][:, 2].min()) - PL_STEP_LIFT_M), 100.0 * (an[1] - step[0]),
                  100.0 * (_P(bp, "upperleg01.L")[2] - step[1])]
        else:
            r += [float(body_line(bp[None])[0]) - line, 100.0 * float(V[feet][:, 2].min())]
            if anchor is not None:
                r.append(100.0 * (an[1] - anchor[4]))
        resid.nmain = len(r)
        xf = queue.pop(0)
        return r + list(PL_ARM_REG * (xf[5:] - np.asarray(PL_X0)[5:]))

    queue = []

    def make_track(v):  # fit builds all poses of a batch, then takes the residuals in order
        queue.append(full(v))
        return make(v)

    v, r = fit(ph, make_track, resid, a0[free])
    x = full(v)
    bp = body.run(ph, [_pl_pose(ph, x)])["bone_poses"][0]
    el, wr, an = _P(bp, "lowerarm01.L"), _P(bp, "wrist.L"), _P(bp, "foot.L")
    err = float(np.abs(np.asarray(r)[:resid.nmain]).max())
    return tuple(float(q) for q in x), (float(el[1]), float(el[2]), float(wr[1]), float(wr[2]), float(an[1])), err


def pl_clip(name: str) -> ProgrammeScenario:
    _, bk, side, variant, yaw = next(c for c in PL_CLIPS if c[0] == name)
    ph = BODIES[bk]
    pk = _key(ph)
    x, anchor, err = pl_key(pk, "plank", 0.0, None, PL_X0)
    solved = {"plank": (x, err)}
    guess = tuple(np.round(x, 4))
    for k, kind, line in [("pike_in", "plank", PL_PIKE_IN), ("kneel", "kneel", 0.0),
                          ("sag", "plank", PL_FAULT_DEG), ("pike", "plank", -PL_FAULT_DEG)]:
        if k in ("sag", "pike") and k != variant:
            continue
        g = guess
        if kind == "kneel":
            g = tuple(np.round(np.asarray(guess) + np.array([0, 0, -60.0, -30.0, 90.0] + [0.0] * 6), 4))
        xs, _, e = pl_key(pk, kind, line, anchor, g)
        solved[k] = (xs, e)
    # halfway through stepping back: the feet off the floor (a solved key, so they do not pass through it)
    import body

    bps = body.run(ph, [_pl_pose(ph, solved[k][0]) for k in ("kneel", "pike_in")])["bone_poses"]
    ank = 0.5 * (_P(bps[0], "foot.L")[1] + _P(bps[1], "foot.L")[1])
    hz = 0.5 * (_P(bps[0], "upperleg01.L")[2] + _P(bps[1], "upperleg01.L")[2]) + 0.03
    g = tuple(np.round(0.5 * (np.asarray(solved["kneel"][0]) + np.asarray(solved["pike_in"][0])), 4))
    xs, _, e = pl_key(pk, "step", 0.0, anchor, g, (round(float(ank), 5), round(float(hz), 5)))
    solved["step"] = (xs, e)
    for k, (_, e) in solved.items():
        if e > 0.05:
            raise RuntimeError(f"{name}: the {k} pose missed its targets by {e:.3f}")
    P = {k: _pl_pose(ph, v[0]) for k, v in solved.items()}
    marks = [(0.0, "kneel"), (0.6, "kneel"), (1.3, "step"), (2.0, "pike_in"), (3.0, "plank")]
    segs = [(0.0, 2.0, "setup"), (2.0, 3.0, "moving")]
    if variant == "good":
        marks.append((11.0, "plank"))
        segs.append((3.0, 11.0, "good"))
    else:
        f_t = (6.0, 6.7, 9.7, 10.4)
        end = f_t[3] + 2.8
        marks += [(f_t[0], "plank"), (f_t[1], variant), (f_t[2], variant), (f_t[3], "plank"), (end, "plank")]
        segs += [(3.0, f_t[0], "good"), (f_t[0], f_t[1], "moving"), (f_t[1], f_t[2], variant),
                 (f_t[2], f_t[3], "moving"), (f_t[3], end, "good")]
    keys = [Key(t, P[k], k) for t, k in marks]
    dur = marks[-1][0]
    facing = "right" if side == "R" else "left"
    good_s = round(sum(b - a for a, b, f in segs if f == "good"), 3)
    text = (f"Forearm plank, {BODY_TEXT[bk]}, side view (camera on the subject's {SIDE[side]}, the head toward "
            f"image-{facing}). 0-0.6 s kneeling on the knees and forearms (thighs vertical, toes tucked), "
            f"0.6-2 s the feet step back (lifted off the floor halfway, then the legs straight, the hips high: body line {PL_PIKE_IN:g} deg), 2-3 s "
            f"the hips lower into the straight plank (elbows under the shoulders, forearms on the floor, "
            f"body line 0 deg, the toes on the floor); the elbows and hands stay where they are throughout.")
    if variant == "good":
        text += " Held straight to 11 s."
    else:
        what = {"sag": f"the hips sag {PL_FAULT_DEG:g} deg below the shoulder-ankle line",
                "pike": f"the hips rise {PL_FAULT_DEG:g} deg above the shoulder-ankle line"}[variant]
        text += (f" Straight to {f_t[0]:g} s, {f_t[0]:g}-{f_t[1]:g} s {what} (body line "
                 f"{PL_FAULT_DEG if variant == 'sag' else -PL_FAULT_DEG:+g} deg; the forearms and the toes stay), "
                 f"held to {f_t[2]:g} s, straight again by {f_t[3]:g} s, held to {end:g} s.")
    text += f" Good form {good_s:g} s in all. body_line_deg solved exactly (0.05 deg)."
    prog = {"activity": "plank", "variant": variant, "body": bk, "near_side": SIDE[side],
            "segments": [{"start_s": a, "end_s": b, "form": f} for a, b, f in segs],
            "good_form_s": good_s,
            "targets_body_line_deg": {"plank": 0.0, "pike_in": PL_PIKE_IN,
                                      **({variant: PL_FAULT_DEG if variant == "sag" else -PL_FAULT_DEG}
                                         if variant != "good" else {})}}
    cam = Camera(facing=facing, yaw_deg=yaw, width=960, height=540, height_m=0.7, pitch_deg=12.0, body_px=300.0)
    return ProgrammeScenario(name=name, keys=keys, duration_s=dur, phenotype=ph, camera=cam,
                             outfit=_outfit(ph), base_pose={}, floor_z=0.0, notes=text, programme=prog)


def register_split(name: str, builder, splits: dict, seed: int | None = None):
    """The clip's scenario function, registered for render.py --only, with its split (and the
    split's seed, for the modules with their own) in its programme truth."""
    def f():
        sc = builder(name)
        sc.programme = {**sc.programme, "split": splits[name], **({"split_seed": seed} if seed is not None else {})}
        return sc
    f.__name__ = name
    scenario(f, default=False)
    return f


SPLITS = splits()
BUILDERS = {c[0]: register_split(c[0], hk_clip, SPLITS) for c in HK_CLIPS}
BUILDERS.update({c[0]: register_split(c[0], gb_clip, SPLITS) for c in GB_CLIPS})
BUILDERS.update({c[0]: register_split(c[0], cs_clip, SPLITS) for c in CS_CLIPS})
BUILDERS.update({c[0]: register_split(c[0], pl_clip, SPLITS) for c in PL_CLIPS})


# ---- rendering (H.264, the pelvis tape, the programme truth at the top level) ------------------------

def _seg_stats(t, ang, a, b, cols) -> dict:
    eps = 0.5 / 30.0
    m = (t >= a - eps) & (t <= b + eps)
    return {c: round(float(np.mean(ang[c][m])), 2) for c in cols}


def programme_truth(sc: ProgrammeScenario, t: np.ndarray, ang: dict) -> dict:
    """The programme truth with the per-segment / per-rep values measured on the truth angles."""
    prog = json.loads(json.dumps(sc.programme))
    if prog["activity"] == "glute_bridge":
        hip = 0.5 * (ang["left_hip_extension_deg"] + ang["right_hip_extension_deg"])
        for r in prog["reps"]:
            m = (t >= r["start_s"]) & (t <= r["end_s"])
            r["peak_hip_extension_deg"] = round(float(hip[m].max()), 2)
            r["hold_s"] = round(r["top_end_s"] - r["top_s"], 3)
            r["lower_s"] = round(r["end_s"] - r["top_end_s"], 3)
        if "fidget" in prog:
            f = prog["fidget"]
            m = (t >= f["start_s"]) & (t <= f["end_s"])
            f["peak_hip_extension_deg"] = round(float(hip[m].max()), 2)
        prog["note"] = ("hip extension = mean of left/right_hip_extension_deg (thigh against the hip->shoulder "
                        "line, 0 = in line); a rep runs from start_s (the hips leave the floor) to end_s (back "
                        "down); top_s..top_end_s is the hold at the top. pelvic_tilt_deg in truth.csv is the "
                        "pelvis' rotation against frame 0 (lying flat), so it follows the trunk as the hips rise.")
    elif prog["activity"] == "couch_stretch":
        back = prog["back_leg"]
        cols = ["pelvic_tilt_deg", f"{back}_thigh_vs_vertical_deg", f"{back}_knee_flexion_deg", "trunk_lean_deg"]
        for s in prog["segments"]:
            if s["form"] != "moving":
                s["mean"] = _seg_stats(t, ang, s["start_s"], s["end_s"], cols)
        prog["note"] = ("segments cover the clip; form 'neutral' = kneeling upright at the start (back thigh "
                        "about 7 deg in front of the vertical); 'good' = pelvis tucked (pelvic tilt -7 deg "
                        "against frame 0), hips forward (back thigh 7 deg behind the vertical), trunk upright, "
                        "the back foot up on the couch (back knee flexion 110-130 deg); 'trunk-lean' = the trunk "
                        "24 deg forward; 'knee-down' = the back shin down on the floor (back knee flexion 75 deg); "
                        "good_form_s = the summed 'good' segments; 'moving' = a transition (eased keys).")
    elif prog["activity"] == "plank":
        cols = ["body_line_deg", "trunk_lean_deg"]
        for s in prog["segments"]:
            if s["form"] != "moving":
                s["mean"] = _seg_stats(t, ang, s["start_s"], s["end_s"], cols)
        prog["note"] = PL_NOTE
    else:
        back = prog["back_leg"]
        cols = ["pelvic_tilt_deg", f"{back}_thigh_vs_vertical_deg", f"{back}_hip_extension_deg", "trunk_lean_deg"]
        for s in prog["segments"]:
            if s["form"] != "moving":
                s["mean"] = _seg_stats(t, ang, s["start_s"], s["end_s"], cols)
        prog["note"] = ("segments cover the clip; form 'good' = tucked (pelvic tilt about -8 deg against the "
                        "kneeling neutral of frame 0), hips forward (back thigh about 15 deg), trunk upright; "
                        "good_form_s = the summed 'good' segments; 'moving' = a transition (eased keys).")
    return prog


def render_clip(sc: ProgrammeScenario, out: Path, png_frames=(), log=print, truth_fn=None, extra_fn=None,
                angles_fn=None, camera_axes=None) -> dict:
    """render.py's render_scenario, written as H.264 with PyAV, frames whose pose equals the last
    one drawn once, the pelvis tape drawn when the outfit has it, and the programme truth and the
    split at the top level of truth.json.

    Other clip modules pass truth_fn(sc, t, ang) -> programme dict (default programme_truth) and
    extra_fn(BP, ang) -> {column: per-frame array} for extra truth.csv columns (the plank's
    body_line_deg is one), angles_fn(BP) -> the truthcalc columns (default truthcalc.angles; a body
    lying on its side has no horizontal lateral axis) and camera_axes = (left, forward), horizontal
    world unit vectors for raster.make_camera (default: the root's of frame 0)."""
    import av
    import cv2

    import body
    import raster
    import render
    import tape as tapemod
    import truthcalc
    from spec import pose_at

    t0 = time.time()
    n = int(round(sc.duration_s * sc.fps))
    t = np.arange(n) / sc.fps
    poses = [pose_at(sc.keys, sc.base_pose, float(ti)) for ti in t]
    res = body.run(sc.phenotype, poses)
    V, BP = res["vertices"], res["bone_poses"]
    rv, rh = res["rest_vertices"], res["rest_bone_heads"]
    dressing = body.dress(sc.outfit, rv, rh)
    side = "R" if sc.camera.facing == "right" else "L"
    strips = []
    if sc.outfit.tape:
        strips = [tapemod.strip_rest(rv, rh, s, sc.outfit.tape_length_m, sc.outfit.tape_width_m)
                  for s in (side, OTHER[side])]
        V = body.pelvis_rigid(V, BP, rv, tapemod.rigid_anchor_marks(strips))
    colors = dressing["colors"]
    floor_z = sc.floor_z
    below_floor_mm = max(0.0, (floor_z - float(V[:, :, 2].min())) * 1000.0)
    lo, hi = V.reshape(-1, 3).min(0), V.reshape(-1, 3).max(0)
    lo[2] = min(lo[2], floor_z)
    if camera_axes is None:
        n_axis, fwd = truthcalc.sagittal_axes(BP[:1])
        camera_axes = (n_axis[0], fwd[0])
    cam = raster.make_camera(sc.camera, camera_axes[1], camera_axes[0], lo, hi, floor_z)
    ang = angles_fn(BP) if angles_fn else truthcalc.angles(BP, render.bone_indices())
    jidx = [body.joint_index(j) for j in body.JOINTS]
    uv = cam.project(BP[:, jidx][:, :, :3, 3])
    tape_P, tape_cells, vis_frac = [], [], [[] for _ in strips]
    if strips:
        shirt_bot = dressing["edges_z"]["shirt_bottom"]
        for st in strips:
            tape_P.append(tapemod.posed_strip(st, V, BP, sc.outfit.tape_lift_m))
            rz = st["rest_points"]
            cz = 0.25 * (rz[:-1, :-1, 2] + rz[1:, :-1, 2] + rz[1:, 1:, 2] + rz[:-1, 1:, 2]).reshape(-1)
            tape_cells.append(cz >= shirt_bot)
    t_pose = time.time() - t0
    prop_tris = [raster.box_triangles(b.center, b.size) for b in sc.props]
    prop_cols = [np.tile(np.asarray(b.color_rgb, float), (len(tr), 1)) for b, tr in zip(sc.props, prop_tris)]
    extra = extra_fn(BP, ang) if extra_fn else (
        {"body_line_deg": body_line(BP)} if sc.programme.get("activity") == "plank" else {})
    ang = {**ang, **extra}

    size = (sc.camera.width, sc.camera.height)
    mp4 = out / f"{sc.name}.mp4"
    container = av.open(str(mp4), "w")
    stream = container.add_stream("libx264", rate=int(sc.fps))
    stream.width, stream.height = size
    stream.pix_fmt = "yuv420p"
    stream.options = {"crf": "23", "preset": "medium"}
    pelvis_i = body.model().bone_labels.index("pelvis.L")
    tape_rgb = np.asarray(sc.outfit.tape_rgb, float)
    t1 = time.time()
    prev_key, img, n_unique = None, None, 0
    try:
        for i in range(n):
            key = V[i].tobytes()
            if key != prev_key:
                tris = body.dressed_triangles(V[i], dressing)
                cols = colors
                if prop_tris:
                    tris = np.concatenate([tris] + prop_tris)
                    cols = np.concatenate([colors] + prop_cols)
                overlay = None
                if strips:
                    ot, oc = [], []
                    for k, st in enumerate(strips):
                        Rm = BP[i, pelvis_i, :3, :3] @ np.linalg.inv(BP[0, pelvis_i, :3, :3])
                        tr, cell = tapemod.cell_triangles(tape_P[k][i], Rm @ st["normal"])
                        vis = tapemod.visible_cells(tr, cell, tapemod.N_LEN * tapemod.N_WID, V[i], cam.C,
                                                    tape_cells[k])
                        keep = vis[cell]
                        ot.append(tr[keep])
                        oc.append(np.tile(tape_rgb, (int(keep.sum()), 1)))
                        vis_frac[k].append(float(vis.mean()))
                    overlay = (np.concatenate(ot), np.concatenate(oc))
                img = raster.render(cam, tris, cols, floor_z, overlay=overlay)
                n_unique += 1
            else:
                for k in range(len(strips)):
                    vis_frac[k].append(vis_frac[k][-1])
            for pk in stream.encode(av.VideoFrame.from_ndarray(img, format="bgr24")):
                container.mux(pk)
            if i in png_frames:
                cv2.imwrite(str(out / f"{sc.name}.f{i:03d}.png"), img)
            prev_key = key
        for pk in stream.encode():
            container.mux(pk)
    finally:
        container.close()
    t_render = time.time() - t1
    render.verify_video(mp4, n, size)
    if extra:
        write_truth_csv_extra(out / f"{sc.name}.truth.csv", t, ang, list(extra))
    else:
        render.write_truth_csv(out / f"{sc.name}.truth.csv", t, ang)
    render.write_joints_csv(out / f"{sc.name}.joints2d.csv", uv)
    uv0 = cam.project(V[0])
    pts = uv.reshape(-1, 2)
    allv = cam.project(V.reshape(-1, 3)[:: max(1, V.shape[1] // 2000)])
    prog = (truth_fn or programme_truth)(sc, t, ang)
    meta = {
        "name": sc.name,
        "generator": GENERATOR,
        "activity": prog["activity"],
        "variant": prog["variant"],
        "split": sc.programme["split"],
        "split_seed": sc.programme.get("split_seed", SPLIT_SEED),
        "body_model": "anny (Apache-2.0 code, CC0 MakeHuman-derived assets), default rig, local-ref pose "
                      "parameterization",
        "frames": n,
        "fps": sc.fps,
        "size": list(size),
        "video": {"codec": "h264 (libx264)", "pix_fmt": "yuv420p", "crf": 23, "writer": "PyAV"},
        "scenario": {k: v for k, v in sc.to_json().items() if k != "programme"},
        "camera_placed": cam.as_json(),
        "floor_z_m": floor_z,
        "max_below_floor_mm": round(below_floor_mm, 1),
        "body_height_px_frame0": round(float(uv0[:, 1].max() - uv0[:, 1].min()), 1),
        "joints_in_frame": bool((pts >= 0).all() and (pts[:, 0] < size[0]).all() and (pts[:, 1] < size[1]).all()),
        "body_in_frame": bool((allv >= 0).all() and (allv[:, 0] < size[0]).all() and (allv[:, 1] < size[1]).all()),
        "truth_definitions": truthcalc.__doc__.strip(),
        "truth_summary": {c: {"min": round(float(ang[c].min()), 2), "max": round(float(ang[c].max()), 2),
                              "frame0": round(float(ang[c][0]), 2)} for c in truthcalc.COLUMNS + list(extra)},
        "joints2d": "NAME.joints2d.csv: projected 3D joint centres (pixels, x right, y down, pixel "
                    "centres at integers), no occlusion test",
        "rendered_poses": n_unique,
    }
    meta.update({k: v for k, v in prog.items() if k not in ("activity", "variant", "split_seed")})
    if strips:
        import truthset

        meta["tape"] = truthset.tape_truth(sc, strips, tape_P, vis_frac, BP, cam, ang["pelvic_tilt_deg"])
    with open(out / f"{sc.name}.truth.json", "w") as fh:
        json.dump(meta, fh, indent=1)
        fh.write("\n")
    log(f"{sc.name} [{meta['split']}]: {n} frames ({n_unique} drawn), pose {t_pose:.1f} s, render {t_render:.1f} s, "
        f"{mp4.stat().st_size / 1e6:.2f} MB, in frame: {meta['body_in_frame']}, below floor "
        f"{meta['max_below_floor_mm']} mm")
    return meta


def clip_main(argv, doc: str, clips: list, splits: dict, render_name) -> int:
    """The clip modules' command line: --list, or render --only NAMES (of a --split) into --out.
    render_name(name, out, png_frames, log) renders one clip."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="samples/truth_programme", type=Path)
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--split", choices=("tuning", "heldout"), help="only the clips of this split")
    ap.add_argument("--png", nargs="*", type=int, default=[], help="frame numbers to write as PNG too")
    ap.add_argument("--list", action="store_true")
    a = ap.parse_args(argv)
    if a.list:
        for c in clips:
            print(f"{c[0]:28s} {splits[c[0]]:8s} {c[3]}")
        return 0
    names = a.only or [c[0] for c in clips]
    unknown = [n for n in names if n not in splits]
    if unknown:
        ap.error(f"unknown clip(s): {unknown}")
    if a.split:
        names = [n for n in names if splits[n] == a.split]
    a.out.mkdir(parents=True, exist_ok=True)
    for n in names:
        t0 = time.time()
        render_name(n, a.out, set(a.png), lambda m: print(m, flush=True))
        print(f"{n}: {time.time() - t0:.0f} s in all", flush=True)
    return 0


def main(argv=None) -> int:
    return clip_main(argv, __doc__, HK_CLIPS + GB_CLIPS + CS_CLIPS + PL_CLIPS, SPLITS,
                     lambda n, out, png, log: render_clip(BUILDERS[n](), out, png_frames=png, log=log))


if __name__ == "__main__":
    sys.exit(main())
