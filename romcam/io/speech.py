"""Spoken cues, offline: a local speech engine (espeak-ng) run as a subprocess, so a person on the
floor hears what to correct without looking at the screen.

One cue at a time: a new cue waits until the last one has finished and min_gap_s has passed, and
the same cue is not repeated until something else was said. Without espeak-ng (or with --mute)
nothing is spoken and nothing fails; `available` says which.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

ENGINES = ("espeak-ng", "espeak")
WORDS_PER_MINUTE = 160


class Speaker:
    def __init__(self, mute: bool = False, min_gap_s: float = 2.5, record_dir: Path | None = None) -> None:
        """record_dir: also write each cue as NNN.wav there (to check what was said)."""
        engine = None if mute else next((shutil.which(e) for e in ENGINES if shutil.which(e)), None)
        self.engine, self.min_gap_s, self.record_dir = engine, min_gap_s, record_dir
        self.said: list[str] = []
        self._proc: subprocess.Popen | None = None
        self._last_at = -float("inf")

    @property
    def available(self) -> bool:
        return self.engine is not None

    def say(self, text: str, now: float | None = None, announce: bool = False) -> bool:
        """Speak text unless busy, too soon or just said; True when it was spoken. announce: the
        start of something new (the next exercise): said even right after another cue."""
        now = time.monotonic() if now is None else now
        if not self.engine or not text or (self.said and self.said[-1] == text):
            return False
        if (now - self._last_at < self.min_gap_s and not announce) or \
                (self._proc is not None and self._proc.poll() is None):
            return False
        args = [self.engine, "-s", str(WORDS_PER_MINUTE)]
        if self.record_dir is not None:
            self.record_dir.mkdir(parents=True, exist_ok=True)
            args += ["-w", str(self.record_dir / f"{len(self.said):03d}.wav")]
        try:
            self._proc = subprocess.Popen(args + [text], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except OSError:  # the engine vanished or cannot run: cues stay on screen only
            self.engine = None
            return False
        self.said.append(text)
        self._last_at = now
        return True

    def close(self) -> None:
        """Let the last cue finish (briefly), so a recorded cue is complete."""
        if self._proc is not None:
            try:
                self._proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._proc.kill()
