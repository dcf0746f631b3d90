"""`surgedesk plan`: arguments checked, a progress bar while it works, a table at the end."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from rich.console import Console

from tui.cli import budget, common
from tui.cli.common import UsageError, load

if TYPE_CHECKING:
    from sim.analysis.measure import Targets
    from sim.analysis.progress import Step


def add_parser(sub: Any) -> None:
    plan = sub.add_parser("plan", help="staff per interval to meet service targets")
    plan.add_argument("scenario", help="a bundled scenario name or a TOML file")
    plan.add_argument("--role", help="the team to size (default: the first team)")
    plan.add_argument("--sl", type=float, default=0.9, help="service level target (0.9)")
    plan.add_argument(
        "--max-missed", type=float, default=0.02, help="highest missed rate allowed (0.02)"
    )
    plan.add_argument(
        "--confidence",
        type=float,
        default=0.9,
        help="one-sided confidence that each interval meets the targets (0.9)",
    )
    plan.add_argument(
        "--max-occupancy",
        type=float,
        help="highest share of agents' time spent handling, e.g. 0.85 (default: no cap)",
    )
    plan.add_argument(
        "--shrinkage",
        type=float,
        default=0.0,
        help="share of scheduled time lost to breaks, training, absence, e.g. 0.3 (0)",
    )
    plan.add_argument("--interval", default="1h", help='staffing interval ("1h")')
    plan.add_argument("--reps", type=int, default=20, help="replications (20)")
    plan.add_argument("--seed", type=common.seed, help="root seed (default: the scenario's own)")
    plan.add_argument("--workers", type=int, help="local processes (default: all cores)")
    plan.add_argument(
        "--cluster", metavar="ADDRESS", help="run on Dask: `local` or tcp://HOST:PORT"
    )
    plan.add_argument("--json", action="store_true", help="print the plan as JSON")
    budget.add_flags(plan)
    plan.add_argument(
        "--out", type=common.folder, metavar="DIR", help="write plan.csv and plan.json"
    )


def _checked(args: argparse.Namespace) -> tuple[Targets, float]:
    from sim.analysis.measure import Targets
    from sim.model.units import parse_duration

    if not 0 < args.sl < 1:
        raise UsageError(f"--sl: expected a share between 0 and 1 (exclusive), got {args.sl}")
    if not 0 < args.max_missed < 1:
        raise UsageError(f"--max-missed: expected a share between 0 and 1, got {args.max_missed}")
    if not 0.5 <= args.confidence < 1:
        raise UsageError(f"--confidence: expected 0.5 to 1 (exclusive), got {args.confidence}")
    if args.max_occupancy is not None and not 0 < args.max_occupancy <= 1:
        raise UsageError(
            f"--max-occupancy: expected a share above 0, at most 1, got {args.max_occupancy}"
        )
    if not 0 <= args.shrinkage < 1:
        raise UsageError(
            f"--shrinkage: expected a share from 0 up to (not including) 1, got {args.shrinkage}"
        )
    if args.reps < 2:
        raise UsageError(f"--reps: expected 2 or more replications, got {args.reps}")
    if args.workers is not None and args.workers < 1:
        raise UsageError(f"--workers: expected 1 or more, got {args.workers}")
    try:
        interval = parse_duration(args.interval)
    except ValueError as exc:
        raise UsageError(f"--interval: {exc}") from None
    if interval <= 0:
        raise UsageError("--interval: expected a duration greater than zero")
    return Targets(args.sl, args.max_missed, args.confidence, args.max_occupancy), interval


def run(args: argparse.Namespace, out: Console) -> int:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from sim.analysis.plan import plan_staffing
    from sim.analysis.replications import ClusterUnavailable, mapper
    from sim.present.fileset import write_set
    from sim.present.planning import (
        as_csv,
        as_json,
        comparison,
        interval_rows,
        plan_dict,
        plan_table,
        stage_label,
    )

    targets, interval = _checked(args)
    scenario = load(args.scenario)
    if not scenario.team:
        raise UsageError(f"{args.scenario}: the scenario has no [[team]] to size")
    role = args.role or scenario.team[0].label
    labels = [t.label for t in scenario.team]
    if role not in labels:
        raise UsageError(f"--role: no team called {role!r} (teams: {', '.join(labels)})")
    budget.check(args, scenario, runs=args.reps)
    err = Console(stderr=True)
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[stage]}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
    try:
        with mapper(args.workers, args.cluster) as m, progress:
            task = progress.add_task(f"planning {role}", total=None, stage="")

            def report(step: Step) -> None:
                progress.update(
                    task, completed=step.done, total=step.total, stage=stage_label(step)
                )

            plan = plan_staffing(
                scenario,
                role,
                targets=targets,
                interval=interval,
                replications=args.reps,
                seed=args.seed,
                mapper=m,
                progress=report,
                shrinkage=args.shrinkage,
            )
    except ClusterUnavailable as exc:
        raise UsageError(str(exc)) from None
    start = scenario.meta.start
    data = as_json(plan_dict(plan, start))
    if args.json:
        sys.stdout.write(data)
    else:
        out.print(plan_table(plan, start))
        out.print(comparison(plan, start))
    if args.out is not None:
        files = {"plan.json": data, "plan.csv": as_csv(interval_rows(plan, start))}
        try:
            write_set(args.out, files)
        except OSError as exc:
            raise UsageError(f"--out: cannot write to {args.out} ({exc.strerror})") from None
        if not args.json:
            out.print(f"wrote {args.out / 'plan.json'}, {args.out / 'plan.csv'}", markup=False)
    return 0
