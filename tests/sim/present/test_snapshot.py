"""Snapshots: what a live view reads, bounded however long the run, and true to the engine."""

from __future__ import annotations

from datetime import datetime

import pytest

from sim.engine.core import Engine
from sim.engine.mentions import State
from sim.engine.metrics import Interval
from sim.model import actions as act
from sim.model.scenario import Scenario
from sim.present.format import clock_label, format_wait
from sim.present.scenario_card import scenario_facts
from sim.present.snapshot import CHART_POINTS, downsample, take_snapshot


@pytest.fixture(scope="module")
def mid_surge(recall: Scenario) -> Engine:
    engine = Engine(recall)
    engine.run_until(8 * 60)
    return engine


def test_clock_counts_days_from_the_start():
    start = datetime(2026, 3, 2, 8, 0)
    assert clock_label(start, 0) == "Day 1 08:00"
    assert clock_label(start, 16 * 60 + 5) == "Day 2 00:05"
    assert clock_label(start, 72 * 60) == "Day 4 08:00"


def test_wait_format():
    assert [format_wait(m) for m in (0, 0.5, 12.4, 125)] == ["–", "30s", "12m", "2h05m"]


def test_figures_match_the_engine(mid_surge: Engine):
    snap = take_snapshot(mid_surge)
    tally = mid_surge.totals()
    summary = mid_surge.summary()
    assert snap.clock == "Day 1 16:00"
    assert snap.answered_in_sla == tally.answered_in_sla == summary.answered_in_sla
    assert snap.missed == summary.missed
    assert snap.needs_response == summary.needs_response
    assert snap.service_level == pytest.approx(summary.service_level)
    assert snap.missed_rate == pytest.approx(summary.missed_rate)
    assert snap.customers_at_risk == pytest.approx(summary.customers_at_risk)
    assert snap.agents_on_shift == sum(g.on_shift for g in mid_surge.groups)
    in_queue = {
        m.id for g in mid_surge.groups for q in g.queues.values() for m in q
        if m.state is State.WAITING
    }  # fmt: skip
    assert snap.waiting == len(in_queue) == mid_surge.waiting > 0
    assert sum(c.waiting for c in snap.channels) == snap.waiting
    assert [k.key for k in snap.kpis] == [
        "waiting", "oldest", "sla", "late", "missed", "at_risk", "agents",
    ]  # fmt: skip
    assert snap.top_topic == "recall-refund"


def test_feed_and_log_are_limited_and_in_order(mid_surge: Engine):
    snap = take_snapshot(mid_surge, feed_limit=5, log_limit=3)
    assert len(snap.feed) == 5
    assert [f.t for f in snap.feed] == sorted(f.t for f in snap.feed)
    assert all(f.text and f.handle for f in snap.feed)
    assert len(snap.log) == 3
    assert snap.log[-1].seq == snap.log_count - 1 == len(mid_surge.log) - 1


def test_snapshot_is_a_pure_read(recall: Scenario):
    """Looking must not change the run: a watched run ends like an unwatched one."""
    expected = Engine(recall, 3).run().as_dict()
    engine = Engine(recall, 3)
    while not engine.done:
        engine.run_until(engine.now + 37.0)
        take_snapshot(engine)
    assert engine.summary().as_dict() == expected


def test_actions_become_markers(recall: Scenario):
    engine = Engine(recall)
    engine.run_until(60)
    engine.apply(act.AddAgents("care", 2))
    snap = take_snapshot(engine)
    assert [(m.kind, m.label) for m in snap.markers] == [("action", "+2 care agents")]


def test_chart_stays_bounded_and_keeps_the_peak():
    series = []
    for i in range(1000):
        iv = Interval(i * 15.0, (i + 1) * 15.0)
        iv.arrivals, iv.answered, iv.waiting = 15, 10, (500 if i == 333 else i % 7)
        series.append(iv)
    points = downsample(series)
    assert len(points) <= CHART_POINTS
    assert max(p.waiting for p in points) == 500
    assert all(p.arrivals_per_hour == pytest.approx(60.0) for p in points)
    assert points[0].t_start == 0 and points[-1].t_end == 15000
    assert downsample([]) == ()


def test_chart_buckets_do_not_shift_as_the_run_grows():
    def series(n: int) -> list[Interval]:
        out = []
        for i in range(n):
            iv = Interval(i * 15.0, (i + 1) * 15.0)
            iv.waiting = i
            out.append(iv)
        return out

    early, later = downsample(series(250), 100), downsample(series(399), 100)
    assert early[:-1] == later[: len(early) - 1]
    assert len(later) == 100


def test_scenario_facts(recall: Scenario):
    facts = scenario_facts(recall)
    assert facts.duration == "3d"
    assert facts.baseline_per_hour == 60
    assert facts.surges == ("Recall announced at 6h (shock, 240/h, recall-refund)",)
    assert facts.agents == ("care: 6 at the start", "community_manager: 1 at the start")
    assert "twitter" in facts.channels
