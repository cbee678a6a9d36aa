"""A result.json told in a few plain lines: the closing lines of the CLI and the annotated video."""

from __future__ import annotations


UNSEEN_WORDS = "low back not checked"  # what pelvis-unseen means, said wherever a verdict is shown


def outcome_lines(result: dict) -> list[str]:
    """One line per side: the verdict with its figures, reps counted or seconds held."""
    lines = []
    for side, summary in result.get("summary", {}).items():
        if "verdict" not in summary:  # an exercise's reps
            lines.append(f"{side} leg: {summary['counted']} of {summary['attempted']} reps counted")
            continue
        detail = ""
        if "peak_thigh_vs_vertical_deg" in summary:
            low, high = result.get("norm_deg", (10, 15))
            detail = (f" ({summary['peak_thigh_vs_vertical_deg']:.1f}{_pm(summary, 'peak_thigh_vs_vertical')} deg, "
                      f"normal {low:g}-{high:g})")
        for trial in result.get("trials", []):
            if trial["side"] == side and "thigh_vs_horizontal_deg" in trial:
                detail = (f" (thigh {trial['thigh_vs_horizontal_deg']:+.1f} deg, knee "
                          f"{trial['knee_flexion_deg']:.0f} deg)")
        flags = summary.get("flags", [])
        note = f", {summary['verdict_note']}" if summary.get("verdict_note") else ""
        lines.append(f"{side} leg: {summary['verdict']}{note}{detail}" + (f" {', '.join(flags)}" if flags else "")
                     + (f" - {UNSEEN_WORDS}" if "pelvis-unseen" in flags else ""))
    if result.get("unfinished"):
        lines.append(f"unfinished: {result['unfinished']}")
    for hold in result.get("holds", []):
        who = f"{hold['side']} leg" if hold["side"] in ("left", "right") else "whole body"
        lines.append(f"{who}: {hold['held_s']:.1f} of {hold['target_s']:.0f} s held with good "
                     f"form ({hold['breaks']} break{'s' if hold['breaks'] != 1 else ''})")
    return lines


def _pm(record: dict, name: str) -> str:
    """" +-1.2" when the number carries a margin (ASCII: the video's font has no plus-minus)."""
    pm = record.get(f"{name}_pm_deg")
    return f" +-{pm:.1f}" if pm is not None else ""


def trial_lines(result: dict) -> list[str]:
    """One line per trial or rep: when it peaked, how far, and what it was judged."""
    lines = []
    for i, trial in enumerate(result.get("trials", []), 1):
        when = trial.get("peak_s", trial.get("start_s"))
        value = (f"{trial['peak_thigh_vs_vertical_deg']:.1f}{_pm(trial, 'peak_thigh_vs_vertical')} deg"
                 if "peak_thigh_vs_vertical_deg" in trial
                 else f"thigh {trial['thigh_vs_horizontal_deg']:+.1f}{_pm(trial, 'thigh_vs_horizontal')} deg")
        note = f" ({trial['verdict_note']})" if trial.get("verdict_note") else ""
        lines.append(f"trial {i}: {trial['side']} leg at {when:.1f} s, {value}, {trial['verdict']}{note}"
                     + (f" ({', '.join(trial['flags'])})" if trial.get("flags") else "")
                     + (f" - {UNSEEN_WORDS}" if "pelvis-unseen" in trial.get("flags", []) else ""))
    for i, rep in enumerate(result.get("reps", []), 1):
        lines.append(f"rep {i}: {rep['side']} leg at {rep['peak_s']:.1f} s, "
                     + ("counted" if rep["counted"] else f"not counted ({', '.join(rep['faults'])})"))
    return lines


COUNTED, NOT_COUNTED, NEUTRAL = "#2e7d32", "#ef6c00", "#9e9e9e"


def timeline_spans(result: dict, duration_s: float, colours: dict[str, str]) -> list[tuple[float, float, str]]:
    """Each trial (in its verdict's colour) and each rep (green counted, amber not) as a span of
    the recording, in fractions of its duration."""
    if duration_s <= 0:
        return []
    spans = [(trial["start_s"], trial["end_s"], colours.get(trial["verdict"], NEUTRAL))
             for trial in result.get("trials", [])]
    spans += [(rep["peak_s"] - 0.01 * duration_s, rep["peak_s"] + 0.01 * duration_s,
               COUNTED if rep["counted"] else NOT_COUNTED) for rep in result.get("reps", [])]
    return [(max(start / duration_s, 0.0), min(end / duration_s, 1.0), colour) for start, end, colour in spans]
