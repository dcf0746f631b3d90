"""`Engine.apply` answers what became of an action: resolved, took effect, or why not."""

from __future__ import annotations

import dataclasses

import pytest

from sim.engine.applied import Applied
from sim.engine.core import Engine
from sim.model import actions as act
from sim.model.loading import parse_scenario
from sim.model.scenario import Scenario
from sim.model.units import clock_label

SMALL = """\
[scenario]
name = "applied"
duration = "8h"
seed = 3

[baseline]
per_hour = 120
topics = { general = 0.5, recall = 0.5 }

[[team]]
role = "care"
agents = 3
handle_time = { dist = "exponential", mean = "6m" }
"""

FAQ = """
[faq]
trigger = 1000
window = "1h"
draft_time = "1h"
approval_time = "30m"
deflection = 0.2
"""


def small(body: str = "") -> Scenario:
    return parse_scenario(SMALL + body)


def last_log_line(engine: Engine) -> str:
    """The last action the log shows (an FAQ's own lines may follow it)."""
    return [e.text for e in engine.log if e.kind == "action"][-1]


def test_an_faq_sent_twice_is_already_under_way_the_second_time():
    engine = Engine(small(FAQ))
    engine.run_until(60)
    first = engine.apply(act.PublishFaq())
    assert first.took_effect and first.no_effect == ""
    assert isinstance(first.action, act.PublishFaq) and first.sent == act.PublishFaq()
    topic = first.action.topic
    assert topic in ("general", "recall")
    assert first.at == 60 and first.text == last_log_line(engine)
    assert first.text == f"FAQ drafting started on {topic}"

    engine.run_until(70)
    second = engine.apply(act.PublishFaq())  # the same top topic, aimed at again
    assert second.action == first.action and not second.took_effect
    start = clock_label(engine.scenario.meta.start, 60)
    drafting = f"FAQ for {topic} already being drafted (started {start} by the team)"
    assert second.no_effect == drafting
    assert second.text == f"no effect: {drafting}"
    assert second.text == last_log_line(engine)


def test_an_faq_already_out_says_when_it_was_published():
    engine = Engine(small(FAQ))
    engine.run_until(60)
    first = engine.apply(act.PublishFaq("recall"))
    engine.run_until(200)  # drafted in 1h, approved in 30m: out at minute 150
    again = engine.apply(act.PublishFaq("recall"))
    out = clock_label(engine.scenario.meta.start, engine.faq.published_at["recall"])
    assert first.took_effect and engine.faq.published_at["recall"] == 150
    assert again.no_effect == f"FAQ for recall already published at {out}"
    assert again.text == f"no effect: FAQ for recall already published at {out}"


def test_an_faq_without_an_faq_process_has_no_effect():
    engine = Engine(small())
    engine.run_until(30)
    applied = engine.apply(act.PublishFaq("recall"))
    assert applied.no_effect == "no FAQ process in this scenario"
    assert applied.text == "no effect: no FAQ process in this scenario"


def test_a_holding_statement_before_any_topic_has_none_to_aim_at():
    engine = Engine(small(FAQ))
    applied = engine.apply(act.HoldingStatement())  # minute 0: nobody has posted yet
    assert applied.no_effect == "no topic has come up yet for a statement"
    assert not applied.took_effect
    assert applied.action == applied.sent == act.HoldingStatement()
    assert applied.text == last_log_line(engine)
    assert applied.text == "no effect: no topic has come up yet for a statement"
    assert not engine.community.statements


def test_adding_and_removing_agents_take_effect():
    engine = Engine(small())
    engine.run_until(30)
    care = engine.groups[0]
    added = engine.apply(act.AddAgents("care", 2))
    assert added.took_effect and added.text == "+2 care agents" == last_log_line(engine)
    assert care.on_shift == 5
    removed = engine.apply(act.RemoveAgents("care", 1))
    assert removed.took_effect and removed.text == "-1 care agent"
    assert care.on_shift == 4


