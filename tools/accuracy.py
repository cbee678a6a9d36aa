"""Accuracy of romcam against rendered clips with known angles.

    python tools/accuracy.py [--truth samples/truthset] [--split heldout|tuning|all] [--out DIR]
                             [--yaw-correction DEG] [--margins FILE] [--model FILE]

samples/truthset is split once, by a fixed seed, into a tuning half and a held-out half (each
clip's truth.json "split"); published figures come from the held-out half. samples/truth (the
first clips, all used for tuning) has no split field: its clips count as tuning.

Runs `romcam.pipeline.analyze` (the real model) on every clip that has a NAME.truth.csv and prints:
- per clip, the mean absolute error of per-frame thigh_vs_vertical (both legs) and trunk_lean,
  each taken relative to the clip's own neutral start (MediaPipe's hip is not the anatomical hip
  joint centre, so absolute offsets are not comparable; changes are);
- the mirrored clip against its source (same angles expected, within 0.5 deg);
- the clip rotated by 5 deg against its source (segment angles shift by the rotation, joint
  angles stay within 1 deg).
tests/test_accuracy.py runs the same functions and fails when a figure passes its target.
"""

from __future__ import annotations

import argparse
import csv
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent

from romcam.pipeline.analyze import AnalyzeOptions, analyze  # noqa: E402
from romcam.errors import RomcamError  # noqa: E402
from romcam.io.outputs import read_frames_csv  # noqa: E402
from romcam.kinematics.recording import Smoothing  # noqa: E402

JOINTS = ("hip_extension_deg", "knee_flexion_deg")
NEUTRAL_S = 0.5  # every clip starts with the subject standing still this long at least
TARGET_MAE_DEG = 2.0
# Standing with the knee bent past 90 deg (the quad stretch clips): MediaPipe's knee landmark
# moves off the joint and the thigh reads 1-3 deg less extended; no target was set for this
# posture, so the measured worst (2.17) is held as a regression guard.
DEEP_KNEE_GUARD_DEG = 2.5
# Lying, the trunk line is not part of any verdict; with the knee hugged loosely the arms draw
# the shoulders forward and MediaPipe's trunk moves 4.1 deg (thomas_man_left_loose_hug): a guard.
LYING_TRUNK_GUARD_DEG = 4.5
DEEP_KNEE_DEG = 90.0
TARGET_MIRROR_DEG = 0.5
TARGET_ROTATION_JOINT_DEG = 1.0
OTHER = {"left": "right", "right": "left"}


