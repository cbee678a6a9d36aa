"""The programme's new exercises through the live loop and the real model, on held-out rendered
clips (tools/programme_accuracy.py prints the whole table; docs/measurements.md has it)."""

import importlib.util
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.model

spec = importlib.util.spec_from_file_location("programme_accuracy", ROOT / "tools" / "programme_accuracy.py")
programme_accuracy = importlib.util.module_from_spec(spec)
sys.modules["programme_accuracy"] = programme_accuracy
spec.loader.exec_module(programme_accuracy)

TRUTH = ROOT / "samples" / "truth_programme"
PAD_S = 2.5


def test_kneeling_stretch_stops_the_clock_when_the_tuck_is_lost(tmp_path):
    # The tape is worn: the tuck is checked, and the 2.5 s with the pelvis tipped forward do not count.
    check = programme_accuracy.check_kneeling(TRUTH, "hk_slim_right_tape", PAD_S, tmp_path)
    assert check.tuck_checked and "tuck-lost" in check.faults, check
    assert check.error_s <= programme_accuracy.TARGET_HOLD_ERROR_S, check
    assert check.tuck_right >= programme_accuracy.TARGET_TUCK_RIGHT * check.tuck_frames > 0, check


@pytest.mark.parametrize("clip", ["qs_slim_left_lost_tuck", "qs_man_left_arch"])
def test_standing_stretch_stops_the_clock_when_the_tuck_is_lost(clip, tmp_path):
    # The waistband of fitted shorts shows the pelvis: the tuck is checked, the 2 s without it do not count.
    check = programme_accuracy.check_kneeling(TRUTH, clip, PAD_S, tmp_path, "quad-stretch")
    assert check.tuck_checked and "tuck-lost" in check.faults, check
    assert check.error_s <= programme_accuracy.TARGET_HOLD_ERROR_S, check
    assert check.tuck_right >= programme_accuracy.TARGET_TUCK_RIGHT * check.tuck_frames > 0, check


def test_kneeling_stretch_without_a_visible_pelvis_says_the_tuck_was_not_checked(tmp_path):
    check = programme_accuracy.check_kneeling(TRUTH, "hk_slim_left_lost_tuck", PAD_S, tmp_path)
    assert not check.tuck_checked and check.tilt_seen == 0.0, check
    assert check.error_s <= programme_accuracy.TARGET_HOLD_ERROR_S, check  # against the truth without the tuck


@pytest.mark.parametrize("clip", ["gb_slim_low", "gb_slim_fidget", "gb_man_drop"])
def test_bridge_reps_are_exact_and_their_faults_named(clip, tmp_path):
    check = programme_accuracy.check_reps(TRUTH, clip, PAD_S, tmp_path, "glute-bridge")
    assert check.reps == check.expected, check  # no phantom rep from getting into place or a fidget
    assert check.faults == check.truth_faults, check


def test_analyze_a_saved_bridge_video_into_result_report_and_video(tmp_path):
    import json
    import subprocess

    from tests.videos import read_frames

    out = tmp_path / "out"
    res = subprocess.run([sys.executable, "-m", "romcam", "analyze", str(TRUTH / "gb_old_good.mp4"), "--test",
                          "glute-bridge", "--out", str(out)], capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-800:]
    result = json.loads((out / "result.json").read_text())
    assert [r["counted"] for r in result["reps"]] == [True, True, True]
    assert result["summary"][result["side"]] == {"counted": 3, "attempted": 3, "target": 45}
    assert "3 of 3 reps counted" in (out / "report.html").read_text()
    assert len(read_frames(out / "annotated.mp4")) > 600  # the clip and its closing card


def test_plank_clock_stops_while_the_hips_sag(tmp_path):
    check = programme_accuracy.check_plank(TRUTH, "pl_man_sag", PAD_S, tmp_path)
    assert "sag" in check.faults and check.error_s <= programme_accuracy.TARGET_HOLD_ERROR_S, check
    assert check.gate_right >= 0.9 * check.gate_frames > 0, check


def test_couch_stretch_stops_the_clock_while_the_trunk_leans(tmp_path):
    check = programme_accuracy.check_kneeling(TRUTH, "cs_man_right_lean", PAD_S, tmp_path, "couch-stretch")
    assert "trunk-lean" in check.faults and check.error_s <= programme_accuracy.TARGET_HOLD_ERROR_S, check


@pytest.mark.parametrize("clip, activity", [("bd_old_left_arch", "bird-dog"), ("db_man_arch_tape", "dead-bug")])
def test_new_exercises_count_reps_exactly_and_name_their_faults(clip, activity, tmp_path):
    check = programme_accuracy.check_reps(TRUTH, clip, PAD_S, tmp_path, activity)
    assert check.reps == check.expected, check
    assert check.faults == check.truth_faults, check


def test_clamshell_counts_reps_and_says_the_hip_roll_was_not_checked(tmp_path):
    # The pelvis rolls back 25 deg on every rep of this clip: romcam cannot see it, and says so.
    check = programme_accuracy.check_reps(TRUTH, "cl_man_roll_back", PAD_S, tmp_path, "clamshell")
    assert check.reps == check.expected and not any(check.faults), check
    assert check.not_checked == ["hip roll", "front view"], check


def test_bird_dog_reps_keep_their_sides(tmp_path):
    check = programme_accuracy.check_reps(TRUTH, "bd_man_right_good", PAD_S, tmp_path, "bird-dog")
    assert check.reps == check.expected and check.sides == check.truth_sides, check
    assert not any(check.faults), check


def test_pigeon_clock_stops_while_the_hips_are_high(tmp_path):
    # 6 s of good form, 3 s with the hips high, and a 1 s move into and out of it. The target
    # (within 1 s of the 6 s) is missed on this clip (1.7 s, docs/measurements.md): the clock runs
    # through half of each move. What must hold: it never runs while the hips are up.
    check = programme_accuracy.check_pigeon(TRUTH, "pp_old_left_hips_high", PAD_S, tmp_path)
    assert "hips-high" in check.faults and check.truth_held_s <= check.held_s <= check.truth_held_s + 2.0, check
