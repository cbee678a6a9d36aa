"""Shared fixtures. Tests run against the installed romcam (or the source tree when editable)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="session")
def samples() -> Path:
    return SAMPLES


@pytest.fixture(autouse=True)
def private_history(tmp_path, monkeypatch) -> Path:
    """Tests (and the commands they start) never write to the user's own history file."""
    path = tmp_path / "history.sqlite"
    monkeypatch.setenv("ROMCAM_HISTORY", str(path))
    return path
