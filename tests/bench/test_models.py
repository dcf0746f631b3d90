"""The benchmark's three models simulate the same queue, and it is the right one.

A speed-up is only meaningful between honest models of one M/M/c+M queue, so each model,
run exactly as the benchmark runs it, must match Erlang A on a small case. The error bar
comes from independent replications (different seeds), not from a binomial standard error:
customers of one queue share its busy spells, and over 40 seeds of this case the binomial
SE understated the real spread 1.5× for P(abandon) and 2.6× for the service level, so
"4 binomial SE" would have been a band of under 2 real ones. Seeds are fixed; the band is
4 replication SEs (t-adjusted), and a model one agent short falls far outside it.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable

import numpy as np
import pytest
from scipy import stats

from bench.case import Case, Counts
from bench.ciw_model import run_ciw
from bench.engine_model import run_engine
from bench.plain_simpy import run_plain_simpy
from sim.analysis.erlang import erlang_a

# Replications of three engines against theory: statistical, and seconds each.
pytestmark = pytest.mark.slow

Z = 4.0
REPLICATIONS = 20
# 60/h, 5 min handle, 8 agents, 10 min patience, 1 min SLA; 3,000 customers (50 h) a run.
SMALL = Case(
    per_hour=60.0,
    mean_handle=5.0,
    agents=8,
    mean_patience=10.0,
    sla=1.0,
    customers=3_000,
    warmup=300.0,
)

MODELS: dict[str, Callable[[Case, int], Counts]] = {
    "plain SimPy": lambda case, seed: run_plain_simpy(case, np.random.default_rng(seed)),
    "Ciw": run_ciw,
    "surgedesk engine": run_engine,
}


def replicate(model: Callable[[Case, int], Counts]) -> list[Counts]:
    return [model(SMALL, 2024 + r) for r in range(REPLICATIONS)]


def band(values: list[float]) -> tuple[float, float]:
    """Mean of the replications and Z t-adjusted standard errors around it."""
    se = statistics.stdev(values) / math.sqrt(len(values))
    t_adjust = float(stats.t.ppf(0.975, len(values) - 1)) / 1.96
    return statistics.fmean(values), Z * se * t_adjust


@pytest.fixture(scope="module", params=list(MODELS))
def runs(request: pytest.FixtureRequest) -> tuple[str, list[Counts]]:
    name: str = request.param
    return name, replicate(MODELS[name])


def test_counts_are_consistent(runs: tuple[str, list[Counts]]) -> None:
    name, counts = runs
    expected = SMALL.rate * (SMALL.duration - SMALL.warmup)
    for c in counts:
        assert c.served + c.abandoned <= c.arrivals <= c.total, (name, c)
        assert c.served_in_sla <= c.served, (name, c)
        # Post-warm-up arrivals are Poisson: within 5 sd of their mean.
        assert abs(c.arrivals - expected) <= 5 * math.sqrt(expected), (name, c)


def test_agrees_with_erlang_a(runs: tuple[str, list[Counts]]) -> None:
    name, counts = runs
    theory = SMALL.theory()
    abandon, abandon_tol = band([c.p_abandon for c in counts])
    level, level_tol = band([c.service_level for c in counts])
    report = {
        "model": name,
        "p_abandon": (round(abandon, 5), round(abandon_tol, 5), round(theory.p_abandon, 5)),
        "service_level": (round(level, 5), round(level_tol, 5), round(theory.service_level, 5)),
    }
    assert abs(abandon - theory.p_abandon) <= abandon_tol, report
    assert abs(level - theory.service_level) <= level_tol, report
    # The band is narrow enough to catch a wrong queue: one agent fewer is far outside it.
    short = erlang_a(SMALL.rate, SMALL.mean_handle, SMALL.agents - 1, SMALL.mean_patience, 1.0)
    assert abs(abandon - short.p_abandon) > abandon_tol, report
    assert abs(level - short.service_level) > level_tol, report
