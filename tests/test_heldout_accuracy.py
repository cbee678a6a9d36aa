"""Accuracy on the held-out half of the rendered truth set (samples/truthset, split "heldout"),
through the installed package and the real model. Nothing in romcam was fitted on these clips.

Where romcam meets the targets of docs/measurements.md, the test holds it to the target; where it
does not yet, the test is a regression guard at the measured figure (marked "not met"), so a
change that makes romcam worse fails, and the gap stays written down.
"""

import json
from importlib.resources import files

import pytest

from tests.test_accuracy import ROOT, accuracy

TRUTHSET = ROOT / "samples" / "truthset"
pytestmark = [pytest.mark.model,
              pytest.mark.skipif(not accuracy.truth_trials(TRUTHSET, "heldout"), reason="no held-out clips")]


@pytest.fixture(scope="module")
def heldout(tmp_path_factory):
    out = tmp_path_factory.mktemp("heldout")
    comparisons, _ = accuracy.compare_trials(TRUTHSET, out, "heldout")
    return comparisons, accuracy.tape_findings(TRUTHSET, out, "heldout")


def test_the_split_is_the_fixed_one():
    manifest = json.loads((TRUTHSET / "MANIFEST.json").read_text())
    assert manifest["seed"] == 20261204
    halves = {c["name"]: c["split"] for c in manifest["clips"]}
    assert sum(v == "heldout" for v in halves.values()) >= 55 and sum(v == "tuning" for v in halves.values()) >= 55
    for path in TRUTHSET.glob("*.truth.json"):  # each clip says the same as the manifest
        assert json.loads(path.read_text())["split"] == halves[path.name.removesuffix(".truth.json")]


def test_standing_test_on_unseen_bodies_and_cameras(heldout):
    f = accuracy.trial_figures(heldout[0])
    assert f["hip_trials"] >= 45 and f["hip_found"] >= f["hip_trials"] - 3
    assert f["peak_mae"] <= 1.5  # target (measured 1.35)
    assert f["peak_max"] <= 4.8  # not met: target 3.0 (measured 4.22)
    assert f["lean_mae"] <= 1.0 and f["lean_max"] <= 4.5  # worst not met: target 2.0 (measured 3.60)
    assert f["flagged_share"] == 1.0  # every compensation of 6 deg or more flagged or said unseen
    assert f["clean_unflagged_share"] == 1.0  # no false trunk-lean or lumbar-arch
    assert f["verdicts_right"] >= 0.88  # not met: target 100% (measured 91% of 43)


def test_pelvis_tape_found_and_measured(heldout):
    comparisons, tape = heldout
    with_view = [t for t in tape if t.in_view]
    assert len(with_view) >= 12
    assert sum(t.found for t in with_view) / len(with_view) >= accuracy.TARGET_TAPE_FOUND
    taped = {t.clip for t in tape}
    errors = [abs(c.error("pelvic_tilt_change_deg")) for c in comparisons
              if c.clip in taped and c.measured and c.pelvis_method == "tape"]
    assert len(errors) >= 15
    assert sum(errors) / len(errors) <= accuracy.TARGET_TILT_MAE_DEG
    assert max(errors) <= accuracy.TARGET_TILT_MAX_DEG


def test_thomas_test_on_unseen_bodies(heldout):
    f = accuracy.trial_figures(heldout[0])
    # not met: 12 of 18 holds found (15 before the hugged-knee check: MediaPipe reads three proper
    # hugs as 42-76 deg of hip bend, below the 90 asked for, so romcam asks to pull the knee closer)
    assert f["thomas_found"] >= 12
    assert f["thomas_verdicts_right"] == 1.0
    assert f["thomas_thigh_mae"] <= 3.9  # not met: target 3.0 (measured 3.64)
    assert f["thomas_knee_mae"] <= 6.0  # not met: target 3.0 (measured 5.70)


def test_the_shipped_margins_are_the_held_out_errors(heldout):
    shipped = json.loads((files("romcam") / "data" / "margins.json").read_text())
    assert shipped["split"] == "heldout"
    now = accuracy.margins_from(heldout[0], "heldout")["quantities"]
    for quantity, groups in shipped["quantities"].items():
        for group, margin in groups.items():
            assert now[quantity][group] == pytest.approx(margin, abs=0.5), (quantity, group)
