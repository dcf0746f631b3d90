"""Headline tiles: a label, a big figure and a line of context, coloured by level."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal

from sim.present.view import Kpi
from tui.widgets.quiet import QuietPanel

LEVELS = ("ok", "warn", "bad", "info")
# A tile's label where the full one would be cut (an 80-column terminal): one word each.
SHORT_LABELS = {"oldest": "Oldest", "agents": "Agents", "waiting": "Queue", "at_risk": "Risk"}
TITLE_CHROME = 6  # "╭─ " and " ─╮" around a border title


def tile_label(kpi: Kpi, width: int) -> str:
    """The full label if it fits a tile `width` cells wide, else the short one."""
    if len(kpi.label) <= width - TITLE_CHROME or not width:
        return kpi.label
    return SHORT_LABELS.get(kpi.key, kpi.label)


class KpiTile(QuietPanel):
    """One tile; its CSS class (`-ok`, `-warn`, `-bad`, `-info`) sets the colour."""

    _kpi: Kpi | None = None

    def show(self, kpi: Kpi) -> None:
        if kpi == self._shown:
            return
        self._kpi = kpi
        self.border_title = tile_label(kpi, self.outer_size.width)
        for level in LEVELS:
            self.set_class(level == kpi.level, f"-{level}")
        self.show_if_changed(kpi, lambda: TileText(kpi))  # a tile's size is fixed

    def on_resize(self) -> None:
        if self._kpi is not None:
            self.border_title = tile_label(self._kpi, self.outer_size.width)


@dataclass(frozen=True)
class TileText:
    """A tile's figure over its detail, centred; the detail's short wording where the
    full one would be cut (six tiles across 80 columns leave 11 cells each)."""

    kpi: Kpi

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield tile_text(self.kpi, options.max_width)


def tile_detail(kpi: Kpi, width: int) -> str:
    """The detail if it fits `width` cells, else its short wording (if it has one)."""
    if cell_len(kpi.detail) <= width or not kpi.short:
        return kpi.detail
    return kpi.short


def tile_text(kpi: Kpi, width: int = 0) -> Text:
    text = Text(justify="center", no_wrap=True, overflow="ellipsis")
    text.append(kpi.value + "\n", style="bold")
    text.append(tile_detail(kpi, width) if width else kpi.detail, style="dim")
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
