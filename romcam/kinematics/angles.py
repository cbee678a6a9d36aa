"""Sagittal-plane angles from 2D landmarks, per conventions.md. Pure numpy, whole recordings.

Image coordinates: x to the right, y down. `facing` is +1 when the subject faces image-right,
-1 when facing left; every sign below is taken relative to it, so a mirrored video gives the
same numbers. Vertical is the image vertical.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from romcam.kinematics.floor_measures import floor_measures
from romcam.pose.landmarks import Landmark as L

SIDES = ("left", "right")
HIP_BLEND = 0.25  # where the thigh starts, from the leg's own hip landmark (0) to the other (1)
# MediaPipe's hip landmark sits in front of the hip joint centre: by a median 0.066 thigh lengths
# on the near hip of the 19 standing rendered clips (samples/truth, hx_/hipext_/lean_), measured
# perpendicular to the trunk line. The knee angle and the lying thigh start from the landmark
# moved back by that much (tools/hip_offset.py reproduces the figure).
HIP_CENTRE_BEHIND = 0.066
# A straight leg's thigh is read along the whole leg (hip to ankle): MediaPipe's knee landmark
# wanders across the thigh's width (more so in loose trousers), the ankle is far away and firm.
# Full weight up to 5 deg of knee bend, none from 15 deg, where hip-ankle is no longer the thigh.
# On the tuning half of the truth set: peak MAE 1.91 -> 1.44 deg (docs/measurements.md).
LEG_LINE_STRAIGHT_DEG = 5.0
LEG_LINE_BENT_DEG = 15.0

# Column order of frames.csv after frame, t_s, detected: every angle is followed by its confidence.
ANGLE_NAMES = (
    "trunk_lean_deg",
    "left_thigh_vs_vertical_deg", "right_thigh_vs_vertical_deg",
    "left_hip_extension_deg", "right_hip_extension_deg",
    "left_knee_flexion_deg", "right_knee_flexion_deg",
    "pelvic_tilt_deg",
    "left_thigh_vs_horizontal_deg", "right_thigh_vs_horizontal_deg",
    "body_line_deg",  # the plank's line (not in the conventions' table; see _body_line)
)


def confidence_name(angle_name: str) -> str:
    return angle_name.removesuffix("_deg") + "_conf"


@dataclass
class Facing:
    sign: int  # +1 facing image-right, -1 facing image-left
    confidence: float  # share of the evidence that agrees, 0.5 = a coin toss

    @property
    def name(self) -> str:
        return "right" if self.sign > 0 else "left"


EDGE_BAND = 0.02  # share of the frame's short side along each edge where landmarks are not trusted


def usable_landmarks(xy: np.ndarray, visibility: np.ndarray, frame_size: tuple[int, int],
                     min_visibility: float = 0.3) -> np.ndarray:
    """xy with NaN where a landmark is outside the frame or barely visible.

    MediaPipe keeps extrapolating landmarks that have left the picture; angles built on them
    would look plausible and be wrong. It also pins landmarks just beyond the picture to its
    edge (shoulders cut off at the top were placed 4-12 px inside it, visibility 0.96), so a
    thin band along the edges counts as outside, and so does a pair (shoulders, hips) half out.
    """
    width, height = frame_size
    edge = EDGE_BAND * min(width, height)
    x, y = xy[..., 0], xy[..., 1]
    inside = (x >= edge) & (x < width - edge) & (y >= edge) & (y < height - edge)
    # Side-on, the two shoulders (and the two hips) project close together: when one of them is
    # beyond the picture, the other is as well, only pinned inside it.
    for a, b in ((L.LEFT_SHOULDER, L.RIGHT_SHOULDER), (L.LEFT_HIP, L.RIGHT_HIP)):
        both = inside[..., a] & inside[..., b]
        inside[..., a], inside[..., b] = both, both
    ok = inside & (visibility >= min_visibility)
    return np.where(ok[..., None], xy, np.nan)


def nanmedian(values: np.ndarray) -> float:
    """The median of the finite values; NaN when there are none (without a warning)."""
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    return float(np.median(values)) if len(values) else math.nan


FACING_SURE = 0.7  # share of the facing evidence that must agree before it decides the near side


def near_side(share_facing_right: float, leg_visibility: Mapping[str, float]) -> str:
    """The side nearer the camera, live and for whole recordings alike.

    Side-on, a person facing image-right shows their right side to the camera (lying on the
    back with the feet to the right too); when the facing is unclear, the leg MediaPipe sees
    more confidently is the near one.
    """
    if share_facing_right >= FACING_SURE:
        return "right"
    if share_facing_right <= 1 - FACING_SURE:
        return "left"
    return max(SIDES, key=lambda side: leg_visibility.get(side, 0.0))


def facing_votes(xy: np.ndarray) -> np.ndarray:
    """Per frame, the balance of the facing evidence in [-1, 1] (+ image-right), NaN without any.

    Standing: the nose ahead of the shoulders, and the toes ahead of the heels. Lying (trunk
    nearer horizontal than vertical), the face points up and says nothing: the way the feet
    point (hips beyond the shoulders) is the facing direction instead.
    """
    xy = np.asarray(xy, dtype=float).reshape(-1, len(L), 2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        shoulders = np.nanmean(xy[:, [L.LEFT_SHOULDER, L.RIGHT_SHOULDER]], axis=1)
        hips = np.nanmean(xy[:, [L.LEFT_HIP, L.RIGHT_HIP]], axis=1)
    trunk = shoulders - hips
    lying = np.abs(trunk[:, 0]) > np.abs(trunk[:, 1])
    standing = ~lying
    votes = [np.where(lying, -trunk[:, 0], np.nan), np.where(standing, xy[:, L.NOSE, 0] - shoulders[:, 0], np.nan)]
    for toe, heel in ((L.LEFT_FOOT_INDEX, L.LEFT_HEEL), (L.RIGHT_FOOT_INDEX, L.RIGHT_HEEL)):
        votes.append(np.where(standing, xy[:, toe, 0] - xy[:, heel, 0], np.nan))
    signs = np.sign(np.stack(votes, axis=1))
    signs[signs == 0] = np.nan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanmean(signs, axis=1)


def detect_facing(xy: np.ndarray) -> Facing:
    """Which way the subject faces, over all the frames given: the share of the per-frame
    evidence (facing_votes) that agrees decides."""
    votes = facing_votes(xy)
    votes = votes[np.isfinite(votes) & (votes != 0)]
    if len(votes) == 0:
        return Facing(+1, 0.0)
    share_right = float(np.mean(votes > 0))
    sign = +1 if share_right >= 0.5 else -1
    return Facing(sign, max(share_right, 1 - share_right))


TURN_WINDOW_S = 2.0  # the facing is judged over this long: a turn round takes about that
MIN_FACING_RUN_S = 1.5  # shorter spells of the other facing are noise, not a turn


def facing_per_frame(xy: np.ndarray, t_s: np.ndarray, overall: Facing) -> np.ndarray:
    """+1/-1 per frame, following a person who turns round during a recording (the README's
    protocol tests one leg, then the other after turning). Frames without evidence take the
    facing of the frames around them, and the whole recording's where there are none."""
    votes = facing_votes(xy)
    n = len(votes)
    if n == 0:
        return np.zeros(0, dtype=int)
    dt = float(np.median(np.diff(t_s))) if n > 1 else 1 / 30
    half = max(int(round(TURN_WINDOW_S / 2 / max(dt, 1e-3))), 1)
    known = np.isfinite(votes)
    cum_v = np.concatenate([[0.0], np.cumsum(np.where(known, votes, 0.0))])
    cum_n = np.concatenate([[0], np.cumsum(known)])
    lo, hi = np.clip(np.arange(n) - half, 0, n), np.clip(np.arange(n) + half + 1, 0, n)
    with np.errstate(invalid="ignore", divide="ignore"):
        balance = (cum_v[hi] - cum_v[lo]) / (cum_n[hi] - cum_n[lo])
    balance, own = np.nan_to_num(balance), np.sign(np.nan_to_num(votes))
    # Clear over the window decides; in a turn (the window split) the frame's own evidence does.
    facing = np.where(np.abs(balance) >= 0.5, np.sign(balance), own).astype(int)
    # Frames without either keep the last decided facing (the first ones the next).
    decided = np.flatnonzero(facing)
    if len(decided) == 0:
        return np.full(n, overall.sign, dtype=int)
    idx = np.maximum.accumulate(np.where(facing != 0, np.arange(n), -1))
    facing = np.where(idx >= 0, facing[np.maximum(idx, 0)], facing[decided[0]])
    # Short spells of the other facing are merged into their surroundings.
    min_run = max(int(round(MIN_FACING_RUN_S / max(dt, 1e-3))), 1)
    starts = np.flatnonzero(np.diff(np.concatenate([[0], facing])) != 0)
    for start, end in zip(starts, list(starts[1:]) + [n]):
        if end - start < min_run and (start > 0 or end < n):
            facing[start:end] = facing[start - 1] if start > 0 else facing[end]
    return facing


