"""history.html: the weeks of results as one self-contained page: the programme's adherence day by
day with the test results on the same time axis, then a chart per test and side."""

from __future__ import annotations

import html
import math

from romcam.activities.registry import get as get_activity
from romcam.history.store import Entry, Week, counts_as_progress, trend
from romcam.programme.adherence import Adherence
from romcam.render.desk_chart import desk_section
from romcam.render.report import STYLE, verdict_colour


def build_history_report(weeks: list[Week], entries: list[Entry], source: str,
                         done: Adherence | None = None, desk_days: list | None = None) -> str:
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
{_programme(done, entries) if done else ""}
{desk_section(desk_days or [])}
{"".join(sections)}
</body></html>
"""


MET, SOME, NONE = "#2e7d32", "#f9a825", "#cfcfcf"


def _programme(done: Adherence, entries: list[Entry]) -> str:
    """Sessions per day against the target, and the tests on the same days below them."""
    today = done.days[-1]
    weeks = "".join(f"<tr><td>week {i + 1}</td><td>{n} of 7 days</td></tr>" for i, n in enumerate(done.days_per_week()))
    return f"""<section class="card"><h2>Your programme: week {done.week} of {done.weeks}</h2>
<p>Today {today.sessions} of {today.target} sessions; {done.streak} day(s) in a row with all sessions done.
Bars: sessions each day (green: the target met, amber: some, grey: none); the dashed line is the
target. Below, on the same days: your hip extension (best trial, change from neutral) and Thomas
test thigh results, so you can see whether the stretching is changing your hips.</p>
{_adherence_chart(done, entries)}
<table><tr><th>week</th><th>days with a session</th></tr>{weeks}</table></section>"""


def _adherence_chart(done: Adherence, entries: list[Entry], width: int = 880) -> str:
    days = done.days
    left, right, bar_h, gap, test_h = 44, 34, 90, 24, 120
    height = bar_h + gap + test_h + 24
    step = (width - left - right) / len(days)
    most = max(max(d.sessions for d in days), days[0].target, 1)

    def x(day) -> float:
        return left + ((day - done.start).days + 0.5) * step

    parts = [f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" aria-label="sessions per day">']
    for d in days:
        h = d.sessions / most * (bar_h - 10)
        colour = MET if d.met else SOME if d.sessions else NONE
        parts.append(f'<rect x="{x(d.day) - step * 0.35:.1f}" y="{bar_h - max(h, 2):.1f}" width="{step * 0.7:.1f}" '
                     f'height="{max(h, 2):.1f}" fill="{colour}"><title>{d.day:%a %d %b}: {d.sessions} '
                     f'session(s)</title></rect>')
    target_y = bar_h - days[0].target / most * (bar_h - 10)
    parts.append(f'<line x1="{left}" x2="{width - right}" y1="{target_y:.1f}" y2="{target_y:.1f}" '
                 'stroke="#555" stroke-dasharray="4 3"/>'
                 f'<text x="{left - 6}" y="{target_y + 4:.1f}" text-anchor="end">{days[0].target}</text>')
    # The tests below, on the same days: one dot per result, in its verdict's colour.
    shown = [e for e in entries if get_activity(e.test).history and math.isfinite(e.measure_deg)
             and done.start <= e.recorded_at.astimezone().date() <= days[-1].day]
    top = bar_h + gap
    if shown:
        lo = math.floor(min(e.measure_deg for e in shown) / 5) * 5 - 5
        hi = math.ceil(max(e.measure_deg for e in shown) / 5) * 5 + 5

        def y(v: float) -> float:
            return top + (hi - v) / (hi - lo) * test_h

        for v in range(int(lo), int(hi) + 1, 5):
            parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#eee"/>'
                         f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{v}</text>')
        for e in shown:
            activity = get_activity(e.test)
            shape = "circle" if e.test == "hip-extension" else "rect"
            cx, cy = x(e.recorded_at.astimezone().date()), y(e.measure_deg)
            label = f"{e.test} {e.side}: {e.measure_deg:+.1f} deg, {e.verdict}"
            mark = (f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4"' if shape == "circle"
                    else f'<rect x="{cx - 4:.1f}" y="{cy - 4:.1f}" width="8" height="8"')
            parts.append(f'{mark} fill="{verdict_colour(activity, e.verdict)}"><title>{html.escape(label)}</title>'
                         + ("</circle>" if shape == "circle" else "</rect>")
                         + f'<text x="{cx + 7:.1f}" y="{cy + 4:.1f}">{e.side[0].upper()}</text>')
        parts.append(f'<text x="{left}" y="{top - 6}">tests: hip extension (dots), Thomas thigh (squares), deg; L / R: the leg</text>')
    else:
        parts.append(f'<text x="{left}" y="{top + 20}">no test results in these weeks yet</text>')
    for d in days:
        if (d.day - done.start).days % 7 == 0:
            parts.append(f'<text x="{x(d.day):.1f}" y="{height - 6}" text-anchor="middle">week '
                         f'{(d.day - done.start).days // 7 + 1} ({d.day:%d %b})</text>')
    parts.append("</svg>")
    return "".join(parts)


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
