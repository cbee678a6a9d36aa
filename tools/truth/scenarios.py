"""The named clips. Each entry of SCENARIOS is a function returning a Scenario (it may pose the
body to solve for exact truth values, so it needs the model); DERIVED lists image-operation
variants of rendered clips.

To add a clip: write a function that returns a spec.Scenario and register it with @scenario.
"""
from __future__ import annotations

from functools import lru_cache

from spec import (  # noqa: F401 (re-exported for scenario authors)
    Camera,
    Derived,
    Key,
    ARMS_DOWN,
    Outfit,
    Scenario,
    add_poses,
    hip_extension,
    trunk_lean,
)

SCENARIOS: dict = {}


def scenario(fn):
    SCENARIOS[fn.__name__] = fn
    return fn


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
