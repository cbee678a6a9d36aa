"""Whole-recording kinematics: a PoseTrack in, smoothed angles, facing and warnings out."""

from __future__ import annotations

import warnings as _warnings
from dataclasses import dataclass, field

import numpy as np

from romcam.kinematics.camera_view import CameraView, estimate_view, to_sagittal
from romcam.kinematics.filters import bridge_gaps, zero_phase_lowpass
from romcam.kinematics.angles import (FACING_SURE, SIDES, Facing, compute_angles, detect_facing, facing_per_frame,
                                     facing_votes, nanmedian, near_side, usable_landmarks)
from romcam.pose.landmarks import Landmark as L
from romcam.pose.records import PoseTrack
from romcam.settings import check_ranges, setting

HIPS = [L.LEFT_HIP, L.RIGHT_HIP]
SHOULDERS = [L.LEFT_SHOULDER, L.RIGHT_SHOULDER]


@dataclass
class RecordingAngles:
    t_s: np.ndarray
    detected: np.ndarray
    bridged: np.ndarray
    angles: dict[str, np.ndarray]
    facing: Facing
    warnings: list[str] = field(default_factory=list)
    pelvis_method: str = "off"  # how pelvic_tilt_deg was measured: tape, markers, waistband or off
    camera: CameraView = field(default_factory=CameraView)  # the angles are corrected for its yaw
    facing_sign: np.ndarray | None = None  # +1/-1 per frame: follows a turn round (None: facing throughout)

    @property
    def near_side(self) -> NearSide:
        """The leg nearer the camera over the recording (kinematics.angles.near_side), and over
        any stretch of it (NearSide.at)."""
        share_right = self.facing.confidence if self.facing.sign > 0 else 1 - self.facing.confidence
        visibility = {s: np.nan_to_num(nanmedian(self.angles[f"{s}_thigh_vs_vertical_conf"])) for s in SIDES}
        per_frame = self.facing_sign if self.facing_sign is not None else np.full(len(self.t_s), self.facing.sign)
        return NearSide(near_side(share_right, visibility), self.t_s, per_frame)


class NearSide(str):
    """The near side of a whole recording ("left"/"right", usable as the string), which can also
    say which side was near over a stretch of it: a person who turned round shows the camera
    their other side."""

    def __new__(cls, overall: str, t_s: np.ndarray, facing_sign: np.ndarray) -> NearSide:
        near = super().__new__(cls, overall)
        near._t_s, near._facing = np.asarray(t_s), np.asarray(facing_sign)
        return near

    def turned(self, start_s: float, end_s: float) -> bool:
        """Whether the person turned round between these times."""
        inside = (self._t_s >= start_s) & (self._t_s <= end_s)
        return len(np.unique(self._facing[inside])) > 1

    def at(self, start_s: float, end_s: float) -> str:
        inside = (self._t_s >= start_s) & (self._t_s <= end_s)
        share_right = float(np.mean(self._facing[inside] > 0)) if inside.any() else 0.5
        return near_side(share_right, {}) if abs(share_right - 0.5) > 0.2 else str(self)


@dataclass(frozen=True)
class Smoothing:
    """Offline smoothing of frames.csv (the [smoothing] table of a --config file)."""

    max_gap_s: float = setting(0.25, "s", "frames.csv: gaps without the person up to this long are bridged", 0, 5)
    cutoff_hz: float = setting(6.0, "Hz", "frames.csv: zero-phase low-pass cutoff", 0.5, 30)
    min_visibility: float = setting(0.3, "0-1", "landmarks less visible than this are dropped", 0, 1)
    # Off by default: on the tuning half of the truth set the correction did not lower the error
    # (peak MAE 1.90 with it, 1.91 without; docs/measurements.md). The yaw is still reported.
    max_yaw_corrected_deg: float = setting(0.0, "deg", "correct the angles for a camera turned from "
                                           "side-on up to this much (0: never, the default)", 0, 45)

    def __post_init__(self) -> None:
        check_ranges(self)


