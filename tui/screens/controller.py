"""The trainer's controller: fire injects off-script, pause the drill, take evaluator notes.

The screen only draws a `ControllerView` it is handed and posts what the trainer asks for
as messages; the app passes them to the drill session, which fires, records and pauses,
so everything the trainer does goes through the same door as the script.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from sim.session.drill import ControllerView, InjectRow
from tui.screens.dialog import Dialog
from tui.screens.inject import kind_label
from tui.widgets.status import run_state_label


def inject_prompt(row: InjectRow, clock: Callable[[float], str]) -> Text:
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(f"{clock(row.inject.at)}  ", style="dim")
    line.append_text(kind_label(row.inject.kind, 10))
    line.append(f"{row.inject.title}  ")
    if not row.shown:
        line.append("pending", style="dim italic")
    else:
        done = ", ".join(
            clock(f.at) + (" by controller" if f.source == "controller" else "") for f in row.shown
        )
        line.append(f"fired {done}", style="green")
    return line


def head_text(view: ControllerView, clock: Callable[[float], str]) -> Text:
    head = Text()
    head.append(view.name, style="bold")
    head.append(f"   {clock(view.now)}  ")
    if view.done or view.paused:
        head.append_text(run_state_label(view.done, view.paused))
    elif view.waiting:  # a hosted drill with no player seated: this dialog is not the hold
        head.append(f"|| {view.waiting}", style="bold yellow")
    else:  # this dialog holds the clock: say what space leaves it at when it closes
        head.append("▶ runs once this closes", style="bold green")
    return head


def notes_text(view: ControllerView, clock: Callable[[float], str]) -> Text:
    text = Text()
    text.append(f"Notes ({view.note_count})", style="bold")
    for note in view.notes:
        text.append(f"\n{clock(note.t)} ", style="dim")
        text.append(f"[{note.inject_id or 'general'}] ", style="cyan")
        text.append(note.text)
    return text


HINT = (
    "enter fire the selected inject now · space pause/resume · l live surge · "
    "n write a note · esc back"
)
ARMED = (
    "l again fires a live surge (a shock on the topic of the moment, into the scored run, "
    "no undo) · esc cancels"
)


class ControllerScreen(Dialog[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Back"),
        Binding("space", "toggle_pause", "Pause/resume"),
        Binding("l", "surprise", "Live surge"),
        Binding("n", "write_note", "Note"),
    ]

    class Fire(Message):
        """Fire this inject now, off-script."""

        def __init__(self, inject_id: str) -> None:
            super().__init__()
            self.inject_id = inject_id

    class Surprise(Message):
        """A quick surprise: a live surge on the topic of the moment."""

    class Note(Message):
        """An evaluator's note, about the inject shown last."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class TogglePause(Message):
        """Pause or resume the drill's clock."""

    def __init__(self, view: ControllerView, clock: Callable[[float], str]) -> None:
        super().__init__()
        self._view = view
        self.clock = clock
        self._prompts: list[Text] = []
        self._armed = False  # `l` pressed once: the next `l` fires the live surge

    @property
    def view(self) -> ControllerView:
        return self._view

    @view.setter
    def view(self, view: ControllerView) -> None:
        """Attributes down: the app hands the latest view; drawn only while on screen."""
        self._view = view
        if self.is_mounted:
            self._draw()

    def compose(self) -> ComposeResult:
        self._prompts = [inject_prompt(r, self.clock) for r in self._view.rows]
        with Vertical(id="controller-box", classes="dialog"):
            yield Static(id="controller-head")
            yield OptionList(
                *[
                    Option(p, id=r.inject.id)
                    for p, r in zip(self._prompts, self._view.rows, strict=True)
                ],
                id="controller-injects",
            )
            with VerticalScroll(id="controller-notes-box", can_focus=False):
                yield Static(id="controller-notes")
            yield Input(id="controller-note", placeholder="evaluator note: n to write, enter saves")
            yield Static(HINT, id="controller-hint", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#controller-box").border_title = "Controller"
        self.query_one(OptionList).focus()
        self._draw()

    def _draw(self) -> None:
        """Redraw from the view: the clock, each inject's status, the notes."""
        view = self._view
        self.query_one("#controller-head", Static).update(head_text(view, self.clock))
        prompts = [inject_prompt(r, self.clock) for r in view.rows]
        if prompts != self._prompts:
            options = self.query_one(OptionList)
            for i, prompt in enumerate(prompts):
                options.replace_option_prompt_at_index(i, prompt)
            self._prompts = prompts
        self.query_one("#controller-notes", Static).update(notes_text(view, self.clock))
        self.query_one("#controller-note", Input).placeholder = (
            f"evaluator note at {self.clock(view.now)} on {view.about or 'no inject yet'}: "
            "n to write, enter saves"
        )

    # ------------------------------------------------------------------ asking the app

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss()
            self.app.post_message(self.Fire(event.option.id))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if text:
            self.post_message(self.Note(text))
        event.input.value = ""
        self.query_one(OptionList).focus()

    def action_toggle_pause(self) -> None:
        self.post_message(self.TogglePause())

    def action_surprise(self) -> None:
        """Twice: a surge changes the scored run and cannot be taken back, so one stray
        key next to `n` must not fire it."""
        if not self._armed:
            self._armed = True
            self.query_one("#controller-hint", Static).update(ARMED)
            return
        self.dismiss()
        self.app.post_message(self.Surprise())

    def action_write_note(self) -> None:
        self.query_one(Input).focus()
