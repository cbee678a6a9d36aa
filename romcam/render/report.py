"""report.html: one self-contained page per recording (inline SVG plots, embedded key frames).

Pure presentation: it takes what analyze already computed and lays it out for a person.
"""

from __future__ import annotations

import base64
import html
import math

import numpy as np

from romcam.activities.registry import Activity, get as get_activity
from romcam.kinematics.angles import SIDES
from romcam.render.outcome import UNSEEN_WORDS

NEUTRAL = "#333"
STANDING_SERIES = (
    ("thigh behind vertical", "thigh_vs_vertical_deg", "#1565c0"),
    ("hip extension", "hip_extension_deg", "#6a1b9a"),
    ("trunk lean", "trunk_lean_deg", "#c62828"),
    ("pelvic tilt", "pelvic_tilt_deg", "#2e7d32"),
    ("knee bend", "knee_flexion_deg", "#ef6c00"),
)
STYLE = """
body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 980px; padding: 24px; color: #222; background: #fafafa; }
h1 { font-size: 1.5em; margin: 0 0 4px; } .sub { color: #666; margin-bottom: 20px; }
.cards { display: flex; gap: 16px; flex-wrap: wrap; }
.card { flex: 1 1 280px; background: #fff; border-radius: 10px; padding: 16px 20px; box-shadow: 0 1px 4px #0002; }
.card h2 { margin: 0 0 6px; font-size: 1.15em; } .verdict { font-size: 1.6em; font-weight: 700; }
.big { font-size: 2.2em; font-weight: 700; } .unit { color: #666; }
table { border-collapse: collapse; width: 100%; background: #fff; margin-top: 8px; }
td, th { padding: 6px 8px; border-bottom: 1px solid #eee; text-align: right; } th { background: #f0f0f0; }
td:first-child, th:first-child { text-align: left; }
section { margin-top: 28px; } figure { display: inline-block; margin: 0 12px 12px 0; }
figure img { max-width: 300px; border-radius: 6px; } figcaption { color: #555; font-size: .9em; }
svg text { font-size: 12px; fill: #444; } .warn li { color: #8a5a00; }
"""
# The trials table says what each number is, in the card's words (all are changes from neutral).
COLUMN_NAMES = {
    "peak_thigh_vs_vertical_deg": "thigh back from neutral (deg)",
    "peak_hip_extension_deg": "thigh vs trunk line, change (deg)",
    "trunk_lean_change_deg": "trunk lean change (deg)",
    "pelvic_tilt_change_deg": "pelvic tilt change (deg)",
    "knee_flexion_deg": "knee bend, most (deg)",
}
LYING_SERIES = (
    ("thigh vs table", "thigh_vs_horizontal_deg", "#00838f"),
    ("knee bend", "knee_flexion_deg", "#ef6c00"),
)


def build_report(result: dict, t_s: np.ndarray, angles: dict[str, np.ndarray],
                 key_frames: list[tuple[str, bytes]]) -> str:
    side = _main_side(result, angles)
    cards = "".join(_card(s, v, result) for s, v in result.get("summary", {}).items())
    cards += "".join(_hold_card(h) for h in result.get("holds", []))
    if not cards:
        cards = '<div class="card"><h2>Angles only</h2><p>No test was chosen, so there is no verdict. ' \
                'Run <code>romcam analyze VIDEO --test hip-extension</code> for one.</p></div>'
    trials = _trials_table(result)
    plot = _plot(t_s, angles, side, result)
    activity = activity_of(result)
    lying = activity is not None and activity.posture == "lying"
    frames = "".join(
        f'<figure><img alt="{html.escape(label)}" src="data:image/jpeg;base64,'
        f'{base64.b64encode(jpeg).decode()}"><figcaption>{html.escape(label)}</figcaption></figure>'
        for label, jpeg in key_frames)
    warnings = "".join(f"<li>{html.escape(w)}</li>" for w in result.get("warnings", []))
    meanings = "".join(f"<li><b>{html.escape(k)}</b>: {html.escape(v)}</li>"
                       for k, v in result.get("meanings", {}).items())
    title = f"romcam - {html.escape(result.get('source', ''))}"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>{STYLE}</style></head><body>
<h1>{title}</h1>
<div class="sub">test: <b>{html.escape(result.get('test', 'none'))}</b> · facing {html.escape(str(result.get('facing', '?')))}
 · {result.get('frames', len(t_s))} frames at {result.get('fps', 0):g} fps · vertical: {html.escape(str(result.get('vertical', 'image')))}</div>
<div class="cards">{cards}</div>
{trials}
<section><h2>{"Angles" if lying else "Change from your neutral stance"} over time ({side} leg, deg)</h2>{plot}</section>
{f'<section><h2>Key moments</h2>{frames}</section>' if frames else ''}
{f'<section><h2>What the flags mean</h2><ul>{meanings}</ul></section>' if meanings else ''}
{f'<section class="warn"><h2>Warnings</h2><ul>{warnings}</ul></section>' if warnings else ''}
<section class="sub">Angles follow romcam's conventions: + forward lean, + thigh behind the body,
+ anterior pelvic tilt. Measured from one side camera; expect a few degrees of error.</section>
</body></html>
"""


def _main_side(result: dict, angles: dict[str, np.ndarray]) -> str:
    for trial in result.get("trials", []):
        return trial["side"]
    conf = {s: float(np.nanmean(angles.get(f"{s}_thigh_vs_vertical_conf", np.zeros(1)))) for s in SIDES}
    return max(conf, key=conf.get)


def activity_of(result: dict) -> Activity | None:
    """The test or exercise a result.json is of (None for angles only)."""
    name = result.get("test") or result.get("exercise")
    return get_activity(name) if name and name != "none" else None


def verdict_colour(activity: Activity | None, verdict: str) -> str:
    return activity.colours.get(verdict, NEUTRAL) if activity else NEUTRAL


def _hold_card(hold: dict) -> str:
    title = f'{hold["side"].title()} leg' if hold["side"] in ("left", "right") else "Whole body"
    return (f'<div class="card" style="border-top: 6px solid {NEUTRAL}"><h2>{title}</h2>'
            f'<div><span class="big">{hold["held_s"]:.0f}</span><span class="unit"> of {hold["target_s"]:.0f} s '
            f'held with good form ({hold["breaks"]} breaks)</span></div></div>')


def _card(side: str, summary: dict, result: dict) -> str:
    activity = activity_of(result)
    if "verdict" not in summary:  # an exercise's reps
        verdict = f"{summary['counted']} of {summary['attempted']} reps counted"
    else:
        verdict = summary["verdict"]
    colour = verdict_colour(activity, verdict)
    value = ""
    if "peak_thigh_vs_vertical_deg" in summary:
        pm = summary.get("peak_thigh_vs_vertical_pm_deg")
        value = (f'<div><span class="big">{summary["peak_thigh_vs_vertical_deg"]:.1f}</span>'
                 + (f'<span class="unit"> ± {pm:.1f}</span>' if pm is not None else "")
                 + f'<span class="unit"> deg: how far the thigh went back from your neutral stance (normal '
                 f'{result["norm_deg"][0]:g}-{result["norm_deg"][1]:g})</span></div>')
        if summary.get("verdict_note"):
            value += f'<p><b>{html.escape(summary["verdict_note"])}</b>: the true value may lie on either side.</p>'
    else:
        for trial in result.get("trials", []):
            if trial["side"] == side and "thigh_vs_horizontal_deg" in trial:
                value = (f'<div><span class="big">{trial["thigh_vs_horizontal_deg"]:+.1f}</span>'
                         f'<span class="unit"> deg thigh vs table</span> · <span class="big">'
                         f'{trial["knee_flexion_deg"]:.0f}</span><span class="unit"> deg knee bend</span></div>')
    words = (activity.meanings.get(verdict) if activity else None) or result.get("meanings", {}).get(verdict, "")
    flags = ", ".join(summary.get("flags", []))
    if "pelvis-unseen" in summary.get("flags", []):
        flags += f" ({UNSEEN_WORDS})"
    if result.get("unfinished"):
        words += f" Unfinished: {result['unfinished']}."
    return (f'<div class="card" style="border-top: 6px solid {colour}"><h2>{side.title()} leg</h2>'
            f'<div class="verdict" style="color:{colour}">{html.escape(verdict)}</div>{value}'
            f'<p>{html.escape(words)}</p>{f"<p><b>flags:</b> {html.escape(flags)}</p>" if flags else ""}</div>')


def _trials_table(result: dict) -> str:
    trials = result.get("trials", [])
    if not trials:
        return ""
    keys = [k for k in trials[0] if k not in ("flags", "verdict_note") and not k.endswith("_pm_deg")]
    head = "".join(f"<th>{html.escape(COLUMN_NAMES.get(k) or k.replace('_deg', ' (deg)').replace('_s', ' (s)').replace('_', ' '))}</th>"
                   for k in keys) + "<th>flags</th>"
    rows = ""
    for trial in trials:
        cells = "".join(f"<td>{_fmt(trial[k])}{_pm(trial, k)}</td>" for k in keys)
        rows += f"<tr>{cells}<td>{html.escape(', '.join(trial.get('flags', [])))}</td></tr>"
    return f"<section><h2>Trials</h2><table><tr>{head}</tr>{rows}</table></section>"


def _pm(trial: dict, key: str) -> str:
    pm = trial.get(key.removesuffix("_deg") + "_pm_deg") if key.endswith("_deg") else None
    return f" ± {pm:.1f}" if pm is not None and trial.get(key) is not None else ""


def _fmt(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return "-" if not math.isfinite(value) else f"{value:.1f}"
    return html.escape(str(value))


def _neutral_frames(t_s: np.ndarray, result: dict) -> np.ndarray:
    """Frames of the neutral stance the chart is drawn from: before the first trial (the first
    second without trials), as the card's numbers are changes from it."""
    starts = [t["start_s"] for t in result.get("trials", []) if t.get("start_s") is not None]
    end = min(starts) - 0.2 if starts else float(t_s[0]) + 1.0
    neutral = t_s <= end
    return neutral if neutral.any() else t_s <= float(t_s[0]) + 1.0


def _plot(t_s: np.ndarray, angles: dict[str, np.ndarray], side: str, result: dict,
          width: int = 920, height: int = 300) -> str:
    """An SVG line chart of the main angles, trials shaded."""
    series = []
    activity = activity_of(result)
    lying = activity is not None and activity.posture == "lying"
    neutral = _neutral_frames(t_s, result) if not lying and len(t_s) else None
    for label, suffix, colour in LYING_SERIES if lying else STANDING_SERIES:
        name = suffix if suffix in angles else f"{side}_{suffix}"
        values = angles.get(name)
        if values is None or not np.isfinite(values).any():
            continue
        if neutral is not None and name != "pelvic_tilt_deg":  # the tilt is relative already
            base = values[neutral & np.isfinite(values)]
            if not len(base):
                continue
            values = values - float(np.median(base))
        series.append((label, values, colour))
    if not series or len(t_s) < 2:
        return "<p>No angles to plot.</p>"
    left, right, top, bottom = 48, 180, 12, 28
    all_values = np.concatenate([v[np.isfinite(v)] for _, v, _ in series])
    lo, hi = float(np.floor(all_values.min() / 10) * 10), float(np.ceil(all_values.max() / 10) * 10)
    hi = hi if hi > lo else lo + 10
    t0, t1 = float(t_s[0]), float(t_s[-1]) if t_s[-1] > t_s[0] else float(t_s[0]) + 1

    def x(t):
        return left + (t - t0) / (t1 - t0) * (width - left - right)

    def y(v):
        return top + (hi - v) / (hi - lo) * (height - top - bottom)

    parts = [f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" aria-label="angles over time">']
    for trial in result.get("trials", []):
        start, end = trial.get("start_s"), trial.get("end_s")
        if start is not None and end is not None:
            parts.append(f'<rect x="{x(start):.1f}" y="{top}" width="{max(x(end) - x(start), 1):.1f}" '
                         f'height="{height - top - bottom}" fill="#fff3c4"/>')
    step = 10 if hi - lo <= 80 else 30
    for v in np.arange(lo, hi + 0.1, step):
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
                     f'stroke="{"#999" if v == 0 else "#e5e5e5"}"/><text x="{left - 6}" y="{y(v) + 4:.1f}" '
                     f'text-anchor="end">{v:g}</text>')
    for t in np.arange(math.ceil(t0), t1 + 1e-9, max(1, round((t1 - t0) / 10))):
        parts.append(f'<text x="{x(t):.1f}" y="{height - 8}" text-anchor="middle">{t:g}s</text>')
    for i, (label, values, colour) in enumerate(series):
        path, pen_down = [], False
        for t, v in zip(t_s, values):
            if np.isfinite(v):
                path.append(f'{"L" if pen_down else "M"}{x(t):.1f},{y(v):.1f}')
                pen_down = True
            else:
                pen_down = False
        parts.append(f'<path d="{" ".join(path)}" fill="none" stroke="{colour}" stroke-width="2"/>')
        parts.append(f'<rect x="{width - right + 12}" y="{top + 18 * i}" width="14" height="4" '
                     f'fill="{colour}"/><text x="{width - right + 32}" y="{top + 18 * i + 6}">{label}</text>')
    parts.append("</svg>")
    return "".join(parts)
