"""The live window under a real (virtual) X display: it opens, draws, and quits on q."""

import os
import shutil
import subprocess
import sys
import time

import pytest

from tests.conftest import needs, wait_until
from tests.videos import read_frames, write_video

pytestmark = [pytest.mark.model, needs(bool(shutil.which("Xvfb") and shutil.which("xdotool")), "Xvfb and xdotool")]


@pytest.fixture
def display():
    server = subprocess.Popen(["Xvfb", ":87", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ready = lambda: subprocess.run(["xdotool", "getdisplaygeometry"], env=dict(os.environ, DISPLAY=":87"),
                                   capture_output=True).returncode == 0  # noqa: E731
    wait_until(ready, "the virtual display", timeout_s=30)
    yield ":87"
    server.terminate()
    server.wait(timeout=10)


def find_window(env) -> str:
    found = []

    def search() -> bool:
        out = subprocess.run(["xdotool", "search", "--name", "^romcam$"], env=env, capture_output=True, text=True)
        found[:] = out.stdout.split()
        return bool(found)

    wait_until(search, "the romcam window", timeout_s=120)  # a loaded machine starts slowly
    return found[0]


def test_window_shows_overlay_and_q_quits(display, samples, tmp_path):
    env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb")
    frames = read_frames(samples / "real" / "pose2sim_cam01.mp4")
    clip = write_video(tmp_path / "clip.mp4", frames * 5, fps=30.0)  # ~17 s: plenty of time
    shown = tmp_path / "shown.avi"  # what the window shows, kept: proof frames were drawn
    proc = subprocess.Popen([sys.executable, "-m", "romcam", "camera", "--source", str(clip), "--save", str(shown)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        window = find_window(env)
        wait_until(lambda: shown.exists() and shown.stat().st_size > 1_500_000, "frames drawn in the window")
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


@needs(bool(shutil.which("openbox") and shutil.which("wmctrl")), "a window manager (openbox) and wmctrl")
def test_the_verdict_stays_until_closed_and_closing_the_window_keeps_the_result(display, samples, tmp_path):
    """A guided test that finished before its video ended holds its verdict on screen; closing
    the window with the window manager (what its close button does) ends it cleanly, result saved."""
    env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb")
    manager = subprocess.Popen(["openbox"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    db = tmp_path / "h.sqlite"
    proc = subprocess.Popen([sys.executable, "-m", "romcam", "test", "hip-extension", "--source",
                             str(samples / "truth" / "hx_man_right_normal_markers.mp4"), "--trials", "2",
                             "--one-side", "--db", str(db)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        window = find_window(env)
        time.sleep(12)  # the 6.5 s clip has ended: the window must still be there
        assert proc.poll() is None, proc.communicate()
        subprocess.run(["wmctrl", "-c", "romcam"], env=env, check=True)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        manager.terminate()
    assert proc.returncode == 0 and "Traceback" not in err and "guiReceiver" not in err, err
    assert "right leg:" in out + err
    assert db.is_file()  # the finished test went into the history
