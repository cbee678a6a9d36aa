"""Ctrl-C keeps what was processed: valid result.json, frames.csv so far, a playable video."""

import json
import signal
import subprocess
import sys

import numpy as np

from romcam.io.outputs import read_frames_csv
from tests.conftest import wait_until
from tests.videos import read_frames, write_video

import pytest

pytestmark = pytest.mark.model  # runs the real pose model


def test_ctrl_c_during_analyze_keeps_partial_results(samples, tmp_path):
    frames = read_frames(samples / "real" / "pose2sim_cam01.mp4")
    long_clip = write_video(tmp_path / "long.mp4", frames * 16, fps=60.0)  # 1600 frames
    out = tmp_path / "out"
    # Started with SIGINT ignored, as a script's background job is: Ctrl-C / kill -INT must still work.
    proc = subprocess.Popen([sys.executable, "-m", "romcam", "analyze", str(long_clip), "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    # Wait until it is well into the video, then press Ctrl-C.
    under_way = out / "annotated.mp4.part"  # renamed to annotated.mp4 once finished
    wait_until(lambda: under_way.exists() and under_way.stat().st_size > 300_000,
               "300 kB of the annotated video")
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and "interrupted" in stderr
    result = json.loads((out / "result.json").read_text())
    rows = read_frames_csv(out / "frames.csv")
    n = len(rows["frame"])
    assert 10 < n < 1600 and result["frames"] == n
    assert np.isfinite(rows["trunk_lean_deg"]).mean() > 0.8
    assert abs(len(read_frames(out / "annotated.mp4")) - n) <= 5
