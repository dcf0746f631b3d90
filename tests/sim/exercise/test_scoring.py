"""Scoring: expectations met, late, missed or pending with evidence; objectives measured."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import pytest

from sim.engine.core import Engine, TimedAction
from sim.engine.mentions import INFLUENCER_REACH
from sim.engine.metrics import Summary
from sim.exercise.build import BuiltDrill
from sim.exercise.drill_file import Expect, Objective
from sim.exercise.metrics import INFLUENCER_METRIC, measure, summary_value
from sim.exercise.scoring import (
    LATE_CREDIT,
    ExpectationResult,
    RunFacts,
    matches,
    objective_result,
    overall,
    score,
    score_facts,
)
from sim.model import actions as act

Played = tuple[BuiltDrill, Engine, list[TimedAction]]


def test_score_met_late_missed_with_evidence(played: Played):
    built, engine, live = played
    sc = score(built.drill, engine, live)
    by_id = {e.inject_id: e for e in sc.expectations}
    news, sick, faq = by_id["news"], by_id["sick"], by_id["faq"]
    assert news.status == "met" and news.evidence == live[0] and news.late_by is None
    assert news.deadline == 390.0
    assert sick.status == "late" and sick.evidence == live[1] and sick.late_by == 30.0
    assert sick.evidence_index == 1
    # Nobody pressed the FAQ key: the FAQ process started it on its own before the inject,
    # and an expectation about a state is met by that state however it came about.
    assert faq.status == "met" and faq.evidence is None
    assert faq.how.startswith("FAQ on recall-refund started by the FAQ process at 14:04")
    assert "published 15:19" in faq.how
    assert news.how.endswith("at 14:10, 10m after the inject")
    assert sick.how.endswith("at 16:30, 30m after the deadline 16:00")
    assert (sc.count("met"), sc.count("late"), sc.count("missed")) == (2, 1, 0)


def test_objectives_pass_and_fail_with_measured_values(played):
    built, engine, live = played
    sc = score(built.drill, engine, live)
    summary = engine.summary()
    sl, missed, influencer = sc.objectives
    assert sl.passed and sl.value == summary.service_level
    assert not missed.passed and missed.value == summary.missed_rate > 0
    waits = [
        m.wait
        for m in engine.mentions
        if m.reach >= INFLUENCER_REACH and m.t_start >= 0 and m.handled_by not in ("", "advocate")
    ]
    assert waits and influencer.value == pytest.approx(sum(waits) / len(waits))
    assert influencer.passed
    # (2 met + 0.5 late + 0 missed + 2 objectives passed) / 6 items
    assert sc.overall == pytest.approx(4.5 / 6)


def actions_only(engine: Engine, built: BuiltDrill) -> RunFacts:
    """The engine's facts without its FAQs: expectations judged on the team's actions."""
    facts = RunFacts.of(engine, [o.metric for o in built.drill.objectives])
    return dataclasses.replace(facts, faqs=None)


def test_action_before_the_inject_counts_while_its_effect_holds(played):
    built, engine, _ = played
    facts = actions_only(engine, built)
    early = [
        TimedAction(300.0, act.HoldingStatement(topic="recall-refund", duration=30.0)),  # over
        TimedAction(500.0, act.PublishFaq(topic="billing")),  # another topic
        TimedAction(200.0, act.AddAgents("care", 3)),  # a permanent change: the situation
    ]
    sc = score_facts(built.drill, early, facts)
    assert [e.status for e in sc.expectations] == ["missed", "missed", "missed"]
    # The evidence names what was done before the inject and why it does not answer it.
    assert sc.expectations[0].how == (
        "no holding_statement on recall-refund after the inject (deadline 14:30); holding "
        "statement on recall-refund (-25% new questions, patience x1.5, 30m) at 13:00 came "
        "before it, and had ended at 13:30"
    )
    assert sc.expectations[1].how.endswith(
        "+3 care agents at 11:20 came before it, for good: the situation the inject met, "
        "not an answer"
    )
    assert sc.expectations[2].how.startswith("no publish_faq on ")  # billing does not match
    assert "by the end" in sc.expectations[2].how
    # A statement posted an hour before the news, running four hours, answers it.
    running = [TimedAction(300.0, act.HoldingStatement(topic="recall-refund"))]
    news = score_facts(built.drill, running, facts).expectations[0]
    assert news.status == "met" and news.evidence == running[0]
    assert "at 13:00, 60m before the inject, still in force until 17:00" in news.how
    # Agents added for a while that still runs at the sick calls (15:00) cover them.
    cover = [TimedAction(400.0, act.AddAgents("care", 2, duration=120.0))]
    assert score_facts(built.drill, cover, facts).expectations[1].status == "met"
    # An action without a topic goes where the drill's open expectation is: the FAQ's
    # expectation opens when the inject before it (the sick calls, 15:00) shows.
    sc = score_facts(built.drill, [TimedAction(450.0, act.PublishFaq())], facts)
    assert sc.expectations[2].status == "met"
    assert sc.expectations[2].evidence == TimedAction(450.0, act.PublishFaq("recall-refund"))
    sc = score_facts(built.drill, [TimedAction(400.0, act.PublishFaq())], facts)
    assert sc.expectations[2].status == "missed"  # before the heads-up: the top topic's


def test_an_inject_fired_early_asks_its_response_from_when_it_was_shown(played):
    built, engine, _ = played
    facts = actions_only(engine, built)
    statement = [TimedAction(375.0, act.HoldingStatement(topic="recall-refund"))]  # 14:15
    on_time = score_facts(built.drill, statement, facts).expectations[0]
    assert on_time.status == "met" and on_time.deadline == 390.0  # news at 14:00, 30 min
    news = on_time.inject_id
    shown = [(news, 320.0), (news, 360.0)]  # the controller fired it at 13:20, the script at 14:00
    early = score_facts(built.drill, statement, facts, shown).expectations[0]
    assert early.status == "late" and early.deadline == 350.0 and early.late_by == 25.0
    later = [(news, 400.0)]  # shown again after its minute: the script's minute still counts
    assert score_facts(built.drill, statement, facts, later).expectations[0].deadline == 390.0


def test_unfinished_run_leaves_future_deadlines_pending(played):
    built, _, _ = played
    engine = Engine(built.scenario, built.seed)
    engine.run_until(400.0)
    statuses = [e.status for e in score(built.drill, engine, []).expectations]
    # The FAQ process started the recall FAQ at 14:04: that expectation is already met.
    assert statuses == ["missed", "pending", "met"]


# ---------------------------------------------------------------------- the rules on facts


def quiet_summary(**values: float | None) -> Summary:
    """A run's summary written by hand: zeros, but for the values given."""
    names = [f.name for f in dataclasses.fields(Summary)]
    data: dict[str, Any] = dict.fromkeys(names, 0.0) | {"scenario": "t", "seed": 7}
    return Summary(**(data | values))


