"""`surgedesk sweep`: a what-if grid as a table, a terminal chart and a lever ranking."""

from __future__ import annotations

import argparse
import math
import sys
from typing import TYPE_CHECKING, Any

from tui.cli import budget, common
from tui.cli.common import UsageError

if TYPE_CHECKING:
    from rich.console import Console, Group
    from rich.text import Text

    from sim.analysis.sweep import Outcome, SweepResult, Vary


MAX_VARIANTS = 1_000
"""Combinations one sweep runs: a grid of a thousand is already hours of replications, and
20,000 values took minutes just to validate before the budget could refuse them."""
BAR = 12  # cells in the missed-rate bar


def add_parser(sub: Any) -> None:
    sweep = sub.add_parser("sweep", help="what-if grid: vary scenario keys, compare outcomes")
    sweep.add_argument("scenario", help="a bundled scenario name or a TOML file")
    sweep.add_argument(
        "--vary",
        action="append",
        default=[],
        metavar="KEY=V1,V2",
        help="a lever and its values, e.g. advocates.answer_share=0,0.1 (repeatable)",
    )
    sweep.add_argument("--reps", type=int, default=10, help="replications per variant (10)")
    sweep.add_argument("--seed", type=common.seed, help="root seed (default: the scenario's own)")
    sweep.add_argument(
        "--workers", type=common.workers, help="local processes (default: all cores)"
    )
    sweep.add_argument(
        "--no-plan",
        dest="plan",
        action="store_false",
        help="skip planning each variant's required agent-hours (faster)",
    )
    sweep.add_argument("--role", help="the team to plan (default: the first)")
    sweep.add_argument("--sl", type=float, default=0.9, help="service level target (0.9)")
    sweep.add_argument("--max-missed", type=float, default=0.02, help="missed target (0.02)")
    sweep.add_argument("--json", action="store_true", help="print the result as JSON")
    budget.add_flags(sweep)
    sweep.add_argument("--out", type=common.folder, metavar="DIR", help="write sweep.json to DIR")


def run(args: argparse.Namespace, out: Console) -> int:

    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from sim.analysis.measure import Targets
    from sim.analysis.replications import mapper
    from sim.analysis.sweep import build_grid, parse_vary, sweep
    from sim.model.errors import read_text
    from sim.model.library import resolve
    from sim.model.loading import load_scenario, load_toml
    from sim.present.results import write_atomic

    try:
        varies = [parse_vary(v) for v in args.vary]
    except ValueError as exc:
        raise UsageError(f"--vary: {exc}") from None
    if not varies:
        raise UsageError(
            "--vary: give at least one lever, e.g. --vary advocates.answer_share=0,0.2"
        )
    if args.reps < 2:
        raise UsageError(f"--reps: expected 2 or more replications, got {args.reps}")
    keys = [v.key for v in varies]
    twice = next((k for k in keys if keys.count(k) > 1), None)
    if twice is not None:
        raise UsageError(f"--vary {twice}: given twice; give all its values once (KEY=V1,V2)")
    variants = math.prod(len(v.values) for v in varies)
    if variants > MAX_VARIANTS:
        raise UsageError(
            f"--vary: {variants:,} combinations; a sweep takes at most {MAX_VARIANTS:,} "
            "(each is validated, then run --reps times): give fewer values"
        )
    path = resolve(args.scenario)
    scenario = load_scenario(path)  # a clear message, with lines, if the file itself is bad
    data = load_toml(read_text(path), str(path))  # (a pipe gives the same text again)
    grid = build_grid(data, str(path), varies)  # every variant validated before any runs
    budget.check(args, scenario, runs=args.reps, variants=grid.every)
    role = None
    if args.plan:
        role = args.role or (scenario.team[0].label if scenario.team else None)
        if role is None:
            raise UsageError(f"{args.scenario}: the scenario has no [[team]] to plan")
    err = Console(stderr=True)
    progress = Progress(
        TextColumn("[bold]sweeping"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
    with mapper(args.workers) as m, progress:
        task = progress.add_task("sweep", total=None)
        result = sweep(
            grid,
            replications=args.reps,
            seed=args.seed,
            mapper=m,
            role=role,
            targets=Targets(args.sl, args.max_missed),
            progress=lambda done, total: progress.update(task, completed=done, total=total),
        )
    if args.json:
        sys.stdout.write(sweep_json(result))
    else:
        out.print(render(result, varies))
    if args.out is not None:
        try:
            write_atomic(args.out / "sweep.json", sweep_json(result))
        except OSError as exc:
            raise UsageError(f"--out: cannot write to {args.out} ({exc.strerror})") from None
    return 0


def _dict(o: Outcome) -> dict[str, Any]:
    d = dict(o.__dict__)
    d.pop("per_rep_missed")
    return d


def sweep_json(result: SweepResult) -> str:
    import json

    return (
        json.dumps(
            {
                "scenario": result.scenario,
                "replications": result.replications,
                "seed": result.seed,
                "base": _dict(result.base),
                "variants": [_dict(v) for v in result.variants],
                "sensitivity": [s.__dict__ for s in result.sensitivity],
            },
            indent=2,
            default=str,
        )
        + "\n"
    )


def render(result: SweepResult, varies: list[Vary]) -> Group:
    from rich.console import Group
    from rich.table import Table

    from sim.analysis.sweep import lever_ranking

    planned = result.base.agent_hours is not None
    table = Table(
        title=f"{result.scenario} · what if · {result.replications} replications each",
        caption="± is a 95% interval across replications (common random numbers)",
    )
    # On a narrow terminal a lever's key folds onto a second line rather than being cut
    # short ("team.care…"), and the bar keeps its width: the figures beside them wrap.
    for v in varies:
        table.add_column(v.key, overflow="fold")
    table.add_column("service level", justify="right")
    table.add_column("missed", justify="right")
    if planned:
        table.add_column("agent-h needed", justify="right")
    table.add_column("missed rate", justify="left", no_wrap=True, min_width=BAR)
    worst = max([o.missed_rate for o in [result.base, *result.variants]] + [1e-9])
    for o in [result.base, *result.variants]:
        cells: list[str | Text] = [str(o.changes.get(v.key, "as written")) for v in varies]
        cells += [
            f"{o.service_level:.1%} ± {o.service_level_ci:.1%}",
            f"{o.missed_rate:.1%} ± {o.missed_rate_ci:.1%}",
        ]
        if planned:
            cells.append(f"{o.agent_hours:,.0f}")
        cells.append(_bar(o.missed_rate / worst))
        table.add_row(*cells, style="dim" if not o.changes else None)
    ranking = Table(title="Which lever moves missed responses most (one at a time)")
    ranking.add_column("rank", justify="right")
    ranking.add_column("lever")
    ranking.add_column("largest change in missed rate (points)", justify="right")
    for i, (key, effect) in enumerate(lever_ranking(result), start=1):
        ranking.add_row(str(i), key, f"{effect * 100:.2f} pp")
    detail = Table(title="Each value alone, against the scenario as written")
    detail.add_column("lever")
    detail.add_column("value")
    detail.add_column("Δ missed rate (points)", justify="right")
    for s in result.sensitivity:
        delta = f"{s.delta_missed_rate * 100:+.2f} ± {s.ci * 100:.2f} pp"
        detail.add_row(s.key, str(s.value), delta)
    return Group(table, ranking, detail)


def _bar(share: float, width: int = BAR) -> Text:
    from rich.text import Text

    n = round(max(0.0, min(1.0, share)) * width)
    return Text("█" * n + "·" * (width - n), style="red" if share > 0.66 else "yellow")
