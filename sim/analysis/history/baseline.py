"""The everyday flow fitted robustly: level, daily and weekly profiles, and the Cox level.

The model is the scenario's: count_h ~ Poisson(level * daily[hour] * weekly[day] * L_h),
with L a log-normal AR(1) level (see `sim.engine.arrivals.cox`). Profiles are medians of
ratios (median polish), so the few burst hours cannot pull them; burst hours are also
masked out by the caller. The level's spread and memory come from the log ratios: their
variance is the level's plus Poisson noise (about 1/mu for a count of mean mu), which is
taken off, and their lag-1 autocorrelation is scaled up by the same share; when the
residuals keep memory over days too, the level gets a second, slow part (`memory`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import optimize

from sim.analysis.history.memory import fit_memory
from sim.analysis.history.series import Hourly

Z95 = 1.959964
MAD_SD = 1.4826  # a normal's sd per median absolute deviation
Z90 = 1.644854  # a normal's 95% quantile: its 5% to 95% spread is 2 * Z90


@dataclass(frozen=True)
class Estimate:
    """A fitted number with its 95% interval."""

    value: float
    low: float
    high: float

    def covers(self, x: float) -> bool:
        return self.low <= x <= self.high

    def text(self) -> str:
        """The value and its interval in three figures; an open bound says so."""
        scale = max(abs(self.value), 1.0)
        low = "0" if abs(self.low) < 1e-9 * scale else figure(self.low)
        high = "no upper bound" if self.high > 1e9 * scale else figure(self.high)
        return f"{figure(self.value)} (95% CI {low} to {high})"


def figure(x: float) -> str:
    """Three significant figures, without an exponent below a million (3,080, not 3.08e+03)."""
    if 1000 <= abs(x) < 1e6:
        return f"{float(f'{x:.3g}'):,.0f}"
    return f"{x:.3g}"


@dataclass(frozen=True)
class BaselineFit:
    per_hour: Estimate
    daily: tuple[float, ...]  # 24 multipliers, mean 1, UTC hours
    weekly: tuple[float, ...]  # 7 multipliers, mean 1, Monday first
    volatility: Estimate  # sd of the log level
    half_life_h: Estimate  # hours for a log deviation to halve
    hours_used: int
    robust_sd: float  # the level's sd from the median deviation: what bursts stand out from
    # The level's slow part (busy days), when the history shows one (`memory`): its sd,
    # part of `volatility` (the whole level's), and its half-life. Zero: one time scale.
    slow_volatility: Estimate = Estimate(0.0, 0.0, 0.0)
    slow_half_life_h: Estimate = Estimate(0.0, 0.0, 0.0)

    def correlation(self, lag_h: float) -> float:
        """The level's autocorrelation `lag_h` hours apart: the fast part's and the slow
        part's exponentials, weighted by their shares of its variance."""
        total = self.volatility.value**2
        w = self.slow_volatility.value**2 / total if total > 0 else 0.0
        fast = math.pow(0.5, lag_h / self.half_life_h.value)
        slow = math.pow(0.5, lag_h / self.slow_half_life_h.value) if w > 0 else 0.0
        return (1 - w) * fast + w * slow

    @property
    def fast_volatility(self) -> float:
        """The sd of the level's fast part: the whole level's, the slow part's taken off."""
        return math.sqrt(max(self.volatility.value**2 - self.slow_volatility.value**2, 0.0))

    def expected(self, hourly: Hourly) -> NDArray[np.float64]:
        """Mean count of each hour of `hourly` (the level at its average of 1)."""
        d = np.asarray(self.daily)[hourly.hour_of_day]
        w = np.asarray(self.weekly)[hourly.day_of_week]
        return np.asarray(self.per_hour.value * d * w, np.float64)

    def log_ratio(self, hourly: Hourly) -> NDArray[np.float64]:
        """log(count / expected) per hour, with the level's mean log (-sigma^2/2) taken off."""
        mu = self.expected(hourly)
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.log((hourly.counts + 0.5) / (mu + 0.5))
        return np.asarray(r + self.volatility.value**2 / 2, np.float64)


def _normalised(x: NDArray[np.float64]) -> NDArray[np.float64]:
    x = np.where(np.isfinite(x) & (x > 0), x, np.nan)
    fill = np.nanmedian(x) if np.isfinite(np.nanmedian(x)) else 1.0
    x = np.where(np.isnan(x), fill, x)
    return np.asarray(x / x.mean(), np.float64)