def test_agents_sent_off_while_busy_are_finishing_not_busy_on_shift():
    """The dashboard read "9 / 7, 129% busy" after two agents went home mid-mention."""
    engine = Engine(small())  # 12 erlangs on 3 agents: everyone is always busy
    engine.run_until(30)
    assert engine.group_views()[0].busy == 3
    engine.apply(act.RemoveAgents("care", 2))
    view = engine.group_views()[0]
    assert (view.on_shift, view.busy, view.finishing) == (1, 1, 2)
    engine.run_until(90)  # they finished and left
    view = engine.group_views()[0]
    assert (view.on_shift, view.busy, view.finishing) == (1, 1, 0)


def test_removing_from_an_empty_shift_says_nobody_is_there():
    engine = Engine(small())
    engine.run_until(30)
    assert engine.apply(act.RemoveAgents("care", 3)).took_effect
    applied = engine.apply(act.RemoveAgents("care"))
    assert applied.no_effect == "nobody on shift in care to remove"
    assert applied.text == "no effect: nobody on shift in care to remove" == last_log_line(engine)
    engine.apply(act.AddAgents("care", 2))  # no hidden debt from the removal of nobody
    assert engine.groups[0].on_shift == 2


def test_removing_more_than_are_on_shift_removes_those_on_shift():
    """-50 from a team of 3 sends 3 home and says so; the next +2 then gives 2, not 0."""
    engine = Engine(small())
    engine.run_until(30)
    applied = engine.apply(act.RemoveAgents("care", 50, duration=60.0))
    assert applied.action == act.RemoveAgents("care", 3, duration=60.0)
    assert applied.text == "-3 care agents for 60m" == last_log_line(engine)
    assert engine.groups[0].on_shift == 0
    engine.apply(act.AddAgents("care", 2))
    assert engine.groups[0].on_shift == 2
    engine.run_until(91)  # the removal's hour is up: the three come back, plus the two
    assert engine.groups[0].on_shift == 5


def test_advocates_in_a_scenario_without_them_have_no_effect():
    engine = Engine(small())
    engine.run_until(30)
    applied = engine.apply(act.MobilizeAdvocates(0.3, duration=60.0))
    assert applied.no_effect == "no advocates in this scenario"
    assert applied.text == "no effect: no advocates in this scenario"
    assert engine.advocate_share == 0.0  # nobody was called: no share shown as in force
    engine.run_until(120)  # and no "share back to 0%" when the call that did nothing ends
    assert applied.text == last_log_line(engine)


def test_overlapping_mobilizations_end_in_turn_back_to_the_scenarios_share():
    """15:00 30% for 4h, 16:00 50% for 4h: 50% holds until 20:00, then the scenario's 5%."""
    advocates = '\n[advocates]\nanswer_share = 0.05\ndelay = "30m"\naccuracy = 0.9\n'
    engine = Engine(small(advocates))
    engine.run_until(60)
    engine.apply(act.MobilizeAdvocates(0.3, duration=240.0))
    engine.run_until(120)
    engine.apply(act.MobilizeAdvocates(0.5, duration=240.0))
    engine.run_until(299)
    assert engine.advocate_share == pytest.approx(0.5)  # the first one's end changes nothing
    engine.run_until(361)
    assert engine.advocate_share == pytest.approx(0.05)
    said = [e.text for e in engine.log if e.kind == "advocates"]
    assert said == ["advocate answer share back to 5%"]
    engine.apply(act.MobilizeAdvocates(0.2))  # until further notice
    engine.apply(act.MobilizeAdvocates(0.6, duration=30.0))
    engine.run_until(400)
    assert engine.advocate_share == pytest.approx(0.2)


def test_applied_is_frozen():
    engine = Engine(small())
    applied = engine.apply(act.AddAgents("care"))
    assert isinstance(applied, Applied)
    with pytest.raises(dataclasses.FrozenInstanceError):
        applied.no_effect = "x"  # type: ignore[misc]


def test_a_scheduled_action_still_applies_and_is_logged():
    engine = Engine(small())
    engine.schedule(90, act.AddAgents("care", 1, duration=30.0))
    engine.run_until(100)
    assert engine.groups[0].on_shift == 4
    engine.run_until(121)
    assert engine.groups[0].on_shift == 3
    assert [(e.t, e.text) for e in engine.log if e.kind == "action"] == [
        (90.0, "+1 care agent for 30m")
    ]
