"""A new exercise is one module: this file defines one, and nothing else in romcam is touched.

The example, a standing knee raise held for a few seconds, is registered here (and removed after
the test), then appears in `romcam exercise --help` and runs through its live session and its
offline analysis on a synthetic stream, which agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pytest
from typer.testing import CliRunner

from romcam.activities import registry
from romcam.activities.blocks import Guidance, HoldTimer
from romcam.activities.session import SidedSession
from romcam.settings import check_ranges, setting
from tests import activity_streams as streams

# ---- the example activity: all a new exercise needs -------------------------------------------


@dataclass(frozen=True)
class KneeRaiseConfig:
    raised_deg: float = setting(60.0, "deg", "the thigh at least this far in front of the vertical", 10, 120)
    hold_s: float = setting(3.0, "s", "seconds to hold the knee up", 1, 600)

    def __post_init__(self) -> None:
        check_ranges(self)


@dataclass
class KneeRaiseResult:
    side: str
    held_s: float
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"holds": [{"side": self.side, "held_s": round(self.held_s, 2)}], "meanings": {}}

    def side_measures(self) -> list:
        return []

    def only(self, side: str) -> KneeRaiseResult:
        return self


def raised(angles: dict, side: str, cfg: KneeRaiseConfig, i=None) -> bool:
    thigh = angles[f"{side}_thigh_vs_vertical_deg"]
    return bool(-(thigh if i is None else thigh[i]) >= cfg.raised_deg)


def analyse(t_s: np.ndarray, angles: dict, cfg: KneeRaiseConfig, near: str) -> KneeRaiseResult:
    timer = HoldTimer()
    for i, t in enumerate(t_s):
        timer.update(float(t), raised(angles, near, cfg, i))
    return KneeRaiseResult(near, timer.held_s)


class KneeRaiseSession(SidedSession):
    def begin_side(self, side: str) -> None:
        self.timer = HoldTimer()

    def work(self, t_s: float, state) -> Guidance:
        self.timer.update(t_s, raised(state.angles, self.side, self.config))
        return Guidance("hold", [f"Raise your {self.side} knee: {self.timer.held_s:.0f} s"])

    def side_complete(self) -> bool:
        return self.timer.held_s >= self.config.hold_s

    def finished(self, new=None) -> Guidance:
        return Guidance("done", ["Done"], done=True)

    def result(self) -> KneeRaiseResult:
        return KneeRaiseResult(self.side or "right", self.timer.held_s if self.side else 0.0)


def knee_raise_activity() -> registry.Activity:
    activity = registry.Activity(
        name="knee-raise-hold", kind="exercise", summary="standing knee raise held (hip flexor strength)",
        posture="standing", config_type=KneeRaiseConfig,
        session=lambda cfg, options: KneeRaiseSession(activity, cfg, options),
        analyse=analyse, meanings={})
    return activity


# ---- its test ----------------------------------------------------------------------------------


@pytest.fixture
def knee_raise(monkeypatch):
    registry.activities()  # the built-in ones first, so they stay registered after the test
    monkeypatch.setattr(registry, "_REGISTRY", dict(registry._REGISTRY))  # the example goes after it
    return registry.register(knee_raise_activity())


def knee_raise_stream(hold_s: float):
    t = np.arange(0, 2.0 + hold_s, 1 / streams.FPS)
    angles = streams._flat(t)
    angles["right_thigh_vs_vertical_deg"] = np.where(t >= 2.0, -70.0, 0.0)
    return t, angles


def test_a_registered_exercise_is_offered_by_the_command_line(knee_raise):
    from romcam.cli.main import build_app

    res = CliRunner().invoke(build_app(), ["exercise", "--help"], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    assert "knee-raise-hold" in res.output and "hip flexor strength" in res.output
    config = CliRunner().invoke(build_app(), ["config", "knee-raise-hold"])
    assert "[knee-raise-hold]" in config.output and "raised_deg = 60.0" in config.output


def test_a_registered_exercise_runs_live_and_offline_alike(knee_raise):
    t, angles = knee_raise_stream(2.0)
    config = knee_raise.config(hold_s=600.0)
    live, guidance = streams.run_live(knee_raise, config, t, angles)
    offline = streams.run_offline(knee_raise, config, t, angles)
    assert offline.held_s == pytest.approx(2.0, abs=0.05)
    assert live.held_s == pytest.approx(offline.held_s, abs=0.05)
    assert guidance.lines[0].startswith("Raise your right knee")


def test_the_example_is_gone_after_its_test():
    assert "knee-raise-hold" not in {a.name for a in registry.activities()}
