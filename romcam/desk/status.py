"""Desk mode's small status window: what is seen, the sitting run, today against the bands.

No camera image is shown (nor kept): the window is for a corner of the screen all day.
"""

from __future__ import annotations

from datetime import datetime

import cv2
import numpy as np

from romcam.desk.day import BANDS

SIZE = (460, 150)
BAND_COLOURS = {"low": (96, 174, 39), "moderate": (0, 190, 230), "high": (0, 128, 255), "very high": (60, 60, 220)}
SCALE_H = 10.0  # the bar's full width, in hours of sitting


def render_status(t: datetime, session, paused: bool = False) -> np.ndarray:
    """The status as a BGR image (also what the screenshots in the docs show)."""
    width, height = SIZE
    image = np.full((height, width, 3), 250, np.uint8)
    totals = session.day.totals
    seen = "paused" if paused else session.seen()
    run = session.day.run_min
    due = session.config.remind_after_min
    _text(image, f"{t:%H:%M}  {seen}", (12, 28), 0.7, (40, 40, 40), 2)
    _text(image, f"sitting run {run} min" + (f" (reminder at {due})" if run < due else " - time to stand"),
          (12, 56), 0.55, (40, 40, 40) if run < due else (0, 0, 200), 1)
    sitting_min = totals.sitting_min if totals else 0
    band = totals.band if totals else "low"
    _text(image, f"today {sitting_min // 60} h {sitting_min % 60:02d} min sitting: {band}", (12, 84), 0.55,
          (40, 40, 40), 1)
    # The day's bar against the four bands.
    x0, x1, y0, y1 = 12, width - 12, 96, 112
    lower = 0.0
    for upper, name in BANDS:
        a = x0 + (x1 - x0) * lower / SCALE_H
        b = x0 + (x1 - x0) * min(upper, SCALE_H) / SCALE_H
        cv2.rectangle(image, (int(a), y0), (int(b), y1), _light(BAND_COLOURS[name]), -1)
        lower = upper
    filled = x0 + (x1 - x0) * min(sitting_min / 60.0, SCALE_H) / SCALE_H
    cv2.rectangle(image, (x0, y0 + 3), (int(filled), y1 - 3), BAND_COLOURS[band], -1)
    for hours in (4, 6, 8):
        x = int(x0 + (x1 - x0) * hours / SCALE_H)
        cv2.line(image, (x, y0 - 2), (x, y1 + 2), (90, 90, 90), 1)
        _text(image, f"{hours}h", (x - 8, y1 + 14), 0.4, (90, 90, 90), 1)
    if totals:
        _text(image, f"breaks {totals.breaks}, reminders {totals.reminders}", (12, height - 8), 0.45,
              (90, 90, 90), 1)
    return image


def _light(bgr: tuple[int, int, int]) -> tuple[int, int, int]:
    return tuple(int(255 - (255 - c) * 0.3) for c in bgr)


def _text(image, text, org, scale, colour, thickness) -> None:
    cv2.putText(image, text, org, cv2.FONT_HERSHEY_SIMPLEX, scale, colour, thickness, cv2.LINE_AA)


class StatusWindow:
    """show(...) -> False once the person closed the window (or pressed q)."""

    NAME = "romcam desk"

    def __init__(self) -> None:
        self._open = False

    def show(self, t: datetime, session, paused: bool) -> bool:
        try:
            if not self._open:  # no toolbar: a small window for a corner of the screen
                cv2.namedWindow(self.NAME, cv2.WINDOW_AUTOSIZE | cv2.WINDOW_GUI_NORMAL)
            cv2.imshow(self.NAME, render_status(t, session, paused))
            self._open = True
            key = cv2.waitKey(1) & 0xFF
            return key not in (ord("q"), 27) and cv2.getWindowProperty(self.NAME, cv2.WND_PROP_VISIBLE) >= 1
        except cv2.error:  # the window manager closed it
            return False

    def close(self) -> None:
        if self._open:
            try:
                cv2.destroyWindow(self.NAME)
                cv2.waitKey(1)
            except cv2.error:
                pass
