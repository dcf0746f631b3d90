"""When mentions arrive: rate shapes for Poisson surges, and self-exciting cascades.

Only times are made here (plus author reach for cascades, which drives the branching);
the engine attaches every other attribute. Time is in minutes from scenario start, and
rates are per minute inside; scenario files speak per hour, so shapes take `per_hour`
values and divide by 60 once, at construction.

Two generators cover every surge:

- `sample_nhpp` draws a non-homogeneous Poisson process from any `RateShape` by
  Lewis–Shedler thinning. It is exact for any rate with a known upper bound, and cheap
  when called window by window (the engine asks for one simulated hour at a time), because
  each shape bounds its rate per window rather than globally.
- `hawkes_cascade` draws a self-exciting (Hawkes) cascade by the branching method: each
  event has Poisson(n) children at its own time plus a kernel delay. That is exact for any
  delay law we can sample from, and it vectorises generation by generation, where Ogata
  thinning would need a Python loop per event.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "MAX_CASCADE_EVENTS",
    "MAX_GENERATIONS",
    "REACH_CAP",
    "Baseline",
    "CascadeTooLarge",
    "ExponentialKernel",
    "Kernel",
    "ParetoReach",
    "PowerLawKernel",
    "Ramp",
    "RateShape",
    "ReachLaw",
    "ReachSampler",
    "SeismicKernel",
    "ShockExponential",
    "ShockPowerLaw",
    "Step",
    "Wave",
    "hawkes_cascade",
    "power_law_reach",
    "sample_nhpp",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

MINUTES_PER_HOUR = 60.0
HOURS_PER_WEEK = 168
MINUTES_PER_WEEK = HOURS_PER_WEEK * MINUTES_PER_HOUR

# A subcritical cascade is finite with probability one, but with a branching ratio near 1
# and a long horizon it can be astronomically large; these caps turn that into an error.
MAX_CASCADE_EVENTS = 5_000_000
MAX_GENERATIONS = 100_000

# Followers above this are not people; with alpha near 1 the Pareto tail would otherwise
# overflow int64. For the default alpha the cap is hit with probability ~1e-9 per draw.
REACH_CAP = 10_000_000_000


# ---------------------------------------------------------------------------- rate shapes


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


def _times(t: ArrayLike) -> FloatArray:
    return np.asarray(t, dtype=np.float64)


def _check_rate(name: str, value: float) -> None:
    if not (value >= 0 and math.isfinite(value)):
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")


def _check_positive(name: str, value: float, *, finite: bool = True) -> None:
    if not value > 0 or (finite and not math.isfinite(value)):
        kind = "a finite number" if finite else "a number"
        raise ValueError(f"{name} must be {kind} > 0, got {value!r}")


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
        _check_rate("per_hour", self.per_hour)
        daily = tuple(float(x) for x in self.daily)
        weekly = tuple(float(x) for x in self.weekly)
        if len(daily) != 24 or len(weekly) != 7:
            raise ValueError("a baseline needs 24 daily and 7 weekly multipliers")
        for x in (*daily, *weekly):
            _check_rate("a profile multiplier", x)
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
        clock = self.start_minute_of_week + _times(t)
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
        _check_rate("per_hour", self.per_hour)
        _check_positive("duration", self.duration, finite=False)

    @property
    def _level(self) -> float:
        return self.per_hour / MINUTES_PER_HOUR

    def rate(self, t: FloatArray) -> FloatArray:
        t = _times(t)
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
        _check_rate("from_per_hour", self.from_per_hour)
        _check_rate("to_per_hour", self.to_per_hour)
        _check_positive("duration", self.duration)

    def _line(self, t: FloatArray | float) -> FloatArray:
        """The linear law, extended beyond the ramp (callers clip)."""
        a, b = self.from_per_hour / MINUTES_PER_HOUR, self.to_per_hour / MINUTES_PER_HOUR
        return np.asarray(a + (b - a) * (np.asarray(t) - self.at) / self.duration, np.float64)

    def rate(self, t: FloatArray) -> FloatArray:
        t = _times(t)
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
        _check_rate("peak_per_hour", self.peak_per_hour)
        _check_positive("half_life", self.half_life)
        _check_positive("duration", self.duration, finite=False)

    @property
    def _decay(self) -> float:
        return math.log(2) / self.half_life

    def rate(self, t: FloatArray) -> FloatArray:
        t = _times(t)
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
        _check_rate("peak_per_hour", self.peak_per_hour)
        _check_positive("tau", self.tau)
        _check_positive("theta", self.theta)
        _check_positive("duration", self.duration, finite=False)

    def rate(self, t: FloatArray) -> FloatArray:
        t = _times(t)
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
        _check_rate("peak_per_hour", self.peak_per_hour)
        _check_positive("rise", self.rise)

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
        t = _times(t)
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


# ------------------------------------------------------------------------- author reach

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
    _check_positive("minimum", minimum)
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
        _check_positive("minimum", self.minimum)

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


# ------------------------------------------------------------------------------ kernels


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
        _check_positive("mean_delay", self.mean_delay)

    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:
        return rng.exponential(self.mean_delay, n)

    def survival(self, s: FloatArray) -> FloatArray:
        s = _times(s)
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
        _check_positive("c", self.c)
        _check_positive("theta", self.theta)

    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:
        u = 1.0 - rng.random(n)  # in (0, 1]
        return np.asarray(self.c * (u ** (-1.0 / self.theta) - 1.0), np.float64)

    def survival(self, s: FloatArray) -> FloatArray:
        s = np.maximum(_times(s), 0.0)
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
        _check_positive("s0", self.s0)
        _check_positive("theta", self.theta)

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
        s = np.maximum(_times(s), 0.0)
        flat = 1.0 - self._head * s / self.s0
        ratio = np.maximum(s, self.s0) / self.s0
        tail = ratio**-self.theta / (1 + self.theta)
        return np.where(s <= self.s0, flat, tail)

    def mean(self) -> float:
        if self.theta <= 1:
            return math.inf
        k = self.theta / (self.s0 * (1 + self.theta))
        return k * self.s0**2 * (0.5 + 1 / (self.theta - 1))


# ----------------------------------------------------------------------------- cascades


class CascadeTooLarge(RuntimeError):
    """A cascade grew past the event or generation cap instead of dying out."""


def hawkes_cascade(
    rng: np.random.Generator,
    seed_times: ArrayLike,
    branching: float,
    kernel: Kernel,
    t_end: float,
    reach: ReachSampler | None = None,
    reach_exponent: float = 0.0,
    *,
    max_events: int = MAX_CASCADE_EVENTS,
) -> tuple[FloatArray, IntArray]:
    """A self-exciting cascade from `seed_times`: (times, author reach), sorted by time.

    Branching method: every event has Poisson(n_i) children at its own time plus a
    `kernel` delay, drawn for a whole generation at once; children at or after `t_end` are
    dropped, and so are their descendants, which could only come later. The seeds are
    returned as given, first among equal times.

    With `reach_exponent` beta > 0 the cascade is marked, as in SEISMIC and Mishra &
    Rizoiu: n_i = branching * m_i^beta / E[m^beta], so influential authors beget more
    while the mean cascade size stays seeds / (1 - branching). That needs E[m^beta], so
    `reach` must then be a `ReachLaw` (such as `ParetoReach`); the default is
    `ParetoReach()` (alpha = 2.016, minimum = 50), valid for beta < alpha - 1.

    Raises ValueError for a branching ratio outside [0, 1), and CascadeTooLarge when the
    cascade exceeds `max_events` or MAX_GENERATIONS rather than running without end.
    """
    if not 0 <= branching < 1:
        raise ValueError(
            f"branching ratio must be in [0, 1), got {branching!r}: at 1 or above a "
            "cascade never dies out"
        )
    if not reach_exponent >= 0:
        raise ValueError(f"reach_exponent must be >= 0, got {reach_exponent!r}")
    sampler: ReachSampler = ParetoReach() if reach is None else reach
    norm = _reach_moment(sampler, reach_exponent)
    seeds = np.asarray(seed_times, dtype=np.float64).ravel()
    if len(seeds) > max_events:
        raise CascadeTooLarge(f"{len(seeds)} seeds exceed the cap of {max_events} events")

    times, reaches = [seeds], [sampler(rng, len(seeds))]
    parents_t, parents_m = times[0], reaches[0]
    total = len(seeds)
    for _ in range(MAX_GENERATIONS):
        if len(parents_t) == 0:
            break
        if reach_exponent > 0:
            mean_children = branching * parents_m.astype(np.float64) ** reach_exponent / norm
            counts = rng.poisson(mean_children)
        else:
            counts = rng.poisson(branching, len(parents_t))
        born = int(counts.sum())
        if born == 0:
            break
        child_t = np.repeat(parents_t, counts) + kernel.sample(rng, born)
        child_t = child_t[child_t < t_end]
        total += len(child_t)
        if total > max_events:
            raise CascadeTooLarge(
                f"cascade passed {max_events} events (branching {branching}); "
                "lower the branching ratio, the seeds or the horizon"
            )
        parents_t, parents_m = child_t, sampler(rng, len(child_t))
        times.append(parents_t)
        reaches.append(parents_m)
    else:
        raise CascadeTooLarge(f"cascade still growing after {MAX_GENERATIONS} generations")

    all_t = np.concatenate(times)
    order = np.argsort(all_t, kind="stable")
    return all_t[order], np.concatenate(reaches).astype(np.int64)[order]


def _reach_moment(sampler: ReachSampler, beta: float) -> float:
    """E[m^beta] for the marked cascade; 1 when unmarked."""
    if beta == 0:
        return 1.0
    if not isinstance(sampler, ReachLaw):
        raise ValueError(
            "a cascade with reach_exponent > 0 needs a reach law that knows its moments "
            "(for example ParetoReach(alpha, minimum)), not a bare sampling function"
        )
    return sampler.moment(beta)
