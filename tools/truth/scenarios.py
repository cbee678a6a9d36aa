"""The named clips. Each entry of SCENARIOS is a function returning a Scenario (it may pose the
body to solve for exact truth values, so it needs the model); DERIVED lists image-operation
variants of rendered clips.

To add a clip: write a function that returns a spec.Scenario and register it with @scenario.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from spec import (  # noqa: F401 (re-exported for scenario authors)
    Camera,
    Derived,
    Key,
    ARMS_DOWN,
    LUMBAR,
    Box,
    Outfit,
    Scenario,
    add_poses,
    hip_extension,
    knee_flexion,
    pelvic_tilt,
    trunk_lean,
)

SCENARIOS: dict = {}  # rendered by default (the committed clips)
EXAMPLES: dict = {}  # rendered only when named with --only


def scenario(fn=None, *, default: bool = True):
    """Register a function returning a Scenario under its name."""
    def reg(f):
        (SCENARIOS if default else EXAMPLES)[f.__name__] = f
        return f
    return reg(fn) if fn is not None else reg


# anny phenotypes are in [0, 1]: gender 0 = male, 1 = female; age: 0 = baby, 1/3 = child,
# 2/3 = young adult, 1 = old.
MAN = dict(gender=0.0, age=0.67, muscle=0.55, weight=0.5, height=0.5, proportions=0.5)
WOMAN_HEAVY = dict(gender=1.0, age=0.72, muscle=0.4, weight=0.85, height=0.4, proportions=0.5)
MAN_TALL = dict(gender=0.1, age=0.8, muscle=0.5, weight=0.6, height=0.75, proportions=0.5)


def _key(phenotype: dict) -> tuple:
    return tuple(sorted(phenotype.items()))


@lru_cache(maxsize=None)
def _neutral_stance(pheno_key: tuple, knee_deg: float) -> tuple:
    from render import solve

    ph = dict(pheno_key)
    # thighs vertical
    hip = solve(ph, lambda x: {**hip_extension("L", x), **hip_extension("R", x)},
                "left_thigh_vs_vertical_deg", 0.0, 0.0, 5.0)
    legs = {**hip_extension("L", hip), **hip_extension("R", hip)}
    # knees nearly straight: +x on lowerleg01 swings the shank backward (= knee flexion)
    knee = solve(ph, lambda x: add_poses(legs, {"lowerleg01.L": x, "lowerleg01.R": x}),
                 "left_knee_flexion_deg", knee_deg, 0.0, -5.0)
    legs = add_poses(legs, {"lowerleg01.L": knee, "lowerleg01.R": knee})
    # feet flat again: the foot's x rotations along the leg chain sum to zero
    legs = add_poses(legs, {"foot.L": -(hip + knee), "foot.R": -(hip + knee)})
    # trunk line upright
    lean = solve(ph, lambda x: add_poses(legs, trunk_lean(x)), "trunk_lean_deg", 0.0, 0.0, -3.0)
    return tuple(sorted(add_poses(legs, trunk_lean(lean)).items()))


def neutral_stance(phenotype: dict, knee_deg: float = 1.5) -> dict:
    """Standing straight: thighs vertical, knees flexed knee_deg, feet flat, trunk line vertical
    (the rest pose stands with thighs ~4-5 deg flexed, knees ~8 deg bent, trunk a few deg
    forward). Solved per phenotype."""
    return dict(_neutral_stance(_key(phenotype), knee_deg))


def solve_rel(phenotype: dict, base: dict, make_delta, column: str, target: float, guess: float) -> float:
    """x such that truth[column](base + make_delta(x)) - truth[column](base) = target."""
    from render import solve

    return solve(phenotype, lambda x: add_poses(base, make_delta(x)), column, target, 0.0, guess,
                 relative_to=base)


def pelvic_tilt_upright(phenotype: dict, base: dict, deg: float, lumbar=LUMBAR) -> dict:
    """Delta pose for a pelvic tilt of `deg` (+ anterior) about the hip axis, thighs kept at
    their base angle, the lumbar bones solved so that trunk_lean stays at its base value (the
    trunk stays upright while the low back arches / flattens). Truth pelvic_tilt = deg."""
    def delta(x):
        return add_poses(pelvic_tilt(deg, lumbar=lumbar, legs=True), trunk_lean(x, lumbar))

    x = solve_rel(phenotype, base, delta, "trunk_lean_deg", 0.0, -0.3 * deg if deg else 1.0)
    return delta(x)


def lowest_point(phenotype: dict, pose: dict, prefixes=None) -> np.ndarray:
    """The lowest vertex (world, m) of the posed body, optionally only of vertices whose
    dominant bone starts with one of `prefixes` (e.g. ("spine", "pelvis", "root"))."""
    import body

    V = body.run(phenotype, [pose])["vertices"][0]
    if prefixes:
        keep = np.array([lab.startswith(tuple(prefixes)) for lab in body.dominant_bone_labels()])
        V = V[keep]
    return V[np.argmin(V[:, 2])]


def hold_move_hold(peak_pose: dict, t_rest=1.0, t_move=0.8, t_hold=0.5, t_end=0.9, label="peak") -> tuple:
    """Keys: neutral, move to peak, hold, return, neutral. Returns (keys, duration)."""
    t1 = t_rest
    t2 = t1 + t_move
    t3 = t2 + t_hold
    t4 = t3 + t_move
    dur = t4 + t_end
    keys = [
        Key(0.0, {}, "neutral"),
        Key(t1, {}, "start"),
        Key(t2, peak_pose, label),
        Key(t3, peak_pose, label + " end"),
        Key(t4, {}, "back"),
    ]
    return keys, dur


def _standing(name, phenotype, peak_delta: dict, camera: Camera, outfit: Outfit, notes: str,
              **timing) -> Scenario:
    base = add_poses(neutral_stance(phenotype), ARMS_DOWN)
    keys, dur = hold_move_hold(peak_delta, **timing)
    return Scenario(name=name, keys=keys, duration_s=dur, phenotype=phenotype, camera=camera,
                    outfit=outfit, base_pose=base, notes=notes)


@scenario
def hipext_right_facing_right() -> Scenario:
    ph = MAN
    base = add_poses(neutral_stance(ph), ARMS_DOWN)
    x = solve_rel(ph, base, lambda v: hip_extension("R", v), "right_thigh_vs_vertical_deg", 20.0, 20.0)
    return _standing(
        "hipext_right_facing_right", ph, hip_extension("R", x), Camera(facing="right"), Outfit(),
        f"Standing hip extension test, right (near) leg: neutral 1 s, straight right leg extended "
        f"back to right_thigh_vs_vertical +20.0 deg from neutral (upperleg01.R x = {x:.2f} deg), "
        f"held 0.5 s, returned. Trunk upright, pelvis still.",
    )


@scenario
def hipext_left_facing_left() -> Scenario:
    ph = WOMAN_HEAVY
    base = add_poses(neutral_stance(ph), ARMS_DOWN)
    x = solve_rel(ph, base, lambda v: hip_extension("L", v), "left_thigh_vs_vertical_deg", 15.0, 15.0)
    outfit = Outfit(skin=(198, 140, 105), shorts=(25, 25, 28), waistband=(240, 240, 240),
                    shirt=(40, 140, 150), hair=(35, 25, 20))
    return _standing(
        "hipext_left_facing_left", ph, hip_extension("L", x), Camera(facing="left"), outfit,
        f"Standing hip extension test, left (near) leg, heavier female body: neutral 1 s, left leg "
        f"extended to left_thigh_vs_vertical +15.0 deg from neutral (upperleg01.L x = {x:.2f} deg), "
        f"held 0.5 s, returned. Trunk upright, pelvis still.",
        t_move=0.7,
    )


@scenario
def lean_trunk_facing_right() -> Scenario:
    ph = MAN_TALL
    base = add_poses(neutral_stance(ph), ARMS_DOWN)
    lean = solve_rel(ph, base, lambda v: trunk_lean(v), "trunk_lean_deg", 15.0, 20.0)
    with_lean = add_poses(base, trunk_lean(lean))
    x = solve_rel(ph, with_lean, lambda v: hip_extension("R", v), "right_thigh_vs_vertical_deg", 12.0, 12.0)
    peak = add_poses(trunk_lean(lean), hip_extension("R", x))
    outfit = Outfit(skin=(232, 190, 160), shorts=(60, 62, 66), waistband=(230, 90, 30),
                    shirt=(70, 110, 190))
    return _standing(
        "lean_trunk_facing_right", ph, peak, Camera(facing="right"), outfit,
        f"Compensated hip extension: neutral 1 s, then the right leg extends to "
        f"right_thigh_vs_vertical +12.0 deg while the trunk leans forward to trunk_lean +15.0 deg "
        f"(both from neutral; spine05..spine01 x = {lean / 5:.2f} deg each, upperleg01.R x = "
        f"{x:.2f} deg), held 0.5 s, returned. Right hip extension at the peak is about -3 deg: "
        f"the leg only got behind the body by leaning.",
    )


@scenario
def hipext_right_yaw15() -> Scenario:
    sc = hipext_right_facing_right()
    sc.name = "hipext_right_yaw15"
    sc.camera = Camera(facing="right", yaw_deg=15.0)
    sc.notes += " Camera yawed 15 deg off side-on toward the subject's front."
    return sc


DERIVED = [
    Derived(
        "hipext_right_facing_right_mirrored", "hipext_right_facing_right", "mirror",
        notes="cv2.flip(frame, 1) of every frame: the subject now faces LEFT in the image, image "
              "x positions are mirrored (x' = W - 1 - x in joints2d). The truth keeps the "
              "subject's own sides and all angles of the source: the moving (near) leg is "
              "recorded as the right leg. Beware: geometrically the mirror image looks like a "
              "left-facing person moving the near leg, which a real left-facing person would do "
              "with the LEFT leg; a landmark model that labels sides from appearance may call it "
              "left. The angle values themselves must not change with facing.",
    ),
    Derived(
        "hipext_right_facing_right_rot5", "hipext_right_facing_right", "rotate", angle_deg=5.0,
        notes="Every frame rotated +5 deg about the image centre ((W-1)/2, (H-1)/2), "
              "counter-clockwise as seen by a viewer (cv2.getRotationMatrix2D angle +5, borders "
              "replicated). The truth (true "
              "vertical) is unchanged: joint angles (hip extension, knee flexion) are the same "
              "in the image, but segment angles measured against the IMAGE vertical are off: for "
              "this right-facing subject the image shows trunk_lean and thigh_vs_vertical 5 deg "
              "smaller (more negative) than the truth (the top of the trunk turns backward, the "
              "knee forward).",
    ),
]


# ---- examples (not committed; render with --only NAME) ---------------------------------------

@scenario(default=False)
def example_pelvic_tilt_anterior() -> Scenario:
    """Standing; the pelvis tips forward 12 deg about the hip axis while the lumbar spine
    extends so that the trunk line stays vertical and the thighs stay vertical."""
    ph = MAN
    base = add_poses(neutral_stance(ph), ARMS_DOWN)
    peak = pelvic_tilt_upright(ph, base, 12.0)
    keys, dur = hold_move_hold(peak, t_move=1.0, t_hold=1.0)
    return Scenario(name="example_pelvic_tilt_anterior", keys=keys, duration_s=dur, phenotype=ph,
                    camera=Camera(facing="right"), base_pose=base,
                    notes="Anterior pelvic tilt +12 deg with the trunk held upright (lumbar "
                          "extension solved); thighs vertical.")


def supine_on_table(phenotype: dict, pose: dict, table_top_z: float = 0.75, edge_past_hip_m: float = 0.02,
                    length_m: float = 1.3, width_m: float = 0.65) -> tuple[dict, list]:
    """Lay the posed body on its back on a table whose foot-end edge is just past the hip
    joints (Thomas test position). Returns (root pose entries to add, [Box, ...]); the floor
    is z = 0 (pass floor_z=0.0 to the Scenario)."""
    import body

    lie = add_poses(pose, {"root": (-90.0, 0.0, 0.0)})
    res = body.run(phenotype, [lie])
    V = res["vertices"][0]
    labels = body.dominant_bone_labels()
    trunk = np.array([lab.startswith(("spine", "pelvis", "root", "neck", "head")) for lab in labels])
    low = V[trunk][:, 2].min()
    bp = res["bone_poses"][0]
    L = body.model().bone_labels
    hip_y = 0.5 * (bp[L.index("upperleg01.L"), 1, 3] + bp[L.index("upperleg01.R"), 1, 3])
    shift = np.array([0.0, -hip_y, table_top_z - low])  # hips at y = 0, back on the table top
    edge = -edge_past_hip_m  # the body's feet point to -y
    top = Box(center=(0.0, edge + length_m / 2, table_top_z - 0.025), size=(width_m, length_m, 0.05),
              color_rgb=(150, 110, 75), name="table top")
    legs = [Box(center=(sx * (width_m / 2 - 0.04), y, (table_top_z - 0.05) / 2),
                size=(0.05, 0.05, table_top_z - 0.05), color_rgb=(110, 80, 55), name="table leg")
            for sx in (-1, 1) for y in (edge + 0.06, edge + length_m - 0.06)]
    return {"root": [-90.0, 0.0, 0.0], "root_translation": shift.tolist()}, [top] + legs


@scenario(default=False)
def example_thomas_right_hanging() -> Scenario:
    """Thomas test: supine at the table edge, left knee hugged to the chest, right leg hanging
    (thigh 5 deg below the table line, knee bent from 70 to 85 deg)."""
    ph = MAN
    stand = neutral_stance(ph)
    hug = {"upperleg01.L": (-115.0, 0.0, 0.0), "lowerleg01.L": (125.0, 0.0, 0.0)}
    arms = ARMS_DOWN  # lying along the body; hands hugging the knee are left to do
    hang0 = add_poses(hip_extension("R", 5.0), knee_flexion("R", 70.0))
    hang1 = add_poses(hip_extension("R", 5.0), knee_flexion("R", 85.0))
    base = add_poses(stand, hug, arms)
    root, props = supine_on_table(ph, add_poses(base, hang0))
    keys = [Key(0.0, add_poses(root, hang0), "lie"), Key(0.8, add_poses(root, hang0), "start"),
            Key(1.6, add_poses(root, hang1), "hang"), Key(3.0, add_poses(root, hang1), "hold")]
    return Scenario(name="example_thomas_right_hanging", keys=keys, duration_s=3.0, phenotype=ph,
                    camera=Camera(facing="right"), base_pose=base, props=props, floor_z=0.0,
                    notes="Thomas test example (normal result): right thigh about level with "
                          "the table, right knee bent 85 deg at the end.")


# the clips of the two tests (hip extension, Thomas) and the pelvic tilt clips; they register
# themselves with @scenario
import protocol_clips  # noqa: E402,F401
import programme_clips  # noqa: E402,F401  (the exercise programme clips hk_*, gb_*; examples, --only)
