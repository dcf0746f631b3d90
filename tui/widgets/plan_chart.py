"""A staffing plan on one chart: people required, the roster's cover, and the arrivals.

People (left axis) are green bars for what the plan requires and a magenta line for what
the roster puts on; arrivals per interval (right axis, their own scale) are cyan dots.
The x axis is the scenario's wall clock (`Mon 14:00`), ticked on round hours. A pure
function of the figures, so it is tested without a terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.text import Text

from sim.present.format import hour_ticks, nice_ceiling, weekday_label

REQUIRED = "#57e389"
COVERED = "bold #dc8add"
ARRIVALS = "#62a0ea"
AXIS = "dim"


def fit(values: Sequence[float], width: int) -> list[float]:
    """At most `width` columns: neighbouring intervals share a column, showing their peak."""
    if len(values) <= width:
        return list(values)
    per = -(-len(values) // width)
    return [max(values[i : i + per]) for i in range(0, len(values), per)]


def _level(value: float, top: float, height: int) -> int:
    """The row (0 = bottom) whose band holds `value` on a scale from 0 to `top`."""
    if top <= 0 or value <= 0:
        return -1
    return min(height - 1, int(value / top * height - 1e-9))


def plan_chart(
    start: datetime,
    interval: float,
    required: Sequence[float],
    covered: Sequence[float] | None,
    arrivals: Sequence[float],
    *,
    width: int = 96,
    height: int = 10,
) -> Text:
    """The chart as text, `width` characters wide including both axes' labels."""
    plot = max(8, width - 14)
    wide = max(1, plot // max(1, len(required)))  # columns per interval, for short plans

    def cols(values: Sequence[float]) -> list[float]:
        return [v for v in fit(values, plot) for _ in range(wide)]

    need, flow = cols(required), cols(arrivals)
    cover = cols(covered) if covered else []
    n = len(need)
    per_column = interval * max(1, -(-len(required) // plot)) / wide
    top_p = nice_ceiling(max([*need, *cover, 1.0]))
    top_a = nice_ceiling(max([*flow, 1.0]))
    text = Text(no_wrap=True, overflow="crop")
    text.append(f"{'people':>6} ┐", style=AXIS)
    text.append(" " * max(0, n - 8))
    text.append(f"┌ arrivals/{_unit(interval)}\n", style=AXIS)
    for row in range(height - 1, -1, -1):
        left = f"{top_p:>6g} ┤" if row == height - 1 else f"{'0':>6} ┤" if row == 0 else "       │"
        right = f"├ {top_a:g}" if row == height - 1 else "├ 0" if row == 0 else "│"
        text.append(left, style=AXIS)
        for c in range(n):
            if flow and _level(flow[c], top_a, height) == row:
                text.append("•", style=ARRIVALS)
            elif cover and _level(cover[c], top_p, height) == row:
                text.append("━", style=COVERED)
            elif _level(need[c], top_p, height) >= row and need[c] > 0:
                text.append("█" if _level(need[c], top_p, height) > row else "▄", style=REQUIRED)
            else:
                text.append(" ")
        text.append(right + "\n", style=AXIS)
    text.append("       └" + "─" * n + "┘\n", style=AXIS)
    text.append_text(_time_axis(start, per_column, n, len(required) * interval))
    text.append("\n")
    text.append("█ required  ", style=REQUIRED)
    if cover:
        text.append("━ rostered  ", style=COVERED)
    text.append(f"• arrivals per {_unit(interval)} (right axis)", style=ARRIVALS)
    return text


def _unit(interval: float) -> str:
    return "h" if interval == 60 else f"{interval:g}m"


def _time_axis(start: datetime, per_column: float, n: int, duration: float) -> Text:
    """Clock labels under their columns, as many as fit without touching."""
    cells = [" "] * (n + 20)
    taken = -1
    for t in hour_ticks(duration):
        c = int(t // per_column)
        label = weekday_label(start, t)
        if c >= n or c <= taken:
            continue
        cells[c : c + len(label)] = list(label)
        taken = c + len(label)
    return Text("        " + "".join(cells).rstrip(), style=AXIS)
