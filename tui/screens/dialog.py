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
    """A modal screen whose `dismiss` acts only while it is the screen on top.

    On a short terminal (`-short`, under 30 rows) dialogs drop their inner padding and
    their long parts scroll within a bound height, so the last line, the hint, is seen;
    on a narrow one (`-narrow`, under 100 columns) they may lay their parts out tighter.
    """

    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]  # noqa: RUF012 (as Screen declares it)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012

    def dismiss(self, result: R | None = None) -> AwaitComplete:
        if self.app.screen is not self:
            return AwaitComplete(_nothing())  # already closing: the key came too late
        return super().dismiss(result)
