"""Planner benchmark: wall time to plan the recall scenario (hourly, 72 h, 20 replications)
with 1 and 2 worker processes, and simulated mentions per second; with `--roster`, also
the time to solve its roster (8, 6 and 4-hour shifts on any hour: one integer program of
72 hourly intervals by 231 shift types, with its two linear relaxations for the lower
bounds) and to prove it by simulation.

Run: `python -m bench.plan_recall [--reps 20] [--roster] [--record]`. Target (issue):
under a minute on a 2-core machine.
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


PATTERNS = """
[[shift]]
length = "8h"
[[shift]]
length = "6h"
cost_per_hour = 1.05
[[shift]]
length = "4h"
cost_per_hour = 1.1
"""


def time_roster(plan: Plan, workers: int) -> list[str]:
    """Solve and prove the plan's roster: solver milliseconds, proof seconds, the figures."""
    from sim.analysis.roster import solve_roster
    from sim.analysis.rostering import prove_roster
    from sim.model.shifts import parse_shifts

    scenario = load_scenario(resolve("recall"))
    patterns = parse_shifts(PATTERNS)
    people = plan.scheduled
    began = time.perf_counter()
    roster = solve_roster("care", people, 60, patterns, scenario.meta.duration, scenario.meta.start)
    solve_ms = (time.perf_counter() - began) * 1000
    began = time.perf_counter()
    with mapper(workers) as m:
        proven = prove_roster(scenario, plan, patterns, mapper=m)
    prove_s = time.perf_counter() - began
    below = proven.check.below_target if proven.check else -1
    return [
        f"{solve_ms:.0f}",
        f"{roster.agent_hours:,.0f}",
        f"{roster.lower_bound_agent_hours:,.1f}",
        f"{prove_s:.1f}",
        str(proven.rounds),
        f"{proven.roster.agent_hours:,.0f}",
        str(below),
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.plan_recall", description=__doc__)
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--roster", action="store_true", help="also solve and prove a roster")
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
    roster_row: list[str] = []
    roster_headers = ["solve ms", "agent-h", "LP bound", "prove s", "rounds", "proven agent-h",
                      "fresh below"]  # fmt: skip
    if args.roster:
        roster_row = time_roster(plans[-1], args.workers[-1])
        roster_table = Table(*roster_headers, title="Its roster: 8/6/4-hour shifts on any hour")
        roster_table.add_row(*roster_row)
        console.print(roster_table)
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
            *(
                [
                    f"Its roster (8, 6 and 4-hour shifts on any hour, 231 shift types; proven "
                    f"with {args.workers[-1]} workers):",
                    "",
                    "| " + " | ".join(roster_headers) + " |",
                    "|" + "|".join("---:" for _ in roster_headers) + "|",
                    "| " + " | ".join(roster_row) + " |",
                    "",
                ]
                if roster_row
                else []
            ),
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
