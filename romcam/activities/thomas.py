"""Thomas test: lying on the back at the table edge, one knee hugged, the other leg hanging.

The hanging thigh is measured against the horizontal (the table line; the image horizontal
unless the camera roll is known) and its knee bend over the steadiest hold of each side:
- thigh above the table line -> tight iliopsoas;
- knee bent less than 80 deg -> tight rectus femoris;
- both -> tight-both; neither -> normal.
Which leg hangs is found per frame: the hugged thigh points up toward the chest, the hanging
one lies near the horizontal or below it.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np

from romcam.kinematics.angles import SIDES

VERDICT_MEANINGS = {
    "normal": "the hanging thigh rests on the table and the knee bends 80 deg or more",
    "tight-iliopsoas": "the hanging thigh stays above the table: the hip flexors (iliopsoas) are "
                       "short and pull the thigh up",
    "tight-rectus-femoris": "the knee cannot bend to 80 deg: the front thigh muscle (rectus "
                            "femoris) is short",
    "tight-both": "the thigh stays up and the knee cannot bend to 80 deg: both the hip flexors "
                  "and the front thigh muscle are short",
}


@dataclass
class ThomasConfig:
    thigh_above_deg: float = 0.0  # above this, the thigh is "above the table line"
    knee_min_deg: float = 80.0
    hugged_min_deg: float = 35.0  # the hugged thigh points at least this far above horizontal
    hanging_max_deg: float = 30.0
    steady_range_deg: float = 3.0
    min_hold_s: float = 1.0

    def __post_init__(self) -> None:
        if not 0 < self.knee_min_deg < 180:
            raise ValueError(f"knee_min_deg must be in (0, 180), got {self.knee_min_deg}")
        if self.min_hold_s <= 0:
            raise ValueError(f"min_hold_s must be > 0 s, got {self.min_hold_s}")


@dataclass
class ThomasTrial:
    side: str  # the hanging leg
    start_s: float
    end_s: float
    thigh_vs_horizontal_deg: float
    knee_flexion_deg: float
    verdict: str

    def to_json(self) -> dict:
        return {k: round(v, 2) if isinstance(v, float) else v for k, v in asdict(self).items()}


def judge(thigh_deg: float, knee_deg: float, cfg: ThomasConfig = ThomasConfig()) -> str:
    tight_psoas = thigh_deg > cfg.thigh_above_deg
    tight_rf = knee_deg < cfg.knee_min_deg
    if tight_psoas and tight_rf:
        return "tight-both"
    if tight_psoas:
        return "tight-iliopsoas"
    if tight_rf:
        return "tight-rectus-femoris"
    return "normal"


def hanging_side(angles: dict[str, np.ndarray], cfg: ThomasConfig) -> np.ndarray:
    """Per frame: 'left'/'right' for the hanging leg, '' when the posture is not the test's."""
    left = angles["left_thigh_vs_horizontal_deg"]
    right = angles["right_thigh_vs_horizontal_deg"]
    out = np.full(len(left), "", dtype=object)
    with np.errstate(invalid="ignore"):
        out[(right >= cfg.hugged_min_deg) & (left <= cfg.hanging_max_deg)] = "left"
        out[(left >= cfg.hugged_min_deg) & (right <= cfg.hanging_max_deg)] = "right"
    return out


def find_trials(t_s: np.ndarray, angles: dict[str, np.ndarray],
                cfg: ThomasConfig = ThomasConfig()) -> list[ThomasTrial]:
    """One trial per hanging side: its longest steady hold of at least min_hold_s."""
    sides = hanging_side(angles, cfg)
    trials = []
    for side in SIDES:
        thigh = angles[f"{side}_thigh_vs_horizontal_deg"]
        knee = angles[f"{side}_knee_flexion_deg"]
        best = _longest_steady(t_s, sides == side, thigh, knee, cfg)
        if best is None:
            continue
        seg = np.arange(*best)
        thigh_deg = float(np.nanmedian(thigh[seg]))
        knee_deg = float(np.nanmedian(knee[seg]))
        trials.append(ThomasTrial(side, float(t_s[seg[0]]), float(t_s[seg[-1]]), thigh_deg,
                                  knee_deg, judge(thigh_deg, knee_deg, cfg)))
    return sorted(trials, key=lambda tr: tr.start_s)


def _longest_steady(t_s, in_posture, thigh, knee, cfg: ThomasConfig):
    """[start, stop) of the longest run in posture whose angles stay within steady_range_deg."""
    best, best_len = None, 0.0
    n = len(t_s)
    start = 0
    while start < n:
        if not in_posture[start] or not (math.isfinite(thigh[start]) and math.isfinite(knee[start])):
            start += 1
            continue
        stop = start + 1
        lo_t = hi_t = thigh[start]
        lo_k = hi_k = knee[start]
        while stop < n and in_posture[stop] and math.isfinite(thigh[stop]) and math.isfinite(knee[stop]):
            lo_t, hi_t = min(lo_t, thigh[stop]), max(hi_t, thigh[stop])
            lo_k, hi_k = min(lo_k, knee[stop]), max(hi_k, knee[stop])
            if hi_t - lo_t > cfg.steady_range_deg or hi_k - lo_k > cfg.steady_range_deg:
                break
            stop += 1
        length = t_s[stop - 1] - t_s[start]
        if length >= cfg.min_hold_s and length > best_len:
            best, best_len = (start, stop), length
        start = stop if stop > start + 1 else start + 1
    return best
