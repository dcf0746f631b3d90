"""`surgedesk drill NAME --headless [--actions FILE] [--json]`: a drill played without a
screen from a file of timed team actions, its log and score printed (not recorded)."""

from __future__ import annotations

import argparse
import json
import sys

from rich.console import Console
from rich.table import Table

from tui.cli import budget

STATUS_STYLES = {"met": "green", "late": "yellow", "missed": "bold red", "pending": "dim"}


def run_headless(args: argparse.Namespace, out: Console) -> int:
    from sim.exercise.actions_file import load_actions
    from sim.exercise.build import build
    from sim.exercise.loading import load_drill, resolve_drill
    from sim.session.drill import DrillSession
    from sim.session.headless import play

    built = build(load_drill(resolve_drill(args.drill)))
    actions = [] if args.actions is None else load_actions(args.actions, built.scenario)
    budget.check(args, built.scenario, fired=budget.fired_surges(actions))
    seed = built.seed if args.seed is None else args.seed
    result = play(DrillSession.start(built, seed=seed), actions)
    if args.json:
        sys.stdout.write(json.dumps(result.as_dict(), indent=2, sort_keys=True) + "\n")
        return 0
    for line in result.log:
        out.print(f"{line.clock:>12}  {line.kind:<10} {line.text}", markup=False, highlight=False)
    table = Table(title=f"Score: {built.drill.name}", title_justify="left")
    for column in ("inject", "expected", "result", "evidence"):
        table.add_column(column)
    for e in result.score.expectations:
        style = STATUS_STYLES[e.status]
        result_text = f"[{style}]{e.status.upper()}[/]"
        table.add_row(e.inject_id, e.description or e.action, result_text, e.how)
    out.print(table)
    for o in result.score.objectives:
        mark = "[green]passed[/]" if o.passed else "[bold red]failed[/]"
        value = "nothing to measure" if o.value is None else f"measured {o.value:.4g}"
        out.print(f"{mark}  {o.metric} {o.op} {o.target:g} ({value})")
    out.print(f"overall {result.score.overall:.0%}")
    return 0
