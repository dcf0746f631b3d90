"""A drill's `[spike_alert]`: each alert the run raised, acknowledged in time or not."""

from __future__ import annotations

import math
from datetime import datetime

import pytest

from sim.engine.core import TimedAction
from sim.engine.metrics import Summary
from sim.exercise.alert_ack import alert_results
from sim.exercise.expectation import ExpectationResult
from sim.exercise.loading import parse_drill
from sim.exercise.scoring import RunFacts, score_facts
from sim.model import actions as act
from sim.model.errors import ScenarioError

DRILL = """
[drill]
name = "Alert drill"
scenario = "recall"

[spike_alert]
acknowledge_within = "10m"
description = "Acknowledge the spike alert within 10 minutes"
"""
START = datetime(2026, 3, 2, 8, 0)


def _ack(at: float) -> TimedAction:
    return TimedAction(at, act.AcknowledgeAlert())


def _results(
    alerts: list[float], live: list[TimedAction], now: float = 1000.0, done: bool = True
) -> tuple[ExpectationResult, ...]:
    return alert_results(parse_drill(DRILL), live, alerts, now, done, START)


def test_an_alert_acknowledged_in_time_is_met_with_its_evidence():
    live = [TimedAction(380.0, act.HoldingStatement()), _ack(395.0)]
    (r,) = _results([390.0], live)
    assert (r.inject_id, r.action, r.status, r.deadline) == (
        "alert-1",
        "acknowledge_alert",
        "met",
        400.0,
    )
    assert r.evidence == live[1] and r.evidence_index == 1 and r.late_by is None
    assert r.title == "Spike alert at 14:30"
    assert r.how == "acknowledged at 14:35, 5m after the alert"


def test_late_missed_and_pending():
    (late,) = _results([390.0], [_ack(420.0)])
    assert late.status == "late" and late.late_by == 20.0
    assert late.how == "acknowledged at 15:00, 20m after the deadline"
    (missed,) = _results([390.0], [_ack(300.0)])  # before the alert: answers nothing
    assert missed.status == "missed" and missed.evidence is None
    assert missed.how == "not acknowledged by the end (deadline 14:40)"
    (pending,) = _results([390.0], [], now=395.0, done=False)
    assert pending.status == "pending" and "14:40 still ahead" in pending.how


def test_one_acknowledgement_answers_every_alert_raised_before_it():
    first, second, third = _results([390.0, 395.0, 900.0], [_ack(398.0)])
    assert (first.status, second.status, third.status) == ("met", "met", "missed")
    assert first.evidence_index == second.evidence_index == 0


def test_a_drill_without_the_table_expects_nothing():
    plain = parse_drill(DRILL.split("[spike_alert]")[0])
    assert alert_results(plain, [_ack(395.0)], [390.0], 1000.0, True, START) == ()


def test_the_alerts_count_in_the_overall_score_like_any_expectation():
    drill = parse_drill(DRILL)
    summary = Summary.__new__(Summary)  # scoring only carries it along
    facts = RunFacts(1000.0, True, summary, {}, None, START, (390.0, 900.0))
    sc = score_facts(drill, [_ack(395.0)], facts)
    assert [e.status for e in sc.expectations] == ["met", "missed"]
    assert sc.overall == 0.5
    assert math.isnan(
        score_facts(drill, [], RunFacts(0.0, False, summary, {}, None, START)).overall
    )


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ('acknowledge_within = "0m"', "greater than zero"),
        ('within = "10m"', "acknowledge_within"),
    ],
)
def test_a_bad_spike_alert_table_names_its_key(table, expected):
    text = DRILL.split("[spike_alert]")[0] + "[spike_alert]\n" + table + "\n"
    with pytest.raises(ScenarioError) as caught:
        parse_drill(text, "drill.toml")
    assert "spike_alert" in str(caught.value) and expected in str(caught.value)
    assert "drill.toml:" in str(caught.value)


def test_an_acknowledgement_with_no_alert_open_is_logged_as_changing_nothing(built):
    """The dashboard's `k` says "no spike alert to acknowledge"; a scripted one was logged
    "spike alert acknowledged" and the trainer could not see why the alert was late."""
    from sim.session.drill import DrillSession
    from sim.session.headless import play

    result = play(DrillSession.start(built), [_ack(365.0), _ack(410.0), _ack(412.0)])
    acks = [
        (line.clock, line.text)
        for line in result.log
        if "acknowledg" in line.text or "no spike" in line.text
    ]
    assert acks == [
        ("Day 1 14:05", "no effect: no spike alert open"),
        ("Day 1 14:50", "spike alert acknowledged"),
        ("Day 1 14:52", "no effect: no spike alert open"),
    ]
