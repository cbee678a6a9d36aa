#!/usr/bin/env python3
"""Measure romcam's speed and memory against the pose model alone. Prints plain-text tables.

    python tools/benchmark.py                      # everything: throughput, models, videos/hour, memory
    python tools/benchmark.py --memory-minutes 0   # no memory run (about 10 minutes)
    python tools/benchmark.py --memory-minutes 0 --no-models --no-batch   # throughput only

1. Throughput. For every clip, in one process and interleaved (a, b, c, ..., a, b, c, ...):
   the bound: the landmarker alone (VIDEO mode, romcam's model bytes and confidences) on frames
   decoded beforehand, with 1 and with 2 poses per frame, and with 2 poses while another process
   decodes and encodes the clip as the annotated video (the share of the bound the model keeps
   when the video's work shares the cores); romcam's analyze() with the annotated
   video, without it, and with 2 poses on every frame (check_people_every=1). Each analyze run is
   set against the bound with the same number of poses, measured in the same run: the ratio is
   the figure, never a time against an old one. frames/s = frames / (time from creating the
   landmarker to closing it, and for analyze the video writer too: AnalysisResult.seconds).
   Default clips: samples/real/sports2d_demo.mp4 (1768x994, a passer-by), the portrait
   samples/real/pose2sim_cam01.mp4 (1080x1920, someone standing in the background) and one
   rendered 640x480 clip from samples/truth/ (one person).
2. Models. Every pose landmarker bundle present (the shipped full one, models/*.task, --model
   FILE): the bound with 1 pose and analyze with the video, per clip.
3. Videos per hour. A folder of rendered clips through `romcam analyze DIR --no-video` with
   --workers 1, --workers 2 and --engine ray (when Ray is installed), the Ray run's result files
   compared byte for byte with the local run's.
4. Memory. A short 640x480 clip is looped (forwards, then backwards) into N minutes of video,
   written once to a temporary mp4, and analysed with annotation in a child process. Its RSS
   (VmRSS from /proc/self/status) is sampled by the progress callback every ~1000 frames. Then
   the live path plays the same video in real time (`romcam camera --source --no-display`),
   its RSS sampled every 5 s: the soak check.
The live loop's latency has its own script: tools/bench_live.py.
Speed is never asserted anywhere; this script is where it is measured. The machine's load
matters: the load average is printed at the start and at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import cv2  # noqa: E402
import numpy as np  # noqa: E402

from looped_clip import letterbox, make_looped_clip, read_frames, write_frames  # noqa: E402

DEFAULT_CLIP = ROOT / "samples" / "real" / "sports2d_demo.mp4"
PORTRAIT_CLIP = ROOT / "samples" / "real" / "pose2sim_cam01.mp4"
EXTRA_MODELS = ROOT / "models"  # lite and heavy bundles built by tools/build_pose_model.py
TRUTH_DIR = ROOT / "samples" / "truth"
SMALL_SIZE = (640, 480)
MEM_MARKER = "ROMCAM-BENCH-MEMORY "


# --- facts ------------------------------------------------------------------------------------

def proc_status_kib(field: str, pid: int | str = "self") -> int | None:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.lower().startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def mem_total_gib() -> float:
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return float("nan")


def cpu_seconds() -> float:
    """User + system CPU time of this process, all threads (MediaPipe's and OpenCV's too)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def load_avg() -> str:
    try:
        return " ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        return "unknown"


def print_header(args: argparse.Namespace) -> None:
    import mediapipe as mp

    from romcam import __version__
    from romcam.pose.detector import default_model_path

    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    model = default_model_path()
    rows = [
        ("date", time.strftime("%Y-%m-%d %H:%M:%S %Z")),
        ("cpu", f"{cpu_model()}, {os.cpu_count()} logical cores ({usable} usable by this process)"),
        ("memory", f"{mem_total_gib():.1f} GiB"),
        ("load average", f"{load_avg()} (1/5/15 min, at start)"),
        ("os", f"{platform.system()} {platform.release()}"),
        ("python", platform.python_version()),
        ("mediapipe", mp.__version__),
        ("opencv", f"{cv2.__version__} (cv2.getNumThreads() = {cv2.getNumThreads()})"),
        ("numpy", np.__version__),
        ("romcam", __version__),
        ("model", f"{model.name} ({model.stat().st_size / 1e6:.1f} MB)" if model.is_file() else str(model)),
    ]
    print("romcam benchmark")
    for key, value in rows:
        print(f"  {key:<13} {value}")
    print()


