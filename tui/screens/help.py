"""The keys, explained in the words of a crisis team."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Static

from tui.screens.dialog import Dialog


def keys_table(keys: Sequence[tuple[str, str]]) -> Table:
    table = Table(show_header=False, box=None, padding=(0, 2))
    table.add_column("key", style="bold cyan", no_wrap=True)
    table.add_column("what it does")
    for key, text in keys:
        table.add_row(key, text)
    return table


class HelpScreen(Dialog[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close"),
    ]

    def __init__(self, keys: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.keys = tuple(keys)  # the keys the session offers, with what each does

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box", classes="dialog"):
            yield Static(keys_table(self.keys), id="help-keys")
            yield Static(
                "Every action goes through the engine and shows in the event log.\n"
                "Esc, ? or q closes this.",
                classes="hint",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help-box").border_title = "Keys"
