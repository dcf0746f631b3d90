"""A staffing plan as people read it: clock times, a table, CSV and JSON with stable names.

Every time is the scenario's wall clock (`Mon 14:00` in tables, ISO in files), never
minutes from the start: a planner hands this to a team lead. The same dicts feed the
JSON, the CSV and the dashboard's planner screen, so they cannot disagree.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime

from rich import box
from rich.table import Table

from sim.analysis.plan import Plan
from sim.analysis.progress import Step
from sim.analysis.rostering import ProvenRoster
from sim.analysis.teams import TeamPlans
from sim.model.units import counted
from sim.present.format import format_duration, iso_time, weekday_label
from sim.present.rostering import gap_lines, roster_summary, shift_rows


def interval_rows(
    plan: Plan, start: datetime, proven: ProvenRoster | None = None
) -> list[dict[str, object]]:
    """One row per interval: its clock start, the requirement, what is scheduled, how the
    plan did on its replications and how the schedule did on fresh seeds."""
    required = proven.required if proven else plan.agents
    people = proven.scheduled if proven else plan.scheduled
    scheduled = proven.covered if proven and proven.covered else people
    check = proven.check if proven else next((c for c in plan.checks if c.schedule == "plan"), None)
    rows = []
    for i, iv in enumerate(plan.intervals):
        row: dict[str, object] = {
            "start": iso_time(start, iv.t_start),
            "label": weekday_label(start, iv.t_start),
            "required": {plan.role: required[i]},
            "required_people": {plan.role: people[i]},
            "scheduled": {plan.role: scheduled[i]},
            **{k: v for k, v in iv.__dict__.items() if k not in ("t_start", "scheduled")},
        }
        if check is not None and check.service_levels:
            row["check"] = {
                "schedule": check.schedule,
                "service_level": check.service_levels[i],
                "missed_rate": check.missed_rates[i],
                "meets": i not in check.below,
                "by_channel": {
                    name: {
                        "service_level": f["service_level"][i],
                        "missed_rate": f["missed_rate"][i],
                    }
                    for name, f in check.by_channel.items()
                },
            }
        rows.append(row)
    return rows


def plan_dict(plan: Plan, start: datetime, proven: ProvenRoster | None = None) -> dict[str, object]:
    t = plan.targets
    checks = [*plan.checks, *([proven.check] if proven and proven.check else [])]
    data: dict[str, object] = {
        "scenario": plan.scenario,
        "role": plan.role,
        "start": start.isoformat(),
        "interval_min": plan.interval_min,
        "targets": {
            "service_level": t.service_level,
            "max_missed": t.max_missed,
            "confidence": t.confidence,
            "max_occupancy": t.max_occupancy,
            "by_channel": [c.__dict__ for c in t.by_channel],
        },
        "shrinkage": plan.shrinkage,
        "replications": plan.replications,
        "seed": plan.seed,
        "iterations": plan.iterations,
        "converged": plan.converged,
        "proven": proof_line(plan) is None,
        "unreachable": [iso_time(start, i * plan.interval_min) for i in plan.unreachable],
        "required_agent_hours": plan.agent_hours,
        "scheduled_agent_hours": plan.scheduled_hours,
        "agent_hours": plan.scheduled_hours,
        "lower_bound_agent_hours": plan.scheduled_hours,
        "erlang_a_agent_hours": plan.erlang_a_agent_hours,
        "intervals": interval_rows(plan, start, proven),
        "checks": [
            {**c.__dict__, "below": [iso_time(start, i * plan.interval_min) for i in c.below]}
            for c in checks
        ],
    }
    if proven is not None:
        roster = proven.roster
        data.update(
            {
                "agent_hours": roster.agent_hours,
                "lower_bound_agent_hours": roster.lower_bound_agent_hours,
                "roster": roster_summary(proven),
                "raised": [iso_time(start, i * plan.interval_min) for i in proven.raised],
                "shifts": shift_rows(roster, start),
                "uncovered": gap_lines(roster.gaps, roster.step, start),
            }
        )
    return data


def as_json(data: dict[str, object]) -> str:
    return json.dumps(data, indent=2) + "\n"


def as_csv(rows: list[dict[str, object]]) -> str:
    """Rows as CSV; nested per-team figures become one column per team (`required_care`)."""
    flat = []
    for row in rows:
        out: dict[str, object] = {}
        for key, value in row.items():
            if isinstance(value, dict):
                out.update({f"{key}_{team}": v for team, v in value.items()})
            else:
                out[key] = value
        flat.append(out)
    buffer = io.StringIO()
    if flat:
        writer = csv.DictWriter(buffer, fieldnames=list(flat[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(flat)
    return buffer.getvalue()


def _signed(n: int) -> str:
    return "·" if n == 0 else f"{n:+d}"


WEEK_MIN = 7 * 24 * 60


def _dated(plan: Plan) -> bool:
    """Does a weekday repeat in this plan? Then its times carry their dates."""
    return len(plan.intervals) * plan.interval_min > WEEK_MIN


def plan_table(plan: Plan, start: datetime) -> Table:
    t = plan.targets
    dated = _dated(plan)
    cap = f", occupancy ≤ {t.max_occupancy:.0%}" if t.max_occupancy is not None else ""
    for c in t.by_channel:
        within = f" in {format_duration(c.within)}" if c.within is not None else ""
        cap += f"; {c.channel} SL ≥ {c.service_level:.0%}{within}, missed ≤ {c.max_missed:.1%}"
    gross = f"; people = ⌈agents / (1 − {plan.shrinkage:g})⌉" if plan.shrinkage else ""
    table = Table(
        box=box.SIMPLE_HEAD,
        collapse_padding=True,
        pad_edge=False,
        title=(
            f"{plan.scenario} · {plan.role} · SL ≥ {t.service_level:.0%}, "
            f"missed ≤ {t.max_missed:.1%}{cap} · {plan.replications} replications"
        ),
        caption=(
            f"agent-hours: {plan.agent_hours:,.0f} planned, {plan.erlang_a_agent_hours:,.0f} by EA"
            + (f", {plan.scheduled_hours:,.0f} people-hours" if plan.shrinkage else "")
            + f". {counted(plan.iterations, 'iteration')}, "
            f"{'converged' if plan.converged else 'NOT converged'}"
            "; arrivals and EA (per-interval Erlang A) from the scenario's exact rates; "
            f"vs EA: agents minus EA; ± is a 95% interval across replications{gross}"
        ),
    )
    columns = ["interval", "arrivals", "load", "EA", "agents", "vs EA"]
    columns += ["people"] if plan.shrinkage else []
    columns += ["SL %", "missed %", "occ."]
    keep = ("interval", "SL %", "missed %")  # clock times and ± figures must not break
    for name in columns:
        # Where 80 columns are too few (shrinkage adds "people"), only a two-word header
        # narrows, onto two lines ("vs" over "EA"): a one-word one was cut ("arriva…").
        table.add_column(
            name,
            justify="left" if name == "interval" else "right",
            no_wrap=name in keep or " " not in name,
        )
    for iv in plan.intervals:
        people = [str(iv.scheduled)] if plan.shrinkage else []
        table.add_row(
            weekday_label(start, iv.t_start, dated),
            f"{iv.arrivals:.0f}",
            f"{iv.offered_load:.1f}",
            str(iv.erlang_a_agents),
            f"[bold]{iv.agents}[/]",
            _signed(iv.agents - iv.erlang_a_agents),
            *people,
            f"{iv.service_level * 100:.1f}±{iv.service_level_ci * 100:.1f}",
            f"{iv.missed_rate * 100:.1f}±{iv.missed_rate_ci * 100:.1f}",
            f"{iv.occupancy:.0%}",
        )
    return table


def unreachable_line(plan: Plan, start: datetime) -> str | None:
    """Where staffing cannot meet the targets, said once, with what the plan did there."""
    if not plan.unreachable:
        return None
    when = [weekday_label(start, i * plan.interval_min, _dated(plan)) for i in plan.unreachable]
    shown = ", ".join(when[:6]) + (" …" if len(when) > 6 else "")
    return (
        f"No staffing of {plan.role} meets the targets in {counted(len(when), 'interval')} "
        f"({shown}): they miss with the agents idle most of the time, so what misses is not "
        "waiting for an agent (listening delay, or work no agent of this team takes). "
        "They are staffed for the work that reaches the team."
    )


def proof_line(plan: Plan) -> str | None:
    """The plan's verdict when fresh seeds clearly disprove it, said as the conclusion.

    A plan searched on a few replications of a volatile scenario (a fitted history's Cox
    level) is tuned to the level paths those replications drew; on fresh seeds it can miss
    widely while the search reads "converged" (trial 3: 277 of 1,324 hours below)."""
    check = next((c for c in plan.checks if c.schedule == "plan"), None)
    if check is None or not check.significantly_below:
        return None
    return (
        f"NOT proven: on fresh seeds this plan is below target in "
        f"{check.below_target:,} of {counted(len(plan.intervals), 'interval')} "
        f"({check.significantly_below:,} clearly; worst SL {check.worst_service_level:.1%}, "
        f"worst missed {check.worst_missed_rate:.1%}). Its {plan.replications} replications "
        "do not cover this scenario's variability: raise --reps."
    )


def comparison(plan: Plan, start: datetime) -> Table:
    table = Table(
        title="Both schedules on seeds neither was fitted to (the plan: fresh ones)",
        caption="below: intervals under target; clearly: their whole 95% interval is under",
    )
    for name in ("schedule", "agent-h", "below", "clearly", "worst SL", "worst missed", "where"):
        table.add_column(name, justify="left" if name in ("schedule", "where") else "right")
    names = {"plan": "this plan", "erlang_a": "Erlang A per interval", "roster": "the roster"}
    for c in plan.checks:
        where = ", ".join(
            weekday_label(start, i * plan.interval_min, _dated(plan)) for i in c.below[:4]
        )
        table.add_row(
            names.get(c.schedule, c.schedule),
            f"{c.agent_hours:,.0f}",
            str(c.below_target),
            str(c.significantly_below),
            f"{c.worst_service_level:.1%}",
            f"{c.worst_missed_rate:.1%}",
            where + (" …" if len(c.below) > 4 else ""),
        )
    return table


def stage_label(step: Step) -> str:
    """'searching · iteration 3 · 12/20 replications': what a progress bar's text says."""
    head = f"{step.stage} · iteration {step.iteration}" if step.iteration else step.stage
    return f"{head} · {step.done}/{step.total} replications"


