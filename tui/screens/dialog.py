"""The one base of the dashboard's dialogs: a modal screen that closes once.

A fast typist's second Enter reaches a dialog before the first one's dismissal has taken
effect. Textual's `dismiss` pops whatever screen is on top, so the second press would
close the dashboard underneath (and run the result callback, sending an action, twice).
"""

from __future__ import annotations

from typing import TypeVar

from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen

R = TypeVar("R")


async def _nothing() -> None:
    return None


class Dialog(ModalScreen[R]):
    """A modal screen whose `dismiss` acts only while it is the screen on top."""

    def dismiss(self, result: R | None = None) -> AwaitComplete:
        if self.app.screen is not self:
            return AwaitComplete(_nothing())  # already closing: the key came too late
        return super().dismiss(result)