# --- throughput --------------------------------------------------------------------------------

def make_landmarker(model_bytes: bytes, num_poses: int, with_mask: bool = False):
    """The same options romcam.pose.detector.PoseDetector uses (confidences 0.5; the silhouette
    mask only where the pelvic tilt asks for it)."""
    import mediapipe as mp

    vision = mp.tasks.vision
    options = vision.PoseLandmarkerOptions(
        base_options=mp.tasks.BaseOptions(model_asset_buffer=model_bytes),
        running_mode=vision.RunningMode.VIDEO,
        num_poses=num_poses,
        min_pose_detection_confidence=0.5,
        min_pose_presence_confidence=0.5,
        min_tracking_confidence=0.5,
        output_segmentation_masks=with_mask,
    )
    return vision.PoseLandmarker.create_from_options(options)


def predecode(clip: Path) -> tuple[list[np.ndarray], float]:
    """Every frame of the clip as RGB, decoded before any timing: the bound sees no decoding."""
    cap = cv2.VideoCapture(str(clip))
    fps = cap.get(cv2.CAP_PROP_FPS) or 30.0
    frames = []
    try:
        while True:
            ok, bgr = cap.read()
            if not ok:
                break
            frames.append(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))
    finally:
        cap.release()
    return frames, fps


def run_bound(frames: list[np.ndarray], fps: float, model_bytes: bytes, num_poses: int,
              max_frames: int | None = None, with_mask: bool = False) -> tuple[int, float]:
    """(frames, seconds) of the landmarker alone on pre-decoded frames, timed from its creation
    to its close (as analyze's seconds are): the bound nothing around the model can beat."""
    import mediapipe as mp

    started = time.perf_counter()
    landmarker = make_landmarker(model_bytes, num_poses, with_mask)
    n = 0
    try:
        for rgb in frames[:max_frames]:
            landmarker.detect_for_video(mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb),
                                        int(round(n * 1000.0 / fps)))
            n += 1
    finally:
        landmarker.close()
    return n, time.perf_counter() - started


VIDEO_WORK = """
import sys
from pathlib import Path
from romcam.io.sinks import VideoSink
from romcam.io.sources import open_video
from romcam.pipeline.analyze import ANNOTATED_MAX_SIDE
from romcam.render.overlay import Overlay
source = open_video(Path(sys.argv[1]))
size = Overlay((source.info.width, source.info.height), max_side=ANNOTATED_MAX_SIDE).size
while True:
    with VideoSink(Path(sys.argv[2]), source.info.fps, size) as sink:
        for frame in source.frames():
            sink.write(frame.image, frame.t_ms)
"""


