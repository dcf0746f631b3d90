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
from sim.model.shifts import ShiftPattern


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
    track = Tracker(mapper or InProcess(), progress, channels=plan.targets.channels)
    role, interval, s = plan.role, plan.interval_min, plan.shrinkage
    mine = [p for p in patterns if p.team in (None, role)]
    spec = next(t for t in scenario.team if t.label == role)
    required = list(plan.agents)
    reps = range(plan.replications)
    raised: set[int] = set()
    roster = None
    ok = False
    rounds = 0
    check = None
    for rounds in range(1, max_rounds + 1):
        people = [scheduled_people(n, s) for n in required]
        roster = solve_roster(role, people, interval, mine, scenario.meta.duration,
                              scenario.meta.start)  # fmt: skip
        if not roster.feasible:
            break
        staffed = staffed_by(scenario, role, roster, s)
        track.at("proving the roster", rounds)
        counts = track.evaluate(staffed, plan.seed, reps, role, interval)
        on = productive(roster.per_interval(interval), s)
        slots = [n * spec.concurrency * interval for n in on]
        bad = ~meets_all(counts, plan.targets, occupancy(counts, slots))
        if validate:  # new fresh seeds each round, so no round is judged on seeds it was fit to
            track.at("checking the roster on fresh seeds", rounds)
            fresh = fresh_seeds(ROSTER_BLOCKS + rounds, plan.replications)
            check = judge(track.evaluate(staffed, plan.seed, fresh, role, interval), "roster",
                          roster.agent_hours, plan.targets)  # fmt: skip
            bad[check.below] = True
        if not bad.any():
            ok = True
            break
        if rounds == max_rounds:
            break  # keep the requirement the last roster was solved for
        for i in np.flatnonzero(bad):
            required[int(i)] += 1
            raised.add(int(i))
    assert roster is not None
    proven = ProvenRoster(
        roster=roster,
        required=required,
        scheduled=[scheduled_people(n, s) for n in required],
        covered=roster.per_interval(interval) if roster.feasible else [],
        rounds=rounds,
        meets_targets=ok,
        raised=sorted(raised),
        check=check if roster.feasible else None,
    )
    return proven
