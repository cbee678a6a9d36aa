"""Desk mode's leg calibration: asked for, taken, kept beside the history file, and loaded on the
next run. Without one the legs are not judged (romcam.desk.legs says why)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from romcam.desk.legs import HOLD_S, LEG_NAMES, LEG_POSTURES, STEP_S, STEPS, LegCalibration, LegCalibrator, LegReader
from romcam.io.speech import Speaker
from romcam.pose.records import Pose

LEGS_FILE = "desk_legs.json"


class LegSetup:
    """reader: what judges the legs (None: not judged, or not yet). While calibrating, look(elapsed
    seconds, the desk person's pose) for each look; it returns the reader once the steps are done."""

    def __init__(self, log: Callable[[str], None], path: Path | None, calibrate: bool, sound: bool) -> None:
        self.log, self.path = log, path
        self.reader: LegReader | None = None
        self._calibrator = LegCalibrator() if calibrate else None
        self._speaker = Speaker(mute=not sound, min_gap_s=0) if calibrate else None
        self._start: float | None = None
        self._step: int | None = None
        if calibrate:
            self._say(f"Leg calibration: sit each way for {HOLD_S:.0f} s when asked, {len(STEPS) * STEP_S:.0f} s "
                      "in all, with your legs in the camera's view.", speak=False)
        else:
            self._load()

    @property
    def calibrating(self) -> bool:
        return self._calibrator is not None

    def look(self, elapsed_s: float, pose: Pose | None) -> LegReader | None:
        self._start = elapsed_s if self._start is None else self._start
        into = elapsed_s - self._start
        step = self._calibrator.step(into)
        if step is not None and step != self._step:
            self._step = step
            self._say(f"{step + 1}/{len(STEPS)} {STEPS[step][1]}.")
        self._calibrator.add(into, pose)
        if step is None:
            self._finish(self._calibrator.result())
        return self.reader

    def close(self) -> None:
        if self._calibrator is not None:
            self.log("leg calibration not finished: nothing kept, the legs are not judged")
            self._calibrator = None
        if self._speaker is not None:
            self._speaker.close()

    def _finish(self, calibration: LegCalibration) -> None:
        self._calibrator = None
        self.reader = LegReader(calibration) if calibration.judged else None
        self._summary(calibration)
        if self.path is not None:
            data = {"made": datetime.now().astimezone().isoformat(timespec="seconds"), **calibration.to_json()}
            partial = self.path.with_suffix(".partial")
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                partial.write_text(json.dumps(data, indent=1) + "\n")
                os.replace(partial, self.path)  # a kill mid-write leaves the old calibration whole
                self.log(f"leg calibration kept in {self.path}")
            except OSError as exc:
                self.log(f"leg calibration not kept ({exc.strerror}): it is used this time only")

    def _load(self) -> None:
        if self.path is None or not self.path.is_file():
            self.log("legs: not judged (show romcam how you sit once: romcam desk --calibrate-legs)")
            return
        try:
            calibration = LegCalibration.from_json(json.loads(self.path.read_text()))
        except (OSError, ValueError, KeyError, TypeError):
            self.log(f"legs: not judged ({self.path} is unreadable: run romcam desk --calibrate-legs again)")
            return
        self.reader = LegReader(calibration) if calibration.judged else None
        self._summary(calibration)

    def _summary(self, calibration: LegCalibration) -> None:
        judged = [LEG_NAMES[p] for p in LEG_POSTURES if p in calibration.judged]
        line = "legs: " + (f"judged against your calibration: {', '.join(judged)}" if judged else "not judged")
        notes = [f"{LEG_NAMES[p]} not judged ({why})" for p, why in calibration.notes.items()]
        self.log("; ".join([line] + notes))

    def _say(self, text: str, speak: bool = True) -> None:
        self.log(text)
        if speak and self._speaker is not None:
            self._speaker.say(text, announce=True)
