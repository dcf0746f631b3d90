"""Panels repaint only for new content, and lay the screen out only when their size can change."""

from __future__ import annotations

from textual.app import App, ComposeResult

from tests.tui.pilot import run_async
from tui.widgets.quiet import QuietPanel


class Counting(QuietPanel):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[bool] = []  # one entry per repaint: whether it asked for a layout

    def repaint(self, layout: bool) -> None:
        self.calls.append(layout)
        super().repaint(layout)


class One(App[None]):
    def compose(self) -> ComposeResult:
        yield Counting()


@run_async
async def test_equal_content_is_not_repainted_and_a_fixed_size_is_not_laid_out():
    app = One()
    async with app.run_test():
        panel = app.query_one(Counting)
        panel.show_if_changed(("a", 1), lambda: "a 1", lines=2)
        panel.show_if_changed(("a", 1), lambda: "never drawn", lines=2)
        panel.show_if_changed(("a", 2), lambda: "a 2", lines=2)
        panel.show_if_changed(("b", 2), lambda: "b\n2\n3", lines=3)
        assert panel.calls == [True, False, True]  # first, same height, taller
        assert str(panel.render()) == "b\n2\n3"
