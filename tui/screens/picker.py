"""Choose a bundled scenario, seeing what it rehearses before starting it.

A scenario's facts come from loading and validating its file (tens of milliseconds), so
the picker opens at once and a thread fills them in; each is read once per app.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from sim.model.errors import ScenarioError
from sim.model.library import Entry, bundled
from sim.model.loading import load_scenario
from sim.present.scenario_card import ScenarioFacts, scenario_facts
from tui.screens.dialog import Dialog


def facts_table(facts: ScenarioFacts) -> Group:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", justify="right", no_wrap=True)
    grid.add_column()
    rows = [
        ("runs for", facts.duration),
        ("starts", facts.start),
        ("everyday flow", f"{facts.baseline_per_hour:g} mentions/h"),
        ("channels", ", ".join(facts.channels) or "–"),
        ("surges", "\n".join(facts.surges) or "none"),
        ("team", "\n".join(facts.agents) or "nobody"),
    ]
    for label, value in rows:
        grid.add_row(label, value)
    head = Text()
    head.append(facts.name + "\n", style="bold")
    head.append(facts.description + "\n")
    return Group(head, grid)


class PickerScreen(Dialog[str | None]):
    """Dismisses with the chosen scenario's file path, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Back"),
    ]

    def __init__(
        self,
        entries: list[Entry] | None = None,
        known: dict[Path, RenderableType] | None = None,
    ) -> None:
        super().__init__()
        self.entries = bundled() if entries is None else entries
        self.known = {} if known is None else known  # facts read, by file: kept by the app
        self.shown = -1  # the entry whose facts are wanted on screen

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box", classes="dialog"):
            with Horizontal():
                yield OptionList(
                    *[Option(e.title, id=str(i)) for i, e in enumerate(self.entries)],
                    id="picker-list",
                )
                with VerticalScroll(id="picker-facts-box"):  # a long card scrolls (80×24)
                    yield Static("", id="picker-facts")
            yield Static("enter start · esc back", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#picker-box").border_title = "Scenarios"
        if self.entries:
            self.query_one(OptionList).highlighted = 0  # (its message describes entry 0)

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._describe(event.option_index)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(str(self.entries[event.option_index].path))

    def _describe(self, index: int) -> None:
        self.shown = index
        facts = self.known.get(self.entries[index].path)
        if facts is None:
            facts = Text("reading the scenario…", style="dim")
            self._read(index)
        self.query_one("#picker-facts", Static).update(facts)

    @work(thread=True, group="facts")
    def _read(self, index: int) -> None:
        entry = self.entries[index]
        self.app.call_from_thread(self._learn, entry.path, entry_facts(entry))

    def _learn(self, path: Path, facts: RenderableType) -> None:
        self.known[path] = facts
        if self.is_attached and self.entries[self.shown].path == path:
            self.query_one("#picker-facts", Static).update(facts)


def entry_facts(entry: Entry) -> RenderableType:
    """What `entry` rehearses, or why it cannot be loaded."""
    try:
        return Drawn(facts_table(scenario_facts(load_scenario(entry.path))))
    except ScenarioError as exc:
        return Text(f"{entry.title}\n\ncannot load: {exc}", style="red")


class Drawn:
    """A renderable drawn once per width and then replayed: a Rich table measures every
    cell each time it is drawn, and the picker is drawn again at each layout pass."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable
        self._lines: dict[int, list[list[Segment]]] = {}

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        lines = self._lines.get(width)
        if lines is None:
            lines = self._lines[width] = console.render_lines(
                self.renderable, options.update(height=None), pad=False
            )
        for line in lines:
            yield from line
            yield Segment.line()
