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
the search cannot cycle. Every iteration evaluates the same replications (common random
numbers), so a change in a figure is the staffing's doing, not noise's.

An interval meets the targets when the one-sided confidence bounds across replications
do: service level's lower bound ≥ target, missed rate's upper bound ≤ the maximum, and
(with a cap) occupancy ≤ the cap. The inverted load is the search's only guide: it may
land below per-interval Erlang A (an interval whose backlog the previous hour cleared
needs less than a cold start), and it stays there only where the simulation shows the
targets still hold. The Erlang A column itself comes from the scenario's exact intensity
(`sim.analysis.intensity`), so the baseline compared with carries no sampling noise.

Agents here are productive agents; `shrinkage` (breaks, training, absence) turns them into
people to schedule, exactly ⌈agents / (1 − shrinkage)⌉.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
from numpy.typing import NDArray

from sim.analysis.intensity import expected_arrivals
from sim.analysis.measure import (
    Targets,
    channel_counts,
    meets,
    meets_all,
    occupancy,
    performance,
    with_schedule,
)
from sim.analysis.progress import ProgressFn, Tracker
from sim.analysis.replications import InProcess, Mapper
from sim.analysis.staffing import effective_rate, erlang_agents, queue_of
from sim.engine.core import Engine
from sim.model.scenario import Scenario

HUGE_TEAM = 10_000  # "as many agents as it takes": the first pass measures the demand
FRESH_OFFSET = 1_000_000  # validation replications: far from the planning ones


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
class Check:
    """A schedule evaluated on fresh replications (seeds the plan never saw)."""

    schedule: str
    agent_hours: float
    below_target: int  # intervals whose estimate misses a target
    significantly_below: int  # intervals whose whole 95% interval misses a target
    worst_service_level: float
    worst_missed_rate: float
    mentions_simulated: int = 0
    below: list[int] = field(default_factory=list)  # indexes of the intervals below target
    service_levels: list[float] = field(default_factory=list)  # per interval
    missed_rates: list[float] = field(default_factory=list)  # per interval
    # channel -> {"service_level": [...], "missed_rate": [...]} for channels with targets
    by_channel: dict[str, dict[str, list[float]]] = field(default_factory=dict)


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

    # Demand: every mention the role could answer, with as many agents as it takes; the
    # exact intensity, plus the measured arrivals of sources with no closed-form rate.
    track.at("measuring demand")
    unlimited = with_schedule(scenario, role, [HUGE_TEAM] * k, interval)
    demand = track.evaluate(unlimited, seed, reps, role, interval)
    expected = expected_arrivals(scenario, spec, interval) + demand[:, 6].mean(axis=0)
    rate = expected / interval  # per minute
    probe = Engine(unlimited, seed)
    probe.run_until(scenario.meta.duration)
    q = queue_of(scenario, spec, probe)
    erlang = [erlang_agents(float(r), q, targets) for r in rate]

    def slots(agents: list[int]) -> list[float]:
        return [n * q.concurrency * interval for n in agents]

    agents = list(erlang)
    lower = [-1] * k  # the most agents seen to fail in each interval
    counts = demand
    converged = False
    iteration = 0
    for iteration in range(1, max_iterations + 1):
        track.at("searching", iteration)
        counts = track.evaluate(with_schedule(scenario, role, agents, interval), seed, reps, role,
                                interval)  # fmt: skip
        perf = performance(counts)
        ok = meets_all(counts, targets, occupancy(counts, slots(agents)))
        proposal = list(agents)
        worked = counts[:, 4].mean(axis=0) / (q.handle * interval)  # work the team did, per minute
        for i in range(k):
            lam = effective_rate(
                float(perf.service_level[i]),
                float(perf.missed_rate[i]),
                agents[i],
                q,
                float(worked[i]) if worked[i] > 0 else float(rate[i]),
            )
            predicted = erlang_agents(lam, q, targets)
            if not ok[i]:
                lower[i] = max(lower[i], agents[i])
                proposal[i] = max(agents[i] + 1, predicted)
            elif agents[i] > lower[i] + 1:
                proposal[i] = max(lower[i] + 1, min(agents[i], predicted), 0)
        if proposal == agents and ok.all():
            converged = True
            break
        agents = proposal

    perf = performance(counts)
    occupied = occupancy(counts, slots(agents))
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
    plan = Plan(
        scenario.meta.name, role, interval, targets, replications, seed, iteration, converged,
        results, mentions_simulated=track.mentions, shrinkage=shrinkage,
    )  # fmt: skip
    if validate:
        fresh = range(FRESH_OFFSET, FRESH_OFFSET + replications)
        checks = []
        for name, sched in (("plan", agents), ("erlang_a", erlang)):
            track.at(f"checking {name.replace('_', ' ')} on fresh seeds", iteration)
            checks.append(check_schedule(track, scenario, role, name, sched, interval, seed,
                                         fresh, targets))  # fmt: skip
        plan = Plan(**{**plan.__dict__, "checks": checks, "mentions_simulated": track.mentions})
    return plan


def check_schedule(
    track: Tracker,
    scenario: Scenario,
    role: str,
    name: str,
    agents: list[int],
    interval: float,
    seed: int,
    reps: range,
    targets: Targets,
) -> Check:
    """A per-interval schedule run on `reps` (fresh seeds) and judged interval by interval."""
    staffed = with_schedule(scenario, role, agents, interval)
    return judge(track.evaluate(staffed, seed, reps, role, interval), name,
                 sum(agents) * interval / 60, targets)  # fmt: skip


def judge(counts: NDArray[np.float64], name: str, hours: float, targets: Targets) -> Check:
    """Point estimates against the targets, and which misses are clear (whole 95% interval)."""
    perf = performance(counts)
    point = Targets(targets.service_level, targets.max_missed, 0.5)
    below = ~meets(perf, point)
    by_channel = {}
    for j, c in enumerate(targets.by_channel):
        own = performance(channel_counts(counts, j))
        below |= ~meets(own, Targets(c.service_level, c.max_missed, 0.5))
        by_channel[c.channel] = {
            "service_level": [float(x) for x in own.service_level],
            "missed_rate": [float(x) for x in own.missed_rate],
        }
    sl_hi = perf.service_level + 1.96 * perf.service_level_se
    mr_lo = perf.missed_rate - 1.96 * perf.missed_rate_se
    significant = (sl_hi < targets.service_level) | (mr_lo > targets.max_missed)
    busy = perf.settled > 0
    return Check(
        schedule=name,
        agent_hours=hours,
        below_target=int(below.sum()),
        significantly_below=int(significant.sum()),
        worst_service_level=float(perf.service_level[busy].min()) if busy.any() else 1.0,
        worst_missed_rate=float(perf.missed_rate[busy].max()) if busy.any() else 0.0,
        mentions_simulated=int(counts[:, 5].sum()),
        below=[int(i) for i in np.flatnonzero(below)],
        service_levels=[float(x) for x in perf.service_level],
        missed_rates=[float(x) for x in perf.missed_rate],
        by_channel=by_channel,
    )
