"""How the legs sit at the desk (crossed, feet tucked off the floor, perched), against a person's
own calibration.

Fitted on some people, no rule told these apart on the next person (docs/measurements.md, "the
legs, tried again"): the pose model's legs differ more between bodies and cameras than between
the postures. So each person shows romcam the four ways once, in their chair and camera
(`romcam desk --calibrate-legs`: about 15 s each), and a seated look is then judged by which of
their own four it is nearest to. A posture their calibration could not tell from their ordinary
sitting, or whose legs were not in view, stays "not judged"; so does every look too far from all
four (the legs doing something not shown), or with the knees and ankles out of sight.

The features are read from the world landmarks (metres, about the hips), so the camera's place
matters less: per leg the thigh's slope, the shank's lean, the knee's angle, the trunk-thigh
angle and the ankle's height along the trunk (both legs' mean, min, max and difference), and the
knee and ankle gaps in hip widths. The scale of each feature, and the thresholds, are in
romcam/data/desk_legs.json (set on tuning clips by tools/desk_legs_accuracy.py).
"""

from __future__ import annotations

import json
from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files

import numpy as np

from romcam.pose.landmarks import Landmark as L
from romcam.pose.records import Pose

ORDINARY = "ordinary"
UNSURE = "unsure"  # the legs in view, but like none of the person's four ways: counted as seen, in none
LEG_POSTURES = ("crossed", "tucked", "perched")  # what is noted; ORDINARY is the reference
LEG_NAMES = {"crossed": "legs crossed", "tucked": "feet tucked", "perched": "perched"}  # short: the status
# The calibration, step by step: what the person is asked, and for how long.
STEPS = ((ORDINARY, "Sit as you usually do, feet flat on the floor"),
         ("crossed", "Cross your legs, the way you usually do"),
         ("tucked", "Tuck your feet under the chair, off the floor"),
         ("perched", "Perch on the front edge of the seat"))
STEP_S = 18.0
SETTLE_S = 4.0  # a step's first seconds are the move into it: not recorded
HOLD_S = 15.0  # ... and its last ones may be the next move already
MIN_LOOKS = 6  # looks with the legs in view a step needs (a look a second: 11 at most)
LEGS_IN_VIEW = 0.3  # mean visibility of the knees and ankles
SMOOTH_LOOKS = 5  # a look is judged on the median of the last few (a leg swinging is not a posture)

_SIDES = ((L.LEFT_HIP, L.LEFT_KNEE, L.LEFT_ANKLE), (L.RIGHT_HIP, L.RIGHT_KNEE, L.RIGHT_ANKLE))
_LEG_POINTS = [L.LEFT_KNEE, L.RIGHT_KNEE, L.LEFT_ANKLE, L.RIGHT_ANKLE]


def angle_between(a: np.ndarray, b: np.ndarray) -> float:
    """Degrees between two vectors."""
    cos = np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b) + 1e-9)
    return float(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))))


def legs_in_view(pose: Pose) -> bool:
    return float(pose.visibility[_LEG_POINTS].mean()) >= LEGS_IN_VIEW


def leg_features(world: np.ndarray) -> np.ndarray:
    """23 numbers from the world landmarks; the same whichever leg crosses over."""
    up = (world[L.LEFT_SHOULDER] + world[L.RIGHT_SHOULDER] - world[L.LEFT_HIP] - world[L.RIGHT_HIP]) / 2
    trunk = np.linalg.norm(up)
    hips = (world[L.LEFT_HIP] + world[L.RIGHT_HIP]) / 2
    hip_width = np.linalg.norm(world[L.LEFT_HIP] - world[L.RIGHT_HIP])
    per_leg = []
    for hip, knee, ankle in _SIDES:
        thigh, shank = world[knee] - world[hip], world[ankle] - world[knee]
        ahead = np.array([thigh[0], 0.0, thigh[2]])
        ahead /= np.linalg.norm(ahead) + 1e-9
        per_leg.append((np.degrees(np.arcsin(np.clip(thigh[1] / np.linalg.norm(thigh), -1, 1))),  # y is down
                        np.degrees(np.arctan2(np.dot(shank, ahead), shank[1])),
                        angle_between(-thigh, shank), angle_between(up, thigh),
                        np.dot(world[ankle] - hips, up / trunk) / trunk))
    legs = np.array(per_leg)
    knee_gap = np.linalg.norm(world[L.LEFT_KNEE] - world[L.RIGHT_KNEE])
    ankle_gap = np.linalg.norm(world[L.LEFT_ANKLE] - world[L.RIGHT_ANKLE])
    return np.r_[legs.mean(0), legs.min(0), legs.max(0), np.abs(legs[0] - legs[1]),
                 knee_gap / hip_width, ankle_gap / hip_width, ankle_gap / (knee_gap + 1e-6)]


