"""Standing quad / hip flexor stretch: the near leg's heel pulled up behind, timed only with good form.

Quadriceps and hip flexors, rectus femoris included. Right form: knee bent at least 90 deg, the
knee not drifting in front of the hip, torso upright, and the pelvis tucked (posterior tilt
against the neutral stance): without the tuck the pelvis tips forward, the low back arches and the
hip flexors are not lengthened. Seconds count only while all hold; each fault has its cue. Where
the pelvis cannot be seen the hold still counts, and the screen, the result and the report say
"tuck not checked".
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, replace

import numpy as np

from romcam.activities.blocks import FaultLimits, Guidance, HoldTimer, StillWindow
from romcam.kinematics.angles import nanmedian
from romcam.activities.registry import Activity, LogItem, SessionOptions, SideMeasure, register
from romcam.activities.session import SidedSession
from romcam.settings import check_ranges, setting


@dataclass(frozen=True)
class StretchRules:
    knee_min_deg: float = setting(90.0, "deg", "knee flexion at least this (absolute)", 0, 180)
    knee_forward_deg: float = setting(5.0, "deg", "thigh ahead of its neutral angle by more than this: "
                                      "knee-forward", 0, 45)
    lean_max_deg: float = setting(10.0, "deg", "trunk lean change from neutral above this: trunk-lean", 0, 45)
    tuck_min_deg: float = setting(2.0, "deg", "posterior pelvic tilt against the neutral stance needed: "
                                  "less is tuck-lost (where the pelvis is seen)", 0, 20)
    arch_max_deg: float = setting(5.0, "deg", "anterior pelvic tilt change above this: lumbar-arch", 0, 45)
    hysteresis_deg: float = setting(1.0, "deg", "a fault clears only this far back inside its limit", 0, 10)
    hold_s: float = setting(30.0, "s", "live: seconds with good form to hold per leg", 1, 3600)
    neutral_window_s: float = setting(1.0, "s", "neutral stance: trunk and thigh still this long", 0.1, 10)
    neutral_still_deg: float = setting(2.0, "deg", "still: moving less than this over the window", 0, 20)
    straight_knee_deg: float = setting(30.0, "deg", "neutral stance only with the knee bent less than this", 0, 90)
    max_gap_s: float = setting(0.5, "s", "frames further apart than this add no time", 0.05, 5)

    def __post_init__(self) -> None:
        check_ranges(self)


FAULT_CUES = {
    "knee-not-bent": "Pull your heel up toward your buttock",
    "knee-forward": "Bring your knee back, level with the other knee",
    "trunk-lean": "Stand tall: you are leaning forward",
    "lumbar-arch": "Tuck your tailbone under: your low back is arching",
    "tuck-lost": "Tuck your tailbone under and squeeze the glute",
}
TUCK_NOT_CHECKED = "tuck not checked: romcam cannot see your pelvis (wear the tape, see the README)"


def cue_lines(cues: dict[str, str], faults: set[str], most: int = 2) -> list[str]:
    """The cues of the faults now, in the cues' order, without saying the same thing twice (an
    arching low back has also lost its tuck)."""
    shown = [f for f in cues if f in faults]
    if "lumbar-arch" in shown and "tuck-lost" in shown:
        shown.remove("tuck-lost")
    return [cues[f] for f in shown][:most]


class StretchForm:
    """Faults of one frame against the neutral stance, with hysteresis so that a value sitting on
    a limit does not flicker the timer on and off."""

    def __init__(self, side: str, baseline: dict[str, float], rules: StretchRules) -> None:
        self.side, self.baseline, self.rules = side, baseline, rules
        self._limits = FaultLimits(rules.hysteresis_deg)
        self.tuck_seen = False  # whether the last frame's pelvis was measured

    @property
    def faults(self) -> set[str]:
        return set(self._limits.faults)

    def update(self, angles: dict[str, float]) -> set[str] | None:
        """The faults now, or None when the leg or trunk cannot be measured in this frame."""
        r, s, base = self.rules, self.side, self.baseline
        knee = angles.get(f"{s}_knee_flexion_deg", math.nan)
        thigh = angles.get(f"{s}_thigh_vs_vertical_deg", math.nan) - base["thigh"]
        lean = angles.get("trunk_lean_deg", math.nan) - base["trunk"]
        tilt = angles.get("pelvic_tilt_deg", math.nan) - base["tilt"]
        if not all(math.isfinite(v) for v in (knee, thigh, lean)):
            return None
        # how far past its limit each measure is: > 0 is a fault
        excess = {"knee-not-bent": r.knee_min_deg - knee, "knee-forward": -thigh - r.knee_forward_deg,
                  "trunk-lean": lean - r.lean_max_deg}
        self.tuck_seen = math.isfinite(tilt)
        if self.tuck_seen:
            excess["lumbar-arch"] = tilt - r.arch_max_deg
            excess["tuck-lost"] = tilt + r.tuck_min_deg  # tucked: tilt <= -tuck_min
        return self._limits.update(excess)


class NeutralStance:
    """The baseline: the medians of a still window (trunk and thigh within still_deg for window_s)
    with the leg straight, so that a person already holding the stretch is not taken as neutral."""

    def __init__(self, side: str, rules: StretchRules) -> None:
        self.side, self.straight_knee_deg = side, rules.straight_knee_deg
        self._still = StillWindow(rules.neutral_window_s, rules.neutral_still_deg, ("trunk", "thigh"))
        self.value: dict[str, float] | None = None

    def update(self, t_s: float, angles: dict[str, float]) -> dict[str, float] | None:
        values = {"trunk": angles.get("trunk_lean_deg", math.nan),
                  "thigh": angles.get(f"{self.side}_thigh_vs_vertical_deg", math.nan),
                  "tilt": angles.get("pelvic_tilt_deg", math.nan)}
        knee = angles.get(f"{self.side}_knee_flexion_deg", math.nan)
        if not (math.isfinite(values["trunk"]) and math.isfinite(values["thigh"])) \
                or not knee < self.straight_knee_deg:
            self._still.clear()
            return self.value
        self.value = self._still.update(t_s, values) or self.value
        return self.value


@dataclass
class SideHold:
    """One leg's stretch: seconds with good form and how long each fault was shown."""

    side: str
    target_s: float
    max_gap_s: float = 0.5
    timer: HoldTimer = field(init=False)
    fault_s: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.timer = HoldTimer(self.max_gap_s)

    def update(self, t_s: float, faults: set[str] | None, dt: float) -> None:
        self.timer.update(t_s, faults == set())
        for fault in faults or ():
            self.fault_s[fault] = self.fault_s.get(fault, 0.0) + dt

    @property
    def completed(self) -> bool:
        return self.timer.held_s >= self.target_s

    def to_json(self) -> dict:
        return {"side": self.side, "held_s": round(self.timer.held_s, 2), "target_s": self.target_s,
                "longest_s": round(self.timer.longest_s, 2), "breaks": self.timer.breaks,
                "completed": self.completed,
                "fault_s": {k: round(v, 2) for k, v in sorted(self.fault_s.items())}}


