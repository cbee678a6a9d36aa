"""The uncertainty (+-) of each number a test reports, from the held-out accuracy measurements.

tools/accuracy.py measures romcam on the held-out half of the rendered truth set and writes, per
quantity and per recording condition (the camera's view, the frame size, how the pelvis was
read), the 95th percentile of the absolute error: romcam/data/margins.json. A trial's number then
carries that margin as `<name>_pm_deg`, and a verdict whose number lies within its margin of a
threshold says so ("normal, near the 10 deg limit"): the truth may be on the other side.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

OBLIQUE_FROM_DEG = 10.0  # |camera yaw| from here on is "oblique" (otherwise "side-on")
LARGE_FROM_PX = 720  # frames whose short side has this many pixels or more are "large"


@dataclass(frozen=True)
class Conditions:
    view: str  # "side-on" or "oblique"
    size: str  # "small" or "large"
    pelvis: str  # "tape", "markers", "waistband" or "off"

    @classmethod
    def of(cls, yaw_deg: float, frame_size: tuple[int, int], pelvis_method: str) -> Conditions:
        oblique = math.isfinite(yaw_deg) and abs(yaw_deg) >= OBLIQUE_FROM_DEG
        return cls("oblique" if oblique else "side-on",
                   "large" if min(frame_size) >= LARGE_FROM_PX else "small", pelvis_method)

    def keys(self, quantity: str) -> list[str]:
        """Group keys, most specific first: the pelvic tilt depends on how it was read."""
        if quantity.startswith("pelvic_tilt"):
            return [f"{self.pelvis}/{self.size}", self.pelvis, "all"]
        return [f"{self.view}/{self.size}", self.view, "all"]


@lru_cache(maxsize=1)
def load_margins() -> dict:
    path = files("romcam") / "data" / "margins.json"
    return json.loads(path.read_text()) if path.is_file() else {}


def margin_deg(quantity: str, conditions: Conditions, margins: dict | None = None,
               test: str | None = None) -> float | None:
    """The +- for a quantity of a test under these conditions; None when it was never measured
    (for that test: a standing trial's knee is not the Thomas test's hanging knee)."""
    margins = load_margins() if margins is None else margins
    measured_on = margins.get("test_of", {}).get(quantity)
    if test is not None and measured_on is not None and measured_on != test:
        return None
    table = margins.get("quantities", {}).get(quantity, {})
    for key in conditions.keys(quantity):
        if key in table:
            return float(table[key])
    return None


def add_margins(result: dict, conditions: Conditions, margins: dict | None = None) -> None:
    """Add `<name>_pm_deg` beside every measured number of every trial, and a note to the
    verdicts that lie within their margin of a threshold (in result.json's dict, in place)."""
    for trial in result.get("trials", []):
        for key, value in list(trial.items()):
            if not key.endswith("_deg") or key.endswith("_pm_deg") or not isinstance(value, (int, float)):
                continue
            pm = margin_deg(key, conditions, margins, result.get("test"))
            if pm is not None:
                trial[key.removesuffix("_deg") + "_pm_deg"] = round(pm, 1)
        note = near_threshold(trial, result)
        if note:
            trial["verdict_note"] = note
    for side, summary in result.get("summary", {}).items():
        best = [t for t in result.get("trials", []) if t["side"] == side
                and t.get("peak_thigh_vs_vertical_deg") is not None
                and round(t["peak_thigh_vs_vertical_deg"], 1) == summary.get("peak_thigh_vs_vertical_deg")]
        if best and "peak_thigh_vs_vertical_pm_deg" in best[0]:
            summary["peak_thigh_vs_vertical_pm_deg"] = best[0]["peak_thigh_vs_vertical_pm_deg"]
            if "verdict_note" in best[0]:
                summary["verdict_note"] = best[0]["verdict_note"]


def near_threshold(trial: dict, result: dict) -> str | None:
    """"near the 10 deg limit" when a number's margin reaches across a threshold it is judged by:
    the standing test's norm band for the peak, its tolerances (result "limits_deg") for the
    compensations."""
    if trial.get("verdict") in (None, "unknown"):
        return None
    limits = {key: [limit] for key, limit in result.get("limits_deg", {}).items()}
    if trial["verdict"] != "compensated":  # a compensated trial's peak decides nothing
        limits["peak_thigh_vs_vertical_deg"] = result.get("norm_deg", [])
    for key, thresholds in limits.items():
        value, pm = trial.get(key), trial.get(key.removesuffix("_deg") + "_pm_deg")
        if value is None or pm is None:
            continue
        for limit in thresholds:
            if abs(value - limit) < pm:
                what = "" if key.startswith("peak") else f" {key.removesuffix('_change_deg').replace('_', ' ')}"
                return f"near the {limit:g} deg{what} limit"
    return None
