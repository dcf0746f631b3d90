"""Replays are exact: the same scenario, seed and live actions give the same run."""

from __future__ import annotations

from sim.engine.core import Engine, TimedAction
from sim.engine.replay import replay
from sim.model import actions as act
from sim.model.library import resolve
from sim.model.loading import load_scenario
from sim.present.results import mentions_csv, series_csv, summary_json


def test_a_live_session_replays_bit_for_bit():
    sc = load_scenario(resolve("recall"))
    live = Engine(sc, 7)
    log: list[TimedAction] = []
    # a person at the keys: small uneven steps, actions between them, one on a shift-hour
    steps = [37.5, 120.0, 360.0, 361.25, 400.0, 600.0]
    chosen: list[act.Action] = [
        act.AddAgents("care", 2),
        act.HoldingStatement("recall-refund"),
        act.PublishFaq(),
        act.MobilizeAdvocates(0.3, duration=120.0),
        act.RemoveAgents("care", 1),
        act.AddAgents("community_manager", 1, duration=60.0),
    ]
    for t, action in zip(steps, chosen, strict=True):
        live.run_until(t)
        live.apply(action)
        log.append(TimedAction(live.now, action))
    live.run_until(live.duration)
    again = replay(sc, 7, log)
    assert summary_json(again) == summary_json(live)
    assert series_csv(again) == series_csv(live)
    assert mentions_csv(again) == mentions_csv(live)
    assert [(e.t, e.text) for e in again.log] == [(e.t, e.text) for e in live.log]


def test_actions_round_trip_through_their_params():
    sc = load_scenario(resolve("recall"))
    surge = act.action_from_params(
        "trigger_surge",
        {"shape": "shock", "peak_per_hour": 300, "half_life": "90m", "topic": "outage"},
        sc,
    )
    every: list[act.Action] = [
        act.AddAgents("care", 3, duration=90.0),
        act.RemoveAgents("care"),
        act.PublishFaq("recall-refund"),
        act.HoldingStatement(cut=0.4, duration=30.5),
        act.MobilizeAdvocates(0.25),
        act.ChangeProtocol(respond_to=("complaint", "crisis"), sla_factor=2.0),
        surge,
    ]
    for action in every:
        params = act.action_to_params(action)
        name = params.pop("action")
        assert act.action_from_params(name, params, sc) == action
