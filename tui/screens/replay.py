"""The replay's timeline: every recorded inject, action and note, to jump to."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from sim.session.replay import Mark
from tui.screens.dialog import Dialog

TYPE_STYLES = {"inject": "bold red", "action": "bold cyan", "note": "italic #c061cb"}


class TimelineScreen(Dialog[float | None]):
    """Pick a moment; the screen returns its minute and the app jumps there."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,j", "dismiss", "Back"),
    ]

    def __init__(self, items: list[Mark], clock: Callable[[float], str], now: float) -> None:
        super().__init__()
        self.items = items
        self.clock = clock
        self.now = now

    def compose(self) -> ComposeResult:
        options = []
        for i, mark in enumerate(self.items):
            line = Text(no_wrap=True, overflow="ellipsis")
            line.append(f"{self.clock(mark.t)}  ", style="bold" if mark.t <= self.now else "dim")
            line.append(f"{mark.kind:<7}", style=TYPE_STYLES.get(mark.kind, "dim"))
            line.append(f"{mark.source:<11}", style="dim")
            line.append(mark.text)
            options.append(Option(line, id=str(i)))
        with Vertical(id="timeline-box", classes="dialog"):
            yield Static(f"Now at {self.clock(self.now)}. Enter jumps to the selected moment.")
            yield OptionList(*options, id="timeline-events")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#timeline-box").border_title = "Timeline"
        options = self.query_one(OptionList)
        passed = [i for i, m in enumerate(self.items) if m.t <= self.now]
        options.highlighted = passed[-1] if passed else 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(self.items[int(event.option.id)].t)
