"""The clinical tests romcam runs on whole recordings: each turns angle series into trials."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from romcam.activities import hip_extension, thomas

TEST_NAMES = ("none", "hip-extension", "thomas")


@dataclass
class TestResult:
    trials: list[dict] = field(default_factory=list)
    summary: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    meanings: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict:
        """The result.json fields a test adds (warnings are merged by the caller)."""
        return {"trials": self.trials, "summary": self.summary, "meanings": self.meanings}


def hip_extension_result(trials: list[hip_extension.Trial]) -> TestResult:
    """Trials, per-side summary and the meaning of each flag raised: offline and live alike."""
    flags = sorted({f for t in trials for f in t.flags})
    return TestResult([t.to_json() for t in trials], hip_extension.summarise(trials),
                      meanings={f: hip_extension.FLAG_MEANINGS[f] for f in flags})


def thomas_result(trials: list[thomas.ThomasTrial]) -> TestResult:
    return TestResult([t.to_json() for t in trials], {t.side: {"verdict": t.verdict} for t in trials},
                      meanings={t.verdict: thomas.VERDICT_MEANINGS[t.verdict] for t in trials})


def run_test(name: str, t_s: np.ndarray, angles: dict[str, np.ndarray]) -> TestResult:
    if name not in TEST_NAMES:
        raise ValueError(f"test must be one of {', '.join(TEST_NAMES)}, got {name!r}")
    if name == "hip-extension":
        return _hip_extension(t_s, angles)
    if name == "thomas":
        return _thomas(t_s, angles)
    return TestResult()


def near_side(angles: dict[str, np.ndarray]) -> str:
    """The leg nearer the camera: MediaPipe sees it far more confidently than the hidden one."""
    conf = {s: float(np.nanmedian(angles[f"{s}_thigh_vs_vertical_conf"])) for s in ("left", "right")}
    return max(conf, key=conf.get)


def _hip_extension(t_s, angles) -> TestResult:
    trials = hip_extension.find_trials(t_s, angles)
    result = hip_extension_result(trials)
    warnings = result.warnings
    if not trials:
        warnings.append("no hip extension trial found: stand still for a moment, then extend one "
                        "straight leg behind you and bring it back")
    near = near_side(angles)
    far_trials = [t for t in trials if t.side != near]
    if far_trials:
        warnings.append(f"the {far_trials[0].side} leg was tested on the side away from the camera, "
                        "where it is partly hidden: turn around so the tested leg is nearest the camera")
    return result


def _thomas(t_s, angles) -> TestResult:
    trials = thomas.find_trials(t_s, angles)
    result = thomas_result(trials)
    if not trials:
        result.warnings.append("no Thomas test hold found: lie on your back at the table edge, hug "
                               "one knee to your chest, let the other leg hang, and stay still for 2 seconds")
    return result
