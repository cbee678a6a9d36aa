"""The programme's exercises against rendered clips with known form, through the live loop.

    python tools/programme_accuracy.py [--truth samples/truth_programme] [--split heldout|tuning|all]

Each clip (hk_*: half-kneeling hip flexor stretch, cs_*: couch stretch, pl_*: plank, pp_*: pigeon
pose, gb_*: glute bridge, bd_*: bird-dog, db_*: dead bug, cl_*: clamshell) is played through
`romcam exercise`'s own path (run_live, paced like a camera, the real model) after --pad seconds
of its first frame, and analysed offline as `romcam analyze --test ...` would:
- hip-flexor-stretch: seconds held with good form against the clip's truth (`good_form_s`, from
  the rendered segments, not from romcam's rules; the moves between segments count as not good),
  target within 1 s; beside it ("rules s"), romcam's rules applied to the truth angles frame by
  frame, which counts the part of a move before a limit is crossed; where romcam says "tuck not
  checked" (no pelvis seen), against the truth without the tuck (a lost tuck cannot be seen
  there, and romcam says so); the tuck gate per frame
  (tucked: the pelvis at least tuck_min_deg behind the kneeling neutral) against the truth tilt,
  on frames more than 1.5 deg from the gate, target >= 90% right.
- couch-stretch: as the half-kneeling stretch (the same rules, plus the back shin up the wall).
- quad-stretch (qs_*: the standing quad / hip flexor stretch): as the half-kneeling stretch, the
  tuck against the neutral stance.
- plank: seconds in line against the truth, target within 1 s; the sag / pike gates per frame
  against the truth's body line, on frames more than 1.5 deg from a gate.
- pigeon: as the plank (seconds with good form, within 1 s).
- glute-bridge, bird-dog, dead-bug, clamshell: reps against the truth (exact, no phantom rep; the
  alternating ones also per side), each rep's faults against the truth's (found on >= 90% of the
  clips that have them, at most 1 false fault in 20 clean reps).
Published figures come from the held-out half (--split heldout, the default).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from exercise_accuracy import padded_copy  # noqa: E402

from romcam.activities.registry import SessionOptions, get  # noqa: E402
from romcam.io.outputs import read_frames_csv  # noqa: E402
from romcam.io.sources import open_video  # noqa: E402
from romcam.pipeline.analyze import AnalyzeOptions, analyze  # noqa: E402
from romcam.pipeline.live import LiveOptions, run_live  # noqa: E402

TARGET_HOLD_ERROR_S = 1.0
TARGET_TUCK_RIGHT = 0.90
GATE_MARGIN_DEG = 1.5
NEUTRAL_S = 1.5  # every stretch clip starts with its neutral (kneeling or standing) this long at least
TUCKED_STRETCHES = (("hip-flexor-stretch", "hk"), ("couch-stretch", "cs"), ("quad-stretch", "qs"))  # activity, clips


ONLY: list[str] | None = None  # --only: the clip prefixes to run


def clips(truth: Path, prefix: str, split: str) -> list[str]:
    if ONLY and prefix not in ONLY:
        return []
    names = []
    for path in sorted(truth.glob(f"{prefix}_*.truth.json")):
        if split == "all" or json.loads(path.read_text()).get("split") == split:
            names.append(path.name.removesuffix(".truth.json"))
    return names


def live_result(video: Path, name: str, pad_s: float, work: Path, **config) -> dict:
    activity = get(name)
    pelvis = activity.pelvis_default  # as `romcam exercise` does without --pelvis
    session = activity.session(activity.config(**config), SessionOptions(both_sides=False, pelvis=pelvis))
    clip = padded_copy(video, work / f"{video.stem}.avi", pad_s)
    return run_live(open_video(clip), LiveOptions(display=False, pelvis=pelvis), session=session).result


def good_without_tuck(segments: list[dict]) -> float:
    """Seconds of good form when the pelvis is not seen: good, tuck-lost and arch segments, and the
    moves between two of them (the pelvis tipping while the rest of the form holds)."""
    ok = ("good", "tuck-lost", "arch")
    total = 0.0
    for i, seg in enumerate(segments):
        between = (seg["form"] == "moving" and 0 < i < len(segments) - 1
                   and segments[i - 1]["form"] in ok and segments[i + 1]["form"] in ok)
        if seg["form"] in ok or between:
            total += seg["end_s"] - seg["start_s"]
    return total


@dataclass
class KneelingCheck:
    clip: str
    truth_held_s: float
    held_s: float  # live
    offline_held_s: float
    rules_held_s: float  # romcam's rules on the truth angles: the truth of the form moment by moment
    tuck_frames: int  # frames away from the gate where both truth and romcam know the tilt
    tuck_right: int
    tilt_seen: float  # share of frames with a pelvic tilt
    tuck_checked: bool
    faults: list[str] = field(default_factory=list)

    @property
    def error_s(self) -> float:
        return abs(self.held_s - self.truth_held_s)


def check_kneeling(truth: Path, name: str, pad_s: float, work: Path,
                   activity: str = "hip-flexor-stretch") -> KneelingCheck:
    """A stretch gated on the tuck (half-kneeling, couch, standing quad) on one clip."""
    info = json.loads((truth / f"{name}.truth.json").read_text())
    rules = get(activity).config()
    live = live_result(truth / f"{name}.mp4", activity, pad_s, work, hold_s=600.0)  # one hold, never done
    out = work / name
    analyze(truth / f"{name}.mp4", out, AnalyzeOptions(test=activity, annotate=False))
    offline = json.loads((out / "result.json").read_text())
    frames = read_frames_csv(out / "frames.csv")
    true_rows = np.genfromtxt(truth / f"{name}.truth.csv", delimiter=",", names=True)
    tilt = frames["pelvic_tilt_deg"]
    t = frames["t_s"]
    neutral = np.isfinite(tilt) & (t <= t[0] + NEUTRAL_S)
    tilt_change = tilt - (np.median(tilt[neutral]) if neutral.any() else np.nan)
    truth_tilt = np.interp(t, true_rows["t_s"], true_rows["pelvic_tilt_deg"])
    gate = -rules.tuck_min_deg
    away = np.isfinite(tilt_change) & (np.abs(truth_tilt - gate) > GATE_MARGIN_DEG)
    right = (tilt_change[away] <= gate) == (truth_tilt[away] <= gate)
    hold = (live.get("holds") or [{}])[0]
    offline_hold = (offline.get("holds") or [{}])[0]
    truth_s = float(info["good_form_s"])
    true_angles = {k: true_rows[k] for k in true_rows.dtype.names}
    if not hold.get("tuck_checked", False):
        truth_s = good_without_tuck(info["segments"])
        true_angles["pelvic_tilt_deg"] = np.full(len(true_rows), np.nan)
    by_rules = get(activity).analyse(true_rows["t_s"], true_angles, rules, hold.get("side", "right")).holds
    return KneelingCheck(name, truth_s, float(hold.get("held_s", 0.0)),
                         float(offline_hold.get("held_s", 0.0)), by_rules[0].timer.held_s if by_rules else 0.0,
                         int(away.sum()), int(right.sum()),
                         float(np.mean(np.isfinite(tilt))), bool(hold.get("tuck_checked", False)),
                         sorted(hold.get("fault_s", {})))


@dataclass
class PlankCheck:
    clip: str
    truth_held_s: float
    held_s: float
    gate_frames: int
    gate_right: int
    faults: list[str]

    @property
    def error_s(self) -> float:
        return abs(self.held_s - self.truth_held_s)


def check_plank(truth: Path, name: str, pad_s: float, work: Path) -> PlankCheck:
    info = json.loads((truth / f"{name}.truth.json").read_text())
    rules = get("plank").config()
    live = live_result(truth / f"{name}.mp4", "plank", pad_s, work, hold_s=600.0)
    out = work / name
    analyze(truth / f"{name}.mp4", out, AnalyzeOptions(test="plank", annotate=False))
    frames = read_frames_csv(out / "frames.csv")
    true_rows = np.genfromtxt(truth / f"{name}.truth.csv", delimiter=",", names=True)
    line = frames["body_line_deg"]
    truth_line = np.interp(frames["t_s"], true_rows["t_s"], true_rows["body_line_deg"])
    planking = np.abs(frames["trunk_lean_deg"]) >= rules.horizontal_min_deg
    gates = (rules.sag_max_deg, -rules.pike_max_deg)
    away = planking & np.isfinite(line) & np.all([np.abs(truth_line - g) > GATE_MARGIN_DEG for g in gates], axis=0)

    def state(v: np.ndarray) -> np.ndarray:
        return np.where(v > gates[0], 1, np.where(v < gates[1], -1, 0))

    hold = (live.get("holds") or [{}])[0]
    return PlankCheck(name, float(info["good_form_s"]), float(hold.get("held_s", 0.0)), int(away.sum()),
                      int((state(line[away]) == state(truth_line[away])).sum()), sorted(hold.get("fault_s", {})))


def check_pigeon(truth: Path, name: str, pad_s: float, work: Path) -> PlankCheck:
    info = json.loads((truth / f"{name}.truth.json").read_text())
    live = live_result(truth / f"{name}.mp4", "pigeon", pad_s, work, hold_s=600.0)
    hold = (live.get("holds") or [{}])[0]
    return PlankCheck(name, float(info["good_form_s"]), float(hold.get("held_s", 0.0)), 0, 0,
                      sorted(hold.get("fault_s", {})))


@dataclass
class RepCheck:
    clip: str
    expected: int
    reps: int
    truth_faults: list[list[str]]
    faults: list[list[str]]
    truth_sides: list[str] = field(default_factory=list)
    sides: list[str] = field(default_factory=list)
    not_checked: list[str] = field(default_factory=list)  # what romcam said it could not see

    @property
    def phantom(self) -> int:
        return max(self.reps - self.expected, 0)


def check_reps(truth: Path, name: str, pad_s: float, work: Path, activity: str) -> RepCheck:
    info = json.loads((truth / f"{name}.truth.json").read_text())
    live = live_result(truth / f"{name}.mp4", activity, pad_s, work, reps_per_set=50, sets=1)
    reps = live.get("reps", [])
    return RepCheck(name, int(info["expected_rep_count"]), len(reps),
                    [sorted(r["faults"]) for r in info["reps"]], [sorted(r["faults"]) for r in reps],
                    [r["side"] for r in info["reps"] if "side" in r], [r["side"] for r in reps],
                    live.get("not_checked", []))


def fault_figures(checks: list[RepCheck]) -> tuple[int, int, int, int]:
    """(clips with faults, of them found; clean reps, false faults on them), reps matched in order."""
    with_faults = [c for c in checks if any(c.truth_faults)]
    found = sum(all(set(tf) <= set(f) for tf, f in zip(c.truth_faults, c.faults)) and c.reps == c.expected
                for c in with_faults)
    clean = false = 0
    for c in checks:
        for tf, f in zip(c.truth_faults, c.faults):
            if not tf:
                clean += 1
                false += bool(f)
    return len(with_faults), found, clean, false


def print_kneeling(title: str, checks: list[KneelingCheck]) -> None:
    print(f"{title}: seconds with good form, live / offline, against the truth (target within "
          f"{TARGET_HOLD_ERROR_S:g} s); tuck gate per frame (target {TARGET_TUCK_RIGHT:.0%})")
    print(f"{'clip':28s} {'truth s':>8s} {'live s':>7s} {'offl. s':>8s} {'error':>6s} {'rules s':>8s} {'tilt seen':>9s} "
          f"{'tuck right':>11s}  faults shown")
    for k in checks:
        tuck = f"{k.tuck_right}/{k.tuck_frames}" if k.tuck_frames else "-"
        print(f"{k.clip:28s} {k.truth_held_s:8.2f} {k.held_s:7.2f} {k.offline_held_s:8.2f} {k.error_s:6.2f} "
              f"{k.rules_held_s:8.2f} "
              f"{k.tilt_seen:9.0%} {tuck:>11s}  {', '.join(k.faults) or '-'}"
              + ("" if k.tuck_checked else "  (tuck not checked)"))
    frames = sum(k.tuck_frames for k in checks)
    print(f"hold error: mean {np.mean([k.error_s for k in checks]):.2f} s, worst "
          f"{max(k.error_s for k in checks):.2f} s; tuck gate right on "
          + (f"{sum(k.tuck_right for k in checks) / frames:.0%} of {frames} frames" if frames else "no frame")
          + f"; tuck checked on {sum(k.tuck_checked for k in checks)}/{len(checks)} clips\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--truth", type=Path, default=ROOT / "samples" / "truth_programme")
    parser.add_argument("--split", choices=("heldout", "tuning", "all"), default="heldout")
    parser.add_argument("--pad", type=float, default=2.5, help="seconds of the first frame before each clip")
    parser.add_argument("--only", nargs="*", help="clip name prefixes to run (e.g. bd db), default all")
    args = parser.parse_args()
    global ONLY
    ONLY = args.only
    from romcam.pose.native_logs import silence_native_stderr

    silence_native_stderr()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for activity, prefix in TUCKED_STRETCHES:
            checks = [check_kneeling(args.truth, n, args.pad, work, activity)
                      for n in clips(args.truth, prefix, args.split)]
            if checks:
                print_kneeling(f"{activity} ({args.split})", checks)
        planks = [check_plank(args.truth, n, args.pad, work) for n in clips(args.truth, "pl", args.split)]
        if planks:
            print(f"plank ({args.split}): seconds in line, live, against the truth; sag/pike gates per frame")
            for p in planks:
                print(f"{p.clip:28s} {p.truth_held_s:8.2f} {p.held_s:7.2f} {p.error_s:6.2f} "
                      f"{p.gate_right}/{p.gate_frames}  {', '.join(p.faults) or '-'}")
            frames = sum(p.gate_frames for p in planks)
            print(f"hold error: mean {np.mean([p.error_s for p in planks]):.2f} s, worst "
                  f"{max(p.error_s for p in planks):.2f} s; gates right on "
                  + (f"{sum(p.gate_right for p in planks) / frames:.0%} of {frames} frames" if frames else "no frame"))
        pigeons = [check_pigeon(args.truth, n, args.pad, work) for n in clips(args.truth, "pp", args.split)]
        if pigeons:
            print(f"\npigeon ({args.split}): seconds with good form, live, against the truth")
            for p in pigeons:
                print(f"{p.clip:28s} {p.truth_held_s:8.2f} {p.held_s:7.2f} {p.error_s:6.2f}  {', '.join(p.faults) or '-'}")
            print(f"hold error: mean {np.mean([p.error_s for p in pigeons]):.2f} s, worst "
                  f"{max(p.error_s for p in pigeons):.2f} s")
        for activity, prefix in (("glute-bridge", "gb"), ("bird-dog", "bd"), ("dead-bug", "db"), ("clamshell", "cl")):
            names = clips(args.truth, prefix, args.split)
            if names:
                print_reps(f"{activity} ({args.split})", [check_reps(args.truth, n, args.pad, work, activity)
                                                          for n in names])


def print_reps(title: str, checks: list[RepCheck]) -> None:
    print(f"\n{title}: reps and their faults against the truth")
    print(f"{'clip':28s} {'reps t/r':>9s}  sides right  faults truth -> romcam")
    for c in checks:
        sides = sum(a == b for a, b in zip(c.truth_sides, c.sides))
        print(f"{c.clip:28s} {c.expected:>4d}/{c.reps:<4d}  {sides:>4d}/{len(c.truth_sides):<6d} "
              f"{c.truth_faults} -> {c.faults}" + "".join(f"  ({w} not checked)" for w in c.not_checked))
    n_faulty, found, clean, false = fault_figures(checks)
    print(f"reps exact on {sum(c.reps == c.expected for c in checks)}/{len(checks)} clips, phantom reps "
          f"{sum(c.phantom for c in checks)}; sides right on {sum(a == b for c in checks for a, b in zip(c.truth_sides, c.sides))}"
          f"/{sum(len(c.truth_sides) for c in checks)} reps; faults found on {found}/{n_faulty} clips that have them; "
          f"false faults {false} in {clean} clean reps")


if __name__ == "__main__":
    main()
