"""The reminder to stand: a desktop notification (with "Stretch now" and "Snooze" buttons), a
sound, and a line in the terminal, which is all there is without a desktop.

The notification goes through desktop-notifier (D-Bus on Linux, the OS's own elsewhere). Its
asyncio loop runs on a thread of its own, so the buttons work while the desk loop runs; what
the person pressed is read from `actions`.
"""

from __future__ import annotations

import asyncio
import os
import queue
import sys
import threading
from collections.abc import Callable

from romcam.io.speech import Speaker

SPOKEN = "Time to stand up. A one-minute stretch?"


def desktop_present() -> bool:
    """Whether a desktop can show notifications (Linux: a D-Bus session bus)."""
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DBUS_SESSION_BUS_ADDRESS"))
    return sys.platform in ("darwin", "win32")


class Reminders:
    """remind(title, message): notify, sound, print. actions: a queue of "stretch" / "snooze"
    from the notification's buttons."""

    def __init__(self, sound: bool = True, desktop: bool = True, log: Callable[[str], None] = print,
                 speaker: Speaker | None = None) -> None:
        self.log = log
        self.actions: queue.Queue[str] = queue.Queue()
        self.sent: list[str] = []  # titles of the notifications shown (for tests and the summary)
        self._speaker = speaker if speaker is not None else (Speaker(min_gap_s=0) if sound else None)
        self._sound = sound
        self._loop: asyncio.AbstractEventLoop | None = None
        self._notifier = None
        if desktop and desktop_present():
            self._start_notifier()

    @property
    def desktop(self) -> bool:
        return self._notifier is not None

    def _start_notifier(self) -> None:
        try:
            from desktop_notifier import DesktopNotifier
        except ImportError:  # a broken install: reminders stay in the terminal
            return
        self._loop = asyncio.new_event_loop()
        threading.Thread(target=self._loop.run_forever, name="romcam-notify", daemon=True).start()
        self._notifier = DesktopNotifier(app_name="romcam", app_icon=None)  # not the Python logo

    def remind(self, title: str, message: str) -> None:
        self.log(f"{title}: {message}")
        if self._notifier is not None:
            self._notify(title, message)
        if self._sound:
            if self._speaker is not None and self._speaker.available:
                self._speaker.say(SPOKEN, announce=True)
            else:
                sys.stdout.write("\a")  # the terminal's bell
                sys.stdout.flush()

    def _notify(self, title: str, message: str) -> None:
        from desktop_notifier import DEFAULT_SOUND, Button

        buttons = (Button("Stretch now", on_pressed=lambda: self.actions.put("stretch")),
                   Button("Snooze", on_pressed=lambda: self.actions.put("snooze")))
        coro = self._notifier.send(title, message, buttons=buttons, sound=DEFAULT_SOUND if self._sound else None)
        try:
            asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout=10)
            self.sent.append(title)
        except Exception as exc:  # no notification server answering, a bus gone: say so once, go on
            self.log(f"desktop notification not shown ({type(exc).__name__}: {exc}); reminders stay here")
            self._notifier = None

    def close(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._speaker is not None:
            self._speaker.close()
