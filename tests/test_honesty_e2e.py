"""What romcam cannot see, said in the result: real videos through the real model and the CLI.

A person who turns round between legs (the README's protocol), a leg moving on the far side, and
a video cropped below the shoulders. Each must give what the truth says, or say why it cannot.
"""

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from romcam.cli.main import NO_VERDICT_EXIT, app
from tests.videos import read_frames, write_video

pytestmark = pytest.mark.model  # runs the real pose model

runner = CliRunner()


def analyse(video, out, *extra):
    res = runner.invoke(app, ["analyze", str(video), "--test", "hip-extension", "--out", str(out), "--no-video",
                              *extra])
    return res, json.loads((out / "result.json").read_text())


def test_turning_round_between_legs_loses_no_trial_and_warns_of_nothing(samples, tmp_path):
    clip = samples / "truth" / "hx_man_turn_round"
    truth = json.loads(clip.with_suffix(".truth.json").read_text())["trials"]
    res, result = analyse(clip.with_suffix(".mp4"), tmp_path / "out")
    assert res.exit_code == 0, res.output
    assert [t["side"] for t in result["trials"]] == [t["side"] for t in truth]
    for got, want in zip(result["trials"], truth):
        assert got["peak_thigh_vs_vertical_deg"] == pytest.approx(want["peak_thigh_vs_vertical_deg"], abs=2.5)
        assert got["flags"] == [] and got["verdict"] == "normal"
    assert result["warnings"] == []


def test_the_far_leg_is_flagged_with_the_advice_to_turn_round(samples, tmp_path):
    res, result = analyse(samples / "truth" / "hx_man_far_leg.mp4", tmp_path / "out")
    assert res.exit_code == 0, res.output
    (trial,) = result["trials"]
    assert trial["side"] == "left" and "far-leg" in trial["flags"]
    assert "far-leg" in result["meanings"]
    assert any("turn round" in w for w in result["warnings"])


def test_a_video_cropped_below_the_shoulders_gives_no_verdict(samples, tmp_path):
    # the shoulders are at y 128 and above in this clip: cut off at 160 with the head
    frames = read_frames(samples / "truth" / "hx_man_right_normal_markers.mp4")
    crop = write_video(tmp_path / "legs_only.avi", [np.ascontiguousarray(f[160:]) for f in frames], fourcc="MJPG")
    res, result = analyse(crop, tmp_path / "out")
    assert res.exit_code == NO_VERDICT_EXIT, res.output
    assert result["trials"] and all(t["verdict"] == "unknown" and "trunk-unseen" in t["flags"]
                                    for t in result["trials"])
    assert "romcam: no verdict" in res.output and "trunk" in res.output


def test_markers_asked_for_but_absent_say_the_low_back_was_not_checked(samples, tmp_path):
    res, result = analyse(samples / "truth" / "hipext_right_facing_right.mp4", tmp_path / "out",
                          "--pelvis", "markers")
    assert res.exit_code == 0, res.output
    (trial,) = result["trials"]
    assert "pelvis-unseen" in trial["flags"] and trial["pelvic_tilt_change_deg"] is None
    assert "low back not checked" in res.output


def test_a_thomas_hold_with_the_knee_not_pulled_to_the_chest_is_not_measured(samples, tmp_path):
    clip = samples / "truth" / "thomas_man_left_loose_hug"
    loose = json.loads(clip.with_suffix(".truth.json").read_text())["loose_hug"][0]
    # Only the loose hug: its hanging thigh rises (+5 deg), which would read "tight-iliopsoas".
    video = write_video(tmp_path / "loose.avi", read_frames(clip.with_suffix(".mp4"), stop=int(loose["end_s"] * 30)),
                        fourcc="MJPG")
    res = runner.invoke(app, ["analyze", str(video), "--test", "thomas", "--out", str(tmp_path / "a"), "--no-video"])
    result = json.loads((tmp_path / "a" / "result.json").read_text())
    assert result["trials"] == [], result["trials"]
    assert any("pull the knee closer" in w for w in result["warnings"]), res.output
    # The whole clip: the proper hug that follows is measured, the loose one never is.
    res = runner.invoke(app, ["analyze", str(clip.with_suffix(".mp4")), "--test", "thomas", "--out",
                              str(tmp_path / "b"), "--no-video"])
    result = json.loads((tmp_path / "b" / "result.json").read_text())
    (trial,) = result["trials"]
    assert trial["start_s"] >= loose["end_s"] and trial["verdict"] == "normal"


def test_dots_on_one_side_then_turning_round_check_the_first_leg_and_say_the_second_was_not(samples, tmp_path):
    clip = samples / "truth" / "hx_man_turn_round_markers_right"
    truth = json.loads(clip.with_suffix(".truth.json").read_text())["trials"]
    res, result = analyse(clip.with_suffix(".mp4"), tmp_path / "out", "--pelvis", "markers")
    assert res.exit_code == 0, res.output
    assert [t["side"] for t in result["trials"]] == [t["side"] for t in truth]
    for got, want in zip(result["trials"], truth):
        if want["markers_near"]:  # the dots face the camera: the arch is caught
            assert got["pelvic_tilt_change_deg"] == pytest.approx(want["pelvic_tilt_change_deg"], abs=3)
            assert got["verdict"] == want["expected_verdict"]
        else:  # turned round, the dots are on the far side: said, never guessed
            assert got["pelvic_tilt_change_deg"] is None and "pelvis-unseen" in got["flags"]
    assert any("low back not checked in 2 of 4 trials" in w for w in result["warnings"])
