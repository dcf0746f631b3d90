"""The `[protocol]` and `[listening]` sections: what the team hears, and what it answers.

Listening decides which mentions reach the queue at all (and how late); the protocol
decides which of those are answered, in what order, how soon (the SLA) and how long a
customer waits before giving up.
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

ChannelDurations = dict[Channel | Literal["default"], Duration]


def _default_sla() -> dict[Channel | Literal["default"], float]:
    """One hour: 53% of people, and 72% of complainers, expect a Twitter reply within
    an hour (Lithium / Millward Brown Digital 2013, domain research §4)."""
    return {"default": 60.0}


class Protocol(Section):
    respond_to: list[Kind] = Field(default_factory=lambda: list(_RESPOND_TO))
    priority: list[Kind] = Field(default_factory=lambda: list(_PRIORITY))
    vip_reach: int | None = Field(default=None, ge=1)
    sla: ChannelDurations = Field(default_factory=lambda: _default_sla())
    patience: DistributionField | dict[Channel | Literal["default"], DistributionField] | None = (
        None
    )

    @field_validator("priority")
    @classmethod
    def _priority(cls, v: list[str]) -> list[str]:
        if len(set(v)) != len(v):
            raise ValueError("each kind may appear once in the priority order")
        return v

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
