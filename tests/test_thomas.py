"""Thomas test logic on synthetic angle series."""

import numpy as np
import pytest

from romcam.activities.thomas import ThomasConfig, analyse, find_trials, judge

FPS = 30.0


def lying(hanging="right", thigh=-5.0, knee=85.0, seconds=3.0, noise=0.4, seed=0, settle_s=0.5, hug=125.0):
    t = np.arange(0, seconds, 1 / FPS)
    rng = np.random.default_rng(seed)
    hugged = "left" if hanging == "right" else "right"
    a = {
        f"{hanging}_thigh_vs_horizontal_deg": thigh + rng.normal(0, noise, len(t)),
        f"{hanging}_knee_flexion_deg": knee + rng.normal(0, noise, len(t)),
        f"{hugged}_thigh_vs_horizontal_deg": 70 + rng.normal(0, noise, len(t)),
        f"{hugged}_knee_flexion_deg": 120 + rng.normal(0, noise, len(t)),
        f"{hugged}_hip_extension_deg": -hug + rng.normal(0, noise, len(t)),  # knee to the chest
        f"{hanging}_hip_extension_deg": np.zeros(len(t)),
    }
    # Settling into position: the hanging leg swings down during the first moments.
    settle = t < settle_s
    a[f"{hanging}_thigh_vs_horizontal_deg"][settle] += 25 * (1 - t[settle] / settle_s)
    return t, a


@pytest.mark.parametrize("thigh, knee, verdict", [
    (-5, 85, "normal"), (6, 85, "tight-iliopsoas"), (-6, 70, "tight-rectus-femoris"),
    (9, 62, "tight-both"),
])
def test_verdicts_from_steady_hold(thigh, knee, verdict):
    t, a = lying(thigh=thigh, knee=knee)
    (trial,) = find_trials(t, a)
    assert trial.side == "right" and trial.verdict == verdict
    assert trial.thigh_vs_horizontal_deg == pytest.approx(thigh, abs=0.5)
    assert trial.knee_flexion_deg == pytest.approx(knee, abs=0.5)
    assert trial.start_s >= 0.4  # the settling swing is not part of the hold


def test_both_sides_in_one_recording():
    t1, a1 = lying("right", thigh=-4, knee=88)
    t2, a2 = lying("left", thigh=7, knee=84, seed=1)
    t = np.concatenate([t1, t2 + t1[-1] + 1 / FPS])
    a = {k: np.concatenate([a1[k], a2[k]]) for k in a1}
    trials = find_trials(t, a)
    assert [(tr.side, tr.verdict) for tr in trials] == [("right", "normal"), ("left", "tight-iliopsoas")]


def test_no_steady_hold_means_no_trial():
    t, a = lying(seconds=0.9)
    assert find_trials(t, a) == []


def test_standing_is_not_a_thomas_posture():
    t = np.arange(0, 3, 1 / FPS)
    a = {f"{s}_thigh_vs_horizontal_deg": np.full(len(t), -90.0) for s in ("left", "right")}
    a |= {f"{s}_knee_flexion_deg": np.full(len(t), 2.0) for s in ("left", "right")}
    a |= {f"{s}_hip_extension_deg": np.zeros(len(t)) for s in ("left", "right")}
    assert find_trials(t, a) == []


def test_a_loose_hug_is_not_measured_and_the_person_is_told():
    t, a = lying(thigh=6.0, hug=60.0)  # the pelvis tips, the hanging thigh rises: a false "tight"
    assert find_trials(t, a) == []
    result = analyse(t, a, ThomasConfig(), "right")
    assert result.trials == [] and any("pull the knee closer" in w for w in result.warnings)


def test_threshold_edges():
    assert judge(0.0, 80.0) == "normal"
    assert judge(0.1, 80.0) == "tight-iliopsoas"
    assert judge(0.0, 79.9) == "tight-rectus-femoris"
    with pytest.raises(ValueError, match="knee_min_deg"):
        ThomasConfig(knee_min_deg=0)
