#!/usr/bin/env python3
"""Screenshots of desk mode as a person sees it: the status window and a reminder notification,
on a virtual display (Xvfb) with a real notification server (dunst on a D-Bus session bus).

    python tools/desk_screens.py --clip samples/truth_desk/NAME.mp4 [--out docs/img/desk_reminder.png]

`romcam desk --source CLIP --window` plays the clip at 20x with a reminder after --remind-after
minutes of sitting (2 by default: a short clip), and the screen is grabbed once it is out.
Needs Xvfb, dbus-launch, dunst and Pillow (dev only).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DISPLAY = ":93"


def main(argv=None) -> int:
    from PIL import ImageGrab

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clip", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "img" / "desk_reminder.png")
    ap.add_argument("--remind-after", type=int, default=2)
    a = ap.parse_args(argv)
    env = dict(os.environ, DISPLAY=DISPLAY, QT_QPA_PLATFORM="xcb", PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1")
    xvfb = subprocess.Popen(["Xvfb", DISPLAY, "-screen", "0", "1024x600x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    procs = [xvfb]
    try:
        time.sleep(1.5)
        launched = subprocess.run(["dbus-launch"], env=env, capture_output=True, text=True, check=True).stdout
        bus = dict(line.split("=", 1) for line in launched.splitlines() if "=" in line)
        env["DBUS_SESSION_BUS_ADDRESS"] = bus["DBUS_SESSION_BUS_ADDRESS"]
        procs.append(subprocess.Popen(["dunst"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        time.sleep(1.0)
        with tempfile.TemporaryDirectory() as tmp:
            config = Path(tmp) / "desk.toml"
            config.write_text(f"[desk]\nremind_after_min = {a.remind_after}\n")
            desk = subprocess.Popen([sys.executable, "-m", "romcam", "desk", "--source", str(a.clip), "--window",
                                     "--speed", "20", "--mute", "--config", str(config)],
                                    env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            procs.append(desk)
            for line in desk.stdout:
                print(line.rstrip())
                if "minutes sitting:" in line:
                    time.sleep(1.0)  # the notification drawn, the window updated
                    a.out.parent.mkdir(parents=True, exist_ok=True)
                    ImageGrab.grab(xdisplay=DISPLAY).save(a.out)
                    print(f"screenshot: {a.out}")
                    return 0
        print("no reminder came: the clip has no sitting run long enough")
        return 1
    finally:
        for p in reversed(procs):
            p.terminate()
        if "bus" in locals():
            subprocess.run(["kill", bus["DBUS_SESSION_BUS_PID"]])


if __name__ == "__main__":
    sys.exit(main())
