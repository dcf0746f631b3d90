"""The staffing planner: the fewest agents per interval that meet the targets in a crisis.

Method: a simulation-calibrated variant of the iterative staffing algorithm (ISA) of
Feldman, Mandelbaum, Massey & Whitt (2008). ISA simulates the current staffing function,
reads off each interval's performance and restaffs each interval from it, repeating until
the staffing stops changing; the simulation carries each hour's backlog into the next,
which per-interval Erlang formulas cannot. Our restaffing step differs: instead of ISA's
offered-load tail quantile (a delay-probability target), we invert Erlang A on each
interval's *observed* service level and missed rate to get the load the interval
effectively faces (its own arrivals plus carried-over backlog and feedback), staff that
load to the targets, and keep per-interval lower bounds (staffing levels seen to fail) so
the search cannot cycle. It lowers staffing in its first two iterations only, then raises
what fails until nothing does (`sim.analysis.search` says why). Every iteration evaluates
the same replications (common random numbers), so a change in a figure is the staffing's
doing, not noise's.

An interval meets the targets when the one-sided confidence bounds across replications
do: service level's lower bound ≥ target, missed rate's upper bound ≤ the maximum, and
(with a cap) occupancy ≤ the cap. The inverted load is the search's only guide: it may
land below per-interval Erlang A (an interval whose backlog the previous hour cleared
needs less than a cold start), and it stays there only where the simulation shows the
targets still hold. The Erlang A column itself comes from the scenario's exact intensity
(`sim.analysis.intensity`), so the baseline compared with carries no sampling noise.

The plan is then proven on fresh seeds (`sim.analysis.checking`), interval by interval
and per targeted channel. An interval those seeds show below target at the planner's own
confidence is raised by an agent, the search goes on from there, and the result is checked
on new fresh seeds: the search picks, interval by interval, the fewest agents that met
the targets on its own replications, and some of those met them by the luck of those
replications (the winner's curse of any search over noisy figures); new seeds find them.
Per-interval Erlang A, the baseline the plan is compared with, is judged on the search's
first iteration, which simulated it on every planning replication: Erlang A comes from the
exact intensity, fitted to no seeds, so those are as fresh for it as any and a second set
of runs would add nothing. Only where viral cascades are counted into the demand from the
planning replications is it checked on the plan's fresh seeds instead.

Iterations sample their replications sequentially (`sim.analysis.sequential`): an
iteration whose outcome is already settled (an interval clearly failing, or every interval
clearly meeting the targets) stops adding replications; only an undecided one runs them
all. The demand is measured without simulating any service (`cascade_arrivals`), and the
queue's Erlang A parameters are weighted by the exact intensity (`queue_of`).

Agents here are productive agents; `shrinkage` (breaks, training, absence) turns them into
people to schedule, exactly ⌈agents / (1 − shrinkage)⌉.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

from sim.analysis.checking import Check, check_schedule, fresh_seeds, judge
from sim.analysis.intensity import cascade_arrivals, expected_arrivals
from sim.analysis.measure import Targets, occupancy, performance
from sim.analysis.progress import ProgressFn, Tracker
from sim.analysis.replications import InProcess, Mapper
from sim.analysis.search import Search
from sim.analysis.staffing import erlang_agents, queue_of
from sim.model.scenario import Scenario

PROOF_ROUNDS = 4  # fresh-seed checks of the plan, each after the raises the last one asked for


@dataclass(frozen=True)
class IntervalResult:
    t_start: float
    arrivals: float  # expected mentions the role can answer (exact intensity)
    offered_load: float  # agents' worth of work: arrivals × handle / interval / concurrency
    erlang_a_agents: int
    agents: int
    service_level: float
    service_level_ci: float  # half-width of the 95% interval across replications
    missed_rate: float
    missed_rate_ci: float
    occupancy: float
    scheduled: int = 0  # people to schedule: agents grossed up for shrinkage


def scheduled_people(agents: int, shrinkage: float) -> int:
    """⌈agents / (1 − shrinkage)⌉ in exact arithmetic (7 / 0.7 is 10, not 10.000000000000002)."""
    if not 0 <= shrinkage < 1:
        raise ValueError(f"shrinkage must be in [0, 1), got {shrinkage}")
    return math.ceil(Fraction(agents) / (1 - Fraction(str(shrinkage))))


@dataclass(frozen=True)
class Plan:
    scenario: str
    role: str
    interval_min: float
    targets: Targets
    replications: int
    seed: int
    iterations: int
    converged: bool
    intervals: list[IntervalResult]
    checks: list[Check] = field(default_factory=list)
    mentions_simulated: int = 0
    shrinkage: float = 0.0
    replications_run: int = 0  # by the search, over all its iterations (sequential sampling)
    unreachable: list[int] = field(default_factory=list)  # intervals staffing cannot fix

    @property
    def agents(self) -> list[int]:
        return [iv.agents for iv in self.intervals]

    @property
    def scheduled(self) -> list[int]:
        return [iv.scheduled for iv in self.intervals]

    @property
    def scheduled_hours(self) -> float:
        return sum(self.scheduled) * self.interval_min / 60

    @property
    def agent_hours(self) -> float:
        return sum(self.agents) * self.interval_min / 60

    @property
    def erlang_a_agent_hours(self) -> float:
        return sum(iv.erlang_a_agents for iv in self.intervals) * self.interval_min / 60


# ---------------------------------------------------------------------- the search


def plan_staffing(
    scenario: Scenario,
    role: str,
    *,
    targets: Targets | None = None,
    interval: float = 60.0,
    replications: int = 20,
    seed: int | None = None,
    mapper: Mapper | None = None,
    max_iterations: int = 30,
    validate: bool = True,
    progress: ProgressFn | None = None,
    shrinkage: float = 0.0,
    proof_rounds: int = PROOF_ROUNDS,
) -> Plan:
    """Plan the role's agents per interval; see the module docstring for the method."""
    targets = targets or Targets()
    track = Tracker(mapper or InProcess(), progress, channels=targets.channels)
    seed = scenario.meta.seed if seed is None else seed
    spec = next((t for t in scenario.team if t.label == role), None)
    if spec is None:
        raise ValueError(f"no team called {role!r}")
    scheduled_people(0, shrinkage)  # refuse a bad shrinkage before simulating anything
    k = math.ceil(scenario.meta.duration / interval)
    reps = range(replications)

    # Demand: every mention the role could answer. The exact intensity of the shaped
    # sources, plus viral cascades counted from the sources themselves (no team, no queue).
    track.at("measuring demand")
    expected = expected_arrivals(scenario, spec, interval) + cascade_arrivals(
        scenario, spec, interval, seed, reps
    )
    rate = expected / interval  # per minute
    q = queue_of(scenario, spec)
    erlang = [erlang_agents(float(r), q, targets) for r in rate]

    search = Search(scenario, role, targets, interval, q, rate, seed, reps, track,
                    agents=list(erlang), lower=[-1] * k)  # fmt: skip
    search.run(max(1, max_iterations))
    checks: list[Check] = []
    if validate:
        cascades = any(s.shape == "viral" for s in scenario.surges)
        checks = prove_plan(search, erlang, replications, max_iterations, proof_rounds,
                            measured=cascades)  # fmt: skip

    agents = search.agents
    assert search.counts is not None
    perf = performance(search.counts)
    occupied = occupancy(search.counts, search.slots(agents))
    results = [
        IntervalResult(
            t_start=i * interval,
            arrivals=float(expected[i]),
            offered_load=float(rate[i] * q.handle / q.concurrency),
            erlang_a_agents=erlang[i],
            agents=agents[i],
            service_level=float(perf.service_level[i]),
            service_level_ci=float(1.96 * perf.service_level_se[i]),
            missed_rate=float(perf.missed_rate[i]),
            missed_rate_ci=float(1.96 * perf.missed_rate_se[i]),
            occupancy=float(occupied[i]),
            scheduled=scheduled_people(agents[i], shrinkage),
        )
        for i in range(k)
    ]
    return Plan(
        scenario.meta.name, role, interval, targets, replications, seed, search.iterations,
        search.converged, results, checks, mentions_simulated=track.mentions,
        shrinkage=shrinkage, replications_run=search.replications_run,
        unreachable=sorted(search.unreachable),
    )  # fmt: skip


