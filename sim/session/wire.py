"""What a hosted drill and its seats say to each other: one JSON object a line.

A seat sends its `Hello` (the join token and the role it asks for) and then what its person
does: a team action, a clock command, a cover (a dialog is open), an inject to fire, a
note. The host answers `Welcome` or `Refused`, then sends frames (the snapshot the seat
draws, the clock as it stands, the controller's view to a controller), each inject as it is
shown, notices, and the drill's ending with its score. Every message is a pydantic model
with a `type` tag, validated on arrival, so a garbled or hostile line is refused in one
place and never reaches the session. NaN travels as a JSON constant (a score's figures
can be "not measured").
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from sim.engine.core import TimedAction
from sim.exercise.drill_file import DrillInject, InjectKind
from sim.exercise.injects import Fired
from sim.exercise.notes import Note
from sim.exercise.scoring import Score
from sim.model import actions as act
from sim.model.scenario import Scenario
from sim.present.view import Snapshot
from sim.session.drill import Briefing, ControllerView, InjectRow
from sim.session.run import Capabilities, Ending

PROTOCOL = 2  # bumped when a message changes shape; a seat of another version is refused
TOKEN_LIMIT = 200  # characters; a join token is far shorter
NOTE_LIMIT = 2000  # characters of one note
SEAT_LINE_LIMIT = 64 * 1024  # bytes of one line from a seat: all its messages are small
HOST_LINE_LIMIT = 16 * 1024 * 1024  # bytes of one line from the host: a frame, with margin

Role = Literal["player", "controller", "observer"]
ROLES: tuple[Role, ...] = ("player", "controller", "observer")
Severity = Literal["information", "warning", "error"]
ClockOp = Literal["toggle", "pause", "resume", "faster", "slower", "step"]


class Message(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, ser_json_inf_nan="constants")


class WireAction(Message):
    """An action as the run store writes it (its keys, durations with units) at a minute.

    The action types themselves read durations from text, so they travel as their keys
    and are rebuilt against the scenario, exactly as a stored run's actions are.
    """

    at: float = 0.0
    params: dict[str, Any]

    @classmethod
    def of(cls, action: act.Action, at: float = 0.0) -> WireAction:
        return cls(at=at, params=act.action_to_params(action))

    def action(self, scenario: Scenario) -> act.Action:
        """The action again; `act.ActionError` if the keys do not make one."""
        params = dict(self.params)
        name = str(params.pop("action", ""))
        return act.action_from_params(name, params, scenario)

    def timed(self, scenario: Scenario) -> TimedAction:
        return TimedAction(self.at, self.action(scenario))


# ---------------------------------------------------------------------- seat → host


class Hello(Message):
    type: Literal["hello"] = "hello"
    token: str = Field(max_length=TOKEN_LIMIT)
    role: Role
    protocol: int = PROTOCOL


class SendAction(Message):
    type: Literal["action"] = "action"
    action: WireAction


class ClockCommand(Message):
    type: Literal["clock"] = "clock"
    op: ClockOp


class Cover(Message):
    """A dialog is open on the seat (or closed again): the shared clock waits for it."""

    type: Literal["cover"] = "cover"
    on: bool


class FireInject(Message):
    type: Literal["fire"] = "fire"
    inject_id: str = Field(max_length=80)


class Surprise(Message):
    type: Literal["surprise"] = "surprise"


class AddNote(Message):
    type: Literal["note"] = "note"
    text: str = Field(min_length=1, max_length=NOTE_LIMIT)


FromSeat = Annotated[
    Hello | SendAction | ClockCommand | Cover | FireInject | Surprise | AddNote,
    Field(discriminator="type"),
]


# ---------------------------------------------------------------------- host → seat


class Welcome(Message):
    """Everything a seat needs once: who it is, the drill, and the scenario to build actions."""

    type: Literal["welcome"] = "welcome"
    role: Role
    capabilities: Capabilities
    title: str
    drill: str
    run_id: int | None
    start: datetime  # the scenario's start, for the seat's clock labels
    scenario: dict[str, Any]  # the effective scenario's data, as the run store keeps it
    seed: int
    briefing: Briefing
    report: str = ""  # the command that writes this run's report on the host's machine


class Refused(Message):
    type: Literal["refused"] = "refused"
    reason: str


class ClockState(Message):
    speed_index: int
    speed: float
    speed_label: str
    paused: bool
    running: bool
    holds: int  # seats whose dialogs hold the clock now
    waiting: str = ""  # why it stands with no dialog open ("waiting for players")


class InjectLine(Message):
    """A controller's row of the script: what the controller screen shows of an inject."""

    id: str
    at: float
    title: str
    message: str
    kind: InjectKind
    shown: tuple[Fired, ...]


