"""The standing hip extension test from saved videos, through the real model and the CLI."""

import json

import pytest
from typer.testing import CliRunner

from romcam.cli.main import app

pytestmark = pytest.mark.model  # runs the real pose model

runner = CliRunner()


def run(samples, tmp_path, clip):
    out = tmp_path / clip
    res = runner.invoke(app, ["analyze", str(samples / "truth" / f"{clip}.mp4"), "--test",
                              "hip-extension", "--out", str(out), "--no-video"])
    assert res.exit_code == 0, res.output
    return json.loads((out / "result.json").read_text()), res.output


@pytest.mark.parametrize("clip, side, peak, verdict", [
    ("hipext_right_facing_right", "right", 20.0, "above-norm"),
    ("hipext_left_facing_left", "left", 15.0, "normal"),  # truth at the threshold: within 1.5
])
def test_clean_trial_found_and_measured(samples, tmp_path, clip, side, peak, verdict):
    result, output = run(samples, tmp_path, clip)
    assert result["test"] == "hip-extension"
    (trial,) = result["trials"]
    assert trial["side"] == side
    assert trial["peak_thigh_vs_vertical_deg"] == pytest.approx(peak, abs=1.5)
    assert abs(trial["trunk_lean_change_deg"]) < 2 and trial["flags"] == []
    assert 0.9 < trial["start_s"] < trial["peak_s"] < trial["end_s"] < 3.5
    if clip.endswith("right"):
        assert trial["verdict"] == verdict
    assert result["summary"][side]["verdict"] == trial["verdict"]
    assert trial["verdict"] in output


def test_leaning_forward_is_compensation(samples, tmp_path):
    result, _ = run(samples, tmp_path, "lean_trunk_facing_right")
    (trial,) = result["trials"]
    assert trial["verdict"] == "compensated" and "trunk-lean" in trial["flags"]
    assert trial["trunk_lean_change_deg"] > 8  # truth 15
    assert "trunk-lean" in result["meanings"]


def test_no_trial_in_a_video_without_one(samples, tmp_path):
    """A standing person analysed for the Thomas test: no hold, and the wrong posture said."""
    out = tmp_path / "none"
    res = runner.invoke(app, ["analyze", str(samples / "real" / "pose2sim_cam01.mp4"), "--test",
                              "thomas", "--out", str(out), "--no-video"])
    assert res.exit_code == 2 and "is standing in most frames" in res.output
    result = json.loads((out / "result.json").read_text())  # the outputs are kept
    assert result["trials"] == [] and "no Thomas test hold found" in result["warnings"][0]


def test_annotated_video_ends_on_the_verdict(samples, tmp_path):
    from romcam.pipeline.analyze import END_CARD_S
    from tests.videos import read_frames

    out = tmp_path / "annotated"
    res = runner.invoke(app, ["analyze", str(samples / "truth" / "hipext_right_facing_right.mp4"),
                              "--test", "hip-extension", "--out", str(out)])
    assert res.exit_code == 0, res.output
    result = json.loads((out / "result.json").read_text())
    drawn = read_frames(out / "annotated.mp4")
    card = round(END_CARD_S * result["fps"])
    assert len(drawn) == result["frames"] + card
    # the card repeats one image whose bottom banner (verdict, trials) the last analysed frame lacks
    last, held = drawn[result["frames"] - 1], drawn[-card:]
    assert all(abs(f.astype(int) - held[0]).mean() < 2 for f in held[::10])
    h = last.shape[0]
    assert abs(held[0][h * 3 // 4:].astype(int) - last[h * 3 // 4:]).mean() > 10
