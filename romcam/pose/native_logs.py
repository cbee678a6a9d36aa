"""MediaPipe's native code prints dozens of INFO/WARNING lines straight to file descriptor 2.

Python cannot filter them, so the CLI points fd 2 at /dev/null and gives Python's own sys.stderr
a private copy of the real stderr: romcam's messages still show, the native chatter does not.
"""

from __future__ import annotations

import os
import sys

_silenced = False


def silence_native_stderr() -> None:
    global _silenced
    if _silenced or os.environ.get("ROMCAM_NATIVE_LOGS") == "1":
        return
    try:
        if sys.stderr.fileno() != 2:
            return  # stderr already redirected (a test runner, a log file): leave it alone
    except (AttributeError, OSError, ValueError):
        return
    try:
        sys.stderr.flush()
        saved = os.dup(2)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        return
    sys.stderr = os.fdopen(saved, "w", buffering=1, encoding="utf-8", errors="replace")
    _silenced = True
