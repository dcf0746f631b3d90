"""`surgedesk runs`: the runs and drills in the run store, newest first."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.cli import common

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from sim.store.runs import RunRecord


def add_parser(sub: Any) -> None:
    runs = sub.add_parser("runs", help="list the runs and drills in the run store")
    runs.add_argument(
        "--db", type=common.store_path, metavar="PATH", help="the run store (default: yours)"
    )


def run(args: argparse.Namespace, out: Console) -> int:
    from sim.store.runs import RunStore
    from tui.cli.store import open_store

    path = RunStore.default_path() if args.db is None else args.db
    if not path.exists():
        out.print(f"No runs saved yet: {path} does not exist.", markup=False)
        return 0
    store = open_store(path, must_exist=True)
    skipped: list[str] = []
    try:
        records = store.runs(skipped)
    finally:
        store.close()
    for problem in skipped:  # a row that no longer reads never hides the others
        print(f"surgedesk: warning: skipped {problem}", file=sys.stderr)
    if not records and not skipped:
        out.print(
            f"No runs saved yet in {path}. Save one with `surgedesk run NAME --save`.",
            markup=False,
        )
        return 0
    out.print(runs_table(records, path))
    return 0


def runs_table(records: list[RunRecord], path: Path) -> Table:
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    from sim.present.format import pct

    table = Table(title=escape(f"Runs in {path}"))
    table.add_column("id", justify="right", style="bold", no_wrap=True)
    table.add_column("kind")
    table.add_column("name")
    table.add_column("seed", justify="right")
    table.add_column("started")
    table.add_column("status", no_wrap=True)
    table.add_column("service level", justify="right")
    table.add_column("missed", justify="right")
    table.add_column("drill score", justify="right")
    for r in records:
        summary = r.summary or {}
        level = summary.get("service_level")
        missed = summary.get("missed")
        table.add_row(
            str(r.id),
            r.kind,
            Text(r.name),  # the user's text, never markup
            str(r.seed),
            _local(r.started_at),
            "complete" if r.complete else Text("incomplete", style="yellow"),
            pct(level),
            "–" if missed is None else f"{int(missed):,}",
            pct(r.score) if r.kind == "drill" else "",
        )
    return table


def _local(iso: str) -> str:
    from datetime import datetime

    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso
