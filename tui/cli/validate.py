"""`surgedesk validate`: check scenario and drill files before anyone runs them.

A file with a `[drill]` table is a drill file: checked as one, against its scenario.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.cli.common import EXIT_USAGE

if TYPE_CHECKING:
    from rich.console import Console


def add_parser(sub: Any) -> None:
    validate = sub.add_parser("validate", help="check scenario and drill files")
    validate.add_argument("files", nargs="+", metavar="FILE")


def run(args: argparse.Namespace, out: Console) -> int:
    from rich.text import Text

    from sim.model.errors import ScenarioError

    failed = 0
    for name in args.files:
        try:
            title = _check(Path(name))
        except ScenarioError as exc:
            failed += 1
            print("\n".join(exc.problems()), file=sys.stderr)
            continue
        line = Text("ok", style="green")
        line.append(f"  {name}: {shorten(title)}")
        out.print(line, soft_wrap=True)
    return EXIT_USAGE if failed else 0


def shorten(text: str, width: int = 80) -> str:
    """A name as it fits a line: Rich takes seconds to wrap a 40,000-character word."""
    return text if len(text) <= width else text[: width - 1] + "…"


def _check(path: Path) -> str:
    """Validate a scenario or a drill file; its title (a drill's says so)."""
    from sim.exercise.loading import is_drill_file, load_drill
    from sim.model.loading import load_scenario

    if is_drill_file(path):
        return f"drill {load_drill(path).name!r}"
    return load_scenario(path).meta.name
