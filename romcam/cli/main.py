"""Command line: parses arguments and calls romcam's Python API. Nothing else lives here."""

from __future__ import annotations

import signal
import sys
import time
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from romcam.activities.hip_extension import FLAG_MEANINGS, NOT_JUDGED
from romcam.activities.registry import Activity, SessionOptions, activities
from romcam.settings import read_toml, with_values
from romcam.errors import RomcamError
from romcam.cli.desk import DESK_HELP, desk
from romcam.cli.routine import ROUTINE_HELP, routine

NO_VERDICT_EXIT = 3  # analysed, but nothing could be judged (trunk unseen, camera too oblique)


class PelvisMethod(str, Enum):
    auto = "auto"
    tape = "tape"
    markers = "markers"
    waistband = "waistband"
    off = "off"


class Side(str, Enum):
    auto = "auto"
    left = "left"
    right = "right"


class Engine(str, Enum):
    local = "local"
    ray = "ray"


def _console() -> Console:
    return Console(stderr=True, soft_wrap=True)


def _fail(message: str, code: int = 2) -> None:
    # Plain print: one line, never wrapped, easy to grep.
    print(f"romcam: error: {message}", file=sys.stderr)
    raise typer.Exit(code)


def _print_version(value: bool) -> None:
    if value:
        from romcam import __version__

        print(f"romcam {__version__}")
        raise typer.Exit()


def _main(verbose: bool = typer.Option(False, "--verbose", help="Show MediaPipe's native log lines."),
          version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                       help="Print romcam's version and exit.")) -> None:
    if not verbose:
        from romcam.pose.native_logs import silence_native_stderr

        silence_native_stderr()


