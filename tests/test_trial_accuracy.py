"""Per-trial accuracy of both tests on the rendered clips with known trials (real model).

Targets from the brief: each test fails when its figure gets worse than the target.
"""

import pytest

from tests.test_accuracy import ROOT, accuracy, accuracy_out  # noqa: F401 (a fixture)

TRUTH = ROOT / "samples" / "truth"
pytestmark = [pytest.mark.model, pytest.mark.skipif(not accuracy.truth_trials(TRUTH), reason="no clips with trial truth")]


@pytest.fixture(scope="module")
def figures(accuracy_out):
    comparisons, tilts = accuracy.compare_trials(TRUTH, accuracy_out)
    # the first clips, judged by the targets they were tuned to (8 deg flags, 2 deg verdict margin)
    return accuracy.trial_figures(comparisons, flag_min=8.0, margin=2.0), tilts


def test_hip_extension_trials_found_and_measured(figures):
    f, _ = figures
    assert f["hip_trials"] >= 20
    assert f["hip_found"] == f["hip_trials"]
    assert f["peak_mae"] <= accuracy.TARGET_PEAK_MAE_DEG
    assert f["tilt_mae"] <= accuracy.TARGET_TILT_MAE_DEG


def test_compensation_flags_and_verdicts(figures):
    f, _ = figures
    assert f["flagged_share"] == 1.0  # every lean or arch of 8 deg or more
    assert f["clean_unflagged_share"] == 1.0
    assert f["verdicts_right"] == 1.0  # where the truth is over 2 deg from a threshold


def test_pelvic_tilt_per_frame(figures):
    _, tilts = figures
    tilted = [t for t in tilts if t.truth_range >= 5]
    assert tilted and all(t.mae <= accuracy.TARGET_TILT_MAE_DEG for t in tilted)
    assert all(t.coverage >= 0.9 for t in tilts)


def test_thomas_test(figures):
    f, _ = figures
    assert f["thomas_trials"] >= 10 and f["thomas_found"] == f["thomas_trials"]
    assert f["thomas_thigh_mae"] <= accuracy.TARGET_THOMAS_DEG
    assert f["thomas_knee_mae"] <= accuracy.TARGET_THOMAS_DEG
    assert f["thomas_verdicts_right"] == 1.0  # where the truth is over 2 deg from a threshold
