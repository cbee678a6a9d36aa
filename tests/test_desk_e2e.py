"""`romcam desk --source` through the real pose model on rendered desk clips (tuning half), into a
real SQLite history; bad input and interruptions as a user meets them."""

import io
import json
import queue
import signal
import sqlite3
import subprocess
import sys

import cv2
import pytest
from rich.console import Console
from typer.testing import CliRunner

from romcam.cli.main import app
from romcam.history.desk_log import load_days
from tests.conftest import wait_until

pytestmark = pytest.mark.model
CLIP = "dk_man_monfront"  # tuning half: sitting, standing up with the head above the picture, away


def truth_minutes(truth: dict) -> list[str]:
    return [m["majority"] for m in truth["minutes"]]


def test_a_clip_played_as_a_day_at_the_desk(samples, tmp_path):
    clip = samples / "truth_desk" / f"{CLIP}.mp4"
    truth = json.loads((samples / "truth_desk" / f"{CLIP}.truth.json").read_text())
    db = tmp_path / "history.sqlite"
    res = CliRunner().invoke(app, ["desk", "--source", str(clip), "--db", str(db), "--start", "2026-12-07 09:00",
                                   "--no-notify", "--mute"])
    assert res.exit_code == 0, res.output
    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT minute, state FROM desk_minutes ORDER BY minute").fetchall()
    assert [r[0][11:16] for r in rows] == [f"09:0{i}" for i in range(len(rows))]
    assert [r[1] for r in rows] == truth_minutes(truth)
    day = load_days(db)[0]
    assert day.sitting_min == truth_minutes(truth).count("sitting") and day.band == "low"
    assert f"{len(rows)} minutes saved to {db}" in res.output


def test_nothing_is_saved_from_a_video_without_db(samples, tmp_path, monkeypatch):
    monkeypatch.setenv("ROMCAM_HISTORY", str(tmp_path / "mine.sqlite"))
    res = CliRunner().invoke(app, ["desk", "--source", str(samples / "truth_desk" / f"{CLIP}.mp4"),
                                   "--minutes", "1.5", "--no-notify", "--mute"])
    assert res.exit_code == 0, res.output
    assert not (tmp_path / "mine.sqlite").exists()