@dataclass
class TuckedHold(SideHold):
    """A stretch's hold gated on the tuck, plus the seconds of it with the pelvis seen: a hold
    mostly timed without the pelvis says "tuck not checked"."""

    tuck_checked_s: float = 0.0

    def update(self, t_s: float, faults: set[str] | None, dt: float, tuck_seen: bool = False) -> None:
        held_before = self.timer.held_s
        super().update(t_s, faults, dt)
        if tuck_seen:
            self.tuck_checked_s += self.timer.held_s - held_before

    @property
    def tuck_checked(self) -> bool:
        return self.timer.held_s > 0 and self.tuck_checked_s >= 0.5 * self.timer.held_s

    @property
    def tuck_unchecked(self) -> bool:
        """Time was counted, mostly without the pelvis seen."""
        return self.timer.held_s > 0 and not self.tuck_checked

    def fault_words(self) -> tuple[str, ...]:
        return tuple(sorted(self.fault_s)) + (("tuck not checked",) if self.tuck_unchecked else ())

    def to_json(self) -> dict:
        return super().to_json() | {"tuck_checked_s": round(self.tuck_checked_s, 2), "tuck_checked": self.tuck_checked}


def tucked_meanings(holds: list[TuckedHold], cues: dict[str, str]) -> dict[str, str]:
    """result.json's meanings: each fault seen, and "tuck not checked" where it applies."""
    meanings = {f: cues[f] for h in holds for f in h.fault_s}
    if any(h.tuck_unchecked for h in holds):
        meanings["tuck not checked"] = TUCK_NOT_CHECKED
    return meanings


@dataclass
class StretchResult:
    holds: list[TuckedHold]
    rules: StretchRules
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        rules = {k: v for k, v in asdict(self.rules).items() if k in _FORM_RULES}
        return {"holds": [h.to_json() for h in self.holds], "rules": rules,
                "meanings": tucked_meanings(self.holds, FAULT_CUES)}

    def only(self, side: str) -> StretchResult:
        return replace(self, holds=[h for h in self.holds if h.side == side])

    def side_measures(self) -> list[SideMeasure]:
        return []  # the history keeps tests; exercise adherence is its own record

    def log_items(self) -> list[LogItem]:
        return [LogItem(h.side, "s", h.timer.held_s, h.timer.held_s, h.target_s, h.fault_words())
                for h in self.holds]


_FORM_RULES = ("knee_min_deg", "knee_forward_deg", "lean_max_deg", "tuck_min_deg", "arch_max_deg", "hysteresis_deg")


