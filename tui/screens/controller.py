"""The trainer's controller: fire injects off-script, pause the drill, take evaluator notes.

The screen only asks; the drill app does (fires, records, pauses), so everything the
trainer does goes through the same door as the script and ends up in the run store.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.screens.inject import kind_label

if TYPE_CHECKING:
    from tui.drill_app import DrillApp

NOTES_SHOWN = 6


@dataclass(frozen=True)
class Note:
    """An evaluator's note, tied to the simulated minute and the inject it is about."""

    t: float
    clock: str
    inject_id: str  # "" for a general note
    text: str


class ControllerScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Back"),
        Binding("space", "toggle_pause", "Pause/resume"),
        Binding("l", "live_surge", "Live surge"),
        Binding("n", "write_note", "Note"),
    ]

    def __init__(self, drill_app: DrillApp) -> None:
        super().__init__()
        self.drill_app = drill_app
        self._prompts: list[Text] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="controller-box", classes="dialog"):
            yield Static(id="controller-head")
            yield OptionList(
                *[
                    Option(p, id=i.id)
                    for p, i in zip(self.prompts(), self.drill_app.drill.injects, strict=True)
                ],
                id="controller-injects",
            )
            yield Static(id="controller-notes")
            yield Input(id="controller-note", placeholder="evaluator note: n to write, enter saves")
            yield Static(
                "enter fire the selected inject now · space pause/resume · l live surge · "
                "n write a note · esc back",
                classes="hint",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#controller-box").border_title = "Controller"
        self.query_one(OptionList).focus()
        self.update_view()

    def prompts(self) -> list[Text]:
        app = self.drill_app
        out = []
        for inject in app.drill.injects:
            line = Text(no_wrap=True, overflow="ellipsis")
            line.append(f"{app.clock(inject.at)}  ", style="dim")
            line.append_text(kind_label(inject.kind, 10))
            line.append(f"{inject.title}  ")
            shown = [f for f in app.fired if f.id == inject.id]
            if not shown:
                line.append("pending", style="dim italic")
            else:
                done = ", ".join(
                    f.clock + (" by controller" if f.source == "controller" else "") for f in shown
                )
                line.append(f"fired {done}", style="green")
            out.append(line)
        return out

    def update_view(self) -> None:
        """Redraw from the app's state: the clock, each inject's status, the notes."""
        app = self.drill_app
        head = Text()
        head.append(app.drill.name, style="bold")
        head.append(f"   {app.clock(app.driver.engine.now)}  ")
        if app.driver.engine.done:
            head.append("■ finished", style="bold magenta")
        elif app.driver.paused:
            head.append("|| paused", style="bold yellow")
        else:
            head.append("▶ running", style="bold green")
        self.query_one("#controller-head", Static).update(head)
        prompts = self.prompts()
        if prompts != self._prompts:
            options = self.query_one(OptionList)
            for i, prompt in enumerate(prompts):
                options.replace_option_prompt_at_index(i, prompt)
            self._prompts = prompts
        self.query_one("#controller-notes", Static).update(self.notes_text())
        about = app.last_inject_id or "no inject yet"
        self.query_one("#controller-note", Input).placeholder = (
            f"evaluator note at {app.clock(app.driver.engine.now)} on {about}: "
            "n to write, enter saves"
        )

    def notes_text(self) -> Text:
        notes = self.drill_app.notes
        text = Text()
        text.append(f"Notes ({len(notes)})", style="bold")
        for note in notes[-NOTES_SHOWN:]:
            text.append(f"\n{note.clock} ", style="dim")
            text.append(f"[{note.inject_id or 'general'}] ", style="cyan")
            text.append(note.text)
        return text

    # ------------------------------------------------------------------ asking the app

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss()
            self.drill_app.fire_from_controller(event.option.id)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if text:
            self.drill_app.add_note(text)
        event.input.value = ""
        self.query_one(OptionList).focus()
        self.update_view()

    def action_toggle_pause(self) -> None:
        self.drill_app.action_toggle_pause()
        self.update_view()

    def action_live_surge(self) -> None:
        self.dismiss()
        self.drill_app.live_surge_from_controller()

    def action_write_note(self) -> None:
        self.query_one(Input).focus()
