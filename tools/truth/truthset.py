#!/usr/bin/env python3
"""A randomised truth set: standing hip extension and Thomas test clips under varied bodies,
clothing, arms, cameras, rooms, light and image degradations, split once into a tuning half and
a held-out half.

    python tools/truth/truthset.py --out samples/truthset [--count N] [--only NAME ...] [--jobs 2]
    python tools/truth/truthset.py --list                 # the scenarios, their split and conditions
    python tools/truth/truthset.py --docs docs/img        # the two pelvis tape pictures

Everything follows from SEED: the scenario list (and each clip's conditions, drawn with
numpy.random.default_rng([SEED, clip_index])), the split and the rendering. Re-running renders
the same clips: the truth files byte for byte; the videos up to the encoder (a re-render of
th_0006 decoded to a mean pixel difference of 0.2 of 255, hx_0080 was byte-identical).
--count N renders only the first N clips of the render order (tuning and held-out alternate,
hip extension first); MANIFEST.json is rewritten after every clip and lists every clip with
"rendered" true/false.

Writes per clip what render.py writes (NAME.mp4, .truth.csv, .joints2d.csv, .truth.json with
"trials"), plus "conditions", "split" and, with the pelvis tape, "tape" in truth.json. Videos are
H.264 (libx264, yuv420p, 30 fps) written with PyAV. Dev only: needs tools/truth/requirements.txt
and PyAV (`pip install av`).
"""
from __future__ import annotations

import argparse
import colorsys
import json
import math
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

SEED = 20261204
N_HX = 84
N_TH = 36
GENERATOR = "tools/truth/truthset.py"

FRAME_SIZES = [(640, 480), (960, 540), (1280, 720), (1920, 1080), (720, 1280), (1080, 1920)]
ARMS = ["down", "wall", "hips", "folded", "out"]
# hip extension clothing strata (count each); tape clips: over fitted shorts, leggings, bare skin,
# or with a shirt hem over the strip's top
HX_CLOTHING = [("shorts", "none", 14), ("leggings", "none", 13), ("trousers", "none", 14),
               ("long_shirt", "none", 13), ("shorts", "tape", 10), ("leggings", "tape", 8),
               ("bare_skin", "tape", 6), ("shirt_hem", "tape", 6)]
TH_CLOTHING = [("shorts", "none", 14), ("leggings", "none", 11), ("trousers", "none", 11)]
TH_CLASSES = ["normal", "tight-iliopsoas", "tight-rectus-femoris", "tight-both"]
HX_CLASSES = ["limited", "normal", "above-norm"]
MARGIN = 2.3  # deciding values stay this far from the verdict thresholds (verify_samples: 2.0)

TAPE_RGB = (40, 210, 60)
SKIN_TONES = [(246, 216, 196), (236, 192, 160), (214, 160, 124), (180, 124, 88), (140, 94, 64),
              (98, 64, 44), (72, 48, 34)]
HAIR = [(30, 24, 20), (70, 48, 32), (120, 84, 50), (190, 160, 110), (160, 160, 160), (110, 50, 30)]


# ---- sampling (no torch) ------------------------------------------------------------------------

def _u(rng, a, b, nd=2):
    return round(float(rng.uniform(a, b)), nd)


def _away(rng, a, b, thresholds, margin=MARGIN, nd=2):
    """Uniform in [a, b], at least `margin` from every threshold."""
    for _ in range(1000):
        x = _u(rng, a, b, nd)
        if all(abs(x - t) >= margin for t in thresholds):
            return x
    raise RuntimeError("no value away from the thresholds")


def _colour(rng, sat=(0.25, 0.85), val=(0.25, 0.9), dark=False) -> list:
    """A random clothing colour, never a saturated green (the tape's colour)."""
    while True:
        h = float(rng.uniform(0, 1))
        s = float(rng.uniform(*sat))
        v = float(rng.uniform(0.08, 0.3) if dark else rng.uniform(*val))
        if 0.2 <= h <= 0.47 and s > 0.25:  # green hues only greyish
            continue
        r, g, b = colorsys.hsv_to_rgb(h, s, v)
        return [int(round(255 * r)), int(round(255 * g)), int(round(255 * b))]


def _skin(rng) -> tuple:
    t = float(rng.uniform(0, len(SKIN_TONES) - 1))
    i = min(int(t), len(SKIN_TONES) - 2)
    w = t - i
    c = [(1 - w) * a + w * b for a, b in zip(SKIN_TONES[i], SKIN_TONES[i + 1])]
    return [int(round(x)) for x in c], round(t / (len(SKIN_TONES) - 1), 3)


def _hx_trial(rng) -> dict:
    """One hip extension trial's targets (changes from neutral, deg)."""
    clean = rng.uniform() < 0.2
    lean = 0.0 if clean or rng.uniform() < 0.55 else _away(rng, 3.0, 12.0, [5.0])
    tilt = 0.0 if clean or rng.uniform() < 0.55 else _away(rng, 4.0, 15.0, [5.0])
    knee = _away(rng, 10.0, 25.0, [20.0]) if rng.uniform() < 0.15 else None
    if lean or tilt:  # compensated: the thigh does not decide the verdict
        thigh = _u(rng, 3.0, 24.0)
    else:
        cls = HX_CLASSES[int(rng.integers(3))]
        lo, hi = {"limited": (3.0, 10.0), "normal": (10.0, 15.0), "above-norm": (15.0, 24.0)}[cls]
        thigh = _away(rng, lo, hi, [10.0, 15.0])
    return {"thigh": thigh, "lean": lean, "tilt": tilt, "knee": knee}


def _light(rng) -> dict:
    L = [float(rng.uniform(-0.8, 0.8)), float(rng.uniform(-0.9, -0.2)), float(rng.uniform(-1.0, -0.35))]
    n = math.sqrt(sum(x * x for x in L))
    return {"dir_cam": [round(x / n, 3) for x in L], "ambient": _u(rng, 0.3, 0.55),
            "brightness": _u(rng, 0.8, 1.15), "contrast": _u(rng, 0.85, 1.15), "gamma": _u(rng, 0.85, 1.2),
            "warmth": _u(rng, -1.0, 1.0)}


