"""The live feed and the event log: capped logs that only append what is new."""

from __future__ import annotations

from collections import deque

from rich.text import Text
from textual.events import Resize
from textual.widgets import RichLog

from sim.present.view import FeedItem, LogLine

FEED_LINES = 200
LOG_LINES = 500
KEEP = 60  # recent entries kept to re-wrap after a resize: a screenful and some
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


class _ReflowLog(RichLog):
    """A capped log that re-wraps its recent lines when its width changes.

    RichLog wraps a line once, when written; after a resize the old lines would stay cut
    at the old width, so the last `KEEP` entries are kept and written again.
    """

    def __init__(self, max_lines: int, *, id: str | None = None) -> None:
        super().__init__(max_lines=max_lines, min_width=20, wrap=True, id=id)
        self._recent: deque[Text] = deque(maxlen=KEEP)
        self._width = 0

    def add(self, lines: list[Text]) -> None:
        """Append `lines` in one write: one wrap, one scroll and one repaint, however many."""
        if not lines:
            return
        self._recent.extend(lines)
        if not self.size:  # not laid out yet: RichLog writes it, and scrolls, once it is
            self.write(Text("\n").join(lines))
            return
        # Scrolled at once, not after the next repaint: that would paint the log twice.
        # Wrapped to the log's width as given: RichLog would measure every word to find it.
        width = max(self.min_width, self.scrollable_content_region.width)
        self.write(Text("\n").join(lines), width=width, scroll_end=False)
        self.scroll_end(animate=False, immediate=True, x_axis=False)

    def on_resize(self, event: Resize) -> None:
        width = event.size.width
        if self._width and width != self._width:
            super().clear()
            if self._recent:
                self.write(Text("\n").join(self._recent))
        self._width = width

    def clear(self) -> _ReflowLog:
        self._recent.clear()
        super().clear()
        return self


class FeedLog(_ReflowLog):
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
        self.clear()
        self._last = (-1.0, -1)


class EventLog(_ReflowLog):
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
        self.clear()
        self._next_seq = 0
