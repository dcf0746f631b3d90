"""A baseline as variable as real ones: the hourly rate times a drifting random level.

Real mention counts vary far more than a Poisson process around their daily and weekly
cycle (hourly variance 8 to 140 times the mean in the NAB Twitter series). A Cox process
keeps the Poisson draws but multiplies the rate by a positive random level L(t), so the
extra variance comes from days that are simply busier or quieter than the profile says.

The level is log-normal AR(1), constant within each simulated hour, in its stationary
form: x_h = phi x_(h-1) + sqrt(1 - phi^2) sigma e_h with x_0 ~ N(0, sigma^2), and
L_h = exp(x_h - sigma^2 / 2), so E[L] = 1 and `per_hour` stays the average;
phi = 2^(-1h / half_life): a level's deviation halves every `half_life`.
The level is drawn once for the whole run, from its own stream, so it never shifts any
other source's draws.

Real levels have two memories: the log residuals of hourly mention counts lose half their
correlation within an hour or two, yet keep 0.04 to 0.28 six hours apart and 0.08 to 0.19
a day apart in six brands' series (busy days), which one AR(1) cannot give.
`two_scale_levels` multiplies the hourly level by a second, slow one (its own sd and
half-life, drawn after the fast one from the same stream, so a scenario without it draws
exactly what it drew before): the log level is the sum of two AR(1)s, whose
autocorrelation is the sum of two exponentials, the biexponential decay of attention
(Candia et al. 2019, research/surge-models.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from sim.engine.arrivals.checks import FloatArray, as_times, check_positive
from sim.engine.arrivals.rates import MINUTES_PER_HOUR, RateShape


def ar1_levels(
    rng: np.random.Generator, hours: int, volatility: float, half_life: float
) -> FloatArray:
    """`hours` log-normal AR(1) levels with mean 1, sd of log `volatility`, and a
    deviation that halves every `half_life` minutes."""
    check_positive("half_life", half_life)
    if volatility < 0 or not math.isfinite(volatility):
        raise ValueError(f"volatility must be finite and >= 0, got {volatility!r}")
    phi = math.pow(2.0, -MINUTES_PER_HOUR / half_life)
    shocks = rng.standard_normal(max(hours, 1))
    x = np.empty(len(shocks))
    x[0] = volatility * shocks[0]
    step = math.sqrt(1.0 - phi * phi) * volatility
    for h in range(1, len(x)):
        x[h] = phi * x[h - 1] + step * shocks[h]
    return np.asarray(np.exp(x - volatility * volatility / 2), np.float64)


def two_scale_levels(
    rng: np.random.Generator,
    hours: int,
    fast: tuple[float, float],
    slow: tuple[float, float] | None = None,
) -> FloatArray:
    """The fast level (volatility, half-life in minutes) times the slow one, if any: still
    mean 1, the sd of its log sqrt(fast^2 + slow^2)."""
    levels = ar1_levels(rng, hours, *fast)
    if slow is None or slow[0] == 0:
        return levels
    return np.asarray(levels * ar1_levels(rng, hours, *slow), np.float64)


@dataclass(frozen=True)
class CoxLevel:
    """A rate shape times a random level that is constant within each hour from t = 0."""

    shape: RateShape
    levels: FloatArray = field(repr=False)

    def _level(self, t: FloatArray) -> FloatArray:
        hour = np.clip(np.floor(t / MINUTES_PER_HOUR).astype(np.int64), 0, len(self.levels) - 1)
        return np.asarray(self.levels[hour], np.float64)

    def rate(self, t: FloatArray) -> FloatArray:
        t = as_times(t)
        return np.asarray(self.shape.rate(t) * self._level(t), np.float64)

    def _hours(self, t0: float, t1: float) -> range:
        last = len(self.levels) - 1
        first = min(max(math.floor(t0 / MINUTES_PER_HOUR), 0), last)
        end = last + 1 if not math.isfinite(t1) else math.ceil(t1 / MINUTES_PER_HOUR)
        return range(first, min(max(end, first + 1), last + 1))

    def max_rate(self, t0: float, t1: float) -> float:
        if t1 <= t0:
            return 0.0
        hours = self._hours(t0, t1)
        return self.shape.max_rate(t0, t1) * float(self.levels[hours.start : hours.stop].max())

    def expected(self, t0: float, t1: float) -> float:
        if t1 <= t0:
            return 0.0
        total = 0.0
        for h in self._hours(t0, t1):
            lo = max(t0, h * MINUTES_PER_HOUR) if h > 0 else t0
            hi = min(t1, (h + 1) * MINUTES_PER_HOUR) if h < len(self.levels) - 1 else t1
            total += float(self.levels[h]) * self.shape.expected(lo, hi)
        return total
