"""The queue over simulated time, drawn with block characters on a fixed time axis.

The x axis spans the whole scenario from the start, so the chart fills left to right as
the run plays and a surge sits where it happened; a plain sparkline would re-stretch its
history every frame. Pure functions turn snapshot points into text, so they are tested
without a terminal.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget

from sim.present.format import COARSE_STEPS
from sim.present.format import nice_ceiling as format_nice_ceiling
from sim.present.view import ChartPoint, Marker, Snapshot

BLOCKS = " ▁▂▃▄▅▆▇█"
LABEL_WIDTH = 7
MARK_STYLES = {"surge": "bold yellow", "action": "bold cyan"}


def nice_ceiling(value: float) -> int:
    """The scale's top: the next 1, 2 or 5 times a power of ten (10 at least), so labels
    read cleanly; the rule is the one every chart of surgedesk uses."""
    return int(format_nice_ceiling(max(value, 10.0), COARSE_STEPS))


def columns(
    points: Sequence[ChartPoint],
    duration: float,
    width: int,
    value: Callable[[ChartPoint], float],
    combine: Callable[[float, float], float],
) -> list[float | None]:
    """One value per column: the points overlapping that column's span of time, combined."""
    return fill(spans(points, duration, width), [value(p) for p in points], width, combine)


def spans(points: Sequence[ChartPoint], duration: float, width: int) -> list[tuple[int, int]]:
    """The first and last column of each point on a fixed time axis `width` columns wide
    (worked out once for all the chart's series: most of drawing the chart)."""
    if width <= 0 or duration <= 0:
        return []
    span = duration / width
    out = []
    for p in points:
        first = max(0, int(p.t_start / span))
        out.append((first, min(width - 1, max(first, math.ceil(p.t_end / span) - 1))))
    return out


def fill(
    where: list[tuple[int, int]],
    values: Sequence[float],
    width: int,
    combine: Callable[[float, float], float],
) -> list[float | None]:
    """The values laid into their columns, those sharing a column combined in order."""
    out: list[float | None] = [None] * width
    for (first, last), v in zip(where, values, strict=False):
        for c in range(first, last + 1):
            current = out[c]
            out[c] = v if current is None else combine(current, v)
    return out


