"""What a stored run's events are: one typed model per event type, read one way.

The store keeps each event as a row (`type`, `source`, a JSON payload). Every reader (the
replay, the report, the dashboard's timeline) goes through `parse_event`, so an inject's
title or a note's inject is found in one place, and runs written by older versions (whose
payloads may lack a field) read with the same defaults everywhere.

Who did something is part of what it means: a player's key is the team's response and is
scored; the controller's actions and the script's change the run but answer nothing.
`is_team` says that once.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from sim.model.actions import Action, action_from_params
from sim.model.scenario import Scenario
from sim.model.vocabulary import Source

ACTION_SOURCES = frozenset({Source.KEY, Source.CONTROLLER, Source.SCRIPT})
INJECT_SOURCES = frozenset({Source.SCRIPT, Source.CONTROLLER})
NOT_THE_TEAM = frozenset({Source.CONTROLLER, Source.SCRIPT})

EventType = Literal["action", "inject", "note", "log", "alert"]
EVENT_TYPES: tuple[EventType, ...] = ("action", "inject", "note", "log", "alert")


def _one_of(allowed: frozenset[Source], source: Source, what: str) -> Source:
    if source not in allowed:
        raise ValueError(f"{what} comes from {', '.join(sorted(allowed))}")
    return source


class _Event(BaseModel):
    """Where an event sits in its run: its order, its simulated minute, its wall time."""

    model_config = ConfigDict(frozen=True)

    seq: int = 0  # assigned by the store when written
    t_sim: float
    wall: str = ""  # assigned by the store when written


class ActionEvent(_Event):
    """A live action, stored as `action_to_params` writes it (the "action" key names it)."""

    type: Literal["action"] = "action"
    source: Source
    params: dict[str, Any]

    @field_validator("source")
    @classmethod
    def _who_acts(cls, v: Source) -> Source:
        return _one_of(ACTION_SOURCES, v, "an action")

    @property
    def name(self) -> str:
        return str(self.params.get("action", ""))

    @property
    def payload(self) -> dict[str, Any]:
        return dict(self.params)

    def action(self, scenario: Scenario) -> Action:
        """The action itself; `ActionError` if it no longer applies to the scenario."""
        params = dict(self.params)
        return action_from_params(str(params.pop("action", "")), params, scenario)


class InjectEvent(_Event):
    """An inject as shown to the players: the script's on time, or the controller's now."""

    type: Literal["inject"] = "inject"
    source: Source
    id: str = ""
    title: str = ""
    message: str = ""
    kind: str = ""

    @field_validator("source")
    @classmethod
    def _who_injects(cls, v: Source) -> Source:
        return _one_of(INJECT_SOURCES, v, "an inject")

    @property
    def label(self) -> str:
        """How the inject is named in lists: its title, else its id."""
        return self.title or self.id or "inject"

    @property
    def payload(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "message": self.message, "kind": self.kind}


class NoteEvent(_Event):
    """An evaluator's note, tied to the inject it is about ("" for a general note)."""

    type: Literal["note"] = "note"
    source: str = Source.EVALUATOR  # the author's role; free text in older runs
    text: str = ""
    inject_id: str = ""

    @field_validator("inject_id", mode="before")
    @classmethod
    def _none_is_general(cls, v: Any) -> Any:
        return "" if v is None else v

    @property
    def label(self) -> str:
        """The note as one line: `[inject] text`."""
        return (f"[{self.inject_id}] " if self.inject_id else "") + self.text

    @property
    def payload(self) -> dict[str, Any]:
        return {"text": self.text, "inject_id": self.inject_id}


class LogEvent(_Event):
    """Anything else worth keeping with the run (state snapshots, diagnostics)."""

    type: Literal["log"] = "log"
    source: str = Source.ENGINE
    data: dict[str, Any] = Field(default_factory=dict)

    @property
    def payload(self) -> dict[str, Any]:
        return dict(self.data)


class AlertEvent(_Event):
    """A spike alert the scenario's rule raised on the run's volume (`sim.analysis.spikes`).

    Kept so the record says what the room was told and when; a replay raises the same
    alerts again from the same counts.
    """

    type: Literal["alert"] = "alert"
    source: Literal[Source.ENGINE] = Source.ENGINE
    volume: float = Field(ge=0)  # mentions in the rule's window
    expected: float = Field(ge=0)  # what the rule took as normal for the window
    score: float = 0.0  # robust spreads above normal
    window: float = Field(default=60.0, gt=0)  # the rule's window, minutes

    @property
    def label(self) -> str:
        return f"spike alert: {self.volume:.0f} mentions, {self.expected:.0f} expected"

    @property
    def payload(self) -> dict[str, Any]:
        return {
            "volume": self.volume,
            "expected": self.expected,
            "score": self.score,
            "window": self.window,
        }


Event = ActionEvent | InjectEvent | NoteEvent | LogEvent | AlertEvent
"""A stored event, typed by its `type`."""

StoredEvent = Annotated[Event, Field(discriminator="type")]


class _Row(BaseModel):
    event: StoredEvent


class EventError(ValueError):
    """A stored event that does not read as its type (one line)."""


def parse_event(
    type: str,
    source: str,
    payload: dict[str, Any],
    *,
    t_sim: float,
    seq: int = 0,
    wall: str = "",
) -> Event:
    """The one way a stored row becomes an event; `EventError` says what is wrong."""
    if type not in EVENT_TYPES:
        raise EventError(f"type: expected one of {', '.join(EVENT_TYPES)}, got {type!r}")
    fields: dict[str, Any]
    if type == "action":
        fields = {"params": payload}
    elif type == "log":
        fields = {"data": payload}
    else:
        fields = dict(payload)
    raw = {**fields, "type": type, "source": source, "t_sim": t_sim, "seq": seq, "wall": wall}
    try:
        return _Row.model_validate({"event": raw}).event
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"][2:]) or type
        raise EventError(f"{type} event: {where}: {first['msg']}") from None


def is_team(event: Event) -> bool:
    """A players' action: an action event that neither the controller nor the script sent."""
    return isinstance(event, ActionEvent) and event.source not in NOT_THE_TEAM


__all__ = [
    "ACTION_SOURCES",
    "EVENT_TYPES",
    "INJECT_SOURCES",
    "ActionEvent",
    "AlertEvent",
    "Event",
    "EventError",
    "EventType",
    "InjectEvent",
    "LogEvent",
    "NoteEvent",
    "Source",
    "StoredEvent",
    "is_team",
    "parse_event",
]
