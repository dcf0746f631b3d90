"""Actions: one discriminated union, read from loose keys and written back exactly."""

from __future__ import annotations

import dataclasses
import json

import pytest

from sim.model import actions as act
from sim.model.library import resolve
from sim.model.loading import load_scenario
from sim.model.scenario import Scenario


@pytest.fixture(scope="module")
def recall() -> Scenario:
    return load_scenario(resolve("recall"))


# Each action with the JSON the run store writes for it: that text must never change, or
# runs stored before would read back as different actions.
STORED: list[tuple[act.Action, str]] = [
    (act.AddAgents("care", 2, 60.0), '{"action": "add_agents", "role": "care", "count": 2, '
     '"duration": "60.0m"}'),
    (act.AddAgents("care"), '{"action": "add_agents", "role": "care"}'),
    (act.RemoveAgents("community_manager", 1, 30.5), '{"action": "remove_agents", '
     '"role": "community_manager", "duration": "30.5m"}'),
    (act.PublishFaq(), '{"action": "publish_faq"}'),
    (act.PublishFaq("recall-refund"), '{"action": "publish_faq", "topic": "recall-refund"}'),
    (act.HoldingStatement("recall-refund", cut=0.4, duration=90.0), '{"action": '
     '"holding_statement", "topic": "recall-refund", "cut": 0.4, "duration": "90.0m"}'),
    (act.HoldingStatement(patience_factor=2.0), '{"action": "holding_statement", '
     '"patience_factor": 2.0}'),
    (act.MobilizeAdvocates(0.25, duration=120.0), '{"action": "mobilize_advocates", '
     '"answer_share": 0.25, "duration": "120.0m"}'),
    (act.ChangeProtocol(respond_to=("complaint", "crisis"), sla_factor=1.5), '{"action": '
     '"change_protocol", "respond_to": ["complaint", "crisis"], "sla_factor": 1.5}'),
    (act.ChangeProtocol(respond_to=()), '{"action": "change_protocol", "respond_to": []}'),
    (act.AcknowledgeAlert(), '{"action": "acknowledge_alert"}'),
]  # fmt: skip

SURGE_KEYS = {"shape": "shock", "peak_per_hour": 300, "half_life": "90m", "topic": "outage"}


def test_every_action_type_round_trips_through_its_params(recall):
    surge = act.action_from_params("trigger_surge", dict(SURGE_KEYS), recall)
    every: list[act.Action] = [*(a for a, _ in STORED), surge]
    assert {act.action_name(a) for a in every} == set(act.ACTION_TYPES)
    for action in every:
        params = act.action_to_params(action)
        name = params.pop("action")
        assert name == act.action_name(action) == action.action
        again = act.action_from_params(name, params, recall)
        assert again == action and hash(again) == hash(action)
        assert type(again) is type(action)


@pytest.mark.parametrize(("action", "text"), STORED)
def test_the_stored_form_of_an_action_is_unchanged(action, text):
    assert json.dumps(act.action_to_params(action)) == text


def test_a_live_surge_is_stored_as_its_own_keys(recall):
    surge = act.action_from_params("trigger_surge", dict(SURGE_KEYS), recall)
    assert isinstance(surge, act.TriggerSurge) and surge.surge.at == 0
    assert json.dumps(act.action_to_params(surge)) == (
        '{"action": "trigger_surge", "shape": "shock", "topic": "outage", '
        '"peak_per_hour": 300.0, "half_life": "90.0m"}'
    )