def stretch_hold(t_s: np.ndarray, angles: dict[str, np.ndarray], side: str,
                 rules: StretchRules | None = None, baseline_s: float = 0.8) -> TuckedHold:
    """Offline: the hold of a whole recording that starts with the neutral stance (its first
    baseline_s seconds). Scores rendered clips from their truth angles and from romcam's."""
    rules = rules or StretchRules()
    first = t_s <= t_s[0] + baseline_s
    base = {key: nanmedian(angles[name][first]) for key, name in
            (("trunk", "trunk_lean_deg"), ("thigh", f"{side}_thigh_vs_vertical_deg"), ("tilt", "pelvic_tilt_deg"))}
    form, hold = StretchForm(side, base, rules), TuckedHold(side, rules.hold_s, rules.max_gap_s)
    last_t = None
    for i, t in enumerate(t_s):
        faults = form.update({k: float(v[i]) for k, v in angles.items()})
        hold.update(float(t), faults, 0.0 if last_t is None else float(t) - last_t, form.tuck_seen)
        last_t = float(t)
    return hold


def analyse(t_s: np.ndarray, angles: dict[str, np.ndarray], rules: StretchRules, near: str) -> StretchResult:
    """A saved recording of the stretch: the near leg's hold, neutral stance first."""
    hold = stretch_hold(t_s, angles, near, rules)
    return StretchResult([hold], rules, [TUCK_NOT_CHECKED] if hold.tuck_unchecked else [])


class StretchSession(SidedSession):
    """Setup check, neutral stance, then the stretch of the near leg timed while the form is
    right; turn round for the other leg."""

    turn_message = "Well done. Release, then turn round to face the other way"

    def __init__(self, activity: Activity, rules: StretchRules, options: SessionOptions) -> None:
        super().__init__(activity, rules, options)
        self.holds: list[TuckedHold] = []
        self._neutral: NeutralStance | None = None
        self._form: StretchForm | None = None
        self._last_t: float | None = None

    def update(self, t_s: float, state, image: np.ndarray) -> Guidance:
        self._dt = 0.0 if self._last_t is None else t_s - self._last_t
        self._last_t = t_s
        return super().update(t_s, state, image)

    def _holding(self) -> TuckedHold | None:
        return self.holds[-1] if self.holds and self._form is not None and self.phase == "work" else None

    def on_problems(self, t_s: float, problems: list[str]) -> Guidance:
        hold = self._holding()
        if hold is None:
            return Guidance(self.phase, problems)
        hold.timer.update(t_s, False)
        return Guidance("hold", problems[:1] + [self._clock(hold)])

    def begin_side(self, side: str) -> None:
        self._neutral, self._form = NeutralStance(side, self.config), None

    def work(self, t_s: float, state) -> Guidance:
        if self._form is None:
            base = self._neutral.update(t_s, state.angles)
            if base is None:
                return Guidance("baseline", ["Stand tall and still, arms folded on your chest",
                                             "measuring your neutral stance..."])
            self._form = StretchForm(self.side, base, self.config)
            self.holds.append(TuckedHold(self.side, self.config.hold_s, self.config.max_gap_s))
        hold = self.holds[-1]
        faults = self._form.update(state.angles)
        hold.update(t_s, faults, self._dt, self._form.tuck_seen)
        if faults is None:
            lines = [f"Stay side-on: romcam cannot see your {self.side} leg"]
        elif faults:
            lines = cue_lines(FAULT_CUES, faults)
        else:
            lines = ["Good: tailbone tucked - hold it and breathe"]
        if hold.timer.held_s == 0 and faults:
            lines.insert(0, f"Hold your {self.side} ankle behind you, knees together, tailbone tucked")
        extra = [] if self._form.tuck_seen else ["tuck not checked: pelvis not seen"]
        return Guidance("hold", lines + [self._clock(hold)] + extra, alert=bool(faults) and hold.timer.held_s > 0)

    def side_complete(self) -> bool:
        return bool(self.holds) and self._form is not None and self.holds[-1].completed

    def _clock(self, hold: SideHold) -> str:
        return f"{hold.side} leg: {hold.timer.held_s:.0f} / {hold.target_s:.0f} s held with good form"

    def finished(self, new: list | None = None) -> Guidance:
        lines = ["Stretch complete - press q to close"]
        lines += [f"{h.side} leg: {h.timer.held_s:.0f} s with good form" for h in self.holds]
        return Guidance("done", lines, done=True)

    def result(self) -> StretchResult:
        warnings = [] if self.holds else ["the stretch was not started: no neutral stance was taken"]
        if any(h.tuck_unchecked for h in self.holds):
            warnings.append(TUCK_NOT_CHECKED)
        return StretchResult(list(self.holds), self.config, warnings)


ACTIVITY = register(Activity(
    name="quad-stretch",
    kind="exercise",
    summary="standing quad / hip flexor stretch: hold the heel of the near leg up behind you",
    posture="standing",
    config_type=StretchRules,
    session=lambda rules, options: StretchSession(ACTIVITY, rules, options),
    analyse=analyse,
    meanings=dict(FAULT_CUES) | {"tuck not checked": TUCK_NOT_CHECKED},
    pelvis_default="auto",
))
