import cv2
import numpy as np
import pytest

from romcam.errors import RomcamError
from romcam.io.sources import open_camera, open_image_folder, open_video, paced, prefetch
from tests.videos import truncate, write_video


def test_video_frames_have_increasing_container_timestamps(tmp_path):
    src = open_video(write_video(tmp_path / "v.mp4", 20, fps=25.0))
    assert (src.info.width, src.info.height, src.info.fps) == (160, 120, 25.0)
    frames = list(src.frames())
    assert [f.index for f in frames] == list(range(20))
    times = np.array([f.t_ms for f in frames])
    assert np.all(np.diff(times) > 0)
    assert np.allclose(np.diff(times), 40.0, atol=1.0)
    assert src.report["decoded"] == 20 and "warning" not in src.report


def test_truncated_video_is_reported_not_taken_as_the_end(tmp_path):
    # An AVI announces its frame count up front, so a cut file still opens.
    full = write_video(tmp_path / "full.avi", 120, size=(320, 240), fourcc="MJPG")
    src = open_video(truncate(full, tmp_path / "cut.avi", keep=0.5))
    frames = list(src.frames())
    assert 0 < len(frames) < 120
    assert "truncated" in src.report["warning"]


def test_truncated_mp4_without_index_is_a_clear_error(tmp_path):
    full = write_video(tmp_path / "full.mp4", 60)
    with pytest.raises(RomcamError, match="not a readable video"):
        open_video(truncate(full, tmp_path / "cut.mp4", keep=0.5))


def _file(path, data: bytes):
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("make, message", [
    (lambda d: d / "missing.mp4", "no such file"),
    (lambda d: _file(d / "empty.mp4", b""), "empty"),
    (lambda d: _file(d / "text.mp4", b"not a video at all"), "not a readable video"),
    (lambda d: _file(d / "notes.txt", b"hello"), "not a video file"),
    (lambda d: cv2.imwrite(str(d / "still.png"), np.zeros((10, 10, 3), np.uint8)) and d / "still.png",
     "still image"),
    (lambda d: d, "is a folder"),
])
def test_bad_video_inputs_raise_one_line_errors(tmp_path, make, message):
    with pytest.raises(RomcamError, match=message) as err:
        open_video(make(tmp_path))
    assert "\n" not in str(err.value)


def test_image_folder_source(tmp_path):
    for i in range(5):
        cv2.imwrite(str(tmp_path / f"f{i:03d}.png"), np.full((60, 80, 3), i * 40, np.uint8))
    (tmp_path / "readme.txt").write_text("ignored")
    src = open_image_folder(tmp_path, fps=10.0)
    frames = list(src.frames())
    assert [f.t_ms for f in frames] == [0, 100, 200, 300, 400]
    assert frames[3].image[0, 0, 0] == 120


def test_empty_image_folder(tmp_path):
    with pytest.raises(RomcamError, match="no images"):
        open_image_folder(tmp_path)


@pytest.mark.parametrize("index, message", [(57, "no camera at index 57"), (-1, "0 or more")])
def test_missing_camera(index, message):
    with pytest.raises(RomcamError, match=message):
        open_camera(index)


def test_prefetch_keeps_order_and_releases_on_early_stop(tmp_path):
    src = open_video(write_video(tmp_path / "v.mp4", 30))
    got = [f.index for f in prefetch(src.frames(), depth=2)]
    assert got == list(range(30))
    it = prefetch(src.frames(), depth=2)
    assert next(it).index == 0
    it.close()  # must not hang or leak the decoding thread


def test_prefetch_latest_only_drops_stale_frames_when_consumer_is_slow(tmp_path):
    import time

    src = open_video(write_video(tmp_path / "v.mp4", 30, fps=100.0))
    got = []
    for frame in prefetch(paced(src.frames()), latest_only=True):
        got.append(frame.index)
        time.sleep(0.03)  # three source frames per processed frame
    assert got[-1] >= 25 and len(got) < 20  # kept up with the source by dropping
    assert got == sorted(got)


def test_a_camera_that_stops_delivering_images_is_said(monkeypatch):
    """Unplugged mid-session: the frames end, and the source says why (a camera never just ends)."""
    import cv2

    from romcam.io import sources

    class Unplugged:
        def __init__(self, index):
            self.left = 5

        def isOpened(self):  # noqa: N802 (cv2's name)
            return True

        def set(self, *args):
            return True

        def get(self, prop):
            return 30.0

        def read(self):
            self.left -= 1
            return (True, np.zeros((48, 64, 3), np.uint8)) if self.left >= 0 else (False, None)

        def release(self):
            pass

    monkeypatch.setattr(cv2, "VideoCapture", Unplugged)
    source = sources.open_camera(0)
    assert len(list(source.frames())) == 4  # the first image was read when it opened
    assert "stopped delivering images after 4 frames" in source.report["warning"]
