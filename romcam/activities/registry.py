"""Every test and exercise romcam knows, by name.

Each activity is one module of this package that ends with `register(Activity(...))`: its name,
kind, posture and view, its config, its live session, its offline analysis, what it shows on
screen, its verdict words and colours and what the history keeps. The command line, the overlay,
the report, the history and the accuracy tools look activities up here and nowhere else, so a
new exercise is one new module (and its tests).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from romcam.activities.setup_check import SetupConfig

KINDS = ("test", "exercise")
POSTURES = ("standing", "kneeling", "lying")


@dataclass(frozen=True)
class Readout:
    """One line of the on-screen panel: `label` and `angle` may name {side} (the leg nearer the
    camera) or {other} (the far leg)."""

    label: str
    angle: str
    unit: str = "deg"

    def resolve(self, near_side: str) -> tuple[str, str]:
        other = "left" if near_side == "right" else "right"
        return (self.label.format(side=near_side, other=other), self.angle.format(side=near_side, other=other))


STANDING_READOUTS = (
    Readout("trunk lean", "trunk_lean_deg"),
    Readout("{side} hip ext", "{side}_hip_extension_deg"),
    Readout("{side} thigh", "{side}_thigh_vs_vertical_deg"),
    Readout("{side} knee", "{side}_knee_flexion_deg"),
    Readout("{other} hip ext", "{other}_hip_extension_deg"),
)


@dataclass(frozen=True)
class HistoryMeasure:
    """What the history keeps of an activity: one number per side and session."""

    name: str  # e.g. "hip extension"
    higher_is_better: bool
    normal_deg: tuple[float, float]  # the band drawn on the history chart
    with_knee: bool = False  # the knee bend is kept beside it (the Thomas test)


@dataclass
class SideMeasure:
    """One side's outcome of a session, as the history stores it."""

    side: str
    verdict: str
    measure_deg: float
    knee_flexion_deg: float = float("nan")
    flags: tuple[str, ...] = ()
    trials: tuple[str, ...] = ()  # every trial of the side in a few words, faults included


@dataclass(frozen=True)
class LogItem:
    """What the programme's log keeps of one side of an exercise: a hold (unit "s": seconds with
    good form) or reps (unit "reps": done, and good = with good form), against its target."""

    side: str
    unit: str
    done: float
    good: float
    target: float
    faults: tuple[str, ...] = ()  # fault words seen (an activity's meanings), "tuck not checked"


class ActivityResult(Protocol):
    """What an activity's live session and offline analysis both return (a dataclass)."""

    warnings: list[str]

    def to_json(self) -> dict: ...  # the result.json fields the activity adds

    def side_measures(self) -> list[SideMeasure]: ...  # for the history; empty for none

    def only(self, side: str) -> ActivityResult: ...  # the same, for one side

    # Exercises also have log_items() -> list[LogItem]: what the programme's log keeps.


class Session(Protocol):
    def update(self, t_s: float, state: Any, image: np.ndarray) -> Any: ...  # -> blocks.Guidance

    def result(self) -> ActivityResult: ...


@dataclass(frozen=True)
class SessionOptions:
    """What the command line sets for any live session; the rest is in the activity's config."""

    both_sides: bool = True
    pelvis: str = "auto"
    setup: SetupConfig = SetupConfig()  # what the setup check asks of the view


@dataclass(frozen=True)
class Activity:
    name: str  # as typed on the command line, e.g. "hip-extension"
    kind: str  # "test" or "exercise"
    summary: str  # one line for --help
    posture: str  # "standing", "kneeling" or "lying": the setup check and the readouts depend on it
    config_type: type  # a frozen dataclass of `settings.setting` fields
    session: Callable[[Any, SessionOptions], Session]  # (config, options) -> live session
    # offline: (t_s, angles, config, the side nearer the camera) -> result
    analyse: Callable[[np.ndarray, dict[str, np.ndarray], Any, str], ActivityResult]
    meanings: dict[str, str]  # every verdict, flag and fault word it can give -> plain words
    colours: dict[str, str] = field(default_factory=dict)  # verdict -> "#rrggbb"
    readouts: tuple[Readout, ...] = STANDING_READOUTS
    view: str = "side"  # the camera view it needs
    history: HistoryMeasure | None = None
    pelvis_default: str = "off"  # pelvic tilt method when the user does not choose one
    # (config) -> an object whose update(t_s, angles, near_side) gives extra per-frame values for
    # the readouts (e.g. changes from the neutral stance, as the verdicts use them)
    panel_values: Callable[[Any], Any] | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"activity {self.name!r}: kind must be one of {KINDS}, got {self.kind!r}")
        if self.posture not in POSTURES:
            raise ValueError(f"activity {self.name!r}: posture must be one of {POSTURES}, got {self.posture!r}")

    def config(self, **values: Any) -> Any:
        """The activity's config with the given values in place of defaults (validated)."""
        return self.config_type(**values)


_REGISTRY: dict[str, Activity] = {}


def register(activity: Activity) -> Activity:
    """Add an activity (at the end of its module). A second one with the same name is refused."""
    known = _REGISTRY.get(activity.name)
    if known is not None and known is not activity:
        raise ValueError(f"an activity named {activity.name!r} is already registered")
    _REGISTRY[activity.name] = activity
    return activity


def _load_builtin() -> None:
    # Every module of this package is imported once, so each activity module registers itself.
    import romcam.activities as package

    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{module.name}")


def activities(kind: str | None = None) -> list[Activity]:
    """The registered activities (of one kind), in name order."""
    _load_builtin()
    return sorted((a for a in _REGISTRY.values() if kind in (None, a.kind)), key=lambda a: a.name)


def get(name: str) -> Activity:
    _load_builtin()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ValueError(f"no activity named {name!r} (known: {', '.join(sorted(_REGISTRY))})") from None
