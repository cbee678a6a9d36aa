#!/usr/bin/env python3
"""Desk mode against the rendered desk clips' truth: minutes right, the confusion table, frames.

    python tools/desk_accuracy.py --split heldout            # the figures to publish
    python tools/desk_accuracy.py --split tuning --dump f.csv  # per-frame features, for tuning

Each clip (samples/truth_desk/NAME.mp4 with NAME.truth.json, made by tools/truth/desk_clips.py)
runs through the same code as `romcam desk --source`: frames sampled at --fps, the pose model
(2 poses), the desk person, the per-minute states. A minute's truth is the state its truth frames
hold most (transition frames left out); its clock starts at the clip's first frame, so romcam's
minutes and the truth's are the same minutes. The clips' minutes are split once into tuning and
held-out (their truth.json "split"); nothing is tuned on the held-out half.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from romcam.desk.config import DeskConfig  # noqa: E402
from romcam.desk.minutes import STATES  # noqa: E402
from romcam.desk.posture import MIN_CONFIDENCE, DeskPerson  # noqa: E402
from romcam.desk.session import DeskSession  # noqa: E402
from romcam.desk.sources import video_samples  # noqa: E402
from romcam.pose.native_logs import silence_native_stderr  # noqa: E402
from romcam.pose.people import PeopleDetector  # noqa: E402

START = datetime(2026, 12, 7, 9, 0, tzinfo=timezone.utc)  # a whole minute: clip minutes = clock minutes


def truth_minutes(truth: dict) -> list[str]:
    by_minute: dict[int, Counter] = {}
    for fr in truth["frames"]:
        if fr["state"] in STATES:
            by_minute.setdefault(int(fr["t_s"] // 60), Counter())[fr["state"]] += 1
    return [by_minute[m].most_common(1)[0][0] if m in by_minute else "transition" for m in range(max(by_minute) + 1)]


def truth_at(truth: dict, t_s: float) -> dict:
    frames = truth["frames"]
    return min(frames, key=lambda fr: abs(fr["t_s"] - t_s))


def run_clip(video: Path, truth: dict, fps: float, dump: list | None, model: Path | None) -> tuple[list, list]:
    """-> (truth minutes, romcam's minutes)."""
    session = DeskSession(DeskConfig(frames_per_s=fps))
    person = None
    with PeopleDetector(model, max_people=2, check_every=1, min_confidence=MIN_CONFIDENCE) as detector:
        for sample in video_samples(video, fps, START):
            if person is None:
                person = DeskPerson(sample.image.shape[0])
            t_s = (sample.t - START).total_seconds()
            obs = person.observe(detector.detect(sample.image, t_s * 1000.0, lambda poses: True), sample.image)
            session.observe(sample.t, obs)
            if dump is not None:
                fr = truth_at(truth, t_s)
                row = {"clip": video.stem, "t_s": round(t_s, 2), "truth": fr["state"], "seen": obs.state or "unsure",
                       "crossed_truth": fr.get("crossed_legs"), "feet_truth": fr.get("feet_off_floor"),
                       "perch_truth": fr.get("perch"), "second": fr.get("second_person"),
                       "camera": truth.get("camera", {}).get("kind", "") if isinstance(truth.get("camera"), dict)
                       else truth.get("camera", "")}
                row.update({k: round(v, 4) for k, v in asdict(person.last).items()} if person.last else {})
                dump.append(row)
    session.finish()
    seen = [m.state for m in session.minutes]
    return truth_minutes(truth), seen


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clips", type=Path, default=ROOT / "samples" / "truth_desk")
    ap.add_argument("--split", choices=("tuning", "heldout"), required=True)
    ap.add_argument("--fps", type=float, default=DeskConfig().frames_per_s)
    ap.add_argument("--only", nargs="*", help="clip names")
    ap.add_argument("--dump", type=Path, help="write per-frame features and truth to this CSV")
    ap.add_argument("--model", type=Path)
    a = ap.parse_args(argv)
    clips = []
    for tj in sorted(a.clips.glob("*.truth.json")):
        truth = json.loads(tj.read_text())
        name = tj.name[:-len(".truth.json")]
        if truth.get("split") == a.split and (not a.only or name in a.only):
            clips.append((name, tj.with_name(name + ".mp4"), truth))
    if not clips:
        print(f"no {a.split} clips in {a.clips}")
        return 1
    dump: list | None = [] if a.dump else None
    confusion: Counter = Counter()
    passer_minutes: Counter = Counter()
    started = time.time()
    print(f"{'clip':34s} {'camera':18s} minutes right  wrong (truth -> seen)")
    silence_native_stderr()
    for name, video, truth in clips:
        want, seen = run_clip(video, truth, a.fps, dump, a.model)
        pairs = [(w, s) for w, s in zip(want, seen) if w in STATES]
        for p in truth.get("passers_by", []):  # the minutes a second person was in view
            for m in range(int(p["start_s"] // 60), int(p["end_s"] // 60) + 1):
                if m < len(pairs):
                    passer_minutes[pairs[m][0] == pairs[m][1]] += 1
        confusion.update(pairs)
        wrong = [f"{i}:{w}->{s}" for i, (w, s) in enumerate(zip(want, seen)) if w in STATES and w != s]
        cam = truth.get("camera")
        cam = cam.get("kind", "") if isinstance(cam, dict) else str(cam)
        right = sum(w == s for w, s in pairs)
        print(f"{name:34s} {cam:18s} {right:3d}/{len(pairs):<3d}      {' '.join(wrong)}", flush=True)
    total = sum(confusion.values())
    right = sum(n for (w, s), n in confusion.items() if w == s)
    print(f"\n{a.split}: {right} of {total} minutes right ({100.0 * right / max(total, 1):.1f}%), "
          f"{len(clips)} clips, {a.fps:g} frames/s, {time.time() - started:.0f} s")
    seen_states = list(STATES) + ["unknown"]
    print("\nconfusion (rows: truth, columns: romcam)")
    print(f"{'':10s}" + "".join(f"{s:>10s}" for s in seen_states))
    for w in STATES:
        print(f"{w:10s}" + "".join(f"{confusion[(w, s)]:10d}" for s in seen_states))
    print(f"\nminutes with someone passing behind: {passer_minutes[True]} of {sum(passer_minutes.values())} right")
    if dump is not None and dump:
        keys = sorted({k for row in dump for k in row}, key=lambda k: list(dump[0]).index(k) if k in dump[0] else 99)
        with open(a.dump, "w", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=keys)
            writer.writeheader()
            writer.writerows(dump)
        print(f"per-frame features: {a.dump}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