def analyze(
    paths: list[Path] = typer.Argument(..., help="Video files, image folders, or folders of videos."),
    out: Path = typer.Option(Path("romcam-out"), "--out", "-o",
                             help="Output folder (one sub-folder per recording when several)."),
    model: Optional[Path] = typer.Option(None, "--model", help="A pose landmarker .task bundle "
                                         "(default: the bundled BlazePose full model)."),
    side: Side = typer.Option(Side.auto, "--side", help="The subject's side to highlight and "
                              "test; auto picks the side nearer the camera."),
    test: str = typer.Option("none", "--test", "-t", help="Which test or exercise the video "
                             "shows (see `romcam test --help`, `romcam exercise --help`)."),
    config: Optional[Path] = typer.Option(None, "--config", help="A TOML file of thresholds "
                                          "(see `romcam config`)."),
    pelvis: Optional[PelvisMethod] = typer.Option(None, "--pelvis", help="How to measure pelvic "
                                                  "tilt: tape (a green strip on the side of the "
                                                  "pelvis), markers (two coloured dots), waistband, "
                                                  "auto (tape, else dots, when seen), off. Default: "
                                                  "auto for standing activities, else off."),
    workers: int = typer.Option(1, "--workers", "-j", min=1, help="Videos processed at once (with "
                                "--engine ray and no cluster address: the CPUs of the local Ray instance)."),
    engine: Engine = typer.Option(Engine.local, "--engine", help="local: this machine's processes; ray: "
                                  "one task per video on Ray (pip install \"romcam[ray]\"), a local "
                                  "instance or the cluster at --ray-address."),
    ray_address: Optional[str] = typer.Option(None, "--ray-address", help="A Ray cluster's address "
                                              "(e.g. ray://head:10001, or auto); default: RAY_ADDRESS, "
                                              "else a local instance. Inputs and --out must be on "
                                              "storage every node sees at the same path."),
    max_people: int = typer.Option(2, "--max-people", min=1, max=6, help="People detected per "
                                   "frame to choose from (1 is fastest but may follow anyone)."),
    one_pose: bool = typer.Option(False, "--one-pose", help="Track one pose while one person is in view, "
                                  "looking for everyone once a second and whenever the pose is not the "
                                  "person followed: up to 1.6x faster; its held-out accuracy differs a "
                                  "little (docs/measurements.md, \"One pose\")."),
    no_video: bool = typer.Option(False, "--no-video", help="Skip annotated.mp4 (faster)."),
    symmetric: bool = typer.Option(False, "--symmetric", help="Also detect on the mirror image "
                                   "and average: a video and its mirror image give the same "
                                   "angles (within 0.1 deg instead of about 1), at half the speed."),
    fps: float = typer.Option(30.0, "--fps", min=1.0, help="Frame rate of image folders."),
    history: bool = typer.Option(False, "--history", help="Add each recording's test result to "
                                 "your history (dated by the video file's time); see `romcam history`."),
    db: Optional[Path] = typer.Option(None, "--db", help="History file (default: ROMCAM_HISTORY or "
                                      "~/.local/share/romcam/history.sqlite)."),
) -> None:
    """Analyse saved videos into frames.csv, result.json and annotated.mp4 per recording."""
    from romcam.pipeline.analyze import AnalyzeOptions
    from romcam.pipeline.batch import expand_inputs, run_jobs, write_summary
    from romcam.pose.people import CHECK_EVERY

    activity = None if test == "none" else _activity(test)
    activity_config, general = _settings(config, activity)
    options = AnalyzeOptions(model=model, side=side.value, test=test, max_people=max_people,
                             check_people_every=CHECK_EVERY if one_pose else 1,
                             config=activity_config, smoothing=general["smoothing"],
                             pelvis=pelvis.value if pelvis else None, symmetric=symmetric,
                             annotate=not no_video, image_fps=fps)
    console = _console()
    try:
        jobs = expand_inputs(paths, out)
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TextColumn("{task.fields[rate]}"), TimeRemainingColumn(),
                      console=console, transient=True) as bar:
            def progress_for(job):
                task = bar.add_task(job.path.name, total=None, rate="")
                started = [None]

                def update(done: int, expected: int) -> None:
                    now = time.perf_counter()
                    started[0] = started[0] or now
                    rate = f"{done / (now - started[0]):.1f} frames/s" if now > started[0] else ""
                    bar.update(task, completed=done, total=max(expected, done) or None, rate=rate)
                return update

            overall = bar.add_task("recordings", total=len(jobs), rate="") if len(jobs) > 1 else None
            def advance(result) -> None:
                if overall is not None:
                    bar.advance(overall)

            if engine == Engine.ray:
                from romcam.pipeline.ray_engine import run_on_ray

                results = run_on_ray(jobs, options, workers, ray_address, on_done=advance)
            else:
                results = run_jobs(jobs, options, workers,
                                   progress_factory=progress_for if workers == 1 else None, on_done=advance)
    except RomcamError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        console.print(f"interrupted: what was processed is saved under {out}")
        raise typer.Exit(130)

    errors = [r for r in results if r.error]
    if len(results) > 1:
        write_summary(out / "summary.csv", results)
    if len(errors) < len(results) or len(results) > 1:
        _print_summary(console, results)  # first: a history that cannot be saved must not hide it
    if history:
        _save_history(console, db, [e for r, job in zip(results, jobs) if not r.error
                                    for e in _history_entries(r.activity_result, r.summary, test, _file_time(job.path),
                                                             r.source, r.pelvis_method)])
    for r in errors:
        print(f"romcam: error: {r.error}", file=sys.stderr)
    if errors:
        raise typer.Exit(2 if len(errors) == len(results) else 1)
    unjudged = [r for r in results if r.summary and all(s.get("verdict") == "unknown" for s in r.summary.values())]
    for r in unjudged:
        why = sorted({f for s in r.summary.values() for f in s.get("flags", []) if f in NOT_JUDGED})
        print(f"romcam: no verdict for {r.source}: {'; '.join(FLAG_MEANINGS[f] for f in why)}", file=sys.stderr)
    if unjudged and len(unjudged) == len(results):
        raise typer.Exit(NO_VERDICT_EXIT)


