"""The panels' fast table draws cell for cell what the Rich table it stands for draws."""

from __future__ import annotations

import io

import pytest
from rich.console import Console, RenderableType
from rich.style import Style
from rich.text import Text

from tui.widgets.grid_table import Col, GridTable, Row, rich_table

COLS = (Col("team", "left", flex_min=10), Col("busy"), Col("queue"), Col("oldest"))
ROWS: list[Row] = [
    (["▸ care", Text("6/6", style="bold red"), "438", "1h58m"], "bold"),
    (["  community_moderators", Text("1/1 +2", style=""), "86", "1h46m"], ""),
    (["  phone", Text("0/0"), "12,345", "–"], ""),
]


def cells(renderable: RenderableType, width: int) -> list[list[tuple[str, Style]]]:
    """Each screen cell: its character and its style (no style is the null style)."""
    console = Console(width=width, color_system="truecolor", file=io.StringIO())
    lines = console.render_lines(renderable, console.options.update_width(width), pad=False)
    return [[(ch, seg.style or Style()) for seg in line for ch in seg.text] for line in lines]


@pytest.mark.parametrize("width", [34, 35, 40, 47, 60, 120])
def test_same_cells_as_the_rich_table(width: int):
    fast = GridTable(COLS, ROWS)
    assert fast.widths(width) is not None
    assert cells(fast, width) == cells(rich_table(COLS, ROWS), width)


def test_a_long_name_is_cut_with_an_ellipsis_as_rich_cuts_it():
    text = "".join(ch for ch, _ in cells(GridTable(COLS, ROWS), 34)[3])
    assert text.startswith("  communi…  1/1 +2")


def test_columns_that_do_not_fit_are_left_to_rich():
    fast = GridTable(COLS, ROWS)
    assert fast.widths(30) is None
    assert cells(fast, 30) == cells(rich_table(COLS, ROWS), 30)
