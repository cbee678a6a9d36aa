#!/usr/bin/env python3
"""Standing quad / hip flexor stretch clips (`qs_*`), with per-frame truth, the form segments in
truth.json and a fixed tuning / held-out split of their own (`SPLIT_SEED`).

    python tools/truth/quad_clips.py --list
    python tools/truth/quad_clips.py --out samples/truth_programme [--only NAME ...] [--png 30 135 225]

Rendered by programme_clips.render_clip (H.264, PyAV; NAME.mp4, .truth.csv, .joints2d.csv,
.truth.json with "activity", "variant", "split", "split_seed", "segments", "good_form_s",
"targets", "note", and "tape" when the pelvis tape is worn). Importing the module registers the
clips as examples in scenarios.EXAMPLES, as the other clip modules do (scenarios.py itself imports
only programme_clips).

Posing (`qs_pose`): the neutral stance (scenarios.neutral_stance: thighs vertical, knees nearly
straight (1.5 deg asked; the slim body's solve ends at 4.2, the heavy one's at 1.8), feet flat,
trunk line vertical) with the arms folded across the chest (protocol_clips.arms_folded),
set on the floor (z = 0 at the soles) by the root translation. Side view, the stretched leg is the
near one (camera on its side, as protocol_clips.stretch_clip). Each held key is solved with
programme_clips.fit (Gauss-Newton on the posed skeleton) for exact truth values: the pelvis
turned by the root's x rotation (= pelvic_tilt_deg against frame 0, + anterior), the lumbar spine
(spine04-02) solved so that the trunk line is upright (trunk_lean_deg 0), or, for the lean, the
lumbar spine kept as in the tucked stretch and the upper trunk (spine03-01) solved for the lean
(the head comes back up about halfway); the stretched leg's hip and knee solved for its
thigh_vs_vertical and knee flexion; the standing leg's hip and knee solved for its thigh
vertical and its knee at its neutral flexion, with the root translation solved so that its ankle
joint centre stays where the neutral has it (the foot flat: the x rotations along the leg chain sum
to 0), i.e. the standing foot stays planted. The stretched foot is pointed (x-rotation sum along
its leg chain `QS_FOOT_CHAIN`, the heel up behind as if held by a strap).

Transitions are posed frame by frame (a key on every frame): all parameters eased (cosine)
between the two held keys, the stretched foot's chain sum eased with the square of the progress
(the toes peel off the floor after the heel instead of dipping through it), the root translation
corrected on each frame so that the standing ankle joint centre stays exactly on its neutral
point. Truth values are computed on the posed skeleton for every frame, so transitions are
exact too (their angles are simply not targets).

Timeline (13 s): 0-2 s neutral stance; 2-3 s into the stretch (near knee `QS_KNEE`, near thigh
`QS_THIGH` behind the vertical, pelvis tucked `QS_TUCK`, trunk upright); 3-6 s held; 6-6.6 s into
the variant's fault, 6.6-8.6 s held, 8.6-9.2 s back into the stretch; 9.2-12.2 s held; 12.2-13 s
released toward the neutral stance. Variants: good (no fault), lost_tuck (pelvic tilt `QS_LOST`),
arch (`QS_ARCH`), lean (tucked, the trunk `QS_LEAN` forward), tape (lost_tuck with the pelvis tape
over high-waisted shorts).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scenarios import MAN_TALL, WOMAN_HEAVY, _key, neutral_stance, scenario  # noqa: E402
from protocol_clips import OTHER, SIDE, arms_folded  # noqa: E402
from spec import LUMBAR, UPPER_TRUNK, Camera, Key, add_poses, ease, trunk_lean  # noqa: E402
import programme_clips as pc  # noqa: E402
from programme_clips import BODIES, BODY_TEXT, ProgrammeScenario, _P, _outfit, _vert_mask, fit  # noqa: E402

GENERATOR = "tools/truth/quad_clips.py"
SPLIT_SEED = 20261208

# the programme bodies plus the two other committed bodies (scenarios.py), five in all
QS_BODIES = {**BODIES, "heavy": WOMAN_HEAVY, "tall": MAN_TALL}
QS_BODY_TEXT = {**BODY_TEXT, "heavy": "heavier woman", "tall": "tall man"}

QS_THIGH = 5.0  # stretched thigh behind the vertical in the stretch (thigh_vs_vertical, deg)
QS_KNEE = 120.0  # stretched knee flexion (deg)
QS_TUCK = -8.0  # pelvic tilt of the stretch against the neutral stance (deg, - = posterior)
QS_LOST = 3.0  # the tuck lost: pelvic tilt against the neutral (anterior, below the 5 deg arch rule)
QS_ARCH = 12.0  # the low back arched: anterior pelvic tilt against the neutral (deg)
QS_LEAN = 15.0  # the trunk leans forward (deg), the pelvis still tucked
QS_FOOT_CHAIN = 155.0  # stretched foot: x-rotation sum along the leg chain (0 = flat, 90 = toes down)
QS_FOOT_POWER = 2.0  # the foot's chain sum follows progress ** this in the lift and the release
FAULT_FORM = {"lost_tuck": "tuck-lost", "tape": "tuck-lost", "arch": "arch", "lean": "lean"}
TOL = 0.05  # solved keys must meet their targets this closely (deg / cm)

# (name, body, near (stretched) side, variant, camera yaw deg)
QS_CLIPS = [
    ("qs_man_right_good", "man", "R", "good", 0.0),
    ("qs_old_left_good", "old", "L", "good", 10.0),
    ("qs_slim_left_lost_tuck", "slim", "L", "lost_tuck", 0.0),
    ("qs_heavy_right_lost_tuck", "heavy", "R", "lost_tuck", 0.0),
    ("qs_tall_right_arch", "tall", "R", "arch", 0.0),
    ("qs_man_left_arch", "man", "L", "arch", 0.0),
    ("qs_old_right_lean", "old", "R", "lean", 0.0),
    ("qs_slim_right_lean", "slim", "R", "lean", 10.0),
    ("qs_slim_right_tape", "slim", "R", "tape", 0.0),
    ("qs_man_left_tape", "man", "L", "tape", 0.0),
]

# timeline (s)
T_LIFT = (2.0, 3.0)  # neutral -> stretch
T_FAULT = (6.0, 6.6, 8.6, 9.2)  # stretch -> fault, held, -> stretch
T_RELEASE = (12.2, 13.0)  # stretch -> toward neutral


@dataclass(frozen=True)
class QSTarget:
    tilt: float = 0.0  # root x rotation = pelvic_tilt_deg against the neutral (+ anterior)
    thigh: float = QS_THIGH  # stretched leg thigh_vs_vertical (deg)
    knee: float = QS_KNEE  # stretched leg knee flexion (deg)
    lean: float = 0.0  # trunk_lean_deg
    chain: float = QS_FOOT_CHAIN  # stretched foot: x-rotation sum along the leg chain


def qs_pose(ph: dict, side: str, x, tilt: float, chain: float) -> dict:
    """x = [ty_cm, tz_cm, lumbar, upper, hS, kS, hO, kO]: the root translation, the lumbar
    (spine04-02) and upper trunk (spine03-01) lean, the stretched (S = side) and standing (O) hip
    and knee x rotations added to the neutral stance; the feet's x rotations follow from the
    chain sums (stretched: `chain`, standing: 0 = flat)."""
    o = OTHER[side]
    ty, tz, lum, up, hS, kS, hO, kO = (float(v) for v in x)
    p = add_poses(neutral_stance(ph), arms_folded(ph),
                  {"root": (tilt, 0.0, 0.0), "root_translation": (0.0, ty / 100.0, tz / 100.0)},
                  trunk_lean(lum, LUMBAR), trunk_lean(up, UPPER_TRUNK),
                  {f"upperleg01.{side}": (hS, 0.0, 0.0), f"lowerleg01.{side}": (kS, 0.0, 0.0),
                   f"foot.{side}": (chain - (tilt + hS + kS), 0.0, 0.0),
                   f"upperleg01.{o}": (hO, 0.0, 0.0), f"lowerleg01.{o}": (kO, 0.0, 0.0),
                   f"foot.{o}": (-(tilt + hO + kO), 0.0, 0.0)})
    if up:  # the head comes back up about halfway (the person still looks ahead)
        p = add_poses(p, {"neck01": -0.25 * up, "neck02": -0.25 * up})
    return p


@lru_cache(maxsize=None)
def qs_neutral(pheno_key: tuple, side: str) -> tuple:
    """The neutral stance on the floor: (x, standing ankle (y, z), standing knee flexion)."""
    import body
    import render

    ph = dict(pheno_key)
    x = np.zeros(8)
    V = body.run(ph, [qs_pose(ph, side, x, 0.0, 0.0)])["vertices"][0]
    x[1] = -100.0 * float(V[:, 2].min())
    p = qs_pose(ph, side, x, 0.0, 0.0)
    bp = body.run(ph, [p])["bone_poses"][0]
    a = _P(bp, f"foot.{OTHER[side]}")
    knee0 = float(render.truth_for_poses(ph, [p])[f"{SIDE[OTHER[side]]}_knee_flexion_deg"][0])
    return tuple(float(v) for v in x), (float(a[1]), float(a[2])), knee0


@lru_cache(maxsize=None)
def qs_solve(pheno_key: tuple, side: str, tgt: QSTarget, lumbar_fixed: float | None, x0: tuple) -> tuple:
    """One held key. lumbar_fixed None: the lumbar spine is solved (trunk_lean = tgt.lean, the upper
    trunk straight); else the lumbar spine is kept at lumbar_fixed and the upper trunk solved.
    Returns (x, largest residual)."""
    ph = dict(pheno_key)
    o = OTHER[side]
    s, so = SIDE[side], SIDE[o]
    _, anchor, knee0 = qs_neutral(pheno_key, side)
    free = [0, 1, 2, 4, 5, 6, 7] if lumbar_fixed is None else [0, 1, 3, 4, 5, 6, 7]
    base = np.asarray(x0, float).copy()
    if lumbar_fixed is not None:
        base[2] = lumbar_fixed
    else:
        base[3] = 0.0

    def full(v):
        x = base.copy()
        x[free] = v
        return x

    def make(v):
        return qs_pose(ph, side, full(v), tgt.tilt, tgt.chain)

    def resid(bp, V, a):
        aO = _P(bp, f"foot.{o}")
        return [a["trunk_lean_deg"] - tgt.lean, a[f"{s}_thigh_vs_vertical_deg"] - tgt.thigh,
                a[f"{s}_knee_flexion_deg"] - tgt.knee, a[f"{so}_thigh_vs_vertical_deg"],
                a[f"{so}_knee_flexion_deg"] - knee0, 100.0 * (aO[1] - anchor[0]), 100.0 * (aO[2] - anchor[1])]

    v, r = fit(ph, make, resid, base[free])
    return tuple(float(q) for q in full(v)), float(np.abs(r).max())


def qs_keys(ph: dict, side: str, variant: str) -> dict:
    """name -> (x, QSTarget, err) for "neutral", "stretch" and the variant's fault."""
    pk = _key(ph)
    xn, _, knee0 = qs_neutral(pk, side)
    out = {"neutral": (np.asarray(xn), QSTarget(tilt=0.0, thigh=0.0, knee=knee0, chain=0.0), 0.0)}
    stretch = QSTarget(tilt=QS_TUCK)
    g = (0.0, xn[1], 5.0, 0.0, 12.0, 118.0, 8.0, 0.0)
    xs, e = qs_solve(pk, side, stretch, None, g)
    out["stretch"] = (np.asarray(xs), stretch, e)
    fault = FAULT_FORM.get(variant)
    if fault in ("tuck-lost", "arch"):
        tgt = QSTarget(tilt=QS_LOST if fault == "tuck-lost" else QS_ARCH)
        xf, e = qs_solve(pk, side, tgt, None, tuple(np.round(xs, 4)))
        out[fault] = (np.asarray(xf), tgt, e)
    elif fault == "lean":
        tgt = QSTarget(tilt=QS_TUCK, lean=QS_LEAN)
        g = np.asarray(xs).copy()
        g[3] = 1.2 * QS_LEAN
        xf, e = qs_solve(pk, side, tgt, xs[2], tuple(np.round(g, 4)))
        out[fault] = (np.asarray(xf), tgt, e)
    return out


