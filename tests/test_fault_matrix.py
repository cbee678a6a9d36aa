"""Bad input and faults, through the real `romcam` command in a subprocess, as a user meets them.

Each case asserts the exit code, the one line that says what went wrong (never a traceback), and
what is left on disk: nothing partial presented as complete, nothing processed lost.
`python -m pytest tests/test_fault_matrix.py -rA -s` prints the matrix (case, exit, message, files).
"""

from __future__ import annotations

import json
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import av
import cv2
import numpy as np
import pytest

from tests.videos import read_frames, write_video

ROOT = Path(__file__).resolve().parents[1]
CLIP = ROOT / "samples" / "truth" / "hx_man_right_normal_markers.mp4"  # 6.5 s, 640x480, one person


def romcam(*args, cwd=None, limit_file_bytes: int | None = None, timeout: float = 300):
    def limit():  # a "full disk" for this process only (writes past it fail with EFBIG)
        if limit_file_bytes is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_bytes, limit_file_bytes))

    return subprocess.run([sys.executable, "-m", "romcam", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=timeout, preexec_fn=limit)


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def blank_video(path: Path, frames: int, size=(320, 240)) -> Path:
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=30)
        stream.width, stream.height, stream.pix_fmt = size[0], size[1], "yuv420p"
        for _ in range(frames):
            frame = av.VideoFrame.from_ndarray(np.full((size[1], size[0], 3), 90, np.uint8), format="rgb24")
            container.mux(stream.encode(frame))
        container.mux(stream.encode())
    return path


@dataclass
class Case:
    name: str
    make: Callable[[Path], list]  # tmp folder -> the command's arguments (inputs made there)
    exit_code: int
    message: str  # in the one error line ("" when the command succeeds)
    check: Callable[[Path], None] = lambda tmp: None  # what must (not) be on disk afterwards
    model: bool = False  # runs the pose model
    kwargs: dict = field(default_factory=dict)


def _write(name: str, content: bytes | None):
    def make(tmp: Path) -> list:
        path = tmp / name
        if content is not None:
            path.write_bytes(content)
        return ["analyze", path, "--out", tmp / "out"]
    return make


def _no_output(tmp: Path) -> None:
    assert not (tmp / "out").exists(), files(tmp / "out")


def _picture(kind: str, name: str):
    def make(tmp: Path) -> list:
        cv2.imwrite(str(tmp / f"p.{kind}"), np.zeros((40, 40, 3), np.uint8))
        (tmp / f"p.{kind}").rename(tmp / name)
        return ["analyze", tmp / name, "--out", tmp / "out"]
    return make


def _config(text: str):
    def make(tmp: Path) -> list:
        (tmp / "c.toml").write_text(text)
        return ["analyze", CLIP, "--test", "hip-extension", "--config", tmp / "c.toml", "--out", tmp / "out"]
    return make


def _mixed_folder(tmp: Path) -> list:
    folder = tmp / "videos"
    folder.mkdir()
    (folder / "good.mp4").symlink_to(CLIP)
    (folder / "broken.mp4").write_bytes(b"not a video at all")
    return ["analyze", folder, "--no-video", "--out", tmp / "out"]


def _mixed_done(tmp: Path) -> None:
    assert (tmp / "out" / "good" / "result.json").is_file()
    summary = (tmp / "out" / "summary.csv").read_text()
    assert "broken.mp4" in summary and "good.mp4" in summary


def _outputs_complete(tmp: Path) -> None:
    out = tmp / "out"
    assert {"frames.csv", "result.json", "report.html"} <= set(files(out)), files(out)
    json.loads((out / "result.json").read_text())  # whole, never half-written
    assert not [name for name in files(out) if name.endswith(".tmp")], files(out)


def _result_has(tmp: Path, **checks) -> None:
    result = json.loads((tmp / "out" / "result.json").read_text())
    for key, check in checks.items():
        assert check(result[key]), (key, result[key])


def _stale_video(tmp: Path) -> list:
    out = tmp / "out"
    out.mkdir()
    (out / "result.json").write_text("{}")
    (out / "annotated.mp4").write_bytes(b"an old video")
    return ["analyze", CLIP, "--no-video", "--out", out]


def _no_stale_video(tmp: Path) -> None:
    assert "annotated.mp4" not in files(tmp / "out") and json.loads((tmp / "out" / "result.json").read_text())


def _history(content: bytes | None, folder: bool = False):
    def make(tmp: Path) -> list:
        db = tmp / "h.sqlite"
        if folder:
            db.mkdir()
        elif content is not None:
            db.write_bytes(content)
        return ["history", "--db", db]
    return make


