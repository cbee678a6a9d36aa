"""Thresholds as frozen dataclasses whose fields carry their unit, meaning and allowed range.

Every activity's config is built from `setting(...)` fields and checks itself on construction
(`check_ranges` in __post_init__), with a message naming the field. The same metadata writes
the documented TOML file (`romcam config`) and reads it back (`--config FILE`).
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import field, fields, replace
from pathlib import Path
from typing import Any

from romcam.errors import RomcamError


def setting(default: Any, unit: str, meaning: str, low: float | None = None,
            high: float | None = None) -> Any:
    """A config field: its default, unit ("deg", "s", "count", ...), one-line meaning and range."""
    return field(default=default, metadata={"unit": unit, "meaning": meaning, "low": low, "high": high})


NAMES = "names"  # the unit of a setting that is a list of words (activities, days), not numbers
NAME = "name"  # ... and of one word


def check_ranges(config: Any) -> None:
    """ValueError naming the first field that is not a number in its allowed range (or, for a
    list of names, not a list of words)."""
    name = type(config).__name__
    for f in fields(config):
        value = getattr(config, f.name)
        numbers = value if isinstance(value, tuple) else (value,)
        unit, low, high = (f.metadata.get(k) for k in ("unit", "low", "high"))
        if unit == NAMES:
            if not isinstance(value, tuple) or not all(isinstance(v, str) and v for v in value):
                raise ValueError(f"{name}.{f.name} must be a list of names, got {value!r}")
            continue
        if unit == NAME:
            if not isinstance(value, str) or not value:
                raise ValueError(f"{name}.{f.name} must be a name, got {value!r}")
            continue
        for number in numbers:
            if isinstance(number, bool) or not isinstance(number, (int, float)) or not math.isfinite(number):
                raise ValueError(f"{name}.{f.name} must be a number ({unit}), got {value!r}")
            if (low is not None and number < low) or (high is not None and number > high):
                bounds = f"between {low:g} and {high:g}" if low is not None and high is not None else (
                    f"at least {low:g}" if low is not None else f"at most {high:g}")
                raise ValueError(f"{name}.{f.name} must be {bounds} {unit}, got {value!r}")


def with_values(config: Any, values: dict[str, Any], where: str) -> Any:
    """A copy of `config` with `values` (from a TOML table) applied; RomcamError on a key the
    config does not have or a value it refuses."""
    known = {f.name: f for f in fields(config)}
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise RomcamError(f"{where}: unknown setting {unknown[0]!r} (known: {', '.join(known)})")
    converted = {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}
    try:
        return replace(config, **converted)
    except (TypeError, ValueError) as exc:
        raise RomcamError(f"{where}: {exc}") from None


def describe(config: Any, title: str) -> str:
    """A TOML table of the config's values, each with its unit and meaning beside it."""
    assignments = []
    for f in fields(config):
        value = getattr(config, f.name)
        text = "[" + ", ".join(_toml_number(v) for v in value) + "]" if isinstance(value, tuple) else _toml_number(value)
        assignments.append((f"{f.name} = {text}", f"{f.metadata.get('unit', '')}: {f.metadata.get('meaning', '')}"))
    width = max(len(a) for a, _ in assignments) + 2
    return "\n".join([f"[{title}]"] + [f"{a:<{width}}# {note}" for a, note in assignments])


def _toml_number(value: float | str) -> str:
    if isinstance(value, str):
        return '"' + value.replace('"', '') + '"'
    return str(value) if isinstance(value, int) else repr(float(value))


def read_toml(path: Path) -> dict[str, dict]:
    """The tables of a TOML settings file, with a one-line error when it cannot be used."""
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError:
        raise RomcamError(f"config file not found: {path}") from None
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RomcamError(f"cannot read config file {path}: {exc}") from None
    for key, value in data.items():
        if not isinstance(value, dict):
            raise RomcamError(f"{path}: {key!r} must be a table ([{key}]), got a plain value")
    return data
