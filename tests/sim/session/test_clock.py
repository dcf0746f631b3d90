"""The clock behind every session: how far a frame plays, and the budget at top speed."""

from __future__ import annotations

import math

import pytest

from sim.model import actions as act
from sim.session.clock import MAX_ELAPSED, SPEEDS, Clock, speed_label
from sim.session.live import LiveSession
from sim.session.responses import live_surge, mobilize


class FakeTimer:
    """A wall clock that moves only when the engine is asked to run."""

    def __init__(self, per_call: float) -> None:
        self.now = 0.0
        self.per_call = per_call

    def __call__(self) -> float:
        self.now += self.per_call
        return self.now


def session(scenario, **clock) -> LiveSession:
    return LiveSession.start(scenario, clock=Clock(**clock))


def test_a_frame_plays_speed_times_elapsed(recall):
    # No wall budget: how far a frame plays, not how much a busy machine lets it play.
    run = session(recall, speed_index=SPEEDS.index(900), budget=math.inf).run
    assert run.tick(0.1)
    assert run.engine.now == pytest.approx(900 * 0.1 / 60)


def test_a_stalled_frame_does_not_leap_ahead(recall):
    run = session(recall, speed_index=SPEEDS.index(3600), budget=math.inf).run
    run.tick(30.0)
    assert run.engine.now == pytest.approx(3600 * MAX_ELAPSED / 60)


def test_paused_or_finished_runs_do_not_move(recall):
    run = session(recall, paused=True).run
    assert not run.tick(0.1)
    assert run.engine.now == 0
    run.clock.paused = False
    run.advance(recall.meta.duration)
    assert not run.tick(0.1)


def test_a_held_clock_waits_and_runs_again_as_it_was_left(recall):
    run = session(recall).run
    run.clock.hold()
    run.clock.hold()  # two dialogs
    assert not run.tick(0.1) and not run.clock.paused
    run.clock.release()
    assert not run.tick(0.1)
    run.clock.release()
    assert run.tick(0.1)


def test_max_speed_stops_when_the_budget_is_spent(recall):
    # Each look at the timer costs 10 ms of fake wall time: a 40 ms budget allows 4 slices.
    run = session(recall, speed_index=len(SPEEDS) - 1, timer=FakeTimer(0.01)).run
    run.tick(0.1)
    assert run.engine.now == pytest.approx(4 * recall.meta.interval)


def test_step_lands_on_the_next_interval_boundary(recall):
    run = session(recall).run
    run.advance(7.5)
    run.step()
    assert run.engine.now == recall.meta.interval
    run.step()
    assert run.engine.now == 2 * recall.meta.interval


def test_speed_keys_stop_at_the_ends():
    clock = Clock(speed_index=0)
    clock.slower()
    assert clock.speed_index == 0
    for _ in range(20):
        clock.faster()
    assert math.isinf(clock.speed)
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
    live = LiveSession.start(recall, 7)
    run = live.run
    run.advance(300)
    live.send(act.AddAgents("care", 2))
    run.advance(200.5)
    live.send(act.HoldingStatement())
    run.advance(100)
    full = run.recorded()
    assert not run.engine.mentions and full.mentions
    assert full.now == run.engine.now
    assert full.summary() == run.engine.summary()
    assert len(full.mentions) == full.summary().mentions
