"""Rate shapes for Poisson arrivals, and the thinning that draws from any of them.

`sample_nhpp` draws a non-homogeneous Poisson process from any `RateShape` by
Lewis–Shedler thinning. It is exact for any rate with a known upper bound, and cheap when
called window by window (the engine asks for one simulated hour at a time), because each
shape bounds its rate per window rather than globally. Scenario files speak per hour, so
shapes take `per_hour` values and divide by 60 once, at construction.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from sim.engine.arrivals.checks import FloatArray, as_times, check_positive, check_rate

MINUTES_PER_HOUR = 60.0
HOURS_PER_WEEK = 168
MINUTES_PER_WEEK = HOURS_PER_WEEK * MINUTES_PER_HOUR


class RateShape(Protocol):
    """A time-varying Poisson rate, in mentions per minute."""

    def rate(self, t: FloatArray) -> FloatArray:
        """The rate at each time in `t` (vectorised)."""
        ...

    def max_rate(self, t0: float, t1: float) -> float:
        """An upper bound of the rate on [t0, t1); the thinning envelope for that window."""
        ...

    def expected(self, t0: float, t1: float) -> float:
        """The expected number of events on [t0, t1): the integral of the rate."""
        ...


def _overlap(t0: float, t1: float, start: float, end: float) -> tuple[float, float] | None:
    """The part of [t0, t1) inside [start, end), or None when they do not meet."""
    lo, hi = max(t0, start), min(t1, end)
    return (lo, hi) if lo < hi else None


@dataclass(frozen=True)
class Baseline:
    """The everyday flow: a daily cycle times a weekly cycle, constant within each hour.

    The clock is `start_minute_of_week + t`, minute 0 being Monday 00:00, so a scenario
    that starts on a Friday evening sees Friday evening's volume. Multipliers are used as
    given; the scenario layer normalises them so that `per_hour` is the average.
    """

    per_hour: float
    daily: tuple[float, ...] = (1.0,) * 24
    weekly: tuple[float, ...] = (1.0,) * 7
    start_minute_of_week: float = 0.0
    # Per-minute rate of each of the 168 hours of the week, and its running integral
    # (minutes since Monday 00:00 -> expected count), precomputed for vectorised lookups.
    _hourly: FloatArray = field(init=False, repr=False, compare=False)
    _cumulative: FloatArray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        check_rate("per_hour", self.per_hour)
        daily = tuple(float(x) for x in self.daily)
        weekly = tuple(float(x) for x in self.weekly)
        if len(daily) != 24 or len(weekly) != 7:
            raise ValueError("a baseline needs 24 daily and 7 weekly multipliers")
        for x in (*daily, *weekly):
            check_rate("a profile multiplier", x)
        if not math.isfinite(self.start_minute_of_week):
            raise ValueError("start_minute_of_week must be finite")
        hourly = (
            self.per_hour
            / MINUTES_PER_HOUR
            * np.repeat(np.asarray(weekly), 24)
            * np.tile(np.asarray(daily), 7)
        )
        cumulative = np.concatenate(([0.0], np.cumsum(hourly * MINUTES_PER_HOUR)))
        object.__setattr__(self, "daily", daily)
        object.__setattr__(self, "weekly", weekly)
        object.__setattr__(self, "_hourly", hourly)
        object.__setattr__(self, "_cumulative", cumulative)

    def rate(self, t: FloatArray) -> FloatArray:
        clock = self.start_minute_of_week + as_times(t)
        hour = np.floor(clock / MINUTES_PER_HOUR).astype(np.int64) % HOURS_PER_WEEK
        return self._hourly[hour]

    def max_rate(self, t0: float, t1: float) -> float:
        if t1 <= t0:
            return 0.0
        first = math.floor((self.start_minute_of_week + t0) / MINUTES_PER_HOUR)
        end = math.ceil((self.start_minute_of_week + t1) / MINUTES_PER_HOUR)
        if not math.isfinite(t1) or end - first >= HOURS_PER_WEEK:
            return float(self._hourly.max())
        hours = np.arange(first, end) % HOURS_PER_WEEK
        return float(self._hourly[hours].max())

    def expected(self, t0: float, t1: float) -> float:
        if t1 <= t0:
            return 0.0
        if not math.isfinite(t1):
            return math.inf if self._hourly.max() > 0 else 0.0
        start = self.start_minute_of_week
        return self._integral_to(start + t1) - self._integral_to(start + t0)

    def _integral_to(self, clock: float) -> float:
        """Expected count from clock minute 0 (Monday 00:00 of week 0) to `clock`."""
        weeks, within = divmod(clock, MINUTES_PER_WEEK)
        hour = min(int(within // MINUTES_PER_HOUR), HOURS_PER_WEEK - 1)
        partial = within - hour * MINUTES_PER_HOUR
        return float(
            weeks * self._cumulative[-1] + self._cumulative[hour] + self._hourly[hour] * partial
        )


@dataclass(frozen=True)
class Step:
    """Constant extra volume on [at, at + duration): an outage page, a campaign."""

    at: float
    per_hour: float
    duration: float

    def __post_init__(self) -> None:
        check_rate("per_hour", self.per_hour)
        check_positive("duration", self.duration, finite=False)

    @property
    def _level(self) -> float:
        return self.per_hour / MINUTES_PER_HOUR

    def rate(self, t: FloatArray) -> FloatArray:
        t = as_times(t)
        inside = (t >= self.at) & (t < self.at + self.duration)
        return np.where(inside, self._level, 0.0)

    def max_rate(self, t0: float, t1: float) -> float:
        return self._level if _overlap(t0, t1, self.at, self.at + self.duration) else 0.0

    def expected(self, t0: float, t1: float) -> float:
        span = _overlap(t0, t1, self.at, self.at + self.duration)
        return 0.0 if span is None else self._level * (span[1] - span[0])


@dataclass(frozen=True)
class Ramp:
    """A rate changing linearly from `from_per_hour` to `to_per_hour`, then nothing."""

    at: float
    from_per_hour: float
    to_per_hour: float
    duration: float

    def __post_init__(self) -> None:
        check_rate("from_per_hour", self.from_per_hour)
        check_rate("to_per_hour", self.to_per_hour)
        check_positive("duration", self.duration)

    def _line(self, t: FloatArray | float) -> FloatArray:
        """The linear law, extended beyond the ramp (callers clip)."""
        a, b = self.from_per_hour / MINUTES_PER_HOUR, self.to_per_hour / MINUTES_PER_HOUR
        return np.asarray(a + (b - a) * (np.asarray(t) - self.at) / self.duration, np.float64)

    def rate(self, t: FloatArray) -> FloatArray:
        t = as_times(t)
        inside = (t >= self.at) & (t < self.at + self.duration)
        return np.where(inside, self._line(t), 0.0)

    def max_rate(self, t0: float, t1: float) -> float:
        span = _overlap(t0, t1, self.at, self.at + self.duration)
        if span is None:
            return 0.0
        # Linear, so the supremum sits at an end of the window (the right end is open).
        return float(np.max(self._line(np.array(span))))

    def expected(self, t0: float, t1: float) -> float:
        span = _overlap(t0, t1, self.at, self.at + self.duration)
        if span is None:
            return 0.0
        ends = self._line(np.array(span))
        return float((ends[0] + ends[1]) / 2 * (span[1] - span[0]))


@dataclass(frozen=True)
class ShockExponential:
    """An outside event: the rate jumps to its peak at `at`, then halves every `half_life`.

    Exponential relaxation fits many news shocks as well as a power law does (Lambiotte &
    Ausloos 2006) and is the easier one to explain: the total is peak * half_life / ln 2.
    """

    at: float
    peak_per_hour: float
    half_life: float
    duration: float = math.inf

    def __post_init__(self) -> None:
        check_rate("peak_per_hour", self.peak_per_hour)
        check_positive("half_life", self.half_life)
        check_positive("duration", self.duration, finite=False)

    @property
    def _decay(self) -> float:
        return math.log(2) / self.half_life

    def rate(self, t: FloatArray) -> FloatArray:
        t = as_times(t)
        inside = (t >= self.at) & (t < self.at + self.duration)
        age = np.where(inside, t - self.at, 0.0)
        peak = self.peak_per_hour / MINUTES_PER_HOUR
        return np.where(inside, peak * np.exp(-self._decay * age), 0.0)

    def max_rate(self, t0: float, t1: float) -> float:
        span = _overlap(t0, t1, self.at, self.at + self.duration)
        if span is None:
            return 0.0
        return self.peak_per_hour / MINUTES_PER_HOUR * math.exp(-self._decay * (span[0] - self.at))

    def expected(self, t0: float, t1: float) -> float:
        span = _overlap(t0, t1, self.at, self.at + self.duration)
        if span is None:
            return 0.0
        k = self._decay
        a, b = span[0] - self.at, span[1] - self.at
        return self.peak_per_hour / MINUTES_PER_HOUR / k * (math.exp(-k * a) - math.exp(-k * b))


@dataclass(frozen=True)
class ShockPowerLaw:
    """An outside event with a long memory: peak * (1 + (t - at)/tau)^-(1 + theta).

    The exogenous, subcritical response of Crane & Sornette (PNAS 2008): attention that
    fades slower than any exponential, so the tail matters for staffing days later.
    """

    at: float
    peak_per_hour: float
    tau: float
    theta: float
    duration: float = math.inf

    def __post_init__(self) -> None:
        check_rate("peak_per_hour", self.peak_per_hour)
        check_positive("tau", self.tau)
        check_positive("theta", self.theta)
        check_positive("duration", self.duration, finite=False)

    def rate(self, t: FloatArray) -> FloatArray:
        t = as_times(t)
        inside = (t >= self.at) & (t < self.at + self.duration)
        age = np.where(inside, t - self.at, 0.0)
        peak = self.peak_per_hour / MINUTES_PER_HOUR
        return np.where(inside, peak * (1 + age / self.tau) ** -(1 + self.theta), 0.0)

    def max_rate(self, t0: float, t1: float) -> float:
        span = _overlap(t0, t1, self.at, self.at + self.duration)
        if span is None:
            return 0.0
        age = span[0] - self.at
        decay = math.pow(1 + age / self.tau, -(1 + self.theta))
        return self.peak_per_hour / MINUTES_PER_HOUR * decay

    def expected(self, t0: float, t1: float) -> float:
        span = _overlap(t0, t1, self.at, self.at + self.duration)
        if span is None:
            return 0.0
        a, b = span[0] - self.at, span[1] - self.at
        tail_a = math.pow(1 + a / self.tau, -self.theta)
        tail_b = 0.0 if math.isinf(b) else math.pow(1 + b / self.tau, -self.theta)
        return self.peak_per_hour / MINUTES_PER_HOUR * self.tau / self.theta * (tail_a - tail_b)


@dataclass(frozen=True)
class Wave:
    """An endogenous build-up that peaks at `at + rise` and decays symmetrically.

    Crane & Sornette's endogenous class rises and falls symmetrically around its peak. We
    draw it as a Gaussian bell with sigma = rise / 3, cut to [at, at + 2 * rise): at the
    cut the rate is exp(-4.5), about 1% of the peak, so the wave starts and ends almost
    smoothly, and about 99.7% of the untruncated bell's volume falls inside. The expected
    total is therefore peak * sigma * sqrt(2 pi) * 0.9973.
    """

    at: float
    peak_per_hour: float
    rise: float

    def __post_init__(self) -> None:
        check_rate("peak_per_hour", self.peak_per_hour)
        check_positive("rise", self.rise)

    @property
    def _sigma(self) -> float:
        return self.rise / 3

    @property
    def _centre(self) -> float:
        return self.at + self.rise

    def _bell(self, t: FloatArray) -> FloatArray:
        z = (t - self._centre) / self._sigma
        return np.asarray(self.peak_per_hour / MINUTES_PER_HOUR * np.exp(-0.5 * z * z), np.float64)

    def rate(self, t: FloatArray) -> FloatArray:
        t = as_times(t)
        inside = (t >= self.at) & (t < self.at + 2 * self.rise)
        return np.where(inside, self._bell(t), 0.0)

    def max_rate(self, t0: float, t1: float) -> float:
        span = _overlap(t0, t1, self.at, self.at + 2 * self.rise)
        if span is None:
            return 0.0
        if span[0] <= self._centre <= span[1]:
            return self.peak_per_hour / MINUTES_PER_HOUR
        return float(np.max(self._bell(np.array(span))))

    def expected(self, t0: float, t1: float) -> float:
        span = _overlap(t0, t1, self.at, self.at + 2 * self.rise)
        if span is None:
            return 0.0
        scale = self._sigma * math.sqrt(2)
        za, zb = ((x - self._centre) / scale for x in span)
        mass = 0.5 * (math.erf(zb) - math.erf(za))
        return self.peak_per_hour / MINUTES_PER_HOUR * self._sigma * math.sqrt(2 * math.pi) * mass


def sample_nhpp(rng: np.random.Generator, shape: RateShape, t0: float, t1: float) -> FloatArray:
    """Sorted event times of a Poisson process with rate `shape` on [t0, t1).

    Lewis–Shedler thinning: candidates from a homogeneous process at the window's bound,
    each kept with probability rate/bound. Exact for any bound; efficient when the window
    is short enough that the bound is tight, which is why the engine calls it per hour.
    """
    if not t1 > t0:
        return np.empty(0, dtype=np.float64)
    if not (math.isfinite(t0) and math.isfinite(t1)):
        raise ValueError("sample_nhpp needs a finite window")
    bound = shape.max_rate(t0, t1)
    if bound <= 0:
        return np.empty(0, dtype=np.float64)
    n = int(rng.poisson(bound * (t1 - t0)))
    candidates = np.sort(t0 + (t1 - t0) * rng.random(n))
    keep = (rng.random(n) * bound < shape.rate(candidates)) & (candidates < t1)
    return candidates[keep]
