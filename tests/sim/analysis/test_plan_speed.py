"""What the planner's speed work rests on: each shortcut gives the numbers the long way did."""

from __future__ import annotations

import math
import random
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from sim.analysis import staffing
from sim.analysis.checking import judge
from sim.analysis.measure import ROWS, Targets, evaluate, with_schedule
from sim.analysis.plan import plan_staffing
from sim.analysis.progress import Step, Tracker
from sim.analysis.replications import InProcess, ProcessPool
from sim.analysis.search import LOWERING_ITERATIONS, Search
from sim.analysis.staffing import Queue, erlang_agents, queue_of
from sim.model.loading import parse_scenario
from tests.sim.analysis.test_plan import small_surge


def test_erlang_a_is_judged_on_the_searchs_own_runs_of_it():
    """The search's first iteration simulates per-interval Erlang A on every planning
    replication; the check reads those runs, and they are what simulating it gives."""
    sc = small_surge()
    plan = plan_staffing(sc, "care", replications=6, seed=5, mapper=InProcess())
    erlang = [iv.erlang_a_agents for iv in plan.intervals]
    staffed = with_schedule(sc, "care", erlang, 60.0)
    counts = evaluate(InProcess(), staffed, 5, range(6), "care", 60.0)
    checks = {c.schedule: c for c in plan.checks}
    assert checks["erlang_a"] == judge(counts, "erlang_a", sum(erlang), plan.targets)
    assert checks["plan"].agent_hours == plan.agent_hours


def _search(sc, reps: int, agents: list[int]) -> Search:
    team = next(t for t in sc.team if t.label == "care")
    k = len(agents)
    return Search(sc, "care", Targets(), 60.0, queue_of(sc, team), np.ones(k), 5,
                  range(reps), Tracker(InProcess()), agents=list(agents),
                  lower=[-1] * k)  # fmt: skip


def test_a_first_iteration_stopped_early_is_topped_up_with_the_same_numbers():
    sc = small_surge()
    agents = [4, 6, 9, 9, 8, 6, 5, 4]
    search = _search(sc, 6, agents)
    staffed = with_schedule(sc, "care", agents, 60.0)
    whole = evaluate(InProcess(), staffed, 5, range(6), "care", 60.0)
    search.first = whole[:2]  # as if sequential sampling had stopped after two
    assert np.array_equal(search.first_counts(), whole)


def _met_with_room(worked_per_min: float) -> np.ndarray:
    """One replication, one interval: every mention answered in SLA, none missed, and the
    team busy for `worked_per_min` × 6 minutes of handling each minute."""
    out = np.zeros((4, ROWS, 1))
    out[:, 0] = out[:, 1] = out[:, 2] = 300.0
    out[:, 4] = worked_per_min * 6.0 * 60.0
    out[:, 5] = 300.0
    return out


def test_only_the_first_iterations_lower_staffing_later_ones_only_raise():
    sc = small_surge()
    search = _search(sc, 4, [20])
    search.queue = Queue(handle=6.0, patience=60.0, sla=30.0, concurrency=1)
    counts = _met_with_room(0.8)  # about 5 erlangs of work for 20 agents
    met, failed = np.array([True]), np.array([False])
    needed = erlang_agents(0.8, search.queue, search.targets)
    assert needed < 20
    for iteration in range(1, LOWERING_ITERATIONS + 3):
        search.iterations = iteration
        proposal = search.restaff(counts, met, failed)
        assert proposal == ([needed] if iteration <= LOWERING_ITERATIONS else [20])


def _bisect(f, value: float, start: float) -> float:
    """The inversion as it was: bisection, forty halvings."""
    lo, hi = 0.0, max(start, 1e-3)
    while f(hi) < value and hi < 1e6:
        hi *= 2
    for _ in range(40):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if f(mid) < value else (lo, mid)
    return hi


def test_brents_inversion_finds_the_load_bisection_found(monkeypatch):
    rng = random.Random(11)
    cases = []
    for _ in range(60):
        patience = rng.choice([math.inf, rng.uniform(20, 600)])
        q = Queue(rng.uniform(2, 12), patience, rng.uniform(5, 300), 1)
        cases.append((rng.uniform(0.5, 0.999), rng.uniform(1e-4, 0.2), rng.randint(2, 40), q,
                      rng.uniform(0.1, 5)))  # fmt: skip
    now = [staffing.effective_rate(sl, mr, n, q, fb) for sl, mr, n, q, fb in cases]
    monkeypatch.setattr(staffing, "_invert", _bisect)
    before = [staffing.effective_rate(sl, mr, n, q, fb) for sl, mr, n, q, fb in cases]
    for a, b, (*_, q, _fb) in zip(now, before, cases, strict=True):
        assert a == b or abs(a - b) <= 1e-9 * b
        assert erlang_agents(a, q, Targets()) == erlang_agents(b, q, Targets())


def test_results_come_back_in_order_as_they_finish_and_progress_moves_per_workers_load():
    calls = [(n, 2) for n in range(7)]
    assert list(InProcess().imap(pow, calls)) == [n**2 for n in range(7)]
    with ProcessPoolExecutor(max_workers=2) as pool:
        assert list(ProcessPool(pool, 2).imap(pow, calls)) == [n**2 for n in range(7)]
        assert ProcessPool(pool, 2).map(pow, []) == []
    steps: list[Step] = []
    sc = parse_scenario(_tiny())
    track = Tracker(InProcess(workers=2), steps.append)  # reports as two workers would
    track.at("searching", 1)
    counts = track.evaluate(sc, 1, range(10, 15), "care", 60.0, base=4, total=9)
    assert counts.shape[0] == 5
    assert [s.done for s in steps] == [6, 8, 9] and all(s.total == 9 for s in steps)
    assert track.mentions == int(counts[:, 5].sum())


def _tiny() -> str:
    return """
[scenario]
name = "tiny"
duration = "2h"
seed = 1

[baseline]
per_hour = 20
channels = { twitter = 1.0 }

[[team]]
role = "care"
agents = 2
handle_time = { dist = "exponential", mean = "5m" }
"""
