"""Six simulated weeks of the programme in a fresh history file, its page, and a screenshot of it.

    python tools/six_weeks.py [--out docs/img/history_six_weeks.png] [--html /tmp/history.html]

The last two weeks also have desk mode's minutes: working days of sitting, standing and away
(a look every 5 s), fed through romcam.desk.session as `romcam desk` feeds them, so the
reminders, breaks and runs are what desk mode would have counted.

A made-up person (fixed seed) does the daily routine from romcam's default [routine] plan: two
sessions most days, one on busy days, none on a few; the strength work on the plan's days; a hip
extension test and a Thomas test each week, the right hip extending a little further week by
week. The rows go through the history's own functions (log_rows, save_log, entries_from, save),
the page is `romcam history --html`, the screenshot Chromium's (headless).
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from romcam.activities.registry import LogItem, SideMeasure  # noqa: E402
from romcam.desk.config import DeskConfig  # noqa: E402
from romcam.desk.legs import LEG_POSTURES  # noqa: E402
from romcam.desk.minutes import Observation  # noqa: E402
from romcam.desk.session import DeskSession  # noqa: E402
from romcam.history.desk_log import save_minutes  # noqa: E402
from romcam.history.store import entries_from, log_rows, save, save_log  # noqa: E402
from romcam.programme.routine import RoutineConfig, todays_plan  # noqa: E402

SEED = 20261205
WEEKS = 6


def simulate(db: Path, today: date) -> None:
    rng = random.Random(SEED)
    cfg = RoutineConfig()
    start = today - timedelta(days=7 * WEEKS - 1)
    rows, entries = [], []
    for n in range(7 * WEEKS):
        day = start + timedelta(days=n)
        sessions = rng.choices((0, 1, 2, 3), weights=(1, 3, 7, 1))[0]
        for k in range(sessions):
            when = datetime.combine(day, time(7 + 6 * k), timezone.utc)
            for name in todays_plan(cfg, day):
                done = rng.random() > 0.08
                items = _items(name, rng, n) if done else []
                rows += log_rows(f"routine-{day}-{k}", name, items, when)
        if day.weekday() == 5:  # the weekly tests, on Saturdays
            week = n // 7
            when = datetime.combine(day, time(10), timezone.utc)
            right = 5.0 + 1.2 * week + rng.uniform(-1, 1)
            entries += entries_from("hip-extension", [
                SideMeasure("left", "normal", 12.0 + rng.uniform(-1, 1)),
                SideMeasure("right", "limited" if right < 10 else "normal", right)], when)
            entries += entries_from("thomas", [
                SideMeasure("right", "tight-iliopsoas" if week < 4 else "normal", 8.0 - 2.2 * week, 82.0),
                SideMeasure("left", "normal", -3.0, 84.0)], when + timedelta(minutes=10))
    save_log(db, rows)
    save(db, entries)
    simulate_desk(db, today, rng)


def simulate_desk(db: Path, today: date, rng: random.Random, days: int = 14, look_s: float = 5.0) -> None:
    """Working days at the desk: sitting runs of 20-90 min, a few minutes standing or away between
    them, a longer lunch away; the person sits longer as the week goes on. The legs are calibrated
    (romcam desk --calibrate-legs): crossed for a stretch of some runs, less often as the days go
    by, now and then the feet tucked or perched."""
    session = DeskSession(DeskConfig(), save=lambda rows: save_minutes(db, rows))
    for n in range(days - 1, -1, -1):
        day = today - timedelta(days=n)
        if day.weekday() >= 5:
            continue
        t = datetime.combine(day, time(8, 30)).astimezone()
        end = t + timedelta(hours=6.5 + 0.6 * day.weekday() + rng.uniform(-0.5, 1.0))
        lunch = False
        while t < end:
            plan = [("sitting", rng.uniform(20, 90))]
            if not lunch and t.hour >= 12:
                plan.append(("away", rng.uniform(30, 50)))
                lunch = True
            else:
                plan.append((rng.choice(("standing", "away")), rng.uniform(1, 8)))
            crossed_share = 0.35 * (n + 1) / days
            for state, minutes in plan:
                legs = None
                for i in range(int(minutes * 60 / look_s)):
                    if state == "sitting" and i % 60 == 0:  # a leg posture is held for 5 minutes
                        legs = rng.choices(("crossed", "tucked", "perched", "ordinary"),
                                           (crossed_share, 0.08, 0.05, 1.0 - crossed_share - 0.13))[0]
                    seated = state == "sitting"
                    session.observe(t, Observation(state, legs if seated else None, LEG_POSTURES if seated else ()))
                    t += timedelta(seconds=look_s)
        session.finish()


def _items(name: str, rng: random.Random, n: int) -> list[LogItem]:
    if name in ("glute-bridge", "bird-dog", "dead-bug", "clamshell", "hip-extension-reps"):
        done = rng.randint(10, 15)
        return [LogItem("right", "reps", done, done - rng.randint(0, 3), 15)]
    target = 60.0 if name in ("couch-stretch", "pigeon") else 30.0
    return [LogItem(side, "s", target * rng.uniform(0.6, 1.0), target * rng.uniform(0.6, 1.0), target)
            for side in ("left", "right")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img" / "history_six_weeks.png")
    parser.add_argument("--html", type=Path, help="keep the page here too")
    args = parser.parse_args()
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        raise SystemExit("chromium not found")
    with tempfile.TemporaryDirectory() as tmp:
        db, page = Path(tmp) / "history.sqlite", args.html or Path(tmp) / "history.html"
        simulate(db, date.today())
        subprocess.run([sys.executable, "-m", "romcam", "history", "--db", str(db), "--html", str(page)], check=True)
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        f"--user-data-dir={Path(tmp) / 'profile'}", "--window-size=1000,2200",
                        f"--screenshot={args.out.resolve()}", page.resolve().as_uri()],
                       check=True, capture_output=True)
    print(args.out)


if __name__ == "__main__":
    main()
