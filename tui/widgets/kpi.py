"""Headline tiles: a label, a big figure and a line of context, coloured by level."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal

from sim.present.view import Kpi
from tui.widgets.quiet import QuietStatic

LEVELS = ("ok", "warn", "bad", "info")


class KpiTile(QuietStatic):
    """One tile; its CSS class (`-ok`, `-warn`, `-bad`, `-info`) sets the colour."""

    def show(self, kpi: Kpi) -> None:
        if kpi == self._shown:
            return
        self.border_title = kpi.label
        for level in LEVELS:
            self.set_class(level == kpi.level, f"-{level}")
        self.show_if_changed(kpi, lambda: tile_text(kpi))  # a tile's size is fixed


def tile_text(kpi: Kpi) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(kpi.value + "\n", style="bold")
    text.append(kpi.detail, style="dim")
    return text


class KpiBar(Horizontal):
    """The row of tiles, one per headline figure, in the snapshot's order."""

    def __init__(self, keys: tuple[str, ...], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._keys = keys

    def compose(self) -> ComposeResult:
        for key in self._keys:
            yield KpiTile(id=f"kpi-{key}", classes="kpi")

    def show(self, kpis: tuple[Kpi, ...]) -> None:
        tiles = {tile.id: tile for tile in self.query_children(KpiTile)}
        for kpi in kpis:
            tiles[f"kpi-{kpi.key}"].show(kpi)
