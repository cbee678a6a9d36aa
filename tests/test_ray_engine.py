"""`romcam analyze DIR --engine ray` on a real local Ray instance: the same files as the local run."""

import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.model
pytest.importorskip("ray", reason='the Ray engine is an extra: pip install "romcam[ray]"')

CLIPS = ["hipext_right_facing_right.mp4", "stretch_man_right_lean.mp4"]


def analyze(folder, out, *extra):
    return subprocess.run([sys.executable, "-m", "romcam", "analyze", str(folder), "--out", str(out), "--no-video",
                           "--workers", "2", *extra], capture_output=True, text=True, timeout=600)


def test_ray_engine_writes_what_the_local_run_writes_and_lists_failures(tmp_path):
    videos = tmp_path / "videos"
    videos.mkdir()
    for clip in CLIPS:
        shutil.copy(ROOT / "samples" / "truth" / clip, videos / clip)
    (videos / "broken.mp4").write_bytes(b"not a video")
    local = analyze(videos, tmp_path / "local")
    on_ray = analyze(videos, tmp_path / "ray", "--engine", "ray")
    # one recording failed: exit 1 and its one-line error, the others analysed, as locally
    assert local.returncode == on_ray.returncode == 1, on_ray.stderr[-1000:]
    assert "Traceback" not in on_ray.stderr and "romcam: error: " in on_ray.stderr and "broken.mp4" in on_ray.stderr
    for clip in CLIPS:
        for name in ("result.json", "frames.csv", "landmarks.csv"):
            got = (tmp_path / "ray" / clip.removesuffix(".mp4") / name).read_bytes()
            assert got == (tmp_path / "local" / clip.removesuffix(".mp4") / name).read_bytes(), (clip, name)
    assert (tmp_path / "ray" / "summary.csv").read_text().count("\n") == 4  # header, 2 ok, 1 failed


def test_an_unreachable_cluster_is_one_line(tmp_path):
    res = analyze(ROOT / "samples" / "truth" / CLIPS[0], tmp_path / "out", "--engine", "ray",
                  "--ray-address", "127.0.0.1:9")  # nothing listens there
    assert res.returncode == 2 and "Traceback" not in res.stderr, res.stderr[-1000:]
    assert "could not start or reach Ray at 127.0.0.1:9" in res.stderr
