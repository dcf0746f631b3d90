"""`surgedesk plan`: arguments checked, a progress bar while it works, a table at the end."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

from tui.cli import budget, common
from tui.cli.common import UsageError, load

if TYPE_CHECKING:
    from sim.analysis.measure import Targets
    from sim.analysis.plan import Plan


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
    return Targets(args.sl, args.max_missed, args.confidence), interval


def run(args: argparse.Namespace, out: Console) -> int:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from sim.analysis.plan import plan_staffing
    from sim.analysis.replications import ClusterUnavailable, mapper
    from sim.present.fileset import write_set

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

            def report(stage: str, i: int, n: int) -> None:
                label = f"{stage} (iteration {i})" if stage == "searching" else stage
                progress.update(task, stage=label)

            plan = plan_staffing(
                scenario,
                role,
                targets=targets,
                interval=interval,
                replications=args.reps,
                seed=args.seed,
                mapper=m,
                progress=report,
            )
    except ClusterUnavailable as exc:
        raise UsageError(str(exc)) from None
    if args.json:
        sys.stdout.write(plan_json(plan))
    else:
        out.print(plan_table(plan, scenario.meta.start))
        out.print(comparison(plan))
    if args.out is not None:
        try:
            write_set(args.out, {"plan.json": plan_json(plan), "plan.csv": plan_csv(plan)})
        except OSError as exc:
            raise UsageError(f"--out: cannot write to {args.out} ({exc.strerror})") from None
        if not args.json:
            out.print(f"wrote {args.out / 'plan.json'}, {args.out / 'plan.csv'}", markup=False)
    return 0


def plan_dict(plan: Plan) -> dict[str, object]:
    return {
        "scenario": plan.scenario,
        "role": plan.role,
        "interval_min": plan.interval_min,
        "targets": {
            "service_level": plan.targets.service_level,
            "max_missed": plan.targets.max_missed,
            "confidence": plan.targets.confidence,
        },
        "replications": plan.replications,
        "seed": plan.seed,
        "iterations": plan.iterations,
        "converged": plan.converged,
        "agent_hours": plan.agent_hours,
        "erlang_a_agent_hours": plan.erlang_a_agent_hours,
        "intervals": [iv.__dict__ for iv in plan.intervals],
        "checks": [c.__dict__ for c in plan.checks],
    }


def plan_json(plan: Plan) -> str:
    return json.dumps(plan_dict(plan), indent=2) + "\n"


def plan_csv(plan: Plan) -> str:
    import csv
    import io

    rows = [iv.__dict__ for iv in plan.intervals]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def plan_table(plan: Plan, start: datetime) -> Table:
    t = plan.targets
    table = Table(
        title=(
            f"{plan.scenario} · {plan.role} · SL ≥ {t.service_level:.0%}, "
            f"missed ≤ {t.max_missed:.1%} · {plan.replications} replications"
        ),
        caption=(
            f"{plan.iterations} iterations, {'converged' if plan.converged else 'NOT converged'}"
            f"; ± is a 95% interval across replications"
        ),
    )
    for name, justify in [
        ("interval", "left"),
        ("arrivals", "right"),
        ("load", "right"),
        ("Erlang A", "right"),
        ("agents", "right"),
        ("SL %", "right"),
        ("missed %", "right"),
        ("occ.", "right"),
    ]:
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for iv in plan.intervals:
        when = start + timedelta(minutes=iv.t_start)
        mark = "" if iv.agents == iv.erlang_a_agents else " *"
        table.add_row(
            f"{when:%a %H:%M}",
            f"{iv.arrivals:.0f}",
            f"{iv.offered_load:.1f}",
            str(iv.erlang_a_agents),
            f"[bold]{iv.agents}[/]{mark}",
            f"{iv.service_level * 100:.1f}±{iv.service_level_ci * 100:.1f}",
            f"{iv.missed_rate * 100:.1f}±{iv.missed_rate_ci * 100:.1f}",
            f"{iv.occupancy:.0%}",
        )
    table.add_row(
        "agent-h",
        "",
        "",
        f"{plan.erlang_a_agent_hours:,.0f}",
        f"[bold]{plan.agent_hours:,.0f}[/]",
        "",
        "",
        "",
        end_section=True,
    )
    return table


def comparison(plan: Plan) -> Table:
    table = Table(
        title="Both schedules on fresh replications (seeds the plan never saw)",
        caption="below: intervals under target; clearly: their whole 95% interval is under",
    )
    for name in ("schedule", "agent-h", "below", "clearly", "worst SL", "worst missed"):
        table.add_column(name, justify="right" if name != "schedule" else "left")
    names = {"plan": "this plan", "erlang_a": "Erlang A per interval"}
    for c in plan.checks:
        table.add_row(
            names.get(c.schedule, c.schedule),
            f"{c.agent_hours:,.0f}",
            str(c.below_target),
            str(c.significantly_below),
            f"{c.worst_service_level:.1%}",
            f"{c.worst_missed_rate:.1%}",
        )
    return table
