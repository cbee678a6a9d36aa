"""`romcam desk`: sitting time while you work, and a nudge to stand."""

from __future__ import annotations

import queue
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Optional

import typer

from romcam.errors import RomcamError

DESK_HELP = (
    "Count sitting time while you work, and remind you to stand and move.\n\n"
    "Put the webcam on the monitor, facing you (straight on or from the side). romcam looks once a second, "
    "decides for each minute whether you were sitting, standing or away, and shows the sitting run and today's "
    "total against the risk bands (0-4 h low, 4-6 moderate, 6-8 high, 8+ very high). After 40 minutes of sitting "
    "it reminds you (a desktop notification, a sound, a line here) and offers a one-minute standing stretch. "
    "Standing for a minute, or five minutes away, ends the sitting run. Nothing but the per-minute states is "
    "kept: no images, no video. Settings: the \\[desk] table of --config (see `romcam config`).\n\n"
    "While it runs, type a letter and Enter: s snooze, p pause (the camera is released) or resume, x stretch "
    "now, q quit. With --source FILE it plays a video instead, on a clock that starts at --start and can run "
    "faster (--speed): to try it, or to check it.\n\n"
    "Crossed legs, feet tucked off the floor and perching are judged only against your own calibration, with "
    "the legs in view (a camera further back): run once with --calibrate-legs and sit each way for 15 s when "
    "asked (72 s in all; it is kept beside the history file). Without it, the legs are not judged.")

QUIT, PAUSE, SNOOZE, STRETCH = "q", "p", "s", "x"


def desk(
    camera_index: int = typer.Option(0, "--camera", "-c", help="Camera index (0 = first camera)."),
    source: Optional[Path] = typer.Option(None, "--source", metavar="FILE", help="Play this video instead "
                                          "of the camera (nothing is saved unless --db is given)."),
    speed: float = typer.Option(0.0, "--speed", min=0.0, help="With --source: 1 plays in real time, 60 a minute "
                                "per second, 0 (the default) as fast as it goes."),
    start: Optional[datetime] = typer.Option(None, "--start", formats=["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"],
                                             help="With --source: the clock's time at the video's start "
                                             "(default: now)."),
    minutes: Optional[float] = typer.Option(None, "--minutes", min=0.1, help="Stop after this many minutes."),
    config: Optional[Path] = typer.Option(None, "--config", help="A TOML file whose \\[desk] table sets "
                                          "reminders, quiet hours and the frame rate (see `romcam config`)."),
    db: Optional[Path] = typer.Option(None, "--db", help="History file (default: ROMCAM_HISTORY or "
                                      "~/.local/share/romcam/history.sqlite)."),
    no_notify: bool = typer.Option(False, "--no-notify", help="No desktop notifications (the terminal only)."),
    mute: bool = typer.Option(False, "--mute", help="No sound with a reminder."),
    window: bool = typer.Option(False, "--window", help="Also show the status in a small window."),
    model: Optional[Path] = typer.Option(None, "--model", help="A pose landmarker .task bundle."),
    calibrate_legs: bool = typer.Option(False, "--calibrate-legs", help="First show romcam how you sit: as usual, "
                                        "legs crossed, feet tucked, perched (15 s each, when asked); then carry on."),
) -> None:
    from romcam.cli.main import _console, _fail, _history_path, _settings

    console = _console()
    _, general = _settings(config)
    cfg = general["desk"]
    save_to = db if source is not None else _history_path(db)
    try:
        run_desk(console, cfg, camera_index, source, speed, start, minutes, save_to, not no_notify,
                 not mute, window, model, calibrate_legs)
    except RomcamError as exc:
        _fail(str(exc))


