"""The screen between two exercises of a routine: the rest's countdown and what comes next."""

from __future__ import annotations

import cv2
import numpy as np

from romcam.render.overlay import GUIDE_COLOUR, MID_COLOUR, PANEL_BG

SIZE = (960, 540)


def rest_screen(seconds_left: float, rest_s: float, done: int, total: int, next_name: str, next_summary: str,
                size: tuple[int, int] = SIZE) -> np.ndarray:
    """A BGR image: "Rest", the seconds left in large figures, a bar that empties, and the next
    exercise with its one-line description."""
    width, height = size
    image = np.full((height, width, 3), PANEL_BG, np.uint8)
    font = cv2.FONT_HERSHEY_DUPLEX

    def centred(text: str, y: int, scale: float, colour, thickness: int) -> None:
        (w, _), _ = cv2.getTextSize(text, font, scale, thickness)
        cv2.putText(image, text, ((width - w) // 2, y), font, scale, colour, thickness, cv2.LINE_AA)

    centred(f"Rest - {done} of {total} done", int(height * 0.18), 1.1, MID_COLOUR, 2)
    centred(f"{max(seconds_left, 0):.0f}", int(height * 0.50), 4.0, GUIDE_COLOUR, 6)
    left, right, bar_y = int(width * 0.2), int(width * 0.8), int(height * 0.58)
    share = min(max(seconds_left / rest_s, 0.0), 1.0) if rest_s > 0 else 0.0
    cv2.rectangle(image, (left, bar_y), (right, bar_y + 10), (90, 90, 90), -1)
    if share > 0:
        cv2.rectangle(image, (left, bar_y), (left + int((right - left) * share), bar_y + 10), GUIDE_COLOUR, -1)
    centred(f"Next: {next_name}", int(height * 0.72), 1.0, MID_COLOUR, 2)
    summary = next_summary.split(":", 1)[-1].strip()
    centred(summary[:70] + ("..." if len(summary) > 70 else ""), int(height * 0.80), 0.6, MID_COLOUR, 1)
    centred("press q to skip the rest", int(height * 0.93), 0.55, (150, 150, 150), 1)
    return image
