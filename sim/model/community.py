"""The `[advocates]` and `[faq]` sections: help that does not come from the care team.

Community advocates answer a share of public questions themselves; an FAQ, once a topic is
busy enough to earn one and it has been drafted and approved, deflects part of the
questions on that topic and shortens the rest.
"""

from __future__ import annotations

from pydantic import Field

from sim.model.section import Section
from sim.model.units import DistributionField, Duration
from sim.model.vocabulary import KINDS, PUBLIC_CHANNELS, Channel, Kind, Topic


class Advocates(Section):
    answer_share: float = Field(ge=0, le=1)
    delay: DistributionField
    accuracy: float = Field(default=1.0, ge=0, le=1)
    channels: list[Channel] = Field(default_factory=lambda: list(PUBLIC_CHANNELS))
    kinds: list[Kind] = Field(default_factory=lambda: list(KINDS[:1]))


class Faq(Section):
    trigger: int = Field(ge=1)
    window: Duration
    draft_time: Duration
    approval_time: Duration
    deflection: float = Field(ge=0, le=1)
    handle_factor: float = Field(default=0.8, gt=0, le=1)
    topics: list[Topic] | None = None

    def covers(self, topic: str) -> bool:
        """Can this topic get an FAQ? By default every topic but the catch-all `general`."""
        return topic in self.topics if self.topics is not None else topic != "general"