def transition(ph: dict, side: str, a: tuple, b: tuple, t0: float, t1: float, fps: float) -> list:
    """Keys on every frame strictly between t0 and t1 (a, b = (x, QSTarget) of the held keys): the
    parameters eased, the stretched foot's chain sum eased with progress ** QS_FOOT_POWER toward or
    away from the flat foot, the root translation corrected so that the standing ankle joint centre
    stays on its neutral point."""
    import body

    _, anchor, _ = qs_neutral(_key(ph), side)
    (xa, ta), (xb, tb) = a, b
    frames = [i for i in range(int(np.floor(t0 * fps)) + 1, int(np.ceil(t1 * fps))) if t0 < i / fps < t1]
    xs, tilts, chains = [], [], []
    for i in frames:
        e = ease((i / fps - t0) / (t1 - t0))
        xs.append(xa + e * (xb - xa))
        tilts.append(ta.tilt + e * (tb.tilt - ta.tilt))
        if ta.chain == tb.chain:
            c = ta.chain
        elif ta.chain == 0.0:
            c = tb.chain * e ** QS_FOOT_POWER
        elif tb.chain == 0.0:
            c = ta.chain * (1.0 - e) ** QS_FOOT_POWER
        else:
            c = ta.chain + e * (tb.chain - ta.chain)
        chains.append(c)
    if not frames:
        return []
    bps = body.run(ph, [qs_pose(ph, side, x, t, c) for x, t, c in zip(xs, tilts, chains)])["bone_poses"]
    keys = []
    for i, x, t, c, bp in zip(frames, xs, tilts, chains, bps):
        aO = _P(bp, f"foot.{OTHER[side]}")
        x = x.copy()
        x[0] -= 100.0 * (aO[1] - anchor[0])
        x[1] -= 100.0 * (aO[2] - anchor[1])
        keys.append(Key(i / fps, qs_pose(ph, side, x, t, c), "moving"))
    return keys


