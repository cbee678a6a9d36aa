"""Analyse saved videos: the Python API behind `romcam analyze`.

One pass over the video: decode (in a background thread), detect, follow the person, draw the
annotated frame with causally smoothed angles and write it. Afterwards the whole recording is
smoothed without lag and written to frames.csv and result.json.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from romcam import __version__
from romcam.pose.detector import check_model
from romcam.pose.people import PeopleDetector
from romcam.errors import RomcamError
from romcam.pipeline.frame_state import LiveAngles
from romcam.io.outputs import write_frames_csv, write_json, write_landmarks_csv, write_text
from romcam.render.overlay import Overlay
from romcam.activities.hip_extension import HipExtensionConfig
from romcam.activities.registry import Activity, activities, get as get_activity
from romcam.pelvis.tilt import PelvisCollector
from romcam.pose.records import PoseTrack
from romcam.render.outcome import outcome_lines, timeline_spans, trial_lines
from romcam.render.report import build_report
from romcam.uncertainty import Conditions, add_margins
from romcam.kinematics.recording import RecordingAngles, Smoothing, analyse_track
from romcam.io.sinks import BackgroundWriter, VideoSink
from romcam.io.workers import InlineWorker, ThreadWorker, quick_handoffs
from romcam.io.sources import Source, open_image_folder, open_video, prefetch, with_rgb

ANNOTATED_MAX_SIDE = 1280  # the annotated video's long side at most
END_CARD_S = 3.0  # the annotated video ends on the verdict, held this long
Progress = Callable[[int, int], None]  # (frames done, frames expected or 0)


@dataclass
class AnalyzeOptions:
    model: Path | None = None
    side: str = "auto"
    test: str = "none"  # or any registered activity (romcam.activities.registry)
    config: Any = None  # the activity's config (thresholds); None: its defaults
    pelvis: str | None = None  # auto, markers, waistband or off; None: the activity's default
    max_people: int = 2
    # 1: everyone looked for on every frame (romcam's measured default); CHECK_EVERY: --one-pose
    check_people_every: int = 1
    symmetric: bool = False  # average with the mirror image: mirror-consistent, half the speed
    annotate: bool = True
    # decoding, detection, following and drawing + encoding on four threads; False: one after the other on
    # one thread, the reference the pipelined run must equal bit for bit
    pipelined: bool = True
    image_fps: float = 30.0
    smoothing: Smoothing = field(default_factory=Smoothing)


@dataclass
class AnalysisResult:
    source: str
    out_dir: Path
    frames: int
    detected: int
    fps: float
    facing: str
    seconds: float
    warnings: list[str]
    error: str | None = None
    summary: dict = field(default_factory=dict)  # the test's verdict per side
    activity_result: Any = None  # the activity's typed result (trials, holds or reps)
    outcome: list[str] = field(default_factory=list)  # the result in a line per side
    pelvis_method: str = "off"  # how the pelvic tilt was read (tape, markers, waistband, off)

    @property
    def processing_fps(self) -> float:
        return self.frames / self.seconds if self.seconds > 0 else math.nan


def open_input(path: Path, image_fps: float = 30.0) -> Source:
    path = Path(path)
    if path.is_dir():
        return open_image_folder(path, image_fps)
    return open_video(path)


# Files one analysis writes: a new run into the same folder replaces all of them, so nothing
# stale (an old annotated.mp4 beside new results after --no-video) is left to be mistaken.
OUTPUT_FILES = ("frames.csv", "result.json", "landmarks.csv", "report.html", "annotated.mp4")


def prepare_out_dir(out_dir: Path) -> Path:
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe = out_dir / ".romcam-write-test"
        probe.write_text("")
        probe.unlink()
        if (out_dir / "result.json").is_file():  # an earlier analysis (not someone's own files)
            for name in OUTPUT_FILES:
                (out_dir / name).unlink(missing_ok=True)
    except OSError as exc:
        raise RomcamError(f"cannot write to output folder {out_dir}: {exc.strerror or exc}") from None
    return out_dir


def analyze(path: Path, out_dir: Path, options: AnalyzeOptions = AnalyzeOptions(),
            progress: Progress | None = None) -> AnalysisResult:
    """Analyse one video file or image folder into out_dir. Raises RomcamError on bad input.

    Whatever was processed is written even when interrupted (Ctrl-C) or when nobody is found;
    the exception is re-raised afterwards.
    """
    source = open_input(path, options.image_fps)
    check_model(options.model)  # an unusable model is said before any output folder is made
    out_dir = prepare_out_dir(out_dir)
    info = source.info
    frame_size = (info.width, info.height)
    live = LiveAngles(frame_size, options.side,
                      max_yaw_corrected_deg=options.smoothing.max_yaw_corrected_deg)
    activity = get_activity(options.test) if options.test != "none" else None
    overlay = Overlay(frame_size, max_side=ANNOTATED_MAX_SIDE, **({"readouts": activity.readouts} if activity else {}))
    # Only what the whole-recording analysis needs is kept per frame: memory stays flat.
    xy, visibility, world, times = [], [], [], []
    started = time.perf_counter()
    writer = None
    if options.annotate:
        writer = BackgroundWriter(VideoSink(out_dir / "annotated.mp4", info.fps, overlay.size), overlay.annotate,
                                  inline=not options.pipelined)
    panel = activity.panel_values(options.config or activity.config()) if activity and activity.panel_values else None
    pelvis_method = options.pelvis or (activity.pelvis_default if activity else "off")
    pelvis = PelvisCollector(pelvis_method) if pelvis_method != "off" else None
    last_drawn, completed = None, False

    def follow(frame, pose, people: int, events_before: bool) -> None:
        """Everything after the lock's choice, in frame order on its own thread (pipelined)."""
        nonlocal last_drawn
        t_s = frame.t_ms / 1000.0
        state = live.follow(pose, people, events_before, t_s)
        if pelvis is not None:
            pelvis.add(frame.image, pose.xy if pose else None, pose.mask if pose else None,
                       1 if state.facing == "right" else -1)
        xy.append(pose.xy if pose else None)
        visibility.append(pose.visibility if pose else None)
        world.append(pose.world if pose else None)
        times.append(t_s)
        if writer is not None:
            shown = state.angles | (panel.update(t_s, state.angles, state.near_side) if panel else {})
            last_drawn = (frame.image, state.xy, state.near_side, shown)
            writer.submit(*last_drawn, state.status)
        if progress is not None:
            progress(len(times), info.frame_count)

    # Pipelined: decoding (and the model's RGB copy), detection (with the lock, which the next
    # frame's detection asks), following (smoothing, angles, pelvis) and drawing + encoding each
    # on a thread of its own, in frame order; all but detection at a lower priority, so the
    # model, the bound, never waits for a core.
    follower = (ThreadWorker if options.pipelined else InlineWorker)(follow, 8, "romcam-follow", background=True)
    follow_error = None
    try:
        with PeopleDetector(options.model, max_people=options.max_people, with_mask=pelvis is not None,
                            symmetric=options.symmetric, check_every=options.check_people_every) as detector, \
                quick_handoffs():
            for frame in prefetch(with_rgb(source.frames()), background=True) if options.pipelined else source.frames():
                candidates = detector.detect(frame.image, frame.t_ms, live.lock.accepts, frame.rgb)
                pose = live.lock.update(candidates, frame.t_ms / 1000.0)
                follower.submit(frame, pose, len(candidates), bool(live.lock.events))
        completed = True
    finally:
        try:
            follower.close()
        except BaseException as exc:  # raised once the outputs of the frames followed are written
            follow_error = exc
        if writer is not None:
            writer.drain()
        seconds = time.perf_counter() - started  # the pass over the video, as the bare model loop
        try:
            track = PoseTrack.from_arrays(xy, visibility, times, frame_size, live.lock.events, world)
            rec = analyse_track(track, info.fps, options.smoothing)
            if pelvis is not None and len(track):
                tilt, conf, used = pelvis.series(rec.facing_sign if rec.facing_sign is not None else rec.facing.sign,
                                                 rec.t_s, info.fps)
                rec.angles["pelvic_tilt_deg"], rec.angles["pelvic_tilt_conf"] = tilt, conf
                rec.pelvis_method = used
            if not completed:  # stopped by the person, not a short file
                rec.warnings.insert(0, f"interrupted after {len(times)} frames: the rest was not analysed")
            elif source.report and source.report.get("warning"):
                rec.warnings.insert(0, source.report["warning"])
            activity_result, result_json = write_outputs(out_dir, info.name, info.fps, rec, options, activity,
                                                         frame_size)
            write_landmarks_csv(out_dir / "landmarks.csv", track.xy, track.visibility, track.t_s)
            if writer is not None and completed and activity is not None and last_drawn is not None:
                # the verdict and each trial, over the last frame (interrupted runs have none)
                card = [f"{activity.name}: result"] + outcome_lines(result_json) + trial_lines(result_json)[:6]
                spans = timeline_spans(result_json, float(rec.t_s[-1] - rec.t_s[0]), activity.colours)
                writer.submit(*last_drawn, [], card, False, spans, repeat=int(round(END_CARD_S * info.fps)))
        finally:
            if writer is not None:
                writer.close()
        video = out_dir / "annotated.mp4" if options.annotate else Path(path)
        key_frames = read_key_frames(video, key_moments(result_json, rec))
        write_text(out_dir / "report.html", build_report(result_json, rec.t_s, rec.angles, key_frames))
    if follow_error is not None:  # (an error raised in the loop is on its way already)
        raise follow_error
    result = AnalysisResult(info.name, out_dir, len(track), int(track.detected.sum()), info.fps,
                            rec.facing.name, seconds, result_json["warnings"],
                            summary=result_json["summary"], activity_result=activity_result,
                            outcome=outcome_lines(result_json), pelvis_method=rec.pelvis_method)
    if result.frames == 0:
        raise RomcamError(f"{info.name}: no frames could be decoded")
    if result.detected == 0:
        raise RomcamError(f"{info.name}: no person found in any of {result.frames} frames "
                          f"(outputs kept in {out_dir})")
    posture = recorded_posture(rec)
    if activity is not None and posture is not None and posture != trunk_posture(activity.posture):
        other = [a.name for a in activities() if trunk_posture(a.posture) == posture and a.kind == activity.kind]
        raise RomcamError(f"{info.name}: the person is {posture} in most frames, and --test {activity.name} needs "
                          f"them {activity.posture}" + (f" (for this video: --test {other[0]})" if other else "")
                          + f"; outputs kept in {out_dir}")
    return result


