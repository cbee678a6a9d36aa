"""The live window: fitted to the screen, resizable, and closed cleanly however it is closed.

OpenCV's Qt window raises errors (a "NULL guiReceiver") when it is used after the window
manager closed it; every call here treats that as the person closing the window.
"""

from __future__ import annotations

import cv2
import numpy as np

WINDOW = "romcam"
QUIT_KEYS = {ord("q"), ord("Q"), 27}
FALLBACK_SCREEN = (1280, 720)  # when the screen's size cannot be asked
SCREEN_SHARE = 0.9  # of the screen the window may take at first (room for the panel and title bar)


def screen_size() -> tuple[int, int]:
    try:
        import tkinter

        root = tkinter.Tk()
        root.withdraw()
        size = root.winfo_screenwidth(), root.winfo_screenheight()
        root.destroy()
        return size
    except Exception:  # no Tk, no display access: a size that fits most screens
        return FALLBACK_SCREEN


def fit(frame_size: tuple[int, int], screen: tuple[int, int], share: float = SCREEN_SHARE) -> tuple[int, int]:
    """The largest size with the frame's aspect that fits share of the screen (never enlarged)."""
    width, height = frame_size
    scale = min(1.0, share * screen[0] / width, share * screen[1] / height)
    return max(int(width * scale), 1), max(int(height * scale), 1)


class Window:
    """show(image) -> False once the person quit (q, Esc) or closed the window."""

    def __init__(self, frame_size: tuple[int, int]) -> None:
        self.open = True
        try:
            cv2.namedWindow(WINDOW, cv2.WINDOW_NORMAL | cv2.WINDOW_KEEPRATIO)
            cv2.resizeWindow(WINDOW, *fit(frame_size, screen_size()))
        except cv2.error:
            self.open = False

    def show(self, image: np.ndarray, wait_ms: int = 1) -> bool:
        if not self.open:
            return False
        try:
            cv2.imshow(WINDOW, image)
            key = cv2.waitKey(wait_ms) & 0xFF
            closed = cv2.getWindowProperty(WINDOW, cv2.WND_PROP_VISIBLE) < 1
        except cv2.error:  # closed by the window manager
            closed, key = True, -1
        self.open = not (closed or key in QUIT_KEYS)
        return self.open

    def hold(self, image: np.ndarray) -> None:
        """Keep the last screen (the verdict) until the person closes the window."""
        while self.show(image, wait_ms=50):
            pass

    def close(self) -> None:
        try:
            cv2.destroyAllWindows()
            cv2.waitKey(1)
        except cv2.error:
            pass
        self.open = False