CASES = [
    # input files
    Case("missing file", _write("missing.mp4", None), 2, "no such file", _no_output),
    Case("empty file", _write("empty.mp4", b""), 2, "is empty", _no_output),
    Case("text renamed .mp4", _write("text.mp4", b"this is not a video"), 2, "not a readable video", _no_output),
    Case("audio (WAV) renamed .mp4", _write("sound.mp4", b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(40)), 2,
         "not a readable video", _no_output),
    Case("PNG renamed .mp4", _picture("png", "photo.mp4"), 2, "holds a PNG picture", _no_output),
    Case("JPEG renamed .avi", _picture("jpg", "photo.avi"), 2, "holds a JPEG picture", _no_output),
    Case("a still image", _picture("png", "photo.png"), 2, "still image", _no_output),
    Case("a text file", _write("notes.txt", b"hello"), 2, "not a video file", _no_output),
    Case("truncated MP4 (second half cut)", lambda tmp: ["analyze", _half(tmp), "--out", tmp / "out"], 2,
         "not a readable video", _no_output),
    Case("video with no frames", lambda tmp: ["analyze", _no_frames(tmp / "zero.avi"), "--out", tmp / "out"], 2,
         "no decodable frames", _no_output),
    Case("empty folder", lambda tmp: ["analyze", _mkdir(tmp / "nothing"), "--out", tmp / "out"], 2, "no videos"),
    Case("no person in view", lambda tmp: ["analyze", blank_video(tmp / "empty_room.mp4", 20), "--out", tmp / "out"],
         2, "no person found", lambda tmp: json.loads((tmp / "out" / "result.json").read_text()), model=True),
    Case("half a body (cut below the shoulders)",
         lambda tmp: ["analyze", write_video(tmp / "legs.avi", [np.ascontiguousarray(f[160:]) for f in read_frames(CLIP)],
                                           fourcc="MJPG"), "--test", "hip-extension", "--no-video",
                      "--out", tmp / "out"], 3, "no verdict", _outputs_complete, model=True),
    Case("a folder of good and bad files", _mixed_folder, 1, "broken.mp4", _mixed_done, model=True),
    Case("lying when standing was asked",
         lambda tmp: ["analyze", ROOT / "samples" / "truth" / "thomas_man_left_iliopsoas.mp4", "--test",
                      "hip-extension", "--no-video", "--out", tmp / "out"], 2, "--test thomas", _outputs_complete,
         model=True),
    Case("several people (Sports2D: a walker passes)",
         lambda tmp: ["analyze", ROOT / "samples" / "real" / "sports2d_demo.mp4", "--no-video", "--out", tmp / "out"],
         0, "", lambda tmp: _result_has(tmp, detected_frames=lambda n: n >= 185), model=True),
    Case("variable frame rate", lambda tmp: ["analyze", _variable_rate(tmp / "vfr.mkv"), "--test", "hip-extension",
                                             "--no-video", "--out", tmp / "out"], 0, "",
         lambda tmp: _result_has(tmp, trials=lambda trials: len(trials) == 2), model=True),
    # usage and settings
    Case("unknown option", lambda tmp: ["analyze", CLIP, "--bogus"], 2, "No such option"),
    Case("missing argument", lambda tmp: ["analyze"], 2, "Missing argument"),
    Case("unknown test", lambda tmp: ["test", "push-ups"], 2, "push-ups"),
    Case("--config not TOML", _config("this is = = not toml"), 2, "c.toml", _no_output),
    Case("--config value out of range", _config("[hip-extension]\nlean_tolerance_deg = -3\n"), 2,
         "lean_tolerance_deg", _no_output),
    Case("--config unknown setting", _config("[hip-extension]\nlean_tolerence_deg = 3\n"), 2,
         "lean_tolerence_deg", _no_output),
    # the model
    Case("--model missing", lambda tmp: ["analyze", CLIP, "--model", tmp / "none.task", "--out", tmp / "out"], 2,
         "pose model not found", _no_output),
    Case("--model not a model", lambda tmp: ["analyze", CLIP, "--model", _text(tmp / "m.task"), "--out", tmp / "out"],
         2, "not a valid .task bundle", _no_output),
    # outputs
    Case("output folder under a file", lambda tmp: ["analyze", CLIP, "--out", _text(tmp / "f") / "out"], 2,
         "cannot write to output folder"),
    Case("full disk while writing", lambda tmp: ["analyze", CLIP, "--out", tmp / "out"], 2, "",
         model=True, kwargs={"limit_file_bytes": 60_000}),
    Case("a folder already holding results (--no-video)", _stale_video, 0, "", _no_stale_video, model=True),
    # history
    Case("analyze --history into a folder", lambda tmp: ["analyze", CLIP, "--test", "hip-extension", "--no-video",
                                                         "--history", "--db", _mkdir(tmp / "db"), "--out", tmp / "out"],
         2, "is a folder", _outputs_complete, model=True),
    Case("history: none yet", _history(None), 2, "no history yet"),
    Case("history: a folder given", _history(None, folder=True), 2, "is a folder"),
    Case("history: corrupt database", _history(b"SQLite format 3\x00" + bytes(200)), 2, "cannot use"),
    # live
    Case("no camera", lambda tmp: ["camera", "--camera", "7", "--no-display", "--seconds", "1"], 2, "no camera"),
    Case("live test from a missing file", lambda tmp: ["test", "hip-extension", "--source", tmp / "x.mp4",
                                                       "--no-display"], 2, "no such file"),
    Case("romcam with nothing", lambda tmp: [], 0, ""),
]


