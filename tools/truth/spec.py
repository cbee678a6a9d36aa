"""Scenario specification for the ground-truth renderer (no torch needed here).

A scenario is a body phenotype, a camera, an outfit, optional props (boxes, e.g. a table) and a
list of keyframes. Each keyframe gives *absolute* per-bone rotations at a time; between keyframes
every value is interpolated with a cosine ease, before the first key and after the last it is
held.

Pose values (all in ``Key.pose`` and ``Scenario.base_pose``):
- ``"<bone>": (rx, ry, rz)`` in degrees, a rotation vector applied at the bone's head in the
  anny "local-ref" parameterization, i.e. in axes that are aligned with the world axes of the
  rest pose and carried along by the parent bone. Rest-pose world axes: x = subject's left,
  y = subject's back (the body faces -y), z = up. So a positive x rotation tips whatever hangs
  below the joint backward (hip extension for ``upperleg01.*``), and whatever stands above it
  forward (forward trunk lean for ``spine0*``, anterior tilt for ``root``/``pelvis.*``).
  A bare number means ``(value, 0, 0)``.
- ``"root": (rx, ry, rz)`` turns the whole body about the root head (centre of the pelvis,
  about hip-joint height); ``"root_translation": (x, y, z)`` moves it, in metres.
- Keys missing from a keyframe are 0 for that keyframe (plus the scenario's ``base_pose``,
  which is added to every keyframe, e.g. arms hanging down).

Bone names (anny rig): root, pelvis.L/R, upperleg01.L/R (hip joint), upperleg02.* (thigh twist),
lowerleg01.* (knee), lowerleg02.*, foot.* (ankle), spine05 (lowest, at the pelvis) .. spine01
(upper thoracic), neck01-03, head, clavicle.*, shoulder01.*, upperarm01.* (shoulder joint),
upperarm02.*, lowerarm01.* (elbow), lowerarm02.*, wrist.*.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Sequence

Vec3 = Sequence[float]

# Arms hanging beside the body instead of anny's rest A-pose (whose elbows are bent forward);
# checked on rendered frames: hands beside the thighs, not through them.
ARMS_DOWN = {
    "upperarm01.L": (-3.0, 44.0, 0.0),
    "upperarm01.R": (-3.0, -44.0, 0.0),
    "lowerarm01.L": (35.0, 0.0, 25.0),
    "lowerarm01.R": (35.0, 0.0, -25.0),
}

# Arms folded across the chest (forearms crossed in front of the chest, the left forearm above
# the right, hands at the front of the opposite shoulders), so that the arms do not hide the
# pelvis in a side view. Solved for the average man's neutral stance (scenarios.MAN);
# scenarios.arms_folded() re-solves it for other bodies, starting from these values.
ARMS_FOLDED = {
    "upperarm01.L": (-18.79, 20.54, -50.17),
    "lowerarm01.L": (-32.24, 21.87, -61.94),
    "wrist.L": (0.13, 6.28, -9.26),
    "upperarm01.R": (-18.19, -21.15, 47.76),
    "lowerarm01.R": (-25.71, -20.66, 54.14),
    "wrist.R": (-3.96, -9.39, 17.29),
}

LUMBAR = ("spine04", "spine03", "spine02")
# A forward trunk lean that leaves the pelvis region still: anny skins the waistband region half
# to spine04, so a lean that bends spine04 also turns the band.
UPPER_TRUNK = ("spine03", "spine02", "spine01")
SPINE = ("spine05", "spine04", "spine03", "spine02", "spine01")


@dataclass
class Camera:
    """Perspective pinhole camera looking horizontally at the subject from its side.

    facing: which way the subject faces in the image ("right" or "left"): "right" puts the
        camera on the subject's right side (the right leg is the near leg).
    yaw_deg: orbit of the camera about the vertical axis through the target, 0 = exactly
        side-on, + = the camera moves toward the subject's front (more of the chest is seen),
        - = toward the back.
    pitch_deg: + tilts the camera down (the scene moves up in the image). roll_deg: + makes the
        scene appear rotated counter-clockwise in the image, as seen by a viewer (like a
        Derived "rotate" with a + angle). Both 0 for a level tripod.
    body_px: auto distance: the vertical extent of the body (over the whole clip) in pixels.
        The distance is also large enough for the horizontal extent (body and props) to fill at
        most ``max_width_frac`` of the image width.
    distance_m, height_m, target: override the automatic choices (height_m above the floor;
        target is a world point the camera centres on; default: the centre of the body's
        bounding box over the clip, at the camera height).
    """

    facing: str = "right"
    yaw_deg: float = 0.0
    pitch_deg: float = 0.0
    roll_deg: float = 0.0
    fov_h_deg: float = 60.0
    width: int = 640
    height: int = 480
    body_px: float = 340.0
    max_width_frac: float = 0.85
    distance_m: float | None = None
    height_m: float | None = None
    target: Vec3 | None = None
    wall_behind_m: float = 1.5


@dataclass
class Box:
    """An axis-aligned box in world metres (z up; the floor is at ``Scenario.floor_z``)."""

    center: Vec3
    size: Vec3
    color_rgb: Vec3 = (150, 110, 75)
    name: str = "box"


@dataclass
class Outfit:
    """Colours (RGB) painted on the skin by rest-pose position."""

    skin: Vec3 = (224, 172, 140)
    shorts: Vec3 = (38, 46, 82)
    waistband: Vec3 = (235, 205, 40)
    shirt: Vec3 = (190, 60, 55)
    shoes: Vec3 = (55, 55, 60)
    hair: Vec3 = (70, 48, 32)
    # Shorts run from this fraction of the way hip->knee (0.5 = mid-thigh) ...
    shorts_bottom_frac: float = 0.5
    # ... up to this height above the hip joints, as a fraction of hip-to-shoulder height.
    shorts_top_frac: float = 0.17
    waistband_m: float = 0.03
    sleeves: bool = True
    # Pelvis markers: round balls (marker_diameter_m) on the skin over the ASIS (front bony
    # point of the pelvis) and the PSIS (back bony point) of one side, rigid with the pelvis, the
    # skin around them too (body.pelvis_landmarks, body.pelvis_rigid, body.marker_centres).
    # marker_side: "near" = the side facing the camera (the right side for a subject facing
    # image-right), or "L" / "R".
    markers: bool = False
    marker_diameter_m: float = 0.03
    asis_rgb: Vec3 = (0, 200, 0)
    psis_rgb: Vec3 = (230, 0, 200)
    marker_side: str = "near"
    # Shirt hem: None = the shirt starts at the shorts' top (as above); otherwise this fraction
    # of hip-to-shoulder height above the hip joints (negative: below them, a long shirt over
    # the waistband; above shorts_top_frac: bare skin between the shorts and the shirt). The
    # shirt is painted over the shorts and the waistband where they overlap.
    shirt_bottom_frac: float | None = None
    # Loose clothing: leg and hip vertices below the trousers' top pushed out along the vertex
    # normals by this much (m); 0 = skin-tight.
    inflate_m: float = 0.0
    # Pelvis tape: a strip (tape_length_m x tape_width_m) of coloured tape on each side of the
    # pelvis along the line from the ASIS to the PSIS, centred between them on the skin, rigid
    # with the pelvis (tools/truth/tape.py).
    tape: bool = False
    tape_rgb: Vec3 = (40, 210, 60)
    tape_length_m: float = 0.20
    tape_width_m: float = 0.03
    tape_lift_m: float = 0.0025


@dataclass
class Key:
    t: float
    pose: dict = field(default_factory=dict)
    label: str = ""


@dataclass
class Trial:
    """One trial of a test, by time (s). Hip extension: the trial runs from start_s (the
    leg leaves neutral) to end_s (back in neutral); its peak is the hold between peak_s and
    hold_end_s; the baseline is the neutral before start_s. Thomas: start_s..end_s is the
    steady hold. Pelvic tilt: as hip extension, the peak is the held tilt."""

    side: str  # "left" | "right": the tested leg (Thomas: the hanging leg)
    start_s: float
    peak_s: float
    hold_end_s: float
    end_s: float
    label: str = ""
    # more keys for this trial's truth.json "trials" entry (e.g. {"far_leg": True})
    extra: dict = field(default_factory=dict)


@dataclass
class Derived:
    """A clip made from another clip by an image operation; it shares the source's truth.

    op: "mirror" (cv2.flip horizontal) or "rotate" (by ``angle_deg`` about the image centre,
    + = counter-clockwise as seen by a viewer).
    """

    name: str
    source: str
    op: str
    angle_deg: float = 0.0
    notes: str = ""


@dataclass
class Scenario:
    name: str
    keys: list
    duration_s: float
    phenotype: dict = field(default_factory=dict)
    camera: Camera = field(default_factory=Camera)
    outfit: Outfit = field(default_factory=Outfit)
    base_pose: dict = field(default_factory=lambda: dict(ARMS_DOWN))
    props: list = field(default_factory=list)
    floor_z: float | None = None  # None: the lowest point of frame 0 (body) or of the props
    fps: float = 30.0
    notes: str = ""
    # Optional test protocol and trial windows; render.py turns each into the per-trial truth
    # of truth.json "trials" (see Trial).
    test: str = ""  # "hip_extension" | "thomas" | "pelvic_tilt"
    trials: list = field(default_factory=list)

    def to_json(self) -> dict:
        d = asdict(self)
        d["keys"] = [
            {"t": k.t, "label": k.label, "pose": {b: _vec(v) for b, v in k.pose.items()}}
            for k in self.keys
        ]
        d["base_pose"] = {b: _vec(v) for b, v in self.base_pose.items()}
        if not self.outfit.markers:  # clips without markers keep their earlier JSON
            for k in ("markers", "marker_diameter_m", "asis_rgb", "psis_rgb", "marker_side"):
                d["outfit"].pop(k, None)
        if not self.outfit.tape:
            for k in ("tape", "tape_rgb", "tape_length_m", "tape_width_m", "tape_lift_m"):
                d["outfit"].pop(k, None)
        if self.outfit.shirt_bottom_frac is None:
            d["outfit"].pop("shirt_bottom_frac", None)
        if not self.outfit.inflate_m:
            d["outfit"].pop("inflate_m", None)
        if not d.get("trials"):
            d.pop("trials", None)
            d.pop("test", None)
        for tr in d.get("trials", []):  # trials without extra keys keep their earlier JSON
            if not tr.get("extra"):
                tr.pop("extra", None)
        return d


def _vec(v) -> list:
    if isinstance(v, (int, float)):
        return [float(v), 0.0, 0.0]
    return [float(x) for x in v]


def add_poses(*poses: dict) -> dict:
    """Sum pose dicts component-wise (rotation vectors add; fine for the small angles used)."""
    out: dict = {}
    for p in poses:
        for b, v in p.items():
            v = _vec(v)
            if b in out:
                out[b] = [a + c for a, c in zip(out[b], v)]
            else:
                out[b] = v
    return out


def ease(u: float) -> float:
    """Cosine ease-in/ease-out from 0 to 1."""
    u = min(max(u, 0.0), 1.0)
    return 0.5 - 0.5 * math.cos(math.pi * u)


def pose_at(keys: list, base_pose: dict, t: float) -> dict:
    """The interpolated absolute pose (bone -> [rx, ry, rz] deg, root_translation in m)."""
    keys = sorted(keys, key=lambda k: k.t)
    if t <= keys[0].t:
        a = b = keys[0]
        s = 0.0
    elif t >= keys[-1].t:
        a = b = keys[-1]
        s = 0.0
    else:
        i = max(j for j, k in enumerate(keys) if k.t <= t)
        a, b = keys[i], keys[i + 1]
        s = ease((t - a.t) / (b.t - a.t)) if b.t > a.t else 1.0
    names = set(a.pose) | set(b.pose)
    pose = {}
    for n in names:
        va = _vec(a.pose.get(n, 0.0))
        vb = _vec(b.pose.get(n, 0.0))
        pose[n] = [x + s * (y - x) for x, y in zip(va, vb)]
    return add_poses(base_pose, pose)


# ---- pose building blocks -------------------------------------------------------------------

def hip_extension(side: str, deg: float) -> dict:
    """Straight-leg hip extension (+) or flexion (-) of one leg, about the hip's lateral axis."""
    return {f"upperleg01.{side}": (deg, 0.0, 0.0)}


