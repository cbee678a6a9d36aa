"""The history page's desk section: sitting hours per day against the risk bands, week by week."""

from __future__ import annotations

import html
from datetime import timedelta

from romcam.desk.day import BANDS, LEGS_JUDGED_MIN_S, DayTotals, band
from romcam.desk.legs import LEG_NAMES, LEG_POSTURES
BAND_FILL = {"low": "#2e7d32", "moderate": "#f9a825", "high": "#ef6c00", "very high": "#c62828"}
DAYS_SHOWN = 28


def desk_section(days: list[DayTotals]) -> str:
    if not days:
        return ""
    today = days[-1]  # the last day at the desk
    weeks: dict = {}
    for d in days:
        weeks.setdefault(d.day - timedelta(days=d.day.weekday()), []).append(d)
    rows = "".join(_week_row(start, ds) for start, ds in sorted(weeks.items(), reverse=True))
    return f"""<section class="card"><h2>Sitting at the desk</h2>
<p>{today.day:%A %d %b}: {_hm(today.sitting_min)} sitting: <b style="color:{BAND_FILL[today.band]}">{today.band}</b>
(0-4 h low, 4-6 moderate, 6-8 high, 8+ very high). Longest run {today.longest_run_min} min;
{today.breaks} break(s), {today.reminders} reminder(s), {today.heeded} followed by a break.
Stand and walk every 30-45 minutes.</p>
{_chart(days[-DAYS_SHOWN:])}
{_legs_paragraph(days)}
<table><tr><th>week of</th><th>days</th><th>sitting a day</th><th>band</th><th>longest run</th>
<th>breaks / reminders</th><th>crossed / tucked / perched, s per hour</th></tr>
{rows}</table></section>"""


def _week_row(start, ds: list[DayTotals]) -> str:
    mean_h = sum(d.sitting_h for d in ds) / len(ds)
    return (f"<tr><td>{start:%Y-%m-%d}</td><td>{len(ds)}</td><td>{mean_h:.1f} h</td>"
            f"<td style=\"color:{BAND_FILL[band(mean_h)]}\">{band(mean_h)}</td>"
            f"<td>{max(d.longest_run_min for d in ds)} min</td>"
            f"<td>{sum(d.breaks for d in ds)} / {sum(d.reminders for d in ds)}</td>"
            f"<td>{' / '.join(_per_hour(_week_legs(ds, p)) for p in LEG_POSTURES)}</td></tr>")


def _legs_paragraph(days: list[DayTotals]) -> str:
    said = [d for d in days if any(d.legs_per_hour(p) is not None for p in LEG_POSTURES)]
    if not said:
        return ("<p>How the legs sit (crossed, feet off the floor, perched) is not judged: romcam judges it only "
                "against your own calibration (<code>romcam desk --calibrate-legs</code>, with the legs in the "
                "camera's view), for at least 10 minutes of sitting a day.</p>")
    d = said[-1]
    parts = [f"{LEG_NAMES[p]} {_per_hour(d.legs_per_hour(p))}" for p in LEG_POSTURES]
    unjudged = any(d.legs_per_hour(p) is None for p in LEG_POSTURES)
    return (f"<p>The legs, {d.day:%A %d %b}, in seconds per hour of sitting with the legs in view: "
            f"{'; '.join(parts)}. These are at least what they say: romcam misses some of it, above all "
            "a crossing the other way than in your calibration (tucked: the feet off the floor). "
            + ("\"not judged\": your calibration could not tell it in this camera, or too little was seen. "
               if unjudged else "")
            + "Avoid crossing the legs, keep the feet flat; perch at the front of the seat now and then.</p>")


def _week_legs(ds: list[DayTotals], posture: str) -> float | None:
    judged = sum(d.legs_judged_s.get(posture, 0.0) for d in ds)
    return 3600.0 * sum(d.legs_s.get(posture, 0.0) for d in ds) / judged if judged >= LEGS_JUDGED_MIN_S else None


def _per_hour(seconds: float | None) -> str:
    return "not judged" if seconds is None else f"{seconds:.0f} s/h"


def _chart(days: list[DayTotals], width: int = 880, height: int = 220) -> str:
    left, right, top, bottom = 44, 20, 10, 34
    most = max(10.0, max(d.sitting_h for d in days) + 0.5)
    first = days[0].day
    span = (days[-1].day - first).days + 1
    step = (width - left - right) / span

    def y(hours: float) -> float:
        return top + (most - hours) / most * (height - top - bottom)

    parts = [f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" aria-label="sitting hours per day">']
    lower = 0.0
    for upper, name in BANDS:  # the bands as a light background
        hi = min(upper, most)
        parts.append(f'<rect x="{left}" y="{y(hi):.1f}" width="{width - left - right}" '
                     f'height="{y(lower) - y(hi):.1f}" fill="{BAND_FILL[name]}" opacity="0.08"/>')
        lower = hi
    for hours in (0, 2, 4, 6, 8, 10):
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(hours):.1f}" y2="{y(hours):.1f}" '
                     f'stroke="{"#999" if hours in (4, 6, 8) else "#eee"}"/>'
                     f'<text x="{left - 6}" y="{y(hours) + 4:.1f}" text-anchor="end">{hours} h</text>')
    for d in days:
        x = left + ((d.day - first).days + 0.15) * step
        label = (f"{d.day:%a %d %b}: {d.sitting_h:.1f} h sitting ({d.band}), longest run {d.longest_run_min} min, "
                 f"{d.breaks} breaks, {d.reminders} reminders")
        parts.append(f'<rect x="{x:.1f}" y="{y(d.sitting_h):.1f}" width="{step * 0.7:.1f}" '
                     f'height="{y(0) - y(d.sitting_h):.1f}" fill="{BAND_FILL[d.band]}"><title>{html.escape(label)}'
                     f'</title></rect>')
        if span <= 14 or d.day.weekday() == 0:
            parts.append(f'<text x="{x + step * 0.35:.1f}" y="{height - 16}" text-anchor="middle">'
                         f'{d.day:%a}</text><text x="{x + step * 0.35:.1f}" y="{height - 3}" '
                         f'text-anchor="middle">{d.day:%d %b}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _hm(minutes: int) -> str:
    return f"{minutes // 60} h {minutes % 60:02d} min"
