"""Clips for the two tests of docs/conventions.md, with per-trial truth (truth.json "trials"):

- `hx_*`: standing hip extension test, arms folded across the chest, two trials of the near leg
  (neutral, trial, neutral, trial, neutral), some with trunk lean, lumbar arch (anterior pelvic
  tilt with the trunk upright), a bent knee, yawed or rolled cameras; five with pelvis markers.
- `tilt_*`: standing, the pelvis alone tilts (trunk upright, legs still): for the pelvic tilt
  estimate itself.
- `thomas_*`: Thomas test, supine at the table edge, one knee hugged, the near leg hanging
  (`thomas_man_left_loose_hug`: the knee first only loosely held, then hugged).

Registered into scenarios.SCENARIOS (imported at the end of scenarios.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from scenarios import (
    MAN,
    MAN_TALL,
    WOMAN_HEAVY,
    _key,
    neutral_stance,
    pelvic_tilt_upright,
    scenario,
    solve_rel,
    supine_on_table,
)
from spec import (
    ARMS_DOWN,
    ARMS_FOLDED,
    UPPER_TRUNK,
    Camera,
    Key,
    Outfit,
    Scenario,
    Trial,
    add_poses,
    hip_extension,
    knee_flexion,
    trunk_lean,
)

# more bodies (anny phenotype values in [0, 1])
WOMAN_SLIM = dict(gender=1.0, age=0.64, muscle=0.45, weight=0.3, height=0.55, proportions=0.6)
MAN_OLD_HEAVY = dict(gender=0.0, age=0.95, muscle=0.35, weight=0.85, height=0.42, proportions=0.45)

OTHER = {"L": "R", "R": "L"}
SIDE = {"L": "left", "R": "right"}

# outfits (the waistband never green or magenta, so the markers stand out)
OUTFITS = {
    _key(MAN): Outfit(),
    _key(WOMAN_HEAVY): Outfit(skin=(198, 140, 105), shorts=(25, 25, 28), waistband=(240, 240, 240),
                              shirt=(40, 140, 150), hair=(35, 25, 20)),
    _key(MAN_TALL): Outfit(skin=(232, 190, 160), shorts=(60, 62, 66), waistband=(230, 90, 30),
                           shirt=(70, 110, 190)),
    _key(WOMAN_SLIM): Outfit(skin=(236, 196, 170), shorts=(30, 34, 40), waistband=(250, 250, 250),
                             shirt=(120, 70, 150), hair=(120, 80, 40)),
    _key(MAN_OLD_HEAVY): Outfit(skin=(150, 100, 70), shorts=(50, 70, 50), waistband=(235, 200, 40),
                                shirt=(200, 200, 205), hair=(180, 180, 180)),
}


def outfit_for(ph: dict, markers: bool = False) -> Outfit:
    o = OUTFITS[_key(ph)]
    return Outfit(**{**o.__dict__, "markers": markers})


# ---- arms folded --------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def _arms_folded(pheno_key: tuple) -> tuple:
    import body
    from render import reach

    ph = dict(pheno_key)
    stand = neutral_stance(ph)
    res = body.run(ph, [add_poses(stand, ARMS_DOWN)])
    L = body.model().bone_labels
    bp, V = res["bone_poses"][0], res["vertices"][0]
    sh = bp[L.index("upperarm01.L"), :3, 3]
    hip = bp[L.index("upperleg01.L"), :3, 3]
    T = sh[2] - hip[2]
    labels = body.dominant_bone_labels()
    trunk = np.array([lab.startswith(("spine", "pelvis", "root", "clavicle", "neck")) for lab in labels])

    def front(z):  # the front of the torso (min y; the body faces -y) near height z
        sel = trunk & (np.abs(V[:, 2] - z) < 0.03)
        return float(V[sel, 1].min())

    xs = sh[0]
    # the left forearm above the right one; elbows in front of the lower chest, wrists near the
    # midline, knuckles at the front of the opposite shoulder
    zE1, zW1, zK1 = hip[2] + 0.60 * T, hip[2] + 0.80 * T, hip[2] + 0.90 * T
    zE2, zW2, zK2 = hip[2] + 0.52 * T, hip[2] + 0.73 * T, hip[2] + 0.84 * T
    targets = [
        ("lowerarm01.L", (0.85 * xs, front(zE1) - 0.05, zE1), 0.5),
        ("wrist.L", (-0.15 * xs, front(zW1) - 0.04, zW1), 1.0),
        ("finger3-1.L", (-0.75 * xs, front(zK1) - 0.02, zK1), 0.7),
        ("lowerarm01.R", (-0.85 * xs, front(zE2) - 0.08, zE2), 0.5),
        ("wrist.R", (0.15 * xs, front(zW2) - 0.09, zW2), 1.0),
        ("finger3-1.R", (0.75 * xs, front(zK2) - 0.05, zK2), 0.7),
    ]
    bones = list(ARMS_FOLDED)
    delta, err = reach(ph, stand, targets, bones, x0=ARMS_FOLDED)
    hands = err[[1, 2, 4, 5]]  # the elbow targets are soft
    if hands.max() > 0.04:
        raise RuntimeError(f"arms_folded: hands missed their targets by up to {hands.max():.3f} m")
    return tuple(sorted(delta.items()))


def arms_folded(phenotype: dict) -> dict:
    """ARMS_FOLDED re-solved (inverse kinematics) for this body's neutral stance, so that the
    forearms clear its chest."""
    return dict(_arms_folded(_key(phenotype)))


# ---- standing hip extension ---------------------------------------------------------------------

@dataclass
class HipTrial:
    """Targets of one trial, changes from the neutral stance (deg): thigh = thigh_vs_vertical of
    the tested leg; lean = trunk lean by the upper spine (pelvis still); tilt = anterior pelvic
    tilt with the trunk upright (lumbar arch); knee = the tested knee's flexion at the peak
    (absolute); pivot = True: the pelvis and trunk pivot forward on the stance hip by `lean`
    with the tested leg following (no movement at the tested hip: the thigh tips back by about
    `lean`; the pelvis tilts by it too); `thigh` is then ignored."""

    thigh: float = 0.0
    lean: float = 0.0
    tilt: float = 0.0
    knee: float | None = None
    pivot: bool = False
    label: str = ""


def _pivot(side: str, deg: float) -> dict:
    stance = OTHER[side]
    return add_poses({"root": (deg, 0.0, 0.0)}, hip_extension(stance, -deg))


def hip_trial_pose(ph: dict, base: dict, side: str, tr: HipTrial) -> dict:
    """The delta pose (added to base) for the trial's peak, solved for exact truth values."""
    col = f"{SIDE[side]}_thigh_vs_vertical_deg"
    foot = f"foot.{side}"
    if tr.pivot:
        p = solve_rel(ph, base, lambda v: _pivot(side, v), "trunk_lean_deg", tr.lean, tr.lean)
        return add_poses(_pivot(side, p), {foot: -p})
    d: dict = {}
    if tr.tilt:
        d = pelvic_tilt_upright(ph, base, tr.tilt)
    if tr.lean:
        lean = solve_rel(ph, base, lambda v: add_poses(d, trunk_lean(v, UPPER_TRUNK)), "trunk_lean_deg",
                         tr.lean, 1.2 * tr.lean)
        # the head comes back up about halfway (the person still looks ahead)
        d = add_poses(d, trunk_lean(lean, UPPER_TRUNK), {"neck01": -0.25 * lean, "neck02": -0.25 * lean})
    if tr.knee is not None:
        from render import solve

        kcol = f"{SIDE[side]}_knee_flexion_deg"
        k = solve(ph, lambda v: add_poses(base, d, knee_flexion(side, v)), kcol, tr.knee, 0.0, tr.knee)
        d = add_poses(d, knee_flexion(side, k))
    x = solve_rel(ph, base, lambda v: add_poses(d, hip_extension(side, v)), col, tr.thigh, tr.thigh or 5.0)
    # the sole of the lifted foot stays level (the x rotations along the leg sum to zero), so the
    # toes do not dip through the floor as the leg swings back
    k = float(d.get(f"lowerleg01.{side}", [0.0])[0])
    return add_poses(d, hip_extension(side, x), {foot: -(x + k)})


