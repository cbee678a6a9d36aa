"""romcam: hip, pelvis and trunk angles from a side-view camera or video.

Layers, each a subpackage, each using only those above it:
    pose/        the pose model adapter (the one module importing MediaPipe), landmarks, tracking
    kinematics/  angles, smoothing, whole-recording angles (pure NumPy/SciPy)
    pelvis/      pelvic tilt from markers or the waistband
    activities/  the tests and exercises: trials, holds, reps, verdicts, live sessions
    io/          video sources and sinks, the output files, session recordings
    render/      the overlay, report.html and the history page (drawing only)
    history/     results over weeks in SQLite
    pipeline/    analyze (saved videos), batch, and the live loop
    cli/         the `romcam` command
"""

from romcam.errors import RomcamError

__version__ = "0.1.0"
__all__ = ["AnalyzeOptions", "RomcamError", "__version__", "analyze"]


def __getattr__(name: str):
    # The analysis API on demand: importing romcam (or a pure layer) must not load OpenCV.
    if name in ("analyze", "AnalyzeOptions"):
        from romcam.pipeline import analyze as module

        return getattr(module, name)
    raise AttributeError(f"module 'romcam' has no attribute {name!r}")
