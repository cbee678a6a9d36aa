"""history.html: the weeks of results as one self-contained page, a chart per test and side."""

from __future__ import annotations

import html
import math

from romcam.activities.registry import get as get_activity
from romcam.history.store import Entry, Week, counts_as_progress, trend
from romcam.render.report import STYLE, verdict_colour


def build_history_report(weeks: list[Week], entries: list[Entry], source: str) -> str:
    words = trend(weeks)
    n_results = len(entries)
    sections = []
    for (test, side), sentence in words.items():
        mine = [w for w in weeks if (w.test, w.side) == (test, side)]
        last = mine[-1]
        activity = get_activity(test)
        measure = activity.history
        colour = verdict_colour(activity, last.verdict)
        rows = "".join(
            f"<tr><td>{w.week_start:%Y-%m-%d}</td><td>{w.sessions}</td><td>{_deg(w.best_deg, pm=w.best_pm_deg)}</td>"
            + (f"<td>{_deg(w.knee_flexion_deg, signed=False)}</td>" if measure.with_knee else "")
            + f"<td style=\"color:{verdict_colour(activity, w.verdict)}\">{html.escape(w.verdict)}</td>"
            + f"<td>{w.unchecked or ''}</td></tr>" for w in mine)
        knee_head = "<th>knee</th>" if measure.with_knee else ""
        sections.append(f"""<section class="card"><h2>{html.escape(test)}, {side} leg</h2>
<div class="verdict" style="color:{colour}">{html.escape(last.verdict)}</div>
<p>{html.escape(sentence)}</p>{_chart(test, mine)}
<table><tr><th>week of</th><th>sessions</th><th>best {measure.name}</th>{knee_head}<th>last verdict</th><th title="compensated, unfinished, or low back / trunk / camera not checked: kept, not charted">not counted</th></tr>
{rows}</table>{_sessions(activity, [e for e in entries if (e.test, e.side) == (test, side)])}</section>""")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>romcam - your progress</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>{STYLE} .card {{ margin-bottom: 20px; }}</style></head><body>
<h1>Your progress</h1>
<div class="sub">{n_results} results from {html.escape(source)}. Stretching takes 4-6 weeks to show:
compare weeks, not days. The shaded band is the normal range.</div>
{"".join(sections)}
</body></html>
"""


def _sessions(activity, entries: list[Entry]) -> str:
    """Every session with every trial and its flags, and whether it counts as progress."""
    rows = "".join(
        f"<tr><td>{e.recorded_at:%Y-%m-%d %H:%M}</td><td style=\"color:{verdict_colour(activity, e.verdict)}\">"
        f"{html.escape(e.verdict)}</td><td>{html.escape(e.pelvis or '-')}</td>"
        f"<td style=\"text-align:left\">{html.escape(e.trials or e.flags or '-')}</td>"
        f"<td>{'yes' if counts_as_progress(e) else 'no'}</td></tr>" for e in entries)
    return ("<details><summary>Every session</summary><table><tr><th>when</th><th>verdict</th><th>low back read "
            "with</th><th>trials</th><th>counts as progress</th></tr>" + rows + "</table></details>")


def _chart(test: str, weeks: list[Week], width: int = 880, height: int = 220) -> str:
    """Best value per week against the normal band."""
    points = [(w.week_start, w.best_deg) for w in weeks if math.isfinite(w.best_deg)]
    colours = [verdict_colour(get_activity(test), w.best_verdict) for w in weeks if math.isfinite(w.best_deg)]
    if not points:
        return "<p>No values to chart.</p>"
    measure = get_activity(test).history
    band_lo, band_hi = measure.normal_deg
    values = [v for _, v in points]
    lo = math.floor(min(values + [band_lo if test == "hip-extension" else -10.0]) / 5) * 5 - 5
    hi = math.ceil(max(values + [band_hi if test == "hip-extension" else 5.0]) / 5) * 5 + 5
    left, right, top, bottom = 44, 34, 10, 28
    first = points[0][0]
    span = max((points[-1][0] - first).days, 7)

    def x(day) -> float:
        return left + (day - first).days / span * (width - left - right)

    def y(v: float) -> float:
        return top + (hi - v) / (hi - lo) * (height - top - bottom)

    b0, b1 = max(band_lo, lo), min(band_hi, hi)
    parts = [f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" aria-label="{measure.name} by week">',
             f'<rect x="{left}" y="{y(b1):.1f}" width="{width - left - right}" height="{y(b0) - y(b1):.1f}" '
             'fill="#e3f2e5"/>']
    for v in range(int(lo), int(hi) + 1, 5):
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
                     f'stroke="{"#999" if v == 0 else "#e5e5e5"}"/><text x="{left - 6}" y="{y(v) + 4:.1f}" '
                     f'text-anchor="end">{v}</text>')
    path = " ".join(f'{"M" if i == 0 else "L"}{x(d):.1f},{y(v):.1f}' for i, (d, v) in enumerate(points))
    parts.append(f'<path d="{path}" fill="none" stroke="#1565c0" stroke-width="2"/>')
    for (d, v), colour in zip(points, colours):  # each week's best in its verdict's colour
        parts.append(f'<circle cx="{x(d):.1f}" cy="{y(v):.1f}" r="5" fill="{colour}"/>'
                     f'<text x="{x(d):.1f}" y="{height - 8}" text-anchor="middle">{d:%d %b}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _deg(value: float, signed: bool = True, pm: float = math.nan) -> str:
    if not math.isfinite(value):
        return "-"
    margin = f" ± {pm:.1f}" if math.isfinite(pm) else ""
    return f"{value:+.1f}{margin} deg" if signed else f"{value:.0f}{margin} deg"
