"""The planner's search: restaff every interval from what the simulation showed, until stable.

A simulation-calibrated variant of the iterative staffing algorithm (ISA) of Feldman,
Mandelbaum, Massey & Whitt (2008); `sim.analysis.plan` says why. One iteration simulates
the current staffing on the planning replications (the same ones every time: common
random numbers), reads each interval's service level and missed rate, inverts Erlang A on
them for the load the interval effectively faces, and staffs that load to the targets.
Per-interval lower bounds (the most agents seen to fail) keep the search from cycling:
an interval seen to fail with n agents never gets n again. Staffing is lowered in the
first two iterations only (`LOWERING_ITERATIONS`); after them the search raises what fails
until nothing does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from sim.analysis.measure import Targets, occupancy, performance, with_schedule
from sim.analysis.progress import Tracker
from sim.analysis.sequential import Judge, sample
from sim.analysis.staffing import Queue, effective_rate, erlang_agents
from sim.model.scenario import Scenario

IDLE_OCCUPANCY = 0.25
"""An interval that misses its targets while its agents work under a quarter of their time
is not short of agents: adding more cannot help (`Search.unreachable`)."""

LOWERING_ITERATIONS = 2
"""Iterations that may lower an interval's staffing. The first restaffs every interval
from Erlang A on the load it was seen to face (the big step down from per-interval Erlang
A); the second corrects for its neighbours having moved too. After that a lowering is a
one-agent guess at the level of the replications' noise: on the recall scenario, of eight
such lowerings in the third iteration, two failed in the fourth, and every failure costs
an iteration of its own (each change also reshuffles the random numbers of every later
hour, where another interval near its target can fail). So later iterations only raise
what fails, until nothing does: 5 iterations and 98 replications instead of 7 and 140,
for 811 agent-hours instead of 806 (0.6% more)."""


@dataclass
class Search:
    """The search's fixed inputs and its state: agents per interval and the lower bounds."""

    scenario: Scenario
    role: str
    targets: Targets
    interval: float
    queue: Queue
    rate: NDArray[np.float64]  # expected arrivals per minute, per interval (the fallback)
    seed: int
    reps: range
    track: Tracker
    agents: list[int]
    lower: list[int]  # the most agents seen to fail in each interval (-1: none yet)
    iterations: int = 0
    converged: bool = False
    counts: NDArray[np.float64] | None = None  # the last iteration's counts
    first: NDArray[np.float64] | None = None  # the first iteration's: the starting staffing's
    replications_run: int = 0  # over every iteration: what sequential sampling spent
    # Intervals that fail with most agents idle: what misses the targets there is not
    # waiting for an agent (listening delay, another team's work), so staffing stops there.
    unreachable: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.start = list(self.agents)  # the staffing the search began from

    def slots(self, agents: list[int]) -> list[float]:
        """Slot-minutes on offer per interval: agents × concurrency × interval."""
        return [n * self.queue.concurrency * self.interval for n in agents]

    def run(self, max_iterations: int) -> None:
        """Iterate until the staffing stops changing and every interval meets the targets,
        or `max_iterations` more iterations have run. Each iteration samples its
        replications in stages and stops once its outcome is settled (`sequential`)."""
        self.converged = False
        for _ in range(max_iterations):
            self.iterations += 1
            self.track.at("searching", self.iterations)
            staffed = with_schedule(self.scenario, self.role, self.agents, self.interval)
            decide = Judge(self.targets, self.slots(self.agents))
            counts, verdict = sample(self.track, staffed, self.seed, self.reps, self.role,
                                     self.interval, decide)  # fmt: skip
            self.counts = counts
            if self.first is None:
                self.first = counts
            self.replications_run += verdict.replications
            proposal = self.restaff(counts, verdict.met, verdict.failed)
            settled = verdict.met | np.isin(np.arange(len(proposal)), list(self.unreachable))
            if proposal == self.agents and settled.all():
                self.converged = True
                return
            self.agents = proposal

    def restaff(
        self, counts: NDArray[np.float64], met: NDArray[np.bool_], failed: NDArray[np.bool_]
    ) -> list[int]:
        """Each interval's next staffing: up where it failed (at least one more than the
        most seen to fail), down towards what Erlang A on its observed load needs where it
        met the targets (never to a level seen to fail, and only in the first
        `LOWERING_ITERATIONS`); an interval an early stop left undecided keeps its staffing."""
        q, agents, lower = self.queue, self.agents, self.lower
        perf = performance(counts)
        worked = counts[:, 4].mean(axis=0) / (q.handle * self.interval)  # work done, per minute
        proposal = list(agents)
        slots = self.slots(agents)
        busy = occupancy(counts, slots)  # 0 where nobody is on: that is not idleness
        for i in range(len(agents)):
            if not (failed[i] or met[i]) or i in self.unreachable:
                continue
            if failed[i] and slots[i] and busy[i] < IDLE_OCCUPANCY:
                # Staff for the work that reaches the team; more agents would sit idle.
                self.unreachable.add(i)
                proposal[i] = max(1, erlang_agents(float(worked[i]), q, self.targets))
                continue
            lam = effective_rate(
                float(perf.service_level[i]),
                float(perf.missed_rate[i]),
                agents[i],
                q,
                float(worked[i]) if worked[i] > 0 else float(self.rate[i]),
            )
            predicted = erlang_agents(lam, q, self.targets)
            if failed[i]:
                lower[i] = max(lower[i], agents[i])
                proposal[i] = max(agents[i] + 1, predicted)
            elif self.iterations <= LOWERING_ITERATIONS and agents[i] > lower[i] + 1:
                proposal[i] = max(lower[i] + 1, min(agents[i], predicted), 0)
        return proposal

    def first_counts(self) -> NDArray[np.float64]:
        """The starting staffing's counts on every planning replication: the first
        iteration's, topped up (same streams, so the same numbers) if it stopped early."""
        assert self.first is not None
        done = self.first.shape[0]
        if done == len(self.reps):
            return self.first
        staffed = with_schedule(self.scenario, self.role, self.start, self.interval)
        rest = self.track.evaluate(staffed, self.seed, self.reps[done:], self.role, self.interval)
        self.first = np.concatenate([self.first, rest])
        return self.first

    def raise_where(self, below: list[int]) -> None:
        """A fresh-seed check found these intervals below target: count their staffing as
        failed and add an agent to each, so the search goes on from a plan that holds there."""
        for i in below:
            if i in self.unreachable:
                continue
            self.lower[i] = max(self.lower[i], self.agents[i])
            self.agents[i] += 1
