"""Desk mode's camera is released while paused or while the screen is locked, and opened again
on resume (a stand-in capture: there is no camera on the test machines); the lock is read from
systemd-logind's answer (a stand-in loginctl on PATH)."""

import os
import stat
from datetime import datetime

import numpy as np

import romcam.desk.sources as sources
from romcam.cli.desk import SNOOZE, STRETCH, _pending
from romcam.desk.alerts import Reminders


class FakeCapture:
    opened = 0
    released = 0

    def __init__(self):
        FakeCapture.opened += 1

    def grab(self):
        return True

    def read(self):
        return True, np.zeros((48, 64, 3), np.uint8)

    def release(self):
        FakeCapture.released += 1


def test_the_camera_is_off_while_paused_and_back_on_resume(monkeypatch):
    monkeypatch.setattr(sources, "_open_camera", lambda index: FakeCapture())
    monkeypatch.setattr(sources.time, "sleep", lambda s: None)
    paused = {"now": False}
    samples = sources.camera_samples(0, 5.0, lambda: paused["now"], clock=lambda: datetime(2026, 12, 7, 9, 0))
    assert next(samples).image is not None and (FakeCapture.opened, FakeCapture.released) == (1, 0)
    paused["now"] = True
    assert next(samples).image is None and FakeCapture.released == 1  # released at once
    assert next(samples).image is None and FakeCapture.opened == 1  # and stays closed
    paused["now"] = False
    assert next(samples).image is not None and FakeCapture.opened == 2
    samples.close()
    assert FakeCapture.released == 2


def test_the_screen_lock_is_what_loginctl_says(tmp_path, monkeypatch):
    answer = tmp_path / "answer"
    fake = tmp_path / "loginctl"
    fake.write_text(f"#!/bin/sh\ncat {answer}\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("XDG_SESSION_ID", "3")
    answer.write_text("yes\n")
    assert sources.ScreenLock(every_s=0).locked()
    answer.write_text("no\n")
    assert not sources.ScreenLock(every_s=0).locked()
    monkeypatch.delenv("XDG_SESSION_ID")
    assert not sources.ScreenLock(every_s=0).locked()  # no session: the OS does not say


def test_notification_buttons_and_typed_letters_become_actions():
    reminders = Reminders(sound=False, desktop=False, log=lambda line: None)
    reminders.actions.put("stretch")
    reminders.actions.put("snooze")
    assert _pending(None, reminders) == [STRETCH, SNOOZE]
    assert _pending(None, reminders) == []