def run_bound_beside_video_work(frames: list[np.ndarray], fps: float, model_bytes: bytes, num_poses: int,
                                clip: Path, tmp: Path) -> tuple[int, float]:
    """The bound while another process, at analyze's background priority, decodes the clip and
    encodes it at the annotated video's size, over and over: what the model alone keeps of its
    speed when the video's work shares the machine (no drawing, no Python threads beside it)."""
    from romcam.io.workers import BACKGROUND_NICE

    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    work = subprocess.Popen([sys.executable, "-c", VIDEO_WORK, str(clip), str(tmp / "video-work.mp4")],
                            env=env, preexec_fn=lambda: os.nice(BACKGROUND_NICE),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(2.0)  # past its start-up, into the steady decode-and-encode loop
        return run_bound(frames, fps, model_bytes, num_poses)
    finally:
        work.kill()
        work.wait()


def run_bound_as_analyze(frames: list[np.ndarray], fps: float, model: Path | None = None) -> tuple[int, float, int]:
    """(frames, seconds, frames where everyone was looked for) of the landmarkers alone, with the
    poses per frame romcam's analyze asks for (one while one person is followed, everyone on the
    checks and around other people: romcam.pose.people with its person lock) on frames decoded
    beforehand: the bound for analyze with the same poses per frame."""
    from romcam.pose.people import PeopleDetector
    from romcam.pose.tracking import PersonLock

    started = time.perf_counter()
    height, width = frames[0].shape[:2]
    lock = PersonLock((width, height))
    with PeopleDetector(model, max_people=2) as detector:
        for n, rgb in enumerate(frames):
            t_ms = n * 1000.0 / fps
            lock.update(detector.detect(None, t_ms, lock.accepts, rgb), t_ms / 1000.0)
        looks = detector.full_looks
    return len(frames), time.perf_counter() - started, looks


def run_analyze(clip: Path, out_dir: Path, num_poses: int, annotate: bool, check_every: int = 1,
                model: Path | None = None) -> tuple[int, float, float]:
    """(frames, AnalysisResult.seconds, wall seconds of the whole analyze() call)."""
    from romcam.pipeline.analyze import AnalyzeOptions, analyze

    started = time.perf_counter()
    result = analyze(clip, out_dir, AnalyzeOptions(max_people=num_poses, annotate=annotate,
                                                   check_people_every=check_every, model=model))
    wall = time.perf_counter() - started
    shutil.rmtree(out_dir, ignore_errors=True)
    return result.frames, result.seconds, wall


def video_facts(path: Path) -> tuple[int, int, int, float]:
    cap = cv2.VideoCapture(str(path))
    try:
        return (int(cap.get(cv2.CAP_PROP_FRAME_WIDTH)), int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT)),
                int(cap.get(cv2.CAP_PROP_FRAME_COUNT)), cap.get(cv2.CAP_PROP_FPS))
    finally:
        cap.release()


def find_truth_clip() -> Path | None:
    """A finished rendered clip from samples/truth: its .truth.json is written after the mp4.
    Prefers 640x480, then the longest."""
    if not TRUTH_DIR.is_dir():
        return None
    done = [p for p in sorted(TRUTH_DIR.glob("*.mp4"))
            if p.with_suffix(".truth.json").is_file() and p.stat().st_size > 0]
    if not done:
        return None

    def key(p: Path) -> tuple[bool, int]:
        w, h, n, _ = video_facts(p)
        return (w, h) == SMALL_SIZE, n

    return max(done, key=key)


# name, kind, num_poses for the bound / analyze's max_people, analyze's check_people_every
RUNS = (("bound, 1 pose", "bound", 1, 0),
        ("bound, 2 poses", "bound", 2, 0),
        ("bound, --one-pose's poses", "bound-as-analyze", 2, 30),
        ("bound, 2 poses, video beside", "bound-beside-video", 2, 0),
        ("analyze + video", "video", 2, 1),
        ("analyze, no video", "novideo", 2, 1),
        ("analyze --one-pose + video", "video", 2, 30),
        ("analyze --one-pose, no video", "novideo", 2, 30))
RATIO_TO = {"analyze + video": "bound, 2 poses", "analyze, no video": "bound, 2 poses",
            "analyze --one-pose + video": "bound, --one-pose's poses",
            "analyze --one-pose, no video": "bound, --one-pose's poses",
            "bound, 2 poses, video beside": "bound, 2 poses"}


