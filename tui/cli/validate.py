"""`surgedesk validate`: check scenario files before anyone runs them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.text import Text

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
        line = Text("ok", style="green")
        line.append(f"  {name}: {shorten(scenario.meta.name)}")
        out.print(line, soft_wrap=True)
    return EXIT_USAGE if failed else 0


def shorten(text: str, width: int = 80) -> str:
    """A name as it fits a line: Rich takes seconds to wrap a 40,000-character word."""
    return text if len(text) <= width else text[: width - 1] + "…"
