import numpy as np
import pytest

from romcam.kinematics.filters import OneEuroFilter, bridge_gaps, zero_phase_lowpass


def noisy_sine(n=300, fs=30.0, seed=0):
    t = np.arange(n) / fs
    clean = 20 * np.sin(2 * np.pi * 0.5 * t)
    return t, clean, clean + np.random.default_rng(seed).normal(0, 1.5, n)


def test_zero_phase_lowpass_removes_noise_without_lag():
    t, clean, noisy = noisy_sine()
    smooth = zero_phase_lowpass(noisy, 30.0, cutoff_hz=3.0)
    assert np.abs(smooth - clean)[20:-20].mean() < 0.5 * np.abs(noisy - clean)[20:-20].mean()
    # No lag: filtering the clean motion leaves its peak where it was, at nearly full height.
    passed = zero_phase_lowpass(clean, 30.0, cutoff_hz=3.0)
    assert np.argmax(passed[:60]) == np.argmax(clean[:60])
    assert passed[:60].max() == pytest.approx(clean[:60].max(), rel=0.01)


def test_zero_phase_lowpass_keeps_nan_gaps_and_short_runs():
    x = np.linspace(0, 10, 60)
    x[30] = np.nan
    x[40:50] = np.nan
    y = zero_phase_lowpass(x, 30.0)
    assert np.isnan(y[30]) and np.isnan(y[40:50]).all()
    assert np.isfinite(y[:30]).all()
    assert np.array_equal(y[31:40], x[31:40])  # 9 samples: too short to filter, left as is


def test_zero_phase_lowpass_slow_camera_does_not_raise():
    # 6 Hz cutoff at 10 fps is at Nyquist: scipy would raise; romcam lowers the cutoff.
    _, _, noisy = noisy_sine(fs=10.0)
    assert np.isfinite(zero_phase_lowpass(noisy, 10.0, cutoff_hz=6.0)).all()


def test_zero_phase_lowpass_rejects_odd_order():
    with pytest.raises(ValueError, match="order"):
        zero_phase_lowpass(np.zeros(30), 30.0, order=3)


def run_one_euro(values, fs=30.0, **kwargs):
    f = OneEuroFilter(**kwargs)
    return np.array([f.update(np.array([x]), i / fs)[0] for i, x in enumerate(values)])


def test_one_euro_removes_jitter_when_still():
    noisy = 5 + np.random.default_rng(1).normal(0, 1.0, 300)
    out = run_one_euro(noisy, min_cutoff_hz=1.0, beta=0.05)
    assert out[30:].std() < 0.4 * noisy[30:].std()


def test_one_euro_follows_fast_motion_with_little_lag():
    ramp = np.concatenate([np.zeros(30), np.linspace(0, 60, 30), np.full(30, 60.0)])  # 60 deg/s
    out = run_one_euro(ramp, min_cutoff_hz=1.0, beta=0.05)
    assert np.abs(out - ramp)[30:60].max() < 8  # lags by under ~4 frames while moving
    assert out[-1] == pytest.approx(60, abs=0.5)  # settles


def test_one_euro_restarts_elements_that_were_unknown():
    f = OneEuroFilter()
    f.update(np.array([1.0, np.nan]), 0.0)
    out = f.update(np.array([2.0, 5.0]), 0.033)
    assert out[1] == 5.0  # no memory of NaN
    assert 1.0 < out[0] < 2.0


def test_one_euro_validates_arguments():
    with pytest.raises(ValueError, match="beta"):
        OneEuroFilter(beta=-1)


def test_bridge_gaps_fills_short_interior_gaps_only():
    x = np.array([0, 1, np.nan, 3, np.nan, np.nan, np.nan, 7, np.nan], dtype=float)
    filled, bridged = bridge_gaps(x, max_gap=2)
    assert filled[2] == pytest.approx(2.0)
    assert np.isnan(filled[4:7]).all()  # 3 long: left empty
    assert np.isnan(filled[8])  # trailing: nothing to interpolate to
    assert bridged.tolist() == [False, False, True] + [False] * 6
