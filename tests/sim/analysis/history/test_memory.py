"""The level's two time scales recovered from residuals with a known memory.

Seeded: the hourly log ratios are a two-scale (or one-scale) log level plus Poisson noise
on the log scale, as the baseline fit sees them; the estimator must find the slow part
when there is one, within its intervals, and not invent one when there is none.
"""

from __future__ import annotations

import math

import numpy as np

from sim.analysis.history.memory import _half_life, fit_memory
from sim.engine.arrivals import ar1_levels, two_scale_levels

HOURS = 8 * 7 * 24  # eight weeks, as long as the real histories
MU = 100.0  # mean count an hour: Poisson noise on the log scale about 1 / MU


def _residuals(levels: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, float]:
    counts = rng.poisson(MU * levels)
    r = np.log((counts + 0.5) / (MU + 0.5))
    level_var = float(np.log(levels).var())
    return r - r.mean(), (level_var + 1 / MU) / level_var


def test_a_slow_part_is_found_with_its_share_and_time_scale() -> None:
    fast, slow = 0.3, 0.2  # sds; the slow part's share of the variance 0.2^2 / 0.13 = 0.31
    share = slow**2 / (fast**2 + slow**2)
    hits, found = [], 0
    for seed in range(12):
        rng = np.random.default_rng(seed)
        levels = two_scale_levels(rng, HOURS, (fast, 60.0), (slow, 1440.0))
        m = fit_memory(*_residuals(levels, rng))
        if m.slow_share == 0:
            continue
        found += 1
        hits.append(abs(m.slow_share - share) <= 1.96 * m.se_share)
        hits.append(abs(m.phi_slow - 2 ** (-1 / 24)) <= 1.96 * m.se_phi_slow)  # a day
        assert _half_life(m.phi_fast) < 3 < _half_life(m.phi_slow)
    assert found >= 9, found
    assert np.mean(hits) >= 0.75, hits


def test_one_time_scale_stays_one() -> None:
    invented = 0
    for seed in range(12):
        rng = np.random.default_rng(100 + seed)
        levels = ar1_levels(rng, HOURS, 0.35, 90.0)
        m = fit_memory(*_residuals(levels, rng))
        invented += m.slow_share > 0
        if m.slow_share == 0:
            assert math.isclose(m.phi_slow, m.phi_fast)
    assert invented <= 2, invented