def throughput(clips: list[tuple[Path, str]], args: argparse.Namespace, tmp: Path) -> None:
    from romcam.pose.detector import read_model

    model_bytes = read_model(None)
    print(f"Throughput: {args.repeats} interleaved repetitions per clip, median frames/s")
    print("  bound: the landmarker alone on frames decoded beforehand (1 or 2 poses per frame);")
    print("  bound, --one-pose's poses: the landmarkers alone asked for the poses analyze --one-pose asks for")
    print("  (one while one person is followed; everyone once a second and around others: romcam.pose.people);")
    print("  analyze: romcam analyze (2 poses on every frame, the default) or analyze --one-pose, with or")
    print("  without annotated.mp4;")
    print("  x bound: analyze against the bound with the same poses per frame, in the same run.")
    print("  bound, 2 poses, video beside: the bound while another process decodes the clip and")
    print("  encodes the annotated video's frames (no drawing) at analyze's background priority: the share")
    print("  of the bound the model keeps when the video's work shares the cores; x bound is that share.")
    print("  cpu ms/f: CPU time of the whole call (all threads) per frame")
    print()
    header = (f"{'clip':<28} {'size':>9} {'frames':>6}  {'run':<30} {'frames/s':>8} "
              f"{'call f/s':>8} {'x bound':>8} {'cpu ms/f':>8}  all runs")
    print(header)
    print("-" * len(header))
    summary, looks = [], {}
    for clip, label in clips:
        w, h, _, _ = video_facts(clip)
        frames_rgb, clip_fps = predecode(clip)
        run_bound(frames_rgb, clip_fps, model_bytes, 2, max_frames=args.warmup)  # warm caches
        fps = {name: [] for name, *_ in RUNS}
        call = {name: [] for name, *_ in RUNS}
        cpu = {name: [] for name, *_ in RUNS}
        frames = 0
        for rep in range(args.repeats):
            for name, kind, poses, every in RUNS:
                cpu_started = cpu_seconds()
                if kind == "bound":
                    n, secs = run_bound(frames_rgb, clip_fps, model_bytes, poses)
                    wall = secs
                elif kind == "bound-beside-video":
                    n, secs = run_bound_beside_video_work(frames_rgb, clip_fps, model_bytes, poses, clip, tmp)
                    wall = secs
                elif kind == "bound-as-analyze":
                    n, secs, looks[label] = run_bound_as_analyze(frames_rgb, clip_fps)
                    wall = secs
                else:
                    n, secs, wall = run_analyze(clip, tmp / f"out-{rep}", poses, kind == "video", every)
                frames = n
                fps[name].append(n / secs)
                call[name].append(n / wall)
                cpu[name].append((cpu_seconds() - cpu_started) * 1000.0 / n)
                if args.verbose:
                    print(f"    {label} rep {rep + 1} {name}: {n} frames, {secs:.2f} s (load {load_avg()})", flush=True)
        del frames_rgb
        for i, (name, *_) in enumerate(RUNS):
            med = statistics.median(fps[name])
            ratio = f"{med / statistics.median(fps[RATIO_TO[name]]):.2f}" if name in RATIO_TO else ""
            first = i == 0
            print(f"{label if first else '':<28} {f'{w}x{h}' if first else '':>9} "
                  f"{str(frames) if first else '':>6}  {name:<30} {med:>8.1f} "
                  f"{statistics.median(call[name]):>8.1f} {ratio:>8} "
                  f"{statistics.median(cpu[name]):>8.1f}  "
                  + " ".join(f"{v:.1f}" for v in fps[name]), flush=True)
            if ratio:
                summary.append((label, name, ratio))
        print(f"{'':<28} everyone looked for on {looks.get(label, 0)} of {frames} frames (one pose on the others)")
        print()
    print("analyze / bound (median frames/s, same poses per frame): "
          + "; ".join(f"{label} {name}: {r}" for label, name, r in summary))
    print()


def model_prices(clips: list[tuple[Path, str]], models: list[Path], args: argparse.Namespace, tmp: Path) -> None:
    """Every pose model bundle present: the bound (2 poses) and analyze (2 poses on every frame, the
    default) with the video, per clip."""
    print("Pose models: speed of every bundle present (accuracy: python tools/accuracy.py --model FILE)")
    header = f"{'model':<28} {'MB':>5}  {'clip':<28} {'bound f/s':>9} {'analyze f/s':>11} {'x bound':>8}"
    print(header)
    print("-" * len(header))
    for model in models:
        for clip, label in clips:
            frames_rgb, clip_fps = predecode(clip)
            bound, analysed = [], []
            for rep in range(max(args.repeats, 1)):
                n, secs = run_bound(frames_rgb, clip_fps, model.read_bytes(), 2)
                bound.append(n / secs)
                n, secs, _ = run_analyze(clip, tmp / f"model-{rep}", 2, True, model=model)
                analysed.append(n / secs)
            del frames_rgb
            b, a = statistics.median(bound), statistics.median(analysed)
            print(f"{model.name:<28} {model.stat().st_size / 1e6:>5.1f}  {label:<28} {b:>9.1f} {a:>11.1f} "
                  f"{a / b:>8.2f}", flush=True)
    print()


# --- memory ------------------------------------------------------------------------------------