def test_score_is_the_score_of_the_engines_facts(played: Played) -> None:
    built, engine, live = played
    sc = score(built.drill, engine, live)
    facts = RunFacts.of(engine, [o.metric for o in built.drill.objectives])
    assert facts.now == engine.now and facts.done
    again = score_facts(built.drill, live, facts)
    assert again.expectations == sc.expectations
    assert again.objectives == sc.objectives
    assert (again.overall, again.at) == (sc.overall, sc.at)


def test_facts_alone_score_a_drill_without_an_engine(played: Played) -> None:
    drill = played[0].drill
    summary = quiet_summary(service_level=0.9, missed_rate=0.1)
    measured = {"service_level": 0.9, "missed_rate": 0.1, INFLUENCER_METRIC: None}
    late = [TimedAction(395.0, act.HoldingStatement())]  # the news deadline was 390
    sc = score_facts(drill, late, RunFacts(400.0, False, summary, measured))
    assert [e.status for e in sc.expectations] == ["late", "pending", "pending"]
    # The topic-less statement is placed on the open expectation's topic (the intent rule).
    placed = TimedAction(395.0, act.HoldingStatement(topic="recall-refund"))
    assert sc.expectations[0].evidence == placed and sc.expectations[0].late_by == 5.0
    assert sc.expectations[0].how.endswith("at +6.6h, 5m after the deadline +6.5h")
    assert [(o.value, o.passed, o.final) for o in sc.objectives] == [
        (0.9, True, False),  # on track, not yet passed: the run has not ended
        (0.1, False, False),
        (None, False, False),
    ]
    # So far only the late statement is decided: neither pending expectations nor the
    # objectives (measured at the end) count yet.
    assert sc.overall == pytest.approx(LATE_CREDIT)
    assert (sc.at, sc.summary) == (400.0, summary)
    ended = score_facts(drill, [], RunFacts(400.0, True, summary, measured))
    assert [e.status for e in ended.expectations] == ["missed", "missed", "missed"]
    assert all(o.final for o in ended.objectives)
    assert ended.overall == pytest.approx(1 / 6)  # at the end every item counts
    nothing = score_facts(drill, [], RunFacts(10.0, False, summary, measured))
    assert math.isnan(nothing.overall)  # nothing decided yet: no score, not 0% or 50%


