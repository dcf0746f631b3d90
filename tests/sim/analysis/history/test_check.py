"""The check's band: from a few dozen simulations, it holds 90% of what the same model
would draw next."""

from __future__ import annotations

import numpy as np

from sim.analysis.history.check import band


def test_a_band_of_forty_simulations_holds_ninety_percent_of_a_new_draw() -> None:
    """Each of 4,000 hours: 40 simulated counts make the band, a 41st is the history.
    Interpolating numpy's default way, the band would hold only about 86%."""
    rng = np.random.default_rng(11)
    mean = 200 * np.exp(rng.normal(-0.045, 0.3, (41, 4000)))
    draws = rng.poisson(mean).astype(np.float64)
    low, _, high = band(draws[:40])
    inside = float(np.mean((draws[40] >= low) & (draws[40] <= high)))
    assert 0.88 <= inside <= 0.92, inside
    naive_low, naive_high = np.quantile(draws[:40], [0.05, 0.95], axis=0)
    naive = float(np.mean((draws[40] >= naive_low) & (draws[40] <= naive_high)))
    assert naive < 0.875, naive


def test_a_decay_too_slow_for_any_run_is_written_as_the_longest_run() -> None:
    """A fitted half-life of 10^18 minutes is a step that never decays; the scenario
    gets the longest a run can last, so it loads, instead of a duration it refuses."""
    from sim.analysis.history.baseline import Estimate
    from sim.analysis.history.bursts import Burst
    from sim.analysis.history.fitting import SurgeFit
    from sim.analysis.history.shapes import ShapeFit, Window
    from sim.analysis.history.writing import surge_table
    from sim.model.limits import MAX_RUN_MINUTES

    flat = np.ones(4)
    params = {"peak_per_hour": Estimate(500.0, 400.0, 600.0), "half_life": Estimate(1e18, 1, 2e18)}
    shape = ShapeFit("shock", "exponential", params, {}, 1.0, flat)
    surge = SurgeFit(Burst(0, 1, 2), 0.0, shape, Window(flat, flat, 5.0), 10.0, 10.0)
    table = surge_table(1, surge, 0.0, {})
    assert table["half_life"] == f"{MAX_RUN_MINUTES:.0f}m"
