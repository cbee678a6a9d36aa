"""Trial detection and verdicts of the standing hip extension test, on synthetic angle series."""

import numpy as np
import pytest

from romcam.activities.hip_extension import HipExtensionConfig, find_trials, judge, summarise

FPS = 30.0


def series(events, duration=8.0, noise=0.3, seed=0):
    """Angle series with raised-cosine bumps: events = [(side, start_s, peak_deg, lean, tilt, knee)]."""
    t = np.arange(0, duration, 1 / FPS)
    rng = np.random.default_rng(seed)
    a = {name: rng.normal(0, noise, len(t)) for name in (
        "trunk_lean_deg", "left_thigh_vs_vertical_deg", "right_thigh_vs_vertical_deg",
        "left_knee_flexion_deg", "right_knee_flexion_deg", "pelvic_tilt_deg")}
    a["right_thigh_vs_vertical_deg"] += 2.0  # a neutral offset that the baseline removes
    for side, start, peak, lean, tilt, knee in events:
        bump = np.where((t >= start) & (t <= start + 2.0), 0.5 - 0.5 * np.cos(np.pi * (t - start)), 0)
        a[f"{side}_thigh_vs_vertical_deg"] += peak * bump
        a["trunk_lean_deg"] += lean * bump
        a["pelvic_tilt_deg"] += tilt * bump
        a[f"{side}_knee_flexion_deg"] += knee * bump
    for side in ("left", "right"):
        a[f"{side}_hip_extension_deg"] = a[f"{side}_thigh_vs_vertical_deg"] - a["trunk_lean_deg"]
    return t, a


def test_one_clean_trial_per_side():
    t, a = series([("right", 1.0, 12.0, 0, 0, 0), ("left", 4.5, 8.0, 0, 0, 0)])
    trials = find_trials(t, a)
    assert [tr.side for tr in trials] == ["right", "left"]
    right, left = trials
    assert right.peak_thigh_vs_vertical_deg == pytest.approx(12.0, abs=1.0)
    assert right.peak_s == pytest.approx(2.0, abs=0.1)
    assert right.start_s < right.peak_s < right.end_s
    assert right.verdict == "normal" and left.verdict == "limited"
    assert summarise(trials)["left"]["verdict"] == "limited"


def test_compensation_is_flagged():
    t, a = series([("right", 1.0, 14.0, 9.0, 0, 0), ("left", 4.5, 14.0, 0, 8.0, 0)])
    right, left = find_trials(t, a)
    assert right.verdict == "compensated" and right.flags == ["trunk-lean"]
    assert right.trunk_lean_change_deg == pytest.approx(9.0, abs=1.0)
    assert right.peak_hip_extension_deg == pytest.approx(5.0, abs=1.5)  # thigh minus lean
    assert left.verdict == "compensated" and left.flags == ["lumbar-arch"]


def test_bent_knee_is_flagged_but_does_not_change_the_verdict():
    t, a = series([("right", 1.0, 17.0, 0, 0, 35.0)])
    (trial,) = find_trials(t, a)
    assert trial.verdict == "above-norm" and trial.flags == ["knee-bent"]


def test_no_phantom_trials_from_noise_or_small_shifts():
    t, a = series([("right", 1.0, 3.5, 0, 0, 0)], noise=0.8)  # weight shift, not a trial
    assert find_trials(t, a) == []
    # A brief twitch that passes the threshold for under min_duration_s is not a trial either.
    a["right_thigh_vs_vertical_deg"][60:66] += 9.0
    assert find_trials(t, a) == []


def test_missing_frames_do_not_create_or_split_trials():
    t, a = series([("right", 1.0, 12.0, 0, 0, 0)])
    a["right_thigh_vs_vertical_deg"][45:50] = np.nan
    trials = find_trials(t, a)
    assert len(trials) == 1


def test_unknown_pelvic_tilt_does_not_flag():
    t, a = series([("right", 1.0, 12.0, 0, 0, 0)])
    a["pelvic_tilt_deg"][:] = np.nan
    (trial,) = find_trials(t, a)
    assert trial.pelvic_tilt_change_deg is None and trial.verdict == "normal"


@pytest.mark.parametrize("peak, lean, tilt, verdict", [
    (9.9, 0, 0, "limited"), (10.0, 0, 0, "normal"), (15.0, 4.9, 4.9, "normal"),
    (15.1, 0, 0, "above-norm"), (12, 5.1, 0, "compensated"), (12, 0, 5.1, "compensated"),
])
def test_verdict_thresholds(peak, lean, tilt, verdict):
    assert judge(peak, lean, tilt, 0.0, HipExtensionConfig())[0] == verdict


def test_config_is_checked():
    with pytest.raises(ValueError, match="norm_deg"):
        HipExtensionConfig(norm_deg=(15, 10))
