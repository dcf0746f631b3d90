"""A drill file: a scenario plus a script of timed injects, expected responses and objectives.

A drill file follows exercise doctrine (HSEEP's master scenario events list): each inject
is something the players see at a set minute (a news flash, a message from legal, an
influencer's post, staff calling in sick), may change the simulation (an action), and may
carry the response the evaluators expect, with a deadline. Objectives are targets on the
run's summary.

These models check what a file can check on its own; the checks that need the scenario
(roles, topics, the drill's length) are the builder's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from sim.exercise.metrics import METRICS
from sim.model import actions as act
from sim.model.errors import ScenarioError, format_key
from sim.model.limits import MAX_SEED
from sim.model.tomlpos import line_of
from sim.model.units import Duration

if TYPE_CHECKING:
    from sim.model.scenario import Scenario

InjectKind = Literal["news", "legal", "executive", "feed", "staffing"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Expect(_Model):
    """The response evaluators look for after an inject, and how soon."""

    action: str
    within: Duration
    topic: str | None = None
    role: str | None = None
    description: str = ""

    @field_validator("action")
    @classmethod
    def _known_action(cls, v: str) -> str:
        if v not in act.ACTION_TYPES:
            raise ValueError(f"expected one of {', '.join(act.ACTION_TYPES)}, got {v!r}")
        return v

    @field_validator("within")
    @classmethod
    def _positive(cls, v: float) -> float:
        if v <= 0:
            raise ValueError("expected a duration greater than zero")
        return v


class DrillInject(_Model):
    """One row of the events list: what players see, what it does, what is expected."""

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$", max_length=40)
    at: Duration
    title: str = Field(min_length=1)
    message: str = ""
    kind: InjectKind = "news"
    action: dict[str, Any] | None = None
    expect: Expect | None = None

    @field_validator("at")
    @classmethod
    def _not_negative(cls, v: float) -> float:
        if v < 0:
            raise ValueError("expected a time 0 or later")
        return v

    def action_in(self, scenario: Scenario) -> act.Action | None:
        """The inject's action as the engine takes it; None for an inject that only informs.

        The builder (scripted, at the inject's minute) and the controller (fired off-script,
        now) resolve it the same way; an `act.ActionError` says what is wrong with it.
        """
        if self.action is None:
            return None
        params = dict(self.action)
        name = str(params.pop("action"))
        return act.action_from_params(name, params, scenario)


class Objective(_Model):
    metric: str
    op: Literal[">=", "<="]
    target: float
    description: str = ""

    @field_validator("metric")
    @classmethod
    def _known_metric(cls, v: str) -> str:
        if v not in METRICS:
            raise ValueError(f"expected one of {', '.join(METRICS)}, got {v!r}")
        return v


class SpikeAlert(_Model):
    """`[spike_alert]`: each spike alert the run raises is to be acknowledged within this."""

    acknowledge_within: Duration
    description: str = ""

    @field_validator("acknowledge_within")
    @classmethod
    def _positive(cls, v: float) -> float:
        if v <= 0:
            raise ValueError("expected a duration greater than zero")
        return v


class DrillMeta(_Model):
    name: str = Field(min_length=1)
    description: str = ""
    scenario: str = Field(min_length=1)
    seed: int | None = Field(default=None, ge=0, le=MAX_SEED)
    duration: Duration | None = None
    overrides: dict[str, Any] = Field(default_factory=dict)

    @field_validator("duration")
    @classmethod
    def _positive(cls, v: float | None) -> float | None:
        if v is not None and v <= 0:
            raise ValueError("expected a duration greater than zero")
        return v


class DrillSpec(_Model):
    meta: DrillMeta = Field(alias="drill")
    injects: list[DrillInject] = Field(default_factory=list, alias="inject")
    objectives: list[Objective] = Field(default_factory=list, alias="objective")
    spike_alert: SpikeAlert | None = None


TABLES: dict[str, type[BaseModel]] = {
    "drill": DrillMeta,
    "inject": DrillInject,
    "objective": Objective,
    "expect": Expect,
    "spike_alert": SpikeAlert,
}
"""Each table of a drill file by its TOML name, for naming the keys it takes."""


@dataclass(frozen=True)
class Drill:
    """A validated drill file: its model, its text (for line numbers) and where it lives."""

    spec: DrillSpec
    text: str
    source: str
    base: Path | None  # the folder relative scenario paths start from

    @property
    def name(self) -> str:
        return self.spec.meta.name

    @property
    def injects(self) -> list[DrillInject]:
        return self.spec.injects

    @property
    def objectives(self) -> list[Objective]:
        return self.spec.objectives

    def inject(self, inject_id: str) -> DrillInject | None:
        return next((i for i in self.spec.injects if i.id == inject_id), None)

    def as_played(self, shown: Mapping[str, float]) -> Drill:
        """The drill with each inject at the minute the players first saw it.

        A controller may fire an inject before its scripted minute; what it asks of the
        team runs from when the team was told, so scoring reads the drill as played.
        """
        moved = [
            i.model_copy(update={"at": shown[i.id]}) if shown.get(i.id, i.at) < i.at else i
            for i in self.spec.injects
        ]
        if all(a is b for a, b in zip(moved, self.spec.injects, strict=True)):
            return self
        spec = self.spec.model_copy(update={"injects": moved})
        return dataclasses.replace(self, spec=spec)

    def error_at(self, loc: Sequence[str | int], expected: str) -> ScenarioError:
        """A problem found after parsing, named by this file's line and key."""
        return error_at(self.source, self.text, loc, expected)


def error_at(source: str, text: str, loc: Sequence[str | int], expected: str) -> ScenarioError:
    """A problem at a drill key, named by file, line and key.

    Not `ScenarioError.at`: that one drops the pydantic tags a scenario's locations carry,
    while a drill location is the file's own keys verbatim (an override's dotted key is one
    key, whatever it spells).
    """
    return ScenarioError(source, line_of(text, loc), format_key(loc), expected)