@dataclass(frozen=True)
class Tuning:
    scales: np.ndarray  # per feature: how much it varies within one posture (from one hold to the next)
    nearer: float  # a posture is called only this much nearer than ordinary sitting (a ratio < 1)
    reach: float  # ... and within this distance of it (scaled units); farther: not sure
    separation: float  # a calibrated posture this close to ordinary sitting is not judged (in the
    # person's own look-to-look spread during the calibration)

    def distance(self, x: np.ndarray, centre: np.ndarray) -> float:
        return float(np.linalg.norm((x - centre) / self.scales))


@lru_cache(maxsize=1)
def tuning() -> Tuning:
    data = json.loads((files("romcam") / "data" / "desk_legs.json").read_text())
    return Tuning(np.array(data["scales"], float), data["nearer"], data["reach"], data["separation"])


@dataclass
class LegCalibration:
    """One person's four ways of sitting, as feature medians. judged: the postures it can tell."""

    centroids: dict[str, list[float]]
    judged: tuple[str, ...] = ()
    notes: dict[str, str] = field(default_factory=dict)  # posture -> why it is not judged
    tuning: Tuning = field(default_factory=tuning, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._centres = {p: np.array(c, float) for p, c in self.centroids.items()}  # once, not per look

    @classmethod
    def from_looks(cls, looks: dict[str, list[np.ndarray]], t: Tuning | None = None) -> "LegCalibration":
        t = t or tuning()
        kept = {p: np.array(xs) for p, xs in looks.items() if len(xs) >= MIN_LOOKS}
        centroids = {p: np.median(xs, axis=0) for p, xs in kept.items()}
        # How far one of this person's looks strays from its step's median: a posture must be
        # further than that from ordinary sitting to be told from it (not a calibration of noise).
        strays = [t.distance(x, centroids[p]) for p, xs in kept.items() for x in xs]
        noise = float(np.median(strays)) if strays else 0.0
        notes: dict[str, str] = {}
        judged = []
        for posture in LEG_POSTURES:
            if ORDINARY not in centroids:
                notes[posture] = "the legs were not in view while sitting as usual"
            elif posture not in centroids:
                notes[posture] = "the legs were not in view"
            elif t.distance(centroids[posture], centroids[ORDINARY]) < t.separation * noise:
                notes[posture] = "looked too much like sitting as usual in this camera"
            else:
                judged.append(posture)
        return cls({p: c.tolist() for p, c in centroids.items()}, tuple(judged), notes, t)

    def judge(self, x: np.ndarray) -> str | None:
        """ORDINARY, one of self.judged, UNSURE, or None without a calibration of ordinary sitting."""
        if ORDINARY not in self.centroids:
            return None
        t = self.tuning
        ordinary = t.distance(x, self._centres[ORDINARY])
        distances = {p: t.distance(x, self._centres[p]) for p in self.judged}
        best = min(distances, key=distances.get, default=None)
        if best is not None and distances[best] <= t.nearer * ordinary and distances[best] <= t.reach:
            return best
        return ORDINARY if ordinary <= t.reach else UNSURE

    def to_json(self) -> dict:
        return {"centroids": self.centroids, "judged": list(self.judged), "notes": self.notes}

    @classmethod
    def from_json(cls, data: dict) -> "LegCalibration":
        return cls({k: list(map(float, v)) for k, v in data["centroids"].items()}, tuple(data["judged"]),
                   dict(data.get("notes", {})))


class LegReader:
    """read(pose) -> the legs' posture in this seated look (ORDINARY, LEG_POSTURES or UNSURE), or
    None with the legs out of view."""

    def __init__(self, calibration: LegCalibration) -> None:
        self.calibration = calibration
        self._recent: deque[np.ndarray] = deque(maxlen=SMOOTH_LOOKS)

    def read(self, pose: Pose | None) -> str | None:
        if pose is None or not legs_in_view(pose):
            self._recent.clear()
            return None
        x = leg_features(pose.world)
        if not np.all(np.isfinite(x)):
            return UNSURE
        self._recent.append(x)
        return self.calibration.judge(np.median(np.array(self._recent), axis=0))

    def forget(self) -> None:
        """Not seated any more: the next seated look starts afresh."""
        self._recent.clear()


class LegCalibrator:
    """The calibration's steps on the desk clock: add(seconds since its start, pose) for each
    look; step(seconds) -> the step's index, or None once all are done; result() at the end."""

    def __init__(self) -> None:
        self.looks: dict[str, list[np.ndarray]] = {posture: [] for posture, _ in STEPS}

    @staticmethod
    def step(elapsed_s: float) -> int | None:
        k = int(elapsed_s // STEP_S)
        return k if k < len(STEPS) else None

    def add(self, elapsed_s: float, pose: Pose | None) -> None:
        k = self.step(elapsed_s)
        into = elapsed_s - (k or 0) * STEP_S
        if k is None or pose is None or not SETTLE_S <= into < HOLD_S or not legs_in_view(pose):
            return
        x = leg_features(pose.world)
        if np.all(np.isfinite(x)):
            self.looks[STEPS[k][0]].append(x)

    def result(self, t: Tuning | None = None) -> LegCalibration:
        return LegCalibration.from_looks(self.looks, t)
