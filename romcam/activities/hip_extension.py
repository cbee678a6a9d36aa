"""Standing hip extension test: find each trial, measure it against the neutral baseline, judge.

Protocol: stand tall side-on, extend one straight leg behind you, keep the torso vertical, return.
A trial is a rise of one thigh behind the vertical (relative to the baseline taken just before
it) that passes `start_deg`, peaks, and falls back below `end_deg`. Debounced: it must last
`min_duration_s` and peak at `min_peak_deg` or more, so shifting weight or getting into position
is not a trial.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import asdict, dataclass, field

import numpy as np

from romcam.kinematics.angles import SIDES

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


class StillWindow:
    """The medians of the latest window_s of samples once `still_keys` moved less than
    still_deg over it: the neutral stance a movement is measured from."""

    def __init__(self, window_s: float, still_deg: float, still_keys: tuple[str, ...]) -> None:
        self.window_s, self.still_deg, self.still_keys = window_s, still_deg, still_keys
        self._samples: deque = deque()

    def clear(self) -> None:
        self._samples.clear()

    def update(self, t_s: float, values: dict[str, float]) -> dict[str, float] | None:
        self._samples.append((t_s, values))
        while t_s - self._samples[0][0] > self.window_s:
            self._samples.popleft()
        if t_s - self._samples[0][0] < 0.8 * self.window_s:
            return None
        moved = max(np.ptp([v[k] for _, v in self._samples]) for k in self.still_keys)
        if not moved < self.still_deg:
            return None
        return {k: nanmedian(np.array([v[k] for _, v in self._samples])) for k in values}


class TrialDetector:
    """Finds one leg's trials as samples arrive: update(t_s, sample) -> Trial when one ends.

    The same object serves the live test and whole recordings. The baseline is the latest still
    window (the thigh moving less than still_range_deg for baseline_window_s): a baseline that
    simply trailed the signal would rise with a slow lift and never see the trial.
    sample: the angles of one frame, keyed by the conventions' names.
    """

    def __init__(self, side: str, cfg: HipExtensionConfig = HipExtensionConfig()) -> None:
        self.side, self.cfg = side, cfg
        self._still = StillWindow(cfg.baseline_window_s, cfg.still_range_deg, ("thigh",))
        self.baseline: dict[str, float] | None = None
        self._active: dict | None = None
        self._last_low_t: float | None = None

    @property
    def in_trial(self) -> bool:
        return self._active is not None

    def relative_thigh(self, thigh: float) -> float:
        return thigh - self.baseline["thigh"] if self.baseline else math.nan

    def update(self, t_s: float, sample: dict[str, float]) -> Trial | None:
        cfg, side = self.cfg, self.side
        values = {
            "thigh": sample[f"{side}_thigh_vs_vertical_deg"],
            "hip": sample[f"{side}_hip_extension_deg"],
            "knee": sample[f"{side}_knee_flexion_deg"],
            "trunk": sample["trunk_lean_deg"],
            "tilt": sample.get("pelvic_tilt_deg", math.nan),
        }
        if not math.isfinite(values["thigh"]):
            return None
        if self._active is None:
            self._update_baseline(t_s, values)
            if self.baseline is None:
                return None
            rel = values["thigh"] - self.baseline["thigh"]
            if rel <= cfg.end_deg:
                self._last_low_t = t_s
            if rel > cfg.start_deg:
                self._active = {"start": self._last_low_t if self._last_low_t is not None else t_s,
                                "peak": None, "knee": -math.inf}
        if self._active is None:
            return None
        trial = self._active
        rel = values["thigh"] - self.baseline["thigh"]
        if trial["peak"] is None or rel > trial["peak"][1]:
            trial["peak"] = (t_s, rel, dict(values))
        if math.isfinite(values["knee"]):
            trial["knee"] = max(trial["knee"], values["knee"])
        if rel >= cfg.end_deg:
            return None
        self._active = None
        self._still.clear()  # the next baseline must come from standing still again
        self._last_low_t = t_s
        return self._finish(trial, t_s)

    def _update_baseline(self, t_s: float, values: dict[str, float]) -> None:
        self.baseline = self._still.update(t_s, values) or self.baseline

    def _finish(self, trial: dict, end_s: float) -> Trial | None:
        cfg, base = self.cfg, self.baseline
        peak_s, peak_deg, at_peak = trial["peak"]
        if peak_deg < cfg.min_peak_deg or end_s - trial["start"] < cfg.min_duration_s:
            return None
        lean_change = at_peak["trunk"] - base["trunk"]
        tilt_change = at_peak["tilt"] - base["tilt"]
        tilt_change = tilt_change if math.isfinite(tilt_change) else None
        knee = trial["knee"] if math.isfinite(trial["knee"]) else math.nan
        verdict, flags = judge(peak_deg, lean_change, tilt_change, knee, cfg)
        return Trial(self.side, trial["start"], peak_s, end_s, peak_deg, at_peak["hip"] - base["hip"],
                     lean_change, tilt_change, knee, verdict, flags)


def find_trials(t_s: np.ndarray, angles: dict[str, np.ndarray],
                cfg: HipExtensionConfig = HipExtensionConfig()) -> list[Trial]:
    """All trials of both legs in a whole recording, in time order."""
    detectors = [TrialDetector(side, cfg) for side in SIDES]
    trials = []
    for i, t in enumerate(t_s):
        sample = {name: float(values[i]) for name, values in angles.items()}
        for detector in detectors:
            trial = detector.update(float(t), sample)
            if trial is not None:
                trials.append(trial)
    return resolve_overlaps(trials)


def resolve_overlaps(trials: list[Trial]) -> list[Trial]:
    """MediaPipe can mislabel which leg is which in a side view; when both labels "moved" at the
    same time, keep the one that moved more."""
    trials = sorted(trials, key=lambda tr: tr.peak_s)
    kept: list[Trial] = []
    for trial in trials:
        if kept and trial.start_s < kept[-1].end_s and trial.side != kept[-1].side:
            if trial.peak_thigh_vs_vertical_deg > kept[-1].peak_thigh_vs_vertical_deg:
                kept[-1] = trial
            continue
        kept.append(trial)
    return kept


def nanmedian(values: np.ndarray) -> float:
    """The median of the finite values; NaN when there are none (without a warning)."""
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
