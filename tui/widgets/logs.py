"""The live feed and the event log: capped logs that only append what is new.

At top speed the feed takes a dozen mentions a frame, and every line of it moves up, so
the whole panel is drawn again ten times a second. A `TailLog` wraps each entry once, to
screen lines in the panel's own colours, and hands those lines to Textual as they are
(the line API); Textual's `RichLog` styled every line again at every paint, and laid the
whole screen out again for every write while the log grew towards its cap.
"""

from __future__ import annotations

from collections import deque

from rich.style import Style
from rich.text import Text
from textual.events import Resize
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from sim.present.view import FeedItem, LogLine
from tui.widgets.quiet import render_strips

FEED_LINES = 200
LOG_LINES = 500
MIN_WIDTH = 20  # a panel narrower than this wraps as if it were this wide, and is cut
KIND_STYLES = {
    "surge": "bold yellow",
    "action": "bold cyan",
    "faq": "green",
    "shift": "dim",
    "statement": "magenta",
    "advocates": "blue",
    "inject": "bold red",
    "note": "italic #c061cb",
    "alert": "bold reverse #f66151",
}


def sentiment_style(item: FeedItem) -> str:
    if item.kind == "crisis":
        return "bold #f66151"
    if item.sentiment <= -0.5:
        return "#f66151"
    if item.sentiment <= -0.15:
        return "#ffa348"
    if item.sentiment >= 0.3:
        return "#57e389"
    return ""


def feed_line(item: FeedItem) -> Text:
    line = Text()
    line.append(f"{item.clock} ", style="dim")
    line.append(f"{item.channel:<9} ", style="dim italic")
    line.append(f"{item.handle} ", style="bold")
    line.append(item.text, style=sentiment_style(item))
    return line


def log_line(entry: LogLine) -> Text:
    line = Text()
    line.append(f"{entry.clock} ", style="dim")
    line.append(f"{entry.kind:<10}", style=KIND_STYLES.get(entry.kind, ""))  # "statement" + a space
    line.append(entry.text)
    return line


class TailLog(ScrollView):
    """A capped log, newest at the bottom, that keeps its last entry in view.

    `lines` holds the screen lines of the newest entries (at most `max_lines`), wrapped
    to the panel's width and styled; a change of width or colours wraps them again from
    the entries kept. The log scrolls like any panel (the wheel, when paused).
    """

    # RichLog's look. Lines are wrapped to the width, and the scroll bar is always there,
    # so the width stays put as the log fills (its coming would lay the screen out again).
    DEFAULT_CSS = """
    TailLog {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: scroll;
        &:focus { background-tint: $foreground 5%; }
    }
    """

    def __init__(self, max_lines: int, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.max_lines = max_lines
        self._entries: deque[Text] = deque(maxlen=max_lines)  # each is a line at least
        self.lines: list[Strip] = []
        self._made_for: tuple[int, Style] | None = None  # the width and style of `lines`

    def add(self, entries: list[Text]) -> None:
        """Append `entries`: wrapped once, the view scrolled to the end, one repaint."""
        if not entries:
            return
        self._entries.extend(entries)
        if self._made_for is None or self._made_for != self._shape():
            self._rewrap()  # (not laid out yet: wrapped once it is)
        else:
            self._append(entries)

    def reset(self) -> None:
        """Empty, as a new run starts."""
        self._entries.clear()
        self.lines = []
        self._settle()

    def _shape(self) -> tuple[int, Style]:
        width = max(MIN_WIDTH, self.scrollable_content_region.width)
        return width, self.visual_style.rich_style

    def _append(self, entries: list[Text]) -> None:
        width, base = self._shape()
        self.lines.extend(render_strips(self.app, Text("\n").join(entries), width, base))
        del self.lines[: -self.max_lines]
        self._settle()

    def _rewrap(self) -> None:
        """Wrap the kept entries again, newest first, until the cap is full."""
        if not self.size:
            return
        width, base = self._shape()
        self._made_for = (width, base)
        lines: list[Strip] = []
        for entry in reversed(self._entries):
            lines[:0] = render_strips(self.app, entry, width, base)
            if len(lines) >= self.max_lines:
                break
        self.lines = lines[-self.max_lines :]
        self._settle()

    def _settle(self) -> None:
        """Size the scrolling to the lines and show the newest.

        The log's own size is fixed and its scroll bar always shown, so only its scrolling
        changes: the screen is not laid out again (Textual lays everything out for a new
        virtual size), only the log and its scroll bar are repainted."""
        size = Size(self._made_for[0] if self._made_for else 0, len(self.lines))
        if size != self.virtual_size and self.show_vertical_scrollbar:
            self.set_reactive(Widget.virtual_size, size)
            self._scroll_update(size)
        elif size != self.virtual_size:
            self.virtual_size = size  # (not laid out yet)
        self.scroll_end(animate=False, immediate=True, x_axis=False)
        self.refresh()

    def on_resize(self, _event: Resize) -> None:
        if self._made_for != self._shape():
            self._rewrap()

    def render_line(self, y: int) -> Strip:
        if self._made_for != self._shape():
            self._rewrap()  # the width or the colours (a theme) changed
        width = self.scrollable_content_region.width
        i = self.scroll_offset.y + y
        if i >= len(self.lines):
            return Strip.blank(width, self.visual_style.rich_style)
        line = self.lines[i]
        return line if line.cell_length == width else line.crop_extend(0, width, None)


class FeedLog(TailLog):
    """Recent mentions, newest at the bottom, coloured by how the customer feels."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(FEED_LINES, id=id)
        self._last: tuple[float, int] = (-1.0, -1)

    def show(self, items: tuple[FeedItem, ...]) -> None:
        # Arrival time orders the feed; ids do not (follow-ups and injects get later ids).
        new = []
        for item in items:
            key = (item.t, item.id)
            if key > self._last:
                new.append(feed_line(item))
                self._last = key
        self.add(new)

    def reset(self) -> None:
        super().reset()
        self._last = (-1.0, -1)


class EventLog(TailLog):
    """Surges, shift changes, FAQs and every action taken, in order."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(LOG_LINES, id=id)
        self._next_seq = 0

    def show(self, lines: tuple[LogLine, ...]) -> None:
        new = []
        for entry in lines:
            if entry.seq >= self._next_seq:
                new.append(log_line(entry))
                self._next_seq = entry.seq + 1
        self.add(new)

    def reset(self) -> None:
        super().reset()
        self._next_seq = 0