def _midpoint(xy: np.ndarray, a: L, b: L) -> np.ndarray:
    """Mean of two landmarks; in a side view the far one is often missing, so either will do."""
    return np.nanmean(np.stack([xy[:, a], xy[:, b]]), axis=0)


def _segment_angle(vec: np.ndarray, along: np.ndarray, across: np.ndarray) -> np.ndarray:
    """Angle in degrees of vec from the `along` axis toward the `across` axis."""
    return np.degrees(np.arctan2(np.sum(vec * across, axis=-1), np.sum(vec * along, axis=-1)))


def _body_line(shoulder: np.ndarray, hip: np.ndarray, ankle: np.ndarray) -> np.ndarray:
    """The bend at the hip of the shoulder-hip-ankle line (a plank): 0 straight, + the hips below
    the shoulder-ankle line in the picture (sagging toward the floor), - above (piked). Picture
    down is the floor's way for a body lying across it, whichever way the person faces; not one
    of the conventions' angles (standing, it has no use)."""
    upper, lower = shoulder - hip, ankle - hip
    bend = 180.0 - np.degrees(np.arccos(np.clip(
        np.sum(upper * lower, axis=-1) / (np.linalg.norm(upper, axis=-1) * np.linalg.norm(lower, axis=-1)), -1, 1)))
    line = ankle - shoulder
    # the hip's side of the shoulder-ankle line; image y points down
    cross = line[:, 0] * (hip[:, 1] - shoulder[:, 1]) - line[:, 1] * (hip[:, 0] - shoulder[:, 0])
    below = np.where(line[:, 0] >= 0, cross > 0, cross < 0)
    return np.where(below, bend, -bend)


