"""The replay's timeline: every recorded inject, action and note, to jump to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from sim.model import actions as act
from sim.model.scenario import Scenario
from sim.store.runs import Event

TYPE_STYLES = {"inject": "bold red", "action": "bold cyan", "note": "italic #c061cb"}


@dataclass(frozen=True)
class Mark:
    """A point on the timeline: its minute and what happened there."""

    t: float
    kind: str  # "start", "inject", "action", "note", "end"
    source: str
    text: str


def event_text(event: Event, scenario: Scenario) -> str:
    p = event.payload
    if event.type == "inject":
        return str(p.get("title") or p.get("id") or "inject")
    if event.type == "note":
        about = p.get("inject_id")
        return (f"[{about}] " if about else "") + str(p.get("text", ""))
    if event.type == "action":
        params = dict(p)
        name = str(params.pop("action", ""))
        try:
            return act.describe(act.action_from_params(name, params, scenario))
        except act.ActionError:
            return name
    return str(p.get("text", "")) or event.type


def marks(events: list[Event], end: float, scenario: Scenario) -> list[Mark]:
    """The run's start, each recorded event in order, and where the recording ends."""
    out = [Mark(0.0, "start", "", "start of the run")]
    out += [
        Mark(e.t_sim, e.type, e.source, event_text(e, scenario)) for e in events if e.type != "log"
    ]
    out.append(Mark(end, "end", "", "end of the recording"))
    return out


class TimelineScreen(ModalScreen[float | None]):
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
