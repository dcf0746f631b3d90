"""How an action's keys are checked when they come from a file or a log.

An inject, a drill script and a stored event give an action's keys as TOML or JSON wrote
them: durations as text with a unit, shares as plain numbers, kinds as a list. Validated
with the scenario in the pydantic context, each key gets the check below (with the message
a user reads); an action built in Python has no context and is taken as given, since its
values are minutes and tuples already.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import ValidationInfo, ValidatorFunctionWrapHandler, WrapValidator
from pydantic_core import PydanticCustomError

from sim.model.limits import MAX_AGENTS
from sim.model.units import parse_duration
from sim.model.vocabulary import KINDS


def _from_file(check: Callable[[Any], Any]) -> WrapValidator:
    """Apply `check` to a value read from a file or a log; take a Python value as given."""

    def validate(value: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo) -> Any:
        return value if info.context is None else handler(check(value))

    return WrapValidator(validate)


def _name(raw: Any) -> str:
    if not isinstance(raw, str) or not raw:
        raise ValueError(f"expected a name, got {raw!r}")
    return raw


def _count(raw: Any) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
        raise ValueError(f"expected a whole number of agents, 1 or more, got {raw!r}")
    if raw > MAX_AGENTS:
        raise ValueError(f"expected at most {MAX_AGENTS} agents, got {str(raw)[:40]}")
    return raw


def _number(raw: Any) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise ValueError(f"expected a number, got {raw!r}")
    try:
        value = float(raw)
    except OverflowError:  # an integer too long for a float
        value = math.inf
    if not math.isfinite(value):
        raise ValueError("expected a finite number")
    return value


def _share(raw: Any) -> float:
    value = _number(raw)
    if not 0 <= value <= 1:
        raise ValueError(f"expected a share between 0 and 1, got {raw!r}")
    return value


def _factor(raw: Any) -> float:
    value = _number(raw)
    if value <= 0:
        raise ValueError(f"expected a number greater than 0, got {raw!r}")
    return value


def _reach(raw: Any) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
        raise ValueError(f"expected a whole number of followers, 1 or more, got {raw!r}")
    return raw


def _kinds(raw: Any) -> tuple[str, ...]:
    if not isinstance(raw, list) or any(k not in KINDS for k in raw):
        raise ValueError(f"expected a list of kinds from {', '.join(KINDS)}")
    return tuple(raw)


UNKNOWN_TEAM = "unknown_team"
"""The error type of a role no team has: reported only once every other key is right."""


def _team_label(value: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo) -> Any:
    """A role names one of the scenario's teams, by its label (the scenario is the context)."""
    if info.context is None:
        return value
    label = handler(_name(value))
    labels = [t.label for t in info.context["scenario"].team]
    if label not in labels:
        have = ", ".join(labels) if labels else "none: the scenario has no [[team]]"
        expected = f"no team called {label!r} (teams: {have})"
        raise PydanticCustomError(UNKNOWN_TEAM, "{expected}", {"expected": expected})
    return label


TeamLabel = Annotated[str, WrapValidator(_team_label)]
OptionalTopic = Annotated[str | None, _from_file(_name)]
AgentCount = Annotated[int, _from_file(_count)]
# Durations get the check of `sim.model.units.Duration`: text with a unit, held as minutes.
Minutes = Annotated[float, _from_file(parse_duration)]
OptionalMinutes = Annotated[float | None, _from_file(parse_duration)]
Share = Annotated[float, _from_file(_share)]
Factor = Annotated[float, _from_file(_factor)]
OptionalFactor = Annotated[float | None, _from_file(_factor)]
OptionalReach = Annotated[int | None, _from_file(_reach)]
KindList = Annotated[tuple[str, ...] | None, _from_file(_kinds)]
