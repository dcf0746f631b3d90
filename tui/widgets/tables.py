"""The team panel and the per-channel breakdown, as compact Rich tables.

The channel panel shows each channel's service level and missed count beside its queue:
a pooled figure hides a channel that is failing (phone missing 8% while the pool misses
under 1%), and the SLA target alone says nothing about whether it is met (the oldest-wait
tile names the target of the channel that waits longest).
"""

from __future__ import annotations

from rich import box
from rich.table import Table
from rich.text import Text

from sim.engine.team import GroupView
from sim.present.format import MISSING, format_wait
from sim.present.view import ChannelRow
from tui.widgets.quiet import QuietStatic


def _table() -> Table:
    return Table(
        box=box.SIMPLE_HEAD,
        expand=True,
        pad_edge=False,
        padding=(0, 1),
        collapse_padding=True,
        show_edge=False,
        header_style="bold",
    )


def team_table(groups: tuple[GroupView, ...], selected: str) -> Table:
    table = _table()
    table.add_column("team", no_wrap=True, overflow="ellipsis", ratio=1, min_width=10)
    table.add_column("busy", justify="right", no_wrap=True)
    table.add_column("queue", justify="right")
    table.add_column("oldest", justify="right")
    for g in groups:
        mark = "▸ " if g.label == selected else "  "
        added = f" {g.added:+d}" if g.added else ""
        full = g.on_shift > 0 and g.busy >= g.on_shift
        table.add_row(
            mark + g.label,
            Text(f"{g.busy}/{g.on_shift}{added}", style="bold red" if full else ""),
            f"{g.waiting:,}",
            format_wait(g.oldest_wait_min),
            style="bold" if g.label == selected else "",
        )
    return table


def channel_table(rows: tuple[ChannelRow, ...]) -> Table:
    table = _table()
    table.add_column("channel", no_wrap=True, overflow="ellipsis", ratio=1, min_width=9)
    table.add_column("queue", justify="right")
    table.add_column("in SLA", justify="right")
    table.add_column("missed", justify="right")
    for r in rows:
        table.add_row(
            r.channel,
            f"{r.waiting:,}",
            MISSING if r.service_level is None else f"{r.service_level:.0%}",
            Text(f"{r.missed:,}", style="red" if r.missed else ""),
        )
    return table


class TeamPanel(QuietStatic):
    def show(self, groups: tuple[GroupView, ...], selected: str) -> None:
        self.show_if_changed((groups, selected), lambda: team_table(groups, selected), len(groups))


class ChannelPanel(QuietStatic):
    def show(self, rows: tuple[ChannelRow, ...]) -> None:
        self.show_if_changed(rows, lambda: channel_table(rows), len(rows))
