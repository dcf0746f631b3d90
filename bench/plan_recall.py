"""Planner benchmark: wall time to plan the recall scenario (hourly, 72 h, 20 replications)
with 1 and 2 worker processes, and simulated mentions per second.

Run: `python -m bench.plan_recall [--reps 20] [--record]`. Target (issue): under a minute
on a 2-core machine.
"""

from __future__ import annotations

import argparse
import time

from rich.console import Console
from rich.table import Table

from bench.recording import machine, record, section_markers
from sim.analysis.plan import Plan, plan_staffing
from sim.analysis.replications import mapper
from sim.model.library import resolve
from sim.model.loading import load_scenario


def time_plan(workers: int, reps: int) -> tuple[float, Plan]:
    scenario = load_scenario(resolve("recall"))
    began = time.perf_counter()
    with mapper(workers) as m:
        plan = plan_staffing(scenario, "care", replications=reps, mapper=m)
    return time.perf_counter() - began, plan


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.plan_recall", description=__doc__)
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--record", action="store_true", help="write the table to RESULTS.md")
    args = parser.parse_args(argv)
    rows = []
    plans = []
    for workers in args.workers:
        seconds, plan = time_plan(workers, args.reps)
        plans.append(plan)
        rows.append(
            [
                str(workers),
                f"{seconds:.1f}",
                str(plan.iterations),
                f"{plan.mentions_simulated:,}",
                f"{plan.mentions_simulated / seconds:,.0f}",
                "yes" if seconds < 60 else "no",
            ]
        )
    same = all(p.intervals == plans[0].intervals for p in plans)
    headers = ["workers", "wall s", "iterations", "mentions simulated", "mentions/s", "< 1 min"]
    table = Table(*headers, title="Planning the recall scenario (72 h, hourly)")
    for row in rows:
        table.add_row(*row)
    console = Console()
    console.print(table)
    console.print(f"identical plans across worker counts: {same}")
    if args.record:
        start, end = section_markers("plan_recall")
        info = machine(("numpy", "simpy", "scipy"))
        lines = [
            start,
            "## Planner: the recall scenario",
            "",
            f"`surgedesk plan recall` equivalent: role care, hourly intervals over 72 h, "
            f"{args.reps} replications, SL ≥ 90%, missed ≤ 2%, confidence 0.9, plus the check "
            f"of both schedules on {args.reps} fresh replications each.",
            "",
            "| " + " | ".join(headers) + " |",
            "|" + "|".join("---:" for _ in headers) + "|",
            *("| " + " | ".join(r) + " |" for r in rows),
            "",
            f"Identical plans across worker counts: {same}. Agent-hours: "
            f"{plans[0].agent_hours:,.0f} (per-interval Erlang A: "
            f"{plans[0].erlang_a_agent_hours:,.0f}).",
            "",
            "Machine:",
            "",
            *(f"- {k}: {v}" for k, v in info.items()),
            "",
            f"Command: `python -m bench.plan_recall --reps {args.reps} --record`",
            end,
            "",
        ]
        record("plan_recall", "\n".join(lines))
        console.print("recorded in RESULTS.md")


if __name__ == "__main__":
    main()