def memory_child(clip: Path, out_dir: Path, num_poses: int, every: int) -> None:
    """Runs in a fresh process: analyze(clip) with annotation, RSS sampled via progress."""
    import mediapipe  # noqa: F401  (count the library in the "before" figure)

    from romcam.pipeline.analyze import AnalyzeOptions, analyze

    _, _, expected, _ = video_facts(clip)
    marks = {1, 30} | {int(round(q * expected)) for q in (0.25, 0.5, 0.75)}
    samples = [{"at": "before", "frame": 0, "t": 0.0, "rss": proc_status_kib("VmRSS")}]
    started = time.perf_counter()
    cpu_started = cpu_seconds()
    last: dict = {}

    def progress(done: int, total: int) -> None:
        # Reading /proc/self/status costs ~30 us, nothing next to a frame's ~30 ms.
        last.update(at="loop", frame=done, t=time.perf_counter() - started,
                    rss=proc_status_kib("VmRSS"))
        if done in marks or done % every == 0:
            samples.append(dict(last))

    result = analyze(clip, out_dir, AnalyzeOptions(max_people=num_poses, annotate=True), progress)
    wall = time.perf_counter() - started
    cpu_ms = (cpu_seconds() - cpu_started) * 1000.0 / max(result.frames, 1)
    if last and samples[-1]["frame"] != last["frame"]:
        samples.append(dict(last))
    samples.append({"at": "after", "frame": result.frames, "t": wall, "rss": proc_status_kib("VmRSS")})
    out = {"frames": result.frames, "seconds": result.seconds, "wall": wall, "cpu_ms": cpu_ms,
           "expected": expected,
           "samples": samples, "hwm": proc_status_kib("VmHWM"),
           "annotated_mb": (out_dir / "annotated.mp4").stat().st_size / 1e6}
    print(MEM_MARKER + json.dumps(out), flush=True)


def memory(source: Path, source_label: str, args: argparse.Namespace, tmp: Path) -> None:
    minutes = args.memory_minutes
    long_clip = tmp / f"looped-{minutes:g}min.mp4"
    t0 = time.perf_counter()
    n, fps = make_looped_clip(source, long_clip, minutes, SMALL_SIZE)
    build_s = time.perf_counter() - t0
    print(f"Memory: {minutes:g} min of video looped from {source_label}, letterboxed to "
          f"{SMALL_SIZE[0]}x{SMALL_SIZE[1]}: {n} frames at {fps:g} fps "
          f"({long_clip.stat().st_size / 1e6:.0f} MB mp4v, written in {build_s:.0f} s)")
    print(f"  analyze() with the annotated video, num_poses = {args.max_people}, in a child process; "
          f"RSS = VmRSS of that process")
    print(flush=True)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--memory-child", str(long_clip),
           "--memory-out", str(tmp / "memory-out"), "--max-people", str(args.max_people),
           "--sample-every", str(args.sample_every)]
    # stderr: the real one (fd 2 of this process points at /dev/null, see silence_native_stderr)
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=sys.stderr, text=True)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith(MEM_MARKER)]
    if proc.returncode != 0 or not lines:
        print(f"  memory run failed (exit code {proc.returncode})")
        print(proc.stdout)
        return
    data = json.loads(lines[-1][len(MEM_MARKER):])
    loop = [s for s in data["samples"] if s["at"] == "loop" and s["rss"] is not None]
    total = data["frames"]

    def nearest(frame: int) -> dict:
        return min(loop, key=lambda s: abs(s["frame"] - frame))

    rows = [("before analyze()", data["samples"][0])]
    rows.append(("start (first frames)", nearest(30)))
    for q in (25, 50, 75):
        rows.append((f"{q}%", nearest(int(round(q / 100 * total)))))
    rows.append(("end (last frame)", loop[-1]))
    rows.append(("after analyze() returned", data["samples"][-1]))
    header = f"  {'point':<26} {'frame':>6} {'elapsed s':>9} {'RSS MiB':>8}"
    print(header)
    print("  " + "-" * (len(header) - 2))
    for name, s in rows:
        print(f"  {name:<26} {s['frame']:>6} {s['t']:>9.0f} {s['rss'] / 1024:>8.1f}")
    print(f"  {'peak (VmHWM)':<26} {'':>6} {'':>9} {data['hwm'] / 1024:>8.1f}")
    print()
    q25, end = nearest(int(round(0.25 * total))), loop[-1]
    if end["frame"] > q25["frame"]:
        slope = (end["rss"] - q25["rss"]) / (end["frame"] - q25["frame"]) * 1000
        print(f"  growth from 25% to the end: {(end['rss'] - q25['rss']) / 1024:+.1f} MiB "
              f"({slope:+.0f} KiB per 1000 frames)")
    all_rss = [s["rss"] / 1024 for s in loop]
    print(f"  {len(loop)} samples during the loop: min {min(all_rss):.1f}, max {max(all_rss):.1f} MiB")
    print(f"  throughput: {data['frames']} frames in {data['seconds']:.0f} s = "
          f"{data['frames'] / data['seconds']:.1f} frames/s (whole call {data['wall']:.0f} s, "
          f"{data['cpu_ms']:.1f} ms CPU per frame); annotated video {data['annotated_mb']:.0f} MB")
    print()
    live_soak(long_clip, minutes)