def _variable_rate(path: Path) -> Path:
    """The clip with irregular frame times (a phone's variable frame rate): 20-45 ms apart."""
    from fractions import Fraction

    rng = np.random.default_rng(0)
    with av.open(str(CLIP)) as source, av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=30)
        stream.width, stream.height, stream.pix_fmt = 640, 480, "yuv420p"
        stream.codec_context.time_base = Fraction(1, 1000)
        t_ms = 0
        for frame in source.decode(video=0):
            new = av.VideoFrame.from_ndarray(frame.to_ndarray(format="bgr24"), format="bgr24")
            new.pts, new.time_base = t_ms, Fraction(1, 1000)
            out.mux(stream.encode(new))
            t_ms += int(rng.integers(20, 46))
        out.mux(stream.encode())
    return path


def _no_frames(path: Path) -> Path:
    """A container with its header and no frame (a recorder stopped at once)."""
    cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 30.0, (320, 240)).release()
    return path


def _half(tmp: Path) -> Path:
    data = CLIP.read_bytes()
    (tmp / "half.mp4").write_bytes(data[: len(data) // 2])
    return tmp / "half.mp4"


def _mkdir(path: Path) -> Path:
    path.mkdir()
    return path


def _text(path: Path) -> Path:
    path.write_text("not what it should be")
    return path


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name, marks=[pytest.mark.model] if c.model else [])
                                  for c in CASES])
def test_fault(case: Case, tmp_path: Path, capsys):
    args = case.make(tmp_path)
    res = romcam(*args, cwd=tmp_path, **case.kwargs)
    assert "Traceback" not in res.stderr + res.stdout, res.stderr
    errors = [line for line in res.stderr.splitlines() if line.startswith("romcam:")]
    assert res.returncode == case.exit_code, (res.returncode, res.stderr[-600:])
    if case.exit_code not in (0,):
        assert len(errors) == 1, res.stderr  # one line says what went wrong
        assert case.message in errors[0], errors[0]
    case.check(tmp_path)
    with capsys.disabled():  # the matrix, for the record
        left = files(tmp_path / "out")
        print(f"\n  {case.name:45s} exit {res.returncode}  {errors[0] if errors else '(no error)'}"
              f"  files: {', '.join(left) if left else '-'}")


@pytest.mark.model
def test_full_disk_keeps_what_fits_and_presents_nothing_partial_as_complete(tmp_path):
    """The writes fail at 60 kB: the error is one line, and no half-written result.json is left."""
    res = romcam("analyze", CLIP, "--test", "hip-extension", "--out", tmp_path / "out", limit_file_bytes=60_000)
    assert res.returncode == 2 and "Traceback" not in res.stderr
    left = files(tmp_path / "out")
    assert not [name for name in left if name.endswith(".tmp")], left
    if "result.json" in left:
        json.loads((tmp_path / "out" / "result.json").read_text())