LYING_FROM_DEG = 60.0  # trunk this far from upright: lying (a forward lean stops well before)
# ... and this far, upside down: not a posture but a misread (a camera looking steeply down on
# the head reads the trunk turned over), so no posture is claimed from it.
UPSIDE_DOWN_FROM_DEG = 120.0
POSTURE_SHARE = 0.8  # of the frames with a trunk: one posture this often is the recording's


def trunk_posture(posture: str) -> str:
    """What the trunk alone tells of an activity's posture: kneeling is upright, as standing."""
    return "lying" if posture == "lying" else "standing"


def recorded_posture(rec: RecordingAngles) -> str | None:
    """"standing" or "lying" when one of them holds in most frames with a trunk, else None."""
    trunk = np.abs(rec.angles["trunk_lean_deg"])
    trunk = trunk[np.isfinite(trunk)]
    if not len(trunk):
        return None
    lying = float(np.mean((trunk > LYING_FROM_DEG) & (trunk < UPSIDE_DOWN_FROM_DEG)))
    if float(np.mean(trunk >= UPSIDE_DOWN_FROM_DEG)) > 1 - POSTURE_SHARE:
        return None
    return "lying" if lying >= POSTURE_SHARE else "standing" if lying <= 1 - POSTURE_SHARE else None