def _print_summary(console: Console, results) -> None:
    from romcam.pipeline.batch import summary_rows

    table = Table(title="romcam analyze", title_justify="left")
    for col in ("recording", "frames", "person seen", "facing", "verdict", "frames/s", "output"):
        table.add_column(col)
    for r, row in zip(results, summary_rows(results)):
        if r.error:
            table.add_row(r.source, "-", "-", "-", "-", "-", "[red]failed[/]")
            continue
        table.add_row(r.source, str(r.frames), f"{r.detected / max(r.frames, 1):.0%}", r.facing,
                      row["verdict"] or "-", row["processing_fps"], str(r.out_dir))
    Console().print(table)
    for r in results:
        for line in r.outcome:
            console.print(f"{r.source}: {line}", highlight=False)
    for r in results:
        for w in r.warnings:
            console.print(f"[yellow]warning:[/] {r.source}: {w}", highlight=False)


def camera(
    camera_index: int = typer.Option(0, "--camera", "-c", help="Camera index (0 = first camera)."),
    source: Optional[Path] = typer.Option(None, "--source", help="Play a video file through the "
                                          "live loop at its own speed instead of a camera."),
    model: Optional[Path] = typer.Option(None, "--model", help="A pose landmarker .task bundle."),
    side: Side = typer.Option(Side.auto, "--side", help="The subject's side to highlight."),
    no_display: bool = typer.Option(False, "--no-display", help="Run without a window "
                                    "(automatic when there is no display)."),
    save: Optional[Path] = typer.Option(None, "--save", help="Write what the window shows to "
                                        "this video file (.mp4, .avi or .mkv)."),
    seconds: Optional[float] = typer.Option(None, "--seconds", min=0.1, help="Stop after this long."),
    max_people: int = typer.Option(2, "--max-people", min=1, max=6, help="People detected per frame."),
    one_pose: bool = typer.Option(False, "--one-pose", help="Track one pose while one person is in view "
                                  "(see `romcam analyze --help`)."),
) -> None:
    """Live angles on a webcam (q or Esc quits), or a file fed through the same loop."""
    from romcam.pipeline.live import LiveOptions, run_live
    from romcam.io.sources import display_available, open_camera, open_video
    from romcam.pose.people import CHECK_EVERY

    console = _console()
    if not no_display and not display_available():
        console.print("no display found: running without a window"
                      + ("" if save else " (use --save FILE to keep the overlay)"))
    options = LiveOptions(model=model, side=side.value, max_people=max_people,
                          check_people_every=CHECK_EVERY if one_pose else 1,
                          display=not no_display, save=save, max_seconds=seconds)
    try:
        src = open_video(source) if source else open_camera(camera_index)
        stats = run_live(src, options)
    except RomcamError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        console.print("stopped" + (f"; overlay video kept in {save}" if save else ""))
        raise typer.Exit(130)
    console.print(f"{stats.processed} frames shown of {stats.source_frames} ({stats.dropped} "
                  f"dropped to keep up), {stats.fps:.1f} frames/s, latency median "
                  f"{stats.latency_percentile(50):.0f} ms, 95th percentile "
                  f"{stats.latency_percentile(95):.0f} ms", highlight=False)
    if stats.warning:
        console.print(f"[yellow]warning:[/] {stats.warning}", highlight=False)
    if stats.interrupted:
        console.print("stopped" + (f"; overlay video kept in {save}" if save else ""))
        raise typer.Exit(130)


