"""The end of a run: the same figures `surgedesk run` prints, and a way to keep them."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Static

from sim.model.units import counted
from tui.cli.output import summary_table
from tui.screens.dialog import Dialog


class SummaryScreen(Dialog[None]):
    """Shows a run's summary dict (`Summary.as_dict()`), exactly as the CLI formats it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "app.save_results", "Save results"),
        Binding("r", "app.restart", "Restart (next seed)"),
        Binding("p", "app.pick", "Scenarios"),
        Binding("escape", "dismiss", "Back to dashboard"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(
        self, summary: dict[str, Any], actions_taken: int, *, restart: bool = True
    ) -> None:
        super().__init__()
        self.summary = summary
        self.actions_taken = actions_taken
        self.restart = restart  # a drill or a replay cannot start another run from here

    def compose(self) -> ComposeResult:
        with Vertical(id="summary-box", classes="dialog"):
            # On a short terminal the figures scroll and the keys below them stay in view.
            with VerticalScroll(id="summary-body", classes="dialog-body"):
                yield Static(summary_table(self.summary), id="summary-table")
            taken = self.actions_taken
            yield Static(
                f"{counted(taken, 'action')} taken during the run.",
                id="summary-actions",
                classes="hint",
            )
            again = " · r restart with the next seed · p scenarios" if self.restart else ""
            yield Static(f"s save results{again} · esc back · q quit", classes="hint")
            yield Static("", id="summary-note")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#summary-box").border_title = "Run finished"

    def note(self, text: str) -> None:
        """Say where the results went (or why they did not)."""
        self.query_one("#summary-note", Static).update(text)
