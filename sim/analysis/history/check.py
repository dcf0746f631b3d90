"""Checking a fit against what happened: simulate the fitted traffic, compare with the history.

The fitted scenario's arrivals come from the engine's own sources (the same rate
shapes, Cox level and cascades a run uses) for many seeds, counted per hour, and the
history is held against them: the share of hours inside the simulated 90% band
(coverage), the correlation of the daily and weekly shapes, and each surge's size and
decay against the simulations'. Only arrival times are drawn: a check needs no team.
Each simulation's baseline is refitted on a resample of the history's weeks
(`predictive`): the band is a forecast's, with the fit's own uncertainty in it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import NDArray

from sim.analysis.history.bursts import burst_mask, find_bursts
from sim.analysis.history.fitting import HistoryFit
from sim.analysis.history.predictive import resampled_baselines, with_baseline
from sim.analysis.history.series import HOUR, Hourly
from sim.engine.sources import build_sources
from sim.model.scenario import Scenario

# The band's edges from a few dozen simulations: the k-th smallest of n draws sits, on
# average, at the k / (n + 1) quantile (the Weibull plotting position), so taking the
# 5% and 95% edges at those positions gives a band that holds 90% of a new draw whatever
# n is. numpy's default interpolation puts them at (k - 1) / (n - 1), a band that holds
# only about 86% at n = 40: too narrow by the simulations' own noise.
BAND_QUANTILES: Final = "weibull"


@dataclass(frozen=True)
class SurgeCheck:
    index: int
    start_hour: int
    observed: float  # extra mentions over the baseline in its hours
    simulated: tuple[float, float, float]  # 5%, median, 95% of the same
    decay_observed: float  # hours from the peak until the extra volume halves
    decay_simulated: float


@dataclass(frozen=True)
class Check:
    hourly: Hourly  # the history's hours that were checked
    low: NDArray[np.float64]  # the simulated 5% quantile per hour
    median: NDArray[np.float64]
    high: NDArray[np.float64]  # the 95% quantile
    ordinary: NDArray[np.bool_]  # hours outside bursts (and labelled windows)
    coverage_all: float
    coverage: float  # over ordinary hours
    daily_corr: float
    weekly_corr: float
    surges: list[SurgeCheck]
    seeds: int


def simulate_hourly(
    sc: Scenario, seeds: int, hours: int, variants: Sequence[Scenario] = ()
) -> NDArray[np.float64]:
    """Arrivals per hour of the scenario, one row per seed (seed i plays `variants[i]`
    instead, when given: the predictive band's resampled baselines).

    A Poisson source's count in an hour is Poisson with the integral of its rate (its
    Cox level included) as mean, so counts are drawn directly rather than as times;
    cascades are drawn whole, as a run draws them.
    """
    out = np.zeros((seeds, hours))
    end = hours * 60.0
    for seed in range(seeds):
        total = np.zeros(hours)
        for src in build_sources(variants[seed] if variants else sc, seed):
            if src.shape is not None:
                shape = src.shape
                means = np.array([shape.expected(h * 60.0, (h + 1) * 60.0) for h in range(hours)])
                total += src.rng.poisson(means)
            elif src.cascade is not None:
                t = src.cascade[0]
                idx = (t[t < end] // 60).astype(np.int64)
                total += np.bincount(idx, minlength=hours)[:hours]
        out[seed] = total
    return out


def band(sims: NDArray[np.float64]) -> tuple[NDArray[np.float64], ...]:
    """The simulated 5%, 50% and 95% quantiles of each column (hour) of `sims`."""
    return tuple(np.quantile(sims, [0.05, 0.5, 0.95], axis=0, method=BAND_QUANTILES))


def _corr(a: NDArray[np.float64], b: NDArray[np.float64]) -> float:
    ok = np.isfinite(a) & np.isfinite(b)
    if ok.sum() < 3 or np.std(a[ok]) == 0 or np.std(b[ok]) == 0:
        return float("nan")
    return float(np.corrcoef(a[ok], b[ok])[0, 1])


def _profile(values: NDArray[np.float64], keys: NDArray[np.int64], n: int) -> NDArray[np.float64]:
    """The median per key: a profile is what a typical day looks like, which one odd
    hour left among a week's few values should not bend (as the fit's own profiles)."""
    out = np.full(n, np.nan)
    for k in range(n):
        sel = values[keys == k]
        sel = sel[np.isfinite(sel)]
        if len(sel):
            out[k] = np.median(sel)
    return out


def _decay(excess: NDArray[np.float64]) -> float:
    """Hours from the largest extra volume until it first falls to half of it."""
    if not len(excess) or not np.isfinite(excess).any():
        return float("nan")
    peak = int(np.nanargmax(excess))
    below = np.flatnonzero(excess[peak:] <= excess[peak] / 2)
    return float(below[0]) if len(below) else float("nan")


def check_fit(
    fit: HistoryFit,
    sc: Scenario,
    hourly: Hourly,
    seeds: int,
    first_hour: int = 0,
    excluded: NDArray[np.bool_] | None = None,
) -> Check:
    """Compare `hourly` (the whole history, on the fit's clock) with `seeds` simulations of
    `sc`, over its hours from `first_hour` (the held-out part, or all of it)."""
    n = len(hourly.counts)
    variants = [with_baseline(sc, fit.baseline, b) for b in resampled_baselines(fit, seeds)]
    sims = simulate_hourly(sc, seeds, n, variants)
    low, median, high = band(sims)
    part = slice(first_hour, n)
    obs = hourly.counts[part]
    base = fit.baseline
    ordinary = np.isfinite(obs)
    busy = burst_mask(n, find_bursts(hourly, base))  # the held-out part's bursts too
    ordinary &= ~busy[part]
    if excluded is not None:
        ordinary &= ~excluded[part]
    inside = (obs >= low[part]) & (obs <= high[part])
    finite = np.isfinite(obs)
    checked = hourly.slice(first_hour, n)
    hod, dow = checked.hour_of_day, checked.day_of_week
    quiet = np.where(ordinary, obs, np.nan)
    daily_obs = _profile(quiet / np.asarray(base.weekly)[dow], hod, 24)
    weekly_obs = _profile(quiet / np.asarray(base.daily)[hod], dow, 7)
    surges = [_surge_check(i, fit, hourly, sims, s.at) for i, s in enumerate(fit.surges, 1)]
    return Check(
        hourly=checked,
        low=low[part],
        median=median[part],
        high=high[part],
        ordinary=ordinary,
        coverage_all=float(inside[finite].mean()) if finite.any() else float("nan"),
        coverage=float(inside[ordinary].mean()) if ordinary.any() else float("nan"),
        daily_corr=_corr(np.asarray(base.daily), daily_obs),
        weekly_corr=_corr(np.asarray(base.weekly), weekly_obs),
        surges=surges,
        seeds=seeds,
    )


def _surge_check(
    index: int, fit: HistoryFit, hourly: Hourly, sims: NDArray[np.float64], at: float
) -> SurgeCheck:
    s = fit.surges[index - 1]
    h0 = max(int((at - hourly.start) // HOUR), 0)
    hours = max(1, round(len(s.window.counts) * s.window.width / 60))
    span = slice(h0, min(h0 + hours, len(hourly.counts)))
    expected = fit.baseline.expected(hourly)[span]
    observed = hourly.counts[span] - expected
    simulated = sims[:, span] - expected
    totals = np.nansum(simulated, axis=1)
    lo, mid, hi = np.quantile(totals, [0.05, 0.5, 0.95], method=BAND_QUANTILES)
    return SurgeCheck(
        index=index,
        start_hour=h0,
        observed=float(np.nansum(observed)),
        simulated=(float(lo), float(mid), float(hi)),
        decay_observed=_decay(observed),
        decay_simulated=_decay(np.median(simulated, axis=0)),
    )