def live_soak(clip: Path, minutes: float, every_s: float = 5.0) -> None:
    """The live path on the same long clip, played at its own speed as a camera would deliver it
    (`romcam camera --source CLIP --no-display`): the child's RSS sampled every few seconds."""
    print(f"  the live path: romcam camera --source (the same {minutes:g} min, in real time), RSS every "
          f"{every_s:g} s")
    proc = subprocess.Popen([sys.executable, "-m", "romcam", "camera", "--source", str(clip), "--no-display"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    started, samples = time.perf_counter(), []
    while proc.poll() is None:
        rss = proc_status_kib("VmRSS", proc.pid)
        if rss is not None:
            samples.append((time.perf_counter() - started, rss / 1024))
        time.sleep(every_s)
    closing = proc.stdout.read().strip().splitlines()
    if len(samples) < 3:
        print(f"  live run too short to sample (exit code {proc.returncode})")
        return
    start = samples[min(2, len(samples) - 1)]  # after the model has loaded
    peak = max(samples, key=lambda s: s[1])
    print(f"  start {start[1]:.1f} MiB at {start[0]:.0f} s, peak {peak[1]:.1f} MiB at {peak[0]:.0f} s, "
          f"end {samples[-1][1]:.1f} MiB at {samples[-1][0]:.0f} s ({len(samples)} samples)")
    print(f"  {closing[-1] if closing else ''}")
    print()


# --- videos per hour --------------------------------------------------------------------------

def videos_per_hour(count: int, tmp: Path) -> None:
    """`romcam analyze DIR --no-video` over `count` rendered clips: locally with 1 and 2 workers,
    and on a local Ray instance with 2 CPUs; the Ray run's files against the local ones."""
    folder = tmp / "batch"
    folder.mkdir()
    clips = sorted(p for p in TRUTH_DIR.glob("*.mp4") if p.with_suffix(".truth.json").is_file())[:count]
    for clip in clips:
        shutil.copy(clip, folder / clip.name)
    seconds_of_video = sum(video_facts(c)[2] / video_facts(c)[3] for c in clips)
    print(f"Videos per hour: {len(clips)} rendered 640x480 clips ({seconds_of_video:.0f} s of video) through "
          "`romcam analyze DIR --no-video`, wall time of the whole command")
    runs = [("local, --workers 1", ["--workers", "1"]), ("local, --workers 2", ["--workers", "2"])]
    try:
        import ray  # noqa: F401

        runs.append(("Ray (local instance), --workers 2", ["--engine", "ray", "--workers", "2"]))
    except ImportError:
        print('  (Ray not installed: pip install "romcam[ray]" for its row)')
    for label, extra in runs:
        out = tmp / f"batch-{len(extra)}-{extra[-1]}"
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "romcam", "analyze", str(folder), "--out", str(out),
                               "--no-video", *extra], capture_output=True, text=True)
        wall = time.perf_counter() - started
        status = "" if proc.returncode == 0 else f"  (exit code {proc.returncode})"
        print(f"  {label:<36} {wall:6.1f} s  {len(clips) / wall * 3600:7.0f} videos/hour{status}", flush=True)
    if len(runs) == 3:
        local, on_ray = tmp / "batch-2-1", tmp / "batch-4-2"
        files = [p.relative_to(local) for p in sorted(local.rglob("*")) if p.is_file() and p.name != "summary.csv"]
        same = sum((on_ray / f).is_file() and (on_ray / f).read_bytes() == (local / f).read_bytes() for f in files)
        print(f"  Ray's files against --workers 1's: {same} of {len(files)} byte for byte identical "
              "(result.json, frames.csv, landmarks.csv, report.html per video)")
    print()


