"""The team panel and the per-channel breakdown, as compact Rich tables.

The channel panel shows each channel's service level and missed count beside its queue:
a pooled figure hides a channel that is failing (phone missing 8% while the pool misses
under 1%), and the SLA target alone says nothing about whether it is met (the oldest-wait
tile names the target of the channel that waits longest).
"""

from __future__ import annotations

from rich.text import Text

from sim.engine.team import GroupView
from sim.present.format import MISSING, format_wait
from sim.present.view import ChannelRow
from tui.widgets.grid_table import Cell, Col, GridTable, Row
from tui.widgets.quiet import QuietPanel

TEAM_COLS = (Col("team", "left", flex_min=10), Col("busy"), Col("queue"), Col("oldest"))
CHANNEL_COLS = (Col("channel", "left", flex_min=9), Col("queue"), Col("in SLA"), Col("missed"))


def team_table(groups: tuple[GroupView, ...], selected: str) -> GridTable:
    rows: list[Row] = []
    for g in groups:
        mark = "▸ " if g.label == selected else "  "
        added = f" {g.added:+d}" if g.added else ""
        full = g.on_shift > 0 and g.busy >= g.on_shift
        cells: list[Cell] = [
            mark + g.label,
            Text(f"{g.busy}/{g.on_shift}{added}", style="bold red" if full else ""),
            f"{g.waiting:,}",
            format_wait(g.oldest_wait_min),
        ]
        rows.append((cells, "bold" if g.label == selected else ""))
    return GridTable(TEAM_COLS, rows)


def channel_table(rows: tuple[ChannelRow, ...]) -> GridTable:
    return GridTable(
        CHANNEL_COLS,
        [
            (
                [
                    r.channel,
                    f"{r.waiting:,}",
                    MISSING if r.service_level is None else f"{r.service_level:.0%}",
                    Text(f"{r.missed:,}", style="red" if r.missed else ""),
                ],
                "",
            )
            for r in rows
        ],
    )


class TeamPanel(QuietPanel):
    def show(self, groups: tuple[GroupView, ...], selected: str) -> None:
        self.show_if_changed((groups, selected), lambda: team_table(groups, selected), len(groups))


class ChannelPanel(QuietPanel):
    def show(self, rows: tuple[ChannelRow, ...]) -> None:
        self.show_if_changed(rows, lambda: channel_table(rows), len(rows))