def describe(tr: HipTrial) -> str:
    if tr.pivot:
        return f"no hip movement, pelvis and trunk pivot forward {tr.lean:g} deg on the stance hip"
    parts = [f"thigh +{tr.thigh:g}"]
    if tr.lean:
        parts.append(f"trunk lean +{tr.lean:g}")
    if tr.tilt:
        parts.append(f"pelvic tilt {tr.tilt:+g} (trunk upright)")
    if tr.knee is not None:
        parts.append(f"knee {tr.knee:g}")
    return ", ".join(parts)


def hip_extension_clip(name: str, ph: dict, side: str, trials: list, camera: Camera | None = None,
                       markers: bool = False, t_rest=1.1, t_move=0.7, t_hold=0.5, t_gap=0.8,
                       t_end=0.8, notes: str = "", far_leg: bool = False) -> Scenario:
    """Standing hip extension test, arms folded: neutral t_rest, then per trial: move t_move,
    hold t_hold, return t_move, neutral t_gap (t_end after the last). The tested leg is the one
    nearer the camera, or with far_leg=True the one away from it (its trials get "far_leg":
    true in truth.json)."""
    stand = neutral_stance(ph)
    base = add_poses(stand, arms_folded(ph))
    near = OTHER[side] if far_leg else side
    facing = "right" if near == "R" else "left"
    camera = camera or Camera(facing=facing)
    if camera.facing != facing:
        raise ValueError(f"the tested leg must be the {'far' if far_leg else 'near'} one")
    keys = [Key(0.0, {}, "neutral")]
    specs = []
    t = t_rest
    for i, tr in enumerate(trials):
        peak = hip_trial_pose(ph, base, side, tr)
        keys += [Key(t, {}, f"trial {i + 1} start"), Key(t + t_move, peak, f"trial {i + 1} peak"),
                 Key(t + t_move + t_hold, peak, f"trial {i + 1} hold end"),
                 Key(t + 2 * t_move + t_hold, {}, f"trial {i + 1} back")]
        specs.append(Trial(side=SIDE[side], start_s=round(t, 4), peak_s=round(t + t_move, 4),
                           hold_end_s=round(t + t_move + t_hold, 4), end_s=round(t + 2 * t_move + t_hold, 4),
                           label=describe(tr), extra={"far_leg": True} if far_leg else {}))
        t += 2 * t_move + t_hold + (t_gap if i < len(trials) - 1 else t_end)
    text = (f"Standing hip extension test, {SIDE[side]} ({'far' if far_leg else 'near'}) leg, arms "
            f"folded across the chest: neutral "
            f"{t_rest:g} s, then {len(trials)} trials (move {t_move:g} s, hold {t_hold:g} s, back "
            f"{t_move:g} s, neutral {t_gap:g} s between): "
            + "; ".join(f"trial {i + 1}: {describe(tr)}" for i, tr in enumerate(trials))
            + ". Values are changes from the neutral stance, solved exactly on the truth columns. "
              "Trunk lean is made by the upper spine (spine03-01: the pelvis stays still); pelvic "
              "tilt with the trunk upright by the pelvis turning about the hip axis while the "
              "lumbar spine (spine04-02) extends.")
    if markers:
        text += " Pelvis markers on the near side: green ASIS, magenta PSIS."
    if notes:
        text += " " + notes
    return Scenario(name=name, keys=keys, duration_s=round(t, 4), phenotype=ph, camera=camera,
                    outfit=outfit_for(ph, markers), base_pose=base, notes=text,
                    test="hip_extension", trials=specs)


HX = HipTrial


@scenario
def hx_man_right_normal_markers() -> Scenario:
    return hip_extension_clip("hx_man_right_normal_markers", MAN, "R", [HX(12.0), HX(13.0)], markers=True)


@scenario
def hx_man_left_above() -> Scenario:
    return hip_extension_clip("hx_man_left_above", MAN, "L", [HX(17.0), HX(20.0)])


@scenario
def hx_man_right_yaw20() -> Scenario:
    return hip_extension_clip("hx_man_right_yaw20", MAN, "R", [HX(12.0), HX(17.0)],
                              camera=Camera(facing="right", yaw_deg=20.0),
                              notes="Camera yawed 20 deg off side-on toward the subject's front.")


@scenario
def hx_heavy_right_limited_yaw10() -> Scenario:
    return hip_extension_clip("hx_heavy_right_limited_yaw10", WOMAN_HEAVY, "R", [HX(7.0), HX(4.0)],
                              camera=Camera(facing="right", yaw_deg=10.0),
                              notes="Camera yawed 10 deg toward the subject's front. The second trial "
                                    "peaks at 4 deg only.")


