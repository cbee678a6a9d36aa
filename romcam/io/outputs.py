"""The files `analyze` writes, in the layout of conventions.md."""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from romcam.errors import RomcamError

from romcam.kinematics.angles import ANGLE_NAMES, confidence_name
from romcam.pose.landmarks import Landmark
from romcam.kinematics.recording import RecordingAngles


def frame_columns() -> list[str]:
    cols = ["frame", "t_s", "detected"]
    for name in ANGLE_NAMES:
        cols += [name, confidence_name(name)]
    return cols


def frame_row(index: int, t_s: float, detected: bool, angles: Mapping[str, float]) -> list[object]:
    """One frames.csv row (offline and live alike): an unknown angle is an empty cell, never 0;
    its confidence is then 0."""
    row: list[object] = [index, f"{t_s:.4f}", int(detected)]
    for name in ANGLE_NAMES:
        value = angles.get(name, math.nan)
        conf = angles.get(confidence_name(name), 0.0)
        known = value is not None and math.isfinite(value)
        row.append(f"{value:.2f}" if known else "")
        row.append(f"{conf:.3f}" if known and conf is not None and math.isfinite(conf) else "0.000")
    return row


def write_frames_csv(path: Path, rec: RecordingAngles) -> None:
    with open(path, "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(frame_columns())
        for i in range(len(rec.t_s)):
            angles = {name: float(values[i]) for name, values in rec.angles.items()}
            writer.writerow(frame_row(i, rec.t_s[i], rec.detected[i], angles))


def landmark_columns() -> list[str]:
    cols = ["frame", "t_s"]
    for lm in Landmark:
        cols += [f"{lm.name.lower()}_{axis}" for axis in ("x", "y", "vis")]
    return cols


def landmark_row(index: int, t_s: float, xy: np.ndarray | None, visibility: np.ndarray | None) -> list:
    """One landmarks.csv row: x, y, visibility per landmark; empty cells when not seen."""
    row: list[object] = [index, f"{t_s:.4f}"]
    for j in range(len(Landmark)):
        if xy is None or not np.isfinite(xy[j]).all():
            row += ["", "", ""]
        else:
            row += [f"{xy[j, 0]:.1f}", f"{xy[j, 1]:.1f}", f"{visibility[j]:.3f}"]
    return row


def write_landmarks_csv(path: Path, xy: np.ndarray, visibility: np.ndarray, t_s: np.ndarray) -> None:
    """The followed person's raw pixel landmarks per frame."""
    with open(path, "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(landmark_columns())
        writer.writerows(landmark_row(i, t_s[i], xy[i], visibility[i]) for i in range(len(t_s)))


def read_frames_csv(path: Path) -> dict[str, np.ndarray]:
    """frames.csv back into float columns (empty cells become NaN)."""
    with open(path, newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {col: np.array([float(r[col]) if r[col] != "" else math.nan for r in rows])
            for col in (rows[0].keys() if rows else frame_columns())}


def write_json(path: Path, data: dict) -> None:
    """Write atomically, so an interrupted run never leaves half a JSON file."""
    write_text(path, json.dumps(data, indent=2, allow_nan=False, default=_jsonable) + "\n")


def write_text(path: Path, text: str) -> None:
    """Write atomically: the file is either the old one or the whole new one."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    try:
        tmp.write_text(text)
        tmp.replace(path)
    except OSError as exc:  # a full disk: no half-written .tmp left beside the outputs
        tmp.unlink(missing_ok=True)
        raise RomcamError(f"cannot write {path}: {exc.strerror or exc} (disk full?)") from None


def _jsonable(value):
    if isinstance(value, (np.floating, np.integer)):
        return value.item()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
