"""Many recordings on a Ray cluster (`romcam analyze DIR --engine ray`): one recording per task.

Each task runs `analyze` in a Ray worker process, which makes its own pose landmarker (MediaPipe
serialises a landmarker's calls on one thread, so one process per recording is the unit of
parallelism, as with --workers). The recordings and the output folder are paths: on a cluster they
must be on storage every node sees at the same path. Without an address, a local Ray instance is
started with --workers CPUs and stopped afterwards; with one (or RAY_ADDRESS), the cluster there is
used and left running.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable

from romcam.errors import RomcamError
from romcam.pipeline.analyze import AnalysisResult, AnalyzeOptions
from romcam.pipeline.batch import Job, run_job

INSTALL_HINT = 'the Ray engine needs Ray: pip install "romcam[ray]"'


def run_on_ray(jobs: list[Job], options: AnalyzeOptions, workers: int, address: str | None = None,
               on_done: Callable[[AnalysisResult], None] | None = None) -> list[AnalysisResult]:
    """Analyse every job as a Ray task; results in the jobs' order, a failing recording reported
    in its result as locally."""
    try:
        import ray
    except ImportError:
        raise RomcamError(INSTALL_HINT) from None
    address = address or os.environ.get("RAY_ADDRESS")
    started_here = not ray.is_initialized()
    if started_here:
        if address:
            _check_reachable(address)
        try:
            # quiet: romcam's own progress bar and summary say what happens
            if address:
                ray.init(address=address, log_to_driver=False, logging_level=logging.ERROR)
            else:
                ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False,
                         logging_level=logging.ERROR)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            raise RomcamError(f"could not start or reach Ray{' at ' + address if address else ''}: "
                              f"{str(exc).splitlines()[0]}") from None
    task = ray.remote(num_cpus=1, max_retries=0)(run_job)
    index = {}
    try:
        for i, job in enumerate(jobs):
            index[task.remote(job, options)] = i
        results: list[AnalysisResult | None] = [None] * len(jobs)
        pending = list(index)
        while pending:
            done, pending = ray.wait(pending, num_returns=1)
            result = _result(ray, done[0], jobs[index[done[0]]])
            results[index[done[0]]] = result
            if on_done:
                on_done(result)
        return results
    except KeyboardInterrupt:
        for ref in index:
            ray.cancel(ref, force=True)
        raise
    finally:
        if started_here:
            ray.shutdown()


def _check_reachable(address: str, timeout_s: float = 5.0) -> None:
    """Ray keeps retrying an address nothing listens on; a host:port is tried here first."""
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        return  # "auto" and the like: Ray finds the cluster itself
    try:
        socket.create_connection((host, int(port)), timeout=timeout_s).close()
    except OSError as exc:
        raise RomcamError(f"could not start or reach Ray at {address}: {exc.strerror or exc}") from None


def _result(ray, ref, job: Job) -> AnalysisResult:
    """A task's result; a task that died (its worker killed, out of memory) is that recording's
    failure, not the run's."""
    try:
        return ray.get(ref)
    except ray.exceptions.RayError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return AnalysisResult(job.path.name, job.out_dir, 0, 0, 0.0, "", 0.0, [], error=f"Ray task failed: {reason}")