@scenario
def hx_heavy_left_arch_markers() -> Scenario:
    return hip_extension_clip("hx_heavy_left_arch_markers", WOMAN_HEAVY, "L",
                              [HX(12.0, tilt=12.0), HX(14.0, tilt=8.0)], markers=True)


@scenario
def hx_heavy_right_above_roll3() -> Scenario:
    return hip_extension_clip("hx_heavy_right_above_roll3", WOMAN_HEAVY, "R", [HX(20.0), HX(25.0)],
                              camera=Camera(facing="right", roll_deg=3.0),
                              notes="Camera rolled +3 deg (the scene appears turned 3 deg "
                                    "counter-clockwise): segment angles against the image vertical "
                                    "read 3 deg lower than the truth for this right-facing subject.")


@scenario
def hx_tall_right_lean() -> Scenario:
    return hip_extension_clip("hx_tall_right_lean", MAN_TALL, "R",
                              [HX(17.0, lean=20.0), HX(14.0, lean=12.0)])


@scenario
def hx_tall_left_lean8_yaw10() -> Scenario:
    return hip_extension_clip("hx_tall_left_lean8_yaw10", MAN_TALL, "L",
                              [HX(12.0, lean=8.0), HX(20.0, lean=8.0)],
                              camera=Camera(facing="left", yaw_deg=10.0),
                              notes="Camera yawed 10 deg toward the subject's front.")


@scenario
def hx_tall_left_yaw20_lean() -> Scenario:
    return hip_extension_clip("hx_tall_left_yaw20_lean", MAN_TALL, "L",
                              [HX(14.0, lean=12.0), HX(7.0, lean=2.5)],
                              camera=Camera(facing="left", yaw_deg=20.0),
                              notes="Camera yawed 20 deg toward the subject's front. The second trial's "
                                    "2.5 deg lean is within tolerance (not flagged).")


@scenario
def hx_slim_right_small_comp() -> Scenario:
    return hip_extension_clip("hx_slim_right_small_comp", WOMAN_SLIM, "R",
                              [HX(20.0, lean=2.5), HX(12.0, tilt=3.0)],
                              notes="Small compensations within tolerance (not flagged): 2.5 deg "
                                    "lean, 3 deg pelvic tilt.")


@scenario
def hx_slim_left_pivot() -> Scenario:
    return hip_extension_clip("hx_slim_left_pivot", WOMAN_SLIM, "L",
                              [HX(lean=12.0, pivot=True, label="lean only"), HX(7.0)],
                              notes="Trial 1: the person tries but only leans: the pelvis and trunk "
                                    "pivot 12 deg forward on the stance hip, the tested leg follows "
                                    "(hip extension 0, the thigh tips back 12 deg, pelvic tilt +12).")


@scenario
def hx_slim_right_tilt_markers() -> Scenario:
    return hip_extension_clip("hx_slim_right_tilt_markers", WOMAN_SLIM, "R",
                              [HX(17.0, tilt=2.5), HX(7.0, tilt=8.0)], markers=True,
                              notes="Trial 1's 2.5 deg pelvic tilt is within tolerance.")


@scenario
def hx_old_right_arch_markers() -> Scenario:
    return hip_extension_clip("hx_old_right_arch_markers", MAN_OLD_HEAVY, "R",
                              [HX(9.0, tilt=15.0), HX(14.0, tilt=20.0)], markers=True)


@scenario
def hx_old_left_knee_bent_yaw10() -> Scenario:
    return hip_extension_clip("hx_old_left_knee_bent_yaw10", MAN_OLD_HEAVY, "L",
                              [HX(12.0, knee=30.0), HX(7.0, lean=3.0)],
                              camera=Camera(facing="left", yaw_deg=10.0),
                              notes="Camera yawed 10 deg toward the subject's front. Trial 1 bends the "
                                    "knee to 30 deg (flag knee-bent; the verdict still normal).")


@scenario
def hx_man_far_leg() -> Scenario:
    return hip_extension_clip("hx_man_far_leg", MAN, "L", [HX(12.0)], far_leg=True, t_rest=1.3, t_end=1.0,
                              notes="The subject faces image-right (the right side toward the camera) "
                                    "and extends the LEFT leg, the one away from the camera, so the "
                                    "moving thigh is partly behind the standing one; its trial carries "
                                    '"far_leg": true.')


def _quat(rotvec_deg) -> np.ndarray:
    v = np.radians(np.asarray(rotvec_deg, float))
    a = float(np.linalg.norm(v))
    if a < 1e-12:
        return np.array([1.0, 0.0, 0.0, 0.0])
    return np.concatenate([[np.cos(a / 2)], np.sin(a / 2) * v / a])


