"""Durations and distributions as scenario files write them.

Simulated time is measured in **minutes** everywhere in `sim/`: SLAs, handle times and
patience are minutes-scale quantities, and the Erlang formulas in `sim.analysis.erlang` use the
same unit, so no conversion hides between the engine and the theory it is tested against.

Distributions are sampled by inverse transform (`quantile(u)`), so each mention can carry
its own uniform draws from arrival on: whichever agent group ends up serving it, two runs
that differ only in staffing see the same work (common random numbers).
"""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from sim.model.limits import MAX_DURATION_MINUTES
from sim.model.normal import ndtri

MINUTES_PER_UNIT = {"s": 1 / 60, "m": 1.0, "h": 60.0, "d": 1440.0, "w": 10080.0}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?|\.\d+)\s*(s|m|h|d|w)\s*$")
_COMPOUND = re.compile(r"(\d+(?:\.\d+)?|\.\d+)\s*(s|m|h|d|w)")


def parse_duration(value: object) -> float:
    """Minutes in a duration string such as ``"90s"``, ``"15m"``, ``"2h"``, ``"1h30m"``.

    A bare number is rejected on purpose: ``sla = 5`` is ambiguous (seconds? minutes?),
    and a crisis plan is the wrong place to guess.
    """
    if isinstance(value, bool) or not isinstance(value, str):
        raise ValueError(
            f'expected a duration string with a unit, such as "90s", "15m", "2h" or "3d", '
            f"got {value!r}"
        )
    if len(value) > 100:
        raise ValueError(f'expected a duration such as "2h", got {len(value)} characters')
    text = value.strip()
    match = _DURATION.match(text)
    if match:
        return _bounded(float(match.group(1)) * MINUTES_PER_UNIT[match.group(2)], value)
    parts = _COMPOUND.findall(text)
    if parts and _COMPOUND.sub("", text).strip() == "":
        return _bounded(sum(float(n) * MINUTES_PER_UNIT[u] for n, u in parts), value)
    raise ValueError(
        f'expected a duration with a unit (s, m, h, d, w), such as "90s", "15m", "2h" '
        f'or "1h30m", got {value!r}'
    )


def _bounded(minutes: float, value: str) -> float:
    if not minutes <= MAX_DURATION_MINUTES:  # also catches 10^400 days read as infinity
        raise ValueError(f"expected a duration of at most 3650d (ten years), got {value!r}")
    return minutes


def format_duration(minutes: float) -> str:
    """The shortest readable form of a duration, for tables and logs."""
    if not math.isfinite(minutes):
        return "∞"
    if minutes < 1:
        return f"{minutes * 60:.0f}s"
    if minutes < 120:
        return f"{minutes:.0f}m" if minutes == int(minutes) else f"{minutes:.1f}m"
    if minutes < 2880:
        return f"{minutes / 60:.1f}h".replace(".0h", "h")
    return f"{minutes / 1440:.1f}d".replace(".0d", "d")


Duration = Annotated[float, BeforeValidator(parse_duration)]
"""A duration field: written with a unit in TOML, held as minutes."""


class _Dist(BaseModel):
    # Built on first use, as the scenario sections are (`sim.model.section`).
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, defer_build=True)

    def mean(self) -> float:
        raise NotImplementedError

    def quantile(self, u: ArrayLike) -> NDArray[np.float64]:
        """Inverse CDF, vectorised: uniform draws in, durations (minutes) out."""
        raise NotImplementedError

    def sample(self, rng: np.random.Generator, n: int) -> NDArray[np.float64]:
        return self.quantile(rng.random(n))


class Fixed(_Dist):
    dist: Literal["fixed"] = "fixed"
    value: Duration

    def mean(self) -> float:
        return self.value

    def quantile(self, u: ArrayLike) -> NDArray[np.float64]:
        return np.full(np.shape(u), self.value, dtype=np.float64)


class Exponential(_Dist):
    dist: Literal["exponential"]
    mean_: Duration = Field(alias="mean")

    @model_validator(mode="after")
    def _positive(self) -> Exponential:
        if self.mean_ <= 0:
            raise ValueError("mean must be greater than zero")
        return self

    def mean(self) -> float:
        return self.mean_

    def quantile(self, u: ArrayLike) -> NDArray[np.float64]:
        return -self.mean_ * np.log1p(-np.asarray(u, dtype=np.float64))


class Lognormal(_Dist):
    """Parametrised by its own mean and standard deviation, as people quote handle times."""

    dist: Literal["lognormal"]
    mean_: Duration = Field(alias="mean")
    sd: Duration

    @model_validator(mode="after")
    def _positive(self) -> Lognormal:
        if self.mean_ <= 0 or self.sd <= 0:
            raise ValueError("mean and sd must be greater than zero")
        return self

    @property
    def sigma(self) -> float:
        return math.sqrt(math.log1p((self.sd / self.mean_) ** 2))

    @property
    def mu(self) -> float:
        return math.log(self.mean_) - self.sigma**2 / 2

    def mean(self) -> float:
        return self.mean_

    def quantile(self, u: ArrayLike) -> NDArray[np.float64]:
        z = ndtri(u)
        return np.asarray(np.exp(self.mu + self.sigma * z), dtype=np.float64)


class Gamma(_Dist):
    """Parametrised by mean and standard deviation (shape = (mean/sd)²)."""

    dist: Literal["gamma"]
    mean_: Duration = Field(alias="mean")
    sd: Duration

    @model_validator(mode="after")
    def _positive(self) -> Gamma:
        if self.mean_ <= 0 or self.sd <= 0:
            raise ValueError("mean and sd must be greater than zero")
        return self

    def mean(self) -> float:
        return self.mean_

    def quantile(self, u: ArrayLike) -> NDArray[np.float64]:
        shape = (self.mean_ / self.sd) ** 2
        scale = self.sd**2 / self.mean_
        from scipy import special  # here, not at start-up: few scenarios draw from a gamma

        x = special.gammaincinv(shape, np.asarray(u, dtype=np.float64))
        return np.asarray(x * scale, dtype=np.float64)


class Uniform(_Dist):
    dist: Literal["uniform"]
    low: Duration
    high: Duration

    @model_validator(mode="after")
    def _ordered(self) -> Uniform:
        if not 0 <= self.low <= self.high:
            raise ValueError("expected 0 <= low <= high")
        return self

    def mean(self) -> float:
        return (self.low + self.high) / 2

    def quantile(self, u: ArrayLike) -> NDArray[np.float64]:
        return self.low + (self.high - self.low) * np.asarray(u, dtype=np.float64)


Distribution = Annotated[
    Fixed | Exponential | Lognormal | Gamma | Uniform, Field(discriminator="dist")
]


def _bare_duration_is_fixed(value: Any) -> Any:
    if isinstance(value, str):
        return {"dist": "fixed", "value": value}
    return value


DistributionField = Annotated[Distribution, BeforeValidator(_bare_duration_is_fixed)]
"""A distribution table, or a bare duration meaning `fixed`."""


def day_number(start: datetime, at: datetime) -> int:
    """The simulated day `at` falls on, counting the run's first day as 1."""
    return (at.date() - start.date()).days + 1


def clock_label(start: datetime, minutes: float) -> str:
    """'Day 2 09:15': the simulated wall clock, counting days from the run's first."""
    at = start + timedelta(minutes=minutes)
    return f"Day {day_number(start, at)} {at:%H:%M}"


def counted(n: int, noun: str, plural: str = "") -> str:
    """'1 iteration', '3 iterations', '1,200 mentions': a count with its noun, agreed
    (`plural` where English has its own: counted(2, "person", "people"))."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"
