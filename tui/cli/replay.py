"""`surgedesk replay`: a stored run played again, and proof that it matches.

A replay is only worth trusting if it shows it reproduced the recording, so `replay`
compares its summary and time series with the stored ones and exits 1 on any difference.
On a terminal, without output options, it opens the dashboard instead, with a timeline.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from tui.cli import common

if TYPE_CHECKING:
    from rich.console import Console

EXIT_MISMATCH = 1


def add_parser(sub: Any) -> None:
    rep = sub.add_parser("replay", help="play a stored run again and check it matches")
    rep.add_argument(
        "run_id", metavar="RUN_ID", type=common.run_id, help="a run number from `surgedesk runs`"
    )
    rep.add_argument(
        "--db", type=common.store_path, metavar="PATH", help="the run store (default: yours)"
    )
    rep.add_argument("--json", action="store_true", help="print the summary as JSON")
    rep.add_argument(
        "--out", type=common.folder, metavar="DIR", help="write summary and CSVs to DIR"
    )
    rep.add_argument(
        "--headless", action="store_true", help="check the replay without opening the dashboard"
    )


def _on_screen(args: argparse.Namespace) -> bool:
    """The dashboard on a terminal, unless asked for output or --headless."""
    return not (args.json or args.out is not None or args.headless) and sys.stdout.isatty()


def _on_dashboard(args: argparse.Namespace) -> int:
    from sim.session.replay import ReplaySession
    from tui.cli.store import load_for_replay
    from tui.launch import run_app

    return run_app(ReplaySession.open(load_for_replay(args.db, args.run_id)))


def run(args: argparse.Namespace, out: Console) -> int:
    if _on_screen(args):
        return _on_dashboard(args)
    from sim.model.units import format_duration
    from sim.store.compare import compare
    from sim.store.player import Player
    from sim.store.runs import current_version
    from tui.cli.output import emit
    from tui.cli.store import load_for_replay

    run_id = args.run_id
    stored = load_for_replay(args.db, run_id)
    engine = Player.of(stored).play()
    note = out.print if not args.json else _stderr
    emit(engine, args.json, args.out, out)
    if not stored.record.complete:
        note(
            f"run {run_id} is incomplete: replayed up to minute {engine.now:g} "
            f"({format_duration(engine.now)}), its last logged event; "
            "no recorded summary to compare with"
        )
        return 0
    difference = compare(stored, engine)
    if difference is not None:
        if stored.record.version != current_version():
            difference += (
                f" (recorded with surgedesk {stored.record.version}, "
                f"replayed with {current_version()})"
            )
        _stderr(f"surgedesk: replay of run {run_id} differs from the recording: {difference}")
        return EXIT_MISMATCH
    note(f"replay matches run {run_id}: identical summary and {len(stored.series)} intervals")
    return 0


def _stderr(text: str) -> None:
    print(text, file=sys.stderr)