def prove_plan(
    search: Search,
    erlang: list[int],
    replications: int,
    max_iterations: int,
    rounds: int,
    measured: bool = False,
) -> list[Check]:
    """Check the plan on fresh seeds; where they show an interval below target at the
    planner's confidence, raise it, search on, and check again on new fresh seeds (a block
    per round), up to `rounds` checks.

    Per-interval Erlang A is judged on the search's first iteration's runs (see the module
    docstring); on the last round's fresh seeds where its demand was `measured` from the
    planning replications (viral cascades)."""
    track, sc, role, interval = search.track, search.scenario, search.role, search.interval
    plan_check = None
    fresh = fresh_seeds(0, replications)
    for block in range(rounds):
        fresh = fresh_seeds(block, replications)
        track.at("checking plan on fresh seeds", search.iterations)
        plan_check = check_schedule(track, sc, role, "plan", search.agents, interval,
                                    search.seed, fresh, search.targets)  # fmt: skip
        if not plan_check.failed or block == rounds - 1:
            break
        search.raise_where(plan_check.failed)
        search.run(max_iterations)
    assert plan_check is not None
    if measured or search.start != erlang:
        track.at("checking erlang a on fresh seeds", search.iterations)
        erlang_check = check_schedule(track, sc, role, "erlang_a", erlang, interval,
                                      search.seed, fresh, search.targets)  # fmt: skip
    else:
        hours = sum(erlang) * interval / 60
        erlang_check = judge(search.first_counts(), "erlang_a", hours, search.targets)
    return [plan_check, erlang_check]
