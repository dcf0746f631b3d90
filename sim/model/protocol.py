"""The `[protocol]` and `[listening]` sections: what the team hears, and what it answers.

Listening decides which mentions reach the queue at all (and how late); the protocol
decides which of those are answered, in what order, how soon (the SLA), how long a
customer waits before giving up, and what giving up does to the mention: on synchronous
channels the customer hangs up and the contact leaves; elsewhere the post stays in the
inbox, still answerable, until it is too old to answer (`stale_after`).
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import Field, field_validator

from sim.model.section import Section
from sim.model.units import DistributionField, Duration, Fixed
from sim.model.vocabulary import Channel, Kind

_RESPOND_TO: tuple[Kind, ...] = ("question", "complaint", "crisis")
_PRIORITY: tuple[Kind, ...] = ("crisis", "complaint", "question", "praise", "spam")
SYNCHRONOUS: tuple[Channel, ...] = ("phone", "chat", "sms")
"""The customer is on the line: giving up means hanging up (domain research §3, §4)."""

ChannelDurations = dict[Channel | Literal["default"], Duration]


def _default_sla() -> dict[Channel | Literal["default"], float]:
    """One hour: 53% of people, and 72% of complainers, expect a Twitter reply within
    an hour (Lithium / Millward Brown Digital 2013, domain research §4)."""
    return {"default": 60.0}


def _default_stale() -> dict[Channel | Literal["default"], float]:
    """72 hours: 7 in 8 messages to brands were still unanswered after 72 h (Sprout Social
    Index 2015, domain research §4), the age past which brands in practice stop answering."""
    return {"default": 72 * 60.0}


class Protocol(Section):
    respond_to: list[Kind] = Field(default_factory=lambda: list(_RESPOND_TO))
    priority: list[Kind] = Field(default_factory=lambda: list(_PRIORITY))
    vip_reach: int | None = Field(default=None, ge=1)
    sla: ChannelDurations = Field(default_factory=lambda: _default_sla())
    patience: DistributionField | dict[Channel | Literal["default"], DistributionField] | None = (
        None
    )

    leave_at_patience: list[Channel] = Field(default_factory=lambda: list(SYNCHRONOUS))
    stale_after: ChannelDurations = Field(default_factory=lambda: _default_stale())
    channel_priority: list[Channel] | None = None
    gave_up_last: bool = True

    @field_validator("priority")
    @classmethod
    def _priority(cls, v: list[str]) -> list[str]:
        if len(set(v)) != len(v):
            raise ValueError("each kind may appear once in the priority order")
        return v

    @field_validator("channel_priority", "leave_at_patience")
    @classmethod
    def _once(cls, v: list[str] | None) -> list[str] | None:
        if v is not None and len(set(v)) != len(v):
            raise ValueError("each channel may appear once")
        return v

    def stale_for(self, channel: str) -> float:
        """Age (from posting) past which a post whose author gave up is dropped unanswered."""
        table = {str(k): v for k, v in self.stale_after.items()}
        return table.get(channel, table.get("default", math.inf))

    def leaves(self, channel: str) -> bool:
        """Does a customer on `channel` who gives up leave the queue (hang up)?"""
        return channel in self.leave_at_patience

    def channel_rank(self, channel: str) -> int:
        """Lower is served first. By default the channels that leave at patience come
        first, tied, and the rest after them; a `channel_priority` list orders them
        instead, and the channels it leaves out come last, tied."""
        if self.channel_priority is None:
            return 0 if self.leaves(channel) else 1
        order: list[str] = list(self.channel_priority)
        return order.index(channel) if channel in order else len(order)

    def sla_for(self, channel: str) -> float:
        table = {str(k): v for k, v in self.sla.items()}
        return table.get(channel, table.get("default", math.inf))

    def rank(self, kind: str) -> int:
        """Lower is served first; kinds left out of the order come last, in a tie."""
        order: list[str] = list(self.priority)
        return order.index(kind) if kind in order else len(order)


class Listening(Section):
    coverage: float = Field(ge=0, le=1)
    delay: DistributionField = Field(default_factory=lambda: Fixed.model_validate({"value": "0s"}))
