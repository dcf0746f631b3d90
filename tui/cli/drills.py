"""`surgedesk drills`: the bundled drills, with their scenario, length and injects."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


def add_parser(sub: Any) -> None:
    sub.add_parser("drills", help="list the bundled drills")


def run(args: argparse.Namespace, out: Console) -> int:
    from rich.table import Table

    from sim.exercise.build import build
    from sim.exercise.loading import bundled_drills, load_drill
    from sim.model.units import format_duration

    table = Table(title="Bundled drills")
    table.add_column("name", style="bold")
    table.add_column("title")
    table.add_column("scenario")
    table.add_column("duration", justify="right")
    table.add_column("injects", justify="right")
    for path in bundled_drills():
        drill = load_drill(path)
        built = build(drill)
        table.add_row(
            path.stem,
            drill.name,
            drill.spec.meta.scenario,
            format_duration(built.scenario.meta.duration),
            str(len(drill.injects)),
        )
    out.print(table)
    return 0
