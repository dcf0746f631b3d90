"""Reading a scenario file: TOML text in, a validated `Scenario` or one `ScenarioError` out.

The order of the checks is the order a reader fixes things in: the TOML syntax, then each
section's keys, then what crosses sections, then each inject's action.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sim.model.actions import ActionError, action_from_params
from sim.model.errors import ScenarioError, describe_validation_error, read_text
from sim.model.limits import TooBig, check_text
from sim.model.scenario import Inject, Scenario, problems


def load_toml(text: str, source: str) -> dict[str, Any]:
    """TOML text to a dict, its size and depth checked first: bad text is a `ScenarioError`."""
    try:
        check_text(text)
        return tomllib.loads(text)
    except TooBig as exc:
        raise ScenarioError(source, None, None, str(exc)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError.from_toml_error(source, exc) from None
    except RecursionError:  # the depth check is an estimate; never let the parser's limit show
        raise ScenarioError(source, None, None, "nested too deeply") from None


def load_json(text: str, source: str) -> Any:
    """JSON text (an actions or labels file) read as `load_toml` reads TOML: its size and
    depth checked first, so `[[[[…` is a message, not the parser's recursion limit."""
    try:
        check_text(text)
        return json.loads(text)
    except TooBig as exc:
        raise ScenarioError(source, None, None, str(exc)) from None
    except json.JSONDecodeError as exc:
        raise ScenarioError(source, exc.lineno, None, f"not valid JSON: {exc.msg}") from None
    except RecursionError:
        raise ScenarioError(source, None, None, "nested too deeply") from None


def parse_scenario(text: str, source: str = "<scenario>") -> Scenario:
    """Validate scenario TOML text; every failure is a `ScenarioError` naming where."""
    data = load_toml(text, source)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise describe_validation_error(source, text, exc) from None
    for loc, expected in problems(scenario):
        raise ScenarioError.at(source, text, loc, expected)
    for i, inject in enumerate(scenario.injects):
        _check_inject(source, text, i, inject, scenario)
    return scenario


def _check_inject(source: str, text: str, index: int, inject: Inject, sc: Scenario) -> None:
    try:
        action = action_from_params(inject.action, inject.params, sc)
    except ActionError as exc:
        raise ScenarioError.at(source, text, ("inject", index, exc.key), exc.expected) from None
    unknown = sc.unknown_topic(getattr(action, "topic", None))
    if unknown is not None:
        raise ScenarioError.at(source, text, ("inject", index, "topic"), unknown)


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file, or raise a `ScenarioError` naming the file."""
    p = Path(path)
    text = read_text(p)
    return parse_scenario(text, str(p))


def is_drill_file(path: Path) -> bool:
    """Does this file hold a `[drill]` table? (An unreadable or broken file: no, so the
    scenario loader reports it.) Read as TOML, not guessed from the text. It lives here,
    not with the drills, so telling a scenario from a drill costs no drill models."""
    try:
        data = load_toml(read_text(path, "drill file"), str(path))
    except ScenarioError:
        return False
    return isinstance(data.get("drill"), dict)
