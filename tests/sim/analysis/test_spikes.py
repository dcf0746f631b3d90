"""Spike alerts on a run: the scenario's rule, primed with its history, live and headless."""

from __future__ import annotations

import pytest

from sim.analysis.history.alerts import Alert, AlertRule
from sim.analysis.spikes import (
    SurgeStart,
    alert_rows,
    alerts_of,
    attribute,
    by_surge,
    rule_of,
    surge_starts,
    watch,
)
from sim.engine.core import Engine
from sim.model import actions as act
from sim.model.alerting import Alerts
from sim.model.scenario import Scenario
from sim.session.clock import Clock
from sim.session.run import PlayedRun, new_engine


def _run(scenario: Scenario, seed: int | None = None, until: float | None = None) -> Engine:
    engine = Engine(scenario, seed, record_mentions=False)
    engine.run_until(scenario.meta.duration if until is None else until)
    return engine


def test_the_sections_defaults_are_the_detectors_default_rule():
    rule, spec = AlertRule(), Alerts()
    assert (spec.window, spec.sensitivity, spec.cooldown) == (
        rule.window,
        rule.sensitivity,
        rule.cooldown,
    )


def test_a_rule_switched_off_raises_nothing(recall):
    off = recall.model_copy(update={"alerts": Alerts(enabled=False)})
    assert rule_of(off) is None and watch(off) is None
    assert alerts_of(_run(off, until=600)) == []


def test_the_recall_alerts_three_quarters_of_an_hour_after_the_announcement(recall):
    engine = _run(recall)
    rows = alert_rows(engine)
    assert len(rows) == 1
    (row,) = rows
    assert row["surge"] == "Recall announced" and row["surge_at_min"] == 360.0
    assert row["at_min"] == 405.0 and row["lead_min"] == 45.0  # when it is 3x normal
    assert row["time"] == "Day 1 14:45"
    assert row["volume"] > 3 * row["expected"]


def test_no_alert_on_an_ordinary_day_from_the_first_interval(recall):
    """Primed with the baseline's expected history, three days of baseline alone (daily
    cycle, Poisson noise) never break out: no false alert, even in the first hours."""
    quiet = recall.model_copy(update={"surges": [], "injects": []})
    for seed in (1, 2, 3):
        assert alerts_of(_run(quiet, seed)) == []


def test_a_stronger_rule_stays_quiet_and_a_short_cooldown_alerts_again(recall):
    deaf = recall.model_copy(update={"alerts": Alerts(sensitivity=100)})
    assert alerts_of(_run(deaf)) == []
    eager = recall.model_copy(update={"alerts": Alerts(cooldown="1h")})
    assert len(alerts_of(_run(eager))) > 1


def test_alerts_are_the_same_played_live_in_slices_as_headless(recall):
    """They depend only on the counts: ticking the clock in odd slices changes nothing."""
    run = PlayedRun(new_engine(recall, 3), Clock())
    told: list[Alert] = []
    run.on_alert = told.append
    while not run.at_end:
        run.advance(37.0)
    assert told == run.raised == alerts_of(_run(recall, 3))
    assert [line.kind for line in run.view().log].count("alert") <= 1


def test_an_acknowledgement_closes_every_open_alert(recall):
    run = PlayedRun(new_engine(recall, None), Clock())
    run.advance(410)
    assert [a.at for a in run.open_alerts] == [405.0]
    assert run.view().open_alert == "Day 1 14:45"
    run.send(act.AcknowledgeAlert())
    assert run.open_alerts == [] and run.view().open_alert == ""
    assert run.engine.log[-1].text == "spike alert acknowledged"


def test_surges_begin_from_the_scenario_a_trigger_and_the_log(recall):
    engine = Engine(recall, None, record_mentions=False)
    engine.run_until(100)
    surge = act.action_from_params(
        "trigger_surge", {"shape": "shock", "peak_per_hour": 300, "half_life": "1h",
                          "topic": "recall-refund", "name": "Journalist"}, recall,
    )  # fmt: skip
    engine.apply(surge)
    engine.run_until(500)
    assert [(s.at, s.name) for s in surge_starts(engine.log)] == [
        (100.0, "Journalist"),
        (360.0, "Recall announced"),
    ]


def _alert(at: float) -> Alert:
    return Alert(at, 100.0, 20.0, 5.0)


@pytest.mark.parametrize(
    ("alerts", "surges", "announced"),
    [
        ([30.0], [SurgeStart(0.0, "a")], ["a"]),
        ([30.0, 800.0], [SurgeStart(0.0, "a")], ["a", None]),  # nothing new: false
        ([-5.0, 30.0], [SurgeStart(0.0, "a")], [None, "a"]),  # before any surge
        ([90.0], [SurgeStart(0.0, "a"), SurgeStart(60.0, "b")], ["b"]),  # the latest
        ([30.0, 90.0], [SurgeStart(0.0, "a"), SurgeStart(60.0, "b")], ["a", "b"]),
        ([1500.0], [SurgeStart(0.0, "a")], [None]),  # more than a day after: not its news
    ],
)
def test_each_alert_announces_the_latest_surge_no_alert_announced_yet(alerts, surges, announced):
    raised = attribute([_alert(t) for t in alerts], surges)
    assert [None if r.surge is None else r.surge.name for r in raised] == announced
    leads = {s.surge.name: s.lead for s in by_surge(raised, surges)}
    for r in raised:
        if r.surge is not None:
            assert leads[r.surge.name] == r.alert.at - r.surge.at


def test_a_surge_with_no_alert_before_the_next_has_none():
    surges = [SurgeStart(0.0, "a"), SurgeStart(60.0, "b")]
    raised = attribute([_alert(90.0)], surges)
    assert [(s.surge.name, s.lead) for s in by_surge(raised, surges)] == [("a", None), ("b", 30.0)]


def test_a_scenario_without_baseline_alerts_on_its_first_surge(recall):
    """No baseline: the history is silence, so the surge's first full window alerts."""
    bare = recall.model_copy(update={"baseline": None})
    (row, *_) = alert_rows(_run(bare, until=24 * 60))
    assert row["surge"] == "Recall announced" and 0 < row["lead_min"] <= 60
