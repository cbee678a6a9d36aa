"""Hip extension reps: the straight leg lifted back and lowered, torso upright (gluteus maximus, the
hip flexors' antagonist).

A rep is what the hip extension test calls a trial, found by the test's own trial detector (so
weight shifts and small wobbles are never reps); it counts when the torso stayed upright, the low
back did not arch and the knee stayed straight (the test's flags).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

import numpy as np

from romcam.activities.blocks import Guidance
from romcam.activities.hip_extension import (FLAG_MEANINGS, FROM_NEUTRAL_READOUTS, FromNeutral, HipExtensionConfig,
                                             HipExtensionSession, Trial, TrialRules, find_trials)
from romcam.activities.registry import Activity, LogItem, SessionOptions, SideMeasure, register
from romcam.settings import setting

REP_FAULTS = ("trunk-lean", "lumbar-arch", "knee-bent")


@dataclass(frozen=True)
class RepsConfig(TrialRules):
    """The test's rules decide what a rep is and what spoils it; `reps_per_side` is the goal."""

    reps_per_side: int = setting(10, "count", "reps with good form asked for on each leg", 1, 50)

    def as_test(self) -> HipExtensionConfig:
        """The same rules as a test config (the trial detector judges every trial as the test would)."""
        return HipExtensionConfig(**{f.name: getattr(self, f.name) for f in fields(TrialRules)})


def rep_faults(trial: Trial) -> list[str]:
    return [f for f in trial.flags if f in REP_FAULTS]


def counted(trials: list[Trial], side: str) -> int:
    """Reps of that side done with good form."""
    return sum(t.side == side and not rep_faults(t) for t in trials)


@dataclass
class RepsResult:
    trials: list[Trial]
    target: int
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        reps = [{"side": t.side, "peak_s": round(t.peak_s, 2),
                 "peak_thigh_vs_vertical_deg": round(t.peak_thigh_vs_vertical_deg, 1),
                 "counted": not rep_faults(t), "faults": rep_faults(t)} for t in self.trials]
        summary = {s: {"counted": counted(self.trials, s), "attempted": sum(t.side == s for t in self.trials),
                       "target": self.target} for s in sorted({t.side for t in self.trials})}
        faults = sorted({f for t in self.trials for f in rep_faults(t)})
        return {"reps": reps, "summary": summary, "meanings": {f: FLAG_MEANINGS[f] for f in faults}}

    def only(self, side: str) -> RepsResult:
        return replace(self, trials=[t for t in self.trials if t.side == side])

    def side_measures(self) -> list[SideMeasure]:
        return []

    def log_items(self) -> list[LogItem]:
        sides = sorted({t.side for t in self.trials})
        return [LogItem(s, "reps", sum(t.side == s for t in self.trials), counted(self.trials, s), self.target,
                        tuple(sorted({f for t in self.trials if t.side == s for f in rep_faults(t)}))) for s in sides]


NO_REP = ("no rep was seen: stand still for a moment, then lift the leg nearer the camera straight "
          "back and lower it")


def analyse(t_s: np.ndarray, angles: dict[str, np.ndarray], cfg: RepsConfig, near: str) -> RepsResult:
    trials = find_trials(t_s, angles, cfg.as_test())
    return RepsResult(trials, cfg.reps_per_side, [] if trials else [NO_REP])


class RepsSession(HipExtensionSession):
    """The hip extension test's session (setup, neutral stance, trials of the near leg, turn,
    other leg) where a trial is a rep, and a side is done after `reps_per_side` good reps."""

    def __init__(self, activity: Activity, cfg: RepsConfig, options: SessionOptions) -> None:
        super().__init__(activity, cfg.as_test(), options)
        self.per_side = cfg.reps_per_side

    def side_complete(self) -> bool:
        return counted(self.trials, self.side) >= self.per_side

    def progress(self, state, done_here: list[Trial], new: list[Trial]) -> Guidance:
        lines = [f"Lift your {self.side} leg straight back and lower it, torso upright",
                 f"{self.side} leg: {counted(self.trials, self.side)} / {self.per_side} reps"]
        if not done_here:
            return Guidance("reps", lines, new_trials=new)
        faults = rep_faults(done_here[-1])
        if not faults:
            return Guidance("reps", lines + ["last rep counted"], new_trials=new)
        # the reason first, in the alert colour
        reason = "last rep not counted: " + "; ".join(FLAG_MEANINGS[f] for f in faults)
        return Guidance("reps", [reason] + lines, new_trials=new, alert=True)

    def finished(self, new: list | None = None) -> Guidance:
        lines = ["Exercise complete - press q to close"]
        lines += [f"{s} leg: {counted(self.trials, s)} reps counted" for s in sorted({t.side for t in self.trials})]
        return Guidance("done", lines, done=True, new_trials=new or [])

    def result(self) -> RepsResult:
        return RepsResult(list(self.trials), self.per_side, [] if self.trials else [NO_REP])


ACTIVITY = register(Activity(
    name="hip-extension-reps",
    kind="exercise",
    summary="hip extension reps: lift the straight leg back and lower it (glutes)",
    posture="standing",
    config_type=RepsConfig,
    session=lambda cfg, options: RepsSession(ACTIVITY, cfg, options),
    analyse=analyse,
    meanings={f: FLAG_MEANINGS[f] for f in REP_FAULTS},
    pelvis_default="auto",
    readouts=FROM_NEUTRAL_READOUTS,
    panel_values=FromNeutral,
))
