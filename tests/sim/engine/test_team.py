"""Team mechanics: shifts, schedules, concurrency, priorities and skills routing."""

from __future__ import annotations

import numpy as np
import pytest

from sim.analysis.erlang import erlang_a
from sim.engine.core import Engine, TimedAction
from sim.engine.mentions import State
from sim.model import actions as act
from sim.model.loading import parse_scenario
from sim.model.scenario import Scenario
from tests.sim.engine.theory import cohort_estimates


@pytest.mark.slow
def test_concurrency_k_makes_each_agent_k_servers():
    """4 agents handling 2 chats at once, each chat exponential: an M/M/8+M queue."""
    sc = parse_scenario(
        """
[scenario]
name = "chats"
duration = "300h"
warmup = "5h"
seed = 31
[baseline]
per_hour = 84
channels = { chat = 1.0 }
[[team]]
role = "care"
agents = 4
concurrency = 2
handle_time = { dist = "exponential", mean = "5m" }
[protocol]
sla = { chat = "1m" }
patience = { dist = "exponential", mean = "4m" }
"""
    )
    engine = Engine(sc)
    engine.run_until(sc.meta.duration)
    theory = erlang_a(84 / 60, 5, 8, 4, 1)
    est = cohort_estimates(engine, tail_hours=1)
    assert est["service_level"].agrees(theory.service_level)
    assert est["missed_rate"].agrees(theory.p_abandon)
    assert engine.summary().occupancy == pytest.approx(theory.occupancy, abs=0.02)
    busy = [iv.agents_busy for iv in engine.series]
    assert max(busy) <= 4 and max(iv.in_service for iv in engine.series) <= 8


SHIFTS = """
[scenario]
name = "shifts"
duration = "48h"
start = "2026-03-02T06:00"
interval = "1h"
seed = 2
[baseline]
per_hour = 40
[[team]]
role = "care"
handle_time = {{ dist = "exponential", mean = "20m" }}
{staffing}
[protocol]
patience = {{ dist = "exponential", mean = "2h" }}
"""