def show_history(
    test: Optional[str] = typer.Option(None, "--test", "-t", help="Only this test."),
    db: Optional[Path] = typer.Option(None, "--db", help="History file (default: ROMCAM_HISTORY or "
                                      "~/.local/share/romcam/history.sqlite)."),
    html_out: Optional[Path] = typer.Option(None, "--html", help="Also write a page with the programme's "
                                            "adherence and a chart per test and side to this file."),
    config: Optional[Path] = typer.Option(None, "--config", help="A TOML file whose \\[routine] table sets the "
                                          "sessions-a-day target (see `romcam config`)."),
) -> None:
    """Your test results week by week, how far each side has come since the first week, how
    regularly you have followed the programme, and your sitting time at the desk."""
    import math

    from datetime import date

    from romcam.history.desk_log import load_days
    from romcam.history.store import load, load_log, trend, weekly
    from romcam.programme.adherence import adherence

    path = _history_path(db)
    _, general = _settings(config)
    try:
        entries = load(path, test)
        done = adherence(load_log(path), general["routine"].sessions_per_day, general["routine"].weeks, date.today())
        desk_days = load_days(path)
    except RomcamError as exc:
        _fail(str(exc))
    if not entries and done is None and not desk_days:
        _fail(f"no {test + ' ' if test else ''}results in {path} yet")
    if done is not None:
        print(f"programme: {done.summary()}")
    if desk_days:
        _print_desk_days(desk_days)
    weeks = weekly(entries)
    if not entries:
        print("no test results yet: `romcam test hip-extension` measures your hips")
    table = Table(title=f"romcam history ({len(entries)} results)", title_justify="left")
    for col in ("week of", "test", "side", "sessions", "best", "knee", "verdict", "not counted"):
        table.add_column(col, no_wrap=col in ("week of", "verdict"))  # dates and words stay whole
    for w in weeks:
        knee = f"{w.knee_flexion_deg:.1f}" if math.isfinite(w.knee_flexion_deg) else "-"
        best = f"{w.best_deg:+.1f}" if math.isfinite(w.best_deg) else "-"
        best += f" +-{w.best_pm_deg:.1f}" if math.isfinite(w.best_pm_deg) and best != "-" else ""
        table.add_row(w.week_start.strftime("%Y-%m-%d"), w.test, w.side, str(w.sessions), best, knee, w.verdict,
                      str(w.unchecked) if w.unchecked else "")
    Console().print(table)
    measured = [a for a in activities() if a.history and any(w.test == a.name for w in weeks)]
    print("best: " + "; ".join(
        f"{a.name} = {'highest' if a.history.higher_is_better else 'lowest'} {a.history.name} "
        f"(normal {a.history.normal_deg[0]:g} to {a.history.normal_deg[1]:g} deg)" for a in measured))
    for (name, side), words in trend(weeks).items():
        print(f"{name}, {side} leg: {words}")
    if any(w.unchecked for w in weeks):
        print("not counted: sessions compensated, unfinished, or with the low back, trunk or camera view "
              "not checked (kept in the history, not charted as progress)")
    if html_out:
        from romcam.render.history_page import build_history_report
        from romcam.io.outputs import write_text

        try:
            write_text(html_out, build_history_report(weeks, entries, str(path), done, desk_days))
        except RomcamError as exc:
            _fail(str(exc))
        print(f"chart written to {html_out}")


def _print_desk_days(days) -> None:
    """The last week at the desk, a line a day."""
    for d in days[-7:]:
        print(f"desk {d.day:%a %Y-%m-%d}: {d.sitting_min // 60} h {d.sitting_min % 60:02d} min sitting ({d.band}), "
              f"longest run {d.longest_run_min} min, {d.breaks} breaks, {d.reminders} reminders")


def _history_path(db: Optional[Path]) -> Path:
    from romcam.history.store import default_path

    return db or default_path()


def _file_time(path: Path):
    from datetime import datetime, timezone

    return datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)


def _save_history(console: Console, db: Optional[Path], entries: list) -> None:
    from romcam.history.store import save

    if not entries:
        tests = " or ".join(a.name for a in activities("test") if a.history)
        console.print("[yellow]warning:[/] nothing added to your history: --history needs --test "
                      f"{tests} and a trial found", highlight=False)
        return
    path = _history_path(db)
    try:
        save(path, entries)
    except RomcamError as exc:
        _fail(str(exc))
    console.print(f"added {len(entries)} result(s) to your history: {path} (see `romcam history`)",
                  highlight=False)


