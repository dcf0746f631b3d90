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
from sim.analysis.history.fitting import HistoryFit, local_level, surge_extra
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

SURGE_NOTES: Final = (
    "extra: mentions above the baseline (at its level in the 6 hours before the burst) from "
    "the burst's fitted start to the end of its window, as the fit counts them; simulated: "
    "the same count in each simulation.",
    "halves in: hours from the burst's busiest hour until its extra volume an hour first "
    "falls to half (seen / simulated median); 1h = within the next hour. far: what was seen "
    "lies outside the simulated 90% band.",
)
"""What the surge table's columns mean, under the table wherever it is shown."""
FAR: Final = "far"


@dataclass(frozen=True)
class SurgeCheck:
    """One burst seen against the simulations, both measured by the fit's `surge_extra`
    over the same window (from the burst's fitted start to the end of its tail)."""

    index: int
    start_hour: int
    observed: float  # the burst's extra mentions, as the fit counts them
    simulated: tuple[float, float, float]  # 5%, median, 95% of the same, simulated
    decay_observed: float  # hours from the busiest hour until the extra volume halves
    decay_simulated: float
    window_hours: float = 0.0  # the window's length

    @property
    def halves(self) -> str:
        """`1h / 2h`: the decay seen / simulated, as the table shows it."""

        def hours(x: float) -> str:
            return "n/a" if x != x else f"{x:.0f}h"

        return f"{hours(self.decay_observed)} / {hours(self.decay_simulated)}"

    @property
    def outside(self) -> bool:
        """What was seen lies outside the simulated 90% band."""
        lo, _, hi = self.simulated
        return not lo <= self.observed <= hi


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
    instead, when given: the predictive band's resampled baselines)."""
    return simulate(sc, seeds, hours, variants)[0]


def simulate(
    sc: Scenario,
    seeds: int,
    hours: int,
    variants: Sequence[Scenario] = (),
    windows: Sequence[tuple[float, float]] = (),
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Arrivals per hour (seeds x hours), and in each of `windows` (minutes from the
    start, [from, to); seeds x windows), of all sources together.

    A Poisson source's count in an hour is Poisson with the integral of its rate (its
    Cox level included) as mean, so counts are drawn directly rather than as times;
    cascades are drawn whole, as a run draws them. A window's count is drawn after the
    hours' from the same source and level (the hours' draws stay as they were).
    """
    out = np.zeros((seeds, hours))
    spans = np.zeros((seeds, len(windows)))
    end = hours * 60.0
    for seed in range(seeds):
        total = np.zeros(hours)
        for src in build_sources(variants[seed] if variants else sc, seed):
            if src.shape is not None:
                shape = src.shape
                means = np.array([shape.expected(h * 60.0, (h + 1) * 60.0) for h in range(hours)])
                total += src.rng.poisson(means)
                if windows:
                    spans[seed] += src.rng.poisson([shape.expected(a, b) for a, b in windows])
            elif src.cascade is not None:
                t = src.cascade[0]
                idx = (t[t < end] // 60).astype(np.int64)
                total += np.bincount(idx, minlength=hours)[:hours]
                spans[seed] += [np.count_nonzero((t >= a) & (t < b)) for a, b in windows]
        out[seed] = total
    return out, spans


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
    windows = [((s.at - hourly.start) / 60, (s.until - hourly.start) / 60) for s in fit.surges]
    sims, spans = simulate(sc, seeds, n, variants, windows)
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
    surges = [
        _surge_check(i, fit, hourly, sims, spans[:, i - 1]) for i in range(1, len(windows) + 1)
    ]
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
    index: int,
    fit: HistoryFit,
    hourly: Hourly,
    sims: NDArray[np.float64],
    span: NDArray[np.float64],
) -> SurgeCheck:
    """Burst `index` seen and simulated, each measured as the fit measures it: the
    window's mentions (`span`, one a simulation) minus the baseline's mean there at the
    level of the hours before the burst, each simulation's own level from its own hours."""
    s = fit.surges[index - 1]
    busy = np.zeros(len(hourly.counts), dtype=bool)
    for other in fit.surges:
        busy[other.burst.start : other.burst.end + 1] = True
    levels = np.array(
        [local_level(Hourly(hourly.start, row), fit.baseline, s.burst, busy) for row in sims]
    )
    base = float(np.sum(s.base_at_one))
    totals = np.array(
        [
            surge_extra(np.array([n]), np.array([base]), lv)
            for n, lv in zip(span, levels, strict=True)
        ]
    )
    lo, mid, hi = np.quantile(totals, [0.05, 0.5, 0.95], method=BAND_QUANTILES)
    # The decay, hour by hour from the hour the burst starts in, on the same baseline.
    h0 = max(int((s.at - hourly.start) // HOUR), 0)
    stop = min(max(h0 + 1, int(np.ceil((s.until - hourly.start) / HOUR))), len(hourly.counts))
    expected = fit.baseline.expected(hourly)[h0:stop]
    seen = hourly.counts[h0:stop] - expected * s.level
    simulated = sims[:, h0:stop] - expected[None, :] * levels[:, None]
    return SurgeCheck(
        index=index,
        start_hour=h0,
        observed=s.observed,
        simulated=(float(lo), float(mid), float(hi)),
        decay_observed=_decay(seen),
        decay_simulated=_decay(np.median(simulated, axis=0)),
        window_hours=(s.until - s.at) / HOUR,
    )
