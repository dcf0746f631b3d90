"""`surgedesk run`: a scenario played headless, its summary printed, optionally kept."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from tui.cli import budget, common
from tui.cli.common import load

if TYPE_CHECKING:  # printed through as a table: `--json` never imports Rich
    from rich.console import Console


def add_parser(sub: Any) -> None:
    run = sub.add_parser("run", help="run a scenario headless and print its summary")
    run.add_argument("scenario", help="a bundled scenario name or a TOML file")
    run.add_argument("--seed", type=common.seed, help="random seed (default: the scenario's own)")
    run.add_argument("--json", action="store_true", help="print the summary as JSON")
    run.add_argument(
        "--out", type=common.folder, metavar="DIR", help="write summary and CSVs to DIR"
    )
    run.add_argument(
        "--until", type=common.duration, metavar="DURATION", help='stop early, e.g. "12h"'
    )
    run.add_argument("--save", action="store_true", help="keep the run in the run store")
    run.add_argument(
        "--db", type=common.store_path, metavar="PATH", help="the run store (with --save)"
    )
    budget.add_flags(run)


def run(args: argparse.Namespace, out: Console) -> int:
    with common.starting():  # imports, validation and the engine's set-up
        from sim.engine.core import Engine
        from sim.present import results  # noqa: F401  (what `emit` writes with, loaded now)
        from tui.cli.output import emit

        scenario = load(args.scenario)
        until = scenario.meta.duration if args.until is None else args.until
        if until > scenario.meta.duration:
            from sim.model.units import format_duration

            raise common.UsageError(
                f"--until: past the end; {scenario.meta.name!r} runs for"
                f" {format_duration(scenario.meta.duration)} (leave --until out to run to the end)"
            )
        budget.check(args, scenario, until)
        save = None
        if args.save or args.db is not None:  # the store (SQLite and its models) only then
            from tui.cli.store import prepare_save

            save = prepare_save(args)
        engine = Engine(scenario, args.seed, record_mentions=args.out is not None)
    engine.run_until(until)
    emit(engine, args.json, args.out, out)
    if save is not None:
        from tui.cli.store import report_saved, save_run

        report_saved(save_run(save, engine, until), args.json, out)
    return 0
