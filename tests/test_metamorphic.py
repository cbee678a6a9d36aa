"""The same movement filmed differently gives the same numbers: metamorphic checks on bundled clips.

Each variant of a rendered clip (mirrored, camera rolled 5 deg either way, half and double the
size, heavily recompressed, half the frame rate) goes through the real model and `analyze`: the
trials, their verdicts and their peaks (changes from neutral) must match the original's.
`python -m pytest tests/test_metamorphic.py -s` prints the table.
"""

from __future__ import annotations

import json
from pathlib import Path

import av
import cv2
import numpy as np
import pytest

from romcam.pipeline.analyze import AnalyzeOptions, analyze

pytestmark = pytest.mark.model
ROOT = Path(__file__).resolve().parents[1]
CLIPS = ["hx_man_right_normal_markers", "hx_tall_right_lean"]
PEAK_TOLERANCE_DEG = 1.0
# The pose model is not mirror-symmetric: the README promises "about 1 deg" (measured 0.60-1.02).
MIRROR_TOLERANCE_DEG = 1.2


def _roll(degrees: float):
    def turn(image: np.ndarray) -> np.ndarray:
        h, w = image.shape[:2]
        matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
        return cv2.warpAffine(image, matrix, (w, h), borderMode=cv2.BORDER_REPLICATE)
    return turn


def _scale(factor: float):
    return lambda image: cv2.resize(image, None, fx=factor, fy=factor,
                                    interpolation=cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC)


VARIANTS = {  # name -> (frame operation, keep every nth frame, H.264 crf, sides swapped)
    "mirrored": (lambda image: cv2.flip(image, 1), 1, 18, True),
    "rolled +5 deg": (_roll(5.0), 1, 18, False),
    "rolled -5 deg": (_roll(-5.0), 1, 18, False),
    "half size": (_scale(0.5), 1, 18, False),
    "double size": (_scale(2.0), 1, 18, False),
    "recompressed (crf 35)": (lambda image: image, 1, 35, False),
    "half frame rate": (lambda image: image, 2, 18, False),
}


def variant(src: Path, dst: Path, operation, every: int, crf: int) -> Path:
    with av.open(str(src)) as source:
        fps = float(source.streams.video[0].average_rate)
        frames = [operation(frame.to_ndarray(format="bgr24")) for frame in source.decode(video=0)][::every]
    h, w = frames[0].shape[:2]
    with av.open(str(dst), "w") as out:
        stream = out.add_stream("libx264", rate=round(fps / every))
        stream.width, stream.height, stream.pix_fmt = w - w % 2, h - h % 2, "yuv420p"
        stream.options = {"crf": str(crf)}
        for image in frames:
            frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(image[: h - h % 2, : w - w % 2]), format="bgr24")
            out.mux(stream.encode(frame))
        out.mux(stream.encode())
    return dst


def trials(video: Path, out: Path) -> list[dict]:
    analyze(video, out, AnalyzeOptions(test="hip-extension", annotate=False))
    return json.loads((out / "result.json").read_text())["trials"]


@pytest.fixture(scope="module")
def originals(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("originals")
    return {clip: trials(ROOT / "samples" / "truth" / f"{clip}.mp4", tmp / clip) for clip in CLIPS}


@pytest.mark.parametrize("clip", CLIPS)
@pytest.mark.parametrize("name", list(VARIANTS))
def test_a_variant_gives_the_same_trials(originals, tmp_path, clip, name, capsys):
    operation, every, crf, swapped = VARIANTS[name]
    video = variant(ROOT / "samples" / "truth" / f"{clip}.mp4", tmp_path / "variant.mp4", operation, every, crf)
    got, want = trials(video, tmp_path / "out"), originals[clip]
    other = {"left": "right", "right": "left"}
    differences = [g["peak_thigh_vs_vertical_deg"] - w["peak_thigh_vs_vertical_deg"] for g, w in zip(got, want)]
    with capsys.disabled():
        print(f"\n  {clip:30s} {name:24s} trials {len(got)}/{len(want)}  peak differences "
              + ", ".join(f"{d:+.2f}" for d in differences)
              + f"  verdicts {[g['verdict'] for g in got]} vs {[w['verdict'] for w in want]}")
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert g["side"] == (other[w["side"]] if swapped else w["side"])
        assert g["verdict"] == w["verdict"]
        tolerance = MIRROR_TOLERANCE_DEG if swapped else PEAK_TOLERANCE_DEG
        assert abs(g["peak_thigh_vs_vertical_deg"] - w["peak_thigh_vs_vertical_deg"]) <= tolerance
