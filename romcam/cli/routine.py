"""`romcam routine`: today's programme, one exercise after another, logged to the history."""

from __future__ import annotations

import time
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Optional

import typer

from romcam.errors import RomcamError

ROUTINE_HELP = ("Today's routine from the programme: the stretches (2-3 sessions a day) and, on strength "
                "days, the strength work, each coached live with spoken cues; what was done goes to your "
                "history. Settings: the \\[routine] table of --config (see `romcam config`).")


def routine(
    camera_index: int = typer.Option(0, "--camera", "-c", help="Camera index (0 = first camera)."),
    source: Optional[list[Path]] = typer.Option(None, "--source", metavar="FILE", help="Play a video file instead of the "
                                                "camera, one per exercise in order (repeat the option); "
                                                "exercises without one are skipped."),
    plan_only: bool = typer.Option(False, "--plan", help="Only print today's plan and how regularly "
                                   "you have followed it."),
    mute: bool = typer.Option(False, "--mute", help="No spoken cues (they need espeak-ng)."),
    config: Optional[Path] = typer.Option(None, "--config", help="A TOML file of settings (see `romcam config`)."),
    model: Optional[Path] = typer.Option(None, "--model", help="A pose landmarker .task bundle."),
    no_display: bool = typer.Option(False, "--no-display", help="Run without a window."),
    seconds: Optional[float] = typer.Option(None, "--seconds", min=0.1, help="Stop each exercise after this long."),
    db: Optional[Path] = typer.Option(None, "--db", help="History file (default: ROMCAM_HISTORY or "
                                      "~/.local/share/romcam/history.sqlite)."),
) -> None:
    from romcam.activities.registry import SessionOptions
    from romcam.cli.main import _activity, _console, _fail, _history_path, _run_session, _settings
    from romcam.history.store import log_rows
    from romcam.io.speech import Speaker
    from romcam.pipeline.live import LiveOptions
    from romcam.programme.routine import todays_plan

    console = _console()
    _, general = _settings(config)
    cfg = general["routine"]
    path = _history_path(db)
    try:
        plan = todays_plan(cfg, date.today())
    except RomcamError as exc:
        _fail(str(exc))
    console.print(f"today's routine ({date.today():%A}): " + ", ".join(plan), highlight=False)
    if plan_only:
        _print_adherence(console, path, cfg)
        return
    speaker = Speaker(mute=mute)
    if not mute and not speaker.available:
        console.print("spoken cues off: espeak-ng not found (install it, or pass --mute)")
    session_id = datetime.now(timezone.utc).strftime("routine-%Y%m%dT%H%M%S")
    sources = list(source or [])
    for i, name in enumerate(plan):
        activity = _activity(name)
        when = datetime.now(timezone.utc)
        if sources and i >= len(sources):
            _save(console, path, log_rows(session_id, name, [], when))
            console.print(f"[{i + 1}/{len(plan)}] {name}: skipped (no --source for it)", highlight=False)
            continue
        if i > 0 and cfg.rest_between_s > 0:
            _rest(console, cfg.rest_between_s, i, plan, display=not no_display, speaker=speaker)
        console.print(f"[{i + 1}/{len(plan)}] {name}: {activity.summary}", highlight=False)
        speaker.say(f"Next: {activity.summary.split(':')[0]}", announce=True)
        act_cfg, act_general = _settings(config, activity)
        session = activity.session(act_cfg, SessionOptions(pelvis=activity.pelvis_default, setup=act_general["setup"]))
        options = LiveOptions(model=model, display=not no_display, max_seconds=seconds,
                              pelvis=activity.pelvis_default, speaker=speaker)
        _, outcome, interrupted = _run_session(console, session, options, sources[i] if sources else None,
                                               camera_index, None)
        rows = log_rows(session_id, name, outcome.log_items() if outcome is not None else [], when)
        _save(console, path, rows)
        for row in rows:
            console.print("    " + _row_words(row), highlight=False)
        if interrupted:
            rest = plan[i + 1:]
            _save(console, path, [r for n in rest for r in log_rows(session_id, n, [], datetime.now(timezone.utc))])
            console.print("routine stopped" + (f"; not done: {', '.join(rest)}" if rest else ""))
            raise typer.Exit(130)
    _print_adherence(console, path, cfg)


def _save(console, path: Path, rows: list) -> None:
    from romcam.cli.main import _fail
    from romcam.history.store import save_log

    try:
        save_log(path, rows)
    except RomcamError as exc:
        _fail(str(exc))


def _row_words(row) -> str:
    if row.skipped:
        return "skipped"
    if row.unit == "s":
        text = f"{row.side}: {row.done:.0f} / {row.target:.0f} s with good form"
    else:
        text = f"{row.side}: {row.done:.0f} reps, {row.good:.0f} with good form (of {row.target:.0f})"
    return text + (f"; {row.faults.replace(',', ', ')}" if row.faults else "")


def _rest(console, seconds: float, done: int, plan: list[str], display: bool, speaker) -> None:
    """A rest timer between two exercises, in the console and, where there is a screen, in the
    window (q skips the rest); Ctrl-C ends the routine as during an exercise."""
    from romcam.activities.registry import get
    from romcam.io.sources import display_available
    from romcam.render.rest_screen import rest_screen

    following = get(plan[done])
    speaker.say(f"Rest {seconds:.0f} seconds", announce=True)
    console.print(f"    rest {seconds:.0f} s, then {following.name}", highlight=False)
    window = None
    if display and display_available():
        from romcam.io.window import Window

        window = Window((960, 540))
    end = time.monotonic() + seconds
    try:
        with console.status("") as status:
            while (left := end - time.monotonic()) > 0:
                status.update(f"rest {left:.0f} s, then {following.name}")
                if window is None:
                    time.sleep(min(left, 0.5))
                elif not window.show(rest_screen(left, seconds, done, len(plan), following.name, following.summary),
                                     wait_ms=100):
                    break
    except KeyboardInterrupt:
        console.print("routine stopped")
        raise typer.Exit(130)
    finally:
        if window is not None:
            window.close()


def _print_adherence(console, path: Path, cfg) -> None:
    from romcam.history.store import load_log
    from romcam.programme.adherence import adherence

    try:
        rows = load_log(path) if path.is_file() else []
    except RomcamError:
        rows = []
    done = adherence(rows, cfg.sessions_per_day, cfg.weeks, date.today())
    if done is None:
        console.print(f"no routine done yet: the programme is {cfg.sessions_per_day} sessions a day for "
                      f"{cfg.weeks} weeks")
        return
    console.print(done.summary(), highlight=False)
