"""Every team planned at once: each team's plan made against the others' plans.

Teams share work (overflow, overlapping channels), so one team's requirement depends on
the staff of the others. The teams are planned in turns, Gauss–Seidel fashion: each
team's search (`plan_staffing`) runs with every other team staffed by its latest plan
(at first, by the scenario's own staffing), and the turns repeat until a whole pass
changes no team's plan, so every plan was found against the others' final ones. Each
team may have its own targets (service level, missed rate, occupancy, channels). Once
the plans settle, each is proven on fresh seeds as a single team's is (raised where it
falls short there), in further passes until a whole proving pass changes nothing; so
each team's fresh-seed check was made with the others at their final plans.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sim.analysis.checking import check_schedule, fresh_seeds
from sim.analysis.measure import Targets, with_schedule
from sim.analysis.plan import Plan, plan_staffing
from sim.analysis.progress import ProgressFn, Step, Tracker
from sim.analysis.replications import InProcess, Mapper
from sim.model.scenario import Scenario


@dataclass(frozen=True)
class TeamPlans:
    plans: dict[str, Plan]  # by team label, in the scenario's order
    passes: int
    settled: bool  # the last pass changed no team's plan


def staffed_by_plans(scenario: Scenario, plans: dict[str, Plan], skip: str = "") -> Scenario:
    """The scenario with every planned team (but `skip`) staffed by its plan."""
    for role, plan in plans.items():
        if role != skip:
            scenario = with_schedule(scenario, role, plan.agents, plan.interval_min)
    return scenario


def plan_teams(
    scenario: Scenario,
    roles: list[str],
    *,
    targets: dict[str, Targets] | None = None,
    default: Targets | None = None,
    interval: float = 60.0,
    replications: int = 20,
    seed: int | None = None,
    mapper: Mapper | None = None,
    max_passes: int = 5,
    validate: bool = True,
    progress: ProgressFn | None = None,
    shrinkage: float = 0.0,
) -> TeamPlans:
    """Plan `roles` together; `targets` per team, `default` for the rest."""
    mapper = mapper or InProcess()
    default = default or Targets()
    chosen = targets or {}
    seed = scenario.meta.seed if seed is None else seed
    plans: dict[str, Plan] = {}
    settled = proving = False
    passes = 0
    for passes in range(1, max_passes + 1):
        changed = False
        for role in roles:

            def say(step: Step, role: str = role, n: int = passes) -> None:
                if progress is not None:
                    progress(replace(step, stage=f"pass {n} · {role}: {step.stage}"))

            plan = plan_staffing(
                staffed_by_plans(scenario, plans, skip=role), role,
                targets=chosen.get(role, default), interval=interval,
                replications=replications, seed=seed, mapper=mapper, validate=proving,
                progress=say, shrinkage=shrinkage,
            )  # fmt: skip
            changed |= role not in plans or plans[role].agents != plan.agents
            plans[role] = plan
        if not changed and (proving or not validate):
            settled = True
            break
        # Settled on the planning seeds: the next passes also prove each plan on fresh
        # seeds (raising where it falls short), until a whole proving pass changes nothing.
        proving = validate and (proving or not changed)
    if validate and not settled:  # the checks of a pass still moving: redo them together
        plans = _checked(scenario, plans, seed, replications, mapper, progress)
    return TeamPlans(plans, passes, settled)


def _checked(
    scenario: Scenario,
    plans: dict[str, Plan],
    seed: int,
    replications: int,
    mapper: Mapper,
    progress: ProgressFn | None,
) -> dict[str, Plan]:
    """Each team's plan, and its per-interval Erlang A, on fresh seeds with the others at
    their plans."""
    track = Tracker(mapper, progress)
    fresh = fresh_seeds(0, replications)
    out = {}
    for role, plan in plans.items():
        others = staffed_by_plans(scenario, plans, skip=role)
        track.channels = plan.targets.channels
        erlang = [iv.erlang_a_agents for iv in plan.intervals]
        checks = []
        for name, agents in (("plan", plan.agents), ("erlang_a", erlang)):
            track.at(f"checking {role}'s {name.replace('_', ' ')} on fresh seeds")
            checks.append(check_schedule(track, others, role, name, agents, plan.interval_min,
                                         seed, fresh, plan.targets))  # fmt: skip
        out[role] = replace(plan, checks=checks)
    return out
