"""The pipeline's stage threads: order, errors, and their priority beside the model."""

import os
import sys
import threading

import pytest

from romcam.io.workers import BACKGROUND_NICE, ThreadWorker


def test_items_are_worked_in_order_and_errors_reach_the_caller():
    seen = []

    def work(n):
        if n == 3:
            raise ValueError("three")
        seen.append(n)

    worker = ThreadWorker(work, depth=2)
    for n in range(3):
        worker.submit(n)
    worker.drain()
    assert seen == [0, 1, 2]
    worker.submit(3)
    worker.drain()
    with pytest.raises(ValueError, match="three"):
        worker.submit(4)  # the error is the caller's at the next submit
    with pytest.raises(ValueError, match="three"):
        worker.close()  # and again at close
    assert seen == [0, 1, 2]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice values are Linux's")
@pytest.mark.parametrize("background", [False, True])
def test_a_background_stage_runs_below_the_callers_priority(background):
    niceness = []
    worker = ThreadWorker(lambda: niceness.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id())),
                          background=background)
    worker.submit()
    worker.close()
    mine = os.getpriority(os.PRIO_PROCESS, 0)
    assert niceness == [max(mine, BACKGROUND_NICE) if background else mine]
