"""What every scenario section shares: strict keys, frozen values, shares that add to one.

A section refuses keys it does not know (a typo must not silently mean "the default"), and
a validated scenario never changes underneath the engine that runs it.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from sim.model.vocabulary import Channel, Kind, Topic


class Section(BaseModel):
    # inf and NaN are refused everywhere: no rate, share or multiplier the engine uses is
    # meaningful at infinity, and NaN passes every `ge`/`le` comparison unnoticed.
    # A section's validator is built when first used (within the scenario's, for most),
    # not at import: a command pays only for the models it validates.
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        populate_by_name=True,
        allow_inf_nan=False,
        defer_build=True,
    )


Share = Annotated[float, Field(ge=0, le=1)]
ChannelShares = dict[Channel, Share]
KindShares = dict[Kind, Share]
TopicShares = dict[Topic, Share]


def shares_sum_to_one(shares: dict[str, float], what: str) -> dict[str, float]:
    """A mix of channels, kinds or topics: every share in 0..1, together one within 1e-6.

    Shares that add up to one only within that tolerance (0.3333333 three times) are scaled
    to add up to one exactly, since the sampler allows far less slack. Shares whose sum is
    one to rounding already are returned untouched, so valid files draw as they always did.
    """
    if not shares:
        raise ValueError(f"expected at least one {what}")
    bad = [k for k, v in shares.items() if not 0 <= v <= 1]
    if bad:
        raise ValueError(f"shares must be between 0 and 1 (see {', '.join(bad)})")
    total = sum(shares.values())
    if abs(total - 1) > 1e-6:
        raise ValueError(f"{what} shares must add up to 1, they add up to {total:g}")
    if abs(total - 1) > 1e-12:
        return {k: v / total for k, v in shares.items()}
    return shares
