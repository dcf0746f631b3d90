"""Where the drill chart's inject labels go, so that no two overlap.

Injects often come minutes apart ("legal-embargo" at 13:30, "newsflash" at 14:00), and a
fixed stagger over four rows still drew one over the other. Each label is given the first
row where it clears the labels already there (greedy, left to right). When more rows than
`max_rows` would be needed, the labels become numbers with a key under the chart: a few
narrow digits fit where words do not.

Widths are estimated from the character count (the SVG has no text metrics before it is
drawn), generously, so an estimate errs towards a gap rather than an overlap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

CHAR_W = 6.6
"""Width of one character at the chart's 11 px sans-serif font, rounded up."""

GAP = 6.0


@dataclass(frozen=True)
class Placed:
    """One label: its text, its row (0 at the top), and whether it ends at its line."""

    text: str
    row: int
    end_anchored: bool


def text_width(text: str) -> float:
    return CHAR_W * len(text)


def place(
    xs: Sequence[float], texts: Sequence[str], right: float, max_rows: int = 4
) -> tuple[list[Placed], bool]:
    """Rows for labels at `xs` (the chart's right edge at `right`); True if numbered.

    A label starts just right of its line, or ends just left of it where it would run
    past the right edge. Numbered labels read "1", "2"... in the order given.
    """
    placed = _rows(xs, texts, right)
    if max((p.row for p in placed), default=0) < max_rows:
        return placed, False
    return _rows(xs, [str(k + 1) for k in range(len(texts))], right), True


def _rows(xs: Sequence[float], texts: Sequence[str], right: float) -> list[Placed]:
    ends: list[float] = []  # per row: where its last label's span ends
    placed: list[Placed] = []
    for x, text in sorted(zip(xs, texts, strict=True), key=lambda pair: pair[0]):
        width = text_width(text)
        end_anchored = x + 3 + width > right
        left = x - 3 - width if end_anchored else x + 3
        row = next((r for r, end in enumerate(ends) if end + GAP <= left), len(ends))
        if row == len(ends):
            ends.append(0.0)
        ends[row] = left + width
        placed.append(Placed(text, row, end_anchored))
    order = sorted(range(len(xs)), key=lambda k: xs[k])
    back = [Placed("", 0, False)] * len(xs)
    for p, k in zip(placed, order, strict=True):
        back[k] = p
    return back
