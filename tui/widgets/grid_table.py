"""A one-line-a-row table drawn straight to segments: the dashboard's panels at frame rate.

`rich.table.Table` measures and renders every cell through the console, about 6 ms for the
channel panel; at top speed that panel changes every frame. `GridTable` lays out the one
shape the panels use (a bold header over a rule, one flexible first column, the rest as
wide as their widest cell, two spaces between) in a fraction of that, cell for cell the
same as the Rich table it stands for. When the columns do not fit (a very narrow panel)
it hands over to that Rich table, which knows how to squeeze them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from rich.box import SIMPLE_HEAD
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

HEADER = Style(bold=True)
GAP = 2  # a cell's right padding and the blank divider after it


@dataclass(frozen=True)
class Col:
    header: str
    justify: Literal["left", "right"] = "right"
    flex_min: int = 0  # > 0: the flexible column, which takes the room left, at least this


Cell = str | Text
Row = tuple[Sequence[Cell], str]  # the cells and the row's style


def rich_table(cols: Sequence[Col], rows: Iterable[Row]) -> Table:
    """The Rich table a `GridTable` draws the same as (and falls back on)."""
    table = Table(
        box=SIMPLE_HEAD,
        expand=True,
        pad_edge=False,
        padding=(0, 1),
        collapse_padding=True,
        show_edge=False,
        header_style="bold",
    )
    for col in cols:
        if col.flex_min:
            table.add_column(
                col.header, no_wrap=True, overflow="ellipsis", ratio=1, min_width=col.flex_min
            )
        else:
            table.add_column(col.header, justify=col.justify, no_wrap=True)
    for cells, style in rows:
        table.add_row(*cells, style=style)
    return table


class GridTable:
    """A Rich renderable: `rich_table(cols, rows)` drawn without Rich's general layout."""

    def __init__(self, cols: Sequence[Col], rows: Sequence[Row]) -> None:
        self.cols = cols
        self.rows = rows

    def widths(self, width: int) -> list[int] | None:
        """Each column's content width, or None if they do not fit in `width`."""
        widths = [
            max([cell_len(c.header)] + [cell_len(_plain(cells[i])) for cells, _ in self.rows])
            for i, c in enumerate(self.cols)
        ]
        flex = [i for i, c in enumerate(self.cols) if c.flex_min]
        if len(flex) != 1:
            return None
        (f,) = flex
        room = width - sum(w for i, w in enumerate(widths) if i != f) - GAP * (len(widths) - 1)
        if room < self.cols[f].flex_min:
            return None
        widths[f] = room
        return widths

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        widths = self.widths(options.max_width)
        if widths is None:
            yield rich_table(self.cols, self.rows)
            return
        header = [c.header for c in self.cols]
        yield from self._line(console, header, widths, HEADER, True)
        yield Segment("─" * (sum(widths) + GAP * (len(widths) - 1)))
        yield Segment.line()
        for cells, style in self.rows:
            yield from self._line(console, cells, widths, console.get_style(style), False)

    def _line(
        self,
        console: Console,
        cells: Sequence[Cell],
        widths: list[int],
        style: Style,
        header: bool,
    ) -> Iterable[Segment]:
        last = len(cells) - 1
        for i, (cell, col, width) in enumerate(zip(cells, self.cols, widths, strict=True)):
            text = cell.copy() if isinstance(cell, Text) else Text(cell)
            if text.cell_len > width:
                text.truncate(width, overflow="ellipsis")
            own = style + console.get_style(text.style)  # the row's, then the cell's own
            pad = Segment(" " * (width - text.cell_len), own)
            right = col.justify == "right" and not col.flex_min
            if right:
                yield pad
            yield from Segment.apply_style(text.render(console), own)
            if not right:
                yield pad
            if i < last:
                yield Segment(" ", style)  # the cell's right padding
                yield Segment(" ")  # the divider between columns
        yield Segment.line()


def _plain(cell: Cell) -> str:
    return cell.plain if isinstance(cell, Text) else cell
