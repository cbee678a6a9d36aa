"""Accuracy against rendered clips with known angles, through the real model.

The figures come from tools/accuracy.py (which prints the same table); these tests fail when one
of them gets worse than its target.
"""

import importlib.util
import math
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.model  # runs the real pose model

spec = importlib.util.spec_from_file_location("accuracy", ROOT / "tools" / "accuracy.py")
accuracy = importlib.util.module_from_spec(spec)
sys.modules["accuracy"] = accuracy  # dataclasses look their module up while being defined
spec.loader.exec_module(accuracy)


@pytest.fixture(scope="session")
def accuracy_out(tmp_path_factory):
    """One output folder for both accuracy modules: each clip is analysed once."""
    return tmp_path_factory.mktemp("accuracy")


@pytest.fixture(scope="module")
def measured(accuracy_out):
    return accuracy.report(ROOT / "samples" / "truth", accuracy_out)


def test_every_truth_clip_is_measured(measured):
    errors, mirror, rotation = measured
    assert len(errors) >= 5 and mirror and rotation
    assert all(e.detected == e.frames for e in errors)


def test_trunk_and_near_thigh_within_2_deg_deep_knee_within_its_guard(measured):
    for e in measured[0]:
        assert e.trunk_mae <= e.trunk_bound, e
        assert e.near_thigh_mae <= e.thigh_bound, e
    assert sum(not e.deep_knee for e in measured[0]) >= 30  # the target covers the test clips


def test_camera_roll_moves_segments_by_the_roll_and_joints_under_1_deg(measured):
    for r in measured[2].values():
        for shift in r["segment_shift"].values():
            assert shift == pytest.approx(-r["roll_deg"], abs=0.5)
        for change in r["joint_change"].values():
            assert change < accuracy.TARGET_ROTATION_JOINT_DEG


@pytest.fixture(scope="module")
def measured_symmetric(tmp_path_factory):
    # The mirrored and rotated clips and their source: what the mirror target is about.
    return accuracy.report(ROOT / "samples" / "truth", tmp_path_factory.mktemp("symmetric"),
                           symmetric=True, pattern="hipext_right_facing_right*")


def test_mirrored_clip_matches_its_source_in_symmetric_mode(measured_symmetric):
    for diffs in measured_symmetric[1].values():
        for value in diffs["per_frame"].values():
            assert value <= accuracy.TARGET_MIRROR_DEG
    for e in measured_symmetric[0]:
        assert e.trunk_mae <= accuracy.TARGET_MAE_DEG and e.near_thigh_mae <= accuracy.TARGET_MAE_DEG


def test_mirrored_clip_default_mode_regression_guard(measured):
    # Sign handling is exact (see test_kinematics); what remains by default is the network's own
    # asymmetry between a picture and its mirror image, measured at 0.6-1.31 deg (the knee the
    # largest: its thigh starts at the hip joint centre estimate, which adds the two pictures'
    # different trunk lines and thigh lengths to the landmarks' own difference).
    for diffs in measured[1].values():
        for value in diffs["per_frame"].values():
            assert value <= 1.4
        assert not any(math.isnan(v) for v in diffs["per_frame"].values())
