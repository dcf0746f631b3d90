"""`surgedesk drill NAME|FILE`: run a drill on the dashboard, recording it in the run store.

The drill and the store are checked before the dashboard opens, so a typo in the drill
file or a bad `--db` is one line on stderr, not a broken screen. The heavy imports wait
until the command runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from rich.console import Console

from tui.cli import UsageError


def add_drill_parser(sub: Any) -> None:
    """Register `drill` on the command line's subparsers."""
    drill = sub.add_parser("drill", help="run a drill on the dashboard, recorded in the run store")
    drill.add_argument("drill", metavar="NAME|FILE", help="a bundled drill name or a drill file")
    drill.add_argument("--db", type=Path, metavar="PATH", help="the run store (default: yours)")
    drill.add_argument("--seed", type=int, help="random seed (default: the drill's own)")


def cmd_drill(args: argparse.Namespace, out: Console) -> int:
    from sim.exercise.build import build
    from sim.exercise.loading import load_drill, resolve_drill
    from tui.drill_app import run_drill, start_recording
    from tui.store_cli import open_store

    if args.seed is not None and args.seed < 0:
        raise UsageError(f"--seed: expected a whole number 0 or more, got {args.seed}")
    built = build(load_drill(resolve_drill(args.drill)))
    seed = built.seed if args.seed is None else args.seed
    store = open_store(args.db)
    try:
        recorder = start_recording(store, built, seed)
        code = run_drill(built, recorder, seed)
        complete = store.load(recorder.run_id).record.complete
    finally:
        store.close()
    status = "" if complete else " (incomplete: the drill was stopped before its end)"
    out.print(f"drill recorded as run {recorder.run_id}{status}")
    out.print(f"after-action report: surgedesk report {recorder.run_id}")
    return code