def test_actions_are_positional_frozen_dataclasses():
    a = act.AddAgents("care", 2, 30.0)
    assert act.AddAgents.__match_args__ == ("role", "count", "duration")
    assert act.HoldingStatement.__match_args__ == ("topic", "cut", "patience_factor", "duration")
    assert repr(a) == "AddAgents(role='care', count=2, duration=30.0)"
    match a:
        case act.AddAgents(role, count, duration):
            assert (role, count, duration) == ("care", 2, 30.0)
        case _:
            pytest.fail("positional match")
    assert a == act.AddAgents(role="care", count=2, duration=30.0)
    other: object = act.RemoveAgents("care", 2, 30.0)
    assert a != other
    assert len({a, act.AddAgents("care", 2, 30.0)}) == 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.count = 3  # type: ignore[misc]
    assert dataclasses.replace(act.PublishFaq(), topic="x") == act.PublishFaq("x")


def test_an_action_built_in_python_is_taken_as_given():
    # values are minutes already, not text with a unit: no check applies to them
    assert act.AddAgents("care", 1, 30).duration == 30
    assert act.HoldingStatement(duration=15.0).duration == 15.0


@pytest.mark.parametrize(
    ("name", "params", "key", "expected"),
    [
        ("hire", {}, "action", "expected one of add_agents, remove_agents, publish_faq, "
         "holding_statement, mobilize_advocates, change_protocol, trigger_surge, "
         "acknowledge_alert, got 'hire'"),
        ("add_agents", {}, "role", "add_agents needs this key"),
        ("add_agents", {"role": "care", "zz": 1, "colour": 2}, "colour",
         "unknown key for add_agents; expected one of: role, count, duration"),
        ("add_agents", {"role": "care", "count": 0}, "count",
         "expected a whole number of agents, 1 or more, got 0"),
        ("add_agents", {"role": "care", "count": True}, "count",
         "expected a whole number of agents, 1 or more, got True"),
        ("add_agents", {"role": "care", "duration": 30}, "duration",
         'expected a duration string with a unit, such as "90s", "15m", "2h" or "3d", got 30'),
        ("add_agents", {"role": "pr"}, "role",
         "no team called 'pr' (teams: care, community_manager)"),
        ("add_agents", {"role": ""}, "role", "expected a name, got ''"),
        ("publish_faq", {"topic": 5}, "topic", "expected a name, got 5"),
        ("holding_statement", {"cut": 1.5}, "cut", "expected a share between 0 and 1, got 1.5"),
        ("holding_statement", {"cut": "a lot"}, "cut", "expected a number, got 'a lot'"),
        ("holding_statement", {"patience_factor": 0}, "patience_factor",
         "expected a number greater than 0, got 0"),
        ("change_protocol", {"respond_to": ["rants"]}, "respond_to",
         "expected a list of kinds from question, complaint, praise, crisis, spam"),
        ("trigger_surge", {"shape": "shock", "peak_per_hour": -1, "half_life": "1h"},
         "peak_per_hour", "Input should be greater than or equal to 0"),
        ("trigger_surge", {"shape": "step"}, "surge",
         "Value error, a step surge needs per_hour and duration"),
    ],
)  # fmt: skip
def test_a_bad_key_is_named_with_what_was_expected(recall, name, params, key, expected):
    with pytest.raises(act.ActionError) as caught:
        act.action_from_params(name, params, recall)
    assert (caught.value.key, caught.value.expected) == (key, expected)
    assert str(caught.value) == f"{key}: {expected}"


def test_problems_are_reported_in_the_order_a_reader_fixes_them(recall):
    def key(name: str, params: dict[str, object]) -> str:
        with pytest.raises(act.ActionError) as caught:
            act.action_from_params(name, params, recall)
        return caught.value.key

    # a stray key first, then bad values in the order given, a missing key, an unknown team
    assert key("add_agents", {"count": 0, "bogus": 1}) == "bogus"
    assert key("holding_statement", {"duration": 5, "cut": 2}) == "duration"
    assert key("holding_statement", {"cut": 2, "duration": 5}) == "cut"
    assert key("add_agents", {"count": 0}) == "count"
    assert key("add_agents", {"role": "pr", "count": 0}) == "count"
    assert key("add_agents", {"role": "pr", "count": 1}) == "role"
