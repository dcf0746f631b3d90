"""A fit check as a page in the report's style: the history against the simulated band.

Reuses the report's document model, HTML renderer and stylesheet; the one chart is drawn
here, as inline SVG in the report charts' manner (hand-drawn, escaped, no script).
"""

from __future__ import annotations

import math

import numpy as np

from sim.analysis.history.baseline import Estimate
from sim.analysis.history.check import FAR, SURGE_NOTES, Check
from sim.analysis.history.fitting import HistoryFit
from sim.analysis.history.writing import stamp
from sim.present.format import nice_ceiling
from sim.present.report.charts import esc
from sim.present.report.document import Chart, Document, Heading, Paragraph, Table
from sim.present.report.html import render_html_document

_W, _H, _L, _R, _T, _B = 860, 260, 56, 16, 20, 30


def band_svg(check: Check, fit: HistoryFit) -> str:
    """Hourly history (line) over the simulated 90% band (shaded), surges marked."""
    n = len(check.hourly.counts)
    obs = check.hourly.counts
    top = nice_ceiling(float(np.nanmax(np.concatenate([obs, check.high]))) if n else 1.0)
    plot_w, plot_h = _W - _L - _R, _H - _T - _B

    def x(i: float) -> float:
        return _L + plot_w * i / max(n, 1)

    def y(v: float) -> float:
        return _T + plot_h * (1 - min(v, top) / top)

    label = "History against the simulated 90% band"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_W} {_H}" width="{_W}" '
        f'height="{_H}" role="img" aria-label="{esc(label)}" '
        'font-family="system-ui, sans-serif" font-size="11">',
        f"<title>{esc(label)}</title>",
    ]
    for frac in (0.0, 0.5, 1.0):
        yy = _T + plot_h * (1 - frac)
        out.append(f'<line x1="{_L}" y1="{yy:.1f}" x2="{_W - _R}" y2="{yy:.1f}" stroke="#e3e6ee"/>')
        out.append(
            f'<text x="{_L - 6}" y="{yy + 4:.1f}" text-anchor="end">{top * frac:,.0f}</text>'
        )
    upper = " ".join(f"{x(i + 0.5):.1f},{y(v):.1f}" for i, v in enumerate(check.high))
    lower = " ".join(
        f"{x(i + 0.5):.1f},{y(v):.1f}" for i, v in reversed(list(enumerate(check.low)))
    )
    out.append(f'<polygon points="{upper} {lower}" fill="#cfd8f3" stroke="none"/>')
    pts = [f"{x(i + 0.5):.1f},{y(v):.1f}" for i, v in enumerate(obs) if math.isfinite(v)]
    out.append(
        f'<polyline points="{" ".join(pts)}" fill="none" stroke="#1f2a44" stroke-width="1"/>'
    )
    for k, s in enumerate(fit.surges, start=1):
        i = (s.at - check.hourly.start) / 3600
        if 0 <= i < n:
            out.append(f'<line x1="{x(i):.1f}" y1="{_T}" x2="{x(i):.1f}" y2="{_T + plot_h}" '
                       'stroke="#c0392b" stroke-dasharray="3 3"/>')  # fmt: skip
            out.append(f'<text x="{x(i) + 3:.1f}" y="{_T + 10}" fill="#c0392b">{k}</text>')
    out.append(f'<text x="{_L}" y="{_H - 8}">{esc(stamp(check.hourly.start))}</text>')
    end = stamp(check.hourly.start + n * 3600)
    out.append(f'<text x="{_W - _R}" y="{_H - 8}" text-anchor="end">{esc(end)}</text>')
    out.append("</svg>")
    return "".join(out)


def _pct(v: float) -> str:
    return "n/a" if v != v else f"{100 * v:.0f}%"


def _interval(e: Estimate) -> str:
    return f"{e.value:.3g} ({e.low:.3g} to {e.high:.3g})"


def check_page(fit: HistoryFit, check: Check, title: str) -> str:
    b = fit.baseline
    rows = [
        ("hours inside the simulated 90% band", _pct(check.coverage_all)),
        ("of hours outside bursts (and labelled windows)", _pct(check.coverage)),
        ("daily profile correlation", f"{check.daily_corr:.2f}"),
        ("weekly profile correlation", f"{check.weekly_corr:.2f}"),
        ("baseline per hour", _interval(b.per_hour)),
        ("volatility", _interval(b.volatility)),
    ]
    surge_rows = [
        (
            str(s.index),
            f"{s.window_hours:.0f}h",
            f"{s.observed:,.0f}",
            f"{s.simulated[1]:,.0f}",
            f"{s.simulated[0]:,.0f} to {s.simulated[2]:,.0f}",
            s.halves,
            FAR if s.outside else "",
        )
        for s in check.surges
    ]
    caption = (
        f"Mentions per hour: the history (line) against {check.seeds} simulations of the "
        "fitted scenario, each with its baseline refitted on a resample of the history's "
        "weeks, so the band carries the fit's own uncertainty (shaded: their 5% to 95%); "
        "dashed lines mark the fitted surges."
    )
    doc = Document(
        title,
        [
            Paragraph(f"Fitted from {fit.source}; times are UTC.", muted=True),
            Chart(band_svg(check, fit), caption),
            Heading("How well it fits"),
            Table(("measure", "value"), rows, numeric=(1,)),
            Heading("Surges: seen against simulated"),
            Table(
                ("#", "window", "extra seen", "simulated median", "90% band", "halves in", ""),
                surge_rows,
                numeric=(1, 2, 3, 4, 5),
            ),
            *(Paragraph(note, muted=True) for note in SURGE_NOTES),
        ],
    )
    return render_html_document(doc)
