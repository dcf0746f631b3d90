"""The `[followups]`, `[offline]` and `[reputation]` sections: what comes back afterwards.

A complaint left unanswered may return louder (and, from a big enough account, start a
cascade of its own); a share of conversations move off social media along a path of
handoffs; the reputation settings say how the after-action report weighs what was missed.
"""

from __future__ import annotations

from pydantic import Field

from sim.model.limits import MAX_SEED_POSTS
from sim.model.section import ChannelShares, Section
from sim.model.units import DistributionField
from sim.model.vocabulary import Kind

_COMPLAINING: tuple[Kind, ...] = ("complaint", "crisis")


class Followups(Section):
    """Missed complaints that come back louder."""

    probability: float = Field(ge=0, le=1)
    delay: DistributionField
    kinds: list[Kind] = Field(default_factory=lambda: list(_COMPLAINING))
    channels: ChannelShares | None = None
    sentiment_drop: float = Field(default=0.3, ge=0, le=2)
    viral_reach: int | None = Field(default=None, ge=1)
    viral_seed_posts: int = Field(default=10, ge=1, le=MAX_SEED_POSTS)
    viral_branching: float = Field(default=0.5, ge=0, lt=1)


class Handoff(Section):
    to: str = Field(min_length=1)
    delay: DistributionField


class Offline(Section):
    share: float = Field(ge=0, le=1)
    path: list[Handoff] = Field(default_factory=list)


class Reputation(Section):
    at_risk_share: float = Field(default=0.495, ge=0, le=1)
