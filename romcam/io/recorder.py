"""Save a live session as it happens: raw video, per-frame landmarks and angles, the result.

Written for interruption: the video is MJPEG in Matroska (.mkv), each frame stamped with its
capture time (plays at real speed, and stays playable after a hard kill, unlike MP4 whose index
is written last), the CSV rows are flushed every second, and result.json is replaced atomically
after every trial and at the end.
"""

from __future__ import annotations

import csv
from pathlib import Path

from romcam.errors import RomcamError
from romcam.pipeline.frame_state import LiveState
from romcam.io.outputs import frame_columns, frame_row, landmark_columns, landmark_row, write_json
from romcam.pose.records import Frame
from romcam.io.sinks import TimedVideoSink


class SessionRecorder:
    def __init__(self, folder: Path, size: tuple[int, int]) -> None:
        self.folder = Path(folder)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RomcamError(f"cannot create recording folder {self.folder}: {exc.strerror}") from None
        self.video = TimedVideoSink(self.folder / "video.mkv", size)
        self._frames_fh = open(self.folder / "frames.csv", "w", newline="")
        self._landmarks_fh = open(self.folder / "landmarks.csv", "w", newline="")
        self._frames = csv.writer(self._frames_fh)
        self._landmarks = csv.writer(self._landmarks_fh)
        self._frames.writerow(frame_columns())
        self._landmarks.writerow(landmark_columns())
        self._count = 0
        self._last_flush = 0.0

    def write(self, frame: Frame, state: LiveState) -> None:
        try:
            self._write(frame, state)
        except OSError as exc:  # a full disk: said in one line; what was written so far stays
            raise RomcamError(f"cannot write the recording in {self.folder}: {exc.strerror or exc} "
                              "(disk full?)") from None

    def _write(self, frame: Frame, state: LiveState) -> None:
        self.video.write(frame.image, frame.t_ms)
        t_s = frame.t_ms / 1000.0
        self._frames.writerow(frame_row(self._count, t_s, state.pose is not None, state.angles))
        pose = state.pose
        self._landmarks.writerow(landmark_row(self._count, t_s, pose.xy if pose else None,
                                              pose.visibility if pose else None))
        self._count += 1
        if t_s - self._last_flush >= 1.0:
            self._frames_fh.flush()
            self._landmarks_fh.flush()
            self._last_flush = t_s

    def save_result(self, result: dict) -> None:
        write_json(self.folder / "result.json", result)

    def close(self) -> None:
        try:
            for fh in (self._frames_fh, self._landmarks_fh):
                fh.close()
        except OSError as exc:
            raise RomcamError(f"cannot finish the recording in {self.folder}: {exc.strerror or exc} "
                              "(disk full?)") from None
        finally:
            self.video.close()
