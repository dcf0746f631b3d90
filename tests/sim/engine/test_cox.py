"""The Cox baseline: a log-normal AR(1) level multiplying the hourly rate.

Seeded statistical checks at 4 standard errors, so each can fail if the level is wrong.
"""

from __future__ import annotations

import math

import numpy as np

from sim.engine import arrivals as A
from sim.engine import streams
from sim.engine.sources import build_sources
from sim.model.loading import parse_scenario

SCENARIO = """
[scenario]
name = "cox"
duration = "{days}d"
seed = 3
[baseline]
per_hour = 100
{extra}
"""


def _hourly_counts(text: str, seed: int, hours: int) -> np.ndarray:
    sc = parse_scenario(text)
    base = build_sources(sc, seed)[0]
    t = base.window(0.0, hours * 60.0).t
    return np.bincount((t // 60).astype(int), minlength=hours)[:hours]


def test_levels_have_mean_one_the_given_spread_and_half_life() -> None:
    rng = np.random.default_rng(5)
    sigma, half_life = 0.4, 180.0  # a 3 h half-life: phi = 2^(-1/3)
    levels = np.concatenate([A.ar1_levels(rng, 2000, sigma, half_life) for _ in range(20)])
    logs = np.log(levels)
    assert abs(levels.mean() - 1) < 4 * levels.std() / math.sqrt(len(levels) / 10)
    assert abs(logs.std() - sigma) < 0.02
    phi = math.pow(2, -1 / 3)
    pooled = [np.corrcoef(lg[1:], lg[:-1])[0, 1] for lg in np.split(logs, 20)]
    assert abs(np.mean(pooled) - phi) < 0.03, (np.mean(pooled), phi)


def test_cox_expected_is_the_integral_of_its_rate() -> None:
    levels = A.ar1_levels(np.random.default_rng(1), 50, 0.5, 240.0)
    shape = A.CoxLevel(A.Baseline(120.0, start_minute_of_week=17.0), levels)
    t0, t1 = 13.0, 1000.5
    grid = np.linspace(t0, t1, 400_001)
    numeric = float(np.mean(shape.rate(grid)) * (t1 - t0))
    assert math.isclose(shape.expected(t0, t1), numeric, rel_tol=1e-3)
    assert shape.max_rate(t0, t1) >= float(shape.rate(grid).max())


def test_no_volatility_is_todays_poisson_baseline_bit_for_bit() -> None:
    plain = SCENARIO.format(days=2, extra="")
    zero = SCENARIO.format(days=2, extra="volatility = 0")
    assert np.array_equal(_hourly_counts(plain, 9, 48), _hourly_counts(zero, 9, 48))


def test_a_volatile_baseline_is_overdispersed_and_reproducible() -> None:
    text = SCENARIO.format(days=60, extra='volatility = 0.5\nlevel_half_life = "6h"')
    counts = _hourly_counts(text, 4, 1440)
    again = _hourly_counts(text, 4, 1440)
    assert np.array_equal(counts, again)
    # Var/mean of a Cox count is 1 + mu (e^(s^2) - 1): about 29 here; Poisson gives 1.
    ratio = counts.var() / counts.mean()
    assert 10 < ratio < 60, ratio
    assert abs(counts.mean() - 100) < 4 * math.sqrt(counts.var() * 30 / 1440)
    plain = _hourly_counts(SCENARIO.format(days=60, extra=""), 4, 1440)
    assert 0.8 < plain.var() / plain.mean() < 1.2


def test_the_level_has_its_own_stream() -> None:
    assert streams.LEVEL not in {
        streams.FOLLOWUPS,
        streams.ADVOCATES,
        streams.FAQ,
        streams.LISTENING,
        streams.OFFLINE,
        streams.HOLDING,
        streams.CASCADES,
    }


def test_a_slow_part_adds_days_of_memory_and_its_spread() -> None:
    rng = np.random.default_rng(8)
    fast, slow = (0.3, 60.0), (0.3, 1440.0)  # halves every hour, and every day
    logs = [np.log(A.two_scale_levels(rng, 24 * 120, fast, slow)) for _ in range(10)]
    sd = float(np.mean([lg.std() for lg in logs]))
    assert abs(sd - math.sqrt(0.3**2 + 0.3**2)) < 0.04, sd
    # A day apart the fast part is gone (2^-24) and the slow one holds half: 0.5 * 0.5.
    lag24 = float(np.mean([np.corrcoef(lg[24:], lg[:-24])[0, 1] for lg in logs]))
    assert abs(lag24 - 0.25) < 0.06, lag24
    one = A.ar1_levels(np.random.default_rng(8), 24 * 120, *fast)
    only_fast = [np.log(one)]
    assert abs(np.corrcoef(only_fast[0][24:], only_fast[0][:-24])[0, 1]) < 0.06


def test_without_a_slow_part_the_levels_are_todays_bit_for_bit() -> None:
    fast = (0.4, 120.0)
    today = A.ar1_levels(np.random.default_rng(3), 500, *fast)
    assert np.array_equal(today, A.two_scale_levels(np.random.default_rng(3), 500, fast, None))
    assert np.array_equal(
        today, A.two_scale_levels(np.random.default_rng(3), 500, fast, (0.0, 1440.0))
    )
    text = 'volatility = 0.4\nlevel_half_life = "2h"'
    plain = SCENARIO.format(days=2, extra=text)
    zero = SCENARIO.format(days=2, extra=text + "\nslow_volatility = 0")
    assert np.array_equal(_hourly_counts(plain, 9, 48), _hourly_counts(zero, 9, 48))
    slow = SCENARIO.format(days=2, extra=text + '\nslow_volatility = 0.3\nslow_half_life = "1d"')
    assert not np.array_equal(_hourly_counts(plain, 9, 48), _hourly_counts(slow, 9, 48))
