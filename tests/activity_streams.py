"""Synthetic angle streams for the activities, and a way to feed one through a live session.

A stream is (t_s, angles): per-frame angle series keyed by the conventions' names, the way
the whole-recording analysis sees them. The live session gets the same values frame by frame,
with a pose that passes the setup check (the session's gate needs one).
"""

from __future__ import annotations

import numpy as np

from romcam.activities.registry import Activity, SessionOptions
from romcam.pipeline.frame_state import LiveState
from romcam.pose.records import Pose
from tests.synthetic import rotate, standing_pose

FPS = 30.0
SIDES = ("left", "right")
IMAGE = np.full((480, 640, 3), 128, np.uint8)  # bright enough for the setup check


def _time(seconds: float) -> np.ndarray:
    return np.arange(0, seconds, 1 / FPS)


def _flat(t: np.ndarray, **values: float) -> dict[str, np.ndarray]:
    out = {}
    for side in SIDES:
        for name in ("thigh_vs_vertical", "hip_extension", "knee_flexion", "thigh_vs_horizontal"):
            out[f"{side}_{name}_deg"] = np.zeros(len(t))
        out[f"{side}_thigh_vs_vertical_conf"] = np.full(len(t), 0.9 if side == "right" else 0.4)
    out["trunk_lean_deg"] = np.zeros(len(t))
    out["pelvic_tilt_deg"] = np.zeros(len(t))
    for name, value in values.items():
        out[name] = np.full(len(t), float(value))
    return out


def lifts(peaks_deg: list[float], still_s: float = 2.5, lean_deg: float = 0.0) -> tuple[np.ndarray, dict]:
    """Right leg lifted straight back to each peak (1.2 s up and down), still in between."""
    t = _time(still_s + len(peaks_deg) * (1.2 + still_s))
    a = _flat(t)
    thigh = np.zeros(len(t))
    for i, peak in enumerate(peaks_deg):
        start = still_s + i * (1.2 + still_s)
        phase = np.clip((t - start) / 1.2, 0, 1)
        thigh += peak * np.sin(np.pi * phase) ** 2
    a["right_thigh_vs_vertical_deg"] = thigh
    a["trunk_lean_deg"] = lean_deg * thigh / max(peaks_deg)  # leaning as the leg goes back
    a["right_hip_extension_deg"] = thigh - a["trunk_lean_deg"]
    return t, a


def thomas_holds(thigh_deg: float = -5.0, knee_deg: float = 85.0, hug_deg: float = 125.0) -> tuple[np.ndarray, dict]:
    """Left leg hanging (right knee hugged, the hip bent hug_deg) for 3 s, then a change of
    legs, then the right."""
    t = _time(7.0)
    a = _flat(t)
    first, second = t < 3.0, t >= 4.0
    a["right_hip_extension_deg"] = np.where(first, -hug_deg, 0.0)
    a["left_hip_extension_deg"] = np.where(second, -hug_deg, 0.0)
    a["right_thigh_vs_horizontal_deg"] = np.where(first, 60.0, np.where(second, thigh_deg, 10.0))
    a["left_thigh_vs_horizontal_deg"] = np.where(first, thigh_deg, np.where(second, 60.0, 10.0))
    a["left_knee_flexion_deg"] = np.where(first, knee_deg, 40.0)
    a["right_knee_flexion_deg"] = np.where(second, knee_deg, 40.0)
    return t, a


