"""The tests exercise what a user installs, and what a user installs is the whole package."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import romcam
from romcam.pose.detector import default_model_path
from tests.conftest import ROOT

SOURCE = ROOT / "romcam"
INSTALLED = Path(romcam.__file__).resolve().parent


def test_romcam_is_imported_from_the_installed_package_not_the_source_tree():
    assert INSTALLED != SOURCE.resolve(), (
        f"romcam was imported from the source tree {SOURCE}; install it (pip install .) and run "
        "pytest with --import-mode=importlib so the tests check what users get")


def test_the_installed_modules_are_the_source_modules():
    source_modules = {p.relative_to(SOURCE).as_posix() for p in SOURCE.rglob("*.py")}
    installed = {p.relative_to(INSTALLED).as_posix() for p in INSTALLED.rglob("*.py")}
    assert len(source_modules) > 10
    assert sorted(source_modules - installed) == [], "source modules missing from the package"
    # a stale module (left in setuptools' build/ folder) would register a removed activity again
    assert sorted(installed - source_modules) == [], "installed modules with no source"


def test_the_pose_model_is_shipped_with_the_package():
    model = default_model_path()
    assert model.is_relative_to(INSTALLED)
    assert model.stat().st_size == (SOURCE / "models" / model.name).stat().st_size


def test_version_from_the_command_and_from_python_m():
    for command in (["romcam", "--version"], [sys.executable, "-m", "romcam", "--version"]):
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == f"romcam {romcam.__version__}"