def _run_session(console: Console, session, options, source: Optional[Path], camera_index: int,
                 record: Optional[Path]) -> tuple[dict, object, bool]:
    """A live session on the camera or a file played like one; Ctrl-C keeps what was recorded."""
    from romcam.pipeline.live import run_live
    from romcam.io.sources import display_available, open_camera, open_video

    if options.display and not display_available():
        console.print("no display found: running without a window")
    _stop_on_sigterm()
    try:
        src = open_video(source) if source else open_camera(camera_index)
        stats = run_live(src, options, session=session, record=record)
    except RomcamError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:  # before the session began
        console.print("stopped")
        raise typer.Exit(130)
    if stats.interrupted:
        console.print("stopped" + (f"; the session so far is saved in {record}" if record else ""))
    return stats.result or {}, stats.activity_result, stats.interrupted


def _print_notes(console: Console, result: dict, record: Optional[Path],
                 keys: tuple[str, ...] = ("trials", "holds", "reps", "summary")) -> None:
    """Meanings and warnings; then where the session is, or its main figures as JSON."""
    import json

    for meaning in result.get("meanings", {}).values():
        console.print(f"  {meaning}", highlight=False)
    for warning in result.get("warnings", []):
        console.print(f"[yellow]warning:[/] {warning}", highlight=False)
    if record:
        console.print(f"session saved in {record}")
    else:
        console.print(json.dumps({k: result[k] for k in keys if k in result}))


