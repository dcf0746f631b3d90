"""The `[baseline]` section: everyday traffic, before anything goes wrong.

Its daily and weekly profiles shape the arrival rate over the clock; its channel, kind and
topic mixes say what an ordinary mention looks like; `reach` says who writes them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from sim.model.limits import MAX_RATE
from sim.model.section import (
    ChannelShares,
    KindShares,
    Section,
    TopicShares,
    shares_sum_to_one,
)
from sim.model.units import Duration
from sim.model.vocabulary import Channel, Kind

# Daily profiles: multipliers per hour of day (0h..23h), normalised to mean 1 on load.
# They are illustrative shapes, not fitted data: consumer social traffic is lowest before
# dawn and peaks at lunchtime and in the evening; business traffic follows office hours.
DAILY_PROFILES: dict[str, tuple[float, ...]] = {
    "flat": (1.0,) * 24,
    "consumer": (
        0.45, 0.30, 0.22, 0.18, 0.18, 0.25, 0.45, 0.75, 1.00, 1.15, 1.25, 1.35,
        1.45, 1.40, 1.30, 1.25, 1.25, 1.30, 1.40, 1.50, 1.55, 1.45, 1.15, 0.75,
    ),
    "business": (
        0.15, 0.10, 0.08, 0.08, 0.10, 0.20, 0.50, 1.00, 1.70, 2.00, 2.00, 1.90,
        1.60, 1.80, 1.90, 1.80, 1.60, 1.20, 0.80, 0.55, 0.40, 0.30, 0.25, 0.20,
    ),
}  # fmt: skip


def _only_channel(channel: Channel) -> dict[Channel, float]:
    return {channel: 1.0}


def _only_kind(kind: Kind) -> dict[Kind, float]:
    return {kind: 1.0}


class Reach(Section):
    """Author reach (followers): Pareto with density exponent `alpha` above `minimum`."""

    alpha: float = Field(default=2.016, gt=1)
    minimum: float = Field(default=50, gt=0)


class Baseline(Section):
    per_hour: float = Field(ge=0, le=MAX_RATE)
    daily_profile: Literal["flat", "consumer", "business"] | list[float] = "flat"
    weekly_profile: list[float] = Field(default_factory=lambda: [1.0] * 7)
    channels: ChannelShares = Field(default_factory=lambda: _only_channel("twitter"))
    kinds: KindShares = Field(default_factory=lambda: _only_kind("question"))
    topics: TopicShares = Field(default_factory=lambda: {"general": 1.0})
    sentiment: float = Field(default=0.0, ge=-1, le=1)
    direct: float = Field(default=1.0, ge=0, le=1)
    reach: Reach = Reach()
    # The Cox level (see scenarios/README.md): sd of the log of a random level multiplying
    # the rate, and how fast a busy or quiet spell fades. 0 = plain Poisson.
    volatility: float = Field(default=0.0, ge=0, le=3)
    level_half_life: Duration = 120.0
    # Its slow part (busy and quiet days): a second level with a longer memory. 0 = none.
    slow_volatility: float = Field(default=0.0, ge=0, le=3)
    slow_half_life: Duration = 1440.0

    @field_validator("level_half_life", "slow_half_life")
    @classmethod
    def _half_life(cls, v: float) -> float:
        if v <= 0:
            raise ValueError("expected a duration greater than zero")
        return v

    @field_validator("daily_profile")
    @classmethod
    def _profile(cls, v: str | list[float]) -> str | list[float]:
        if isinstance(v, list) and (len(v) != 24 or any(x < 0 for x in v) or sum(v) <= 0):
            raise ValueError("expected a profile name or 24 non-negative multipliers")
        return v

    @field_validator("weekly_profile")
    @classmethod
    def _weekly(cls, v: list[float]) -> list[float]:
        if len(v) != 7 or any(x < 0 for x in v) or sum(v) <= 0:
            raise ValueError("expected 7 non-negative multipliers, Monday first")
        return v

    @field_validator("channels")
    @classmethod
    def _channels(cls, v: dict[str, float]) -> dict[str, float]:
        return shares_sum_to_one(v, "channel")

    @field_validator("kinds")
    @classmethod
    def _kinds(cls, v: dict[str, float]) -> dict[str, float]:
        return shares_sum_to_one(v, "kind")

    @field_validator("topics")
    @classmethod
    def _topics(cls, v: dict[str, float]) -> dict[str, float]:
        return shares_sum_to_one(v, "topic")

    def daily(self) -> tuple[float, ...]:
        """The hourly multipliers, normalised to mean 1 so `per_hour` is the daily average."""
        raw = (
            DAILY_PROFILES[self.daily_profile]
            if isinstance(self.daily_profile, str)
            else tuple(self.daily_profile)
        )
        mean = sum(raw) / 24
        return tuple(x / mean for x in raw)

    def weekly(self) -> tuple[float, ...]:
        mean = sum(self.weekly_profile) / 7
        return tuple(x / mean for x in self.weekly_profile)
