"""The clock behind the dashboard: how far a frame plays, and the budget at top speed."""

from __future__ import annotations

import math

import pytest

from sim.engine.core import Engine
from sim.model import actions as act
from tui.driver import MAX_ELAPSED, SPEEDS, Driver, live_surge, mobilize, speed_label


class FakeTimer:
    """A wall clock that moves only when the engine is asked to run."""

    def __init__(self, per_call: float) -> None:
        self.now = 0.0
        self.per_call = per_call

    def __call__(self) -> float:
        self.now += self.per_call
        return self.now


def test_a_frame_plays_speed_times_elapsed(recall):
    driver = Driver(Engine(recall), speed_index=SPEEDS.index(900))
    assert driver.tick(0.1)
    assert driver.engine.now == pytest.approx(900 * 0.1 / 60)


def test_a_stalled_frame_does_not_leap_ahead(recall):
    driver = Driver(Engine(recall), speed_index=SPEEDS.index(3600))
    driver.tick(30.0)
    assert driver.engine.now == pytest.approx(3600 * MAX_ELAPSED / 60)


def test_paused_or_finished_runs_do_not_move(recall):
    driver = Driver(Engine(recall), paused=True)
    assert not driver.tick(0.1)
    assert driver.engine.now == 0
    driver.paused = False
    driver.advance(recall.meta.duration)
    assert not driver.tick(0.1)


def test_max_speed_stops_when_the_budget_is_spent(recall):
    # Each look at the timer costs 10 ms of fake wall time: a 40 ms budget allows 4 slices.
    driver = Driver(Engine(recall), speed_index=len(SPEEDS) - 1, timer=FakeTimer(0.01))
    driver.tick(0.1)
    assert driver.engine.now == pytest.approx(4 * recall.meta.interval)


def test_step_lands_on_the_next_interval_boundary(recall):
    driver = Driver(Engine(recall))
    driver.advance(7.5)
    driver.step()
    assert driver.engine.now == recall.meta.interval
    driver.step()
    assert driver.engine.now == 2 * recall.meta.interval


def test_speed_keys_stop_at_the_ends(recall):
    driver = Driver(Engine(recall), speed_index=0)
    driver.slower()
    assert driver.speed_index == 0
    for _ in range(20):
        driver.faster()
    assert math.isinf(driver.speed)
    assert [speed_label(s) for s in SPEEDS] == [
        "real time",
        "10s/s",
        "1 min/s",
        "5 min/s",
        "15 min/s",
        "1 h/s",
        "4 h/s",
        "max",
    ]


def test_live_inject_and_mobilize_are_valid_actions(recall):
    surge = live_surge(recall, "recall-refund")
    assert surge.surge.topic == "recall-refund"  # type: ignore[union-attr]
    assert surge.surge.peak_per_hour == 3 * recall.baseline.per_hour  # type: ignore[union-attr]
    assert mobilize(0.0).answer_share == 0.3  # type: ignore[union-attr]
    assert mobilize(0.9).answer_share == 1.0  # type: ignore[union-attr]


def test_saving_rebuilds_every_mention_by_replaying_the_actions_sent(recall):
    driver = Driver.start(recall, 7)
    driver.advance(300)
    driver.apply(act.AddAgents("care", 2))
    driver.advance(200.5)
    driver.apply(act.HoldingStatement())
    driver.advance(100)
    full = driver.recorded()
    assert not driver.engine.mentions and full.mentions
    assert full.now == driver.engine.now
    assert full.summary() == driver.engine.summary()
    assert len(full.mentions) == full.summary().mentions
