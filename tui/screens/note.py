"""An evaluator's note on its own: an observer's seat writes notes without the controller.

The note goes to the app as the controller screen's own `Note` message, so it takes the
same door (the session records it at the current minute, about the latest inject).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static

from tui.screens.controller import ControllerScreen
from tui.screens.dialog import Dialog


class NoteScreen(Dialog[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="note-box", classes="dialog"):
            yield Input(id="note-text", placeholder="what did you see? enter saves")
            yield Static("enter saves the note · esc cancels", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#note-box").border_title = "Evaluator's note"
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        self.dismiss()
        if text:
            self.app.post_message(ControllerScreen.Note(text))
