"""The CLI: one-line errors and exit codes, no tracebacks; the live loop fed from a file."""

import os
import subprocess
import sys

import numpy as np
import pytest
from typer.testing import CliRunner

from romcam.cli.main import app
from tests.videos import read_frames, write_video

runner = CliRunner()


def romcam(*args, cwd=None):
    """Run the real `romcam` entry point in a subprocess, as a user would."""
    return subprocess.run([sys.executable, "-m", "romcam", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, timeout=300)


def one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert "Traceback" not in stderr
    errors = [line for line in lines if line.startswith("romcam: error:")]
    assert len(errors) == 1, stderr
    return errors[0]


@pytest.mark.parametrize("name, content, message", [
    ("missing.mp4", None, "no such file"),
    ("empty.mp4", b"", "is empty"),
    ("text.mp4", b"this is not a video", "not a readable video"),
    ("notes.txt", b"hello", "not a video file"),
])
def test_bad_files_give_one_line_errors(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    res = romcam("analyze", path, "--out", tmp_path / "out")
    assert res.returncode == 2
    assert message in one_error_line(res.stderr)


def test_image_instead_of_video(tmp_path):
    import cv2

    cv2.imwrite(str(tmp_path / "photo.jpg"), np.zeros((50, 50, 3), np.uint8))
    res = romcam("analyze", tmp_path / "photo.jpg")
    assert res.returncode == 2 and "still image" in one_error_line(res.stderr)


def test_unwritable_output_folder(tmp_path, samples):
    blocker = tmp_path / "file"
    blocker.write_text("a file where a folder should go")
    res = romcam("analyze", samples / "real" / "pose2sim_cam01.mp4", "--out", blocker / "out")
    assert res.returncode == 2 and "cannot write to output folder" in one_error_line(res.stderr)


def test_missing_model(tmp_path, samples):
    res = romcam("analyze", samples / "real" / "pose2sim_cam01.mp4", "--model", tmp_path / "x.task",
                 "--out", tmp_path / "out")
    assert res.returncode == 2 and "pose model not found" in one_error_line(res.stderr)


def test_corrupt_model(tmp_path, samples):
    bad = tmp_path / "bad.task"
    bad.write_bytes(b"PK\x03\x04 truncated")
    res = romcam("analyze", samples / "real" / "pose2sim_cam01.mp4", "--model", bad, "--out", tmp_path / "o")
    assert res.returncode == 2 and "not a valid .task bundle" in one_error_line(res.stderr)


def test_no_camera(tmp_path):
    res = romcam("camera", "--camera", "42", "--no-display")
    assert res.returncode == 2 and "no camera at index 42" in one_error_line(res.stderr)


@pytest.mark.model
def test_video_with_nobody(tmp_path):
    video = write_video(tmp_path / "room.mp4", 12)
    res = romcam("analyze", video, "--out", tmp_path / "out")
    assert res.returncode == 2 and "no person found" in one_error_line(res.stderr)
    assert (tmp_path / "out" / "frames.csv").is_file()  # what was processed is kept


def test_help_explains_every_command():
    res = runner.invoke(app, ["analyze", "--help"])
    assert res.exit_code == 0
    for option in ("--out", "--model", "--side", "--workers"):
        assert option in res.output


@pytest.mark.model
def test_live_loop_from_file_without_display_saves_overlay(samples, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    clip = write_video(tmp_path / "clip.mp4", read_frames(samples / "real" / "pose2sim_cam01.mp4", stop=60),
                       fps=30.0)
    res = subprocess.run([sys.executable, "-m", "romcam", "camera", "--source", str(clip),
                          "--save", str(tmp_path / "live.mp4")], capture_output=True, text=True,
                         env=env, timeout=300)
    assert res.returncode == 0, res.stderr
    assert "no display found" in res.stderr
    assert "frames shown of 60" in res.stderr
    saved = read_frames(tmp_path / "live.mp4")
    assert 10 <= len(saved) <= 60