def stretch(hold_s: float = 6.0, lean_from: float | None = None, untuck_from: float | None = None,
            tilt_seen: bool = True) -> tuple[np.ndarray, dict]:
    """2.5 s of neutral stance, then the right heel held up behind (knee 120 deg), the tailbone
    tucked 6 deg; lean_from: 15 deg forward for 1 s; untuck_from: the pelvis back to neutral for 1 s."""
    t = _time(2.5 + hold_s)
    a = _flat(t)
    bent = t >= 2.5
    a["right_knee_flexion_deg"] = np.where(bent, 120.0, 2.0)
    a["right_thigh_vs_vertical_deg"] = np.where(bent, 4.0, 0.0)
    a["pelvic_tilt_deg"] = np.where(bent, -6.0, 0.0) if tilt_seen else np.full(len(t), np.nan)
    if lean_from is not None:
        a["trunk_lean_deg"] = np.where((t >= lean_from) & (t < lean_from + 1.0), 15.0, 0.0)
    if untuck_from is not None:
        a["pelvic_tilt_deg"][(t >= untuck_from) & (t < untuck_from + 1.0)] = 0.0
    return t, a


def kneeling(hold_s: float = 6.0, untuck_from: float | None = None, tilt_seen: bool = True,
             back_knee_deg: float = 95.0, knee_down_from: float | None = None) -> tuple[np.ndarray, dict]:
    """2.5 s kneeling upright on the right knee (left foot in front), then the tailbone tucked
    6 deg and the hips forward (right hip extended 12 deg); untuck_from: the pelvis tips 5 deg
    forward of neutral for 1 s; knee_down_from: the back knee opens to 60 deg for 1 s."""
    t = _time(2.5 + hold_s)
    a = _flat(t)
    lean_in = t >= 2.5
    a["left_thigh_vs_vertical_deg"] = np.full(len(t), -85.0)
    a["left_knee_flexion_deg"] = np.full(len(t), 90.0)
    a["right_knee_flexion_deg"] = np.full(len(t), back_knee_deg)
    if knee_down_from is not None:
        a["right_knee_flexion_deg"][(t >= knee_down_from) & (t < knee_down_from + 1.0)] = 60.0
    a["right_thigh_vs_vertical_deg"] = np.where(lean_in, 12.0, 2.0)
    a["right_hip_extension_deg"] = a["right_thigh_vs_vertical_deg"].copy()
    a["pelvic_tilt_deg"] = np.where(lean_in, -6.0, 0.0)
    if untuck_from is not None:
        a["pelvic_tilt_deg"][(t >= untuck_from) & (t < untuck_from + 1.0)] = 5.0
    if not tilt_seen:
        a["pelvic_tilt_deg"][:] = np.nan
    return t, a


def bridges(tops_deg: list[float], hold_s: float = 3.0, lower_s: float = 2.0) -> tuple[np.ndarray, dict]:
    """Lying, knees bent: 2.5 s still in the start position (the right hip bent 50 deg from the
    shoulder-hip-knee line), then one bridge per top, its angle from the line (1 s up, hold_s,
    lower_s down, 0.5 s pause)."""
    rep_s = 1.0 + hold_s + lower_s + 0.5
    t = _time(2.5 + len(tops_deg) * rep_s)
    a = _flat(t)
    hip = np.full(len(t), -50.0)
    for i, top in enumerate(tops_deg):
        start = 2.5 + i * rep_s
        up = np.clip((t - start) / 1.0, 0, 1)
        down = np.clip((t - start - 1.0 - hold_s) / lower_s, 0, 1)
        inside = (t >= start) & (t < start + rep_s)
        hip = np.where(inside, -50.0 + (top + 50.0) * (up - down), hip)
    # The trunk flat on the floor, so the angle from the line is the thigh's against the floor.
    a["right_thigh_vs_horizontal_deg"] = -hip
    a["right_hip_extension_deg"] = hip
    a["right_knee_flexion_deg"] = np.full(len(t), 90.0)
    a["trunk_lean_deg"] = np.full(len(t), 90.0)
    return t, a


def bird_dogs(legs_deg: list[float], arm_deg: float = 0.0, hold_s: float = 2.0) -> tuple[np.ndarray, dict]:
    """On all fours: 2.5 s still (thighs hanging, hip-ankle lines 50 deg below horizontal, arms hanging),
    then one reach per entry, sides alternating from the right leg (with the left arm): the leg to
    that angle from horizontal, the arm to arm_deg (1 s out, hold_s, 1 s back, 1 s still)."""
    rep_s = 2.0 + hold_s + 1.0
    t = _time(2.5 + len(legs_deg) * rep_s)
    a = _flat(t, trunk_lean_deg=90.0)
    for side in SIDES:
        a[f"{side}_leg_vs_horizontal_deg"] = np.full(len(t), -50.0)
        a[f"{side}_thigh_vs_horizontal_deg"] = np.full(len(t), -90.0)
        a[f"{side}_arm_vs_horizontal_deg"] = np.full(len(t), -90.0)
    for i, top in enumerate(legs_deg):
        leg, arm = ("right", "left") if i % 2 == 0 else ("left", "right")
        start = 2.5 + i * rep_s
        out = np.clip(t - start, 0, 1) - np.clip(t - start - 1.0 - hold_s, 0, 1)
        inside = (t >= start) & (t < start + rep_s)
        a[f"{leg}_leg_vs_horizontal_deg"] = np.where(inside, -50.0 + (top + 50.0) * out,
                                                     a[f"{leg}_leg_vs_horizontal_deg"])
        a[f"{leg}_thigh_vs_horizontal_deg"] = np.where(inside, -90.0 + (top + 90.0) * out,
                                                       a[f"{leg}_thigh_vs_horizontal_deg"])
        a[f"{arm}_arm_vs_horizontal_deg"] = np.where(inside, -90.0 + (arm_deg + 90.0) * out,
                                                     a[f"{arm}_arm_vs_horizontal_deg"])
    return t, a


def dead_bugs(thighs_deg: list[float], knee_deg: float = 5.0, arch_deg: float = 0.0,
              tilt_seen: bool = True) -> tuple[np.ndarray, dict]:
    """On the back: 1.5 s feet on the floor (thighs 45 deg up), 1 s up into tabletop (thighs 90,
    knees 90), 1.5 s still, then one reach per entry, sides alternating from the right leg: the
    thigh down to that angle above the floor and the knee to knee_deg (1.5 s out, 1 s held, 1.5 s
    back, 1 s still); the pelvis tips arch_deg forward as the leg goes out."""
    rep_s = 5.0
    t = _time(4.0 + len(thighs_deg) * rep_s)
    a = _flat(t, trunk_lean_deg=90.0)
    up = np.clip((t - 1.5) / 1.0, 0, 1)
    for side in SIDES:
        a[f"{side}_thigh_vs_horizontal_deg"] = 45.0 + 45.0 * up
        a[f"{side}_knee_flexion_deg"] = np.full(len(t), 90.0)
        a[f"{side}_arm_vs_horizontal_deg"] = 10.0 + 80.0 * up
    for i, thigh in enumerate(thighs_deg):
        leg = "right" if i % 2 == 0 else "left"
        start = 4.0 + i * rep_s
        out = np.clip((t - start) / 1.5, 0, 1) - np.clip((t - start - 2.5) / 1.5, 0, 1)
        inside = (t >= start) & (t < start + rep_s)
        a[f"{leg}_thigh_vs_horizontal_deg"] = np.where(inside, 90.0 + (thigh - 90.0) * out,
                                                       a[f"{leg}_thigh_vs_horizontal_deg"])
        a[f"{leg}_knee_flexion_deg"] = np.where(inside, 90.0 + (knee_deg - 90.0) * out, a[f"{leg}_knee_flexion_deg"])
        arm = "left" if leg == "right" else "right"
        a[f"{arm}_arm_vs_horizontal_deg"] = np.where(inside, 90.0 - 75.0 * out, a[f"{arm}_arm_vs_horizontal_deg"])
        a["pelvic_tilt_deg"] = np.where(inside, arch_deg * out, a["pelvic_tilt_deg"])
    if not tilt_seen:
        a["pelvic_tilt_deg"] = np.full(len(t), np.nan)
    return t, a


