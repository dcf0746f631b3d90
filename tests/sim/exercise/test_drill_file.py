"""The drill file's model: an inject's action as the engine takes it; errors at drill keys."""

from __future__ import annotations

import pytest

from sim.engine.core import Engine, TimedAction
from sim.exercise.build import BuiltDrill
from sim.model import actions as act

Played = tuple[BuiltDrill, Engine, list[TimedAction]]


def test_an_injects_action_resolves_against_the_scenario(played: Played) -> None:
    built = played[0]
    sick, news = built.drill.inject("sick"), built.drill.inject("news")
    assert sick is not None and news is not None
    assert sick.action_in(built.scenario) == act.RemoveAgents("care", 3)
    assert news.action_in(built.scenario) is None
    night = sick.model_copy(update={"action": {"action": "remove_agents", "role": "night"}})
    with pytest.raises(act.ActionError) as info:
        night.action_in(built.scenario)
    assert info.value.key == "role"


def test_an_error_at_a_drill_key_names_its_line(played: Played) -> None:
    drill = played[0].drill
    err = drill.error_at(("inject", 1, "title"), "too dull")
    lines = drill.text.splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text.startswith('title = "Three'))
    assert (err.file, err.line, err.key, err.expected) == (
        drill.source,
        line,
        "inject[2].title",
        "too dull",
    )
    assert drill.inject("nobody") is None
