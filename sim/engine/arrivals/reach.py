"""How many people see a mention: author reach, a heavy-tailed law with known moments."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np

from sim.engine.arrivals.checks import IntArray, check_positive

# Followers above this are not people; with alpha near 1 the Pareto tail would otherwise
# overflow int64. For the default alpha the cap is hit with probability ~1e-9 per draw.
REACH_CAP = 10_000_000_000

ReachSampler = Callable[[np.random.Generator, int], IntArray]


@runtime_checkable
class ReachLaw(Protocol):
    """A reach sampler that also knows its moments, which marked cascades need."""

    def __call__(self, rng: np.random.Generator, n: int) -> IntArray: ...

    def moment(self, beta: float) -> float:
        """E[reach ** beta]."""
        ...


def power_law_reach(
    rng: np.random.Generator, n: int, alpha: float = 2.016, minimum: float = 50.0
) -> IntArray:
    """Author reach (followers): Pareto with density ~ x^-alpha for x >= minimum.

    alpha = 2.016 is the Twitter fit used by Mishra & Rizoiu's marked Hawkes code. The
    tail is heavy: the mean is finite only for alpha > 2 and the variance only for
    alpha > 3, so a few authors carry most of the reach. Rounded to whole followers
    (rounding, not flooring, keeps E[reach^beta] at its continuous value to second
    order) and capped at REACH_CAP.
    """
    if not alpha > 1:
        raise ValueError(f"alpha must be > 1 for a normalisable power law, got {alpha!r}")
    check_positive("minimum", minimum)
    u = 1.0 - rng.random(n)  # in (0, 1], so no division by zero
    x = minimum * u ** (-1.0 / (alpha - 1.0))
    x = np.clip(np.rint(x), math.ceil(minimum), REACH_CAP)
    return x.astype(np.int64)


@dataclass(frozen=True)
class ParetoReach:
    """`power_law_reach` with its parameters bound, usable where moments are needed."""

    alpha: float = 2.016
    minimum: float = 50.0

    def __post_init__(self) -> None:
        if not self.alpha > 1:
            raise ValueError(f"alpha must be > 1, got {self.alpha!r}")
        check_positive("minimum", self.minimum)

    def __call__(self, rng: np.random.Generator, n: int) -> IntArray:
        return power_law_reach(rng, n, self.alpha, self.minimum)

    def moment(self, beta: float) -> float:
        """E[x^beta] = (alpha-1)/(alpha-1-beta) * minimum^beta, finite for beta < alpha-1."""
        if not beta < self.alpha - 1:
            raise ValueError(
                f"reach_exponent {beta} must be below alpha - 1 = {self.alpha - 1:.4g}, "
                "or the mean number of children per mention is infinite"
            )
        return (self.alpha - 1) / (self.alpha - 1 - beta) * math.pow(self.minimum, beta)
