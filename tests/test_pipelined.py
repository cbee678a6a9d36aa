"""The pipelined analysis (decoding, detection, drawing + encoding on their own threads) writes
exactly what the same analysis one step after the other writes, through the real model."""

import pytest

from romcam.pipeline.analyze import AnalyzeOptions, analyze
from tests.conftest import ROOT

pytestmark = pytest.mark.model


@pytest.mark.parametrize("clip, test", [("samples/truth_programme/qs_slim_right_tape.mp4", "quad-stretch"),
                                        ("samples/real/sports2d_demo.mp4", "none")])
def test_pipelined_analysis_equals_the_sequential_one_bit_for_bit(clip, test, tmp_path):
    outputs = {}
    for pipelined in (True, False):
        out = tmp_path / str(pipelined)
        analyze(ROOT / clip, out, AnalyzeOptions(test=test, pipelined=pipelined))
        outputs[pipelined] = out
    for name in ("frames.csv", "landmarks.csv", "result.json", "annotated.mp4"):
        assert (outputs[True] / name).read_bytes() == (outputs[False] / name).read_bytes(), name