def read_truth(path: Path) -> dict[str, np.ndarray]:
    with open(path, newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {k: np.array([float(r[k]) for r in rows]) for k in rows[0]}


def relative_to_start(values: np.ndarray, t_s: np.ndarray) -> np.ndarray:
    start = values[t_s < NEUTRAL_S]
    if not np.isfinite(start).any():
        return np.full_like(values, np.nan)
    return values - np.nanmedian(start)


def clip_info(truth_dir: Path, name: str) -> dict:
    return json.loads((truth_dir / f"{name}.truth.json").read_text())


def clip_split(info: dict) -> str:
    return info.get("split") or info.get("source", {}).get("split") or "tuning"


def in_split(truth_dir: Path, name: str, split: str) -> bool:
    return split == "all" or clip_split(clip_info(truth_dir, name)) == split


def turns_round(info: dict) -> bool:
    """The person turns round in the clip: the near leg and each angle's neutral change with the
    turn, so the per-frame tables (one near leg, one neutral start) leave the clip to the
    trial-level comparison (and tests/test_honesty_e2e.py)."""
    return "body_yaw_deg" in info


def near_side(info: dict) -> str:
    """The leg nearer the camera. Facing image-right shows the right side (and a mirrored clip of
    that shows a body facing left with its left side near: a mirror swaps left and right)."""
    facing = info.get("source", info).get("scenario", {}).get("camera", {}).get("facing", "right")
    side = "right" if facing == "right" else "left"
    return OTHER[side] if info.get("operation") == "mirror" else side


def swap_sides(columns: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    out = {}
    for key, value in columns.items():
        for side in ("left", "right"):
            if key.startswith(side + "_"):
                key = OTHER[side] + key[len(side):]
                break
        out[key] = value
    return out


@dataclass
class ClipError:
    name: str
    near: str
    frames: int
    detected: int
    trunk_mae: float
    near_thigh_mae: float
    near_worst: float
    far_thigh_mae: float  # the leg hidden behind the near one: reported, no target
    far_known: float  # share of frames where romcam gave the far thigh a value
    deep_knee: bool = False  # standing with the near knee bent past DEEP_KNEE_DEG at some point
    lying: bool = False  # the Thomas test (it judges the thighs, not the trunk)

    @property
    def thigh_bound(self) -> float:
        return DEEP_KNEE_GUARD_DEG if self.deep_knee else TARGET_MAE_DEG

    @property
    def trunk_bound(self) -> float:
        return LYING_TRUNK_GUARD_DEG if self.lying else TARGET_MAE_DEG


TEST_OF_CLIP = {"hip_extension": "hip-extension", "pelvic_tilt": "hip-extension", "thomas": "thomas"}
_written: set[Path] = set()  # output folders this process has filled: reused, never stale ones
SMOOTHING = Smoothing()  # --yaw-correction DEG: Smoothing(max_yaw_corrected_deg=DEG)
REUSE = False  # --reuse: outputs already in --out are taken as they are (same romcam, same options)
MODEL = None  # --model FILE: another pose landmarker bundle (lite, heavy) instead of the shipped one


def clip_test(info: dict) -> str:
    """The romcam test a clip shows ("none" for clips made for the angles alone)."""
    return TEST_OF_CLIP.get(info.get("test"), "none")


def analysed(truth_dir: Path, out_dir: Path, name: str, symmetric: bool = False) -> Path:
    """romcam's outputs for one clip, analysed with the clip's own test, once per process."""
    out = out_dir / name
    if REUSE and (out / "result.json").is_file():
        _written.add(out)
    if out not in _written:
        test = clip_test(clip_info(truth_dir, name))
        try:
            analyze(truth_dir / f"{name}.mp4", out, AnalyzeOptions(test=test, annotate=False, symmetric=symmetric,
                                                                    smoothing=SMOOTHING, model=MODEL))
        except RomcamError as exc:  # nobody found: the outputs are written all the same, a miss
            print(f"  {exc}")
        _written.add(out)
    return out


def analyse_clips(truth_dir: Path, out_dir: Path, symmetric: bool = False,
                  pattern: str = "*", split: str = "all") -> dict[str, dict[str, np.ndarray]]:
    """Run romcam on every truth clip (matching pattern, in the split); returns frames.csv
    columns per clip."""
    results = {}
    for video in sorted(truth_dir.glob(f"{pattern}.mp4")):
        if not (truth_dir / f"{video.stem}.truth.csv").is_file() or not in_split(truth_dir, video.stem, split):
            continue
        out = analysed(truth_dir, out_dir, video.stem, symmetric)
        results[video.stem] = read_frames_csv(out / "frames.csv")
    return results


def clip_error(name: str, measured: dict[str, np.ndarray], truth: dict[str, np.ndarray],
               near: str, lying: bool = False) -> ClipError:
    """Lying clips are judged on the thigh angle their test uses: against the horizontal."""
    n = min(len(truth["t_s"]), len(measured["t_s"]))
    t = truth["t_s"][:n]
    thigh = "thigh_vs_horizontal_deg" if lying else "thigh_vs_vertical_deg"

    def err(col: str) -> np.ndarray:
        return np.abs(relative_to_start(measured[col][:n], t) - relative_to_start(truth[col][:n], t))

    trunk = err("trunk_lean_deg")
    near_thigh = err(f"{near}_{thigh}")
    far_thigh = err(f"{OTHER[near]}_{thigh}")
    far_known = float(np.isfinite(measured[f"{OTHER[near]}_{thigh}"][:n]).mean())
    with np.errstate(all="ignore"):
        far_mae = float(np.nanmean(far_thigh)) if np.isfinite(far_thigh).any() else float("nan")
    deep_knee = not lying and float(np.nanmax(truth[f"{near}_knee_flexion_deg"][:n])) > DEEP_KNEE_DEG
    return ClipError(name, near, n, int(np.nansum(measured["detected"][:n])),
                     float(np.nanmean(trunk)), float(np.nanmean(near_thigh)),
                     float(np.nanmax(np.concatenate([trunk, near_thigh]))), far_mae, far_known, deep_knee, lying)


def mean_abs_difference(a: dict[str, np.ndarray], b: dict[str, np.ndarray], cols,
                        relative: bool = False) -> dict[str, float]:
    n = min(len(a["t_s"]), len(b["t_s"]))
    t = a["t_s"][:n]
    out = {}
    for c in cols:
        x, y = a[c][:n], b[c][:n]
        if relative:
            x, y = relative_to_start(x, t), relative_to_start(y, t)
        out[c] = float(np.nanmean(np.abs(y - x)))
    return out


def mean_difference(a, b, cols) -> dict[str, float]:
    n = min(len(a["t_s"]), len(b["t_s"]))
    return {c: float(np.nanmean(b[c][:n] - a[c][:n])) for c in cols}


def report(truth_dir: Path, out_dir: Path, symmetric: bool = False,
           pattern: str = "*", split: str = "all") -> tuple[list[ClipError], dict, dict]:
    measured = analyse_clips(truth_dir, out_dir, symmetric, pattern, split)
    errors, mirror, rotation = [], {}, {}
    for name, m in measured.items():
        info = clip_info(truth_dir, name)
        near = near_side(info)
        operation = info.get("operation")
        truth = read_truth(truth_dir / f"{name}.truth.csv")
        if operation == "mirror":
            truth = swap_sides(truth)  # the mirror image of a right leg is a left leg
        if operation != "rotate" and not turns_round(info):  # a rolled camera changes segment angles on purpose
            errors.append(clip_error(name, m, truth, near, lying=clip_test(info) == "thomas"))
        if operation is None or info["derived_from"] not in measured:
            continue
        source = measured[info["derived_from"]]
        src_near = near_side(clip_info(truth_dir, info["derived_from"]))
        cols = ["trunk_lean_deg", f"{src_near}_thigh_vs_vertical_deg"] + [
            f"{src_near}_{j}" for j in JOINTS]
        if operation == "rotate":
            rotation[name] = {"roll_deg": info["rotation_deg"],
                              "segment_shift": mean_difference(source, m, cols[:2]),
                              "joint_change": mean_abs_difference(source, m, cols[2:])}
        else:
            mirrored = swap_sides(m)  # compare like with like: the source's near leg
            mirror[name] = {"per_frame": mean_abs_difference(source, mirrored, cols),
                            "relative_to_start": mean_abs_difference(source, mirrored, cols, True)}
    return errors, mirror, rotation


def print_report(errors, mirror, rotation) -> None:
    print("Per-frame error against truth, relative to each clip's neutral start "
          f"(target: trunk and near-leg thigh MAE <= {TARGET_MAE_DEG} deg; thigh against the vertical, "
          f"lying clips against the horizontal; *: knee bent past {DEEP_KNEE_DEG:g} deg standing, "
          f"no target, guard {DEEP_KNEE_GUARD_DEG} deg)")
    print(f"{'clip':36s} {'near':>5s} {'frames':>6s} {'seen':>5s}  {'trunk MAE':>9s} "
          f"{'near thigh MAE':>14s} {'worst':>6s}  {'far thigh MAE (known)':>22s}")
    for e in errors:
        print(f"{e.name + ('*' if e.deep_knee else ''):36s} {e.near:>5s} {e.frames:6d} {e.detected:5d}  "
              f"{e.trunk_mae:9.2f} {e.near_thigh_mae:14.2f} {e.near_worst:6.2f}  "
              f"{e.far_thigh_mae:15.2f} ({e.far_known:4.0%})")
    print(f"\nMirrored clip vs its source, mean |difference| per frame (target <= {TARGET_MIRROR_DEG} deg)")
    for name, diffs in mirror.items():
        for kind, values in diffs.items():
            print(f"  {name} [{kind}]: " + ", ".join(
                f"{k.removesuffix('_deg')} {v:.2f}" for k, v in values.items()))
    print("\nRotated clip vs its source: mean segment shift (a counter-clockwise roll tips a "
          f"right-facing body back: expect -roll); joint mean |change| (target < {TARGET_ROTATION_JOINT_DEG} deg)")
    for name, r in rotation.items():
        print(f"  {name} (roll {r['roll_deg']:+.1f} deg): shift " + ", ".join(
            f"{k.removesuffix('_deg')} {v:+.2f}" for k, v in r["segment_shift"].items()))
        print("      joint |change| " + ", ".join(
            f"{k.removesuffix('_deg')} {v:.2f}" for k, v in r["joint_change"].items()))


# --- per-trial accuracy of the two tests (clips whose truth.json lists "trials") ---------------

TARGET_PEAK_MAE_DEG = 1.5
TARGET_PEAK_MAX_DEG = 3.0
TARGET_LEAN_DEG = 2.0
TARGET_TILT_MAE_DEG = 3.0
TARGET_TILT_MAX_DEG = 5.0
TARGET_THOMAS_DEG = 3.0
FLAG_MIN_DEG = 6.0  # every trial with lean or arch of at least this much must be flagged (or unseen)
VERDICT_MARGIN_DEG = 1.5  # verdicts must be right where the truth is further than this from a threshold
COMPENSATION_FLAGS = {"trunk-lean", "lumbar-arch"}


@dataclass
class TrialComparison:
    clip: str
    test: str
    truth: dict
    measured: dict | None  # None when romcam found no matching trial
    conditions: dict = field(default_factory=dict)  # how the clip was rendered (truth.json)
    camera: dict = field(default_factory=dict)  # romcam's estimate of the camera (result.json)
    pelvis_method: str = ""

    def error(self, key: str) -> float:
        if not self.measured or self.measured.get(key) is None or self.truth.get(key) is None:
            return float("nan")
        return float(self.measured[key] - self.truth[key])


@dataclass
class TiltError:
    clip: str
    method: str  # what romcam used: tape, markers or waistband
    truth_range: float  # how far the true pelvic tilt moved in the clip
    mae: float  # per frame, relative to the neutral start
    coverage: float  # share of frames with a value


def truth_trials(truth_dir: Path, split: str = "all") -> dict[str, tuple[str, list[dict], dict]]:
    out = {}
    for path in sorted(truth_dir.glob("*.truth.json")):
        info = json.loads(path.read_text())
        trials = info.get("trials") or info.get("source", {}).get("trials")
        if trials and (split == "all" or clip_split(info) == split):
            out[path.name.removesuffix(".truth.json")] = (clip_test(info), trials, info.get("conditions", {}))
    return out


def compare_trials(truth_dir: Path, out_dir: Path,
                   split: str = "all") -> tuple[list[TrialComparison], list[TiltError]]:
    comparisons, tilts = [], []
    for clip, (test, trials, conditions) in truth_trials(truth_dir, split).items():
        out = analysed(truth_dir, out_dir, clip)
        result = json.loads((out / "result.json").read_text())
        for truth in trials:
            comparisons.append(TrialComparison(clip, test, truth, _match(truth, result["trials"]), conditions,
                                               result.get("camera", {}), result["pelvic_tilt_method"]))
        if test == "hip-extension" and not turns_round(clip_info(truth_dir, clip)):
            tilts.append(_tilt_error(clip, result["pelvic_tilt_method"], read_frames_csv(out / "frames.csv"),
                                     read_truth(truth_dir / f"{clip}.truth.csv")))
    # Clips made to measure the pelvic tilt alone (standing, no leg movement): no trials.
    for path in sorted(truth_dir.glob("*.truth.json")):
        clip = path.name.removesuffix(".truth.json")
        info = clip_info(truth_dir, clip)
        if info.get("test") != "pelvic_tilt" or not in_split(truth_dir, clip, split):
            continue
        out = analysed(truth_dir, out_dir, clip)
        method = json.loads((out / "result.json").read_text())["pelvic_tilt_method"]
        tilts.append(_tilt_error(clip, method, read_frames_csv(out / "frames.csv"),
                                 read_truth(truth_dir / f"{clip}.truth.csv")))
    return comparisons, tilts


def _tilt_error(clip: str, method: str, measured, truth) -> TiltError:
    n = min(len(measured["t_s"]), len(truth["t_s"]))
    t = truth["t_s"][:n]
    est = relative_to_start(measured["pelvic_tilt_deg"][:n], t)
    ref = relative_to_start(truth["pelvic_tilt_deg"][:n], t)
    known = np.isfinite(est)
    mae = float(np.mean(np.abs(est[known] - ref[known]))) if known.any() else float("nan")
    return TiltError(clip, method, float(np.ptp(truth["pelvic_tilt_deg"][:n])), mae, float(known.mean()))


TAPE_IN_VIEW = 0.5  # a frame shows the tape when at least this share of the near strip is drawn
TARGET_TAPE_FOUND = 0.95


@dataclass
class TapeFinding:
    clip: str
    method: str  # what romcam chose for the recording
    in_view: int  # frames showing at least TAPE_IN_VIEW of the near strip
    found: float  # share of those frames with a pelvic tilt value


def tape_findings(truth_dir: Path, out_dir: Path, split: str = "all") -> list[TapeFinding]:
    """For every clip with the pelvis tape: how often romcam read it where it was in view."""
    found = []
    for path in sorted(truth_dir.glob("*.truth.json")):
        clip = path.name.removesuffix(".truth.json")
        info = clip_info(truth_dir, clip)
        if "tape" not in info or not in_split(truth_dir, clip, split):
            continue
        out = analysed(truth_dir, out_dir, clip)
        method = json.loads((out / "result.json").read_text())["pelvic_tilt_method"]
        tilt = read_frames_csv(out / "frames.csv")["pelvic_tilt_deg"]
        visible = np.asarray(info["tape"]["near"]["visible_fraction"], float)
        n = min(len(tilt), len(visible))
        in_view = visible[:n] >= TAPE_IN_VIEW
        share = float(np.isfinite(tilt[:n][in_view]).mean()) if in_view.any() and method == "tape" else 0.0
        found.append(TapeFinding(clip, method, int(in_view.sum()), share if in_view.any() else float("nan")))
    return found


def print_tape(findings: list[TapeFinding], comparisons: list[TrialComparison]) -> None:
    if not findings:
        return
    print(f"\nPelvis tape: found where in view (>= {TAPE_IN_VIEW:.0%} of the strip drawn), target "
          f"{TARGET_TAPE_FOUND:.0%} of frames")
    for f in findings:
        print(f"  {f.clip:12s} method {f.method:9s} frames in view {f.in_view:4d}  found {f.found:5.0%}")
    taped = {f.clip for f in findings}
    errs = [c.error("pelvic_tilt_change_deg") for c in comparisons
            if c.clip in taped and c.measured and c.pelvis_method == "tape"]
    with_view = [f for f in findings if f.in_view]
    print(f"  tape clips read with the tape: {sum(f.method == 'tape' for f in findings)}/{len(findings)}; "
          f"frames found where in view: {np.mean([f.found for f in with_view]):.0%} (mean over clips); "
          f"tilt change at the trials: MAE {_mean_abs(errs):.2f}, worst {_max_abs(errs):.2f} deg over "
          f"{int(np.isfinite(errs).sum())} trials (targets {TARGET_TILT_MAE_DEG}/{TARGET_TILT_MAX_DEG})")


def _match(truth: dict, measured: list[dict]) -> dict | None:
    """The measured trial of the same side whose time span covers the truth's peak/hold."""
    centre = truth.get("peak_s", (truth.get("start_s", 0) + truth.get("end_s", 0)) / 2)
    same_side = [m for m in measured if m["side"] == truth["side"]]
    if "peak_s" not in truth:  # Thomas: one hold per side
        return same_side[0] if same_side else None
    covering = [m for m in same_side if m["start_s"] - 0.3 <= centre <= m["end_s"] + 0.3]
    return min(covering, key=lambda m: abs(m["peak_s"] - centre)) if covering else None


def _decisive(value: float, thresholds, margin: float = VERDICT_MARGIN_DEG) -> bool:
    return all(abs(value - th) > margin for th in thresholds)


def detectable(truth: dict) -> bool:
    """romcam counts a trial only when the thigh tips back by min_peak_deg (5) or more: smaller
    "trials" are indistinguishable from shifting weight (reported, not counted as misses)."""
    return truth["peak_thigh_vs_vertical_deg"] >= 5.0


def _mean_abs(values) -> float:
    values = np.abs(np.asarray(values, float))
    values = values[np.isfinite(values)]
    return float(values.mean()) if len(values) else float("nan")


def _max_abs(values) -> float:
    values = np.abs(np.asarray(values, float))
    values = values[np.isfinite(values)]
    return float(values.max()) if len(values) else float("nan")


def _share(flags: list[bool]) -> float:
    return sum(flags) / len(flags) if flags else float("nan")


def trial_figures(comparisons: list[TrialComparison], flag_min: float = FLAG_MIN_DEG,
                  margin: float = VERDICT_MARGIN_DEG) -> dict[str, float]:
    """The figures the targets speak of, over all compared trials."""
    hip = [c for c in comparisons if c.test == "hip-extension" and detectable(c.truth)]
    tho = [c for c in comparisons if c.test == "thomas"]
    found = [c for c in hip if c.measured]
    peak_err = [c.error("peak_thigh_vs_vertical_deg") for c in found]
    tilt_err = [c.error("pelvic_tilt_change_deg") for c in found]
    must_flag = [c for c in found if c.truth["trunk_lean_change_deg"] >= flag_min
                 or c.truth["pelvic_tilt_change_deg"] >= flag_min]
    # a compensation romcam could not see counts as honestly unseen, not as missed
    flagged = [bool(set(c.measured["flags"]) & (COMPENSATION_FLAGS | {"pelvis-unseen", "trunk-unseen"}))
               or c.measured["verdict"] == "unknown" for c in must_flag]
    clean = [c for c in found if not c.truth.get("expected_flags")]
    decisive = [c for c in found if _decisive(c.truth["trunk_lean_change_deg"], [5], margin)
                and _decisive(c.truth["pelvic_tilt_change_deg"], [5], margin)
                and _decisive(c.truth["peak_thigh_vs_vertical_deg"], [10, 15], margin)]
    tho_found = [c for c in tho if c.measured]
    tho_decisive = [c for c in tho_found if _decisive(c.truth["thigh_vs_horizontal_deg"], [0], margin)
                    and _decisive(c.truth["knee_flexion_deg"], [80], margin)]
    return {
        "hip_trials": len(hip), "hip_found": len(found),
        "peak_mae": _mean_abs(peak_err), "peak_max": _max_abs(peak_err),
        "lean_mae": _mean_abs([c.error("trunk_lean_change_deg") for c in found]),
        "lean_max": _max_abs([c.error("trunk_lean_change_deg") for c in found]),
        "tilt_mae": _mean_abs(tilt_err), "tilt_max": _max_abs(tilt_err),
        "tilt_measured": int(np.isfinite(tilt_err).sum()) if tilt_err else 0,
        "must_flag": len(must_flag), "flagged_share": _share(flagged),
        "clean": len(clean),
        "clean_unflagged_share": _share([not set(c.measured["flags"]) & COMPENSATION_FLAGS for c in clean]),
        "decisive": len(decisive),
        "verdicts_right": _share([c.measured["verdict"] == c.truth["expected_verdict"] for c in decisive]),
        "thomas_trials": len(tho), "thomas_found": len(tho_found),
        "thomas_thigh_mae": _mean_abs([c.error("thigh_vs_horizontal_deg") for c in tho_found]),
        "thomas_thigh_max": _max_abs([c.error("thigh_vs_horizontal_deg") for c in tho_found]),
        "thomas_knee_mae": _mean_abs([c.error("knee_flexion_deg") for c in tho_found]),
        "thomas_knee_max": _max_abs([c.error("knee_flexion_deg") for c in tho_found]),
        "thomas_decisive": len(tho_decisive),
        "thomas_verdicts_right": _share([c.measured["verdict"] == c.truth["expected_verdict"]
                                         for c in tho_decisive]),
    }


def _bin(value, edges: list[float], names: list[str]) -> str:
    if value is None or not np.isfinite(value):
        return "unknown"
    for edge, name in zip(edges, names):
        if value < edge:
            return name
    return names[-1]


YAW_BINS = ([5.0, 12.0, 20.0, 99.0], ["|yaw| <5", "5-12", "12-20", "20-25+"])
HEIGHT_BINS = ([0.8, 1.2, 9.0], ["knee-hip (<0.8 m)", "hip-chest (0.8-1.2 m)", "chest-head (>1.2 m)"])


MARGIN_QUANTITIES = {  # result.json trial key -> the tests whose trials carry it
    "peak_thigh_vs_vertical_deg": "hip-extension", "peak_hip_extension_deg": "hip-extension",
    "trunk_lean_change_deg": "hip-extension", "pelvic_tilt_change_deg": "hip-extension",
    "knee_flexion_deg": "thomas", "thigh_vs_horizontal_deg": "thomas",
}
MARGIN_QUANTILE = 0.95
MIN_GROUP = 6  # trials a group needs before it gets its own margin (else the broader group's)


def margins_from(comparisons: list[TrialComparison], split: str) -> dict:
    """The +- table of romcam.uncertainty: per quantity and condition group, the 95th percentile
    of the absolute error (at least 0.5 deg) over the trials romcam found."""
    from romcam.uncertainty import Conditions

    quantities: dict[str, dict[str, float]] = {}
    counts: dict[str, dict[str, int]] = {}
    for key, test in MARGIN_QUANTITIES.items():
        groups: dict[str, list[float]] = {}
        for c in comparisons:
            if c.test != test or not c.measured or (test == "hip-extension" and not detectable(c.truth)):
                continue
            err = abs(c.error(key))
            if not np.isfinite(err):
                continue
            size = (c.conditions.get("frame_w", 640), c.conditions.get("frame_h", 480))
            cond = Conditions.of(c.camera.get("yaw_deg") or float("nan"), size, c.pelvis_method)
            for group in cond.keys(key):
                groups.setdefault(group, []).append(err)
        quantities[key] = {g: round(max(0.5, float(np.quantile(v, MARGIN_QUANTILE))), 2)
                           for g, v in sorted(groups.items()) if len(v) >= MIN_GROUP or g == "all"}
        counts[key] = {g: len(v) for g, v in sorted(groups.items())}
    trials = sum(1 for c in comparisons if c.measured)
    return {"split": split, "trials": trials, "quantile": MARGIN_QUANTILE, "quantities": quantities,
            "test_of": MARGIN_QUANTITIES,
            "trials_per_group": counts, "made_by": "python tools/accuracy.py --split heldout --margins FILE"}


def print_error_by_view(comparisons: list[TrialComparison], title: str) -> None:
    """Peak and trunk-lean errors grouped by the true camera yaw and height (rendered clips)."""
    found = [c for c in comparisons if c.test == "hip-extension" and c.measured and detectable(c.truth)]
    if not any(c.conditions for c in found):
        return
    print(f"\n{title}")
    print(f"{'group':26s} {'trials':>6s} {'peak MAE':>8s} {'peak max':>8s} {'lean MAE':>8s}")
    for label, key, (edges, names) in (("yaw", "yaw_deg", YAW_BINS), ("camera height", "camera_height_m", HEIGHT_BINS)):
        for name in names:
            group = [c for c in found if _bin(abs(c.conditions.get(key, np.nan)) if key == "yaw_deg"
                                              else c.conditions.get(key, np.nan), edges, names) == name]
            if group:
                peak = [c.error("peak_thigh_vs_vertical_deg") for c in group]
                print(f"{label + ' ' + name:26s} {len(group):6d} {_mean_abs(peak):8.2f} {_max_abs(peak):8.2f} "
                      f"{_mean_abs([c.error('trunk_lean_change_deg') for c in group]):8.2f}")


def print_camera_estimates(comparisons: list[TrialComparison]) -> None:
    """romcam's yaw and pitch estimates against the rendered camera's, per clip."""
    seen, rows = set(), []
    for c in comparisons:
        if c.clip in seen or "yaw_deg" not in c.conditions:
            continue
        seen.add(c.clip)
        rows.append(c)
    for key in ("yaw_deg", "pitch_deg"):
        err = [abs(c.camera[key] - c.conditions[key]) for c in rows
               if c.camera.get(key) is not None and key in c.conditions]
        if err:
            print(f"\nCamera {key[:-4]} estimate vs the rendered camera: {len(err)}/{len(rows)} clips "
                  f"estimated, MAE {_mean_abs(err):.1f} deg, worst {_max_abs(err):.1f} deg")


def print_tilts(tilts: list[TiltError]) -> None:
    print("\nPelvic tilt per frame against truth, relative to the neutral start")
    print(f"{'clip':34s} {'method':>10s} {'truth range':>11s} {'MAE':>6s} {'coverage':>9s}")
    for e in tilts:
        print(f"{e.clip:34s} {e.method:>10s} {e.truth_range:11.1f} {e.mae:6.2f} {e.coverage:9.0%}")


def print_trials(comparisons: list[TrialComparison]) -> None:
    print("\nTest trials against truth")
    print(f"{'clip':34s} {'side':5s} {'truth peak':>10s} {'romcam':>7s} {'lean t/r':>10s} "
          f"{'tilt t/r':>11s}  {'expected':>22s} {'romcam verdict':>24s}")
    for c in comparisons:
        t, m = c.truth, c.measured
        if c.test == "thomas":
            got = (f"{m['thigh_vs_horizontal_deg']:+5.1f}/{m['knee_flexion_deg']:5.1f}" if m else "not found")
            print(f"{c.clip:34s} {t['side']:5s} thigh/knee {t['thigh_vs_horizontal_deg']:+5.1f}/"
                  f"{t['knee_flexion_deg']:5.1f} -> {got:14s} {t['expected_verdict']:>22s} "
                  f"{(m or {}).get('verdict', '-'):>24s}")
            continue
        if not m:
            why = "not found" if detectable(t) else "below the 5 deg detection threshold: not a trial"
            print(f"{c.clip:34s} {t['side']:5s} {t['peak_thigh_vs_vertical_deg']:10.1f}  {why}")
            continue
        tilt = m.get("pelvic_tilt_change_deg")
        print(f"{c.clip:34s} {t['side']:5s} {t['peak_thigh_vs_vertical_deg']:10.1f} "
              f"{m['peak_thigh_vs_vertical_deg']:7.1f} {t['trunk_lean_change_deg']:4.1f}/"
              f"{m['trunk_lean_change_deg']:<5.1f} {t['pelvic_tilt_change_deg']:5.1f}/"
              f"{'-' if tilt is None else f'{tilt:.1f}':<5s}  {t['expected_verdict'] + ' ' + ','.join(t.get('expected_flags', [])):>22s} "
              f"{m['verdict'] + ' ' + ','.join(m['flags']):>24s}")
    print_summary(trial_figures(comparisons))


def print_summary(f: dict) -> None:
    print(f"\nhip extension: {f['hip_found']}/{f['hip_trials']} trials found; peak MAE {f['peak_mae']:.2f} deg "
          f"(target {TARGET_PEAK_MAE_DEG}), worst {f['peak_max']:.2f} (target {TARGET_PEAK_MAX_DEG}); trunk lean "
          f"change MAE {f['lean_mae']:.2f}, worst {f['lean_max']:.2f} (target {TARGET_LEAN_DEG}); pelvic tilt "
          f"change MAE {f['tilt_mae']:.2f}, worst {f['tilt_max']:.2f} deg over {f['tilt_measured']} trials "
          f"(targets {TARGET_TILT_MAE_DEG}/{TARGET_TILT_MAX_DEG})")
    print(f"  compensation >= {FLAG_MIN_DEG:g} deg flagged or said unseen: {f['flagged_share']:.0%} of "
          f"{f['must_flag']}; clean trials unflagged: {f['clean_unflagged_share']:.0%} of {f['clean']}; "
          f"verdicts right more than {VERDICT_MARGIN_DEG} deg from a threshold: {f['verdicts_right']:.0%} "
          f"of {f['decisive']}")
    print(f"thomas: {f['thomas_found']}/{f['thomas_trials']} holds found; thigh MAE {f['thomas_thigh_mae']:.2f} "
          f"(worst {f['thomas_thigh_max']:.2f}), knee MAE {f['thomas_knee_mae']:.2f} (worst "
          f"{f['thomas_knee_max']:.2f}) deg (target {TARGET_THOMAS_DEG}); verdicts right more than "
          f"{VERDICT_MARGIN_DEG} deg from a threshold: {f['thomas_verdicts_right']:.0%} of {f['thomas_decisive']}")


def main() -> None:
    global SMOOTHING, REUSE, MODEL
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--truth", type=Path, default=ROOT / "samples" / "truthset")
    parser.add_argument("--split", choices=("heldout", "tuning", "all"), default="heldout",
                        help="which half of the truth set (clips without a split count as tuning)")
    parser.add_argument("--out", type=Path, help="keep romcam's outputs here (default: temporary)")
    parser.add_argument("--symmetric", action="store_true", help="analyse with --symmetric")
    parser.add_argument("--model", type=Path, help="a pose landmarker bundle other than the shipped full one "
                        "(tools/build_pose_model.py --variant lite|heavy): its accuracy, to set beside the default's")
    parser.add_argument("--yaw-correction", type=float, default=0.0, metavar="DEG",
                        help="measure with the camera-yaw correction up to DEG (romcam's default: 0, off)")
    parser.add_argument("--per-frame", action="store_true", help="also the per-frame tables")
    parser.add_argument("--margins", type=Path, help="write the +- table (romcam/data/margins.json) "
                        "from this split's errors; only the held-out split is accepted")
    parser.add_argument("--reuse", action="store_true", help="take outputs already in --out as they "
                        "are (only when romcam and the options did not change since)")
    args = parser.parse_args()
    REUSE, MODEL = args.reuse, args.model
    from romcam.pose.native_logs import silence_native_stderr

    SMOOTHING = Smoothing(max_yaw_corrected_deg=args.yaw_correction)
    silence_native_stderr()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        print(f"truth: {args.truth}, split: {args.split}, model: {(args.model or 'the shipped full bundle')}, yaw correction: "
              f"{f'up to {args.yaw_correction:g} deg' if args.yaw_correction else 'off'}")
        if args.per_frame:
            print_report(*report(args.truth, out, args.symmetric, split=args.split))
        comparisons, tilts = compare_trials(args.truth, out, args.split)
        if comparisons:
            print_trials(comparisons)
            print_tilts(tilts)
            print_tape(tape_findings(args.truth, out, args.split), comparisons)
            print_error_by_view(comparisons, "Error by true camera yaw and height")
            print_camera_estimates(comparisons)
            if args.margins:
                if args.split != "heldout":
                    parser.error("--margins: the margins come from the held-out split only")
                table = margins_from(comparisons, args.split)
                args.margins.write_text(json.dumps(table, indent=1) + "\n")
                print(f"\nmargins written to {args.margins}: " + json.dumps(table["quantities"]))


if __name__ == "__main__":
    main()
