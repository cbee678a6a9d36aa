"""Smoothing: a one-euro filter for live use, zero-phase low-pass for whole recordings.

MediaPipe Tasks does no landmark smoothing. Live, the one-euro filter (Casiez et al. 2012) trades
jitter against lag by speed. Offline, a Butterworth filter run forwards and backwards (scipy's
filtfilt) has no lag at all. Gaps: short ones are bridged by linear interpolation (and reported),
long ones stay NaN, because filtfilt turns a single NaN into an all-NaN output.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.signal import butter, filtfilt

MIN_FILTER_SAMPLES = 16  # a 4th-order filtfilt needs more than 15 samples


class OneEuroFilter:
    """update(x, t_s) -> smoothed x, elementwise over an array; NaN inputs reset that element."""

    def __init__(self, min_cutoff_hz: float = 1.0, beta: float = 0.05, d_cutoff_hz: float = 1.0):
        if min_cutoff_hz <= 0 or d_cutoff_hz <= 0:
            raise ValueError("one-euro cutoffs must be > 0 Hz")
        if beta < 0:
            raise ValueError(f"beta must be >= 0, got {beta}")
        self.min_cutoff, self.beta, self.d_cutoff = min_cutoff_hz, beta, d_cutoff_hz
        self.reset()

    def reset(self) -> None:
        self._x: np.ndarray | None = None
        self._dx: np.ndarray | None = None
        self._t: float | None = None

    @staticmethod
    def _alpha(cutoff, dt: float):
        tau = 1.0 / (2 * math.pi * cutoff)
        return 1.0 / (1.0 + tau / dt)

    def update(self, x: np.ndarray, t_s: float) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        if self._x is None or self._t is None or t_s <= self._t:
            self._x, self._dx, self._t = x.copy(), np.zeros_like(x), t_s
            return x.copy()
        dt = t_s - self._t
        self._t = t_s
        dx = (x - self._x) / dt
        a_d = self._alpha(self.d_cutoff, dt)
        dx_hat = a_d * dx + (1 - a_d) * self._dx
        cutoff = self.min_cutoff + self.beta * np.abs(dx_hat)
        a = self._alpha(cutoff, dt)
        x_hat = a * x + (1 - a) * self._x
        # Elements that were unknown restart from the new measurement; unknown stays unknown.
        restart = ~np.isfinite(self._x)
        x_hat = np.where(restart, x, x_hat)
        dx_hat = np.where(restart | ~np.isfinite(x), 0.0, dx_hat)
        self._x, self._dx = x_hat, dx_hat
        return x_hat.copy()


def bridge_gaps(values: np.ndarray, max_gap: int) -> tuple[np.ndarray, np.ndarray]:
    """Linearly fill NaN runs of at most max_gap samples that have data on both sides.

    Works along axis 0 for each column. Returns (filled, bridged_mask over axis 0).
    """
    values = np.array(values, dtype=float)
    flat = values.reshape(len(values), -1)
    bridged = np.zeros(len(values), dtype=bool)
    idx = np.arange(len(values))
    for col in range(flat.shape[1]):
        y = flat[:, col]
        ok = np.isfinite(y)
        if ok.sum() < 2:
            continue
        for start, stop in _nan_runs(ok):
            if start > 0 and stop < len(y) and stop - start <= max_gap:
                y[start:stop] = np.interp(idx[start:stop], idx[ok], y[ok])
                bridged[start:stop] = True
    return flat.reshape(values.shape), bridged


def zero_phase_lowpass(values: np.ndarray, fs_hz: float, cutoff_hz: float = 6.0,
                       order: int = 4) -> np.ndarray:
    """Butterworth low-pass, forwards and backwards, along axis 0, on each finite run.

    order is the effective order after the two passes (4 = a 2nd-order filter run twice).

    Runs shorter than MIN_FILTER_SAMPLES are left as they are; the cutoff is kept below 0.8 of
    Nyquist so a slow camera still gets filtered instead of raising.
    """
    values = np.array(values, dtype=float)
    if fs_hz <= 0:
        raise ValueError(f"sampling rate must be > 0 Hz, got {fs_hz}")
    cutoff = min(cutoff_hz, 0.8 * fs_hz / 2)
    if order < 2 or order % 2:
        raise ValueError(f"order must be even and >= 2 (filtfilt doubles it), got {order}")
    b, a = butter(order // 2, cutoff / (fs_hz / 2))
    flat = values.reshape(len(values), -1)
    for col in range(flat.shape[1]):
        y = flat[:, col]
        ok = np.isfinite(y)
        for start, stop in _nan_runs(~ok):  # runs of finite data
            if stop - start >= MIN_FILTER_SAMPLES:
                y[start:stop] = filtfilt(b, a, y[start:stop])
    return flat.reshape(values.shape)


def _nan_runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """[start, stop) of the runs where mask is False."""
    edges = np.diff(np.concatenate(([1], np.asarray(mask, dtype=np.int8), [1])))
    return list(zip(np.flatnonzero(edges == -1).tolist(), np.flatnonzero(edges == 1).tolist()))
