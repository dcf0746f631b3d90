"""The briefing: what the players are told before a drill's clock starts.

The drill starts paused behind this screen, so the room can read it together; Enter
starts the clock at the trainer's pace. It never shows the injects or what is expected:
those are the controller's to know.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from sim.model.units import format_duration
from sim.session.clock import speed_label
from sim.session.drill import Briefing
from tui.screens.dialog import Dialog


def briefing_text(b: Briefing, clock: Callable[[float], str]) -> Text:
    span = b.ends - b.starts
    wall = span * 60 / b.pace  # seconds of the room's time
    text = Text()
    text.append(b.name, style="bold")
    text.append(f"\non the scenario {b.scenario}", style="dim")
    if b.description:
        text.append("\n\n" + " ".join(b.description.split()))
    text.append(f"\n\nFrom {clock(b.starts)} to {clock(b.ends)}: {format_duration(span)} ")
    text.append(f"at {speed_label(b.pace)}, about {format_duration(wall / 60)} in the room.")
    if b.objectives:
        text.append("\n\nWhat the team aims for:", style="bold")
        for objective in b.objectives:
            text.append(f"\n  · {objective}")
    text.append(
        "\n\nNews, messages and posts will interrupt you; the clock waits while one is on "
        "screen. Answer with the dashboard's keys (h statement, f FAQ, a agents, m "
        "advocates); ? lists them all."
    )
    return text


class BriefingScreen(Dialog[None]):
    """Shown once, before the clock starts; dismissing it starts the drill."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "dismiss", "Start the drill"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(
        self, briefing: Briefing, clock: Callable[[float], str], *, starts: bool = True
    ) -> None:
        super().__init__()
        self.briefing = briefing
        self.clock = clock
        # A hosted drill's player or observer does not run the clock: Enter only closes it.
        self.starts = starts

    def compose(self) -> ComposeResult:
        with Vertical(id="briefing-box", classes="dialog"):
            # The text scrolls, the hint stays: on a short terminal the hint is still seen.
            with VerticalScroll(id="briefing-body", classes="dialog-body"):
                yield Static(briefing_text(self.briefing, self.clock), id="briefing-text")
            enter = (
                "Enter starts the clock"
                if self.starts
                else "Enter closes it (the controller runs the clock)"
            )
            yield Static(f"{enter} · ↑↓ scroll · q quits", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#briefing-box").border_title = "Briefing"
        self.query_one("#briefing-body").focus()  # the arrows scroll a briefing that is cut