def analyse_track(track: PoseTrack, fps: float, smoothing: Smoothing = Smoothing(),
                  facing: str = "auto") -> RecordingAngles:
    xy = usable_landmarks(track.xy, track.visibility, track.frame_size, smoothing.min_visibility)
    warn: list[str] = []
    n = len(track)
    if n == 0 or not track.detected.any():
        angles = compute_angles(xy, track.visibility, +1)
        return RecordingAngles(track.t_s, track.detected, np.zeros(n, bool), angles,
                               Facing(+1, 0.0), ["no person found in any frame"])

    found = detect_facing(xy) if facing == "auto" else Facing(1 if facing == "right" else -1, 1.0)
    xy, flipped = _drop_flipped_trunks(xy)
    if flipped:
        warn.append(f"the pose was implausible (trunk turned over) in {flipped} frames: left out")
    max_gap = max(int(round(smoothing.max_gap_s * fps)), 0)
    filled, bridged = bridge_gaps(xy, max_gap)
    filled = zero_phase_lowpass(filled, fps, smoothing.cutoff_hz)
    visibility = track.visibility.copy()
    # Bridged frames get half the confidence of their neighbours: known, but less well.
    visibility[bridged] = _neighbour_visibility(track.visibility, track.detected)[bridged] * 0.5
    camera = estimate_view(xy, smoothing.max_yaw_corrected_deg, track.world)
    facing_sign = facing_per_frame(xy, track.t_s, found) if facing == "auto" else np.full(n, found.sign)
    agreement = _facing_agreement(xy, facing_sign) if facing == "auto" else 1.0
    if agreement < FACING_SURE:  # against the facing of each moment: turning round is not unclear
        warn.append(f"facing direction unclear ({agreement:.0%} agreement): is the camera side-on?")
    angles = compute_angles(to_sagittal(filled, camera), visibility, facing_sign)

    warn += _coverage_warnings(track, xy)
    warn += _view_warnings(xy)
    warn += track.events
    return RecordingAngles(track.t_s, track.detected, bridged & ~track.detected, angles, found, warn,
                           camera=camera, facing_sign=facing_sign)


def _facing_agreement(xy: np.ndarray, facing_sign: np.ndarray) -> float:
    """The share of the per-frame facing evidence that agrees with the facing found for its frame."""
    votes = facing_votes(xy)
    known = np.isfinite(votes) & (votes != 0)
    return float(np.mean(np.sign(votes[known]) == facing_sign[known])) if known.any() else 0.0


def _drop_flipped_trunks(xy: np.ndarray) -> tuple[np.ndarray, int]:
    """Frames whose trunk points more than 90 deg away from the recording's usual trunk
    direction (the model sometimes fits a body upside down into clutter or loose clothes) are
    emptied rather than read as a 170 deg lean."""
    with _warnings.catch_warnings():
        _warnings.simplefilter("ignore", RuntimeWarning)
        trunk = np.nanmean(xy[:, SHOULDERS], axis=1) - np.nanmean(xy[:, HIPS], axis=1)
    unit = trunk / np.linalg.norm(trunk, axis=-1, keepdims=True)
    known = np.isfinite(unit).all(axis=-1)
    if known.sum() < 3:
        return xy, 0
    usual = np.median(unit[known], axis=0)
    flipped = known & (unit @ usual < 0)
    if not flipped.any():
        return xy, 0
    xy = xy.copy()
    xy[flipped] = np.nan
    return xy, int(flipped.sum())


def _neighbour_visibility(visibility: np.ndarray, detected: np.ndarray) -> np.ndarray:
    """For every frame, the visibility of the nearest detected frame."""
    idx = np.flatnonzero(detected)
    nearest = idx[np.clip(np.searchsorted(idx, np.arange(len(detected))), 0, len(idx) - 1)]
    return visibility[nearest]


def _coverage_warnings(track: PoseTrack, xy: np.ndarray) -> list[str]:
    out = []
    n, seen = len(track), int(track.detected.sum())
    if seen < n:
        out.append(f"person seen in {seen} of {n} frames")
    hips_out = track.detected & ~np.isfinite(xy[:, HIPS]).all(axis=-1).any(axis=-1)
    if hips_out.sum() > 0.05 * max(seen, 1):
        first = float(track.t_s[np.flatnonzero(hips_out)[0]])
        out.append(f"hips out of view in {int(hips_out.sum())} of {seen} frames (first at "
                   f"{first:.1f}s): hip and trunk angles are empty there")
    return out


def _view_warnings(xy: np.ndarray) -> list[str]:
    """A side view has both shoulders close together compared with the trunk length, and the
    shoulders above the hips unless the person lies down."""
    with _warnings.catch_warnings():
        _warnings.simplefilter("ignore", RuntimeWarning)
        width = np.abs(xy[:, SHOULDERS[0], 0] - xy[:, SHOULDERS[1], 0])
        trunk_vec = np.nanmean(xy[:, SHOULDERS], axis=1) - np.nanmean(xy[:, HIPS], axis=1)
        trunk = np.linalg.norm(trunk_vec, axis=-1)
        ratio = np.nanmedian(width / trunk)
        upside_down = np.nanmean(trunk_vec[:, 1] > np.abs(trunk_vec[:, 0]))  # image y points down
    out = []
    if np.isfinite(ratio) and ratio > 0.45:
        out.append(f"the person seems to face the camera (shoulder width {ratio:.0%} of trunk length): "
                   "turn side-on for sagittal angles")
    if np.isfinite(upside_down) and upside_down > 0.5:
        out.append("the body reads upside down in most frames: is the camera looking steeply down on the "
                   "person (place it at hip height) or the video upside down?")
    return out
