"""The package's layers: the pure ones load without OpenCV or MediaPipe, and one module alone
talks to MediaPipe (no model run)."""

import re
import subprocess
import sys
from pathlib import Path

import romcam

PACKAGE = Path(romcam.__file__).resolve().parent
PURE = ("romcam.kinematics.angles", "romcam.kinematics.filters", "romcam.kinematics.recording",
        "romcam.activities.registry", "romcam.history.store")


def test_pure_layers_import_without_opencv_or_mediapipe():
    code = ("import sys; import " + ", ".join(PURE) + "; from romcam.activities.registry import activities; "
            "activities(); print(sorted(m for m in ('cv2', 'mediapipe') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_only_the_pose_adapter_imports_mediapipe():
    importers = sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                       if re.search(r"^\s*(import|from)\s+mediapipe\b", p.read_text(), re.M))
    assert importers == ["pose/detector.py"]