@pytest.mark.parametrize("make, message", [
    (lambda p: p / "missing.mp4", "video not found"),
    (lambda p: (p / "broken.mp4").write_bytes(b"not a video at all") and p / "broken.mp4", "cannot read video"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, make, message):
    proc = subprocess.run([sys.executable, "-m", "romcam", "desk", "--source", str(make(tmp_path)), "--no-notify"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert message in proc.stderr and "Traceback" not in proc.stderr + proc.stdout
    assert len(proc.stderr.strip().splitlines()) == 1


def test_ctrl_c_keeps_the_minutes_counted(samples, tmp_path):
    db = tmp_path / "history.sqlite"
    proc = subprocess.Popen([sys.executable, "-m", "romcam", "desk", "--source",
                             str(samples / "truth_desk" / f"{CLIP}.mp4"), "--speed", "30", "--db", str(db),
                             "--no-notify", "--mute"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_until(lambda: db.exists() and load_days(db), "a first minute saved")
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert load_days(db)[0].sitting_min >= 1


class ClipAsCamera:
    """A stand-in camera (there is none on the test machines): a desk clip, opened and released as
    desk mode opens and releases the camera."""

    log: list[str] = []

    def __init__(self, clip):
        self._cap = cv2.VideoCapture(str(clip))
        ClipAsCamera.log.append("open")

    def grab(self):
        return self._cap.grab()

    def read(self):
        return self._cap.read()

    def release(self):
        self._cap.release()
        ClipAsCamera.log.append("release")


def test_stretch_now_releases_the_camera_runs_the_stretch_and_takes_it_back(samples, monkeypatch):
    import romcam.cli.desk as desk_cli
    import romcam.desk.sources as sources
    from romcam.desk.config import DeskConfig

    clip = samples / "truth_desk" / f"{CLIP}.mp4"
    ClipAsCamera.log = []
    monkeypatch.setattr(sources, "_open_camera", lambda index: ClipAsCamera(clip))
    pressed = queue.Queue()
    pressed.put(desk_cli.STRETCH)  # "x" typed, or the notification's "Stretch now" (the same action)
    monkeypatch.setattr(desk_cli, "_keys", lambda: pressed)
    launched = []
    real_run = subprocess.run

    def run_and_note(command, **kwargs):  # the real stretch command runs; what the camera was doing is noted
        launched.append((command, list(ClipAsCamera.log)))
        done = real_run(command, capture_output=True, text=True, timeout=120, **kwargs)
        launched.append(done)
        return done

    monkeypatch.setattr(desk_cli.subprocess, "run", run_and_note)
    out = io.StringIO()
    desk_cli.run_desk(Console(file=out, width=200), DeskConfig(frames_per_s=2.0), 0, None, 0.0, None, 0.1, None,
                      False, False, False, None)
    (command, camera_then), done = launched
    assert command == [sys.executable, "-m", "romcam", "exercise", "quad-stretch"]
    # check_camera's open and close, the first looks, then released before the stretch starts
    assert camera_then == ["open", "release", "open", "release"]
    # the stretch ran for real and found no camera (there is none here): one line, no traceback
    assert done.returncode != 0 and "camera" in done.stderr and "Traceback" not in done.stderr
    assert ClipAsCamera.log[4:] == ["open", "release"]  # desk mode took the camera back, and let it go at the end
    assert "stretch: romcam exercise quad-stretch" in out.getvalue()


LEGS_CLIP = "dk7_slim_roomfront15"  # tuning half: a 72 s calibration, then the legs done differently


def test_the_legs_judged_against_a_calibration_taken_at_the_start(samples, tmp_path):
    """--calibrate-legs on a clip that starts the way romcam asks; its seconds per hour of tucked feet
    and perching near the truth's, and never a crossing said where there was none."""
    folder = samples / "truth_desk7"
    truth = json.loads((folder / f"{LEGS_CLIP}.truth.json").read_text())
    db = tmp_path / "history.sqlite"
    res = CliRunner().invoke(app, ["desk", "--source", str(folder / f"{LEGS_CLIP}.mp4"), "--db", str(db),
                                   "--start", "2026-12-07 09:00", "--no-notify", "--mute", "--calibrate-legs"])
    assert res.exit_code == 0, res.output
    assert "1/4 Sit as you usually do" in res.output and "4/4 Perch on the front edge" in res.output
    kept = json.loads((tmp_path / "desk_legs.json").read_text())
    assert set(kept["judged"]) >= {"tucked", "perched"}
    with sqlite3.connect(db) as con:  # the clip is shorter than the 10 minutes a day's figure needs
        read_s, tucked_s, perched_s = con.execute("SELECT SUM(legs_read_s), SUM(tucked_s), SUM(perched_s) "
                                                  "FROM desk_minutes").fetchone()
    work = [f for f in truth["frames"] if f["t_s"] >= 72 and f["state"] == "sitting"]
    share = {"tucked": sum(f["feet_off_floor"] and not f["crossed_legs"] for f in work) / len(work),
             "perched": sum(f["perch"] for f in work) / len(work)}
    for posture, said in (("tucked", tucked_s / read_s), ("perched", perched_s / read_s)):
        assert 0.5 * share[posture] <= said <= 1.5 * share[posture], (posture, said, share[posture])
    # The next run finds the calibration beside the history and says what it judges.
    again = CliRunner().invoke(app, ["desk", "--source", str(folder / f"{LEGS_CLIP}.mp4"), "--db", str(db),
                                     "--minutes", "0.5", "--no-notify", "--mute"])
    assert again.exit_code == 0 and "legs: judged against your calibration" in again.output
