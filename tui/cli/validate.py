"""`surgedesk validate`: check scenario files before anyone runs them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape

from tui.cli.common import EXIT_USAGE


def add_parser(sub: Any) -> None:
    validate = sub.add_parser("validate", help="check scenario files")
    validate.add_argument("files", nargs="+", metavar="FILE")


def run(args: argparse.Namespace, out: Console) -> int:
    from sim.model.errors import ScenarioError
    from sim.model.loading import load_scenario

    failed = 0
    for name in args.files:
        try:
            scenario = load_scenario(Path(name))
        except ScenarioError as exc:
            failed += 1
            print(str(exc), file=sys.stderr)
            continue
        out.print(f"[green]ok[/]  {escape(f'{name}: {scenario.meta.name}')}")
    return EXIT_USAGE if failed else 0