def pigeon(hold_s: float = 6.0, hips_from: float | None = None) -> tuple[np.ndarray, dict]:
    """2.5 s on all fours (the right leg's hip-ankle line 45 deg below the floor, hips 1 thigh
    length up), then the pigeon with the right leg back (its line 5 deg below, hips 0.4 up, knee
    straight); hips_from: the hips up to 0.9 for 1 s."""
    t = _time(2.5 + hold_s)
    a = _flat(t, trunk_lean_deg=20.0)
    posed = t >= 2.5
    a["right_leg_vs_horizontal_deg"] = np.where(posed, -5.0, -45.0)
    a["right_leg_reach_ratio"] = np.where(posed, 1.8, 1.0)  # the back leg straight out
    a["left_leg_reach_ratio"] = np.where(posed, 0.5, 1.0)  # the front one folded under
    a["right_knee_flexion_deg"] = np.where(posed, 5.0, 90.0)
    a["hip_height_ratio"] = np.where(posed, 0.4, 1.0)
    if hips_from is not None:
        a["hip_height_ratio"][(t >= hips_from) & (t < hips_from + 1.0)] = 0.9
    return t, a


def clamshells(openings_deg: list[float]) -> tuple[np.ndarray, dict]:
    """Lying on the right side facing the camera (the left hip on top, hips stacked 0.4 trunk
    lengths apart): 2.5 s still, then one opening of the knees per entry (1 s open, 1 s held, 1 s
    closing, 1 s still)."""
    rep_s = 4.0
    t = _time(2.5 + len(openings_deg) * rep_s)
    a = _flat(t, trunk_lean_deg=90.0, hip_stack_ratio=0.4, left_hip_higher_ratio=0.4, knee_opening_deg=3.0)
    for i, top in enumerate(openings_deg):
        start = 2.5 + i * rep_s
        out = np.clip(t - start, 0, 1) - np.clip(t - start - 2.0, 0, 1)
        inside = (t >= start) & (t < start + rep_s)
        a["knee_opening_deg"] = np.where(inside, 3.0 + (top - 3.0) * out, a["knee_opening_deg"])
    return t, a


def plank(hold_s: float = 6.0, sag_from: float | None = None) -> tuple[np.ndarray, dict]:
    """2.5 s getting into place (kneeling: trunk 40 deg from upright), then a plank with the body
    in line (trunk 80 deg); sag_from: the hips 15 deg below the line for 1 s."""
    t = _time(2.5 + hold_s)
    a = _flat(t)
    a["trunk_lean_deg"] = np.where(t >= 2.5, 80.0, 40.0)
    a["body_line_deg"] = np.where(t >= 2.5, 2.0, 30.0)
    if sag_from is not None:
        a["body_line_deg"][(t >= sag_from) & (t < sag_from + 1.0)] = 15.0
    return t, a


def good_pose(posture: str) -> Pose:
    """A pose that passes the setup check for the posture (side-on, whole body in view)."""
    xy = standing_pose(scale=110.0, hip=(320.0, 220.0))
    if posture == "lying":
        xy = rotate(xy, 90.0, centre=(320.0, 240.0))
    xy = np.where(np.isnan(xy), np.array([320.0, 240.0]), xy)
    return Pose(xy=xy, world=np.zeros((33, 3)), visibility=np.ones(33))


def run_live(activity: Activity, config, t: np.ndarray, angles: dict[str, np.ndarray]):
    """Feed the stream through the activity's live session; its typed result and last guidance.
    Standing streams show one side; lying ones both (the person swaps legs where they lie)."""
    session = activity.session(config, SessionOptions(both_sides=activity.posture == "lying"))
    pose = good_pose(activity.posture)
    guidance = None
    for i, t_s in enumerate(t):
        state = LiveState(pose, pose.xy, {k: float(v[i]) for k, v in angles.items()}, "right", "right", [], 1)
        guidance = session.update(float(t_s), state, IMAGE)
    return session.result(), guidance


def run_offline(activity: Activity, config, t: np.ndarray, angles: dict[str, np.ndarray]):
    return activity.analyse(t, angles, config, "right")  # every stream shows the right side