def team_rows(
    result: TeamPlans, start: datetime, rosters: dict[str, ProvenRoster] | None = None
) -> list[dict[str, object]]:
    """One row per interval with every team's requirement and schedule side by side (with
    rosters: the requirement after the rosters' raises, and the people they have on)."""
    plans = list(result.plans.values())
    rosters = rosters or {}
    required = {p.role: rosters[p.role].required if p.role in rosters else p.agents for p in plans}
    scheduled = {
        p.role: rosters[p.role].covered if rosters.get(p.role) and rosters[p.role].covered
        else p.scheduled
        for p in plans
    }  # fmt: skip
    return [
        {
            "start": iso_time(start, iv.t_start),
            "label": weekday_label(start, iv.t_start),
            "required": {role: need[i] for role, need in required.items()},
            "scheduled": {role: people[i] for role, people in scheduled.items()},
            "erlang_a": {p.role: p.intervals[i].erlang_a_agents for p in plans},
        }
        for i, iv in enumerate(plans[0].intervals)
    ]


def teams_dict(
    result: TeamPlans, start: datetime, rosters: dict[str, ProvenRoster] | None = None
) -> dict[str, object]:
    plans = result.plans.values()
    rosters = rosters or {}
    data: dict[str, object] = {
        "scenario": next(iter(plans)).scenario,
        "teams": list(result.plans),
        "passes": result.passes,
        "settled": result.settled,
        "required_agent_hours": sum(p.agent_hours for p in plans),
        "agent_hours": sum(p.scheduled_hours for p in plans),
        "lower_bound_agent_hours": sum(p.scheduled_hours for p in plans),
        "intervals": team_rows(result, start, rosters),
        "by_team": {
            role: plan_dict(p, start, rosters.get(role)) for role, p in result.plans.items()
        },
    }
    if rosters:
        proven = rosters.values()
        data.update(
            {
                "agent_hours": sum(r.roster.agent_hours for r in proven),
                "lower_bound_agent_hours": sum(r.roster.lower_bound_agent_hours for r in proven),
                "meets_targets": all(r.meets_targets for r in proven),
                "shifts": [row for r in proven for row in shift_rows(r.roster, start)],
            }
        )
    return data