def _heel_to_buttock(ph: dict, side: str, x, tgt: QSTarget) -> float:
    """The shortest distance (m) from the stretched foot's skin to the pelvis / buttock skin."""
    import body

    V = body.run(ph, [qs_pose(ph, side, x, tgt.tilt, tgt.chain)])["vertices"][0]
    lab = body.dominant_bone_labels()
    foot = _vert_mask(["foot", "toe"]) & np.array([lb.endswith(f".{side}") for lb in lab])
    seat = _vert_mask(["pelvis", "root", "spine05"])
    F, S = V[foot][::3], V[seat]
    d = np.linalg.norm(F[:, None, :] - S[None, :, :], axis=2)
    return float(d.min())


def qs_clip(name: str) -> ProgrammeScenario:
    _, bk, side, variant, yaw = next(c for c in QS_CLIPS if c[0] == name)
    ph = QS_BODIES[bk]
    fps = 30.0
    solved = qs_keys(ph, side, variant)
    for k, (_, _, err) in solved.items():
        if err > TOL:
            raise RuntimeError(f"{name}: the {k} pose missed its targets by {err:.3f}")
    fault = FAULT_FORM.get(variant)
    held = {k: (v[0], v[1]) for k, v in solved.items()}
    # (t, held key) and the transitions between consecutive ones
    marks = [(0.0, "neutral"), (T_LIFT[0], "neutral"), (T_LIFT[1], "stretch")]
    if fault is None:
        marks += [(T_RELEASE[0], "stretch")]
        segs = [(0.0, T_LIFT[0], "neutral"), (T_LIFT[0], T_LIFT[1], "moving"), (T_LIFT[1], T_RELEASE[0], "good")]
    else:
        marks += [(T_FAULT[0], "stretch"), (T_FAULT[1], fault), (T_FAULT[2], fault), (T_FAULT[3], "stretch"),
                  (T_RELEASE[0], "stretch")]
        segs = [(0.0, T_LIFT[0], "neutral"), (T_LIFT[0], T_LIFT[1], "moving"), (T_LIFT[1], T_FAULT[0], "good"),
                (T_FAULT[0], T_FAULT[1], "moving"), (T_FAULT[1], T_FAULT[2], fault),
                (T_FAULT[2], T_FAULT[3], "moving"), (T_FAULT[3], T_RELEASE[0], "good")]
    marks.append((T_RELEASE[1], "neutral"))
    segs.append((T_RELEASE[0], T_RELEASE[1], "moving"))
    keys = []
    for (ta, ka), (tb, kb) in zip(marks[:-1], marks[1:]):
        keys.append(Key(ta, qs_pose(ph, side, held[ka][0], held[ka][1].tilt, held[ka][1].chain), ka))
        if ka != kb:
            keys += transition(ph, side, held[ka], held[kb], ta, tb, fps)
    tl, kl = marks[-1]
    keys.append(Key(tl, qs_pose(ph, side, held[kl][0], held[kl][1].tilt, held[kl][1].chain), kl))
    dur = T_RELEASE[1]
    facing = "right" if side == "R" else "left"
    s, o = SIDE[side], SIDE[OTHER[side]]
    good_s = round(sum(b - a for a, b, f in segs if f == "good"), 3)
    # where the pelvis is not seen, neither the tuck nor the arch can be judged: good, tuck-lost and arch
    # segments and the moves between two of them count
    unjudged = ("good", "tuck-lost", "arch")
    free_s = round(sum(b - a for i, (a, b, f) in enumerate(segs)
                       if f in unjudged or (f == "moving" and 0 < i < len(segs) - 1 and segs[i - 1][2] in unjudged
                                            and segs[i + 1][2] in unjudged)), 3)
    heel = _heel_to_buttock(ph, side, *held["stretch"])
    cam_txt = f"camera turned {yaw:g} deg from side-on toward the subject's front" if yaw else "camera side-on"
    text = (f"Standing quad / hip flexor stretch, {QS_BODY_TEXT[bk]}, the {s} leg stretched (the near leg: "
            f"{cam_txt}, facing image-{facing}), standing on the {o} leg, arms folded across the chest (the "
            f"heel held up behind as if by a strap). 0-{T_LIFT[0]:g} s neutral stance (both knees "
            f"{solved['neutral'][1].knee:.1f} deg, thighs vertical, trunk upright; pelvic tilt 0 by "
            f"definition). {T_LIFT[0]:g}-{T_LIFT[1]:g} s into the stretch: the {s} knee bends to {QS_KNEE:g} deg, "
            f"the {s} thigh {QS_THIGH:g} deg behind the vertical (hip extension {QS_THIGH:g}), the foot pointed, "
            f"the heel {100 * heel:.0f} cm from the buttock; the pelvis tucks (posterior tilt {-QS_TUCK:g} deg, the "
            f"lumbar spine flexes so the trunk line stays upright); the {o} foot stays planted (its ankle joint "
            f"centre fixed, the sole flat, the {o} thigh vertical).")
    if fault is None:
        text += f" Held to {T_RELEASE[0]:g} s."
    else:
        what = {"tuck-lost": f"the tuck is lost: the pelvis tips forward to {QS_LOST:+g} deg against the neutral (the "
                        f"low back a little arched, not past 5 deg; the trunk upright, thigh and knee as in "
                        f"the stretch)",
                "arch": f"the low back arches: the pelvis tips forward to {QS_ARCH:+g} deg against the neutral "
                        f"(the trunk upright, thigh and knee as in the stretch)",
                "lean": f"the trunk leans {QS_LEAN:g} deg forward (upper trunk, spine03-01; the pelvis stays "
                        f"tucked, thigh and knee as in the stretch, the head comes back up partly)"}[fault]
        text += (f" Held to {T_FAULT[0]:g} s; {T_FAULT[0]:g}-{T_FAULT[1]:g} s {what}, held to {T_FAULT[2]:g} s, "
                 f"back into the stretch by {T_FAULT[3]:g} s, held to {T_RELEASE[0]:g} s.")
    text += (f" {T_RELEASE[0]:g}-{T_RELEASE[1]:g} s released back toward the neutral stance (the foot down "
             f"at {T_RELEASE[1]:g} s, the clip's end).")
    tape = variant == "tape"
    if tape:
        text += (" Pelvis tape (tape.py, 20 x 3 cm, green) on both sides of the pelvis along the ASIS-PSIS "
                 "line, over high-waisted shorts.")
    text += f" Good form {good_s:g} s in all. Angles solved exactly on the truth columns."
    targets = {}
    for k, (_, tg, _) in solved.items():
        targets[k] = {"pelvic_tilt_deg": tg.tilt, f"{s}_thigh_vs_vertical_deg": tg.thigh,
                      f"{s}_hip_extension_deg": round(tg.thigh - tg.lean, 3),
                      f"{s}_knee_flexion_deg": round(tg.knee, 3), "trunk_lean_deg": tg.lean,
                      f"{o}_thigh_vs_vertical_deg": 0.0,
                      f"{o}_knee_flexion_deg": round(solved["neutral"][1].knee, 3)}
    prog = {"activity": "standing_quad_stretch", "variant": variant, "body": bk, "near_side": s,
            "stretched_leg": s, "standing_leg": o, "camera_yaw_deg": yaw,
            "segments": [{"start_s": a, "end_s": b, "form": f} for a, b, f in segs],
            "good_form_s": good_s, "good_form_s_tuck_not_checked": free_s, "targets": targets,
            "heel_to_buttock_m": round(heel, 3)}
    cam = Camera(facing=facing, yaw_deg=yaw)
    return ProgrammeScenario(name=name, keys=keys, duration_s=dur, phenotype=ph, camera=cam,
                             outfit=_outfit(ph, tape), base_pose={}, floor_z=0.0, notes=text, programme=prog)


