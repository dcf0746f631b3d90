"""The check as a terminal chart: the simulated 90% band shaded, the history as dots.

Plain characters, no image: each column is a few hours (their mean), each row a slice of
the volume; `░` is inside the band, `●` is what happened (`◆` where it left the band).
"""

from __future__ import annotations

import math

import numpy as np

from sim.analysis.history.check import Check
from sim.analysis.history.writing import stamp

WIDTH, HEIGHT = 96, 12


def band_chart(check: Check, width: int = WIDTH, height: int = HEIGHT) -> str:
    n = len(check.hourly.counts)
    if n == 0:
        return ""
    per = max(1, math.ceil(n / width))
    cols = math.ceil(n / per)

    def squeeze(x: np.ndarray) -> np.ndarray:
        pad = np.full(cols * per, np.nan)
        pad[:n] = x
        with np.errstate(all="ignore"):
            return np.asarray(np.nanmean(pad.reshape(cols, per), axis=1))

    obs, low, high = squeeze(check.hourly.counts), squeeze(check.low), squeeze(check.high)
    top = float(np.nanmax(np.concatenate([obs, high]))) or 1.0
    rows = []
    for r in range(height, 0, -1):
        lo_edge, hi_edge = top * (r - 1) / height, top * r / height
        line = []
        for c in range(cols):
            o = obs[c]
            if math.isfinite(o) and lo_edge <= o < hi_edge + (top * 1e-9 if r == height else 0):
                line.append("●" if low[c] <= o <= high[c] else "◆")
            elif low[c] < hi_edge and high[c] >= lo_edge:
                line.append("░")
            else:
                line.append(" ")
        label = f"{top * r / height:>8,.0f} │" if r in (height, 1) else "         │"
        rows.append(label + "".join(line))
    end = check.hourly.start + n * 3600
    axis = "         └" + "─" * cols
    dates = f"          {stamp(check.hourly.start)}".ljust(10 + cols - 20) + stamp(end)
    legend = [
        f"          mentions per hour (mean of {per} h a column)",
        "          ░ simulated 90% band  ● seen  ◆ seen outside the band",
    ]
    return "\n".join([*rows, axis, dates, *legend])
