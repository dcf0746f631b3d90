"""A roster as a team lead reads it: shifts in clock time, what it covers, what it cannot.

One row per shift (team, start, end, break, people), a plain-words report of any time no
pattern can staff, and a scenario file with the roster as the team's staffing so that
`surgedesk run` and the dashboard play it.
"""

from __future__ import annotations

import copy
import math
from datetime import datetime
from typing import Any

from rich.table import Table

from sim.analysis.roster import Gap, Roster, RosterShift
from sim.analysis.rostering import ProvenRoster, productive
from sim.model.units import counted
from sim.present.format import format_duration, iso_time, weekday_label
from sim.present.toml_text import dumps


def shift_row(s: RosterShift, start: datetime) -> dict[str, object]:
    end = s.start + s.length
    row: dict[str, object] = {
        "team": s.team,
        "pattern": s.pattern,
        "start": iso_time(start, s.start),
        "end": iso_time(start, end),
        "label": f"{weekday_label(start, s.start)}–{weekday_label(start, end)[-5:]}",
        "length_min": s.length,
        "break_start": iso_time(start, s.start + s.break_at) if s.break_at is not None else "",
        "break_min": s.break_min,
        "people": s.people,
    }
    return row


def shift_rows(roster: Roster, start: datetime) -> list[dict[str, object]]:
    return [shift_row(s, start) for s in roster.shifts]


def gap_lines(gaps: list[Gap], step: float, start: datetime) -> list[str]:
    """Runs of uncoverable moments, one line each: when, why, and how many were needed."""
    lines: list[str] = []
    run: list[Gap] = []
    for gap in [*gaps, None]:
        if run and (gap is None or gap.t != run[-1].t + step or gap.reason != run[0].reason):
            need = sorted({g.required for g in run})
            needed = f"{need[0]}" if len(need) == 1 else f"{need[0]}–{need[-1]}"
            reach = f", at most {run[0].reachable} reachable" if run[0].reachable else ""
            lines.append(
                f"{weekday_label(start, run[0].t)}–{weekday_label(start, run[-1].t + step)[-5:]}"
                f": {run[0].reason} ({needed} people needed{reach})"
            )
            run = []
        if gap is not None:
            run.append(gap)
    return lines


def roster_summary(proven: ProvenRoster) -> dict[str, object]:
    r = proven.roster
    return {
        "agent_hours": r.agent_hours,
        "lower_bound_agent_hours": r.lower_bound_agent_hours,
        "cost": r.cost,
        "lower_bound_cost": r.lower_bound_cost,
        "grid_min": r.step,
        "rounds": proven.rounds,
        "meets_targets": proven.meets_targets,
        "status": r.status,
    }


def roster_table(proven: ProvenRoster, start: datetime) -> Table:
    r = proven.roster
    # An integer roster cannot cost less than its relaxation: a negative gap is the
    # solver's rounding, and "-0.0%" reads as a bug.
    gap = max(0.0, r.cost / r.lower_bound_cost - 1) if r.lower_bound_cost else 0.0
    verdict = "meets the targets" if proven.meets_targets else "does NOT meet the targets"
    people = sum(s.people for s in r.shifts)
    # People on shift: with shrinkage, more than the productive agent-hours of the plan.
    hours = f"{r.agent_hours:,.0f} people-hours (LP lower bound {r.lower_bound_agent_hours:,.1f})"
    if math.isclose(r.cost, r.agent_hours):  # every pattern at 1 an hour: cost is hours
        costs = f"{gap:.1%} above the bound"
    else:
        costs = f"cost {r.cost:,.1f} (LP lower bound {r.lower_bound_cost:,.1f}), {gap:.1%} above it"
    on = counted(people, "person", "people")
    table = Table(
        title=f"Roster · {r.team} · {len(r.shifts)} shift types, {on}",
        caption=(
            f"{hours}; {costs}; proven in {counted(proven.rounds, 'round')}: {verdict} on the "
            "plan's replications and on fresh seeds"
        ),
    )
    for name in ("team", "start", "end", "break", "length", "people"):
        table.add_column(
            name, justify="right" if name in ("length", "people") else "left", no_wrap=True
        )
    for s in r.shifts:
        end = s.start + s.length
        brk = ""
        if s.break_at is not None:
            at = s.start + s.break_at
            brk = f"{weekday_label(start, at)[-5:]}–{weekday_label(start, at + s.break_min)[-5:]}"
        table.add_row(
            s.team, weekday_label(start, s.start), weekday_label(start, end), brk,
            format_duration(s.length), str(s.people),
        )  # fmt: skip
    return table


def roster_scenario(
    data: dict[str, Any], rosters: dict[str, ProvenRoster], shrinkage: float, start: datetime
) -> str:
    """The scenario's TOML with each rostered team staffed by its roster (productive
    agents, on the roster's grid); the shifts themselves are listed in the header.

    A scenario's `[[team.shift]]` repeats daily and has no break, so a dated roster with
    breaks is written as the per-interval `schedule` it produces, exactly what the proof ran.
    """
    out = copy.deepcopy(data)
    names = ", ".join(rosters)
    lines = [
        f"Rosters for {names} written by `surgedesk plan --shifts`: each team's schedule",
        f"below is the productive agents its shifts put on (shrinkage {shrinkage:g}).",
    ]
    for role, proven in rosters.items():
        r = proven.roster
        team = next(t for t in out.get("team", []) if role in (t.get("name"), t.get("role")))
        for gone in ("agents", "shift", "schedule"):
            team.pop(gone, None)
        team["schedule"] = {
            "interval": format_duration(r.step),
            "agents": productive(r.coverage, shrinkage),
        }
        lines += ["", f"{role}, every {format_duration(r.step)}:"]
        for row in shift_rows(r, start):
            brk = str(row["break_start"])[11:16] or "-"
            on = counted(int(str(row["people"])), "person", "people")
            lines.append(f"{row['label']}  break {brk:5}  {on}")
    return dumps(out, header="\n".join(lines))