# ---- split, registration, truth --------------------------------------------------------------------------

def splits() -> dict:
    """name -> "tuning" | "heldout": programme_clips.splits over this module's list and seed."""
    return pc.splits([QS_CLIPS], seed=SPLIT_SEED)


SPLITS = splits()


BUILDERS = {c[0]: pc.register_split(c[0], qs_clip, SPLITS, SPLIT_SEED) for c in QS_CLIPS}

QS_NOTE = ("segments cover the clip; form 'neutral' = standing still on both legs, knees straight (frame 0: "
           "pelvic_tilt_deg 0 by definition); 'moving' = a transition (posed frame by frame, eased); 'good' = the "
           "stretch: stretched (near) knee flexion 120 deg, stretched thigh 5 deg behind the vertical (hip "
           "extension 5), pelvis tucked (pelvic tilt -8 deg against the neutral), trunk upright (lean 0); "
           "'tuck-lost' = the tuck lost (pelvic tilt +3 deg against the neutral: not tucked, the low back not arched "
           "past 5 deg), 'arch' = the low back arched (pelvic tilt +12 deg), 'lean' = tucked but the trunk 15 deg "
           "forward (trunk_lean_deg 15, so the stretched hip_extension_deg is -10); in the faults the stretched "
           "thigh and knee stay as in the stretch. good_form_s = the summed 'good' segments; "
           "good_form_s_tuck_not_checked = the seconds of good form when the pelvis is not seen (the tuck and the "
           "arch cannot be judged): the 'good', 'tuck-lost' and 'arch' segments and the moves between two of them. "
           "segments[].mean: per "
           "non-moving segment the mean of pelvic_tilt_deg, trunk_lean_deg and the stretched leg's "
           "thigh_vs_vertical, hip_extension and knee_flexion (truth.csv). The standing foot stays planted "
           "throughout (its ankle joint centre fixed, the sole flat on the floor); heel_to_buttock_m: the "
           "shortest distance from the stretched foot's skin to the pelvis / buttock skin in the stretch.")


def qs_truth(sc: ProgrammeScenario, t: np.ndarray, ang: dict) -> dict:
    prog = json.loads(json.dumps(sc.programme))
    prog["split_seed"] = SPLIT_SEED
    leg = prog["stretched_leg"]
    cols = ["pelvic_tilt_deg", "trunk_lean_deg", f"{leg}_thigh_vs_vertical_deg", f"{leg}_hip_extension_deg",
            f"{leg}_knee_flexion_deg"]
    for s in prog["segments"]:
        if s["form"] != "moving":
            s["mean"] = pc._seg_stats(t, ang, s["start_s"], s["end_s"], cols)
    prog["note"] = QS_NOTE
    return prog


def render(name: str, out: Path, png_frames=(), log=print) -> dict:
    return pc.render_clip(BUILDERS[name](), out, png_frames, log, truth_fn=qs_truth)


def main(argv=None) -> int:
    return pc.clip_main(argv, __doc__, QS_CLIPS, SPLITS, render)


if __name__ == "__main__":
    sys.exit(main())
