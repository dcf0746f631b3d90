"""Finding the surges in a history: hours far above what the baseline (with its own
volatility) makes likely, grown to where they start and end.

An hour is a burst's core when its log ratio to the baseline is more than `CORE` standard
deviations up, counting both the Cox level's spread and the Poisson noise of its count;
the burst then runs back and forward while the ratio stays `EDGE` deviations up. The
baseline is fitted, the bursts found, and the baseline fitted again without them, twice,
so neither pulls the other.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from sim.analysis.history.baseline import BaselineFit, fit_baseline
from sim.analysis.history.series import Hourly

CORE = 4.0  # deviations up for an hour to start a burst
EDGE = 1.0  # deviations up for an hour to belong to one
MERGE_GAP = 3  # bursts fewer hours apart than this are one
MIN_RATIO = 3.0  # a core hour has at least three times the baseline's volume
MIN_EXCESS_HOURS = 2.0  # a burst brings at least two average hours of extra volume


@dataclass(frozen=True)
class Burst:
    """Hour indices into the series: first hour, busiest hour, last hour (inclusive)."""

    start: int
    peak: int
    end: int


def zscores(hourly: Hourly, fit: BaselineFit) -> NDArray[np.float64]:
    mu = fit.expected(hourly)
    sd = np.sqrt(fit.robust_sd**2 + 1.0 / (mu + 0.5))
    return np.asarray(fit.log_ratio(hourly) / sd, np.float64)


def find_bursts(hourly: Hourly, fit: BaselineFit) -> list[Burst]:
    z = np.nan_to_num(zscores(hourly, fit), nan=0.0)
    ratio = np.nan_to_num(hourly.counts / fit.expected(hourly), nan=0.0)
    core = (z > CORE) & (ratio > MIN_RATIO)
    edge = z > EDGE
    bursts: list[Burst] = []
    h, n = 0, len(z)
    while h < n:
        if not core[h]:
            h += 1
            continue
        start = h
        while start > 0 and edge[start - 1]:
            start -= 1
        end = h
        while end + 1 < n and (edge[end + 1] or core[end + 1]):
            end += 1
        if bursts and start - bursts[-1].end <= MERGE_GAP:
            start = bursts.pop().start
        excess = hourly.counts[start : end + 1] - fit.expected(hourly)[start : end + 1]
        peak = start + int(np.nanargmax(excess))
        if np.nansum(excess) >= MIN_EXCESS_HOURS * fit.per_hour.value:
            bursts.append(Burst(start, peak, end))
        h = end + 1
    return bursts


def burst_mask(n: int, bursts: list[Burst], after: int = 3) -> NDArray[np.bool_]:
    """True for hours in a burst (and `after` hours past its end, where a tail lingers)."""
    mask = np.zeros(n, dtype=bool)
    for b in bursts:
        mask[b.start : min(n, b.end + 1 + after)] = True
    return mask


def fit_with_bursts(hourly: Hourly) -> tuple[BaselineFit, list[Burst]]:
    """The baseline fitted without the bursts it reveals, and those bursts."""
    fit = fit_baseline(hourly, two_scales=False)
    bursts: list[Burst] = []
    for last in (False, False, True):
        bursts = find_bursts(hourly, fit)
        fit = fit_baseline(hourly, ~burst_mask(len(hourly.counts), bursts), two_scales=last)
    return fit, bursts
