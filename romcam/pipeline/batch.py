"""Many inputs at once: expand paths into recordings, analyse each, one summary table."""

from __future__ import annotations

import csv
from concurrent.futures import ProcessPoolExecutor, as_completed
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from romcam.pipeline.analyze import AnalysisResult, AnalyzeOptions, analyze
from romcam.errors import RomcamError
from romcam.io.sources import IMAGE_SUFFIXES, is_video_file


@dataclass
class Job:
    path: Path
    out_dir: Path


def expand_inputs(paths: list[Path], out: Path) -> list[Job]:
    """A video file is one recording; a folder of images is one; a folder of videos is many."""
    recordings: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            videos = sorted(p for p in path.iterdir() if is_video_file(p))
            has_images = any(p.suffix.lower() in IMAGE_SUFFIXES for p in path.iterdir())
            if videos:
                recordings += videos
            elif has_images:
                recordings.append(path)
            else:
                raise RomcamError(f"{path} holds no videos and no images")
        else:
            recordings.append(path)  # missing or unreadable files are reported by analyze
    if len(recordings) == 1:
        return [Job(recordings[0], out)]
    jobs, used = [], set()
    for rec in recordings:
        name = rec.stem if rec.is_file() else rec.name
        unique, n = name, 2
        while unique in used:
            unique, n = f"{name}-{n}", n + 1
        used.add(unique)
        jobs.append(Job(rec, out / unique))
    return jobs


def run_job(job: Job, options: AnalyzeOptions) -> AnalysisResult:
    """One recording in a worker process (a pool's or Ray's): MediaPipe's logs silenced there too."""
    from romcam.pose.native_logs import silence_native_stderr

    silence_native_stderr()
    return _safe_analyze(job, options, None)


def _safe_analyze(job: Job, options: AnalyzeOptions, progress) -> AnalysisResult:
    try:
        return analyze(job.path, job.out_dir, options, progress)
    except RomcamError as exc:
        return AnalysisResult(job.path.name, job.out_dir, 0, 0, 0.0, "", 0.0, [], error=str(exc))


def run_jobs(jobs: list[Job], options: AnalyzeOptions, workers: int = 1,
             progress_factory: Callable[[Job], Callable] | None = None,
             on_done: Callable[[AnalysisResult], None] | None = None) -> list[AnalysisResult]:
    """Analyse every job; a failing recording is reported in its result, the rest go on."""
    if workers < 1:
        raise RomcamError(f"--workers must be 1 or more, got {workers}")
    results: list[AnalysisResult] = []
    if workers == 1 or len(jobs) == 1:
        for job in jobs:
            progress = progress_factory(job) if progress_factory else None
            results.append(_safe_analyze(job, options, progress))
            if on_done:
                on_done(results[-1])
        return results
    # One MediaPipe landmarker per process: its calls are serialised on one thread.
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(run_job, job, options) for job in jobs]
        for future in as_completed(futures):
            results.append(future.result())
            if on_done:
                on_done(results[-1])
    order = {job.path.name: i for i, job in enumerate(jobs)}
    return sorted(results, key=lambda r: order.get(r.source, 0))


SUMMARY_COLUMNS = ["source", "status", "frames", "detected", "facing", "verdict", "processing_fps",
                   "warnings", "out_dir"]


def summary_rows(results: list[AnalysisResult]) -> list[dict]:
    return [{
        "source": r.source,
        "status": "error: " + r.error if r.error else "ok",
        "frames": r.frames,
        "detected": r.detected,
        "facing": r.facing,
        "verdict": "; ".join(f"{side} {v['verdict']}" if "verdict" in v else f"{side} {v['counted']}/{v['attempted']} reps"
                             for side, v in r.summary.items()),
        "processing_fps": f"{r.processing_fps:.1f}" if r.frames else "",
        "warnings": len(r.warnings),
        "out_dir": str(r.out_dir),
    } for r in results]


def write_summary(path: Path, results: list[AnalysisResult]) -> None:
    with open(path, "w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=SUMMARY_COLUMNS)
        writer.writeheader()
        writer.writerows(summary_rows(results))
