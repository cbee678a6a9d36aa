"""Video writing that fails loudly: OpenCV's VideoWriter says nothing when it cannot write."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np

from romcam.errors import RomcamError
from romcam.io.workers import InlineWorker, ThreadWorker

# .mp4 is H.264 through PyAV (OpenCV's wheels have no H.264 encoder, and its mp4v does not play
# in browsers: the report embeds the annotated video). MJPG .avi survives a hard kill (see
# facts), so recordings use it through OpenCV.
FOURCC_BY_SUFFIX = {".mp4": "h264", ".avi": "MJPG", ".mkv": "FFV1"}
H264_CRF = "23"  # libx264's default quality


class _H264Writer:
    """The slice of cv2.VideoWriter that VideoSink uses, writing H.264 (yuv420p) with PyAV.

    An MP4 is playable only once its index is written at the end, so it is written as NAME.part
    and renamed when finished: a killed run leaves a .part file, never a broken NAME.mp4.
    """

    def __init__(self, path: Path, fps: float, size: tuple[int, int]) -> None:
        import av
        from fractions import Fraction

        self._path, self._part = path, path.with_name(path.name + ".part")
        self._container = av.open(str(self._part), mode="w", format="mp4")
        rate = Fraction(fps).limit_denominator(1001) if fps > 0 else Fraction(30)
        self._stream = self._container.add_stream("libx264", rate=rate)
        # yuv420p needs even sizes; the frames are padded by one pixel where they are odd
        self._stream.width, self._stream.height = size[0] + size[0] % 2, size[1] + size[1] % 2
        self._stream.pix_fmt = "yuv420p"
        # ultrafast: 5.7 ms of CPU per 1280x720 frame (veryfast 13.4, mp4v 3.7), files still
        # smaller than mp4v's: the encoder must not slow the analysis down
        self._stream.options = {"crf": H264_CRF, "preset": "ultrafast"}
        self._stream.codec_context.time_base = Fraction(1, 1000)  # milliseconds: frames keep their own times
        self._fps, self._count, self._last_ms = fps if fps > 0 else 30.0, 0, -1
        self._av = av

    def isOpened(self) -> bool:  # noqa: N802 (cv2.VideoWriter's name)
        return True

    def write(self, image: np.ndarray, t_ms: float | None = None) -> None:
        w, h = self._stream.width, self._stream.height
        if image.shape[1] != w or image.shape[0] != h:
            image = cv2.copyMakeBorder(image, 0, h - image.shape[0], 0, w - image.shape[1], cv2.BORDER_REPLICATE)
        # OpenCV's BGR -> I420 (BT.601, video range, as FFmpeg's default) costs 0.3 ms at 1280x720
        # against swscale's 2.1 ms: the encoder's share of the cores is the model's loss
        yuv = cv2.cvtColor(np.ascontiguousarray(image), cv2.COLOR_BGR2YUV_I420)
        frame = self._av.VideoFrame.from_ndarray(yuv, format="yuv420p")
        t_ms = self._count * 1000.0 / self._fps if t_ms is None else t_ms
        frame.pts = self._last_ms = max(int(round(t_ms)), self._last_ms + 1)
        frame.time_base = self._stream.codec_context.time_base
        self._count += 1
        for packet in self._stream.encode(frame):
            self._container.mux(packet)

    def release(self) -> None:
        try:
            for packet in self._stream.encode():
                self._container.mux(packet)
            self._container.close()
            self._part.replace(self._path)
        except OSError:
            self._part.unlink(missing_ok=True)
            raise


class TimedVideoSink:
    """A recording whose frames keep the time they were captured at: MJPEG in Matroska (.mkv)
    through PyAV. Frames dropped while the computer was busy leave gaps in time, not a video
    that plays too fast; Matroska is written as it goes, so a killed recording keeps every frame
    written up to the kill."""

    def __init__(self, path: Path, size: tuple[int, int]) -> None:
        import av
        from fractions import Fraction

        self.path, self.size, self.frames_written = Path(path), size, 0
        try:
            self._container = av.open(str(self.path), mode="w", format="matroska")
        except OSError as exc:
            raise RomcamError(f"cannot write video {self.path}: {exc.strerror or exc}") from None
        self._stream = self._container.add_stream("mjpeg", rate=30)
        self._stream.width, self._stream.height = size[0] + size[0] % 2, size[1] + size[1] % 2
        self._stream.pix_fmt = "yuvj420p"
        self._stream.codec_context.time_base = Fraction(1, 1000)  # milliseconds: the capture times
        self._stream.options = {"q:v": "3"}
        self._last_ms = -1
        self._av = av

    def write(self, image: np.ndarray, t_ms: float) -> None:
        w, h = self._stream.width, self._stream.height
        if image.shape[1] != w or image.shape[0] != h:
            image = cv2.copyMakeBorder(image, 0, h - image.shape[0], 0, w - image.shape[1], cv2.BORDER_REPLICATE)
        # OpenCV's BGR -> I420 (BT.601, video range, as FFmpeg's default) costs 0.3 ms at 1280x720
        # against swscale's 2.1 ms: the encoder's share of the cores is the model's loss
        yuv = cv2.cvtColor(np.ascontiguousarray(image), cv2.COLOR_BGR2YUV_I420)
        frame = self._av.VideoFrame.from_ndarray(yuv, format="yuv420p")
        frame.pts = self._last_ms = max(int(round(t_ms)), self._last_ms + 1)
        frame.time_base = self._stream.codec_context.time_base
        try:
            for packet in self._stream.encode(frame):
                self._container.mux(packet)
        except OSError as exc:
            raise RomcamError(f"cannot write video {self.path}: {exc.strerror or exc} (disk full?)") from None
        self.frames_written += 1

    def close(self) -> None:
        if self._container is None:
            return
        container, self._container = self._container, None
        try:
            for packet in self._stream.encode():
                container.mux(packet)
            container.close()
        except OSError as exc:
            raise RomcamError(f"cannot finish video {self.path}: {exc.strerror or exc} (disk full?); the "
                              "frames written so far are kept") from None


class VideoSink:
    """Context manager: write(image) frames of one size to `path`; released on exit."""

    def __init__(self, path: Path, fps: float, size: tuple[int, int]) -> None:
        self.path = Path(path)
        fourcc = FOURCC_BY_SUFFIX.get(self.path.suffix.lower())
        if fourcc is None:
            raise RomcamError(f"cannot write video {self.path}: use .mp4, .avi or .mkv")
        if not self.path.parent.is_dir():
            raise RomcamError(f"cannot write {self.path}: folder {self.path.parent} does not exist")
        self.size = size
        self.frames_written = 0
        try:
            self._writer = (_H264Writer(self.path, fps, size) if fourcc == "h264" else
                            cv2.VideoWriter(str(self.path), cv2.VideoWriter_fourcc(*fourcc), fps, size))
        except OSError as exc:
            raise RomcamError(f"cannot write video {self.path}: {exc.strerror or exc}") from None
        if not self._writer.isOpened():
            raise RomcamError(f"cannot write video {self.path} (folder not writable or disk full?)")

    def write(self, image: np.ndarray, t_ms: float | None = None) -> None:
        """t_ms: when the frame was captured (.mp4 keeps it, so dropped frames leave time gaps
        instead of a video that plays too fast); the other formats play at the fixed fps."""
        if (image.shape[1], image.shape[0]) != self.size:
            image = cv2.resize(image, self.size)
        try:
            self._writer.write(image, t_ms) if isinstance(self._writer, _H264Writer) else self._writer.write(image)
        except OSError as exc:  # a full disk, a file size limit, a vanished folder
            raise RomcamError(f"cannot write video {self.path}: {exc.strerror or exc} (disk full?)") from None
        self.frames_written += 1

    def close(self) -> None:
        if self._writer is not None:
            writer, self._writer = self._writer, None
            try:
                writer.release()
            except OSError as exc:
                self.path.unlink(missing_ok=True)  # unplayable: not left to look like a video
                raise RomcamError(f"cannot finish video {self.path}: {exc.strerror or exc} (disk full?); "
                                  "the other outputs are complete") from None
            if self.frames_written == 0:  # nothing to keep (the cause is reported elsewhere)
                self.path.unlink(missing_ok=True)
                return
            if not self.path.is_file() or self.path.stat().st_size == 0:
                raise RomcamError(f"video {self.path} was not written (disk full?)")

    def __enter__(self) -> VideoSink:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class BackgroundWriter:
    """Draw and encode frames on a second thread, so the main thread only detects.

    submit(*args) renders render(*args) -> image for the sink (see romcam.io.workers for the
    queue and the errors), at a lower priority than the model; inline=True does it on the caller's
    thread, the sequential reference.
    """

    def __init__(self, sink: VideoSink, render: Callable[..., np.ndarray], depth: int = 8,
                 inline: bool = False) -> None:
        self.sink, self.render = sink, render
        self._worker = (InlineWorker if inline else ThreadWorker)(self._write, depth, "romcam-encode",
                                                                  background=True)

    def _write(self, repeat: int, args: tuple) -> None:
        image = self.render(*args)
        for _ in range(repeat):
            self.sink.write(image)

    def submit(self, *args, repeat: int = 1) -> None:
        """Render args once and write the image `repeat` times (a still held on screen)."""
        self._worker.submit(repeat, args)

    def drain(self) -> None:
        """Wait until every frame submitted so far is written."""
        self._worker.drain()

    def close(self) -> None:
        try:
            self._worker.close()
        finally:
            self.sink.close()
