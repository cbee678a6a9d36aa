"""The live window under a real (virtual) X display: it opens, draws, and quits on q."""

import os
import shutil
import subprocess
import sys
import time

import pytest

from tests.videos import read_frames, write_video

pytestmark = pytest.mark.skipif(not (shutil.which("Xvfb") and shutil.which("xdotool")),
                                reason="needs Xvfb and xdotool (installed by .ci/run)")


@pytest.fixture
def display():
    server = subprocess.Popen(["Xvfb", ":87", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    yield ":87"
    server.terminate()
    server.wait(timeout=10)


def find_window(env, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = subprocess.run(["xdotool", "search", "--name", "^romcam$"], env=env,
                               capture_output=True, text=True)
        if found.stdout.strip():
            return found.stdout.split()[0]
        time.sleep(0.3)
    return None


def test_window_shows_overlay_and_q_quits(display, samples, tmp_path):
    env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb")
    frames = read_frames(samples / "real" / "pose2sim_cam01.mp4")
    clip = write_video(tmp_path / "clip.mp4", frames * 5, fps=30.0)  # ~17 s: plenty of time
    proc = subprocess.Popen([sys.executable, "-m", "romcam", "camera", "--source", str(clip)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        window = find_window(env)
        assert window, "no romcam window appeared"
        time.sleep(2.0)
        if shutil.which("import"):
            subprocess.run(["import", "-window", "root", str(tmp_path / "screen.png")], env=env)
        subprocess.run(["xdotool", "windowactivate", "--sync", window], env=env, capture_output=True)
        subprocess.run(["xdotool", "key", "--window", window, "q"], env=env, check=True)
        _, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, stderr
    shown = int(stderr.split(" frames shown of ")[0].split()[-1])
    assert 5 < shown < 500  # quit long before the clip's end