def bar_rows(values: Sequence[float | None], top: float, height: int) -> list[str]:
    """Vertical bars `height` rows tall, an eighth of a row at a time; top row first."""
    eighths = [None if v is None else round(v / top * height * 8) if top else 0 for v in values]
    bars = []  # each column's cells, from the top row down
    for e in eighths:
        if e is None or e <= 0:
            bars.append(" " * height)
            continue
        full = min(height, e // 8)
        part = BLOCKS[e - 8 * full] if full < height else ""
        bars.append(" " * (height - full - len(part)) + part + BLOCKS[8] * full)
    return ["".join(row) for row in zip(*bars, strict=True)] if bars else [""] * height


def spark_row(values: Sequence[float | None], top: float) -> str:
    """A one-row sparkline; any non-zero value shows at least the lowest block."""
    out = []
    for v in values:
        if v is None:
            out.append(" ")
        elif v <= 0 or not top:
            out.append(" " if v <= 0 else BLOCKS[1])
        else:
            out.append(BLOCKS[max(1, min(8, round(v / top * 8)))])
    return "".join(out)


Run = tuple[str, str]  # a stretch of text and its style


def chart_rows(
    points: Sequence[ChartPoint],
    markers: Sequence[Marker],
    duration: float,
    width: int,
    height: int,
) -> list[list[Run]]:
    """Waiting as bars, then arrivals, answers and misses per hour, then the markers."""
    plot = max(1, width - LABEL_WIDTH)
    wait_rows = max(1, height - 4)
    where = spans(points, duration, plot)
    waiting = fill(where, [p.waiting for p in points], plot, max)
    top = nice_ceiling(max((v for v in waiting if v is not None), default=0.0))
    rows = []
    for i, row in enumerate(bar_rows(waiting, top, wait_rows)):
        label = f"{top:>6,} " if i == 0 else ("     0 " if i == wait_rows - 1 else " " * 7)
        rows.append([(label, "dim"), (row, "#e5a50a")])
    flows = [
        ("in/h", [p.arrivals_per_hour for p in points], "#62a0ea"),
        ("ans/h", [p.answered_per_hour for p in points], "#57e389"),
        ("miss/h", [p.missed_per_hour for p in points], "#f66151"),
    ]
    per_hour = [fill(where, values, plot, _mean) for _, values, _ in flows]
    flow_top = max((v or 0.0 for col in per_hour for v in col), default=0.0)
    for (name, _, style), cells in zip(flows, per_hour, strict=True):
        rows.append([(f"{name:>6} ", "dim"), (spark_row(cells, flow_top), style)])
    rows.append([(" " * LABEL_WIDTH, ""), *marker_runs(markers, duration, plot)])
    return rows


def render_chart(
    points: Sequence[ChartPoint],
    markers: Sequence[Marker],
    duration: float,
    width: int,
    height: int,
) -> Text:
    """The chart as one Rich text, a line per row."""
    text = Text(no_wrap=True, overflow="crop")
    rows = chart_rows(points, markers, duration, width, height)
    for i, row in enumerate(rows):
        for part, style in row:
            text.append(part, style=style)
        if i < len(rows) - 1:
            text.append("\n", style=row[-1][1])
    return text


def marker_runs(markers: Sequence[Marker], duration: float, width: int) -> list[Run]:
    """▲ where a surge began (yellow) or the team acted (cyan); a surge wins a shared column."""
    cells: list[str | None] = [None] * width
    for m in markers:
        if duration <= 0:
            break
        c = min(width - 1, int(m.t / duration * width))
        if cells[c] != "surge":
            cells[c] = m.kind
    runs: list[Run] = []
    for kind in cells:
        glyph, style = ("·", "#444444") if kind is None else ("▲", MARK_STYLES.get(kind, "bold"))
        if runs and runs[-1][1] == style:
            runs[-1] = (runs[-1][0] + glyph, style)
        else:
            runs.append((glyph, style))
    return runs


def marker_row(markers: Sequence[Marker], duration: float, width: int) -> Text:
    row = Text(no_wrap=True, overflow="crop")
    for part, style in marker_runs(markers, duration, width):
        row.append(part, style=style)
    return row


def _mean(a: float, b: float) -> float:
    return (a + b) / 2


class QueueChart(Widget):
    """Draws the last snapshot's chart at whatever size the layout gives it.

    It hands Textual its lines ready made (the line API): the chart changes every frame at
    top speed, and converting a fresh `Text` of the whole chart to screen lines costs
    several times what drawing it does.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._snapshot: Snapshot | None = None
        self._strips: list[Strip] = []
        self._drawn: tuple[object, ...] = ()  # what the strips were made for

    def show(self, snapshot: Snapshot) -> None:
        """Redraw when the series or its markers moved on, not on every frame."""
        last = self._snapshot
        self._snapshot = snapshot
        if last is None or (last.chart, last.markers) != (snapshot.chart, snapshot.markers):
            self.refresh()

    def render_line(self, y: int) -> Strip:
        snap, size = self._snapshot, self.size
        base = self.visual_style.rich_style
        key = (snap, size, base)
        if key != self._drawn:
            self._drawn = key
            self._strips = [] if snap is None else chart_strips(snap, size.width, size.height, base)
        if y < len(self._strips):
            return self._strips[y]
        return Strip.blank(size.width, base)


def chart_strips(snap: Snapshot, width: int, height: int, base: Style) -> list[Strip]:
    """The chart's rows as screen lines in the widget's own colours, cut to `width`."""
    rows = chart_rows(snap.chart, snap.markers, snap.duration, width, height)
    strips = []
    for row in rows[:height]:
        segments = [Segment(part, base + _style(style)) for part, style in row]
        strips.append(Strip(segments).adjust_cell_length(width, base))
    return strips


@lru_cache(maxsize=64)
def _style(name: str) -> Style:
    return Style.parse(name) if name else Style.null()
