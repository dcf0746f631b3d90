"""The mention record, and what becomes of it.

A mention is created with every random draw it will ever need already made (its patience
and a uniform for its handle time), so what happens to it depends only on the decisions
of the run, never on the order in which random numbers happen to be consumed.
Its display text is not stored: `sim.present.text` makes it from the id when someone looks.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import IntEnum
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from sim.engine.team import Agent, Group


INFLUENCER_REACH = 10_000
"""Reach from which an author counts as an influencer (a drill's first-response objective)."""


class State(IntEnum):
    """Where a mention is. The last five are final outcomes besides `DONE`."""

    NEW = 0  # created; not yet seen by the team (arriving, or waiting for listening)
    WAITING = 1  # in the queue for an agent
    SERVING = 2  # an agent is on it
    DONE = 3  # answered (in SLA or late: see `Mention.in_sla`)
    MISSED = 4  # the customer gave up and the mention left unanswered (hung up, or stale)
    NO_RESPONSE = 5  # the protocol does not answer this kind
    DEFLECTED = 6  # self-served from a published FAQ or a holding statement
    ADVOCATE = 7  # a community advocate answered before staff did
    UNSEEN = 8  # indirect, and listening did not catch it
    OFFLINE = 9  # answered, then moved offline onto a resolution path


# The states as module constants, for the hot path: reading an attribute of an Enum class
# goes through its metaclass, which Python does not cache (about 0.1 µs a read, several
# reads a mention), while a module constant is one cached look-up.
NEW, WAITING, SERVING, DONE, MISSED, NO_RESPONSE, DEFLECTED, ADVOCATE, UNSEEN, OFFLINE = State

OUTCOME_NAMES: dict[State, str] = {
    State.NEW: "open",
    State.WAITING: "open",
    State.DONE: "answered",
    State.MISSED: "missed",
    State.NO_RESPONSE: "no_response",
    State.DEFLECTED: "deflected",
    State.ADVOCATE: "advocate",
    State.UNSEEN: "unseen",
    State.OFFLINE: "answered",
}

# Mean sentiment by kind before a source's own shift; a mention's sentiment is this plus
# the source's `sentiment` plus noise, clipped to [-1, 1].
KIND_SENTIMENT: dict[str, float] = {
    "question": 0.0,
    "complaint": -0.5,
    "praise": 0.7,
    "crisis": -0.85,
    "spam": 0.1,
}
SENTIMENT_NOISE = 0.2


@dataclass(slots=True, eq=False)
class Mention:
    id: int
    t: float  # when it was posted, minutes from the start (the team may see it later)
    source: int  # 0 baseline, 1.. surges in file order, then follow-ups and triggered surges
    channel: str
    kind: str
    topic: str
    sentiment: float
    reach: int
    direct: bool
    u_handle: float  # uniform draw turned into a handle time by the serving group
    patience: float  # minutes the customer waits before giving up (inf: never)
    followup_of: int = -1  # the missed mention this one follows up, if any
    state: State = State.NEW
    needs_response: bool = False
    deadline: float = 0.0  # t + patience
    sla_deadline: float = 0.0
    priority: int = 0
    t_start: float = -1.0  # when an agent (or advocate) picked it up
    t_end: float = -1.0  # when handling ended, or the patience ran out
    handled_by: str = ""
    handle: float = 0.0
    in_sla: bool = False
    gave_up: bool = False  # its author's patience ran out (missed), whatever came after
    resolved_at: float = -1.0  # end of the offline resolution path, if it went offline
    # A mention is its own SimPy event, first for its arrival, then for the end of its
    # handling (never both at once): what `Environment.step` reads of an event is
    # `callbacks` and `_ok` (see `sim.engine.due`), so no event object is made for either.
    callbacks: tuple[Callable[[Any], None], ...] | None = field(
        default=None, init=False, repr=False
    )
    group: Group | None = field(default=None, init=False, repr=False)  # serving it
    agent: Agent | None = field(default=None, init=False, repr=False)
    _ok: ClassVar[bool] = True

    @property
    def wait(self) -> float:
        return self.t_start - self.t

    @property
    def outcome(self) -> str:
        if self.state in (State.SERVING, State.DONE, State.OFFLINE):
            if self.gave_up:
                return "answered_later"  # after its author gave up: missed, then answered
            return "in_sla" if self.in_sla else "late"  # answered when picked up
        return OUTCOME_NAMES[self.state]


def top_topic(mentions: Iterable[Mention]) -> str | None:
    """The topic most of `mentions` are about.

    Counter breaks ties by first appearance: a set would break them by string hash,
    which changes from one Python process to the next.
    """
    topics = [m.topic for m in mentions]
    return Counter(topics).most_common(1)[0][0] if topics else None
