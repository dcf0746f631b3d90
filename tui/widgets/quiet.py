"""Redraw a panel only when what it shows has changed, and reflow only when its size can.

At top speed the dashboard draws ten snapshots a second, and most panels are the same
from one to the next (the team between shift changes, a tile whose figure holds). A
Textual `update` repaints and, by default, lays the whole screen out again; skipping
equal content and the layout pass of a fixed-size panel is most of a frame's cost.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from textual.widgets import Static


class QuietStatic(Static):
    """A Static whose `show_if_changed` repaints only for new content."""

    _shown: Hashable = None
    _lines = -1

    def show_if_changed(self, key: Hashable, render: Callable[[], Any], lines: int = 0) -> None:
        """Repaint with `render()` when `key` differs from last time; lay the screen out
        again only when `lines` (the content's height, 0 for a fixed-size panel) changed."""
        if key == self._shown:
            return
        self._shown = key
        layout = lines != self._lines
        self._lines = lines
        self.update(render(), layout=layout)