def sample_scenarios() -> list[dict]:
    """The full scenario list, deterministic from SEED (conditions before rendering; the pitch
    and the body's pixel height follow from the geometry at render time)."""
    master = np.random.default_rng([SEED])
    hx_cloth = [(c, m) for c, m, k in HX_CLOTHING for _ in range(k)]
    th_cloth = [(c, m) for c, m, k in TH_CLOTHING for _ in range(k)]
    assert len(hx_cloth) == N_HX and len(th_cloth) == N_TH
    hx_cloth = [hx_cloth[i] for i in master.permutation(N_HX)]
    th_cloth = [th_cloth[i] for i in master.permutation(N_TH)]
    th_cls = [TH_CLASSES[i % 4] for i in master.permutation(N_TH)]
    out = []
    for idx in range(N_HX + N_TH):
        rng = np.random.default_rng([SEED, idx])
        hx = idx < N_HX
        ph = {"gender": _u(rng, 0.0, 1.0, 3), "age": _u(rng, 0.55, 0.95, 3), "muscle": _u(rng, 0.2, 0.8, 3),
              "weight": _u(rng, 0.2, 0.9, 3), "height": _u(rng, 0.1, 0.9, 3),
              "proportions": _u(rng, 0.3, 0.7, 3)}
        skin, tone = _skin(rng)
        side = "R" if rng.uniform() < 0.5 else "L"
        W, H = FRAME_SIZES[int(rng.integers(len(FRAME_SIZES)))]
        big = max(W, H)
        smax = 6.0 if big <= 640 else 4.5 if big <= 960 else 3.5 if big <= 1280 else 2.5
        crf = _u(rng, 18.0, 30.0, 1)
        # sensor noise does not compress: the lower the crf (the more of the noise x264 keeps),
        # the lower the noise ceiling (size budget of the set)
        smax *= 0.35 + 0.65 * min(max((crf - 18.0) / 8.0, 0.0), 1.0)
        cond = {
            "body": {**ph, "skin_rgb": skin, "skin_tone": tone},
            "arms": ARMS[int(rng.integers(len(ARMS)))] if hx else "hug",
            "clothing": (hx_cloth[idx] if hx else th_cloth[idx - N_HX])[0],
            "marker": (hx_cloth[idx] if hx else th_cloth[idx - N_HX])[1],
            "frame_w": W, "frame_h": H,
            "facing": "right" if side == "R" else "left",
            "yaw_deg": _u(rng, -25.0, 25.0) if hx else _u(rng, -20.0, 20.0),
            "pitch_deg": None,
            "camera_height_m": _u(rng, 0.5, 1.75),
            "roll_deg": _u(rng, -5.0, 5.0),
            "body_px": None,
            "body_frac_target": _u(rng, 0.45, 0.9),
            "background": {"seed": int(rng.integers(2 ** 31))},
            "noise_sigma": _u(rng, 0.0, smax),
            "blur": {"motion": _u(rng, 0.0, 1.0) if rng.uniform() < 0.75 else 0.0,
                     "defocus_sigma_px": _u(rng, 0.3, 1.2) if rng.uniform() < 0.4 else 0.0},
            "crf": crf,
            "light": _light(rng),
        }
        colours = {"hair": list(HAIR[int(rng.integers(len(HAIR)))]), "shirt": _colour(rng),
                   "shorts": _colour(rng, val=(0.12, 0.5)), "waistband": _colour(rng, val=(0.6, 1.0)),
                   "legwear": _colour(rng, dark=True), "trousers": _colour(rng, sat=(0.05, 0.6), val=(0.15, 0.6)),
                   "shoes": _colour(rng, sat=(0.0, 0.5), val=(0.1, 0.9))}
        sc = {"index": idx, "test": "hip_extension" if hx else "thomas",
              "name": f"hx_{idx + 1:04d}" if hx else f"th_{idx - N_HX + 1:04d}",
              "side": side, "conditions": cond, "colours": colours}
        if cond["marker"] == "tape":
            h0, s0, v0 = colorsys.rgb_to_hsv(*(c / 255.0 for c in TAPE_RGB))
            r, g, b = colorsys.hsv_to_rgb(h0 + rng.uniform(-0.015, 0.015), s0 * rng.uniform(0.8, 1.0),
                                          min(1.0, v0 * rng.uniform(0.85, 1.05)))
            colours["tape"] = [int(round(255 * r)), int(round(255 * g)), int(round(255 * b))]
        if cond["clothing"] == "trousers":
            cond["inflate_m"] = _u(rng, 0.015, 0.03, 3)
        if cond["clothing"] == "long_shirt":
            cond["shirt_hem_below_hip_m"] = _u(rng, 0.08, 0.15, 3)
        if cond["clothing"] == "shirt_hem":
            cond["shirt_hem_above_tape_centre_m"] = _u(rng, -0.003, 0.012, 3)
        if hx:
            n_tr = 1 if rng.uniform() < 0.5 else 2
            sc["trials"] = [_hx_trial(rng) for _ in range(n_tr)]
            sc["timing"] = {"t_rest": 1.2, "t_move": _u(rng, 0.6, 0.9), "t_hold": _u(rng, 0.5, 0.8),
                            "t_gap": 0.8, "t_end": 1.0}
            if cond["arms"] == "out":
                cond["arms_out"] = {"mode": "sideways" if rng.uniform() < 0.5 else "forward",
                                    "deg": _u(rng, 60.0, 90.0, 1)}
            if cond["arms"] == "wall":
                cond["wall_rgb"] = _colour(rng, sat=(0.0, 0.3), val=(0.5, 0.9))
        else:
            cls = th_cls[idx - N_HX]
            psoas = cls in ("tight-iliopsoas", "tight-both")
            rf = cls in ("tight-rectus-femoris", "tight-both")
            sc["thomas"] = {"class": cls,
                            "thigh": _u(rng, 3.0, 14.0) if psoas else _u(rng, -15.0, -3.0),
                            "knee": _u(rng, 62.0, 77.0) if rf else _u(rng, 83.0, 100.0),
                            "settle": 1.0 if rng.uniform() < 0.2 else 0.0,
                            "hold": _u(rng, 2.5, 3.0)}
        out.append(sc)
    split(out)
    return out


def split(scs: list[dict]) -> None:
    """Split once into tuning and heldout, stratified by test, clothing and marker; within a
    stratum portrait frames are spread over both halves too."""
    rng = np.random.default_rng([SEED, 999999])
    strata: dict = {}
    for sc in scs:
        c = sc["conditions"]
        strata.setdefault((sc["test"], c["clothing"], c["marker"]), []).append(sc)
    for key in sorted(strata):
        grp = [strata[key][i] for i in rng.permutation(len(strata[key]))]
        grp.sort(key=lambda s: s["conditions"]["frame_h"] > s["conditions"]["frame_w"])  # stable
        start = int(rng.integers(2))
        for k, sc in enumerate(grp):
            sc["split"] = ("tuning", "heldout")[(k + start) % 2]


def render_order(scs: list[dict]) -> list[dict]:
    """Hip extension first, tuning and held-out alternating, tape clips interleaved early."""
    def interleave(a, b):
        out = []
        for i in range(max(len(a), len(b))):
            out += ([a[i]] if i < len(a) else []) + ([b[i]] if i < len(b) else [])
        return out

    order = []
    for test in ("hip_extension", "thomas"):
        halves = []
        for sp in ("tuning", "heldout"):
            g = [s for s in scs if s["test"] == test and s["split"] == sp]
            tape = [s for s in g if s["conditions"]["marker"] == "tape"]
            rest = [s for s in g if s["conditions"]["marker"] != "tape"]
            halves.append(interleave(tape, rest))
        order += interleave(*halves)
    return order


# ---- building the scenario (torch) --------------------------------------------------------------

def _rest(ph: dict, pose: dict) -> dict:
    import body
    return body.run(ph, [pose])


def _bone(bp: np.ndarray, name: str) -> np.ndarray:
    import body
    return bp[body.model().bone_labels.index(name), :3, 3]


def arms_pose(choice: str, ph: dict, stand: dict, side: str, wall_rgb=None, arms_out=None) -> tuple:
    """(arms pose to add to the stance, props, arms actually used, note)."""
    import body
    from render import reach
    from spec import ARMS_DOWN, Box, add_poses

    from protocol_clips import OTHER, arms_folded

    if choice == "down":
        return dict(ARMS_DOWN), [], "down", ""
    if choice == "folded":
        try:
            return arms_folded(ph), [], "folded", ""
        except RuntimeError as e:
            return dict(ARMS_DOWN), [], "down", f"arms folded not solvable ({e}); arms down"
    base = add_poses(stand, ARMS_DOWN)
    res = _rest(ph, base)
    bp, V = res["bone_poses"][0], res["vertices"][0]
    labels = body.dominant_bone_labels()
    trunk = np.array([lab.startswith(("spine", "pelvis", "root", "upperleg")) for lab in labels])
    hipL, hipR = _bone(bp, "upperleg01.L"), _bone(bp, "upperleg01.R")
    shL = _bone(bp, "upperarm01.L")
    T = shL[2] - hipL[2]
    up, fwd = np.array([0, 0, 1.0]), np.array([0, -1.0, 0])
    targets, bones = [], []
    props = []
    note = ""
    for s in ("L", "R"):
        sx = 1.0 if s == "L" else -1.0
        sh = _bone(bp, f"upperarm01.{s}")
        arm_len = np.linalg.norm(_bone(bp, f"wrist.{s}") - sh)
        if choice == "hips":
            hip = hipL if s == "L" else hipR
            zc = hip[2] + 0.24 * T
            sel = trunk & (np.abs(V[:, 2] - zc) < 0.03) & (V[:, 0] * sx > 0)
            xs = float((V[sel, 0] * sx).max())
            targets += [(f"wrist.{s}", (sx * (xs + 0.035), hip[1] + 0.03, zc + 0.02), 1.0),
                        (f"finger3-1.{s}", (sx * (xs + 0.02), hip[1] - 0.06, zc - 0.01), 0.7),
                        (f"lowerarm01.{s}", (sx * (xs + 0.22), sh[1] + 0.10, hip[2] + 0.55 * T), 0.3)]
            bones += [f"upperarm01.{s}", f"lowerarm01.{s}", f"wrist.{s}"]
        elif choice == "out":
            continue
        elif choice == "wall" and s == OTHER[side]:
            lateral = math.sqrt(max((0.88 * arm_len) ** 2 - 0.15 ** 2 - 0.05 ** 2, 0.1))
            wall_x = sh[0] + sx * (lateral + 0.04)
            targets += [(f"wrist.{s}", (wall_x - sx * 0.045, sh[1] - 0.05, sh[2] - 0.15), 1.0),
                        (f"finger3-1.{s}", (wall_x - sx * 0.03, sh[1] - 0.10, sh[2] - 0.07), 0.6)]
            bones += [f"upperarm01.{s}", f"lowerarm01.{s}", f"wrist.{s}"]
            floor = float(V[:, 2].min())
            props.append(Box(center=(wall_x + sx * 0.04, sh[1], floor + 1.1), size=(0.08, 1.6, 2.2),
                             color_rgb=tuple(wall_rgb or (200, 200, 195)), name="wall"))
    if choice == "out":
        mode, a = arms_out["mode"], math.radians(arms_out["deg"])
        for s in ("L", "R"):
            sx = 1.0 if s == "L" else -1.0
            sh = _bone(bp, f"upperarm01.{s}")
            arm_len = np.linalg.norm(_bone(bp, f"wrist.{s}") - sh)
            d = (math.sin(a) * (np.array([sx, 0, 0]) if mode == "sideways" else fwd + 0.15 * np.array([sx, 0, 0]))
                 - math.cos(a) * up)
            d /= np.linalg.norm(d)
            targets += [(f"wrist.{s}", tuple(sh + 0.96 * arm_len * d), 1.0),
                        (f"finger3-1.{s}", tuple(sh + (0.96 * arm_len + 0.09) * d), 0.6)]
            bones += [f"upperarm01.{s}", f"lowerarm01.{s}"]
        note = f"arms {mode} {math.degrees(a):.0f} deg from hanging"
    delta, err = reach(ph, base, targets, bones)
    hand_err = float(max(e for e, t in zip(err, targets) if t[0].startswith("wrist")))
    if hand_err > 0.05:
        return dict(ARMS_DOWN), [], "down", f"{choice}: the hands missed by {hand_err:.3f} m; arms down"
    return add_poses(ARMS_DOWN, delta), props, choice, note


