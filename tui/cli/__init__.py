"""The `surgedesk` command line: one module per verb, each with `add_parser` and `run`.

A verb's module is light to import (its heavy imports wait inside `run`), so building the
whole parser for `--help` costs little. Every failure a user can cause ends in one line on
stderr and exit status 2; nothing here lets a traceback out.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

from rich.console import Console

from tui.cli.common import EXIT_INTERRUPTED, EXIT_USAGE, Parser, UsageError

# Verb → module under tui.cli, in the order `--help` lists them.
VERBS: dict[str, str] = {
    "run": "run",
    "validate": "validate",
    "scenarios": "scenarios",
    "runs": "runs",
    "replay": "replay",
    "plan": "plan",
    "sweep": "sweep",
    "serve": "serve",
    "report": "report",
    "drill": "drill",
    "drills": "drills",
    "dashboard": "dashboard",
}


def _parser() -> Parser:
    parser = Parser(
        prog="surgedesk",
        description=(
            "Rehearse social-media customer care under a crisis surge. "
            "With no command, opens the dashboard on the default scenario."
        ),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for module in VERBS.values():
        importlib.import_module(f"tui.cli.{module}").add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    out = Console()
    try:
        args = _parser().parse_args(argv)
        verb = importlib.import_module(f"tui.cli.{VERBS[args.command or 'dashboard']}")
        code: int = verb.run(args, out)
        return code
    except SystemExit as exc:  # argparse: --help (0) or a one-line complaint (2)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except UsageError as exc:
        print(f"surgedesk: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:
        from sim.model.errors import ScenarioError  # only once something went wrong

        if not isinstance(exc, ScenarioError):
            raise
        print(f"surgedesk: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("surgedesk: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def entry() -> None:
    sys.exit(main())