def compute_angles(xy: np.ndarray, visibility: np.ndarray, facing: int,
                   leg_offsets: Mapping[str, float] | None = None) -> dict[str, np.ndarray]:
    """All per-frame angles and their confidences, keyed by the conventions' names.

    leg_offsets: per side, how far the hip-ankle line lies from the hip-knee line on a straight
    leg (leg_line_offset); measured over the frames given when None (whole recordings).

    xy: (n, 33, 2) pixels with NaN for unusable landmarks; visibility: (n, 33); facing: +1/-1
    for the whole recording or per frame (facing_per_frame).
    """
    xy = np.asarray(xy, dtype=float)
    signs = np.broadcast_to(np.asarray(facing), (len(xy),))
    if not np.isin(signs, (-1, 1)).all():
        raise ValueError(f"facing must be +1 or -1 (one or per frame), got {facing}")
    vis = np.where(np.isfinite(xy).all(axis=-1), visibility, 0.0)
    forward = np.stack([signs.astype(float), np.zeros(len(xy))], axis=-1)
    up = np.array([0.0, -1.0])
    down, backward = -up, -forward
    out: dict[str, np.ndarray] = {}

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN frames: nobody in view
        mid_hip = _midpoint(xy, L.LEFT_HIP, L.RIGHT_HIP)
        mid_shoulder = _midpoint(xy, L.LEFT_SHOULDER, L.RIGHT_SHOULDER)
        mid_ankle = _midpoint(xy, L.LEFT_ANKLE, L.RIGHT_ANKLE)
    hip_conf = np.maximum(vis[:, L.LEFT_HIP], vis[:, L.RIGHT_HIP])
    shoulder_conf = np.maximum(vis[:, L.LEFT_SHOULDER], vis[:, L.RIGHT_SHOULDER])
    trunk = _segment_angle(mid_shoulder - mid_hip, up, forward)
    front = _front_of_trunk(mid_hip, mid_shoulder, xy[:, L.NOSE])
    out["trunk_lean_deg"] = trunk
    out["trunk_lean_conf"] = np.minimum(hip_conf, shoulder_conf)
    # Shoulder width across the picture over the trunk length: near 0 side-on, near 1 face-on
    # (a person turning round passes through face-on; not one of the conventions' angles).
    with np.errstate(invalid="ignore", divide="ignore"):
        out["shoulder_spread"] = (np.abs(xy[:, L.LEFT_SHOULDER, 0] - xy[:, L.RIGHT_SHOULDER, 0])
                                  / np.linalg.norm(mid_shoulder - mid_hip, axis=-1))

    out["body_line_deg"] = _body_line(mid_shoulder, mid_hip, mid_ankle)
    out["body_line_conf"] = np.minimum(out["trunk_lean_conf"], np.maximum(vis[:, L.LEFT_ANKLE], vis[:, L.RIGHT_ANKLE]))
    for side in SIDES:
        hip, knee, ankle = (L[f"{side.upper()}_{j}"] for j in ("HIP", "KNEE", "ANKLE"))
        # The thigh starts a quarter of the way from its own hip landmark toward the other:
        # MediaPipe drags the moving leg's hip landmark along with the leg, and in a side view
        # both hip joints project to about one point. Peak error on rendered bodies (commands in
        # docs/measurements.md): own hip 0.80 deg arms down / 1.63 arms folded; this point
        # 0.89 / 1.00; mid-hip 1.64 / 0.68.
        other = L.RIGHT_HIP if hip == L.LEFT_HIP else L.LEFT_HIP
        blend = xy[:, hip] + HIP_BLEND * (xy[:, other] - xy[:, hip])
        thigh_start = np.where(np.isfinite(blend), blend, xy[:, hip])
        thigh_vec = xy[:, knee] - thigh_start
        # The knee angle is about the knee's own segment: from the hip joint centre estimate.
        own_thigh_vec = xy[:, knee] - hip_joint_centre(xy[:, hip], xy[:, knee], front)
        shank_vec = xy[:, ankle] - xy[:, knee]
        thigh_conf = np.minimum(vis[:, hip], vis[:, knee])
        thigh = _segment_angle(thigh_vec, down, backward)
        knee_bend = np.abs(_segment_angle(shank_vec, _unit(own_thigh_vec), _perp(_unit(own_thigh_vec))))
        straight = np.clip((LEG_LINE_BENT_DEG - knee_bend) / (LEG_LINE_BENT_DEG - LEG_LINE_STRAIGHT_DEG), 0, 1)
        leg = _segment_angle(xy[:, ankle] - thigh_start, down, backward)
        out[f"{side}_leg_line_offset_deg"] = np.where(straight >= 1, leg - thigh, np.nan)
        # The leg line is moved onto the thigh line by their offset on straight frames, so the
        # reading does not jump when the knee bends (a jump would add to the change from neutral).
        offset = leg_line_offset(out[f"{side}_leg_line_offset_deg"]) if leg_offsets is None else leg_offsets[side]
        leg = leg - (offset if math.isfinite(offset) else 0.0)
        thigh = np.where(np.isfinite(leg) & np.isfinite(straight), thigh + straight * (leg - thigh), thigh)
        out[f"{side}_thigh_vs_vertical_deg"] = thigh
        out[f"{side}_thigh_vs_vertical_conf"] = thigh_conf
        out[f"{side}_hip_extension_deg"] = _wrap(thigh - trunk)
        out[f"{side}_hip_extension_conf"] = np.minimum(thigh_conf, out["trunk_lean_conf"])
        out[f"{side}_knee_flexion_deg"] = knee_bend
        out[f"{side}_knee_flexion_conf"] = np.min([vis[:, hip], vis[:, knee], vis[:, ankle]], axis=0)
        # Lying tests: + when the knee is above the hip's level line. Here the leg's own hip is
        # the better start: lying with one knee hugged, mid-hip read the hanging thigh 4-6 deg
        # low on rendered bodies; the own hip landmark 2.8 deg low on average, its joint
        # centre estimate 1.0 deg high (docs/measurements.md).
        horizontal = np.abs(own_thigh_vec[:, 0])
        out[f"{side}_thigh_vs_horizontal_deg"] = np.degrees(np.arctan2(-own_thigh_vec[:, 1], horizontal))
        out[f"{side}_thigh_vs_horizontal_conf"] = np.minimum(vis[:, hip], vis[:, knee])

    # Pelvic tilt is not in the 33 landmarks; it needs the silhouette or markers (see README).
    n = len(xy)
    out["pelvic_tilt_deg"] = np.full(n, np.nan)
    out["pelvic_tilt_conf"] = np.zeros(n)
    for name in ANGLE_NAMES:
        conf = confidence_name(name)
        out[conf] = np.where(np.isfinite(out[name]), np.clip(out[conf], 0, 1), 0.0)
    out.update(floor_measures(xy))
    return out


