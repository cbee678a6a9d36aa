"""Pelvic tilt over a recording: per-frame pelvis line readings -> pelvic_tilt_deg.

romcam.pelvis.readers reads the line in one frame (tape, markers or waistband); this module picks one
method per recording (mixing them would mix baselines) and subtracts the person's neutral
baseline. Both rules (MethodChoice, TiltBaseline) serve the live loop and whole recordings alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from romcam.kinematics.filters import OneEuroFilter, bridge_gaps, zero_phase_lowpass
from romcam.pelvis.readers import MARKER_METHODS, METHODS, read_pelvis

MIN_CONFIDENCE = 0.5
MARKERS_FOUND_SHARE = 0.6  # tape or dots are used when found in this share of the deciding frames
DECIDE_FRAMES = 15  # with "auto", the first readings with a person decide (half a second at 30 fps)


def _check(method: str) -> None:
    if method not in METHODS:
        raise ValueError(f"pelvis method must be one of {METHODS}, got {method!r}")


class MethodChoice:
    """update({method: confidence}) -> the method once decided, else None. With "auto": the tape,
    else the dots, when found in MARKERS_FOUND_SHARE of the first DECIDE_FRAMES readings with a
    person, otherwise the waistband; a chosen method is kept for the whole recording."""

    def __init__(self, method: str) -> None:
        _check(method)
        self.method: str | None = None if method == "auto" else method
        self._votes: dict[str, list[float]] = {m: [] for m in MARKER_METHODS}

    def update(self, confidences: dict[str, float]) -> str | None:
        if self.method is None:
            for m in MARKER_METHODS:
                self._votes[m].append(confidences.get(m, 0.0))
            if len(self._votes[MARKER_METHODS[0]]) >= DECIDE_FRAMES:
                self.decide()
        return self.method

    def decide(self) -> str:
        """Decide now on the votes so far (a recording shorter than the deciding frames)."""
        if self.method is None:
            self.method = "waistband"
            for m in MARKER_METHODS:
                found = np.asarray(self._votes[m], dtype=float) >= MIN_CONFIDENCE
                if len(found) and found.mean() >= MARKERS_FOUND_SHARE:
                    self.method = m
                    break
        return self.method


class TiltBaseline:
    """update(t_s, angle) -> the neutral angle: the median of the first baseline_s of confident
    readings (None until then)."""

    def __init__(self, baseline_s: float = 1.0) -> None:
        self.baseline_s = baseline_s
        self.value: float | None = None
        self._start: float | None = None
        self._angles: list[float] = []

    def update(self, t_s: float, angle: float) -> float | None:
        if self.value is None and np.isfinite(angle):
            self._start = t_s if self._start is None else self._start
            if t_s - self._start <= self.baseline_s:
                self._angles.append(angle)
            else:
                self.value = float(np.median(self._angles))
        return self.value

    def final(self) -> float | None:
        """The baseline at the end of a recording shorter than baseline_s of readings."""
        return self.value if self.value is not None or not self._angles else float(np.median(self._angles))


@dataclass
class PelvisCollector:
    """add(image, xy, mask, facing) per frame; series(facing) at the end. Until the method is
    chosen both are read (the deciding frames need the chosen method's readings too)."""

    method: str = "auto"
    _readings: dict[str, list[tuple[float, float]]] = field(
        default_factory=lambda: {m: [] for m in METHODS if m != "auto"})
    _facing: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._choice = MethodChoice(self.method)

    def add(self, image: np.ndarray, xy: np.ndarray | None, mask: np.ndarray | None, facing: int) -> None:
        self._facing.append(facing)
        chosen = self._choice.method
        votes = {}
        for method, readings in self._readings.items():
            if xy is None or chosen not in (None, method):
                readings.append((np.nan, 0.0))
                continue
            reading = read_pelvis(image, xy, mask, facing, method=method)
            readings.append((reading.angle_deg, reading.confidence))
            votes[method] = reading.confidence
        if chosen is None and xy is not None:
            self._choice.update(votes)

    def chosen_method(self) -> str:
        return self._choice.decide()

    def series(self, facing: int | np.ndarray, t_s: np.ndarray, fps: float, baseline_s: float = 1.0,
               max_gap_s: float = 0.25, cutoff_hz: float = 4.0) -> tuple[np.ndarray, np.ndarray, str]:
        """(pelvic_tilt_deg relative to the neutral start, confidence, method used).

        facing: +1/-1 for the whole recording or per frame. A person who turned round shows the
        camera their other side (another strip of tape, or no dots at all): each stretch facing
        one way is measured from its own neutral start.
        """
        method = self.chosen_method()
        readings = np.array(self._readings[method], dtype=float).reshape(-1, 2)
        angle, conf = readings[:, 0].copy(), readings[:, 1].copy()
        facing = np.broadcast_to(np.asarray(facing), angle.shape)
        # Frames read while the live facing estimate was the other way: turn them round (an
        # angle is signed by the facing; markers read that way were already rejected).
        flipped = np.asarray(self._facing) != facing
        angle[flipped] = -angle[flipped]
        angle[conf < MIN_CONFIDENCE] = np.nan
        conf[~np.isfinite(angle)] = 0.0
        relative = np.full(len(angle), np.nan)
        starts = np.flatnonzero(np.diff(np.concatenate([[0], facing])) != 0)
        for start, end in zip(starts, [*starts[1:], len(angle)]):
            baseline = TiltBaseline(baseline_s)
            for t, a in zip(t_s[start:end], angle[start:end]):
                if baseline.update(float(t), float(a)) is not None:
                    break
            base = baseline.final()
            if base is not None:
                relative[start:end] = angle[start:end] - base
        if not np.isfinite(relative).any():
            return relative, np.zeros(len(angle)), method
        conf[~np.isfinite(relative)] = 0.0
        filled, _ = bridge_gaps(relative, int(round(max_gap_s * fps)))
        return zero_phase_lowpass(filled, fps, cutoff_hz), conf, method


class LivePelvis:
    """Live pelvic tilt: update(image, xy, mask, facing, t_s) -> (tilt_deg, confidence), by the
    same method choice and baseline as whole recordings; smoothed (one-euro) for display."""

    def __init__(self, method: str = "auto", baseline_s: float = 1.0) -> None:
        self._choice = MethodChoice(method)
        self._baseline = TiltBaseline(baseline_s)
        self._smoother = OneEuroFilter(min_cutoff_hz=1.0, beta=0.05)

    @property
    def method(self) -> str | None:
        return self._choice.method

    @property
    def baseline(self) -> float | None:
        return self._baseline.value

    def update(self, image, xy, mask, facing: int, t_s: float) -> tuple[float, float]:
        tilt, conf = self._relative(image, xy, mask, facing, t_s)
        return float(self._smoother.update(np.array([tilt]), t_s)[0]), conf

    def _relative(self, image, xy, mask, facing: int, t_s: float) -> tuple[float, float]:
        """The unsmoothed tilt from the baseline (NaN until there is one) and its confidence."""
        if self._choice.method is None:
            self._choice.update({m: read_pelvis(image, xy, mask, facing, method=m).confidence
                                 for m in MARKER_METHODS})
            return np.nan, 0.0
        reading = read_pelvis(image, xy, mask, facing, method=self._choice.method)
        if reading.confidence < MIN_CONFIDENCE or not np.isfinite(reading.angle_deg):
            return np.nan, 0.0
        base = self._baseline.update(t_s, reading.angle_deg)
        return (np.nan, 0.0) if base is None else (reading.angle_deg - base, reading.confidence)