def run_desk(console, cfg, camera_index: int, source: Optional[Path], speed: float, start: Optional[datetime],
             minutes: Optional[float], save_to: Optional[Path], notify: bool, sound: bool, window: bool,
             model: Optional[Path], calibrate_legs: bool = False) -> None:
    from romcam.desk.alerts import Reminders
    from romcam.desk.leg_setup import LEGS_FILE, LegSetup
    from romcam.desk.posture import MIN_CONFIDENCE, DeskPerson
    from romcam.desk.session import DeskSession
    from romcam.desk.sources import camera_samples, check_camera, video_samples
    from romcam.desk.status import StatusWindow
    from romcam.io.sources import display_available
    from romcam.history.desk_log import save_minutes
    from romcam.pose.people import PeopleDetector

    paused = threading.Event()
    if source is not None:
        clock_start = (start or datetime.now()).astimezone()
        samples = video_samples(source, cfg.frames_per_s, clock_start, speed)
    else:
        check_camera(camera_index)  # no camera: said now, not after the start-up lines
        samples = camera_samples(camera_index, cfg.frames_per_s, paused.is_set)
    live_line = sys.stdout.isatty()  # a status line rewritten in place; in a log, a line a minute

    def say(line: str) -> None:  # below the status line, not over it
        console.print(("\n" if live_line else "") + line, highlight=False)

    reminders = Reminders(sound=sound, desktop=notify, log=lambda line: say(f"[bold]{line}[/]"))
    session = DeskSession(cfg, reminders, (lambda rows: save_minutes(save_to, rows)) if save_to else None)
    keys = _keys() if source is None else None
    if window and not display_available():
        console.print("no display found: the status stays in the terminal")
        window = False
    status_window = StatusWindow() if window else None
    first_t, person, shown_at, shown_minutes, interrupted, want_stretch = None, None, 0.0, 0, False, False
    console.print(f"romcam desk: looking {cfg.frames_per_s:g} times a second; reminder after "
                  f"{cfg.remind_after_min} min of sitting" + ("" if source else "; s snooze, p pause, "
                                                              "x stretch, q quit (then Enter)"), highlight=False)
    legs = LegSetup(say, save_to.with_name(LEGS_FILE) if save_to else None, calibrate_legs, sound)
    try:
        with PeopleDetector(model, max_people=2, check_every=1, min_confidence=MIN_CONFIDENCE) as detector:
            for sample in samples:
                first_t = first_t or sample.t
                for action in _pending(keys, reminders):
                    if action == QUIT:
                        return
                    if action == SNOOZE:
                        session.snooze()
                        console.print(f"snoozed: the next reminder after {cfg.snooze_min} more minutes of sitting")
                    elif action == PAUSE:
                        paused.clear() if paused.is_set() else paused.set()
                        console.print("paused: the camera is off (p resumes)" if paused.is_set() else "resumed")
                    elif action == STRETCH and source is not None:
                        console.print(f"stretch: `romcam exercise {cfg.stretch}` (not started: a video is playing)")
                    elif action == STRETCH:
                        want_stretch, was_paused = True, paused.is_set()
                        paused.set()  # the camera is released before the next sample
                if want_stretch and sample.image is None:
                    _stretch(console, cfg)
                    want_stretch = False
                    if not was_paused:
                        paused.clear()
                if sample.image is not None:
                    person = person or DeskPerson(sample.image.shape[0], legs=legs.reader)
                    t_ms = (sample.t - first_t).total_seconds() * 1000.0
                    poses = detector.detect(sample.image, t_ms, lambda p: True)
                    session.observe(sample.t, person.observe(poses, sample.image))
                    if legs.calibrating:
                        person.legs = legs.look(t_ms / 1000.0, person.pose)
                line = f"{sample.t:%H:%M} " + ("paused; " if paused.is_set() else "") + session.status()
                if live_line and time.monotonic() - shown_at > 0.5:
                    sys.stdout.write("\r\033[K" + line[:console.width - 1])
                    sys.stdout.flush()
                    shown_at = time.monotonic()
                elif not live_line and len(session.minutes) > shown_minutes:  # a log: one line a minute
                    print(line, flush=True)
                shown_minutes = len(session.minutes)
                if status_window is not None and not status_window.show(sample.t, session, paused.is_set()):
                    return
                if minutes is not None and (sample.t - first_t).total_seconds() >= minutes * 60:
                    return
    except KeyboardInterrupt:
        interrupted = True
    finally:
        legs.close()
        samples.close()  # the camera is released now, not whenever the generator is collected
        session.finish()
        reminders.close()
        if status_window is not None:
            status_window.close()
        if session.last is not None:
            console.print(("\n" if live_line else "") + session.status(), highlight=False)
        if save_to is not None and session.minutes:
            console.print(f"{len(session.minutes)} minutes saved to {save_to}", highlight=False)
    if interrupted:
        raise typer.Exit(130)


def _keys() -> Optional[queue.Queue]:
    """Letters typed in the terminal (one per line), when there is a terminal to type in."""
    if not sys.stdin or not sys.stdin.isatty():
        return None
    typed: queue.Queue = queue.Queue()

    def read() -> None:
        for line in sys.stdin:
            typed.put(line.strip().lower()[:1])

    threading.Thread(target=read, name="romcam-keys", daemon=True).start()
    return typed


def _pending(keys: Optional[queue.Queue], reminders) -> list[str]:
    """What the person asked for since the last frame: typed letters and notification buttons."""
    out = []
    for q in (keys, reminders.actions):
        while q is not None and not q.empty():
            item = q.get_nowait()
            out.append({"stretch": STRETCH, "snooze": SNOOZE}.get(item, item))
    return out


def _stretch(console, cfg) -> None:
    """Run the standing stretch with the camera, which desk mode has released."""
    command = [sys.executable, "-m", "romcam", "exercise", cfg.stretch]
    console.print(f"stretch: romcam exercise {cfg.stretch}")
    try:
        subprocess.run(command)
    except OSError as exc:
        console.print(f"could not start the stretch: {exc}")
