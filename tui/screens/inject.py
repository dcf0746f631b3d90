"""An inject as the players see it: a headline that interrupts the dashboard."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from sim.exercise.injects import Fired
from tui.screens.dialog import Dialog

KIND_STYLES = {
    "news": "bold yellow",
    "legal": "bold magenta",
    "executive": "bold cyan",
    "feed": "bold blue",
    "staffing": "bold red",
}


def reflow(message: str) -> str:
    """TOML multi-line strings break lines at the author's width; the dialog wraps its own."""
    return "\n\n".join(" ".join(p.split()) for p in message.split("\n\n"))


def kind_label(kind: str, width: int = 0) -> Text:
    return Text(f"{kind.upper():<{width}}", style=KIND_STYLES.get(kind, "bold"))


# A response key pressed while an inject is up answers it: the inject closes and the key
# acts, so a player reacting fast is not ignored (the dashboard's own keys, same actions).
RESPONSE_KEYS: dict[str, str] = {
    "h": "holding",
    "f": "faq",
    "a": "add_agent",
    "A": "remove_agent",
    "m": "mobilize",
    "k": "acknowledge",
    "v": "vip",
}


class InjectScreen(Dialog[None]):
    """Shown over the dashboard until a player dismisses it; the app decides about the clock."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,escape,space", "dismiss", "Got it"),
        *(Binding(k, f"respond('{a}')", show=False) for k, a in RESPONSE_KEYS.items()),
    ]

    async def action_respond(self, action: str) -> None:
        """Close the inject, then act: the clock resumes as on Enter, and the key counts."""
        self.dismiss()
        await self.app.run_action(action)

    def __init__(self, fired: Fired, clock: str) -> None:
        super().__init__()
        self.fired = fired
        self.clock = clock  # when it was shown, on the simulated wall clock

    def compose(self) -> ComposeResult:
        f = self.fired
        with Vertical(id="inject-box", classes="dialog"):
            head = Text.assemble(kind_label(f.kind), "  ", (self.clock, "dim"))
            if f.source == "controller":
                head.append("  (from the controller)", style="dim italic")
            yield Static(head, id="inject-head")
            yield Static(Text(f.title, style="bold"), id="inject-title")
            if f.message:
                yield Static(reflow(f.message), id="inject-message")
            yield Static(
                "Enter or Esc to continue; a response key (h f a m s k) acts at once.",
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one("#inject-box").border_title = "Inject"
