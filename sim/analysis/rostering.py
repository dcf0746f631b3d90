"""A roster proven by simulation: solve the shifts, run them, raise what fails, solve again.

An hourly requirement met hour by hour does not make a roster that meets it: shifts start
and end on their own grid and breaks open holes inside an hour. So the roster's coverage
is fed back into the engine as the team's staffing (on the roster's own time grid, breaks
included, each moment's people times 1 − shrinkage rounded down as productive agents) and
judged twice: on the plan's replications by the plan's own rule (confidence bounds), and
on fresh seeds (new ones every round) by the point estimates a reader of the check sees.
Where an interval fails either, its requirement is raised by one productive agent and the
shifts are solved again, until the roster meets the targets everywhere or the rounds run
out; the last round's fresh-seed check is reported, naming any interval still below.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from sim.analysis.checking import ROSTER_BLOCKS, Check, fresh_seeds, judge
from sim.analysis.measure import meets_all, occupancy, with_schedule
from sim.analysis.plan import Plan, scheduled_people
from sim.analysis.progress import ProgressFn, Tracker
from sim.analysis.replications import InProcess, Mapper
from sim.analysis.roster import Roster, solve_roster
from sim.model.scenario import Scenario
from sim.model.shift_pattern import ShiftPattern


@dataclass(frozen=True)
class ProvenRoster:
    roster: Roster
    required: list[int]  # productive agents per plan interval, after the raises
    scheduled: list[int]  # people per plan interval the roster was solved for
    covered: list[int]  # people the roster has on (the fewest at any moment in each interval)
    rounds: int
    meets_targets: bool  # on the plan's replications (its rule) and the last fresh seeds
    raised: list[int] = field(default_factory=list)  # intervals whose requirement was raised
    check: Check | None = None  # on fresh seeds


def productive(people: list[int], shrinkage: float) -> list[int]:
    """People on shift to productive agents: ⌊people × (1 − shrinkage)⌋, exactly."""
    keep = 1 - Fraction(str(shrinkage))
    return [math.floor(p * keep) for p in people]


def staffed_by(scenario: Scenario, role: str, roster: Roster, shrinkage: float) -> Scenario:
    """The scenario with the role staffed as the roster says, on the roster's grid."""
    return with_schedule(scenario, role, productive(roster.coverage, shrinkage), roster.step)


def prove_roster(
    scenario: Scenario,
    plan: Plan,
    patterns: list[ShiftPattern],
    *,
    mapper: Mapper | None = None,
    progress: ProgressFn | None = None,
    max_rounds: int = 10,
    validate: bool = True,
) -> ProvenRoster:
    """Shifts for `plan`'s requirement that the simulation shows meet its targets."""
    proven = prove_rosters(scenario, {plan.role: plan}, patterns, mapper=mapper,
                           progress=progress, max_rounds=max_rounds, validate=validate)  # fmt: skip
    return proven[plan.role]


def prove_rosters(
    scenario: Scenario,
    plans: dict[str, Plan],
    patterns: list[ShiftPattern],
    *,
    mapper: Mapper | None = None,
    progress: ProgressFn | None = None,
    max_rounds: int = 10,
    validate: bool = True,
) -> dict[str, ProvenRoster]:
    """A roster per planned team (from the patterns for that team or for every team),
    proven together: every team staffed by its roster in the same runs, each judged on
    its own plan's targets, and each raised where it fails, until all hold."""
    track = Tracker(mapper or InProcess(), progress)
    first = next(iter(plans.values()))
    interval, seed, n = first.interval_min, first.seed, first.replications
    teams = tuple((role, plan.targets.channels) for role, plan in plans.items())
    concurrency = {t.label: t.concurrency for t in scenario.team}
    mine = {role: [p for p in patterns if p.team in (None, role)] for role in plans}
    required = {role: list(plan.agents) for role, plan in plans.items()}
    raised: dict[str, set[int]] = {role: set() for role in plans}
    rosters: dict[str, Roster] = {}
    bad: dict[str, np.ndarray] = {}
    checks: dict[str, Check] = {}
    rounds = 0
    for rounds in range(1, max_rounds + 1):
        rosters = {
            role: solve_roster(role, [scheduled_people(x, plan.shrinkage) for x in required[role]],
                               interval, mine[role], scenario.meta.duration, scenario.meta.start)
            for role, plan in plans.items()
        }  # fmt: skip
        if not all(r.feasible for r in rosters.values()):
            break
        staffed = scenario
        for role, roster in rosters.items():
            staffed = staffed_by(staffed, role, roster, plans[role].shrinkage)
        track.at("proving the roster", rounds)
        counts = track.evaluate_teams(staffed, seed, range(n), teams, interval)
        fresh: list[np.ndarray] = []
        if validate:  # new fresh seeds each round, so no round is judged on seeds it was fit to
            track.at("checking the roster on fresh seeds", rounds)
            block = fresh_seeds(ROSTER_BLOCKS + rounds, n)
            fresh = track.evaluate_teams(staffed, seed, block, teams, interval)
        for j, (role, plan) in enumerate(plans.items()):
            roster = rosters[role]
            on = productive(roster.per_interval(interval), plan.shrinkage)
            slots = [x * concurrency[role] * interval for x in on]
            bad[role] = ~meets_all(counts[j], plan.targets, occupancy(counts[j], slots))
            if validate:
                # Productive hours, beside the plan's and Erlang A's (people-hours x (1 - s)).
                worked = roster.agent_hours * (1 - plan.shrinkage)
                checks[role] = judge(fresh[j], "roster", worked, plan.targets)
                bad[role][checks[role].below] = True
        if not any(b.any() for b in bad.values()) or rounds == max_rounds:
            break  # at the last round, keep the requirement the last rosters were solved for
        for role, b in bad.items():
            for i in np.flatnonzero(b):
                required[role][int(i)] += 1
                raised[role].add(int(i))
    feasible = all(r.feasible for r in rosters.values())
    return {
        role: ProvenRoster(
            roster=rosters[role],
            required=required[role],
            scheduled=[scheduled_people(x, plan.shrinkage) for x in required[role]],
            covered=rosters[role].per_interval(interval) if rosters[role].feasible else [],
            rounds=rounds,
            meets_targets=feasible and not bad[role].any(),
            raised=sorted(raised[role]),
            check=checks.get(role) if rosters[role].feasible else None,
        )
        for role, plan in plans.items()
    }