def test_objective_rule_and_overall_weights() -> None:
    at_least = Objective(metric="service_level", op=">=", target=0.8)
    at_most = Objective(metric="peak_queue", op="<=", target=10)
    assert objective_result(at_least, 0.8).passed and not objective_result(at_least, 0.7).passed
    assert objective_result(at_most, 10).passed and not objective_result(at_most, 11).passed
    assert not objective_result(at_most, None).passed
    assert math.isnan(overall((), ()))
    one = ExpectationResult("a", "A", "add_agents", "", 0.0, 30.0, "late")
    assert overall((one,), (objective_result(at_most, 0),)) == pytest.approx(1.5 / 2)


def test_matches_by_action_topic_and_role() -> None:
    care = Expect.model_validate({"action": "add_agents", "within": "30m", "role": "care"})
    assert matches(care, act.AddAgents("care", 2))
    assert not matches(care, act.AddAgents("social", 2))
    assert not matches(care, act.RemoveAgents("care", 2))
    faq = Expect.model_validate({"action": "publish_faq", "within": "1h", "topic": "recall-refund"})
    assert matches(faq, act.PublishFaq(topic="recall-refund"))
    assert not matches(faq, act.PublishFaq(topic="billing"))
    # A topic-less action answers a topic expectation only once the intent rule placed it.
    assert not matches(faq, act.PublishFaq())


def test_summary_metrics_read_nan_as_nothing_to_measure() -> None:
    assert summary_value(quiet_summary(service_level=0.5), "service_level") == 0.5
    assert summary_value(quiet_summary(mean_response_min=math.nan), "mean_response_min") is None
    never = quiet_summary(backlog_cleared_min=None)  # the backlog never cleared
    assert summary_value(never, "backlog_cleared_min") is None


def test_the_influencer_objective_is_measured_on_a_run_that_keeps_no_mentions(played: Played):
    """Live and replayed drills record no mentions (flat memory): the objective read
    "nothing to measure" and failed on the screen while the report measured 65.9m (trial)."""
    built, engine, live = played
    lean = Engine(built.scenario, built.seed, record_mentions=False)
    for timed in live:
        lean.run_until(timed.at)
        lean.apply(timed.action)
    lean.run_until(lean.duration)
    assert not lean.mentions
    expected = measure(INFLUENCER_METRIC, engine)
    assert expected is not None and measure(INFLUENCER_METRIC, lean) == expected