class ControlView(Message):
    """The controller's view on the wire (the drill file's own types parse text, not floats)."""

    name: str
    now: float
    done: bool
    paused: bool
    rows: tuple[InjectLine, ...]
    notes: tuple[Note, ...]
    note_count: int
    about: str
    waiting: str = ""

    @classmethod
    def of(cls, view: ControllerView) -> ControlView:
        rows = tuple(
            InjectLine(
                id=r.inject.id,
                at=r.inject.at,
                title=r.inject.title,
                message=r.inject.message,
                kind=r.inject.kind,
                shown=r.shown,
            )
            for r in view.rows
        )
        return cls(
            name=view.name,
            now=view.now,
            done=view.done,
            paused=view.paused,
            rows=rows,
            notes=view.notes,
            note_count=view.note_count,
            about=view.about,
            waiting=view.waiting,
        )

    def view(self) -> ControllerView:
        rows = tuple(
            InjectRow(
                DrillInject.model_construct(
                    id=r.id, at=r.at, title=r.title, message=r.message, kind=r.kind
                ),
                r.shown,
            )
            for r in self.rows
        )
        return ControllerView(
            self.name,
            self.now,
            self.done,
            self.paused,
            rows,
            self.notes,
            self.note_count,
            self.about,
            self.waiting,
        )


class Frame(Message):
    """One instant of the run as this seat may see it."""

    type: Literal["frame"] = "frame"
    snapshot: Snapshot
    clock: ClockState
    advocate_share: float
    control: ControlView | None = None  # controllers only
    score: Score | None = None  # controllers only, now and then
    # Players only: where "the top topic" of a statement or an FAQ goes if sent now (the
    # host's intent rule: the open inject's topic), so the seat's picker names it.
    aimed: dict[str, str] = {}


class Inject(Message):
    type: Literal["inject"] = "inject"
    fired: Fired


class Notice(Message):
    type: Literal["notice"] = "notice"
    text: str
    severity: Severity = "information"


class End(Message):
    """The run's end: what every seat shows, the score, and the actions for a saved copy."""

    type: Literal["end"] = "end"
    ending: Ending
    score: Score
    actions: tuple[WireAction, ...]  # every action the run was sent, at its minute


FromHost = Annotated[
    Welcome | Refused | Frame | Inject | Notice | End,
    Field(discriminator="type"),
]

_FROM_SEAT: TypeAdapter[FromSeat] = TypeAdapter(FromSeat)
_FROM_HOST: TypeAdapter[FromHost] = TypeAdapter(FromHost)


class WireError(ValueError):
    """A line that is not a message of this protocol; the text says what was wrong."""


def encode(message: Message) -> bytes:
    """One line of JSON, newline included."""
    return message.model_dump_json().encode() + b"\n"


def _decode(adapter: TypeAdapter[Any], line: bytes) -> Any:
    try:
        return adapter.validate_json(line)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "message"
        raise WireError(f"{where}: {first['msg']}") from None


def from_seat(line: bytes) -> FromSeat:
    message: FromSeat = _decode(_FROM_SEAT, line)
    return message


def from_host(line: bytes) -> FromHost:
    message: FromHost = _decode(_FROM_HOST, line)
    return message
