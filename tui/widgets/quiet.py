"""Panels that redraw only when what they show has changed, and draw cheaply when it has.

At top speed the dashboard draws ten snapshots a second, and most panels are the same
from one to the next (the team between shift changes, a tile whose figure holds). A
Textual `update` repaints and, by default, lays the whole screen out again; skipping
equal content and the layout pass of a fixed-size panel is most of a frame's cost.

When the content did change, a `QuietPanel` renders its Rich renderable to screen lines
once and hands them to Textual ready made (the line API), as the chart does: a `Static`
would turn the same lines into strips again through its general content pipeline (styles,
alignment, cropping: several strips made per line), which cost more than the panel's own
rendering.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import App
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget


class QuietPanel(Widget):
    """A panel showing one Rich renderable; `show_if_changed` repaints only for new content."""

    DEFAULT_CSS = "QuietPanel { height: auto; }"

    _shown: Hashable = None
    _lines = -1

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._content: RenderableType = ""
        self._strips: list[Strip] = []
        self._made_for: tuple[object, ...] = ()  # the width and style the strips are for

    def show_if_changed(
        self, key: Hashable, render: Callable[[], RenderableType], lines: int = 0
    ) -> None:
        """Repaint with `render()` when `key` differs from last time; lay the screen out
        again only when `lines` (the content's height, 0 for a fixed-size panel) changed."""
        if key == self._shown:
            return
        self._shown = key
        self._content = render()
        self._made_for = ()
        layout = lines != self._lines
        self._lines = lines
        self.repaint(layout)

    def repaint(self, layout: bool) -> None:
        """Draw the new content; lay the screen out again if its height may have changed."""
        self.refresh(layout=layout)

    @property
    def content(self) -> RenderableType:
        """What the panel shows now."""
        return self._content

    def render(self) -> RenderableType:
        """The words on screen, a line each (what tests read): the panel draws through
        `render_line`, so Textual itself never calls this."""
        return Text("\n".join(s.text.rstrip() for s in self.lines_at(self.size.width)))

    def lines_at(self, width: int) -> list[Strip]:
        """The content as screen lines `width` cells wide, in the panel's own colours."""
        base = self.visual_style.rich_style
        key = (width, base)
        if key != self._made_for:
            self._made_for = key
            self._strips = render_strips(self.app, self._content, width, base)
        return self._strips

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines_at(width))

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        strips = self.lines_at(width)
        if y < len(strips):
            return strips[y]
        return Strip.blank(width, self.visual_style.rich_style)


def render_strips(app: App[Any], content: RenderableType, width: int, base: Style) -> list[Strip]:
    """`content` rendered `width` cells wide over `base`, one strip a line."""
    if width <= 0:
        return []
    options = app.console_options.update(width=width, highlight=False)
    segments = app.console.render(content, options)
    lines = Segment.split_and_crop_lines(segments, width, include_new_lines=False, pad=True)
    return [Strip(Segment.apply_style(line, base), width) for line in lines]
