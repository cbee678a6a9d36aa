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

from dataclasses import asdict, dataclass, field, replace

import numpy as np

from romcam.activities.blocks import Guidance, Hold, SteadyHold
from romcam.activities.registry import Activity, HistoryMeasure, Readout, SessionOptions, SideMeasure, register
from romcam.activities.session import SidedSession
from romcam.settings import check_ranges, setting
from romcam.kinematics.angles import SIDES

VERDICT_MEANINGS = {
    "normal": "the hanging thigh rests on the table and the knee bends 80 deg or more. Next: "
              "nothing to stretch for; retest in 4 weeks if you sit a lot",
    "tight-iliopsoas": "the hanging thigh stays above the table: the hip flexors (iliopsoas) are "
                       "short and pull the thigh up. Next: the half-kneeling hip flexor stretch with "
                       "the tailbone tucked, 2-3 times a day; retest every 1-2 weeks for 4-6 weeks",
    "tight-rectus-femoris": "the knee cannot bend to 80 deg: the front thigh muscle (rectus "
                            "femoris) is short. Next: the couch stretch and the standing quad stretch "
                            "(`romcam exercise quad-stretch`); retest every 1-2 weeks",
    "tight-both": "the thigh stays up and the knee cannot bend to 80 deg: both the hip flexors "
                  "and the front thigh muscle are short. Next: the half-kneeling hip flexor stretch "
                  "and the couch stretch, 2-3 times a day; retest every 1-2 weeks for 4-6 weeks",
}


@dataclass(frozen=True)
class ThomasConfig:
    thigh_above_deg: float = setting(0.0, "deg", "hanging thigh above this (against the horizontal): "
                                     "tight-iliopsoas", -45, 45)
    knee_min_deg: float = setting(80.0, "deg", "hanging knee bent less than this: tight-rectus-femoris", 1, 179)
    hugged_min_deg: float = setting(35.0, "deg", "the hugged thigh points at least this far above horizontal", 0, 90)
    hanging_max_deg: float = setting(30.0, "deg", "the hanging thigh at most this far above horizontal", -90, 90)
    # A loosely hugged knee lets the pelvis tip forward and the hanging thigh rise: a false
    # "tight". Proper hugs read 101-144 deg on the tuning clips, a loose one (69 deg) read 54.
    hug_flexion_min_deg: float = setting(90.0, "deg", "the hugged hip bent at least this much against the "
                                         "trunk (knee pulled to the chest)", 0, 180)
    steady_range_deg: float = setting(3.0, "deg", "a hold: thigh and knee each stay within this range", 0.1, 20)
    min_hold_s: float = setting(1.0, "s", "a hold lasts at least this long (live and offline)", 0.1, 30)

    def __post_init__(self) -> None:
        check_ranges(self)


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


def judge(thigh_deg: float, knee_deg: float, cfg: ThomasConfig | None = None) -> str:
    cfg = cfg or ThomasConfig()
    tight_psoas = thigh_deg > cfg.thigh_above_deg
    tight_rf = knee_deg < cfg.knee_min_deg
    if tight_psoas and tight_rf:
        return "tight-both"
    if tight_psoas:
        return "tight-iliopsoas"
    if tight_rf:
        return "tight-rectus-femoris"
    return "normal"


def hanging_side(angles: dict[str, np.ndarray], cfg: ThomasConfig, loose: bool = False) -> np.ndarray:
    """Per frame: 'left'/'right' for the hanging leg, '' when the posture is not the test's.
    loose: instead, the frames in the posture but with the other knee not pulled to the chest."""
    left = angles["left_thigh_vs_horizontal_deg"]
    right = angles["right_thigh_vs_horizontal_deg"]
    out = np.full(len(left), "", dtype=object)
    with np.errstate(invalid="ignore"):
        for hanging, hugged, hugged_thigh, hanging_thigh in (("left", "right", right, left),
                                                             ("right", "left", left, right)):
            posture = (hugged_thigh >= cfg.hugged_min_deg) & (hanging_thigh <= cfg.hanging_max_deg)
            close = -angles[f"{hugged}_hip_extension_deg"] >= cfg.hug_flexion_min_deg  # NaN: not checked
            out[posture & (~close if loose else close)] = hanging
    return out


def find_trials(t_s: np.ndarray, angles: dict[str, np.ndarray],
                cfg: ThomasConfig | None = None) -> list[ThomasTrial]:
    """One trial per hanging side: its longest steady hold of at least min_hold_s."""
    cfg = cfg or ThomasConfig()
    sides = hanging_side(angles, cfg)
    trials = []
    for side in SIDES:
        steady, best = SteadyHold(cfg.steady_range_deg, cfg.min_hold_s), None
        thigh, knee = angles[f"{side}_thigh_vs_horizontal_deg"], angles[f"{side}_knee_flexion_deg"]
        for i, t in enumerate(t_s):
            if sides[i] != side:
                steady.reset()
                continue
            hold = steady.update(float(t), {"thigh": float(thigh[i]), "knee": float(knee[i])})
            if hold is not None and (best is None or hold.seconds > best.seconds):
                best = hold
        if best is not None:
            trials.append(trial_of(side, best, cfg))
    return sorted(trials, key=lambda tr: tr.start_s)


def trial_of(side: str, hold: Hold, cfg: ThomasConfig) -> ThomasTrial:
    thigh, knee = hold.values["thigh"], hold.values["knee"]
    return ThomasTrial(side, hold.start_s, hold.end_s, thigh, knee, judge(thigh, knee, cfg))


