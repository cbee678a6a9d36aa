"""Desk mode's reminder as a real desktop notification: Xvfb, a D-Bus session bus and dunst."""

import os
import shutil
import subprocess

import pytest

from romcam.desk.alerts import Reminders, desktop_present
from tests.conftest import needs, wait_until

TOOLS = ("Xvfb", "dbus-launch", "dunst", "dunstctl", "xdotool")
pytestmark = needs(all(shutil.which(t) for t in TOOLS), "Xvfb, dbus-launch and dunst")


@pytest.fixture
def desktop(monkeypatch):
    """A virtual display with a session bus and a notification server on it."""
    xvfb = subprocess.Popen(["Xvfb", ":88", "-screen", "0", "1024x768x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    env = dict(os.environ, DISPLAY=":88")
    wait_until(lambda: subprocess.run(["xdotool", "getdisplaygeometry"], env=env, capture_output=True).returncode == 0,
               "the virtual display", timeout_s=30)
    launched = subprocess.run(["dbus-launch"], env=env, capture_output=True, text=True, check=True).stdout
    bus = dict(line.split("=", 1) for line in launched.splitlines() if "=" in line)
    env.update(DBUS_SESSION_BUS_ADDRESS=bus["DBUS_SESSION_BUS_ADDRESS"])
    dunst = subprocess.Popen(["dunst"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_until(lambda: subprocess.run(["dunstctl", "count", "displayed"], env=env, capture_output=True).returncode == 0,
               "the notification server", timeout_s=30)
    for key in ("DISPLAY", "DBUS_SESSION_BUS_ADDRESS"):
        monkeypatch.setenv(key, env[key])
    yield env
    dunst.terminate()
    subprocess.run(["kill", bus["DBUS_SESSION_BUS_PID"]])
    xvfb.terminate()
    xvfb.wait(timeout=10)


def test_a_reminder_reaches_the_notification_server(desktop):
    said = []
    reminders = Reminders(sound=False, log=said.append)
    assert reminders.desktop
    reminders.remind("40 minutes sitting", "Stand up and move for a minute.")
    wait_until(lambda: subprocess.run(["dunstctl", "count", "displayed"], env=desktop, capture_output=True,
                                      text=True).stdout.strip() == "1", "the notification shown", timeout_s=10)
    reminders.close()
    assert reminders.sent == ["40 minutes sitting"] and said == ["40 minutes sitting: Stand up and move for a minute."]


def test_without_a_desktop_the_reminder_stays_in_the_terminal(monkeypatch):
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    said = []
    reminders = Reminders(sound=False, log=said.append)
    assert not desktop_present() or not reminders.desktop
    reminders.remind("40 minutes sitting", "Stand up.")
    assert said == ["40 minutes sitting: Stand up."] and reminders.sent == []