def key_moments(result: dict, rec: RecordingAngles) -> list[tuple[str, int]]:
    """(caption, frame index) worth showing: each trial's peak or hold, else the start."""
    moments = []
    for i, trial in enumerate(result["trials"], 1):
        t = trial.get("peak_s", (trial["start_s"] + trial["end_s"]) / 2)
        caption = f"trial {i}, {trial['side']} leg: {trial['verdict']}"
        moments.append((caption, int(np.argmin(np.abs(rec.t_s - t)))))
    for i, rep in enumerate(result.get("reps", []), 1):
        caption = f"rep {i}, top: " + ("counted" if rep["counted"] else ", ".join(rep["faults"]))
        moments.append((caption, int(np.argmin(np.abs(rec.t_s - rep["peak_s"])))))
    if not moments and rec.detected.any():
        moments.append(("first frame with the person", int(np.argmax(rec.detected))))
    return moments[:8]


def read_key_frames(video: Path, moments: list[tuple[str, int]], width: int = 480) -> list[tuple[str, bytes]]:
    """Captioned JPEGs of the given frame indices of a video file or an image folder."""
    frames = []
    for caption, index, image in _images_at(video, moments):
        scale = width / image.shape[1]
        image = cv2.resize(image, (width, int(round(image.shape[0] * scale))))
        ok, jpeg = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 80])
        if ok:
            frames.append((f"{caption} ({index})", jpeg.tobytes()))
    return frames


