"""`romcam desk --source` through the real pose model on rendered desk clips (tuning half), into a
real SQLite history; bad input and interruptions as a user meets them."""

import json
import signal
import sqlite3
import subprocess
import sys

import pytest
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
