"""Which topic an FAQ or a holding statement is about: the person's choice, not a guess.

The first row is "the top topic", sent as such, so a drill can still read what the team
meant when the top topic was not yet the crisis's own (see the intent rule in the drills'
README). The other rows name a topic outright. Pressing the same key again takes the
highlighted row, so `f f` is still the two-key way to an FAQ on the top topic.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.events import Key
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from sim.model import actions as act
from sim.present.view import Snapshot, TopicRow
from tui.screens.dialog import Dialog

TOP = "(top)"  # the first row's id: an id of its own that no topic can take


def _row(label: str, row: TopicRow | None) -> Text:
    text = Text(label, style="bold")
    if row is not None:
        text.append(f"  {row.recent} recent", style="dim")
        for state in (row.faq and f"FAQ {row.faq}", row.statement and f"statement {row.statement}"):
            if state:
                text.append(f"  · {state}", style="yellow")
    return text


class TopicScreen(Dialog[act.Action | None]):
    """Pick a topic for `what` ("Publish an FAQ", "Post a holding statement"); the result
    is the action `make` builds for it (topic None: "the top topic", resolved when sent)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(
        self,
        what: str,
        key: str,
        snap: Snapshot,
        make: Callable[[str | None], act.Action],
        aimed: str | None = None,
    ) -> None:
        super().__init__()
        self.what = what
        self.key = key  # the key that opened it: pressed again, it takes the highlighted row
        self.rows = snap.topics
        # Where "the top topic" goes if sent now: in a drill, the open inject's topic.
        self.top = aimed or snap.top_topic
        self.why = "the top topic" if self.top == snap.top_topic else "the open inject's topic"
        self.make = make

    def compose(self) -> ComposeResult:
        by_topic = {r.topic: r for r in self.rows}
        top_row = by_topic.get(self.top) if self.top else None
        label = f"{self.why} (now {self.top})" if self.top else "the top topic (none yet)"
        options = [Option(_row(label, top_row), id=TOP)]
        options += [Option(_row(r.topic, r), id=r.topic) for r in self.rows if r.topic != self.top]
        with Vertical(id="topic-box", classes="dialog"):
            yield OptionList(*options, id="topic-list")
            yield Static(
                f"Enter or {self.key} takes the highlighted topic; Esc cancels.", classes="hint"
            )

    def on_mount(self) -> None:
        self.query_one("#topic-box").border_title = f"{self.what} on…"
        self.query_one(OptionList).highlighted = 0

    def on_key(self, event: Key) -> None:
        if event.key == self.key:
            event.stop()
            self._take(self.query_one(OptionList).highlighted or 0)

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        self._take(message.option_index)

    def _take(self, index: int) -> None:
        option_id = self.query_one(OptionList).get_option_at_index(index).id
        self.dismiss(self.make(None if option_id == TOP else option_id))