def leg_line_offset(differences: np.ndarray) -> float:
    """The median hip-ankle minus hip-knee angle over straight-leg frames (0 without any)."""
    known = np.asarray(differences, float)
    known = known[np.isfinite(known)]
    return float(np.median(known)) if len(known) else 0.0


def _front_of_trunk(mid_hip: np.ndarray, mid_shoulder: np.ndarray, nose: np.ndarray) -> np.ndarray:
    """Unit vectors across the trunk line toward the face side: forward when standing, up when
    lying on the back. NaN where the nose or the trunk is missing."""
    across = _perp(_unit(mid_shoulder - mid_hip))
    side = np.sign(np.sum((nose - mid_shoulder) * across, axis=-1))
    return across * np.where(side == 0, np.nan, side)[:, None]


def hip_joint_centre(hip: np.ndarray, knee: np.ndarray, front: np.ndarray) -> np.ndarray:
    """The hip landmark moved back by HIP_CENTRE_BEHIND thigh lengths; the landmark itself
    where the front of the trunk is unknown."""
    thigh_length = np.linalg.norm(knee - hip, axis=-1, keepdims=True)
    centre = hip - HIP_CENTRE_BEHIND * thigh_length * front
    return np.where(np.isfinite(centre), centre, hip)


def _wrap(degrees: np.ndarray) -> np.ndarray:
    """Into (-180, 180]: a difference of two angles can leave that range."""
    return 180.0 - np.mod(180.0 - degrees, 360.0)


def _unit(vec: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return vec / np.linalg.norm(vec, axis=-1, keepdims=True)


def _perp(vec: np.ndarray) -> np.ndarray:
    return np.stack([-vec[..., 1], vec[..., 0]], axis=-1)