# --- main --------------------------------------------------------------------------------------

def small_clip(tmp: Path, truth: Path | None) -> tuple[Path, str]:
    """The rendered samples/truth clip, or a 640x480 letterboxed copy of sports2d while none exists."""
    if truth is not None:
        return truth, f"truth/{truth.name}"
    frames, fps = read_frames(DEFAULT_CLIP, SMALL_SIZE)
    path = tmp / "sports2d_demo_640x480.mp4"
    write_frames(frames, fps, path)
    return path, "sports2d_demo@640x480 (letterboxed)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog=__doc__.split("\n\n", 1)[1],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clip", type=Path, action="append", default=None,
                        help="video to measure throughput on; repeat for several (default: "
                             "samples/real/sports2d_demo.mp4 and one 640x480 samples/truth clip)")
    parser.add_argument("--repeats", type=int, default=3,
                        help="interleaved repetitions of the throughput runs per clip (default 3; 0 skips)")
    parser.add_argument("--max-people", type=int, default=2,
                        help="AnalyzeOptions.max_people of the memory run (default 2, romcam's default)")
    parser.add_argument("--model", type=Path, action="append", default=[],
                        help="a pose landmarker bundle to price beside the shipped one and models/*.task")
    parser.add_argument("--no-models", action="store_true", help="skip the models table")
    parser.add_argument("--no-batch", action="store_true", help="skip the videos-per-hour table")
    parser.add_argument("--batch-clips", type=int, default=8, help="rendered clips in the videos-per-hour folder")
    parser.add_argument("--warmup", type=int, default=30,
                        help="untimed baseline frames per clip before measuring (default 30)")
    parser.add_argument("--memory-minutes", type=float, default=10.0,
                        help="minutes of looped 640x480 video for the memory run (default 10, "
                             "~12 min on 2 cores; 2 is the quick mode, ~3 min; 0 skips)")
    parser.add_argument("--memory-clip", type=Path, default=None,
                        help="short clip to loop for the memory run (default: the 640x480 "
                             "samples/truth clip, else sports2d letterboxed to 640x480)")
    parser.add_argument("--sample-every", type=int, default=1000,
                        help="RSS sample interval in frames during the memory run (default 1000)")
    parser.add_argument("--keep-temp", action="store_true",
                        help="keep the temporary folder (looped clip, outputs) and print its path")
    parser.add_argument("--verbose", action="store_true", help="print every repetition as it ends")
    parser.add_argument("--memory-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--memory-out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.max_people < 1:
        parser.error("--max-people must be 1 or more")

    from romcam.pose.native_logs import silence_native_stderr

    silence_native_stderr()  # MediaPipe's native INFO/WARNING lines go to fd 2
    if args.memory_child:
        memory_child(args.memory_child, args.memory_out, args.max_people, args.sample_every)
        return 0

    print_header(args)
    tmp = Path(tempfile.mkdtemp(prefix="romcam-bench-"))
    truth = find_truth_clip()
    try:
        if args.repeats > 0:
            if args.clip:
                clips = [(p, p.name) for p in args.clip]
            else:
                clips = [(DEFAULT_CLIP, DEFAULT_CLIP.name), (PORTRAIT_CLIP, PORTRAIT_CLIP.name), small_clip(tmp, truth)]
            for p, _ in clips:
                if not p.is_file():
                    parser.error(f"no such clip: {p}")
            throughput(clips, args, tmp)
            if not args.no_models:
                from romcam.pose.detector import default_model_path

                models = [default_model_path(), *sorted(EXTRA_MODELS.glob("*.task")), *args.model]
                model_prices([clips[0], clips[-1]], models, args, tmp)
        if not args.no_batch:
            videos_per_hour(args.batch_clips, tmp)
        if args.memory_minutes > 0:
            if args.memory_clip:
                source = (args.memory_clip, args.memory_clip.name)
            else:
                source = (truth, f"truth/{truth.name}") if truth else (DEFAULT_CLIP, DEFAULT_CLIP.name)
            memory(source[0], source[1], args, tmp)
    finally:
        if args.keep_temp:
            print(f"temporary files kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"load average at the end: {load_avg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