def make_outfit(sc: dict, ph: dict, stand: dict, side: str):
    """The Outfit and, with the tape, the rest-pose strips (near side first)."""
    import body
    import tape as tapemod
    from spec import Outfit

    c, col = sc["conditions"], sc["colours"]
    cl = c["clothing"]
    res = _rest(ph, stand)
    rv, rh = res["rest_vertices"], res["rest_bone_heads"]
    L = body.model().bone_labels
    hip_z = 0.5 * (rh[L.index("upperleg01.L")][2] + rh[L.index("upperleg01.R")][2])
    T = 0.5 * (rh[L.index("upperarm01.L")][2] + rh[L.index("upperarm01.R")][2]) - hip_z
    o = dict(skin=tuple(c["body"]["skin_rgb"]), shorts=tuple(col["shorts"]), waistband=tuple(col["waistband"]),
             shirt=tuple(col["shirt"]), shoes=tuple(col["shoes"]), hair=tuple(col["hair"]))
    if cl == "leggings":
        o.update(shorts=tuple(col["legwear"]), waistband=tuple(col["legwear"]), shorts_bottom_frac=1.92,
                 shorts_top_frac=0.28)
    elif cl == "trousers":
        o.update(shorts=tuple(col["trousers"]), waistband=tuple(col["legwear"]), shorts_bottom_frac=1.92,
                 shorts_top_frac=0.26, waistband_m=0.035, inflate_m=c["inflate_m"])
    elif cl == "long_shirt":
        o.update(shirt_bottom_frac=-c["shirt_hem_below_hip_m"] / T)
    elif cl == "bare_skin":
        o.update(shorts_top_frac=0.04, waistband_m=0.025, shirt_bottom_frac=0.42)
    if c["marker"] == "tape":
        o.update(tape=True, tape_rgb=tuple(col["tape"]))
        if cl in ("shorts", "shirt_hem"):
            o.update(shorts_top_frac=0.30)  # high-waisted: the tape lies on the shorts
    strips = []
    if c["marker"] == "tape":
        far = "L" if side == "R" else "R"
        strips = [tapemod.strip_rest(rv, rh, s, 0.20, 0.03) for s in (side, far)]
        if cl == "shirt_hem":
            zc = strips[0]["centre"][2] + c["shirt_hem_above_tape_centre_m"]
            o.update(shirt_bottom_frac=(zc - hip_z) / T)
    return Outfit(**o), strips, T


def build(sc: dict):
    """The spec.Scenario (keys, trials, outfit, props) and extras for one sampled scenario."""
    from scenarios import neutral_stance
    from spec import Camera, Key, Scenario, Trial, add_poses, hip_extension, knee_flexion
    from protocol_clips import (HUG_HIP_DEG, HUG_KNEE_DEG, OTHER, SIDE, HipTrial, _thomas_pose, describe,
                                hip_trial_pose, table_under)
    from scenarios import _key

    c = sc["conditions"]
    ph = {k: c["body"][k] for k in ("gender", "age", "muscle", "weight", "height", "proportions")}
    side = sc["side"]
    stand = neutral_stance(ph)
    outfit, strips, T = make_outfit(sc, ph, stand, side)
    cam = Camera(facing=c["facing"], yaw_deg=c["yaw_deg"], roll_deg=c["roll_deg"], width=c["frame_w"],
                 height=c["frame_h"], body_px=c["body_frac_target"] * c["frame_h"], height_m=c["camera_height_m"],
                 max_width_frac=0.8)
    extra = {"strips": strips, "hip_to_shoulder_m": T}
    if sc["test"] == "hip_extension":
        arms, props, used, note = arms_pose(c["arms"], ph, stand, side, c.get("wall_rgb"), c.get("arms_out"))
        c["arms"] = used
        if note:
            c["arms_note"] = note
        base = add_poses(stand, arms)
        tm = sc["timing"]
        keys = [Key(0.0, {}, "neutral")]
        trials = []
        t = tm["t_rest"]
        texts = []
        for i, tr in enumerate(sc["trials"]):
            ht = HipTrial(thigh=tr["thigh"], lean=tr["lean"], tilt=tr["tilt"], knee=tr["knee"])
            peak = hip_trial_pose(ph, base, side, ht)
            mv, hd = tm["t_move"], tm["t_hold"]
            keys += [Key(t, {}, f"trial {i + 1} start"), Key(t + mv, peak, f"trial {i + 1} peak"),
                     Key(t + mv + hd, peak, f"trial {i + 1} hold end"), Key(t + 2 * mv + hd, {}, f"trial {i + 1} back")]
            trials.append(Trial(side=SIDE[side], start_s=round(t, 4), peak_s=round(t + mv, 4),
                                hold_end_s=round(t + mv + hd, 4), end_s=round(t + 2 * mv + hd, 4), label=describe(ht)))
            texts.append(f"trial {i + 1}: {describe(ht)}")
            t += 2 * mv + hd + (tm["t_gap"] if i < len(sc["trials"]) - 1 else tm["t_end"])
        notes = (f"Randomised standing hip extension test, {SIDE[side]} (near) leg, arms {used}, "
                 f"clothing {c['clothing']}, marker {c['marker']}: " + "; ".join(texts)
                 + ". Values are changes from the neutral stance, solved exactly on the truth columns.")
        s = Scenario(name=sc["name"], keys=keys, duration_s=round(t, 4), phenotype=ph, camera=cam, outfit=outfit,
                     base_pose=base, props=props, notes=notes, test="hip_extension", trials=trials)
        extra["background_props"] = props
        return s, extra
    th = sc["thomas"]
    root, leg, hug, arms, arm_err = (dict(x) if isinstance(x, tuple) else x
                                     for x in _thomas_pose(_key(ph), side, th["thigh"], th["knee"]))
    if arm_err > 0.04:
        c["arms_note"] = f"the hands miss the hugged knee by {arm_err:.3f} m"
    base = add_poses(stand, hug, arms)
    start_leg = add_poses(leg, hip_extension(side, -6.0), knee_flexion(side, -12.0))
    root_t, props, table_z = table_under(ph, base, leg, start_leg)
    ts, thd = th["settle"], th["hold"]
    keys = [Key(0.0, add_poses(root_t, start_leg if ts > 0 else leg), "settling" if ts > 0 else "hold"),
            Key(ts, add_poses(root_t, leg), "hold"), Key(ts + thd, add_poses(root_t, leg), "hold end")]
    notes = (f"Randomised Thomas test: supine on a table (top {table_z:.2f} m), the {SIDE[OTHER[side]]} knee "
             f"hugged (hip {HUG_HIP_DEG:g}, knee {HUG_KNEE_DEG:g}), the {SIDE[side]} (near) leg hanging at "
             f"thigh {th['thigh']:+g} deg against the horizontal, knee {th['knee']:g} deg"
             + (f", settling over {ts:g} s first" if ts else "") + f"; clothing {c['clothing']}.")
    cam.max_width_frac = 0.6 + 0.3 * c["body_frac_target"] / 0.9
    s = Scenario(name=sc["name"], keys=keys, duration_s=round(ts + thd, 4), phenotype=ph, camera=cam,
                 outfit=outfit, base_pose=base, props=props, floor_z=0.0, notes=notes, test="thomas",
                 trials=[Trial(side=SIDE[side], start_s=0.0, peak_s=ts, hold_end_s=ts + thd, end_s=ts + thd,
                               label="hold")])
    extra["background_props"] = []
    return s, extra


# ---- the room behind the body -------------------------------------------------------------------

def _noise_tex(rng, n=256, sigma=2.0) -> np.ndarray:
    import cv2
    a = rng.standard_normal((n, n)).astype(np.float32)
    big = np.tile(a, (3, 3))
    big = cv2.GaussianBlur(big, (0, 0), sigma)[n:2 * n, n:2 * n]
    return big / (big.std() + 1e-6)