@dataclass
class ThomasResult:
    trials: list[ThomasTrial]
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"trials": [t.to_json() for t in self.trials],
                "summary": {t.side: {"verdict": t.verdict} for t in self.trials},
                "meanings": {t.verdict: VERDICT_MEANINGS[t.verdict] for t in self.trials}}

    def only(self, side: str) -> ThomasResult:
        return replace(self, trials=[t for t in self.trials if t.side == side])

    def side_measures(self) -> list[SideMeasure]:
        return [SideMeasure(t.side, t.verdict, round(t.thigh_vs_horizontal_deg, 2), round(t.knee_flexion_deg, 2))
                for t in sorted(self.trials, key=lambda t: t.side)]


def analyse(t_s: np.ndarray, angles: dict[str, np.ndarray], cfg: ThomasConfig, near: str) -> ThomasResult:
    """The steadiest hold of each hanging leg (the near side plays no part: both legs are tested)."""
    result = ThomasResult(find_trials(t_s, angles, cfg))
    loose = hanging_side(angles, cfg, loose=True)
    for side in sorted(set(loose) - {""} - {t.side for t in result.trials}):
        if np.mean(loose == side) * (t_s[-1] - t_s[0]) >= cfg.min_hold_s:
            result.warnings.append(f"the {side} leg hung, but the other knee was not pulled close to the chest "
                                   "(the pelvis tips and the thigh rises): not measured; pull the knee closer")
    if not result.trials:
        result.warnings.append("no Thomas test hold found: lie on your back at the table edge, hug "
                               "one knee to your chest, let the other leg hang, and stay still for 2 seconds")
    return result


class ThomasSession(SidedSession):
    """Setup check (lying), then a steady hold with each leg hanging in turn (no turning round:
    the person swaps legs where they lie)."""

    turns_round = False

    def __init__(self, activity: Activity, cfg: ThomasConfig, options: SessionOptions) -> None:
        super().__init__(activity, cfg, options)
        self.trials: list[ThomasTrial] = []
        self.steady = SteadyHold(cfg.steady_range_deg, cfg.min_hold_s)

    def begin_side(self, side: str) -> None:
        pass  # the hanging leg, found every frame, is the side

    def work(self, t_s: float, state) -> Guidance:
        self.phase = "hold"
        tested = {t.side for t in self.trials}
        hanging = ""
        if state.angles:
            sample = {k: np.array([v]) for k, v in state.angles.items()}
            hanging = hanging_side(sample, self.config)[0]
        if not hanging and state.angles:
            loose = hanging_side(sample, self.config, loose=True)[0]
            if loose and loose not in tested:
                self.steady.reset()
                hugged = "left" if loose == "right" else "right"
                return Guidance("hold", [f"Pull your {hugged} knee closer to your chest",
                                         "the hold counts once the knee is close"], alert=True)
        if not hanging or hanging in tested:
            self.steady.reset()
            ask = "Lie on your back at the table edge, hug one knee to your chest, let the other leg hang"
            if tested:
                ask = f"Now hug your {next(iter(tested))} knee and let the other leg hang"
            return Guidance("hold", [ask])
        hold = self.steady.update(t_s, {"thigh": state.angles[f"{hanging}_thigh_vs_horizontal_deg"],
                                        "knee": state.angles[f"{hanging}_knee_flexion_deg"]})
        if hold is None:
            return Guidance("hold", [f"Let your {hanging} leg hang and relax: hold still",
                                     f"{self.steady.held_s(t_s):.1f} / {self.config.min_hold_s:g} s"])
        trial = trial_of(hanging, hold, self.config)
        self.trials.append(trial)
        self.steady.reset()
        return Guidance("hold", [f"{hanging} leg: {trial.verdict}. Now switch legs"], new_trials=[trial])

    def side_complete(self) -> bool:
        return len(self.trials) == (2 if self.options.both_sides else 1)

    def finished(self, new: list | None = None) -> Guidance:
        lines = ["Test complete - press q to close"]
        lines += [f"{t.side} leg: {t.verdict} (thigh {t.thigh_vs_horizontal_deg:+.1f} deg, knee "
                  f"{t.knee_flexion_deg:.0f} deg)" for t in self.trials]
        return Guidance("done", lines, done=True, new_trials=new or [])

    def result(self) -> ThomasResult:
        return ThomasResult(list(self.trials), [] if self.trials else
                            ["the test was not completed: no trial was recorded"])


ACTIVITY = register(Activity(
    name="thomas",
    kind="test",
    summary="Thomas test: lying at the table edge, one knee hugged, the other leg hanging",
    posture="lying",
    config_type=ThomasConfig,
    session=lambda cfg, options: ThomasSession(ACTIVITY, cfg, options),
    analyse=analyse,
    meanings=VERDICT_MEANINGS,
    colours={"normal": "#2e7d32", "tight-iliopsoas": "#c62828", "tight-rectus-femoris": "#ef6c00",
             "tight-both": "#b71c1c"},
    readouts=(Readout("{side} thigh vs table", "{side}_thigh_vs_horizontal_deg"),
              Readout("{side} knee", "{side}_knee_flexion_deg"),
              Readout("{other} thigh vs table", "{other}_thigh_vs_horizontal_deg"),
              Readout("{other} knee", "{other}_knee_flexion_deg")),
    history=HistoryMeasure("thigh vs table", higher_is_better=False,
                           normal_deg=(ThomasConfig().thigh_above_deg - 30.0, ThomasConfig().thigh_above_deg),
                           with_knee=True),
))
