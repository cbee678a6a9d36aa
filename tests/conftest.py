"""Shared fixtures. Tests run against the installed romcam (or the source tree when editable)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
IN_CI = bool(os.environ.get("CI"))


def needs(available: bool, what: str) -> pytest.MarkDecorator:
    """Skip a test whose tool is missing on a developer's machine; never in CI, which installs
    the tool (.ci/run): there the test runs, and fails if the tool is not there."""
    return pytest.mark.skipif(not available and not IN_CI, reason=f"needs {what} (installed by .ci/run)")


@pytest.fixture(scope="session")
def samples() -> Path:
    return SAMPLES


@pytest.fixture(autouse=True)
def private_history(tmp_path, monkeypatch) -> Path:
    """Tests (and the commands they start) never write to the user's own history file."""
    path = tmp_path / "history.sqlite"
    monkeypatch.setenv("ROMCAM_HISTORY", str(path))
    return path


def wait_until(condition, what: str, timeout_s: float = 120.0, poll_s: float = 0.1) -> None:
    """Wait for a condition (a file written, a window shown), never for a fixed time: a loaded
    machine only makes the wait longer, not the test wrong."""
    import time

    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s:.0f} s waiting for {what}")
        time.sleep(poll_s)


def rows_in(csv_path: Path) -> int:
    """Data rows written so far to a CSV file that is still being written (0 before it exists)."""
    try:
        return max(csv_path.read_text().count("\n") - 1, 0)
    except FileNotFoundError:
        return 0