def _qmul(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    w1, v1, w2, v2 = p[0], p[1:], q[0], q[1:]
    return np.concatenate([[w1 * w2 - v1 @ v2], w1 * v2 + w2 * v1 + np.cross(v1, v2)])


def _after_turn(turn: dict, pose: dict) -> dict:
    """The delta pose `pose` (built for the body as it stands at the start) done by the body
    turned by `turn` (a root rotation about the vertical): the root rotations composed (the
    pose's root rotation, e.g. a pelvic tilt, about the body's own axes, then the turn), not
    added as rotation vectors (which for a 180 deg turn would tip the body sideways). The
    rotation vector is the one nearest the turn's, so keys between the two interpolate evenly."""
    out = add_poses(pose, {k: v for k, v in turn.items() if k != "root"})
    t = np.asarray(turn["root"], float)
    if "root" not in pose:
        out["root"] = t.tolist()
        return out
    q = _qmul(_quat(t), _quat(pose["root"]))
    w, v = q[0], q[1:]
    s = float(np.linalg.norm(v))
    r = np.degrees(2.0 * np.arctan2(s, w)) * v / s if s > 1e-12 else np.zeros(3)
    if r @ t < 0.0:  # the same rotation the other way round the axis
        n = float(np.linalg.norm(r))
        r = -r / n * (360.0 - n)
    out["root"] = r.tolist()
    return out


def turn_round_clip(name: str, ph: dict, first: str, trials1: list, trials2: list, t_rest=0.6,
                    t_move=0.4, t_hold=0.5, t_gap=0.5, t_pre_turn=0.3, t_turn=1.5, t_still=1.0,
                    t_end=0.4, markers: str | None = None, notes: str = "") -> Scenario:
    """Standing hip extension test of both legs with a turn in between, arms folded: the
    `first` leg is the near one (facing image-right for "R"); neutral t_rest, trials1 of it
    (move t_move, hold t_hold, back t_move, neutral t_gap between), neutral t_pre_turn, the
    body turns round 180 deg about the vertical through the pelvis over t_turn (the whole body
    turned by the root; the feet pivot in place), stands still t_still, then trials2 of the other
    leg, now the near one; neutral t_end at the end. markers "L" / "R": pelvis markers on that
    side of the body only (the near side before the turn if it is the `first` side, the far side
    after it); each trial's truth.json entry gets "markers_near" (the marked side faces the
    camera)."""
    second = OTHER[first]
    stand = neutral_stance(ph)
    base = add_poses(stand, arms_folded(ph))
    facing = "right" if first == "R" else "left"
    # the front passes the camera: the camera is on the subject's right (-x) when it faces
    # image-right, so the turn is clockwise seen from above (-z) for a right-facing start
    turn = {"root": (0.0, 0.0, -180.0 if first == "R" else 180.0)}
    keys = [Key(0.0, {}, "neutral")]
    specs = []
    t = t_rest
    lines = []

    def trials_of(side, trials, turned, t, last_gap):
        out_keys, out_specs = [], []
        off = turn if turned else {}
        for i, tr in enumerate(trials):
            k = len(specs) + len(out_specs) + 1
            peak = _after_turn(off, hip_trial_pose(ph, base, side, tr)) if turned else hip_trial_pose(
                ph, base, side, tr)
            out_keys += [Key(round(t, 4), off, f"trial {k} start"),
                         Key(round(t + t_move, 4), peak, f"trial {k} peak"),
                         Key(round(t + t_move + t_hold, 4), peak, f"trial {k} hold end"),
                         Key(round(t + 2 * t_move + t_hold, 4), off, f"trial {k} back")]
            out_specs.append(Trial(side=SIDE[side], start_s=round(t, 4), peak_s=round(t + t_move, 4),
                                   hold_end_s=round(t + t_move + t_hold, 4),
                                   end_s=round(t + 2 * t_move + t_hold, 4), label=describe(tr),
                                   extra={"markers_near": side == markers} if markers else {}))
            lines.append(f"trial {k}: {SIDE[side]} leg, {describe(tr)}")
            t += 2 * t_move + t_hold + (t_gap if i < len(trials) - 1 else last_gap)
        return out_keys, out_specs, t

    k1, s1, t = trials_of(first, trials1, False, t, t_pre_turn)
    keys += k1
    specs += s1
    t_turn0 = t
    keys += [Key(round(t, 4), {}, "turn starts"), Key(round(t + t_turn, 4), turn, "turned round")]
    t += t_turn + t_still
    k2, s2, t = trials_of(second, trials2, True, t, t_end)
    keys += k2
    specs += s2
    other_facing = "left" if facing == "right" else "right"
    text = (f"Standing hip extension test of both legs with a turn, arms folded across the chest: facing "
            f"image-{facing} ({SIDE[first]} side toward the camera), neutral {t_rest:g} s, {len(trials1)} "
            f"trials of the {SIDE[first]} (near) leg; neutral {t_pre_turn:g} s; from {t_turn0:g} s the "
            f"body turns round in place (180 deg about the vertical through the pelvis, the front passing "
            f"the camera, cosine-eased over {t_turn:g} s; the whole body turned by the root, the feet pivot "
            f"on the floor) to face image-{other_facing} ({SIDE[second]} side toward the camera), stands "
            f"still {t_still:g} s, then {len(trials2)} trials of the {SIDE[second]} (now near) leg; neutral "
            f"{t_end:g} s at the end. Each trial: move {t_move:g} s, hold {t_hold:g} s, back {t_move:g} s, "
            f"neutral {t_gap:g} s between. " + "; ".join(lines)
            + ". Values are changes from the neutral stance, solved exactly on the truth columns. The "
              "truth angles follow the way the body faces in each frame, so the extension of either leg "
              "is + after the turn too; truth.json body_yaw_deg gives the turn per frame.")
    outfit = outfit_for(ph)
    if markers:
        text += (f" Pelvis markers on the {SIDE[markers]} side of the body only: green ASIS, magenta "
                 f"PSIS; toward the camera {'before' if markers == first else 'after'} the turn, on the "
                 f"far side {'after' if markers == first else 'before'} it.")
        outfit = Outfit(**{**outfit.__dict__, "markers": True, "marker_side": markers})
    if notes:
        text += " " + notes
    return Scenario(name=name, keys=keys, duration_s=round(t, 4), phenotype=ph, camera=Camera(facing=facing),
                    outfit=outfit, base_pose=base, notes=text, test="hip_extension", trials=specs)


@scenario
def hx_man_turn_round() -> Scenario:
    # 12 and 13 deg on both legs: every thigh value stays 2 deg or more from the 10 and 15 deg
    # verdict thresholds (verify_samples.py)
    return turn_round_clip("hx_man_turn_round", MAN, "R", [HX(12.0), HX(13.0)], [HX(12.0), HX(13.0)])


@scenario
def hx_man_turn_round_markers_right() -> Scenario:
    # the turn-round protocol with dots on the right side only (as a person would put them on the
    # side toward the camera): the second trial of each leg arches the low back 9 deg (every value
    # 2 deg or more from its threshold); before the turn the dots show it, after it they are on
    # the far side, hidden
    return turn_round_clip("hx_man_turn_round_markers_right", MAN, "R", [HX(12.0), HX(13.0, tilt=9.0)],
                           [HX(12.0), HX(13.0, tilt=9.0)], markers="R",
                           notes="The second trial of each leg adds a lumbar arch (9 deg anterior pelvic "
                                 "tilt, trunk upright): seen through the dots before the turn; after it "
                                 "the dots face away from the camera (truth.json trials markers_near).")


# ---- pelvic tilt alone ----------------------------------------------------------------------------

def pelvic_tilt_clip(name: str, ph: dict, side: str, deg: float, markers: bool, t_rest=1.1, t_move=1.0,
                     t_hold=1.2, t_end=0.8) -> Scenario:
    stand = neutral_stance(ph)
    base = add_poses(stand, arms_folded(ph))
    peak = pelvic_tilt_upright(ph, base, deg)
    t1, t2, t3, t4 = t_rest, t_rest + t_move, t_rest + t_move + t_hold, t_rest + 2 * t_move + t_hold
    keys = [Key(0.0, {}, "neutral"), Key(t1, {}, "start"), Key(t2, peak, "tilted"),
            Key(t3, peak, "tilted end"), Key(t4, {}, "back")]
    facing = "right" if side == "R" else "left"
    kind = "anterior" if deg > 0 else "posterior"
    text = (f"Standing, arms folded, legs still: the pelvis tilts {kind} to {deg:+g} deg about the hip "
            f"axis while the lumbar spine (spine04-02) compensates so that the trunk line stays "
            f"vertical and the thighs stay vertical; neutral {t_rest:g} s, tilt over {t_move:g} s, "
            f"hold {t_hold:g} s, back over {t_move:g} s, neutral {t_end:g} s.")
    if markers:
        text += " Pelvis markers on the near side: green ASIS, magenta PSIS."
    return Scenario(name=name, keys=keys, duration_s=round(t4 + t_end, 4), phenotype=ph,
                    camera=Camera(facing=facing), outfit=outfit_for(ph, markers), base_pose=base,
                    notes=text, test="pelvic_tilt",
                    trials=[Trial(side=SIDE[side], start_s=t1, peak_s=t2, hold_end_s=t3, end_s=t4,
                                  label=f"pelvic tilt {deg:+g}")])


@scenario
def tilt_man_anterior15_markers() -> Scenario:
    return pelvic_tilt_clip("tilt_man_anterior15_markers", MAN, "R", 15.0, markers=True)


@scenario
def tilt_slim_posterior10_markers() -> Scenario:
    return pelvic_tilt_clip("tilt_slim_posterior10_markers", WOMAN_SLIM, "L", -10.0, markers=True)


@scenario
def tilt_old_anterior8() -> Scenario:
    return pelvic_tilt_clip("tilt_old_anterior8", MAN_OLD_HEAVY, "R", 8.0, markers=False)


# ---- Thomas test ----------------------------------------------------------------------------------

# fingers 2-5 curled (a grip around the shin): +z curls the right hand's fingers toward its palm
GRIP = {f"finger{i}-{j}.{s}": (0.0, 0.0, (1.0 if s == "R" else -1.0) * a)
        for i in range(2, 6) for j, a in ((1, 40.0), (2, 50.0), (3, 35.0)) for s in ("L", "R")}
HAND_TOL_M = 0.03  # the hands' targets around the hugged shin must be met this closely
HUG_HIP_DEG = 135.0  # hugged leg: hip flexion (deg, from the standing thigh)
HUG_KNEE_DEG = 140.0


@lru_cache(maxsize=None)
def _thomas_pose(pheno_key: tuple, side: str, thigh_h: float, knee: float) -> tuple:
    """Solve the lying pose: (root entries, hanging-leg entries, arms, table props, table_z)."""
    ph = dict(pheno_key)
    stand = neutral_stance(ph)
    other = OTHER[side]
    hug = {f"upperleg01.{other}": (-HUG_HIP_DEG, 0.0, 0.0), f"lowerleg01.{other}": (HUG_KNEE_DEG, 0.0, 0.0),
           f"foot.{other}": (-10.0, 0.0, 0.0)}
    base0 = add_poses(stand, hug, ARMS_DOWN)
    root, _ = supine_on_table(ph, base0)
    leg = _hanging_leg(ph, base0, root, side, thigh_h, knee)
    # hands around the hugged shin, just below the knee
    lying = add_poses(stand, hug, GRIP, root, leg)
    arms, err = _shin_grip(ph, lying, side)
    return (tuple(sorted(root.items())), tuple(sorted(leg.items())), tuple(sorted(hug.items())),
            tuple(sorted(add_poses(arms, GRIP).items())), float(err[:2].max()))


def _shin_grip(ph: dict, lying: dict, side: str) -> tuple[dict, np.ndarray]:
    """Arms (delta pose) with both hands round the hugged (`OTHER[side]`) shin just below the
    knee, for the lying pose `lying` (arms down); and the distance of each hand target (m)."""
    import body
    from render import reach

    other = OTHER[side]
    res = body.run(ph, [add_poses(lying, ARMS_DOWN)])
    L = body.model().bone_labels
    bp = res["bone_poses"][0]

    def P(b):
        return bp[L.index(b), :3, 3]

    H, K, A = P(f"upperleg01.{other}"), P(f"lowerleg01.{other}"), P(f"foot.{other}")
    sdir = (A - K) / np.linalg.norm(A - K)
    front = -((H - K) / np.linalg.norm(H - K) + sdir)
    front -= (front @ sdir) * sdir
    front /= np.linalg.norm(front)
    lat = np.array([1.0, 0.0, 0.0]) * (1.0 if other == "L" else -1.0)  # outward for the hugged leg
    # wrists on either side of the shin just below the knee, the knuckles over its front
    c = K + 0.06 * sdir + 0.01 * front
    targets = [(f"wrist.{other}", tuple(c + 0.055 * lat), 1.0), (f"wrist.{side}", tuple(c - 0.065 * lat), 1.0),
               (f"finger3-1.{other}", tuple(c + 0.02 * lat + 0.06 * front + 0.02 * sdir), 0.4),
               (f"finger3-1.{side}", tuple(c - 0.02 * lat + 0.06 * front - 0.02 * sdir), 0.4)]
    bones = ["upperarm01.L", "lowerarm01.L", "wrist.L", "upperarm01.R", "lowerarm01.R", "wrist.R"]
    best = None
    for guess in ({"upperarm01.L": (-60.0, 30.0, -20.0), "lowerarm01.L": (-20.0, 10.0, -30.0),
                   "upperarm01.R": (-60.0, -30.0, 20.0), "lowerarm01.R": (-20.0, -10.0, 30.0)},
                  {"upperarm01.L": (-80.0, 40.0, 0.0), "lowerarm01.L": (0.0, 0.0, -20.0),
                   "upperarm01.R": (-80.0, -40.0, 0.0), "lowerarm01.R": (0.0, 0.0, 20.0)}):
        arms, err = reach(ph, lying, targets, bones, x0=guess)
        if best is None or err.max() < best[1].max():
            best = (arms, err)
    return best


def table_under(ph: dict, base: dict, leg: dict, start_leg: dict) -> tuple[dict, list, float]:
    """The supine root pose, the table props and the table's height (m), high enough that the
    hanging foot stays at least 8 cm above the floor in both leg poses."""
    import body

    table_z = 0.72
    for _ in range(3):
        root_t, props = supine_on_table(ph, base, table_top_z=table_z)
        V = body.run(ph, [add_poses(base, root_t, leg), add_poses(base, root_t, start_leg)])["vertices"]
        low = float(V[:, :, 2].min())
        if low >= 0.08:
            break
        table_z += 0.08 - low + 0.01
    return root_t, props, table_z


def thomas_clip(name: str, ph: dict, side: str, thigh_h: float, knee: float, t_settle=0.0,
                t_hold=2.5, yaw_deg: float = 0.0, notes: str = "") -> Scenario:
    """Thomas test, `side` leg hanging and nearer the camera (feet toward image right for the
    right leg), the other knee hugged with both hands. With t_settle > 0 the hanging leg first
    settles over t_settle from 6 deg higher and 12 deg less knee bend; then (or from the start)
    it holds still for t_hold. yaw_deg turns the camera off side-on."""
    root, leg, hug, arms, arm_err = (dict(x) if isinstance(x, tuple) else x
                                     for x in _thomas_pose(_key(ph), side, thigh_h, knee))
    if arm_err > HAND_TOL_M:
        raise RuntimeError(f"{name}: the hands miss the hugged knee by {arm_err:.3f} m")
    stand = neutral_stance(ph)
    base = add_poses(stand, hug, arms)
    start_leg = add_poses(leg, hip_extension(side, -6.0), knee_flexion(side, -12.0))
    root_t, props, table_z = table_under(ph, base, leg, start_leg)
    keys = [Key(0.0, add_poses(root_t, start_leg if t_settle > 0 else leg), "settling" if t_settle > 0 else "hold"),
            Key(t_settle, add_poses(root_t, leg), "hold"),
            Key(t_settle + t_hold, add_poses(root_t, leg), "hold end")]
    facing = "right" if side == "R" else "left"
    text = (f"Thomas test: supine on a table (top {table_z:.2f} m high) with its end just past the hip "
            f"joints, the {SIDE[OTHER[side]]} knee hugged to the chest with both hands (hip flexed "
            f"{HUG_HIP_DEG:g} deg from standing, knee {HUG_KNEE_DEG:g}), the {SIDE[side]} (near) leg "
            f"hanging over the end"
            + (f": it settles over {t_settle:g} s, then holds {t_hold:g} s" if t_settle > 0
               else f", in position from the first frame and still for {t_hold:g} s")
            + f", the thigh at {thigh_h:+g} deg against the horizontal and the knee bent {knee:g} deg "
              f"(solved exactly). Camera {f'{yaw_deg:g} deg off side-on' if yaw_deg else 'side-on'} at "
              f"about table height, feet toward image {facing}.")
    if notes:
        text += " " + notes
    cam = Camera(facing=facing, height_m=table_z + 0.1, body_px=300.0, yaw_deg=yaw_deg)
    return Scenario(name=name, keys=keys, duration_s=t_settle + t_hold, phenotype=ph, camera=cam,
                    outfit=outfit_for(ph), base_pose=base, props=props, floor_z=0.0, notes=text,
                    test="thomas",
                    trials=[Trial(side=SIDE[side], start_s=0.0, peak_s=t_settle, hold_end_s=t_settle + t_hold,
                                  end_s=t_settle + t_hold, label="hold")])


@scenario
def thomas_man_right_normal() -> Scenario:
    return thomas_clip("thomas_man_right_normal", MAN, "R", -4.0, 85.0)


@scenario
def thomas_man_left_iliopsoas() -> Scenario:
    return thomas_clip("thomas_man_left_iliopsoas", MAN, "L", 9.0, 85.0)


@scenario
def thomas_heavy_right_rectus() -> Scenario:
    return thomas_clip("thomas_heavy_right_rectus", WOMAN_HEAVY, "R", -8.0, 70.0)


@scenario
def thomas_heavy_left_both() -> Scenario:
    return thomas_clip("thomas_heavy_left_both", WOMAN_HEAVY, "L", 15.0, 62.0)


@scenario
def thomas_tall_right_both() -> Scenario:
    return thomas_clip("thomas_tall_right_both", MAN_TALL, "R", 5.0, 70.0)


@scenario
def thomas_tall_left_normal() -> Scenario:
    return thomas_clip("thomas_tall_left_normal", MAN_TALL, "L", -12.0, 95.0)


@scenario
def thomas_slim_right_iliopsoas() -> Scenario:
    return thomas_clip("thomas_slim_right_iliopsoas", WOMAN_SLIM, "R", 5.0, 95.0)


@scenario
def thomas_slim_left_rectus() -> Scenario:
    return thomas_clip("thomas_slim_left_rectus", WOMAN_SLIM, "L", -4.0, 62.0)


# Rendered after romcam's hip joint centre offset was set from the standing clips, to check it on
# lying bodies it was not derived from; they also reach the ends of the ranges.
@scenario
def thomas_old_right_normal() -> Scenario:
    return thomas_clip("thomas_old_right_normal", MAN_OLD_HEAVY, "R", -15.0, 100.0)


@scenario
def thomas_old_left_both() -> Scenario:
    return thomas_clip("thomas_old_left_both", MAN_OLD_HEAVY, "L", 12.0, 60.0)


@scenario
def thomas_man_left_rectus_settle() -> Scenario:
    return thomas_clip("thomas_man_left_rectus_settle", MAN, "L", -10.0, 66.0, t_settle=1.5)


@scenario
def thomas_slim_right_iliopsoas_yaw10() -> Scenario:
    return thomas_clip("thomas_slim_right_iliopsoas_yaw10", WOMAN_SLIM, "R", 8.0, 88.0, yaw_deg=10.0)


# ---- Thomas test, a loose hug first --------------------------------------------------------------

def _hanging_leg(ph: dict, base0: dict, root: dict, side: str, thigh_h: float, knee: float) -> dict:
    """The hanging leg's entries solved exactly: the knee, the hip, and the foot relaxed (plantar
    flexed a little) instead of at a right angle to the shank."""
    from render import solve

    s = SIDE[side]
    k = solve(ph, lambda v: add_poses(base0, root, knee_flexion(side, v)), f"{s}_knee_flexion_deg", knee,
              60.0, knee)
    leg = knee_flexion(side, k)
    e = solve(ph, lambda v: add_poses(base0, root, leg, hip_extension(side, v)),
              f"{s}_thigh_vs_horizontal_deg", thigh_h, 0.0, -thigh_h)
    return add_poses(leg, hip_extension(side, e), {f"foot.{side}": (20.0, 0.0, 0.0)})


def _held_leg(ph: dict, base0: dict, root: dict, side: str, hip_flex: float, knee: float) -> dict:
    """The held (`side`) leg's entries: hip flexion (-hip_extension_deg, thigh against the trunk
    line) and knee flexion solved exactly."""
    from render import solve

    s = SIDE[side]
    h = solve(ph, lambda v: add_poses(base0, root, hip_extension(side, v)), f"{s}_hip_extension_deg",
              -hip_flex, -hip_flex, -hip_flex + 5.0)
    k = solve(ph, lambda v: add_poses(base0, root, hip_extension(side, h), knee_flexion(side, v)),
              f"{s}_knee_flexion_deg", knee, knee, knee + 5.0)
    return add_poses(hip_extension(side, h), knee_flexion(side, k), {f"foot.{side}": (-10.0, 0.0, 0.0)})


def _thigh_grip(ph: dict, lying: dict, side: str, along_m: float) -> tuple[dict, np.ndarray]:
    """Arms (delta pose) with both hands round the back of the held (`OTHER[side]`) thigh,
    `along_m` from its hip joint, the arms nearly straight and the shoulders drawn forward
    (clavicle and shoulder01 take part); and the distance of each hand target (m)."""
    import body
    from render import reach

    other = OTHER[side]
    bp = body.run(ph, [add_poses(lying, ARMS_DOWN)])["bone_poses"][0]
    L = body.model().bone_labels

    def P(b):
        return bp[L.index(b), :3, 3]

    H, K, A = P(f"upperleg01.{other}"), P(f"lowerleg01.{other}"), P(f"foot.{other}")
    tdir = (K - H) / np.linalg.norm(K - H)
    back = (A - K) / np.linalg.norm(A - K)  # the shank leaves the thigh toward its back
    back -= (back @ tdir) * tdir
    back /= np.linalg.norm(back)
    lat = np.array([1.0, 0.0, 0.0]) * (1.0 if other == "L" else -1.0)  # outward for the held leg
    c = H + along_m * tdir
    targets = [(f"wrist.{other}", tuple(c + 0.075 * lat), 1.0), (f"wrist.{side}", tuple(c - 0.075 * lat), 1.0),
               (f"finger3-1.{other}", tuple(c + 0.03 * lat + 0.07 * back), 0.4),
               (f"finger3-1.{side}", tuple(c - 0.03 * lat + 0.07 * back), 0.4)]
    bones = [f"{b}.{x}" for x in ("L", "R") for b in ("clavicle", "shoulder01", "upperarm01", "lowerarm01", "wrist")]
    guess = {"upperarm01.L": (-60.0, 30.0, -20.0), "lowerarm01.L": (-20.0, 10.0, -30.0),
             "upperarm01.R": (-60.0, -30.0, 20.0), "lowerarm01.R": (-20.0, -10.0, 30.0)}
    return reach(ph, lying, targets, bones, x0=guess)


@lru_cache(maxsize=None)
def _loose_hug_pose(pheno_key: tuple, side: str, loose: tuple, proper: tuple, hang_loose: tuple,
                    hang_proper: tuple, grip_along_m: float) -> tuple:
    """The two lying poses of thomas_loose_hug_clip: (root, {phase: (held leg, hanging leg, arms)},
    table props, table_z, largest hand-target miss per phase)."""
    ph = dict(pheno_key)
    stand = neutral_stance(ph)
    other = OTHER[side]
    hug0 = {f"upperleg01.{other}": (-proper[0], 0.0, 0.0), f"lowerleg01.{other}": (proper[1], 0.0, 0.0),
            f"foot.{other}": (-10.0, 0.0, 0.0)}
    base0 = add_poses(stand, hug0, ARMS_DOWN)
    root, _ = supine_on_table(ph, base0)
    held = {"loose": _held_leg(ph, stand, root, other, *loose), "proper": _held_leg(ph, stand, root, other, *proper)}
    hang = {"loose": _hanging_leg(ph, base0, root, side, *hang_loose),
            "proper": _hanging_leg(ph, base0, root, side, *hang_proper)}
    arms, miss = {}, {}
    for ph_name in ("loose", "proper"):
        lying = add_poses(stand, held[ph_name], GRIP, root, hang[ph_name])
        if ph_name == "proper":
            a, err = _shin_grip(ph, lying, side)
        else:
            a, err = _thigh_grip(ph, lying, side, grip_along_m)
        arms[ph_name] = add_poses(a, GRIP)
        miss[ph_name] = float(err[:2].max())
    base = add_poses(stand, held["proper"], arms["proper"])
    root_t, props, table_z = table_under(ph, base, hang["proper"], hang["loose"])
    phases = {k: (held[k], hang[k], arms[k]) for k in held}
    return root_t, phases, props, table_z, miss


def thomas_loose_hug_clip(name: str, ph: dict, side: str, loose=(62.0, 90.0), proper=(125.0, 140.0),
                          hang_loose=(5.0, 85.0), hang_proper=(-3.0, 85.0), t_loose=3.0, t_move=1.0,
                          t_hold=3.0, grip_along_m=0.25) -> Scenario:
    """Thomas test, `side` leg hanging (near the camera), the other leg first held loosely
    (hip flexion loose[0] deg with the back flat, i.e. the thigh loose[0] deg up from the table;
    knee loose[1]; both hands round the back of the thigh `grip_along_m` from the hip, the
    shoulders drawn forward), the hanging thigh and knee at hang_loose; then over
    t_move the knee is pulled to the chest (proper = hip flexion, knee; hands round the shin below
    the knee) and the hanging thigh drops to hang_proper. Each phase still for t_loose / t_hold.
    Truth: `trials` has the proper-hug hold; truth.json `loose_hug` the loose one (no trial)."""
    root, phases, props, table_z, miss = _loose_hug_pose(_key(ph), side, tuple(loose), tuple(proper),
                                                          tuple(hang_loose), tuple(hang_proper), grip_along_m)
    for k, m in miss.items():
        if m > HAND_TOL_M:
            raise RuntimeError(f"{name}: {k} hug: the hands miss their targets by {m:.3f} m")
    pose = {k: add_poses(root, *v) for k, v in phases.items()}
    t1, t2 = t_loose, t_loose + t_move
    dur = t2 + t_hold
    keys = [Key(0.0, pose["loose"], "loose hug"), Key(t1, pose["loose"], "loose hug end"),
            Key(t2, pose["proper"], "knee to chest"), Key(dur, pose["proper"], "hold end")]
    facing = "right" if side == "R" else "left"
    held, hang = SIDE[OTHER[side]], SIDE[side]
    text = (f"Thomas test with a loose hug first: supine on a table (top {table_z:.2f} m high) with its "
            f"end just past the hip joints, the {hang} (near) leg hanging over the end. 0-{t1:g} s: the "
            f"{held} knee only loosely held (the thigh {loose[0]:g} deg up from the table, knee "
            f"{loose[1]:g}; both hands round the back of the thigh {grip_along_m * 100:.0f} cm from the "
            f"hip joint, the arms nearly straight and the shoulders drawn forward, which lifts the "
            f"shoulder joints and tips the trunk line by a few deg, so the hip flexion against the trunk "
            f"line is larger, see loose_hug; lying flat, the hands cannot reach the knee at this hip "
            f"angle), the {hang} thigh at {hang_loose[0]:+g} deg against the horizontal, knee "
            f"{hang_loose[1]:g}. {t1:g}-{t2:g} s: the {held} knee is pulled to the chest (hip "
            f"{proper[0]:g} deg, knee {proper[1]:g}, hands round the shin below the knee) and the "
            f"{hang} thigh drops to {hang_proper[0]:+g} deg, knee {hang_proper[1]:g}. {t2:g}-{dur:g} s: "
            f"still. The pelvis does not tilt (pelvic_tilt_deg 0 throughout): the hanging thigh's drop "
            f"is posed at the hip. All angles solved exactly. Camera side-on at about table height, "
            f"feet toward image {facing}.")
    cam = Camera(facing=facing, height_m=table_z + 0.1, body_px=300.0)
    extra = {"hugged_side": held}
    return Scenario(name=name, keys=keys, duration_s=dur, phenotype=ph, camera=cam,
                    outfit=outfit_for(ph), base_pose=neutral_stance(ph), props=props, floor_z=0.0,
                    notes=text, test="thomas",
                    trials=[Trial(side=hang, start_s=0.0, peak_s=0.0, hold_end_s=t1, end_s=t1, label="loose hug",
                                  extra={**extra, "loose_hug": True}),
                            Trial(side=hang, start_s=t2, peak_s=t2, hold_end_s=dur, end_s=dur,
                                  label="knee hugged to the chest", extra=extra)])


@scenario
def thomas_man_left_loose_hug() -> Scenario:
    return thomas_loose_hug_clip("thomas_man_left_loose_hug", MAN, "L")


# ---- standing quad / hip flexor stretch (held), with one lapse of form ------------------------

def stretch_clip(name: str, ph: dict, side: str, lapse: HipTrial, markers: bool = False,
                 camera: Camera | None = None, stretch: HipTrial = HipTrial(thigh=5.0, knee=120.0),
                 notes: str = "") -> Scenario:
    """Standing quad and hip flexor stretch of the near leg, arms folded (the heel held up as if
    by a strap): neutral 1 s, into the stretch over 1 s, held 3 s, a lapse of form over 0.6 s
    held 1.2 s, back over 0.6 s, held 3 s, released over 1 s, neutral 0.6 s. The form truth per
    frame follows from the truth angles (romcam's rules in romcam/exercises.py)."""
    stand = neutral_stance(ph)
    base = add_poses(stand, arms_folded(ph))
    facing = "right" if side == "R" else "left"
    camera = camera or Camera(facing=facing)
    held = hip_trial_pose(ph, base, side, stretch)
    bad = hip_trial_pose(ph, base, side, lapse)
    keys = [Key(0.0, {}, "neutral"), Key(1.0, {}, "into the stretch"), Key(2.0, held, "stretch"),
            Key(5.0, held, "lapse starts"), Key(5.6, bad, "lapse"), Key(6.8, bad, "lapse ends"),
            Key(7.4, held, "stretch again"), Key(10.4, held, "release"), Key(11.4, {}, "neutral")]
    text = (f"Standing quad and hip flexor stretch, {SIDE[side]} (near) leg, arms folded: neutral "
            f"1 s, into the stretch ({describe(stretch)}) over 1 s, held 3 s; lapse to "
            f"{describe(lapse)} over 0.6 s, held 1.2 s, back over 0.6 s; held 3 s; released over "
            "1 s; neutral 0.6 s. Values are changes from the neutral stance.")
    if markers:
        text += " Pelvis markers on the near side: green ASIS, magenta PSIS."
    if notes:
        text += " " + notes
    return Scenario(name=name, keys=keys, duration_s=12.0, phenotype=ph, camera=camera,
                    outfit=outfit_for(ph, markers), base_pose=base, notes=text)


@scenario
def stretch_man_right_lean() -> Scenario:
    return stretch_clip("stretch_man_right_lean", MAN, "R", HipTrial(thigh=5.0, knee=120.0, lean=15.0))


@scenario
def stretch_slim_left_arch_markers() -> Scenario:
    return stretch_clip("stretch_slim_left_arch_markers", WOMAN_SLIM, "L",
                        HipTrial(thigh=5.0, knee=120.0, tilt=12.0), markers=True)


@scenario
def stretch_heavy_right_knee_forward_yaw10() -> Scenario:
    return stretch_clip("stretch_heavy_right_knee_forward_yaw10", WOMAN_HEAVY, "R",
                        HipTrial(thigh=-15.0, knee=120.0), camera=Camera(facing="right", yaw_deg=10.0))


@scenario
def stretch_tall_left_small_lean() -> Scenario:
    # a lean well inside the 10 deg limit: no break may be seen (the release is the only one)
    return stretch_clip("stretch_tall_left_small_lean", MAN_TALL, "L", HipTrial(thigh=5.0, knee=120.0, lean=5.0))
