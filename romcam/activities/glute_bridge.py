"""Glute bridge: lying on the back, knees bent, feet flat; the hips lift until shoulder, hip and
knee form one line, hold at the top, and lower slowly (3 x 15 in the programme).

The glutes are the hip flexors' antagonist: strong glutes extend the hip without the low back
arching. A rep is one rise of the hips from a still start position and back down: getting into
place before that, shifting or a small fidget never counts. Every rep counts;
its faults are named once, when it ends:
- not-to-line: the hips stopped short of the shoulder-hip-knee line;
- no-hold: less than hold_s at the top;
- dropped-fast: lowered in less than lower_min_s;
- lumbar-arch: the pelvis tipped forward instead of the hips extending (where the pelvis is seen).

The measure is the hip's angle from the shoulder-hip-knee line (0 on the line, about -40 at the
bottom): the trunk's rise above the floor line minus the thigh's (thigh_vs_horizontal, from the
hip joint centre estimate, as in the Thomas test). Neither depends on which way the person lies.
On the tuning clips it read the line within 2-5 deg where the plain hip extension (from
MediaPipe's hip landmark, in front of the joint) read it 6-12 deg too high, which hid a bridge
17 deg short of the line.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from romcam.activities.blocks import StillWindow
from romcam.activities.registry import Activity, Readout, register
from romcam.activities.reps import RepsResult, RepsSession, count_reps, rounded
from romcam.settings import check_ranges, setting

SIDES = ("left", "right")


@dataclass(frozen=True)
class BridgeRules:
    # 5 deg, chosen on the tuning clips: romcam reads the line 2-7 deg above the truth, so a top
    # read 5 below it is about 7-12 below in truth; a bridge 17 deg short read 10-12 below.
    line_tolerance_deg: float = setting(5.0, "deg", "the top must come within this of the shoulder-hip-knee "
                                        "line, else not-to-line", 0, 45)
    hold_s: float = setting(3.0, "s", "seconds asked for at the top", 0, 30)
    hold_slack_s: float = setting(0.5, "s", "a hold this much shorter still counts as held", 0, 5)
    top_band_deg: float = setting(5.0, "deg", "at the top: within this of the rep's highest point", 1, 20)
    lower_min_s: float = setting(0.5, "s", "lowered from the top to the start position faster than this "
                                 "(timed between 5 deg below the top and 6 deg above the start): dropped-fast",
                                 0, 10)
    arch_max_deg: float = setting(5.0, "deg", "anterior pelvic tilt change at the top above this: lumbar-arch",
                                  0, 45)
    rep_start_deg: float = setting(12.0, "deg", "the hips rose this far from the start position: a rep has begun",
                                   1, 60)
    rep_end_deg: float = setting(6.0, "deg", "back within this of the start position: the rep has ended", 0.5, 30)
    rep_min_rise_deg: float = setting(20.0, "deg", "a rep rises at least this far (smaller is a fidget)", 1, 90)
    start_window_s: float = setting(1.0, "s", "the start position: still this long", 0.1, 10)
    start_still_deg: float = setting(3.0, "deg", "still: the hips moving less than this over the window", 0, 20)
    reps_per_set: int = setting(15, "count", "reps per set", 1, 100)
    sets: int = setting(3, "count", "sets", 1, 10)
    rest_s: float = setting(45.0, "s", "rest between sets", 0, 600)

    def __post_init__(self) -> None:
        check_ranges(self)
        if not 0 < self.rep_end_deg < self.rep_start_deg <= self.rep_min_rise_deg:
            raise ValueError("need 0 < rep_end_deg < rep_start_deg <= rep_min_rise_deg")


FAULT_MEANINGS = {
    "not-to-line": "Lift your hips higher: shoulders, hips and knees in one line",
    "no-hold": "Hold at the top for a count of three",
    "dropped-fast": "Lower slowly, about two seconds down",
    "lumbar-arch": "Squeeze your glutes: the low back arched instead of the hips lifting",
}


def line_deg(angles: dict[str, float], side: str) -> float:
    """The hip's angle from the shoulder-hip-knee line: + above it, - below (lying on the back)."""
    trunk_rise = abs(angles.get("trunk_lean_deg", math.nan)) - 90.0  # the hips above the shoulders
    return trunk_rise - angles.get(f"{side}_thigh_vs_horizontal_deg", math.nan)


@dataclass
class Rep:
    side: str
    start_s: float
    top_s: float
    end_s: float
    top_deg: float  # the hip's bend from the line at the top (0 = on the line)
    held_s: float
    lowered_s: float
    tilt_change_deg: float
    faults: list[str]

    def to_json(self) -> dict:
        return {"start_s": rounded(self.start_s), "peak_s": rounded(self.top_s), "end_s": rounded(self.end_s),
                "top_deg": rounded(self.top_deg), "held_s": rounded(self.held_s), "lowered_s": rounded(self.lowered_s),
                "pelvic_tilt_change_deg": rounded(self.tilt_change_deg), "counted": not self.faults,
                "faults": self.faults}


