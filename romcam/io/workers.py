"""A stage of a pipeline on its own thread: work(*args) for each submitted item, in order.

A bounded queue keeps memory flat (a slow stage slows the caller instead of filling memory);
the first error is re-raised to the caller at the next submit or at close(). InlineWorker has
the same interface and does the work on the caller's thread: the sequential reference.
"""

from __future__ import annotations

import os
import queue
import sys
import threading
from collections.abc import Callable
from contextlib import contextmanager


def yield_to_the_model() -> None:
    """Lower the calling thread's priority (Linux, where a thread has its own nice value).

    The pose model is the pipeline's bound and wants a little more than one core; when a
    decoding or encoding thread holds the other core, the model waits and the whole pipeline
    slows. At a lower priority the stages around the model fill the gaps it leaves: analyze with
    the annotated video went from 0.82 to 0.85-0.89 of the model's speed (tools/benchmark.py).
    The threads it spawns (FFmpeg's decoders) inherit it."""
    if sys.platform.startswith("linux"):  # elsewhere PRIO_PROCESS of a thread id is the process
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKGROUND_NICE)
        except OSError:
            pass


BACKGROUND_NICE = 10  # not 19: on a busy machine a nice-19 stage would starve the pipeline


class ThreadWorker:
    """background: run at a lower priority than the model (see yield_to_the_model)."""

    def __init__(self, work: Callable[..., None], depth: int = 8, name: str = "romcam-stage",
                 background: bool = False) -> None:
        self.work = work
        self._background = background
        self._queue: queue.Queue = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        if self._background:
            yield_to_the_model()
        while True:
            item = self._queue.get()
            if item is None:
                self._queue.task_done()
                return
            if self._error is None:  # after an error the rest is skipped, not done wrongly
                try:
                    self.work(*item)
                except BaseException as exc:  # re-raised on the caller's thread
                    self._error = exc
            self._queue.task_done()

    def submit(self, *args) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put(args)

    def drain(self) -> None:
        """Wait until every item submitted so far is done (errors: see close)."""
        if self._thread.is_alive():
            self._queue.join()

    def close(self) -> None:
        """Finish what was submitted, stop the thread, re-raise the first error."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()
        if self._error is not None:
            raise self._error


class InlineWorker:
    def __init__(self, work: Callable[..., None], *_, **__) -> None:
        self.work = work

    def submit(self, *args) -> None:
        self.work(*args)

    def drain(self) -> None:
        pass

    def close(self) -> None:
        pass


@contextmanager
def quick_handoffs(interval_s: float = 0.0001):
    """Hand the GIL over every interval_s instead of Python's 5 ms while a pipeline runs.

    MediaPipe runs a detection on its own thread and hands the result back through Python
    several times per frame; each handoff waits for the GIL. With a stage doing Python work
    beside it, Python's default 5 ms switch interval cut the landmarker from 60 to 26 frames/s
    on this machine; at 0.1 ms it kept 59."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(interval_s)
    try:
        yield
    finally:
        sys.setswitchinterval(before)
