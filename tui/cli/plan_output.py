"""What `surgedesk plan` shows and writes: tables on the terminal, JSON, and the `--out` set.

One team or every team, with or without rosters, the same way: the requirement table, the
roster's shifts, how each schedule did on fresh seeds; `--out` writes `plan.json`,
`plan.csv` and, with rosters, `roster.csv` (every team's shifts) and `roster.toml` (the
scenario staffed by them, checked to load before anything is written).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from typing import TYPE_CHECKING

from rich.console import Console

from tui.cli.common import UsageError

if TYPE_CHECKING:
    from sim.analysis.plan import Plan
    from sim.analysis.rostering import ProvenRoster
    from sim.analysis.teams import TeamPlans
    from sim.model.scenario import Scenario


def show_plan(
    args: argparse.Namespace,
    out: Console,
    scenario: Scenario,
    plan: Plan,
    proven: ProvenRoster | None,
) -> None:
    """One team's plan (and roster): printed, then written with `--out`."""
    from sim.present.planning import as_csv, as_json, interval_rows, plan_dict

    start = scenario.meta.start
    data = as_json(plan_dict(plan, start, proven))
    rosters = {plan.role: proven} if proven is not None else {}
    if args.json:
        sys.stdout.write(data)
    else:
        _print_team(out, scenario, plan, proven)
    _refuse_uncoverable(rosters, scenario)
    files = {"plan.json": data, "plan.csv": as_csv(interval_rows(plan, start, proven))}
    _write(args, out, scenario, files, rosters, plan.shrinkage)


def show_teams(
    args: argparse.Namespace,
    out: Console,
    scenario: Scenario,
    result: TeamPlans,
    rosters: dict[str, ProvenRoster],
) -> None:
    """Every team's plan (and roster), side by side in the files."""
    from sim.present.planning import as_csv, as_json, team_rows, teams_dict

    start = scenario.meta.start
    data = as_json(teams_dict(result, start, rosters))
    if args.json:
        sys.stdout.write(data)
    else:
        for role, plan in result.plans.items():
            _print_team(out, scenario, plan, rosters.get(role))
        verdict = "settled" if result.settled else "NOT settled (plans still moving)"
        out.print(
            f"every team planned against the others' plans: {result.passes} passes, {verdict}"
        )
        if not result.settled:
            out.print(_unsettled(result), style="yellow")
        if rosters:
            held = all(r.meets_targets for r in rosters.values())
            out.print(
                f"rosters proven together: {'every team meets' if held else 'NOT every team meets'}"
                " its targets with every team on its roster"
            )
    _refuse_uncoverable(rosters, scenario)
    files = {"plan.json": data, "plan.csv": as_csv(team_rows(result, start, rosters))}
    shrinkage = next(iter(result.plans.values())).shrinkage
    _write(args, out, scenario, files, rosters, shrinkage)


def _print_team(out: Console, scenario: Scenario, plan: Plan, proven: ProvenRoster | None) -> None:
    from sim.present.planning import comparison, plan_table, proof_line, unreachable_line
    from sim.present.rostering import roster_table

    start = scenario.meta.start
    out.print(plan_table(plan, start))
    if (line := unreachable_line(plan, start)) is not None:
        out.print(line, style="yellow", markup=False, highlight=False)
    if proven is not None and proven.roster.feasible:
        out.print(roster_table(proven, start))
    checked = plan
    if proven is not None and proven.check is not None:
        checked = replace(plan, checks=[*plan.checks, proven.check])
    out.print(comparison(checked, start))
    if (verdict := proof_line(plan)) is not None:
        out.print(verdict, style="bold red", markup=False, highlight=False)


def _refuse_uncoverable(rosters: dict[str, ProvenRoster], scenario: Scenario) -> None:
    """A roster no pattern can cover is named, time by time, and nothing is written."""
    from sim.present.rostering import gap_lines

    for role, proven in rosters.items():
        roster = proven.roster
        if roster.feasible:
            continue
        gaps = gap_lines(roster.gaps, roster.step, scenario.meta.start)
        why = "; ".join(gaps) or f"the solver says: {roster.status}"
        team = f" for {role}" if len(rosters) > 1 else ""
        raise UsageError(f"--shifts: no roster{team} can cover the requirement: {why}")


def _write(
    args: argparse.Namespace,
    out: Console,
    scenario: Scenario,
    files: dict[str, str],
    rosters: dict[str, ProvenRoster],
    shrinkage: float,
) -> None:
    from sim.model.library import resolve
    from sim.model.loading import load_toml, parse_scenario
    from sim.present.fileset import write_set
    from sim.present.planning import as_csv
    from sim.present.rostering import roster_scenario, shift_rows

    if args.out is None:
        return
    start = scenario.meta.start
    if rosters:
        path = resolve(args.scenario)
        raw = load_toml(path.read_text(encoding="utf-8"), str(path))
        text = roster_scenario(raw, rosters, shrinkage, start)
        parse_scenario(text, "roster.toml")  # what is written must load
        rows = [row for r in rosters.values() for row in shift_rows(r.roster, start)]
        files["roster.csv"] = as_csv(rows)
        files["roster.toml"] = text
    try:
        write_set(args.out, files)
    except OSError as exc:
        raise UsageError(f"--out: cannot write to {args.out} ({exc.strerror})") from None
    if not args.json:
        out.print(f"wrote {', '.join(str(args.out / name) for name in files)}", markup=False)


def _unsettled(result: TeamPlans) -> str:
    """What a plan that did not settle is worth: each team's shortfall on fresh seeds."""
    from sim.model.units import counted

    short = []
    for role, plan in result.plans.items():
        check = next((c for c in plan.checks if c.schedule == "plan"), None)
        if check is not None and check.below_target:
            short.append(f"{role} {counted(check.below_target, 'interval')}")
    where = (
        "on fresh seeds, below target: " + ", ".join(short)
        if short
        else "on fresh seeds every team meets its targets"
    )
    return (
        f"Use with care: the teams' plans still moved each other in the last pass; {where}. "
        "More replications (--reps) steady the passes."
    )