class BridgeReps:
    """update(t_s, angles) -> a Rep when one ends. The near leg's hip is followed against the
    start position (lying still, knees bent); the top's hold and the lowering are timed from the
    rep's own samples. Unlike standing lifts, bridges follow one another with hardly a pause, so
    the start position is not asked for again between reps (it is refreshed whenever still)."""

    def __init__(self, side: str, rules: BridgeRules) -> None:
        self.side, self.rules = side, rules
        self._still = StillWindow(rules.start_window_s, rules.start_still_deg, ("hip",))
        self.baseline: dict[str, float] | None = None
        self._samples: list[tuple[float, float, float]] = []  # (t, hip, tilt) of the rep under way
        self._last_low_t: float | None = None

    @property
    def started(self) -> bool:
        """The start position was seen (reps count from here)."""
        return self.baseline is not None

    @property
    def rising(self) -> bool:
        return bool(self._samples)

    def update(self, t_s: float, angles: dict[str, float]) -> Rep | None:
        values = {"hip": line_deg(angles, self.side), "tilt": angles.get("pelvic_tilt_deg", math.nan)}
        if not math.isfinite(values["hip"]):
            return None
        if not self._samples:
            self.baseline = self._still.update(t_s, values) or self.baseline
        if self.baseline is None:
            return None
        rise = values["hip"] - self.baseline["hip"]
        if not self._samples:
            if rise <= self.rules.rep_end_deg:
                self._last_low_t = t_s
            if rise <= self.rules.rep_start_deg:
                return None
            self._samples.append((self._last_low_t if self._last_low_t is not None else t_s,
                                  self.baseline["hip"], self.baseline["tilt"]))
        self._samples.append((t_s, values["hip"], values["tilt"]))
        if rise >= self.rules.rep_end_deg:
            return None
        samples, self._samples = self._samples, []
        self._last_low_t = t_s
        self._still.clear()
        if max(h for _, h, _ in samples) - self.baseline["hip"] < self.rules.rep_min_rise_deg:
            return None  # a fidget, not a rep
        return self._judge(samples)

    def _judge(self, samples: list[tuple[float, float, float]]) -> Rep:
        r = self.rules
        top = max(h for _, h, _ in samples)  # the angle from the line at the top (0: on it)
        at_top = [(t, tilt) for t, h, tilt in samples if h >= top - r.top_band_deg]
        held = at_top[-1][0] - at_top[0][0]
        lowered = samples[-1][0] - at_top[-1][0]
        tilts = [tilt for _, tilt in at_top if math.isfinite(tilt)]
        tilt = float(np.median(tilts)) - self.baseline["tilt"] if tilts else math.nan
        faults = []
        if top < -r.line_tolerance_deg:
            faults.append("not-to-line")
        if held < r.hold_s - r.hold_slack_s:
            faults.append("no-hold")
        if lowered < r.lower_min_s:
            faults.append("dropped-fast")
        if math.isfinite(tilt) and tilt > r.arch_max_deg:
            faults.append("lumbar-arch")
        top_s = at_top[len(at_top) // 2][0]
        return Rep(self.side, samples[0][0], top_s, samples[-1][0], top, held, lowered, tilt, faults)


NO_START = ("no start position was seen: lie on your back, knees bent, feet flat, and keep still "
            "for a second before the first lift")


def analyse(t_s: np.ndarray, angles: dict[str, np.ndarray], rules: BridgeRules, near: str) -> RepsResult:
    """A saved recording of bridges: reps of the hip nearer the camera."""
    counter = BridgeReps(near, rules)
    reps = count_reps(t_s, angles, counter)
    warnings = [] if counter.started else [NO_START]
    if counter.started and not reps:
        warnings.append("no bridge was seen: lift the hips until shoulders, hips and knees line up")
    return RepsResult(near, reps, rules, FAULT_MEANINGS, warnings=warnings)


class BridgeSession(RepsSession):
    start_lines = ("Lie on your back, knees bent, feet flat, arms by your sides", "Keep still a moment...")
    work_line = "Lift your hips to a straight line, hold 3 s, lower slowly"
    done_line = "Bridges complete - press q to close"

    def result(self) -> RepsResult:
        started = self._counter is not None and (self._counter.started or bool(self.reps))
        return RepsResult(self.side or "left", list(self.reps), self.config, FAULT_MEANINGS,
                          warnings=[] if started else [NO_START])


class LineReadout:
    """The panel's "hips to line": the measure the reps are judged on, live."""

    def __init__(self, rules: BridgeRules) -> None:
        pass

    def update(self, t_s: float, angles: dict[str, float], near_side: str) -> dict[str, float]:
        return {"hips_to_line_deg": line_deg(angles, near_side)}


BRIDGE_READOUTS = (
    Readout("hips to line", "hips_to_line_deg"),
    Readout("{side} thigh vs floor", "{side}_thigh_vs_horizontal_deg"),
    Readout("{side} knee", "{side}_knee_flexion_deg"),
)

ACTIVITY = register(Activity(
    name="glute-bridge",
    kind="exercise",
    summary="glute bridge: lying on your back, lift the hips to a straight line, hold, lower slowly",
    posture="lying",
    config_type=BridgeRules,
    session=lambda rules, options: BridgeSession(ACTIVITY, rules, options, lambda side: BridgeReps(side, rules)),
    analyse=analyse,
    meanings=dict(FAULT_MEANINGS),
    readouts=BRIDGE_READOUTS,
    panel_values=LineReadout,
))