def test_daily_shifts_set_who_is_on():
    staffing = """
[[team.shift]]
start = "08:00"
end = "16:00"
agents = 6
[[team.shift]]
start = "14:00"
end = "22:00"
agents = 3
"""
    engine = Engine(parse_scenario(SHIFTS.format(staffing=staffing)))
    engine.run_until(engine.duration)
    for iv in engine.series:
        hour = (6 + int((iv.t_end - 1) // 60)) % 24  # the clock just before the row closes
        expected = (6 if 8 <= hour < 16 else 0) + (3 if 14 <= hour < 22 else 0)
        on_or_leaving = iv.agents_on_shift
        assert on_or_leaving >= expected, (hour, iv)
        if iv.agents_busy == 0:
            assert on_or_leaving == expected
    # Nobody answers at night: all the night's mentions wait for the morning, or give up.
    night = [m for m in engine.mentions if 23 * 60 - 6 * 60 < m.t < 24 * 60 - 6 * 60 + 60]
    assert night and all(m.t_start < 0 or m.t_start >= 26 * 60 - 6 * 60 for m in night)


def test_agents_at_shift_end_finish_what_they_hold():
    staffing = """
schedule = { interval = "1h", agents = [5, 5, 0] }
"""
    engine = Engine(parse_scenario(SHIFTS.format(staffing=staffing)))
    engine.run_until(engine.duration)
    started_before_end = [m for m in engine.mentions if 0 <= m.t_start < 120]
    overran = [m for m in started_before_end if m.t_end > 120]
    assert overran, "with 20-minute handling some work should run past the shift end"
    assert all(m.state is State.DONE for m in overran)  # finished, not dropped
    assert not [m for m in engine.mentions if m.t_start >= 120]
    assert [iv.agents_on_shift for iv in engine.series[:2]] == [5, 5]
    assert engine.series[5].agents_on_shift == 0


def test_schedule_and_actions_add_up():
    staffing = """
schedule = { interval = "1h", agents = [2, 4, 1] }
"""
    sc = parse_scenario(SHIFTS.format(staffing=staffing))
    engine = Engine(sc, actions=[TimedAction(30, act.AddAgents("care", 3, duration=120))])
    engine.run_until(6 * 60)
    at = {iv.t_end: iv.agents_on_shift for iv in engine.series if iv.agents_busy == 0}
    expected = {60.0: 5, 120.0: 7, 180.0: 1, 240.0: 1, 300.0: 1, 360.0: 1}
    for t, n in at.items():
        assert n == expected[t]


@pytest.mark.slow
def test_higher_priority_kinds_wait_less():
    sc = parse_scenario(
        """
[scenario]
name = "priority"
duration = "100h"
seed = 5
[baseline]
per_hour = 60
kinds = { question = 0.5, crisis = 0.5 }
[[team]]
role = "care"
agents = 5
handle_time = { dist = "exponential", mean = "4.5m" }
[protocol]
priority = ["crisis", "question"]
"""
    )
    engine = Engine(sc)
    engine.run_until(sc.meta.duration)
    waits = {
        kind: np.mean([m.wait for m in engine.mentions if m.kind == kind and m.t_start >= 0])
        for kind in ("crisis", "question")
    }
    assert waits["crisis"] < waits["question"] / 3


def reach_queue(duration: str, agents: int, protocol: str) -> Scenario:
    """60 posts an hour from authors with Pareto reach (a few big accounts) to one team."""
    return parse_scenario(
        f"""
[scenario]
name = "vip"
duration = "{duration}"
seed = 6
[baseline]
per_hour = 60
reach = {{ alpha = 1.5, minimum = 100 }}
[[team]]
role = "care"
agents = {agents}
handle_time = {{ dist = "exponential", mean = "4.5m" }}
[protocol]
{protocol}
"""
    )


def test_influencers_jump_the_queue():
    sc = reach_queue("100h", 5, "vip_reach = 5000")
    engine = Engine(sc)
    engine.run_until(sc.meta.duration)
    answered = [m for m in engine.mentions if m.t_start >= 0]
    vip = np.mean([m.wait for m in answered if m.reach >= 5000])
    rest = np.mean([m.wait for m in answered if m.reach < 5000])
    assert vip < rest / 3


def test_skills_route_each_channel_to_who_can_answer_it():
    sc = parse_scenario(
        """
[scenario]
name = "skills"
duration = "24h"
seed = 7
[baseline]
per_hour = 60
channels = { twitter = 0.5, email = 0.3, phone = 0.2 }
kinds = { question = 0.7, crisis = 0.3 }
[[team]]
role = "care"
agents = 4
channels = ["twitter", "email"]
kinds = ["question"]
handle_time = "5m"
[[team]]
role = "pr"
agents = 2
kinds = ["crisis"]
handle_time = "8m"
[protocol]
patience = { dist = "exponential", mean = "1h" }
"""
    )
    engine = Engine(sc)
    engine.run_until(sc.meta.duration)
    for m in engine.mentions:
        if m.handled_by == "care":
            assert m.channel in ("twitter", "email") and m.kind == "question"
        elif m.handled_by == "pr":
            assert m.kind == "crisis"
    phone_questions = [m for m in engine.mentions if m.channel == "phone" and m.kind == "question"]
    assert phone_questions and all(m.state is State.MISSED or m.t_end < 0 for m in phone_questions)


def test_a_protocol_change_puts_big_accounts_already_waiting_first():
    sc = reach_queue("40h", 1, 'patience = "100h"')
    engine = Engine(sc)
    engine.run_until(600)
    waiting = [m for m in engine.mentions if m.state is State.WAITING]
    big = [m for m in waiting if m.reach >= 5000]
    assert big and len(waiting) > 2 * len(big)  # a backlog, with big accounts inside it
    applied = engine.apply(act.ChangeProtocol(vip_reach=5000))
    assert applied.text == "protocol changed: authors with 5,000+ followers first"
    engine.run_until(sc.meta.duration)
    last_big = max(m.t_start for m in big)
    assert all(m.t_start < 0 or m.t_start >= last_big for m in waiting if m.reach < 5000)
    # Later big accounts jump the queue as well, while the backlog still waits.
    later = [m for m in engine.mentions if m.t > 600]
    big_later = np.mean([m.t_start >= 0 for m in later if m.reach >= 5000])
    rest_later = np.mean([m.t_start >= 0 for m in later if m.reach < 5000])
    assert big_later > 0.8 and rest_later < 0.1


def test_a_vip_rule_only_widens():
    sc = parse_scenario(
        """
[scenario]
name = "vip rule"
duration = "2h"
[baseline]
per_hour = 10
[[team]]
role = "care"
agents = 1
handle_time = "5m"
[protocol]
vip_reach = 5000
"""
    )
    engine = Engine(sc)
    same = engine.apply(act.ChangeProtocol(vip_reach=10_000))
    assert same.text == "no effect: authors with 5,000+ followers already go first"
    assert engine.policy.vip_reach == 5000
    wider = engine.apply(act.ChangeProtocol(vip_reach=1000))
    assert wider.text == "protocol changed: authors with 1,000+ followers first"
    assert engine.policy.vip_reach == 1000
