"""Delay laws of self-exciting cascades: how long after a post the posts it begets come."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from sim.engine.arrivals.checks import FloatArray, as_times, check_positive


class Kernel(Protocol):
    """The delay between a mention and each mention it begets: a probability law on [0, inf)."""

    def sample(self, rng: np.random.Generator, n: int) -> FloatArray: ...

    def survival(self, s: FloatArray) -> FloatArray:
        """P(delay > s), vectorised."""
        ...

    def mean(self) -> float:
        """The mean delay; inf for heavy tails."""
        ...


@dataclass(frozen=True)
class ExponentialKernel:
    """Memoryless replies: the classic Hawkes kernel, each generation adds `mean_delay`."""

    mean_delay: float

    def __post_init__(self) -> None:
        check_positive("mean_delay", self.mean_delay)

    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:
        return rng.exponential(self.mean_delay, n)

    def survival(self, s: FloatArray) -> FloatArray:
        s = as_times(s)
        return np.exp(-np.maximum(s, 0.0) / self.mean_delay)

    def mean(self) -> float:
        return self.mean_delay


@dataclass(frozen=True)
class PowerLawKernel:
    """Omori/Lomax delays: density theta c^theta (s + c)^-(1+theta).

    Sampled by inverse transform, delay = c (U^(-1/theta) - 1). For theta <= 1 the mean
    delay is infinite: a cascade keeps trickling in long after its peak.
    """

    c: float
    theta: float

    def __post_init__(self) -> None:
        check_positive("c", self.c)
        check_positive("theta", self.theta)

    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:
        u = 1.0 - rng.random(n)  # in (0, 1]
        return np.asarray(self.c * (u ** (-1.0 / self.theta) - 1.0), np.float64)

    def survival(self, s: FloatArray) -> FloatArray:
        s = np.maximum(as_times(s), 0.0)
        return np.asarray((1.0 + s / self.c) ** -self.theta, np.float64)

    def mean(self) -> float:
        return self.c / (self.theta - 1) if self.theta > 1 else math.inf


@dataclass(frozen=True)
class SeismicKernel:
    """The SEISMIC memory kernel (Zhao et al., KDD 2015), in minutes.

    Density flat at level k for s <= s0, then k (s/s0)^-(1+theta); k = theta / (s0 (1 +
    theta)) makes it integrate to 1. The defaults are the CRAN `seismic` values measured on
    Twitter (s0 = 300 s, theta = 0.2315). theta < 1, so the mean delay is infinite.
    """

    s0: float = 5.0
    theta: float = 0.2315

    def __post_init__(self) -> None:
        check_positive("s0", self.s0)
        check_positive("theta", self.theta)

    @property
    def _head(self) -> float:
        """P(delay <= s0): the mass of the flat part."""
        return self.theta / (1 + self.theta)

    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:
        u = rng.random(n)
        head = self._head
        flat = u / head * self.s0
        tail_u = np.maximum(1.0 - u, np.finfo(np.float64).tiny)  # u < 1, but stay safe
        tail = self.s0 * ((1 + self.theta) * tail_u) ** (-1.0 / self.theta)
        return np.where(u < head, flat, tail)

    def survival(self, s: FloatArray) -> FloatArray:
        s = np.maximum(as_times(s), 0.0)
        flat = 1.0 - self._head * s / self.s0
        ratio = np.maximum(s, self.s0) / self.s0
        tail = ratio**-self.theta / (1 + self.theta)
        return np.where(s <= self.s0, flat, tail)

    def mean(self) -> float:
        if self.theta <= 1:
            return math.inf
        k = self.theta / (self.s0 * (1 + self.theta))
        return k * self.s0**2 * (0.5 + 1 / (self.theta - 1))
