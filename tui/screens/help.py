"""The keys, explained in the words of a crisis team."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

KEYS: tuple[tuple[str, str], ...] = (
    ("space", "pause or resume the clock"),
    ("- / +", "slower / faster (real time up to max)"),
    ("n", "step one reporting interval (pauses)"),
    ("a / A", "add / remove an agent in the selected team"),
    ("g", "select the next team"),
    ("f", "publish an FAQ on the top topic"),
    ("h", "post a holding statement on the top topic"),
    ("m", "mobilize community advocates for 4h"),
    ("s", "trigger a surge: a shock on the top topic"),
    ("r", "restart with the next seed"),
    ("p", "pick another scenario"),
    ("P", "plan staffing for the selected team"),
    ("?", "this help"),
    ("q", "quit"),
)


def keys_table(extra: Sequence[tuple[str, str]] = (), hide: Sequence[str] = ()) -> Table:
    table = Table(show_header=False, box=None, padding=(0, 2))
    table.add_column("key", style="bold cyan", no_wrap=True)
    table.add_column("what it does")
    for key, text in (*KEYS, *extra):
        if key not in hide:
            table.add_row(key, text)
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close"),
    ]

    def __init__(self, extra: Sequence[tuple[str, str]] = (), hide: Sequence[str] = ()) -> None:
        super().__init__()
        self.extra = tuple(extra)  # a mode's own keys (drill, replay), after the usual ones
        self.hide = tuple(hide)  # the usual keys that mode disables

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box", classes="dialog"):
            yield Static(keys_table(self.extra, self.hide), id="help-keys")
            yield Static(
                "Every action goes through the engine and shows in the event log.\n"
                "Esc, ? or q closes this.",
                classes="hint",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help-box").border_title = "Keys"
