"""Standing hip extension test: find each trial, measure it against the neutral baseline, judge.

Protocol: stand tall side-on, extend one straight leg behind you, keep the torso vertical, return.
A trial is a rise of one thigh behind the vertical (relative to the baseline taken just before
it) that passes `start_deg`, peaks, and falls back below `end_deg`. Debounced: it must last
`min_duration_s` and peak at `min_peak_deg` or more, so shifting weight or getting into position
is not a trial.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

import numpy as np

from romcam.kinematics import SIDES

VERDICTS = ("normal", "limited", "above-norm", "compensated")
FLAG_MEANINGS = {
    "trunk-lean": "the trunk tipped forward to let the leg go further back: the hip itself did "
                  "not extend that far (a sign of tight hip flexors)",
    "lumbar-arch": "the pelvis tipped forward and the low back arched: the extension came from "
                   "the spine, not the hip (a sign of tight hip flexors)",
    "knee-bent": "the knee bent during the lift: keep the leg straight for a fair measurement",
}


@dataclass
class HipExtensionConfig:
    norm_deg: tuple[float, float] = (10.0, 15.0)
    lean_tolerance_deg: float = 5.0
    tilt_tolerance_deg: float = 5.0
    knee_bent_deg: float = 20.0
    start_deg: float = 4.0
    end_deg: float = 2.5
    min_peak_deg: float = 5.0
    min_duration_s: float = 0.4
    baseline_window_s: float = 0.5
    still_range_deg: float = 2.0

    def __post_init__(self) -> None:
        low, high = self.norm_deg
        if not 0 <= low <= high:
            raise ValueError(f"norm_deg must be (low, high) with 0 <= low <= high, got {self.norm_deg}")
        if not 0 < self.end_deg < self.start_deg <= self.min_peak_deg:
            raise ValueError("need 0 < end_deg < start_deg <= min_peak_deg, got "
                             f"{self.end_deg}, {self.start_deg}, {self.min_peak_deg}")


@dataclass
class Trial:
    side: str
    start_s: float
    peak_s: float
    end_s: float
    peak_thigh_vs_vertical_deg: float
    peak_hip_extension_deg: float
    trunk_lean_change_deg: float
    pelvic_tilt_change_deg: float | None
    knee_flexion_deg: float
    verdict: str
    flags: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        out = asdict(self)
        for key, value in out.items():
            if isinstance(value, float):
                out[key] = None if not math.isfinite(value) else round(value, 2)
        return out


def judge(peak_deg: float, lean_change: float, tilt_change: float | None, knee_deg: float,
          cfg: HipExtensionConfig) -> tuple[str, list[str]]:
    """Verdict and flags for one trial, per conventions.md."""
    flags = []
    if lean_change > cfg.lean_tolerance_deg:
        flags.append("trunk-lean")
    if tilt_change is not None and math.isfinite(tilt_change) and tilt_change > cfg.tilt_tolerance_deg:
        flags.append("lumbar-arch")
    compensated = bool(flags)
    if math.isfinite(knee_deg) and knee_deg > cfg.knee_bent_deg:
        flags.append("knee-bent")
    if compensated:
        return "compensated", flags
    low, high = cfg.norm_deg
    if peak_deg < low:
        return "limited", flags
    if peak_deg > high:
        return "above-norm", flags
    return "normal", flags


def find_trials(t_s: np.ndarray, angles: dict[str, np.ndarray],
                cfg: HipExtensionConfig = HipExtensionConfig()) -> list[Trial]:
    """All trials of both legs, in time order."""
    trials = []
    for side in SIDES:
        trials += _side_trials(side, t_s, angles, cfg)
    # MediaPipe can mislabel which leg is which in a side view; when both labels "moved" at the
    # same time, keep the one that moved more.
    trials.sort(key=lambda tr: tr.peak_s)
    kept: list[Trial] = []
    for trial in trials:
        if kept and trial.start_s < kept[-1].end_s and trial.side != kept[-1].side:
            if trial.peak_thigh_vs_vertical_deg > kept[-1].peak_thigh_vs_vertical_deg:
                kept[-1] = trial
            continue
        kept.append(trial)
    return kept


def _side_trials(side: str, t_s: np.ndarray, angles: dict[str, np.ndarray],
                 cfg: HipExtensionConfig) -> list[Trial]:
    thigh = angles[f"{side}_thigh_vs_vertical_deg"]
    hip = angles[f"{side}_hip_extension_deg"]
    knee = angles[f"{side}_knee_flexion_deg"]
    trunk = angles["trunk_lean_deg"]
    tilt = angles.get("pelvic_tilt_deg", np.full(len(t_s), np.nan))
    baseline = _still_baselines(t_s, thigh, cfg)
    trials = []
    i, n = 0, len(t_s)
    while i < n:
        window = baseline[i]
        if window is None or not thigh[i] - _nanmedian(thigh[window]) > cfg.start_deg:
            i += 1
            continue
        base = _nanmedian(thigh[window])
        # Walk back to where the rise began, then forward to where it returned.
        start = i
        while start > window[-1] + 1 and thigh[start - 1] - base > cfg.end_deg:
            start -= 1
        end = i
        while end < n - 1 and not thigh[end] - base < cfg.end_deg:
            end += 1
        segment = np.arange(start, end + 1)
        rel = thigh[segment] - base
        peak = int(segment[np.nanargmax(rel)])
        peak_deg = float(thigh[peak] - base)
        if peak_deg >= cfg.min_peak_deg and t_s[end] - t_s[start] >= cfg.min_duration_s:
            lean_change = float(trunk[peak] - _nanmedian(trunk[window]))
            tilt_change = float(tilt[peak] - _nanmedian(tilt[window]))
            tilt_change = tilt_change if math.isfinite(tilt_change) else None
            knee_deg = float(np.nanmax(knee[segment])) if np.isfinite(knee[segment]).any() else math.nan
            verdict, flags = judge(peak_deg, lean_change, tilt_change, knee_deg, cfg)
            trials.append(Trial(side, float(t_s[start]), float(t_s[peak]), float(t_s[end]), peak_deg,
                                float(hip[peak] - _nanmedian(hip[window])), lean_change,
                                tilt_change, knee_deg, verdict, flags))
        i = end + 1
    return trials


def _still_baselines(t_s: np.ndarray, thigh: np.ndarray, cfg: HipExtensionConfig) -> list:
    """For each frame, the frame indices of the latest still window before it (or None).

    A window of baseline_window_s is still when at least half its frames are known and the thigh
    moves less than still_range_deg within it: the person standing in neutral. A baseline that
    simply trailed the signal would rise with a slow lift and never see the trial.
    """
    out: list = [None] * len(t_s)
    latest = None
    lo = 0
    for i in range(len(t_s)):
        while t_s[i] - t_s[lo] > cfg.baseline_window_s:
            lo += 1
        out[i] = latest
        window = thigh[lo:i + 1]
        known = window[np.isfinite(window)]
        if i > lo and len(known) >= 0.5 * len(window) and np.ptp(known) < cfg.still_range_deg:
            latest = np.arange(lo, i + 1)
    return out


def _nanmedian(values: np.ndarray) -> float:
    values = values[np.isfinite(values)]
    return float(np.median(values)) if len(values) else math.nan


def summarise(trials: list[Trial]) -> dict[str, dict]:
    """Per side: the best trial (furthest extension) decides, as a clinician takes the best of
    several attempts; compensated wins if every trial of that side was compensated."""
    out = {}
    for side in SIDES:
        mine = [t for t in trials if t.side == side]
        if not mine:
            continue
        clean = [t for t in mine if t.verdict != "compensated"]
        best = max(clean or mine, key=lambda t: t.peak_thigh_vs_vertical_deg)
        out[side] = {"verdict": best.verdict, "trials": len(mine),
                     "peak_thigh_vs_vertical_deg": round(best.peak_thigh_vs_vertical_deg, 1),
                     "flags": sorted({f for t in mine for f in t.flags})}
    return out
