"""The report's charts as inline SVG: the queue over time, and response times by channel.

Drawn by hand rather than by a plotting library so the HTML report stays one
self-contained file with no dependency and no network; every text in a chart is escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from sim.present.format import clock_label, hour_ticks, minutes, nice_ceiling, number
from sim.present.report.chart_labels import place, text_width
from sim.present.report.facts import ChannelTimes, ReportData, TimelineItem


def esc(text: object) -> str:
    """Any text made safe inside HTML or SVG, in element content and in attributes."""
    return escape(str(text), quote=True)


_W, _PAD_L, _PAD_R = 860, 56, 16


def _svg_open(height: int, label: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_W} {height}" '
        f'width="{_W}" height="{height}" role="img" aria-label="{esc(label)}" '
        'font-family="system-ui, sans-serif" font-size="11">'
    )


_ROW_H = 12  # one row of inject labels
_KEY_H = 14  # one line of the numbered key under the chart


def queue_chart(data: ReportData) -> str:
    """Waiting queue (line) and missed responses per interval (bars), with markers.

    The injects' labels sit in a band of their own above the plot, in as many rows as
    keep them apart (`chart_labels`), each joined to its dashed line; times read as the
    rest of the report reads them (`Day 1 14:45`).
    """
    rows = data.series
    end = max(data.end, float(rows[-1]["t_end"]) if rows else 0.0, 1.0)
    plot_w = _W - _PAD_L - _PAD_R

    def x(t: float) -> float:
        return _PAD_L + plot_w * t / end

    injects = [i for i in data.timeline if i.what == "inject"]
    names = [(i.inject_id or i.text)[:24] for i in injects]
    labels, numbered = place([x(i.t) for i in injects], names, _W - _PAD_R)
    band = _ROW_H * (max((p.row for p in labels), default=-1) + 1)
    key = _key_lines(injects, names, data) if numbered else []
    top_h, bottom_h, gap, foot = 170, 90, 28, 30
    head = 26 + band + (8 if band else 0)
    height = head + top_h + gap + bottom_h + foot + _KEY_H * len(key)
    waiting_max = nice_ceiling(max((float(r.get("waiting", 0)) for r in rows), default=0.0))
    missed_max = nice_ceiling(max((float(r.get("missed", 0)) for r in rows), default=0.0))
    y0 = head + top_h
    b0 = head + top_h + gap + bottom_h
    out = [_svg_open(height, "Waiting queue and missed responses over time")]
    out.append(f"<title>{esc('Waiting queue and missed responses over time')}</title>")
    # axes and grid
    for frac in (0.0, 0.5, 1.0):
        y = y0 - top_h * frac
        out.append(f'<line x1="{_PAD_L}" y1="{y:.1f}" x2="{_W - _PAD_R}" y2="{y:.1f}" '
                   'stroke="#e3e6ee"/>')  # fmt: skip
        out.append(f'<text x="{_PAD_L - 6}" y="{y + 4:.1f}" text-anchor="end">'
                   f"{esc(number(waiting_max * frac))}</text>")  # fmt: skip
        yb = b0 - bottom_h * frac
        out.append(f'<line x1="{_PAD_L}" y1="{yb:.1f}" x2="{_W - _PAD_R}" y2="{yb:.1f}" '
                   'stroke="#e3e6ee"/>')  # fmt: skip
        out.append(f'<text x="{_PAD_L - 6}" y="{yb + 4:.1f}" text-anchor="end">'
                   f"{esc(number(missed_max * frac))}</text>")  # fmt: skip
    out.append(f'<text x="{_PAD_L}" y="16" font-weight="600">waiting</text>')
    out.append(f'<text x="{_PAD_L}" y="{y0 + gap - 8}" font-weight="600">'
               "missed per interval</text>")  # fmt: skip
    out += _time_axis(data, x, end, b0 + 16)
    # missed bars
    for r in rows:
        missed = float(r.get("missed", 0))
        if missed <= 0:
            continue
        x1, x2 = x(float(r["t_start"])), x(float(r["t_end"]))
        h = bottom_h * missed / missed_max
        out.append(
            f'<rect x="{x1:.1f}" y="{b0 - h:.1f}" width="{max(0.8, x2 - x1 - 0.6):.1f}" '
            f'height="{h:.1f}" fill="#b3261e"><title>{esc(number(missed))} missed from '
            f"{esc(clock_label(data.start, float(r['t_start'])))}</title></rect>"
        )
    # waiting line
    if rows:
        pts = [f"{x(0.0):.1f},{y0:.1f}"]
        for r in rows:
            yw = y0 - top_h * float(r.get("waiting", 0)) / waiting_max
            pts.append(f"{x(float(r['t_end'])):.1f},{yw:.1f}")
        out.append(f'<polyline points="{" ".join(pts)}" fill="none" stroke="#2458a6" '
                   'stroke-width="1.8"/>')  # fmt: skip
    # markers: injects (orange dashed lines from their labels), actions (triangles)
    for item, label in zip(injects, labels, strict=True):
        xi = x(item.t)
        baseline = 26 + _ROW_H * label.row + 9
        tip = f"{clock_label(data.start, item.t)}: {item.text}"
        out.append(
            f'<line x1="{xi:.1f}" y1="{baseline - 9}" x2="{xi:.1f}" y2="{b0}" '
            f'stroke="#d9822b" stroke-dasharray="4 3"><title>{esc(tip)}</title></line>'
        )
        anchor, dx = ("end", -3) if label.end_anchored else ("start", 3)
        out.append(
            f'<text x="{xi + dx:.1f}" y="{baseline}" fill="#9a5a12" text-anchor="{anchor}">'
            f"<title>{esc(tip)}</title>{esc(label.text)}</text>"
        )
    for item in data.timeline:
        if item.what in ("team", "controller", "script"):
            xi = x(item.t)
            color = "#2458a6" if item.what == "team" else "#777"
            out.append(
                f'<path d="M{xi:.1f},{y0 + 2:.1f} l-5,9 h10 z" fill="{color}">'
                f"<title>{esc(clock_label(data.start, item.t))}: {esc(item.what)} action: "
                f"{esc(item.text)}</title></path>"
            )
    legend = (
        "dashed: injects · blue triangles: team actions · grey: scripted and controller actions"
    )
    out.append(
        f'<text x="{_W - _PAD_R}" y="16" text-anchor="end" fill="#5b6474">{esc(legend)}</text>'
    )
    for k, line in enumerate(key):
        out.append(
            f'<text x="{_PAD_L}" y="{b0 + foot + 8 + _KEY_H * k}" fill="#9a5a12">{esc(line)}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)


def _time_axis(data: ReportData, x: Callable[[float], float], end: float, y: float) -> list[str]:
    """Clock times under the chart: the day named where it starts or changes."""
    out = []
    day = ""
    for t in hour_ticks(end):
        label = clock_label(data.start, t)
        this_day, _, time = label.rpartition(" ")
        shown = time if this_day == day else label
        day = this_day
        xt = x(t)
        anchor = "end" if xt + text_width(shown) / 2 > _W else "middle"
        out.append(f'<text x="{xt:.1f}" y="{y}" text-anchor="{anchor}">{esc(shown)}</text>')
    return out


def _key_lines(
    injects: Sequence[TimelineItem], names: Sequence[str], data: ReportData
) -> list[str]:
    """The numbered labels' key, wrapped to the chart's width."""
    entries = [
        f"{k + 1} {name} ({clock_label(data.start, i.t)})"
        for k, (i, name) in enumerate(zip(injects, names, strict=True))
    ]
    lines: list[str] = []
    for entry in entries:
        if lines and text_width(lines[-1] + " · " + entry) <= _W - _PAD_L - _PAD_R:
            lines[-1] += " · " + entry
        else:
            lines.append(entry)
    return lines


def response_chart(channels: Sequence[ChannelTimes]) -> str:
    """Box-and-whisker rows of staff response times, one per channel."""
    shown = [c for c in channels if c.answered]
    row_h, head, foot = 26, 10, 30
    height = head + row_h * max(1, len(shown)) + foot
    plot_w = _W - _PAD_L - 60 - _PAD_R
    left = _PAD_L + 60
    top = nice_ceiling(max((c.p90 for c in shown), default=1.0))

    def x(v: float) -> float:
        return left + plot_w * min(v, top) / top

    out = [_svg_open(height, "Response time by channel")]
    out.append(f"<title>{esc('Response time by channel')}</title>")
    if not shown:
        out.append(f'<text x="{left}" y="{head + 16}">{esc("No mention was answered.")}</text>')
    for k, c in enumerate(shown):
        yc = head + row_h * k + row_h / 2
        out.append(
            f'<text x="{left - 8}" y="{yc + 4:.1f}" text-anchor="end">{esc(c.channel)}</text>'
        )
        tip = (
            f"{c.channel}: {c.answered} answered, median {minutes(c.median)}, "
            f"p10 {minutes(c.p10)}, p90 {minutes(c.p90)}"
        )
        out.append(f"<g><title>{esc(tip)}</title>")
        out.append(f'<line x1="{x(c.p10):.1f}" y1="{yc:.1f}" x2="{x(c.p90):.1f}" y2="{yc:.1f}" '
                   'stroke="#5b6474"/>')  # fmt: skip
        out.append(
            f'<rect x="{x(c.p25):.1f}" y="{yc - 7:.1f}" '
            f'width="{max(1.0, x(c.p75) - x(c.p25)):.1f}" height="14" fill="#cfe0fa" '
            'stroke="#2458a6"/>'
        )
        out.append(f'<line x1="{x(c.median):.1f}" y1="{yc - 8:.1f}" x2="{x(c.median):.1f}" '
                   f'y2="{yc + 8:.1f}" stroke="#1d2430" stroke-width="2"/>')  # fmt: skip
        out.append("</g>")
    base = head + row_h * max(1, len(shown))
    for frac in (0.0, 0.25, 0.5, 0.75, 1.0):
        xv = left + plot_w * frac
        out.append(f'<line x1="{xv:.1f}" y1="{head}" x2="{xv:.1f}" y2="{base}" stroke="#e3e6ee"/>')
        out.append(f'<text x="{xv:.1f}" y="{base + 14}" text-anchor="middle">'
                   f"{esc(minutes(top * frac) if frac else '0')}</text>")  # fmt: skip
    out.append("</svg>")
    return "\n".join(out)


__all__ = ["esc", "queue_chart", "response_chart"]