def _stop_on_sigterm() -> None:
    """Treat SIGTERM like Ctrl-C so recordings are closed properly."""
    import signal

    def handler(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


# ---- tests and exercises: one command per kind, its choices from the activity registry ----------

# Command-line shortcuts for the config fields people change most.
SHORTCUTS = {"trials_per_side": "--trials", "hold_s": "--hold", "reps_per_side": "--reps"}


def _activity(name: str) -> Activity:
    known = {a.name: a for a in activities()}
    if name not in known:
        _fail(f"no test or exercise named {name!r} (known: {', '.join(known)})")
    return known[name]


def _general_tables() -> dict[str, object]:
    """The --config tables that are not a test or exercise, with their defaults."""
    from romcam.activities.setup_check import SetupConfig
    from romcam.kinematics.recording import Smoothing
    from romcam.desk.config import DeskConfig
    from romcam.programme.routine import RoutineConfig

    return {"setup": SetupConfig(), "smoothing": Smoothing(), "routine": RoutineConfig(), "desk": DeskConfig()}


def _config_tables(path: Optional[Path]) -> dict[str, dict]:
    """The tables of a --config file, each naming a test, an exercise, [setup] or [smoothing]."""
    if path is None:
        return {}
    tables = read_toml(path)
    unknown = sorted(set(tables) - {a.name for a in activities()} - set(_general_tables()))
    if unknown:
        raise RomcamError(f"{path}: no test or exercise named [{unknown[0]}] (see `romcam config`)")
    return tables


def _settings(path: Optional[Path], activity: Optional[Activity] = None, **shortcuts) -> tuple[object, dict]:
    """(the activity's config or None, {"setup": ..., "smoothing": ...}): defaults, then the
    --config file's tables (the file read once), then the shortcuts given (--trials, ...)."""
    try:
        tables = _config_tables(path)

        def table(name: str, defaults):
            return with_values(defaults, tables.get(name, {}), f"{path} [{name}]")

        general = {name: table(name, defaults) for name, defaults in _general_tables().items()}
        if activity is None:
            return None, general
        config = table(activity.name, activity.config())
        given = {field: value for field, value in shortcuts.items() if value is not None}
        unknown = [SHORTCUTS[field] for field in given if not hasattr(config, field)]
        if unknown:
            raise RomcamError(f"{unknown[0]} does not apply to {activity.name}")
        return with_values(config, given, activity.name), general
    except RomcamError as exc:
        _fail(str(exc))


def _history_entries(activity_result, summary: dict, test: str, when, source: str, pelvis: str = "") -> list:
    """summary: result.json's, for each side's +- (the typed result does not know the camera)."""
    from romcam.history.store import entries_from

    if not activity_result:
        return []
    margins = {side: s["peak_thigh_vs_vertical_pm_deg"] for side, s in (summary or {}).items()
               if "peak_thigh_vs_vertical_pm_deg" in s}
    entries = entries_from(test, activity_result.side_measures(), when, source, margins, pelvis)
    if getattr(activity_result, "unfinished", None):  # a guided test stopped early says so there too
        for entry in entries:
            entry.flags = ",".join(filter(None, [entry.flags, "unfinished"]))
    return entries


def _activity_command(kind: str):
    """`romcam test NAME` or `romcam exercise NAME`, NAME any registered activity of that kind."""
    known = activities(kind)
    names = Enum(f"{kind.title()}Name", {a.name: a.name for a in known}, type=str)
    listing = "; ".join(f"{a.name}: {a.summary}" for a in known)

    def run(
        name=typer.Argument(..., help=listing, show_default=False),
        camera_index: int = typer.Option(0, "--camera", "-c", help="Camera index (0 = first camera)."),
        source: Optional[Path] = typer.Option(None, "--source", help="Play a video file through the "
                                              "live session instead of a camera."),
        record: Optional[Path] = typer.Option(None, "--record", help="Folder to save the session in: "
                                              "video.mkv, frames.csv, landmarks.csv, result.json."),
        trials: Optional[int] = typer.Option(None, "--trials", help="Tests: trials per leg (hip-extension: 3)."),
        hold: Optional[float] = typer.Option(None, "--hold", help="Stretches: seconds to hold per leg "
                                             "(30); only seconds with good form count."),
        reps: Optional[int] = typer.Option(None, "--reps", help="Strength exercises: reps per leg (10); "
                                           "only reps with good form count."),
        one_side: bool = typer.Option(False, "--one-side", help="Only the leg facing the camera."),
        pelvis: Optional[PelvisMethod] = typer.Option(None, "--pelvis", help="How pelvic tilt (a low-back "
                                                      "arch) is seen: tape (a green strip on the side "
                                                      "of the pelvis, front to back bony point), markers "
                                                      "(green and magenta dots), waistband, auto, or "
                                                      "off (not checked)."),
        config: Optional[Path] = typer.Option(None, "--config", help="A TOML file of thresholds "
                                              "(see `romcam config`)."),
        model: Optional[Path] = typer.Option(None, "--model", help="A pose landmarker .task bundle."),
        no_display: bool = typer.Option(False, "--no-display", help="Run without a window."),
        save: Optional[Path] = typer.Option(None, "--save", help="Also write what the window shows "
                                            "to this video file."),
        seconds: Optional[float] = typer.Option(None, "--seconds", min=0.1, help="Stop after this long."),
        history: bool = typer.Option(True, "--history/--no-history", help="Add the result (tests) or "
                                     "what was done (exercises) to your history (see `romcam history`)."),
        db: Optional[Path] = typer.Option(None, "--db", help="History file (default: ROMCAM_HISTORY or "
                                          "~/.local/share/romcam/history.sqlite)."),
    ) -> None:
        from romcam.pipeline.live import LiveOptions

        activity = _activity(name.value)
        console = _console()
        cfg, general = _settings(config, activity, trials_per_side=trials, hold_s=hold, reps_per_side=reps)
        pelvis_method = pelvis.value if pelvis else activity.pelvis_default
        session = activity.session(cfg, SessionOptions(both_sides=not one_side, pelvis=pelvis_method,
                                                       setup=general["setup"]))
        options = LiveOptions(model=model, display=not no_display, save=save, max_seconds=seconds,
                              pelvis=pelvis_method)
        result, outcome, interrupted = _run_session(console, session, options, source, camera_index, record)
        _print_outcome(console, result)
        _print_notes(console, result, record)
        if activity.history and history and result.get("summary"):
            from datetime import datetime, timezone

            when, source_name = datetime.now(timezone.utc), str(source) if source else f"camera {camera_index}"
            _save_history(console, db, _history_entries(outcome, result.get("summary"), activity.name, when,
                                                        source_name, result.get("pelvic_tilt_method", "")))
        if activity.kind == "exercise" and history and outcome is not None:
            from datetime import datetime, timezone

            from romcam.cli.routine import _save
            from romcam.history.store import log_rows

            when = datetime.now(timezone.utc)
            _save(console, _history_path(db), log_rows(when.strftime("exercise-%Y%m%dT%H%M%S"), activity.name,
                                                       outcome.log_items(), when))
        if interrupted:
            raise typer.Exit(130)

    run.__annotations__["name"] = names  # the choices exist only now, from the registry
    run.__doc__ = ("A guided live test: setup check, instructions on screen, trials, verdict per side."
                   if kind == "test" else "A coached exercise: cues on screen, holds timed only with "
                   "good form, reps counted only when right.")
    return run


def _print_outcome(console: Console, result: dict) -> None:
    from romcam.render.outcome import outcome_lines

    for line in outcome_lines(result):
        console.print(line, highlight=False)


def show_config(
    name: Optional[str] = typer.Argument(None, help="Only this test or exercise."),
) -> None:
    """Print every threshold with its unit and meaning, as a TOML file for --config."""
    from romcam.settings import describe

    chosen = [_activity(name)] if name else activities()
    print("# romcam thresholds: save as a file, change what you need, delete the rest, and pass it")
    print("# with --config FILE to `romcam analyze`, `romcam test` or `romcam exercise`.")
    for activity in chosen:
        print(f"\n# {activity.kind} {activity.name}: {activity.summary}")
        print(describe(activity.config(), activity.name))
    if not name:
        notes = {"setup": "what the setup check of a live test or exercise asks of the view",
                 "smoothing": "how romcam analyze smooths the angles of a saved video",
                 "routine": "the programme `romcam routine` follows: what, how often, for how long",
                 "desk": "`romcam desk`: how often it looks, when it reminds you to stand, quiet hours"}
        for table, defaults in _general_tables().items():
            print(f"\n# {notes[table]}")
            print(describe(defaults, table))


def build_app() -> typer.Typer:
    """The `romcam` command, with the tests and exercises registered now."""
    app = typer.Typer(
        help="romcam: hip extension, pelvic tilt and trunk angles from a side-view camera or video.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    app.callback()(_main)
    app.command()(analyze)
    app.command()(camera)
    app.command("test")(_activity_command("test"))
    app.command("exercise")(_activity_command("exercise"))
    app.command("routine", help=ROUTINE_HELP)(routine)
    app.command("desk", help=DESK_HELP)(desk)
    app.command("history")(show_history)
    app.command("config")(show_config)
    return app


app = build_app()


def main() -> None:
    """The `romcam` program: usage errors in one line (exit 2), SIGTERM handled like Ctrl-C
    (what was processed is kept, exit 130 or the command's own)."""
    signal.signal(signal.SIGTERM, _terminate)
    # A script's background jobs start with SIGINT ignored, and Python then never raises
    # KeyboardInterrupt: `kill -INT` (a supervisor, a test) would be lost on a recording.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        code = app(prog_name="romcam", standalone_mode=False)
    except typer.Exit as exc:
        code = exc.exit_code
    except (typer.Abort, KeyboardInterrupt):
        print("romcam: interrupted", file=sys.stderr)
        code = 130
    except Exception as exc:
        # Click's usage errors (typer may carry its own copy of click: matched by shape, not class)
        if not (hasattr(exc, "format_message") and isinstance(getattr(exc, "exit_code", None), int)):
            raise
        if not exc.format_message():  # `romcam` alone: the help was shown, nothing went wrong
            sys.exit(0)
        usage = any(cls.__name__ == "UsageError" for cls in type(exc).__mro__)
        ctx = getattr(exc, "ctx", None)
        hint = f" (see `{ctx.command_path if ctx else 'romcam'} --help`)" if usage else ""
        print(f"romcam: error: {exc.format_message()}{hint}", file=sys.stderr)
        code = exc.exit_code
    sys.exit(code if isinstance(code, int) else 0)


def _terminate(signum, frame) -> None:
    # A closing terminal or a service manager: the same clean stop as Ctrl-C.
    raise KeyboardInterrupt