def trunk_lean(deg: float, bones: Sequence[str] = SPINE, weights: Sequence[float] | None = None) -> dict:
    """Forward (+) trunk lean spread over spine bones (rotation sum = deg; the mid-hip to
    mid-shoulder line turns by less than the sum: solve for an exact truth value)."""
    weights = list(weights) if weights is not None else [1.0] * len(bones)
    tot = sum(weights)
    return {b: (deg * w / tot, 0.0, 0.0) for b, w in zip(bones, weights)}


def pelvic_tilt(deg: float, lumbar: Sequence[str] = LUMBAR, legs: bool = True) -> dict:
    """Anterior (+) / posterior (-) pelvic tilt about the hip axis with the lumbar spine
    compensating (so the trunk stays about upright) and the thighs compensating (so the legs
    stay about vertical). The pelvis = root + pelvis.L/R + spine05 (spine05 skins the lower
    pelvis region, so it must move with the pelvis for the tilt to be visible)."""
    pose = {"root": (deg, 0.0, 0.0)}
    pose = add_poses(pose, trunk_lean(-deg, lumbar))
    if legs:
        pose = add_poses(pose, hip_extension("L", -deg), hip_extension("R", -deg))
    return pose


def knee_flexion(side: str, deg: float) -> dict:
    """Knee flexion (+): +x on lowerleg01 swings the shank backward (checked on the truth)."""
    return {f"lowerleg01.{side}": (deg, 0.0, 0.0)}
