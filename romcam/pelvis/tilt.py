"""Pelvic tilt over a recording: per-frame pelvis line readings -> pelvic_tilt_deg.

romcam.pelvis.readers reads the line in one frame (markers or waistband); this module collects both
readings per frame, picks one method for the whole recording (mixing them would mix baselines),
subtracts the person's neutral standing baseline and smooths.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from romcam.kinematics.filters import OneEuroFilter, bridge_gaps, zero_phase_lowpass
from romcam.pelvis.readers import METHODS, read_pelvis

MIN_CONFIDENCE = 0.5
MARKERS_FOUND_SHARE = 0.6  # markers are used when both dots are found in this share of frames


def default_method(requested: str | None, test: str) -> str:
    """The pelvis method when none was asked for: on for the standing hip extension test."""
    return requested or ("auto" if test == "hip-extension" else "off")


def _pick_method(marker_confidences) -> str:
    found = np.asarray(marker_confidences, dtype=float) >= MIN_CONFIDENCE
    return "markers" if len(found) and found.mean() >= MARKERS_FOUND_SHARE else "waistband"


def _check(method: str) -> None:
    if method not in METHODS:
        raise ValueError(f"pelvis method must be one of {METHODS}, got {method!r}")


@dataclass
class PelvisCollector:
    """add(image, xy, mask, facing) per frame; series(facing) at the end."""

    method: str = "auto"
    _readings: dict[str, list[tuple[float, float]]] = field(default_factory=lambda: {"markers": [], "waistband": []})
    _facing: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        _check(self.method)

    @property
    def methods(self) -> tuple[str, ...]:
        return ("markers", "waistband") if self.method == "auto" else (self.method,)

    def add(self, image: np.ndarray, xy: np.ndarray | None, mask: np.ndarray | None, facing: int) -> None:
        self._facing.append(facing)
        for method in self.methods:
            if xy is None:
                self._readings[method].append((np.nan, 0.0))
                continue
            reading = read_pelvis(image, xy, mask, facing, method=method)
            self._readings[method].append((reading.angle_deg, reading.confidence))

    def chosen_method(self) -> str:
        if self.method != "auto":
            return self.method
        return _pick_method([c for _, c in self._readings["markers"]])

    def series(self, facing: int, t_s: np.ndarray, fps: float, baseline_s: float = 1.0,
               max_gap_s: float = 0.25, cutoff_hz: float = 4.0) -> tuple[np.ndarray, np.ndarray, str]:
        """(pelvic_tilt_deg relative to the neutral start, confidence, method used)."""
        method = self.chosen_method()
        readings = np.array(self._readings[method], dtype=float).reshape(-1, 2)
        angle, conf = readings[:, 0].copy(), readings[:, 1].copy()
        # Frames read while the facing estimate was still the other way: turn them round (an
        # angle is signed by the facing; markers read that way were already rejected).
        flipped = np.asarray(self._facing) != facing
        angle[flipped] = -angle[flipped]
        angle[conf < MIN_CONFIDENCE] = np.nan
        conf[~np.isfinite(angle)] = 0.0
        known = np.flatnonzero(np.isfinite(angle))
        if len(known) == 0:
            return np.full(len(angle), np.nan), np.zeros(len(angle)), method
        start = t_s[known[0]]
        base = np.nanmedian(angle[known[t_s[known] <= start + baseline_s]])
        filled, _ = bridge_gaps(angle - base, int(round(max_gap_s * fps)))
        return zero_phase_lowpass(filled, fps, cutoff_hz), conf, method


class LivePelvis:
    """Live pelvic tilt: update(image, xy, mask, facing, t_s) -> (tilt_deg, confidence).

    With method "auto" the first DECIDE_FRAMES readings decide between markers and waistband,
    then that method is kept; the tilt is relative to the first second of confident readings,
    and smoothed (one-euro) for display.
    """

    DECIDE_FRAMES = 15

    def __init__(self, method: str = "auto", baseline_s: float = 1.0) -> None:
        _check(method)
        self.method, self.baseline_s = method, baseline_s
        self._smoother = OneEuroFilter(min_cutoff_hz=1.0, beta=0.05)
        self._votes: list[float] = []  # marker confidences
        self._baseline_values: list[float] = []
        self._baseline_start: float | None = None
        self.baseline: float | None = None

    def update(self, image, xy, mask, facing: int, t_s: float) -> tuple[float, float]:
        tilt, conf = self._relative(image, xy, mask, facing, t_s)
        return float(self._smoother.update(np.array([tilt]), t_s)[0]), conf

    def _relative(self, image, xy, mask, facing: int, t_s: float) -> tuple[float, float]:
        """The unsmoothed tilt from the baseline (NaN until there is one) and its confidence."""
        method = self.method
        if method == "auto":
            reading = read_pelvis(image, xy, mask, facing, method="markers")
            self._votes.append(reading.confidence)
            if len(self._votes) >= self.DECIDE_FRAMES:
                self.method = _pick_method(self._votes)
            return np.nan, 0.0
        reading = read_pelvis(image, xy, mask, facing, method=method)
        if reading.confidence < MIN_CONFIDENCE or not np.isfinite(reading.angle_deg):
            return np.nan, 0.0
        if self.baseline is None:
            if self._baseline_start is None:
                self._baseline_start = t_s
            self._baseline_values.append(reading.angle_deg)
            if t_s - self._baseline_start < self.baseline_s:
                return np.nan, 0.0
            self.baseline = float(np.median(self._baseline_values))
        return reading.angle_deg - self.baseline, reading.confidence
