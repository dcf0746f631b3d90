"""The check's forecast carries the fit's own uncertainty: a predictive band, not a plug-in one.

A band drawn from the fitted numbers alone (level, daily and weekly profiles, the level's
spread) treats them as known. They are estimates from a few weeks: each weekday's
multiplier is a median of about seven days, and days differ (busy and quiet days), so
the profile a held-out week follows is not quite the fitted one. Hours the fit was not
made on then fall outside a plug-in band more often than its nominal 10%. The check
therefore draws each simulation's baseline from the fit's sampling distribution, by a
bootstrap over whole weeks of the fitted hours (weeks keep the weekly cycle and the
level's memory within them, and are nearly independent of each other), refitting the
baseline on each resample exactly as the fit does; the simulations' band is then the
predictive band of the fitted model, parameter uncertainty included.
"""

from __future__ import annotations

import math

import numpy as np

from sim.analysis.history.baseline import BaselineFit, fit_baseline
from sim.analysis.history.bursts import burst_mask
from sim.analysis.history.fitting import HistoryFit
from sim.analysis.history.series import Hourly
from sim.model.scenario import Scenario

WEEK = 7 * 24  # hours in a bootstrap block
BOOTSTRAP_SEED = 13  # the resamples' own stream: a check is reproducible


def resampled_baselines(fit: HistoryFit, n: int) -> list[BaselineFit]:
    """`n` baselines refitted on week-block resamples of the fitted hours (burst hours
    left out, as the fit leaves them). Fewer than two whole weeks: the fit's own, n times
    (a bootstrap over one block says nothing)."""
    hourly = fit.hourly
    hours = len(hourly.counts)
    weeks = hours // WEEK
    if weeks < 2:
        return [fit.baseline] * n
    keep = ~burst_mask(hours, [s.burst for s in fit.surges])
    rng = np.random.default_rng(np.random.SeedSequence(BOOTSTRAP_SEED))
    out = []
    slots = math.ceil(hours / WEEK)
    for _ in range(n):
        # Every whole week starts at the same hour of the week, so any week fits any slot.
        pick = rng.integers(0, weeks, size=slots)
        idx = (pick[:, None] * WEEK + np.arange(WEEK)[None, :]).ravel()[:hours]
        sample = Hourly(hourly.start, hourly.counts[idx])
        try:
            out.append(fit_baseline(sample, keep[idx], two_scales=False))
        except ValueError:  # too few usable hours in this resample
            out.append(fit.baseline)
    return out


def with_baseline(sc: Scenario, fitted: BaselineFit, b: BaselineFit) -> Scenario:
    """`sc` with its baseline's fitted numbers replaced by `b`'s; the level's slow part
    keeps the fitted share of its spread (the resamples refit one time scale)."""
    base = sc.baseline
    if base is None:
        return sc
    total = fitted.volatility.value
    slow_share = (fitted.slow_volatility.value / total) ** 2 if total > 0 else 0.0
    sigma = b.volatility.value
    update = {
        "per_hour": b.per_hour.value,
        "daily_profile": list(b.daily),
        "weekly_profile": list(b.weekly),
        "volatility": sigma * math.sqrt(1 - slow_share),
        "slow_volatility": sigma * math.sqrt(slow_share) if base.slow_volatility > 0 else 0.0,
    }
    return sc.model_copy(update={"baseline": base.model_copy(update=update)})