def _sample(tex: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    import cv2
    n = tex.shape[0]
    return cv2.remap(tex, np.mod(x, n).astype(np.float32), np.mod(y, n).astype(np.float32), cv2.INTER_LINEAR)


def _hash01(i: np.ndarray, j: np.ndarray, salt: int) -> np.ndarray:
    h = (i.astype(np.int64) * 73856093) ^ (j.astype(np.int64) * 19349663) ^ (salt * 83492791)
    h = (h ^ (h >> 13)) * 1274126177
    return ((h ^ (h >> 16)) & 0xFFFF) / 65535.0


def _rgb(rng, s=(0.05, 0.35), v=(0.55, 0.92)) -> np.ndarray:
    h = float(rng.uniform(0, 1))
    return np.array(colorsys.hsv_to_rgb(h, float(rng.uniform(*s)), float(rng.uniform(*v)))) * 255.0


def _oriented_box(center, size, axes) -> np.ndarray:
    """box_triangles in a frame with columns `axes` (right, depth, up), centre in world."""
    import raster
    tris = raster.box_triangles((0.0, 0.0, 0.0), size)
    A = np.asarray(axes, float)
    out = tris @ A.T + np.asarray(center, float)
    if np.linalg.det(A) < 0:
        out = out[:, [0, 2, 1]]
    return out


def make_room(cam, floor_z: float, target: np.ndarray, rng, light: dict, extra_boxes=()) -> tuple:
    """A textured, furnished room behind the body: returns (BGR image at the supersampled size,
    a description). The wall is perpendicular to the camera's level viewing direction, 1.0-2.5 m
    behind the body's centre; furniture stands against it (never in front of the body)."""
    import cv2
    import raster

    ss = raster.SUPERSAMPLE
    W, H = cam.width * ss, cam.height * ss
    look = cam.R[2].copy()
    look_h = np.array([look[0], look[1], 0.0])
    look_h /= np.linalg.norm(look_h)
    up = np.array([0.0, 0.0, 1.0])
    right_h = np.cross(look_h, up)
    right_h /= np.linalg.norm(right_h)
    behind = float(rng.uniform(1.0, 2.5))
    wall_w = float((target - cam.C) @ look_h) + behind  # wall distance from the camera (horizontal)
    # per-pixel rays
    ys, xs = np.mgrid[0:H, 0:W].astype(np.float32)
    u = (xs + 0.5) / ss - 0.5
    v = (ys + 0.5) / ss - 0.5
    Kinv = np.linalg.inv(cam.K)
    dc = np.stack([Kinv[0, 0] * u + Kinv[0, 2], Kinv[1, 1] * v + Kinv[1, 2], np.ones_like(u)], -1)
    d = dc @ cam.R.astype(np.float32)  # world directions (rows of R are the camera axes)
    dl = d @ look_h.astype(np.float32)
    t_wall = np.where(dl > 1e-6, wall_w / np.maximum(dl, 1e-6), np.inf)
    t_floor = np.where(d[..., 2] < -1e-6, (floor_z - cam.C[2]) / np.minimum(d[..., 2], -1e-6), np.inf)
    on_floor = t_floor < t_wall
    t = np.where(on_floor, t_floor, t_wall)
    t = np.where(np.isfinite(t), t, 1e3)
    X = cam.C.astype(np.float32) + t[..., None] * d
    s_coord = (X - cam.C) @ right_h.astype(np.float32)
    h_coord = X[..., 2] - floor_z
    w_coord = (X - cam.C) @ look_h.astype(np.float32)
    desc = {"wall_behind_body_m": round(behind, 2)}

    # wall texture
    wall_c = _rgb(rng)
    style = ["plain", "stripes", "wallpaper", "panels", "brick"][int(rng.integers(5))]
    desc["wall"] = style
    desc["wall_rgb"] = [int(x) for x in wall_c]
    n1, n2 = _noise_tex(rng, sigma=1.5), _noise_tex(rng, sigma=8.0)
    px_m = 300.0
    wall = np.ones((H, W, 3), np.float32) * wall_c[None, None]
    tex = 1.0 + 0.035 * _sample(n1, s_coord * px_m, h_coord * px_m) + 0.04 * _sample(n2, s_coord * 60, h_coord * 60)
    if style == "stripes":
        p = float(rng.uniform(0.06, 0.3))
        c2 = wall_c * float(rng.uniform(0.75, 0.9)) if rng.uniform() < 0.6 else _rgb(rng)
        m = (np.mod(s_coord / p, 1.0) < float(rng.uniform(0.3, 0.6)))[..., None]
        wall = np.where(m, c2[None, None].astype(np.float32), wall)
    elif style == "wallpaper":
        p = float(rng.uniform(0.1, 0.25))
        c2 = _rgb(rng, s=(0.2, 0.6), v=(0.3, 0.8))
        fx = np.mod(s_coord / p, 1.0) - 0.5
        fy = np.mod(h_coord / p + 0.5 * (np.floor(s_coord / p) % 2), 1.0) - 0.5
        r = float(rng.uniform(0.12, 0.3))
        m = ((np.abs(fx) + np.abs(fy)) < r)[..., None] if rng.uniform() < 0.5 else ((fx ** 2 + fy ** 2) < r * r)[..., None]
        wall = np.where(m, c2[None, None].astype(np.float32), wall)
    elif style == "panels":
        hp = float(rng.uniform(0.8, 1.1))
        c2 = _rgb(rng, s=(0.0, 0.3), v=(0.4, 0.95))
        low = (h_coord < hp)[..., None]
        seam = ((np.abs(np.mod(s_coord, 0.5) - 0.25) > 0.24) | (np.abs(h_coord - hp) < 0.015))[..., None]
        wall = np.where(low, c2[None, None].astype(np.float32), wall)
        wall = np.where(seam & (h_coord < hp + 0.015)[..., None], wall * 0.7, wall)
    elif style == "brick":
        bh, bl = 0.075, 0.225
        row = np.floor(h_coord / bh)
        col = np.floor(s_coord / bl + 0.5 * (row % 2))
        var = _hash01(row, col, 7)[..., None].astype(np.float32)
        brick_c = np.array([150, 70, 50], np.float32) * float(rng.uniform(0.7, 1.2))
        wall = brick_c[None, None] * (0.8 + 0.4 * var)
        mortar = ((np.mod(h_coord, bh) < 0.011) | (np.mod(s_coord / bl + 0.5 * (row % 2), 1.0) * bl < 0.011))[..., None]
        wall = np.where(mortar, np.array([190, 185, 175], np.float32)[None, None], wall)
    wall = wall * tex[..., None]
    skirting = (h_coord < 0.09)[..., None]
    wall = np.where(skirting, _rgb(rng, s=(0.0, 0.2), v=(0.3, 0.95)).astype(np.float32)[None, None], wall)

    # floor texture
    fstyle = ["wood", "tiles", "carpet", "concrete"][int(rng.integers(4))]
    desc["floor"] = fstyle
    if fstyle == "wood":
        base = np.array([150, 105, 65], np.float32) * float(rng.uniform(0.6, 1.3))
        pw = float(rng.uniform(0.1, 0.2))
        pl = np.floor(s_coord / pw)
        seg = np.floor(w_coord / 1.2 + _hash01(pl, pl * 0 + 1, 3))
        var = _hash01(pl, seg, 5)[..., None].astype(np.float32)
        grain = _sample(n1, s_coord * 900, w_coord * 40)[..., None]
        floor = base[None, None] * (0.8 + 0.35 * var) * (1 + 0.06 * grain)
        gap = ((np.mod(s_coord, pw) < 0.004) | (np.abs(np.mod(w_coord / 1.2 + _hash01(pl, pl * 0 + 1, 3), 1.0)) < 0.004))[..., None]
        floor = np.where(gap, floor * 0.6, floor)
    elif fstyle == "tiles":
        ts = float(rng.uniform(0.3, 0.6))
        base = _rgb(rng, s=(0.0, 0.25), v=(0.4, 0.9)).astype(np.float32)
        ii, jj = np.floor(s_coord / ts), np.floor(w_coord / ts)
        var = _hash01(ii, jj, 11)[..., None].astype(np.float32)
        floor = base[None, None] * (0.9 + 0.15 * var) * (1 + 0.03 * _sample(n1, s_coord * 300, w_coord * 300)[..., None])
        grout = ((np.mod(s_coord, ts) < 0.006) | (np.mod(w_coord, ts) < 0.006))[..., None]
        floor = np.where(grout, base[None, None] * 0.6, floor)
    elif fstyle == "carpet":
        base = _rgb(rng, s=(0.1, 0.5), v=(0.2, 0.6)).astype(np.float32)
        floor = base[None, None] * (1 + 0.08 * _sample(n1, s_coord * 1500, w_coord * 1500)[..., None]
                                    + 0.05 * _sample(n2, s_coord * 80, w_coord * 80)[..., None])
    else:
        base = np.array([135, 132, 128], np.float32) * float(rng.uniform(0.7, 1.2))
        floor = base[None, None] * (1 + 0.06 * _sample(n1, s_coord * 400, w_coord * 400)[..., None]
                                    + 0.08 * _sample(n2, s_coord * 30, w_coord * 30)[..., None])
    img = np.where(on_floor[..., None], floor, wall)
    # soft light falloff across the room
    cx, cy = float(rng.uniform(0.1, 0.9)) * W, float(rng.uniform(-0.2, 0.5)) * H
    r2 = ((xs - cx) ** 2 + (ys - cy) ** 2) / float(W * W + H * H)
    img *= (1.08 - float(rng.uniform(0.2, 0.45)) * r2)[..., None]
    img = np.clip(img, 0, 255)[..., ::-1].copy()  # BGR

    # furniture against the wall
    visible = (~on_floor) & (t_wall < 1e3)
    s_vis = s_coord[visible]
    s_lo, s_hi = (float(np.percentile(s_vis, 1)), float(np.percentile(s_vis, 99))) if s_vis.size else (-2.0, 2.0)
    axes = np.stack([right_h, look_h, up], 1)
    wall_pt = cam.C + look_h * wall_w
    wall_pt[2] = floor_z

    def at(s_, depth, z):  # a point s_ along the wall, `depth` in front of it, height z
        return wall_pt + right_h * s_ - look_h * depth + up * z

    tris, cols = [], []

    def box(s_, depth_c, z_c, size, rgb):
        tr = _oriented_box(at(s_, depth_c, z_c), size, axes)
        tris.append(tr)
        cols.append(np.tile(np.asarray(rgb, float), (len(tr), 1)))

    items = []
    n_items = int(rng.integers(2, 7))
    slots = np.sort(rng.uniform(s_lo, s_hi, n_items))
    plants = []
    for s_ in slots:
        kind = ["shelf", "cabinet", "door", "picture", "picture", "plant", "window", "radiator"][int(rng.integers(8))]
        items.append(kind)
        if kind == "shelf":
            w_, h_, d_ = float(rng.uniform(0.6, 1.0)), float(rng.uniform(1.2, 2.0)), 0.3
            wood = _rgb(rng, s=(0.2, 0.6), v=(0.3, 0.85))
            box(s_ - w_ / 2, d_ / 2, h_ / 2, (0.02, d_, h_), wood)
            box(s_ + w_ / 2, d_ / 2, h_ / 2, (0.02, d_, h_), wood)
            box(s_, 0.01, h_ / 2, (w_, 0.02, h_), wood * 0.8)
            n_sh = int(rng.integers(3, 6))
            for k in range(n_sh):
                z = 0.05 + k * (h_ - 0.05) / (n_sh - 1) if n_sh > 1 else h_
                box(s_, d_ / 2, z, (w_, d_, 0.025), wood)
                if k < n_sh - 1:
                    x = s_ - w_ / 2 + 0.03
                    while x < s_ + w_ / 2 - 0.08 and rng.uniform() < 0.93:
                        bw, bh = float(rng.uniform(0.02, 0.06)), float(rng.uniform(0.12, 0.26))
                        bh = min(bh, (h_ - 0.05) / max(n_sh - 1, 1) - 0.04)
                        box(x + bw / 2, 0.12, z + 0.0125 + bh / 2, (bw, 0.2, bh), _rgb(rng, s=(0.2, 0.8), v=(0.2, 0.9)))
                        x += bw + float(rng.uniform(0.0, 0.03))
        elif kind == "cabinet":
            w_, h_, d_ = float(rng.uniform(0.6, 1.4)), float(rng.uniform(0.5, 0.95)), 0.45
            c_ = _rgb(rng, s=(0.0, 0.5), v=(0.3, 0.95))
            box(s_, d_ / 2, h_ / 2, (w_, d_, h_), c_)
            box(s_, d_ + 0.005, h_ / 2, (0.01, 0.01, h_ * 0.9), c_ * 0.6)
            if rng.uniform() < 0.6:  # something on top
                box(s_ + float(rng.uniform(-0.2, 0.2)), 0.2, h_ + 0.12, (0.18, 0.15, 0.24), _rgb(rng, s=(0.2, 0.7)))
        elif kind == "door":
            c_ = _rgb(rng, s=(0.0, 0.4), v=(0.3, 0.95))
            box(s_, 0.02, 1.02, (0.95, 0.04, 2.04), c_ * 0.8)
            box(s_, 0.04, 1.0, (0.85, 0.02, 2.0), c_)
            box(s_ + 0.33, 0.07, 1.0, (0.1, 0.04, 0.03), (180, 170, 140))
        elif kind == "picture":
            pw_, ph_ = float(rng.uniform(0.3, 0.8)), float(rng.uniform(0.25, 0.6))
            z = float(rng.uniform(1.2, 1.8))
            box(s_, 0.015, z, (pw_, 0.03, ph_), _rgb(rng, s=(0.0, 0.5), v=(0.1, 0.9)))
            box(s_, 0.032, z, (pw_ * 0.82, 0.005, ph_ * 0.78), _rgb(rng, s=(0.1, 0.7), v=(0.3, 0.95)))
            for _ in range(int(rng.integers(1, 4))):
                box(s_ + float(rng.uniform(-0.25, 0.25)) * pw_, 0.037, z + float(rng.uniform(-0.2, 0.2)) * ph_,
                    (pw_ * float(rng.uniform(0.15, 0.4)), 0.004, ph_ * float(rng.uniform(0.15, 0.4))),
                    _rgb(rng, s=(0.2, 0.9), v=(0.2, 0.95)))
        elif kind == "window":
            z = float(rng.uniform(0.9, 1.1))
            box(s_, 0.01, z + 0.6, (1.0, 0.02, 1.2), (235, 240, 245))
            box(s_, 0.015, z + 0.6, (0.92, 0.015, 1.12), _rgb(rng, s=(0.05, 0.25), v=(0.85, 1.0)))
            box(s_, 0.03, z + 0.6, (0.04, 0.03, 1.2), (230, 230, 230))
            box(s_, 0.03, z + 0.6, (1.0, 0.03, 0.04), (230, 230, 230))
        elif kind == "radiator":
            c_ = _rgb(rng, s=(0.0, 0.15), v=(0.7, 0.95))
            w_ = float(rng.uniform(0.6, 1.2))
            for k in range(int(w_ / 0.06)):
                box(s_ - w_ / 2 + 0.03 + 0.06 * k, 0.06, 0.45, (0.045, 0.08, 0.6), c_)
        elif kind == "plant":
            pot = _rgb(rng, s=(0.2, 0.6), v=(0.3, 0.8))
            ph_ = float(rng.uniform(0.25, 0.4))
            box(s_, 0.25, ph_ / 2, (0.3, 0.3, ph_), pot)
            plants.append((at(s_, 0.25, ph_), float(rng.uniform(0.4, 1.1))))
    for b in extra_boxes:
        tr = raster.box_triangles(b.center, b.size)
        tris.append(tr)
        cols.append(np.tile(np.asarray(b.color_rgb, float), (len(tr), 1)))
    desc["items"] = items
    if tris:
        raster._paint(img, cam, np.concatenate(tris), np.concatenate(cols), light["dir_cam"], light["ambient"])
    for base_pt, size in plants:  # leaves: green ellipses drawn behind the body
        f = cam.K[0, 0] * ss
        zc = float(cam.to_cam(base_pt[None])[0, 2])
        for _ in range(int(rng.integers(15, 35))):
            p = base_pt + right_h * rng.uniform(-0.35, 0.35) * size + up * rng.uniform(0.0, 1.0) * size
            uv = (cam.project(p[None])[0] + 0.5) * ss - 0.5
            a_ = f * size * float(rng.uniform(0.08, 0.18)) / zc
            g = np.array([float(rng.uniform(20, 70)), float(rng.uniform(80, 150)), float(rng.uniform(30, 80))])
            cv2.ellipse(img, (int(uv[0]), int(uv[1])), (max(2, int(a_)), max(1, int(a_ * 0.4))),
                        float(rng.uniform(0, 180)), 0, 360, g.tolist(), -1, cv2.LINE_AA)
    return img.astype(np.uint8), desc


# ---- rendering -----------------------------------------------------------------------------------

def place_camera(camspec, V, BP, props, floor_z):
    """Camera at the sampled height aimed (pitch) at the body's centre; the body_px target is
    lowered until the whole body stays inside the frame with a small margin."""
    import raster
    import truthcalc
    from dataclasses import replace

    lo = V.reshape(-1, 3).min(0)
    hi = V.reshape(-1, 3).max(0)
    for b in props:
        c, s = np.asarray(b.center, float), np.asarray(b.size, float)
        lo, hi = np.minimum(lo, c - s / 2), np.maximum(hi, c + s / 2)
    lo[2] = min(lo[2], floor_z)
    n_axis, fwd = truthcalc.sagittal_axes(BP[:1])
    sub = V[:, ::7].reshape(-1, 3)
    centre = 0.5 * (lo + hi)
    cs = replace(camspec)
    for _ in range(30):
        cam0 = raster.make_camera(replace(cs, pitch_deg=0.0), fwd[0], n_axis[0], lo, hi, floor_z)
        dh = float(np.linalg.norm((cam0.C - centre)[:2]))
        pitch = math.degrees(math.atan2(floor_z + cs.height_m - centre[2], dh))
        cam = raster.make_camera(replace(cs, pitch_deg=pitch), fwd[0], n_axis[0], lo, hi, floor_z)
        uv = cam.project(sub)
        mx, my = 0.02 * cs.width, 0.02 * cs.height
        if (uv[:, 0].min() >= mx and uv[:, 0].max() <= cs.width - 1 - mx and uv[:, 1].min() >= my
                and uv[:, 1].max() <= cs.height - 1 - my):
            return cam, replace(cs, pitch_deg=pitch), lo, hi
        cs.body_px *= 0.95
        cs.max_width_frac *= 0.97
    raise RuntimeError("the body does not fit the frame")


def inflate(V: np.ndarray, rest_V: np.ndarray, dressing: dict, top_z: float, amount: float) -> np.ndarray:
    """Loose trousers: leg and hip vertices below top_z (rest) pushed out along the posed vertex
    normals, fading in over the 8 cm below the top; arms, hands and feet untouched."""
    import body
    import tape as tapemod

    labels = body.dominant_bone_labels()
    skip = np.array([lab.startswith(body.ARM_PREFIXES + body.FOOT_PREFIXES + body.HEAD_PREFIXES) for lab in labels])
    w = np.clip((top_z - rest_V[:, 2]) / 0.08, 0.0, 1.0) * amount
    w[skip] = 0.0
    sel = np.nonzero(w > 0)[0]
    F = body.faces()
    out = V.copy()
    for i in range(len(V)):
        n = tapemod.vertex_normals(V[i], F)
        out[i, sel] += w[sel, None] * n[sel]
    return out


def degrade_lut(light: dict) -> np.ndarray:
    """Per-channel 8-bit lookup (BGR): white balance (warmth), brightness, contrast, gamma."""
    x = np.arange(256, dtype=np.float64)
    wr = light["warmth"]
    gains = [1.0 - 0.10 * wr, 1.0, 1.0 + 0.10 * wr]  # B, G, R
    lut = np.zeros((256, 1, 3), np.uint8)
    for ch in range(3):
        y = x * gains[ch] * light["brightness"]
        y = (y - 128.0) * light["contrast"] + 128.0
        y = 255.0 * np.clip(y / 255.0, 0, 1) ** light["gamma"]
        lut[:, 0, ch] = np.clip(np.round(y), 0, 255).astype(np.uint8)
    return lut


def render_clip(sc: dict, out: Path, png_frames=(), log=print) -> dict:
    import cv2
    import av

    import body
    import raster
    import render
    import tape as tapemod
    import truthcalc
    from spec import pose_at

    t0 = time.time()
    s, extra = build(sc)
    c = sc["conditions"]
    big = max(c["frame_w"], c["frame_h"])
    raster.SUPERSAMPLE = 2 if big <= 1280 else 1
    n = int(round(s.duration_s * s.fps))
    t = np.arange(n) / s.fps
    poses = [pose_at(s.keys, s.base_pose, float(ti)) for ti in t]
    res = body.run(s.phenotype, poses)
    V, BP = res["vertices"], res["bone_poses"]
    rv = res["rest_vertices"]
    dressing = body.dress(s.outfit, rv, res["rest_bone_heads"])
    strips = extra["strips"]
    if strips:
        V = body.pelvis_rigid(V, BP, rv, tapemod.rigid_anchor_marks(strips))
    if s.outfit.inflate_m:
        top = dressing["edges_z"]["shorts_top"]
        V = inflate(V, rv, dressing, top, s.outfit.inflate_m)
    colors = dressing["colors"]
    if s.floor_z is not None:
        floor_z = s.floor_z
    else:
        floor_z = float(V[0][:, 2].min())
    frame_props = [] if s.test == "hip_extension" else s.props
    cam, camspec, lo, hi = place_camera(s.camera, V, BP, s.props if s.test == "thomas" else [], floor_z)
    s.camera = camspec
    c["pitch_deg"] = round(camspec.pitch_deg, 2)
    t_pose = time.time() - t0

    rng_bg = np.random.default_rng([SEED, sc["index"], 1])
    room, bg_desc = make_room(cam, floor_z, 0.5 * (lo + hi), rng_bg, c["light"], extra["background_props"])
    c["background"] = {**c["background"], **bg_desc}
    prop_tris = [raster.box_triangles(b.center, b.size) for b in frame_props]
    prop_cols = [np.tile(np.asarray(b.color_rgb, float), (len(tr), 1)) for b, tr in zip(frame_props, prop_tris)]

    ang = truthcalc.angles(BP, render.bone_indices())
    jidx = [body.joint_index(j) for j in body.JOINTS]
    uv = cam.project(BP[:, jidx][:, :, :3, 3])

    # tape per frame
    tape_P, tape_cells = [], []
    if strips:
        shirt_bot = dressing["edges_z"]["shirt_bottom"]
        for st in strips:
            P = tapemod.posed_strip(st, V, BP, s.outfit.tape_lift_m)
            rz = st["rest_points"]
            cz = 0.25 * (rz[:-1, :-1, 2] + rz[1:, :-1, 2] + rz[1:, 1:, 2] + rz[:-1, 1:, 2]).reshape(-1)
            covered = cz >= shirt_bot  # under the shirt (painted over the strip's top)
            tape_P.append(P)
            tape_cells.append(covered)
    vis_frac = [[] for _ in strips]

    light = c["light"]
    lut = degrade_lut(light)
    rng_px = np.random.default_rng([SEED, sc["index"], 2])
    size = (c["frame_w"], c["frame_h"])
    mp4 = out / f"{s.name}.mp4"
    container = av.open(str(mp4), "w")
    stream = container.add_stream("libx264", rate=int(s.fps))
    stream.width, stream.height = size
    stream.pix_fmt = "yuv420p"
    stream.options = {"crf": f"{c['crf']:.1f}", "preset": "medium"}
    t1 = time.time()
    prev_clean = None
    prev_key = None
    n_unique = 0
    tape_rgb = np.asarray(s.outfit.tape_rgb, float)
    pelvis_i = body.model().bone_labels.index("pelvis.L")
    blur = c["blur"]
    try:
        for i in range(n):
            key = V[i].tobytes()
            if key != prev_key:
                tris = body.dressed_triangles(V[i], dressing)
                cols = colors
                if prop_tris:
                    tris = np.concatenate([tris] + prop_tris)
                    cols = np.concatenate([colors] + prop_cols)
                img = room.copy()
                raster._paint(img, cam, tris, cols, light["dir_cam"], light["ambient"])
                if strips:
                    ot, oc = [], []
                    for k, st in enumerate(strips):
                        Rm = BP[i, pelvis_i, :3, :3] @ np.linalg.inv(BP[0, pelvis_i, :3, :3])
                        tr, cell = tapemod.cell_triangles(tape_P[k][i], Rm @ st["normal"])
                        ncell = tapemod.N_LEN * tapemod.N_WID
                        vis = tapemod.visible_cells(tr, cell, ncell, V[i], cam.C, tape_cells[k])
                        keep = vis[cell]
                        ot.append(tr[keep])
                        oc.append(np.tile(tape_rgb, (int(keep.sum()), 1)))
                        vis_frac[k].append(float(vis.mean()))
                    ot = np.concatenate(ot)
                    if len(ot):
                        raster._paint(img, cam, ot, np.concatenate(oc), light["dir_cam"], light["ambient"])
                clean = cv2.resize(img, size, interpolation=cv2.INTER_AREA) if raster.SUPERSAMPLE > 1 else img
                n_unique += 1
                moved = prev_key is not None
            else:
                clean = prev_clean
                moved = False
                for k in range(len(strips)):
                    vis_frac[k].append(vis_frac[k][-1])
            frame = clean
            if moved and blur["motion"] > 0 and prev_clean is not None:
                # the shutter open over the whole frame interval: average of the two poses
                wgt = 0.5 * blur["motion"]
                frame = cv2.addWeighted(clean, 1.0 - wgt, prev_clean, wgt, 0.0)
            if blur["defocus_sigma_px"] > 0:
                frame = cv2.GaussianBlur(frame, (0, 0), blur["defocus_sigma_px"])
            frame = cv2.LUT(frame, lut)
            if c["noise_sigma"] > 0:
                noise = rng_px.standard_normal(frame.shape, dtype=np.float32) * np.float32(c["noise_sigma"])
                frame = np.clip(frame.astype(np.float32) + noise, 0, 255).astype(np.uint8)
            vf = av.VideoFrame.from_ndarray(frame, format="bgr24")
            for pk in stream.encode(vf):
                container.mux(pk)
            if i in png_frames:
                cv2.imwrite(str(out / f"{s.name}.f{i:03d}.png"), frame)
            prev_clean, prev_key = clean, key
        for pk in stream.encode():
            container.mux(pk)
    finally:
        container.close()
    t_render = time.time() - t1
    render.verify_video(mp4, n, size)
    render.write_truth_csv(out / f"{s.name}.truth.csv", t, ang)
    render.write_joints_csv(out / f"{s.name}.joints2d.csv", uv)
    uv0 = cam.project(V[0])
    body_px = float(uv0[:, 1].max() - uv0[:, 1].min())
    c["body_px"] = round(body_px, 1)
    c["body_frac"] = round(body_px / c["frame_h"], 3)
    allv = cam.project(V.reshape(-1, 3)[:: max(1, V.shape[1] // 2000)])
    pts = uv.reshape(-1, 2)
    inside = bool((pts >= 0).all() and (pts[:, 0] < size[0]).all() and (pts[:, 1] < size[1]).all())
    meta = {
        "name": s.name,
        "generator": GENERATOR,
        "truthset": {"seed": SEED, "index": sc["index"]},
        "split": sc["split"],
        "conditions": c,
        "body_model": "anny (Apache-2.0 code, CC0 MakeHuman-derived assets), default rig, local-ref pose parameterization",
        "frames": n,
        "fps": s.fps,
        "size": list(size),
        "video": {"codec": "h264 (libx264)", "pix_fmt": "yuv420p", "crf": c["crf"], "writer": "PyAV"},
        "scenario": s.to_json(),
        "camera_placed": cam.as_json(),
        "floor_z_m": floor_z,
        "body_height_px_frame0": round(body_px, 1),
        "joints_in_frame": inside,
        "body_in_frame": bool((allv >= 0).all() and (allv[:, 0] < size[0]).all() and (allv[:, 1] < size[1]).all()),
        "truth_definitions": truthcalc.__doc__.strip(),
        "truth_summary": {k: {"min": round(float(ang[k].min()), 2), "max": round(float(ang[k].max()), 2),
                              "frame0": round(float(ang[k][0]), 2)} for k in truthcalc.COLUMNS},
        "joints2d": "NAME.joints2d.csv: projected 3D joint centres (pixels, x right, y down, pixel "
                    "centres at integers), no occlusion test",
        "rendered_poses": n_unique,
    }
    if strips:
        meta["tape"] = tape_truth(s, strips, tape_P, vis_frac, BP, cam, ang["pelvic_tilt_deg"])
    meta["test"] = s.test
    meta["trials"] = render.trial_truth(s, t, ang, None)
    if strips and s.test == "hip_extension":
        near = meta["tape"]["near"]
        a3, a_img = np.asarray(near["asis_psis_deg"]), np.asarray(near["image_deg"])
        eps = 0.5 / s.fps
        for tr, row in zip(s.trials, meta["trials"]):
            hold = (t >= tr.peak_s - eps) & (t <= tr.hold_end_s + eps)
            before = (t < tr.start_s - eps) & (t >= tr.start_s - 0.5 - eps)
            row["tape_asis_psis_change_deg"] = render._r(a3[hold].mean() - a3[before].mean())
            row["tape_image_change_deg"] = render._r(a_img[hold].mean() - a_img[before].mean())
            row["tape_visible_fraction_hold"] = render._r(np.mean(np.asarray(near["visible_fraction"])[hold]))
    with open(out / f"{s.name}.truth.json", "w") as fh:
        json.dump(meta, fh, indent=1)
        fh.write("\n")
    log(f"{s.name} [{sc['split']}]: {n} frames ({n_unique} rendered), {size[0]}x{size[1]}, pose {t_pose:.1f} s, "
        f"render+encode {t_render:.1f} s, {mp4.stat().st_size / 1e6:.2f} MB, body {body_px:.0f} px")
    return meta


def tape_truth(s, strips, tape_P, vis_frac, BP, cam, tilt) -> dict:
    import truthcalc
    from render import _r

    n_axis, fwd = truthcalc.sagittal_axes(BP)
    sign = 1.0 if s.camera.facing == "right" else -1.0
    out = {
        "kind": "a flat strip of coloured tape, length x width, stuck on the side of the pelvis over the iliac "
                "crest along the ASIS-PSIS line (it follows the skin front to back), tape_lift_m outside the "
                "skin, rigid with the pelvis; drawn where not hidden by the body or the shirt",
        "rgb": list(s.outfit.tape_rgb), "length_m": s.outfit.tape_length_m, "width_m": s.outfit.tape_width_m,
        "lift_m": s.outfit.tape_lift_m,
        "placement": "centre: the midpoint of the ASIS and PSIS skin points (body.pelvis_landmarks) pushed out "
                     "sideways onto the skin; long axis: PSIS->ASIS laid into the skin's tangent plane",
        "asis_psis_definition": "asis_psis_deg: the line from the strip's back end (PSIS side) to its front end "
                                "(ASIS side), centre line, in the body's sagittal plane against the horizontal, "
                                "+ when the front end is lower; its change from frame 0 equals pelvic_tilt_deg. "
                                "image_deg: the same line projected into the image against the image horizontal, "
                                "+ when the front end is lower in the image (subject's frame: the facing sign "
                                "applied). corners_px: back-low, front-low, front-high, back-high (pixels, x "
                                "right, y down). visible_fraction: the share of the strip's area drawn.",
    }
    for k, (st, P) in enumerate(zip(strips, tape_P)):
        mid = P.shape[2] // 2
        back, front = P[:, 0, mid], P[:, -1, mid]
        d = front - back
        a3 = np.degrees(np.arctan2(-d[:, 2], (d * fwd).sum(1)))
        ub, uf = cam.project(back), cam.project(front)
        di = uf - ub
        a_img = np.degrees(np.arctan2(di[:, 1], sign * di[:, 0]))
        # corners: the grid's ends; short axis points up (v), so j=0 is the low edge
        cor = np.stack([P[:, 0, 0], P[:, -1, 0], P[:, -1, -1], P[:, 0, -1]], 1)
        cpx = cam.project(cor)
        flat = P[0].reshape(-1, 3)
        cen = flat.mean(0)
        _, sv, vt = np.linalg.svd(flat - cen)
        dev = np.abs((flat - cen) @ vt[2]).max()
        out["near" if k == 0 else "far"] = {
            "side": {"L": "left", "R": "right"}[st["side"]],
            "rest_centre_m": np.round(st["centre"], 4).tolist(),
            "rest_asis_m": np.round(st["asis"], 4).tolist(), "rest_psis_m": np.round(st["psis"], 4).tolist(),
            "max_deviation_from_plane_m": round(float(dev), 4),
            "asis_psis_deg_frame0": _r(a3[0]),
            "asis_psis_change_minus_pelvic_tilt_max_abs_deg": _r(np.abs(a3 - a3[0] - tilt).max()),
            "asis_psis_deg": [round(float(x), 2) for x in a3],
            "image_deg": [round(float(x), 2) for x in a_img],
            "corners_px": np.round(cpx, 1).tolist(),
            "centre_px": np.round(cam.project(P[:, :, :].reshape(len(P), -1, 3).mean(1)), 1).tolist(),
            "visible_fraction": [round(float(x), 3) for x in vis_frac[k]],
        }
    return out


# ---- manifest and command line -----------------------------------------------------------------

def write_manifest(out: Path, scs: list[dict]) -> dict:
    clips = []
    for sc in scs:
        j = out / f"{sc['name']}.truth.json"
        done = j.exists() and (out / f"{sc['name']}.mp4").exists()
        cond = sc["conditions"]
        if done:
            try:
                cond = json.loads(j.read_text())["conditions"]
            except (ValueError, KeyError):
                done = False
        entry = {"name": sc["name"], "split": sc["split"], "test": sc["test"], "rendered": done,
                 "conditions": cond}
        if sc["test"] == "hip_extension":
            entry["targets"] = sc["trials"]
        else:
            entry["targets"] = sc["thomas"]
        clips.append(entry)
    man = {"seed": SEED, "generator": GENERATOR,
           "note": "split once by the seed, stratified by test, clothing and marker; nothing is fitted on the "
                   "heldout half",
           "counts": {"total": len(scs), "rendered": sum(c["rendered"] for c in clips)},
           "clips": clips}
    tmp = out / "MANIFEST.json.tmp"
    tmp.write_text(json.dumps(man, indent=1) + "\n")
    os.replace(tmp, out / "MANIFEST.json")
    return man


def _worker(args):
    sc, out, png = args
    import torch
    torch.set_num_threads(1)
    t0 = time.time()
    try:
        render_clip(sc, Path(out), png_frames=png, log=lambda m: print(m, flush=True))
        return sc["name"], None, time.time() - t0
    except Exception as e:  # report and go on with the others
        import traceback
        traceback.print_exc()
        return sc["name"], repr(e), time.time() - t0


def docs_images(folder: Path) -> None:
    """The two pelvis tape pictures for the docs (side view, fitted shorts)."""
    import cv2

    import body
    import raster
    import tape as tapemod
    import truthcalc
    from scenarios import MAN, neutral_stance
    from spec import Camera, Outfit, add_poses
    from protocol_clips import arms_folded

    folder.mkdir(parents=True, exist_ok=True)
    ph = MAN
    pose = add_poses(neutral_stance(ph), arms_folded(ph))
    res = body.run(ph, [pose])
    V, BP = res["vertices"], res["bone_poses"]
    rv, rh = res["rest_vertices"], res["rest_bone_heads"]
    outfit = Outfit(shorts=(38, 46, 82), waistband=(235, 205, 40), shirt=(190, 60, 55), shorts_top_frac=0.30,
                    tape=True, tape_rgb=TAPE_RGB)
    d = body.dress(outfit, rv, rh)
    st = tapemod.strip_rest(rv, rh, "R", 0.20, 0.03)
    V = body.pelvis_rigid(V, BP, rv, tapemod.rigid_anchor_marks([st]))
    P = tapemod.posed_strip(st, V, BP, outfit.tape_lift_m)[0]
    n_axis, fwd = truthcalc.sagittal_axes(BP)
    raster.SUPERSAMPLE = 2
    W, H = 1400, 2600
    cam = raster.make_camera(Camera(facing="right", width=W, height=H, body_px=2300.0), fwd[0], n_axis[0],
                             V[0].min(0), V[0].max(0), float(V[0][:, 2].min()))
    img = raster.background(cam, float(V[0][:, 2].min()))
    light = (-0.45, -0.6, -0.66)
    raster._paint(img, cam, body.dressed_triangles(V[0], d), d["colors"], light, 0.42)
    tr, cell = tapemod.cell_triangles(P, st["normal"])
    vis = tapemod.visible_cells(tr, cell, tapemod.N_LEN * tapemod.N_WID, V[0], cam.C)
    raster._paint(img, cam, tr[vis[cell]], np.tile(np.asarray(TAPE_RGB, float), (int(vis[cell].sum()), 1)), light, 0.42)
    img = cv2.resize(img, (W, H), interpolation=cv2.INTER_AREA)
    L = body.model().bone_labels
    knee = BP[0, L.index("lowerleg01.R"), :3, 3]
    c_px = cam.project(P.reshape(-1, 3).mean(0)[None])[0]
    k_px = cam.project(knee[None])[0]
    cw = 760
    x0 = int(c_px[0] - cw / 2)
    y0 = int(c_px[1] - 0.28 * cw)
    y1 = int(k_px[1] + 0.05 * cw)
    crop = img[y0:y1, x0:x0 + cw].copy()
    side = cv2.resize(crop, (600, int(round(crop.shape[0] * 600 / cw))), interpolation=cv2.INTER_AREA)
    cv2.imwrite(str(folder / "pelvis_tape_side.png"), side)
    # the placement picture: ASIS / PSIS marked, labelled
    pl = crop.copy()
    scale = 600 / cw
    marks = body.pelvis_landmarks(rv, rh, "R")
    F = body.faces()
    pts = {}
    for k in ("asis", "psis"):
        mk = marks[k]
        p = mk["bary"] @ V[0][F[mk["face"]]]
        pts[k] = cam.project(p[None])[0] - np.array([x0, y0])
    big = cv2.resize(pl, (600, int(round(pl.shape[0] * scale))), interpolation=cv2.INTER_AREA)
    font = cv2.FONT_HERSHEY_SIMPLEX
    for k, text, dy in (("asis", "front bony point (ASIS)", -1), ("psis", "back bony point (PSIS)", -1)):
        q = (pts[k] * scale).astype(int)
        cv2.circle(big, tuple(q), 9, (255, 255, 255), 3, cv2.LINE_AA)
        cv2.circle(big, tuple(q), 9, (0, 0, 0), 1, cv2.LINE_AA)
        (tw, th_), _ = cv2.getTextSize(text, font, 0.55, 1)
        tx = int(np.clip(q[0] - tw / 2, 5, 600 - tw - 5))
        ty = int(q[1] - 60)
        cv2.line(big, (q[0], q[1] - 10), (int(np.clip(q[0], tx, tx + tw)), ty + 6), (255, 255, 255), 2, cv2.LINE_AA)
        cv2.rectangle(big, (tx - 4, ty - th_ - 6), (tx + tw + 4, ty + 6), (255, 255, 255), -1)
        cv2.putText(big, text, (tx, ty), font, 0.55, (20, 20, 20), 1, cv2.LINE_AA)
    c2 = ((c_px - np.array([x0, y0])) * scale).astype(int)
    text = "tape 20 x 3 cm"
    (tw, th_), _ = cv2.getTextSize(text, font, 0.6, 2)
    tx, ty = int(c2[0] - tw / 2), int(c2[1] + 70)
    cv2.line(big, (c2[0], c2[1] + 12), (c2[0], ty - th_ - 6), (255, 255, 255), 2, cv2.LINE_AA)
    cv2.rectangle(big, (tx - 4, ty - th_ - 6), (tx + tw + 4, ty + 6), (255, 255, 255), -1)
    cv2.putText(big, text, (tx, ty), font, 0.6, (20, 120, 30), 2, cv2.LINE_AA)
    cv2.imwrite(str(folder / "pelvis_tape_placement.png"), big)
    print(f"wrote {folder / 'pelvis_tape_side.png'} and {folder / 'pelvis_tape_placement.png'}")


def summary(out: Path) -> str:
    """Markdown tables of the rendered set: counts per split by test, clothing/marker, arms,
    frame size and expected verdict, and the folder's size."""
    man = json.loads((out / "MANIFEST.json").read_text())
    clips = [c for c in man["clips"] if c["rendered"]]
    verdicts = {}
    for c in clips:
        meta = json.loads((out / f"{c['name']}.truth.json").read_text())
        verdicts[c["name"]] = [tr["expected_verdict"] for tr in meta["trials"]]

    def table(title, key):
        rows = {}
        for c in clips:
            for k in key(c):
                rows.setdefault(k, {"tuning": 0, "heldout": 0})[c["split"]] += 1
        lines = [f"| {title} | tuning | heldout |", "|---|---|---|"]
        for k in sorted(rows):
            lines.append(f"| {k} | {rows[k]['tuning']} | {rows[k]['heldout']} |")
        return "\n".join(lines)

    size = sum(f.stat().st_size for f in out.iterdir() if f.is_file())
    parts = [
        table("test", lambda c: [c["test"]]),
        table("clothing (test, clothing, marker)", lambda c: [f"{c['test']}, {c['conditions']['clothing']}, "
                                                              f"{c['conditions']['marker']}"]),
        table("arms (hip extension)", lambda c: [c["conditions"]["arms"]] if c["test"] == "hip_extension" else []),
        table("frame", lambda c: [f"{c['conditions']['frame_w']}x{c['conditions']['frame_h']}"]),
        table("expected verdict (per trial)", lambda c: [f"{c['test']}: {v}" for v in verdicts[c["name"]]]),
        table("trials with the knee-bent flag", lambda c: ["knee-bent"] * sum(
            1 for v in json.loads((out / f"{c['name']}.truth.json").read_text())["trials"]
            if "knee-bent" in v.get("expected_flags", []))),
    ]
    n_tr = sum(len(v) for v in verdicts.values())
    return ("\n\n".join(parts) + f"\n\n{len(clips)} clips, {n_tr} trials, {size / 1e6:.1f} MB in the folder.\n")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="samples/truthset", type=Path)
    ap.add_argument("--count", type=int, default=0, help="render only the first N clips of the render order")
    ap.add_argument("--only", nargs="*", help="clip names")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--skip-existing", action="store_true", help="keep clips already rendered")
    ap.add_argument("--png", type=int, nargs="*", default=[], help="also write these frames as PNG")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--docs", type=Path, help="write the pelvis tape pictures into this folder and exit")
    ap.add_argument("--summary", action="store_true", help="print markdown tables of the rendered set and exit")
    a = ap.parse_args(argv)
    if a.summary:
        print(summary(a.out))
        return 0
    if a.docs:
        docs_images(a.docs)
        return 0
    scs = sample_scenarios()
    order = render_order(scs)
    if a.list:
        for sc in order:
            c = sc["conditions"]
            print(f"{sc['name']} {sc['split']:8s} {sc['test']:13s} {c['clothing']:10s} {c['marker']:5s} "
                  f"{c['arms']:7s} {c['frame_w']}x{c['frame_h']} yaw {c['yaw_deg']:+.1f}")
        return 0
    todo = order
    if a.only:
        names = set(a.only)
        unknown = names - {s["name"] for s in scs}
        if unknown:
            ap.error(f"unknown clip(s): {sorted(unknown)}")
        todo = [s for s in order if s["name"] in names]
    if a.count:
        todo = todo[:a.count]
    if a.skip_existing:
        todo = [s for s in todo if not ((a.out / f"{s['name']}.truth.json").exists()
                                        and (a.out / f"{s['name']}.mp4").exists())]
    a.out.mkdir(parents=True, exist_ok=True)
    write_manifest(a.out, scs)
    t0 = time.time()
    failed = []
    jobs = [(sc, str(a.out), tuple(a.png)) for sc in todo]
    if a.jobs > 1:
        import multiprocessing as mp
        with mp.get_context("spawn").Pool(a.jobs, maxtasksperchild=20) as pool:
            for name, err, dt in pool.imap(_worker, jobs):
                if err:
                    failed.append((name, err))
                write_manifest(a.out, scs)
    else:
        for j in jobs:
            name, err, dt = _worker(j)
            if err:
                failed.append((name, err))
            write_manifest(a.out, scs)
    man = write_manifest(a.out, scs)
    print(f"{len(todo) - len(failed)} clip(s) rendered in {time.time() - t0:.0f} s; "
          f"{man['counts']['rendered']} of {man['counts']['total']} in the set")
    for name, err in failed:
        print(f"FAILED {name}: {err}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