def _images_at(path: Path, moments: list[tuple[str, int]]):
    """(caption, index, image) for each moment whose frame can be read."""
    if path.is_dir():  # an image folder: its frames are its readable images, in order
        wanted = {index for _, index in moments}
        images = {f.index: f.image for f in open_image_folder(path).frames() if f.index in wanted}
        yield from ((caption, index, images[index]) for caption, index in moments if index in images)
        return
    cap = cv2.VideoCapture(str(path))
    try:
        for caption, index in moments:
            cap.set(cv2.CAP_PROP_POS_FRAMES, index)
            ok, image = cap.read()
            if ok:
                yield caption, index, image
    finally:
        cap.release()


def analyse_activity(activity: Activity | None, rec: RecordingAngles, config: Any = None, side: str = "auto"):
    """The activity's typed result over a whole recording (None without an activity)."""
    if activity is None:
        return None
    result = activity.analyse(rec.t_s, rec.angles, config or activity.config(), rec.near_side)
    if hasattr(result, "refuse_oblique"):  # tests whose angles are only trusted side-on
        result.refuse_oblique(rec.camera.yaw_deg)
    return result if side == "auto" else result.only(side)


def write_outputs(out_dir: Path, name: str, fps: float, rec: RecordingAngles, options: AnalyzeOptions,
                  activity: Activity | None, frame_size: tuple[int, int]) -> tuple[Any, dict]:
    """frames.csv and result.json; returns the activity's typed result and the JSON written."""
    write_frames_csv(out_dir / "frames.csv", rec)
    activity_result = analyse_activity(activity, rec, options.config, options.side)
    result = {
        "test": options.test,
        "source": name,
        "romcam_version": __version__,
        "fps": round(fps, 3),
        "frames": len(rec.t_s),
        "detected_frames": int(rec.detected.sum()),
        "bridged_frames": int(rec.bridged.sum()),
        "facing": rec.facing.name,
        "facing_confidence": round(rec.facing.confidence, 3),
        "side": options.side,
        "vertical": "image",
        "camera": rec.camera.to_json(),
        "pelvic_tilt_method": rec.pelvis_method,
        "trials": [], "summary": {}, "meanings": {},
        "norm_deg": list(HipExtensionConfig().norm_deg),
        **(activity_result.to_json() if activity_result else {}),
        "warnings": (activity_result.warnings if activity_result else []) + rec.warnings,
    }
    add_margins(result, Conditions.of(rec.camera.yaw_deg, frame_size, rec.pelvis_method))
    write_json(out_dir / "result.json", result)
    return activity_result, result
