"""The check's predictive band: each simulation's baseline is refitted on a resample of
whole weeks, so the band carries the fit's own uncertainty."""

from __future__ import annotations

import dataclasses

import numpy as np

from sim.analysis.history.baseline import Estimate
from sim.analysis.history.fitting import fit_history
from sim.analysis.history.predictive import resampled_baselines, with_baseline
from sim.model.loading import parse_scenario
from tests.sim.analysis.history.synthetic import history_of

FOUR_WEEKS = """
[scenario]
name = "four weeks"
duration = "28d"
[baseline]
per_hour = 100
daily_profile = "consumer"
volatility = 0.3
level_half_life = "2h"
"""


def test_resampled_weeks_spread_the_level_as_its_own_interval_says() -> None:
    """The bootstrap over weeks and the fit's interval (from the level's effective number
    of hours) are two estimates of one sampling error: they agree within a factor of 2.
    The resamples are the same on every call (their own seeded stream)."""
    fit = fit_history("synthetic", history_of(FOUR_WEEKS, 3))
    draws = resampled_baselines(fit, 60)
    assert [b.per_hour.value for b in draws] == [
        b.per_hour.value for b in resampled_baselines(fit, 60)
    ]
    boot_sd = float(np.std([b.per_hour.value for b in draws], ddof=1))
    est = fit.baseline.per_hour
    own_sd = (est.high - est.low) / (2 * 1.959964)
    assert 0.5 * own_sd <= boot_sd <= 2.0 * own_sd, (boot_sd, own_sd)
    # Profiles vary too, around the fitted ones, and stay multipliers of mean 1.
    weekly = np.array([b.weekly for b in draws])
    assert np.allclose(weekly.mean(axis=1), 1.0)
    assert 0.0 < float(weekly.std(axis=0).mean()) < 0.2
    assert np.allclose(weekly.mean(axis=0), fit.baseline.weekly, atol=0.1)


def test_under_two_whole_weeks_the_fit_is_its_own_only_draw() -> None:
    """One week is one block: resampling it says nothing about the weeks to come."""
    fit = fit_history("synthetic", history_of(FOUR_WEEKS.replace("28d", "10d"), 1))
    assert resampled_baselines(fit, 5) == [fit.baseline] * 5


def test_a_resampled_baseline_replaces_the_scenarios_fitted_numbers() -> None:
    sc = parse_scenario(FOUR_WEEKS + 'slow_volatility = 0.4\nslow_half_life = "1d"\n')
    assert sc.baseline is not None
    fitted = fit_history("synthetic", history_of(FOUR_WEEKS, 2)).baseline
    fitted = dataclasses.replace(
        fitted, volatility=Estimate(0.5, 0.4, 0.6), slow_volatility=Estimate(0.3, 0.2, 0.4)
    )
    draw = dataclasses.replace(
        fitted,
        per_hour=Estimate(90.0, 80.0, 100.0),
        weekly=(1.2, 1.2, 1.0, 1.0, 1.0, 0.8, 0.8),
        volatility=Estimate(1.0, 0.9, 1.1),
    )
    out = with_baseline(sc, fitted, draw).baseline
    assert out is not None
    assert out.per_hour == 90.0 and out.weekly_profile == list(draw.weekly)
    assert out.daily_profile == list(draw.daily)
    # The whole level's sd is the draw's; the slow part keeps the fit's share of it (36%).
    assert np.isclose(out.volatility**2 + out.slow_volatility**2, 1.0)
    assert np.isclose(out.slow_volatility**2, 0.36)
    assert out.level_half_life == sc.baseline.level_half_life


def test_the_predictive_band_is_a_little_wider_than_the_plug_in_one() -> None:
    """Four weeks of a known Cox baseline: drawing each simulation's baseline from the
    resamples widens the 90% band by the estimates' error, a few per cent, not more."""
    from sim.analysis.history.check import band, simulate_hourly

    fit = fit_history("synthetic", history_of(FOUR_WEEKS, 5))
    plug = with_baseline(parse_scenario(FOUR_WEEKS), fit.baseline, fit.baseline)
    variants = [with_baseline(plug, fit.baseline, b) for b in resampled_baselines(fit, 100)]
    hours = 7 * 24
    low, _, high = band(simulate_hourly(plug, 100, hours))
    p_low, _, p_high = band(simulate_hourly(plug, 100, hours, variants))
    widening = float(np.mean(np.log((p_high + 1) / (p_low + 1)) / np.log((high + 1) / (low + 1))))
    assert 1.0 < widening < 1.2, widening