@pytest.mark.model
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_during_analyze_keeps_what_was_processed(tmp_path, signum):
    long_clip = ROOT / "samples" / "real" / "sports2d_demo.mp4"
    proc = subprocess.Popen([sys.executable, "-m", "romcam", "analyze", long_clip, "--out", tmp_path / "out"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not (tmp_path / "out").is_dir() and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(3.0)  # some frames in
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode in (130, 0), err  # 0 when it had already finished
    assert "Traceback" not in err and "Exception ignored" not in err
    result = json.loads((tmp_path / "out" / "result.json").read_text())
    assert result["frames"] > 0
    with av.open(str(tmp_path / "out" / "annotated.mp4")) as video:  # closed properly: it plays
        assert sum(1 for _ in video.decode(video=0)) > 0


@pytest.mark.model
def test_a_recording_killed_mid_session_keeps_its_frames_at_real_speed(tmp_path):
    """SIGKILL gives no chance to close anything: the Matroska video still plays, every frame at
    the time it was captured (frames dropped to keep up leave gaps, not a fast-forward)."""
    rec = tmp_path / "rec"
    proc = subprocess.Popen([sys.executable, "-m", "romcam", "test", "hip-extension", "--source",
                             ROOT / "samples" / "real" / "sports2d_demo.mp4", "--record", rec, "--no-history",
                             "--no-display"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (rec / "video.mkv").is_file():
        time.sleep(0.2)
    time.sleep(4.0)
    proc.kill()
    proc.wait(timeout=30)
    with av.open(str(rec / "video.mkv")) as video:
        times = [frame.time for frame in video.decode(video=0)]
    rows = (rec / "frames.csv").read_text().splitlines()[1:]
    captured_s = float(rows[-1].split(",")[1]) - float(rows[0].split(",")[1])
    assert len(times) > 20
    # the video lasts as long as the session did (the CSV is flushed each second: it may lag)
    assert times[-1] - times[0] == pytest.approx(captured_s, abs=1.2)
    assert len(times) / (times[-1] - times[0]) < 31  # never more frames per second than the source


@pytest.mark.model
@pytest.mark.skipif(shutil.which("unshare") is None or subprocess.run(["unshare", "-rn", "true"]).returncode != 0,
                    reason="this machine gives no network namespaces (unshare -rn)")
def test_analyze_needs_no_network(tmp_path):
    """In a network namespace with no interface but loopback (down), nothing can leave the machine."""
    res = subprocess.run(["unshare", "-rn", sys.executable, "-m", "romcam", "analyze", CLIP, "--test", "hip-extension",
                          "--out", tmp_path / "out"], capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-600:]
    assert json.loads((tmp_path / "out" / "result.json").read_text())["trials"]


@pytest.mark.model
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_live_test_stopped_keeps_its_trials_in_the_history_marked_unfinished(tmp_path, signum):
    """Ctrl-C, or SIGTERM from a closing terminal, after the first trial."""
    rec, db = tmp_path / "rec", tmp_path / "h.sqlite"
    # Four times the clip: on a loaded machine the first trial is found late, and the source must
    # not run out (exit 0) before the signal is sent.
    clip = write_video(tmp_path / "long.mp4", read_frames(CLIP) * 4)
    proc = subprocess.Popen([sys.executable, "-m", "romcam", "test", "hip-extension", "--source", clip, "--record",
                             rec, "--db", db, "--no-display", "--trials", "10"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # until the first trial is in the saved result
        try:
            if json.loads((rec / "result.json").read_text())["trials"]:
                break
        except (OSError, ValueError, KeyError):
            pass
        time.sleep(0.2)
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130 and "Traceback" not in err + out, err
    assert "unfinished" in out + err
    flags = sqlite3.connect(db).execute("SELECT flags FROM results").fetchall()
    assert flags and all("unfinished" in f for (f,) in flags)


@pytest.mark.model
def test_a_kill_during_analyze_leaves_nothing_that_looks_finished(tmp_path):
    """SIGKILL gives no chance to write anything at the end: no result.json, and the video under
    way is a .part file, never an annotated.mp4 that will not play."""
    proc = subprocess.Popen([sys.executable, "-m", "romcam", "analyze", ROOT / "samples" / "real" / "sports2d_demo.mp4",
                             "--out", tmp_path / "out"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (tmp_path / "out" / "annotated.mp4.part").is_file():
        time.sleep(0.1)
    time.sleep(1.0)
    proc.kill()
    proc.wait(timeout=30)
    left = files(tmp_path / "out")
    assert "annotated.mp4.part" in left and "annotated.mp4" not in left and "result.json" not in left, left


@pytest.mark.model
def test_a_video_that_cannot_be_written_leaves_the_measurements(tmp_path):
    """Each file may hold 400 kB: annotated.mp4 outgrows it mid-way (written on its own thread),
    and the measurements of every frame followed are still written before the one-line error."""
    res = romcam("analyze", CLIP, "--test", "hip-extension", "--out", tmp_path / "out", limit_file_bytes=400_000)
    assert res.returncode == 2 and "Traceback" not in res.stderr, res.stderr[-800:]
    assert "annotated.mp4" in res.stderr and "disk full" in res.stderr, res.stderr[-800:]
    result = json.loads((tmp_path / "out" / "result.json").read_text())
    assert result["frames"] > 0 and (tmp_path / "out" / "frames.csv").stat().st_size > 0
