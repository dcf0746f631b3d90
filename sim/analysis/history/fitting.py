"""The whole fit of one history: baseline, bursts, and each burst's shape.

The baseline is fitted on whole hours without the bursts; each burst is then fitted on
the export's own buckets, from a little before its first hour to its end plus a tail
(cut short by the next burst), against the baseline's mean scaled by the level seen in
the hours just before it (the Cox level drifts, so the global average would misplace it).

A burst's "extra mentions" has one definition, `surge_extra`, used by the fit, its table,
the scenario's header and `fit --check` alike: the mentions in the burst's window (from
its fitted start to the end of its tail) minus the baseline's mean there, at the level of
the hours just before it (`local_level`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from sim.analysis.history.baseline import BaselineFit
from sim.analysis.history.bursts import Burst, fit_with_bursts
from sim.analysis.history.series import HOUR, Hourly, Series
from sim.analysis.history.shapes import ShapeFit, Window, find_start, fit_shape, viral_per_seed
from sim.engine import arrivals

TAIL_HOURS = 12  # hours of decay fitted after a burst's last hour
SIZE_FACTOR = 2.0  # a written cascade replays the extra seen within this factor, on average
MAX_WINDOW_HOURS = 7 * 24
LEVEL_HOURS = 6  # hours before a burst that set its local baseline level


@dataclass(frozen=True)
class SurgeFit:
    burst: Burst
    at: float  # UTC epoch seconds of the fitted start
    fit: ShapeFit
    window: Window
    observed: float  # extra mentions in the window, counted (`surge_extra`)
    expected: float  # extra mentions the written surge gives in the window, on average
    # A cascade's seeds as written when the fitted ones, run forward, would not replay the
    # burst's size (beyond SIZE_FACTOR): raised or cut so the average run gives the extra seen.
    replay_seeds: float | None = None
    level: float = 1.0  # the baseline's level in the hours before it (`local_level`)

    @property
    def until(self) -> float:
        """UTC epoch seconds of the window's end: the extra is counted in [at, until)."""
        return self.at + len(self.window.counts) * self.window.width * 60

    @property
    def base_at_one(self) -> NDArray[np.float64]:
        """The baseline's mean per bucket of the window at level 1."""
        return np.asarray(self.window.base / self.level, np.float64)


def surge_extra(
    counts: NDArray[np.float64], base_at_one: NDArray[np.float64], level: float
) -> float:
    """A burst's extra mentions: counts minus the baseline's mean at `level`, summed over
    the buckets counted (an unknown bucket counts for neither)."""
    return float(np.nansum(counts - base_at_one * level))


def written_extra(fit: ShapeFit, minutes: float) -> float:
    """Mentions a fitted shock's rate gives in its first `minutes`, as the engine plays it."""
    p = fit.params
    if fit.form == "exponential":
        shape: arrivals.RateShape = arrivals.ShockExponential(
            0.0, p["peak_per_hour"].value, p["half_life"].value
        )
    else:
        shape = arrivals.ShockPowerLaw(
            0.0, p["peak_per_hour"].value, p["tau"].value, p["theta"].value
        )
    return shape.expected(0.0, minutes)


@dataclass(frozen=True)
class HistoryFit:
    source: str
    series: Series
    hourly: Hourly
    baseline: BaselineFit
    surges: list[SurgeFit] = field(default_factory=list)

    @property
    def start(self) -> float:
        return self.hourly.start

    @property
    def hours(self) -> int:
        return len(self.hourly.counts)


def fine_base(series: Series, baseline: BaselineFit) -> NDArray[np.float64]:
    """The baseline's mean count in each fine bucket (its level at 1)."""
    t = series.start + np.arange(len(series.counts)) * series.width
    hours = np.floor(t / HOUR)
    hod = (hours % 24).astype(np.int64)
    dow = ((hours // 24 + 3) % 7).astype(np.int64)
    per_hour = baseline.per_hour.value * np.asarray(baseline.daily)[hod]
    return np.asarray(per_hour * np.asarray(baseline.weekly)[dow] * series.width / HOUR, np.float64)


def local_level(hourly: Hourly, baseline: BaselineFit, b: Burst, busy: NDArray[np.bool_]) -> float:
    """The baseline's level in the `LEVEL_HOURS` before burst `b` (hours of other bursts,
    `busy`, left out): seen counts over the baseline's mean, within 1/4 and 4."""
    lo = max(0, b.start - LEVEL_HOURS)
    idx = [h for h in range(lo, b.start) if not busy[h] and np.isfinite(hourly.counts[h])]
    if not idx:
        return 1.0
    mu = baseline.expected(hourly)[idx]
    return float(np.clip(hourly.counts[idx].sum() / mu.sum(), 0.25, 4.0))


def fit_history(source: str, series: Series) -> HistoryFit:
    hourly = series.hourly()
    baseline, bursts = fit_with_bursts(hourly)
    base = fine_base(series, baseline)
    per_hour = series.per_hour
    offset = round((hourly.start - series.start) / series.width)  # fine index of hour 0
    busy = np.zeros(len(hourly.counts), dtype=bool)
    for b in bursts:
        busy[b.start : b.end + 1] = True
    surges: list[SurgeFit] = []
    for i, b in enumerate(bursts):
        stop_h = min(b.end + 1 + TAIL_HOURS, b.start + MAX_WINDOW_HOURS, len(hourly.counts))
        if i + 1 < len(bursts):
            stop_h = min(stop_h, bursts[i + 1].start)
        first = max(offset + (b.start - 1) * per_hour, 0)
        stop = offset + stop_h * per_hour
        level = local_level(hourly, baseline, b, busy)
        rho = baseline.correlation(series.width / HOUR)  # bucket to bucket
        w = Window(
            series.counts[first:stop],
            base[first:stop] * level,
            series.width / 60,
            baseline.volatility.value,
            rho,
        )
        lookback = min((b.peak - b.start + 2) * per_hour, len(w.counts) - 4)
        sd = np.sqrt(w.base + (baseline.volatility.value * w.base) ** 2)
        s = find_start(w, sd, max(lookback, 0))
        w = w.tail(s)
        fit = fit_shape(w)
        observed = surge_extra(w.counts, w.base / level, level)
        replay = None
        if fit.shape == "viral":
            per_seed = viral_per_seed(fit.params, len(w.counts) * w.width)
            expected = fit.params["seed_posts"].value * per_seed
            if not observed / SIZE_FACTOR <= expected <= observed * SIZE_FACTOR:
                replay = max(observed, 1.0) / per_seed
                expected = max(1, round(replay)) * per_seed  # as written
        else:
            expected = written_extra(fit, len(w.counts) * w.width)
        at = series.start + (first + s) * series.width
        surges.append(SurgeFit(b, at, fit, w, observed, expected, replay, level))
    return HistoryFit(source, series, hourly, baseline, surges)
