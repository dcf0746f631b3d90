"""`surgedesk scenarios`: the bundled library, with what each one rehearses."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


def add_parser(sub: Any) -> None:
    sub.add_parser("scenarios", help="list the bundled scenarios")


def run(args: argparse.Namespace, out: Console) -> int:
    from rich.table import Table

    from sim.model.library import DEFAULT_SCENARIO, bundled

    table = Table(title="Bundled scenarios")
    table.add_column("name", style="bold")
    table.add_column("title")
    table.add_column("what it rehearses")
    for entry in bundled():
        mark = " (default)" if entry.name == DEFAULT_SCENARIO else ""
        table.add_row(entry.name + mark, entry.title, entry.description)
    out.print(table)
    return 0
