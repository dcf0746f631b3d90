"""The engine agrees with queueing theory where theory applies.

A flat baseline on one channel, one kind, one team of c agents with concurrency 1,
exponential handle time and exponential patience is an M/M/c+M queue, so the engine's
service level, missed rate, mean wait and occupancy must match Erlang A (Erlang C when
nobody gives up) within the run's own sampling error. The error comes from batch means
over arrival cohorts of one long run after a warm-up; seeds are fixed, so the tests are
stable, and the tolerance (3.5 standard errors) is wide enough not to flake and narrow
enough to catch a wrong model: a 1-agent error moves these figures by many SEs.
"""

from __future__ import annotations

import pytest

from sim.analysis.erlang import QueueFigures, erlang_a, erlang_c
from sim.engine.core import Engine
from sim.engine.mentions import State
from sim.model.loading import parse_scenario
from sim.model.scenario import Scenario
from tests.sim.engine.theory import cohort_estimates


def mmc_scenario(
    per_hour: float,
    handle: float,
    agents: int,
    patience: float | None,
    sla: float,
    hours: float,
    warmup_hours: float,
    seed: int,
) -> Scenario:
    patience_line = (
        f'patience = {{ dist = "exponential", mean = "{patience}m" }}' if patience else ""
    )
    return parse_scenario(
        f"""
[scenario]
name = "M/M/c+M check"
duration = "{hours}h"
warmup = "{warmup_hours}h"
interval = "1h"
seed = {seed}

[baseline]
per_hour = {per_hour}
channels = {{ chat = 1.0 }}  # a synchronous channel: who gives up, leaves

[[team]]
role = "care"
agents = {agents}
handle_time = {{ dist = "exponential", mean = "{handle}m" }}

[protocol]
sla = {{ default = "{sla}m" }}
{patience_line}
"""
    )


def check_against(engine: Engine, theory: QueueFigures, tail_hours: float) -> None:
    est = cohort_estimates(engine, tail_hours)
    report = {
        name: (round(e.mean, 5), round(e.se, 5), round(getattr(theory, attr), 5))
        for name, e, attr in [
            ("service_level", est["service_level"], "service_level"),
            ("missed_rate", est["missed_rate"], "p_abandon"),
            ("mean_wait", est["mean_wait"], "mean_wait"),
        ]
    }
    assert est["service_level"].agrees(theory.service_level), report
    assert est["missed_rate"].agrees(theory.p_abandon), report
    assert est["mean_wait"].agrees(theory.mean_wait), report
    # Occupancy over the whole post-warm-up period (a time average, one figure).
    assert engine.summary().occupancy == pytest.approx(theory.occupancy, abs=0.02)


# The table: arrivals/h, mean handle, agents, mean patience, SLA T (minutes).
ERLANG_A_CASES = [
    pytest.param(60, 5, 8, 10, 2, 400, 11, id="60h-5m-8agents"),
    pytest.param(120, 8, 18, 15, 5, 300, 12, id="120h-8m-18agents"),
    pytest.param(1200, 6, 65, 30, 5, 60, 13, id="1200h-6m-65agents-overloaded"),
    pytest.param(300, 4, 18, 3, 0.5, 120, 14, id="300h-4m-18agents-impatient"),
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("per_hour", "handle", "agents", "patience", "sla", "hours", "seed"), ERLANG_A_CASES
)
def test_engine_matches_erlang_a(per_hour, handle, agents, patience, sla, hours, seed):
    sc = mmc_scenario(per_hour, handle, agents, patience, sla, hours, 5, seed)
    engine = Engine(sc)
    engine.run_until(sc.meta.duration)
    theory = erlang_a(per_hour / 60, handle, agents, patience, sla)
    check_against(engine, theory, tail_hours=3)


ERLANG_C_CASES = [
    pytest.param(60, 5, 7, 1, 400, 21, id="60h-5m-7agents"),
    pytest.param(240, 3, 14, 0.5, 200, 22, id="240h-3m-14agents"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("per_hour", "handle", "agents", "sla", "hours", "seed"), ERLANG_C_CASES)
def test_engine_matches_erlang_c_when_nobody_gives_up(per_hour, handle, agents, sla, hours, seed):
    sc = mmc_scenario(per_hour, handle, agents, None, sla, hours, 5, seed)
    engine = Engine(sc)
    engine.run_until(sc.meta.duration)
    theory = erlang_c(per_hour / 60, handle, agents, sla)
    check_against(engine, theory, tail_hours=2)


def test_summary_rates_are_over_post_warmup_arrivals():
    sc = mmc_scenario(60, 5, 8, 10, 2, 60, 5, 3)
    engine = Engine(sc)
    summary = engine.run()
    warm = [m for m in engine.mentions if m.t >= engine.warmup]
    assert summary.mentions == len(warm)
    assert summary.needs_response == len(warm)
    assert summary.missed == sum(m.state is State.MISSED for m in warm)
    answered = [m for m in warm if m.state in (State.DONE, State.SERVING)]
    in_sla = sum(m.in_sla for m in answered)
    assert summary.answered == len(answered)
    assert summary.answered_in_sla == in_sla
    assert summary.service_level == pytest.approx(in_sla / len(warm))
    assert summary.answered + summary.missed + summary.open == summary.needs_response


@pytest.mark.slow
def test_wrong_staffing_is_detected():
    """The check has teeth: one agent fewer than the theory assumes fails it."""
    sc = mmc_scenario(60, 5, 7, 10, 2, 400, 5, 11)
    engine = Engine(sc)
    engine.run_until(sc.meta.duration)
    est = cohort_estimates(engine, tail_hours=3)
    theory_for_8 = erlang_a(1.0, 5, 8, 10, 2)
    assert not est["missed_rate"].agrees(theory_for_8.p_abandon)


def test_the_queue_count_is_the_number_of_mentions_waiting():
    """At every interval's end, `waiting` is exactly the mentions still in the queue."""
    sc = mmc_scenario(600, 6, 58, 30, 1, 12, 0, 8)
    engine = Engine(sc)
    for hour in range(1, 13):
        engine.run_until(hour * 60)
        truly = sum(1 for m in engine.mentions if m.state is State.WAITING)
        assert engine.series[-1].waiting == truly == engine.waiting
    peak = engine.summary().peak_queue
    assert peak >= max(iv.waiting for iv in engine.series) > 0