def _profiles(
    c: NDArray[np.float64], hod: NDArray[np.int64], dow: NDArray[np.int64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    daily = np.ones(24)
    weekly = np.ones(7)
    for _ in range(4):  # median polish on the multiplicative scale
        ratio = c / weekly[dow]
        daily = _normalised(np.array([_median(ratio[hod == k]) for k in range(24)]))
        ratio = c / daily[hod]
        weekly = _normalised(np.array([_median(ratio[dow == k]) for k in range(7)]))
    return daily, weekly


def _median(x: NDArray[np.float64]) -> float:
    return float(np.median(x)) if len(x) else math.nan


def fit_baseline(
    hourly: Hourly, keep: NDArray[np.bool_] | None = None, two_scales: bool = True
) -> BaselineFit:
    """Fit the baseline on the covered hours of `hourly` that `keep` allows (default all);
    `two_scales` False skips looking for the level's slow part (the rounds that only find
    bursts do not need it)."""
    counts = hourly.counts
    use = np.isfinite(counts) if keep is None else np.isfinite(counts) & keep
    if use.sum() < 48:
        raise ValueError("a baseline needs at least two days of history outside surges")
    c, hod, dow = counts[use], hourly.hour_of_day[use], hourly.day_of_week[use]
    daily, weekly = _profiles(c, hod, dow)
    shape = daily[hod] * weekly[dow]
    ratio = c / shape
    level = float(ratio.mean())
    mu = level * shape
    r = np.log((c + 0.5) / (mu + 0.5))
    centred = r - np.median(r)
    # The 31 profile multipliers soak up some of the level's variance: give it back.
    df = math.sqrt(len(c) / max(len(c) - 31, 1))
    sigma = _volatility(centred, mu, _spread90) * df
    robust = _volatility(centred, mu, _spread_mad) * df
    total_var = sigma**2 + float(np.mean(1.0 / (mu + 0.5)))
    inflate = total_var / max(sigma**2, 1e-9)
    phi = _persistence(hourly, use, r, inflate)
    n = int(use.sum())
    n_eff = max(n * (1 - phi) / (1 + phi), 2.0)
    se_level = float(ratio.std()) / math.sqrt(n_eff)
    se_sigma = math.sqrt(total_var) / math.sqrt(2 * n_eff)  # conservative near sigma = 0
    se_phi = math.sqrt(max(1 - phi * phi, 1e-6) / n)
    full = np.full(len(counts), np.nan)
    full[use] = r
    mem = fit_memory(full, inflate) if sigma > 0 and two_scales else None
    slow = (Estimate(0.0, 0.0, 0.0), Estimate(0.0, 0.0, 0.0))
    if mem is not None and mem.slow_share > 0:
        phi, se_phi = mem.phi_fast, mem.se_phi_fast
        share = Estimate(
            mem.slow_share,
            max(mem.slow_share - Z95 * mem.se_share, 0.0),
            min(mem.slow_share + Z95 * mem.se_share, 1.0),
        )
        slow = (
            Estimate(*(sigma * math.sqrt(x) for x in (share.value, share.low, share.high))),
            _half_life_estimate(mem.phi_slow, mem.se_phi_slow),
        )
        # Busy days make fewer independent hours: n over the level's summed autocorrelation.
        w, f, sl = mem.slow_share, mem.phi_fast, mem.phi_slow
        n_eff = max(n / ((1 - w) * (1 + f) / (1 - f) + w * (1 + sl) / (1 - sl)), 2.0)
        se_level = float(ratio.std()) / math.sqrt(n_eff)
        se_sigma = math.sqrt(total_var) / math.sqrt(2 * n_eff)
    return BaselineFit(
        per_hour=Estimate(level, level - Z95 * se_level, level + Z95 * se_level),
        daily=tuple(float(x) for x in daily),
        weekly=tuple(float(x) for x in weekly),
        volatility=Estimate(sigma, max(sigma - Z95 * se_sigma, 0.0), sigma + Z95 * se_sigma),
        half_life_h=_half_life_estimate(phi, se_phi),
        hours_used=n,
        robust_sd=robust,
        slow_volatility=slow[0],
        slow_half_life_h=slow[1],
    )


def _half_life_estimate(phi: float, se: float) -> Estimate:
    return Estimate(
        _half_life(phi),
        _half_life(max(phi - Z95 * se, 0.01)),
        _half_life(min(phi + Z95 * se, 0.999)),
    )


def _spread90(z: NDArray[np.float64]) -> float:
    """The 5% to 95% spread, in units of a standard normal's."""
    low, high = np.quantile(z, [0.05, 0.95])
    return float(high - low) / (2 * Z90)


def _spread_mad(z: NDArray[np.float64]) -> float:
    return MAD_SD * float(np.median(np.abs(z)))


def _volatility(
    centred: NDArray[np.float64],
    mu: NDArray[np.float64],
    spread: Callable[[NDArray[np.float64]], float],
) -> float:
    """The level's sd: the sigma at which the log ratios, each scaled by its own sd
    sqrt(sigma^2 + 1/mu) (level plus Poisson noise), have the `spread` of a standard
    normal. The fit's volatility matches the 5% to 95% spread, so the simulated 90% band
    is as wide as the history's (real residuals have heavier shoulders than a normal, and
    the band is what a plan is sized on); finding bursts uses the median deviation, which
    the bursts themselves cannot inflate."""
    noise = 1.0 / (mu + 0.5)

    def excess(sigma: float) -> float:
        return spread(centred / np.sqrt(sigma**2 + noise)) - 1.0

    if excess(0.0) <= 0:
        return 0.0
    return float(optimize.brentq(excess, 0.0, 10.0, xtol=1e-6))


def _persistence(
    hourly: Hourly, use: NDArray[np.bool_], r: NDArray[np.float64], inflate: float
) -> float:
    """The level's lag-1 autocorrelation, from consecutive hours both in use."""
    full = np.full(len(hourly.counts), np.nan)
    full[use] = r - np.median(r)
    a, b = full[:-1], full[1:]
    both = np.isfinite(a) & np.isfinite(b)
    if both.sum() < 10:
        return 0.5
    rho = float(np.corrcoef(a[both], b[both])[0, 1]) * inflate
    return min(max(rho, 0.01), 0.99)


def _half_life(phi: float) -> float:
    """Hours for a log deviation to halve, at hourly persistence `phi`."""
    return math.log(2) / -math.log(phi)
