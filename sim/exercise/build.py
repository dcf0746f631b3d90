"""A drill made runnable: its scenario with the drill's overrides, length and script applied.

The drill's scripted actions are written into the built scenario's `[[inject]]` list, so
the built scenario data alone (what the run store keeps) replays them; only the players'
live actions travel separately. Building is also where a drill is checked against its
scenario, and a problem the edited scenario has is blamed on the drill key that caused it.
"""

from __future__ import annotations

import copy
import dataclasses
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sim.exercise.drill_file import Drill, Expect
from sim.model import actions as act
from sim.model.errors import ScenarioError, describe_validation_error, format_key, read_text
from sim.model.library import resolve
from sim.model.loading import parse_scenario
from sim.model.overrides import set_key
from sim.model.scenario import Scenario, problems
from sim.model.units import format_duration


@dataclass(frozen=True)
class BuiltDrill:
    """The drill turned into what the engine and the run store take.

    `scenario_data` is the effective scenario (overrides, length and the scripted injects
    applied) and replays the drill on its own; `scenario_text` and `scenario_source` are
    the scenario file as written, for people and for the store's hash.
    """

    scenario: Scenario
    scenario_data: dict[str, Any]
    seed: int
    scenario_text: str
    scenario_source: str
    drill: Drill


def build(drill: Drill) -> BuiltDrill:
    """The drill's scenario with its overrides, length and scripted injects applied."""
    meta = drill.spec.meta
    path = _scenario_path(drill)
    try:
        scenario_text = read_text(path)  # bounded: a drill may name any file
    except ScenarioError:
        raise drill.error_at(
            ("drill", "scenario"), f"cannot read the scenario file {meta.scenario!r}"
        ) from None
    parse_scenario(scenario_text, str(path))  # the scenario's own errors name its own file
    data = tomllib.loads(scenario_text)
    for key, value in meta.overrides.items():
        try:
            set_key(data, key, copy.deepcopy(value))
        except (KeyError, TypeError) as exc:
            raise drill.error_at(("drill", "overrides", key), str(exc.args[0])) from None
    if meta.duration is not None:
        data.setdefault("scenario", {})["duration"] = f"{meta.duration!r}m"
    base = _validate(data, drill, ("drill", "overrides"))
    scripted = _scripted(drill, base)
    data.setdefault("inject", [])
    data["inject"] = [*data["inject"], *scripted]
    scenario = _validate(data, drill, ("drill",))
    seed = meta.seed if meta.seed is not None else scenario.meta.seed
    return BuiltDrill(scenario, data, seed, scenario_text, str(path), drill)


def _scenario_path(drill: Drill) -> Path:
    name = drill.spec.meta.scenario
    looks_like_path = name.endswith(".toml") or "/" in name
    if looks_like_path:
        path = Path(name)
        if not path.is_absolute() and drill.base is not None:
            path = drill.base / path
        if not path.is_file():
            raise drill.error_at(
                ("drill", "scenario"),
                f"no scenario file {name!r} (paths are relative to the drill file)",
            )
        return path
    try:
        return resolve(name)
    except ScenarioError as exc:
        raise drill.error_at(("drill", "scenario"), exc.expected) from None


def _validate(data: dict[str, Any], drill: Drill, loc: tuple[str, ...]) -> Scenario:
    """The edited scenario, validated; a problem points at the drill key that caused it."""
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        err = describe_validation_error(drill.source, "", exc)
        where = _blame(drill, tuple(exc.errors()[0]["loc"]), loc)
        raise drill.error_at(where, f"{err.key}: {err.expected}") from None
    for path, expected in problems(scenario):
        where = _blame(drill, path, loc)
        raise drill.error_at(where, f"{format_key(path)}: {expected}")
    return scenario


def _blame(drill: Drill, error_loc: tuple[Any, ...], fallback: tuple[str, ...]) -> tuple[str, ...]:
    """The override whose dotted key best matches the scenario key that failed.

    A list index in the error (`team[1]`) matches any name or number in the key
    (`team.care`), since overrides pick list items by name.
    """
    best, best_len = fallback, 0
    for key in drill.spec.meta.overrides:
        parts = key.split(".")
        n = 0
        for part, got in zip(parts, error_loc, strict=False):
            if part != got and not isinstance(got, int):
                break
            n += 1
        if n > best_len:
            best, best_len = ("drill", "overrides", key), n
    if best_len == 0 and error_loc[:2] == ("scenario", "duration"):
        return ("drill", "duration")
    return best


def _scripted(drill: Drill, scenario: Scenario) -> list[dict[str, Any]]:
    """Each inject's action as a scenario `[[inject]]` entry, checked against the scenario."""
    end = scenario.meta.duration
    out: list[dict[str, Any]] = []
    for i, inject in enumerate(drill.injects):
        if inject.at >= end:
            raise drill.error_at(
                ("inject", i, "at"),
                f"expected a time before the drill ends ({format_duration(end)})",
            )
        if inject.expect is not None:
            _check_expect(drill, i, inject.expect, scenario)
        try:
            action = inject.action_in(scenario)
        except act.ActionError as exc:
            key = "action" if exc.key == "action" else exc.key
            loc = ("inject", i, "action") if key == "action" else ("inject", i, "action", key)
            raise drill.error_at(loc, exc.expected) from None
        if action is not None:
            out.append({"at": f"{inject.at!r}m", **act.action_to_params(action)})
    return out


# An expectation on these actions needs the scenario's mechanism behind it: without one the
# action is logged with "no effect", and a score must not count it as an answer.
_LEVERS = {"publish_faq": "faq", "mobilize_advocates": "advocates"}
_LEVER_KEY = {"faq": "draft_time", "advocates": "answer_share"}


def _check_expect(drill: Drill, index: int, expect: Expect, scenario: Scenario) -> None:
    """An expectation nobody could meet is a typo: a role or topic the drill never has."""
    loc = ("inject", index, "expect")
    needs = _LEVERS.get(expect.action)
    if needs is not None and getattr(scenario, needs) is None:
        raise drill.error_at(
            (*loc, "action"),
            f"{expect.action} has no effect: the scenario has no [{needs}] section "
            f'(give the drill one with overrides, e.g. "{needs}.{_LEVER_KEY[needs]}")',
        )
    fields = {f.name for f in dataclasses.fields(act.ACTION_TYPES[expect.action])}
    if expect.role is not None:
        labels = [t.label for t in scenario.team]
        if "role" not in fields:
            raise drill.error_at((*loc, "role"), f"{expect.action} takes no role")
        if expect.role not in labels:
            raise drill.error_at(
                (*loc, "role"),
                f"no team called {expect.role!r} (teams: {', '.join(labels) or 'none'})",
            )
    if expect.topic is not None:
        if "topic" not in fields and "surge" not in fields:
            raise drill.error_at((*loc, "topic"), f"{expect.action} takes no topic")
        topics = _drill_topics(drill, scenario)
        if expect.topic not in topics:
            raise drill.error_at(
                (*loc, "topic"),
                f"no topic {expect.topic!r} in this drill (topics: {', '.join(topics)})",
            )


def _drill_topics(drill: Drill, scenario: Scenario) -> list[str]:
    """The scenario's topics and those of the surges the drill's injects trigger."""
    topics = scenario.topics()
    for inject in drill.injects:
        if inject.action is not None and inject.action.get("action") == "trigger_surge":
            topic = str(inject.action.get("topic", "general"))
            if topic not in topics:
                topics.append(topic)
    return topics
