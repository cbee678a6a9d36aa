"""The live loop: camera (or a file played at its own speed) -> pose -> angles -> window.

A file given with --source goes through exactly this loop, paced like a camera, which is how
the live path is tested without a webcam. Frames are dropped, not queued, when detection is
slower than the source, so the overlay never lags further and further behind. Detection runs on
a thread of its own, one frame ahead of following and drawing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from romcam.pose.people import PeopleDetector
from romcam.uncertainty import add_margins
from romcam.errors import RomcamError
from romcam.pipeline.frame_state import LiveAngles, LiveState
from romcam.render.overlay import Overlay
from romcam.io.outputs import read_frames_csv, write_text
from romcam.io.recorder import SessionRecorder
from romcam.render.report import build_report
from romcam.io.sinks import VideoSink
from romcam.io.sources import Source, display_available, paced, prefetch, with_rgb
from romcam.io.workers import quick_handoffs


@dataclass
class LiveOptions:
    model: Path | None = None
    side: str = "auto"
    max_people: int = 2
    check_people_every: int = 1  # 1: everyone looked for on every frame; CHECK_EVERY: --one-pose
    display: bool = True
    save: Path | None = None
    max_seconds: float | None = None
    pelvis: str = "off"  # pelvic tilt method: auto, markers, waistband or off
    speaker: Any = None  # romcam.io.speech.Speaker: a session's first line spoken when it changes


@dataclass
class LiveStats:
    source_frames: int = 0
    processed: int = 0
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    result: dict | None = None  # a session's result, as in result.json
    activity_result: Any = None  # the same, typed (trials, holds or reps)
    interrupted: bool = False  # stopped by Ctrl-C or SIGTERM (what was done is kept)
    warning: str | None = None  # the source's own (a camera that stopped delivering images)

    @property
    def dropped(self) -> int:
        return max(self.source_frames - self.processed, 0)

    @property
    def fps(self) -> float:
        return self.processed / self.seconds if self.seconds > 0 else float("nan")

    def latency_percentile(self, q: float) -> float:
        return float(np.percentile(self.latencies_ms, q)) if self.latencies_ms else float("nan")


def run_live(source: Source, options: LiveOptions,
             on_state: Callable[[LiveState], None] | None = None,
             session=None, record: Path | None = None) -> LiveStats:
    """Run until the source ends, the user quits (q/Esc/closing the window), or Ctrl-C.

    session: a live test or exercise (an activity's session, romcam.activities.registry) fed
    every frame; its instructions are drawn on screen.
    record: a folder that receives the raw video, per-frame landmarks and angles, and
    result.json as they happen (kept on Ctrl-C).
    """
    info = source.info
    frame_size = (info.width, info.height)
    live = LiveAngles(frame_size, options.side, pelvis=options.pelvis)
    overlay = Overlay(frame_size, readouts=session.activity.readouts) if session else Overlay(frame_size)
    activity = session.activity if session else None
    panel = activity.panel_values(session.config) if activity and activity.panel_values else None
    stats = LiveStats()
    counted = _count(source.frames() if source.live else paced(source.frames()), stats)
    sink = VideoSink(options.save, info.fps, frame_size) if options.save else None
    recorder = SessionRecorder(record, frame_size) if record else None
    guidance, shown = None, None
    window = None
    if options.display and display_available():
        from romcam.io.window import Window  # OpenCV's GUI only where there is a screen

        window = Window(frame_size)
    started = None  # the first frame: loading the model is not part of --seconds or frames/s
    try:
        with PeopleDetector(options.model, max_people=options.max_people, with_mask=options.pelvis != "off",
                            check_every=options.check_people_every) as detector, quick_handoffs(), \
                closing(prefetch(_detected(prefetch(with_rgb(counted), latest_only=True), detector, live),
                                 depth=1)) as detected:
            for frame, poses in detected:
                started = started or time.monotonic()
                t_s = frame.t_ms / 1000.0
                state = live.update(poses, t_s, frame.image)
                if session is not None:
                    guidance = session.update(t_s, state, frame.image)
                    if options.speaker is not None and guidance.lines:
                        options.speaker.say(guidance.lines[0])
                if recorder is not None:
                    recorder.write(frame, state)
                    if guidance is not None and guidance.new_trials:
                        recorder.save_result(session_result(session, info, live))
                angles = state.angles | (panel.update(t_s, state.angles, state.near_side) if panel else {})
                shown = overlay.annotate(frame.image, state.xy, state.near_side, angles,
                                         state.status, guidance.lines if guidance else None,
                                         alert=bool(guidance and guidance.alert))
                if sink is not None:
                    sink.write(shown, frame.t_ms)
                if window is not None and not window.show(shown):
                    break
                if frame.captured_at is not None:
                    stats.latencies_ms.append((time.monotonic() - frame.captured_at) * 1000.0)
                stats.processed += 1
                if on_state is not None:
                    on_state(state)
                if options.max_seconds and time.monotonic() - started > options.max_seconds:
                    break
                if guidance is not None and guidance.done and window is None:
                    break  # nobody to read the final screen
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: the session so far is the result
        stats.interrupted = True
    finally:
        stats.seconds = time.monotonic() - started if started else 0.0
        stats.warning = (source.report or {}).get("warning") if source.live else None
        if session is not None:
            stats.activity_result = session.result()
            stats.result = session_result(session, info, live)
            if stats.warning:
                stats.result["warnings"].insert(0, stats.warning)
        if recorder is not None:
            if session is not None:
                recorder.save_result(stats.result)
            recorder.close()
            if session is not None:  # what analyze writes too, from the recorded frames.csv
                frames = read_frames_csv(recorder.folder / "frames.csv")
                write_text(recorder.folder / "report.html", build_report(stats.result, frames["t_s"], frames, []))
        if sink is not None:
            sink.close()
        if options.speaker is not None:
            options.speaker.close()
        if window is not None:
            if session is not None and shown is not None and not stats.interrupted:
                window.hold(shown)  # the verdict stays until the person closes the window
            window.close()
    if stats.processed == 0:
        raise RomcamError(f"{info.name}: no frames arrived")
    return stats


def _detected(frames, detector: PeopleDetector, live: LiveAngles):
    """(frame, poses), run on a thread of its own (inside prefetch): the model works on the next
    frame while the loop follows, draws and shows this one, so romcam's own work per frame is
    not added to the model's. With --one-pose the lock judging a one-pose answer may be a frame
    behind; the next frame's check catches what it missed."""
    try:
        for frame in frames:
            yield frame, detector.detect(frame.image, frame.t_ms, live.lock.accepts, frame.rgb)
    finally:
        frames.close()


def session_result(session, info, live: LiveAngles) -> dict:
    """result.json of a live session: for tests, the same shape as `romcam analyze` writes."""
    from romcam import __version__

    activity = session.activity
    outcome = session.result()
    result = {activity.kind: activity.name, "source": info.name, "romcam_version": __version__,
                                 "fps": round(info.fps, 3), "facing": live.facing, "vertical": "image",
                                 "live": True}
    result |= outcome.to_json()
    result["camera"] = live.camera.to_json()
    result["pelvic_tilt_method"] = live.conditions.pelvis
    result["warnings"] = outcome.warnings + list(live.lock.events)
    add_margins(result, live.conditions)
    return result


def _count(frames, stats: LiveStats):
    for frame in frames:
        stats.source_frames += 1
        yield frame
