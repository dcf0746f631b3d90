"""The fit on synthetic histories made by surgedesk itself, whose truth is known.

The acceptance check (slow-marked, seeded): over many seeds, the fitted parameters'
95% intervals hold the true values in at least 90% of cases. Quick checks cover the
pieces: the exponential filter, one clean shock and one clean cascade, the TOML writer.
"""

from __future__ import annotations

import tomllib
from datetime import datetime

import numpy as np
import pytest

from sim.analysis.history.fitting import fit_history
from sim.analysis.history.likelihood import exp_filter
from sim.analysis.history.tomlout import document
from tests.sim.analysis.history.synthetic import history_of

SCENARIO = """
[scenario]
name = "synthetic"
duration = "{days}d"
[baseline]
per_hour = 100
daily_profile = "consumer"
volatility = {volatility}
level_half_life = "2h"
[[surge]]
at = "80h"
shape = "shock"
peak_per_hour = 2000
half_life = "90m"
[[surge]]
at = "200h"
shape = "viral"
seed_posts = 300
branching = 0.7
kernel = "exponential"
mean_delay = "30m"
"""
TRUTH = {
    "per_hour": 100.0,
    "volatility": 0.3,
    "peak_per_hour": 2000.0,
    "half_life": 90.0,
    "seed_posts": 300.0,
    "branching": 0.7,
    "mean_delay": 30.0,
}


def test_exp_filter_is_the_recursion() -> None:
    x = np.random.default_rng(2).random(700)
    q = 0.45
    y, acc = [], 0.0
    for v in x:
        acc = acc * q + v
        y.append(acc)
    assert np.allclose(exp_filter(x, q), y, rtol=1e-12)


def test_clean_shock_and_cascade_are_told_apart_and_recovered() -> None:
    fit = fit_history("synthetic", history_of(SCENARIO.format(days=14, volatility=0.0), 1))
    assert [s.fit.label for s in fit.surges] == ["shock (exponential)", "viral (exponential)"]
    shock, viral = (s.fit.params for s in fit.surges)
    assert shock["peak_per_hour"].covers(2000) and shock["half_life"].covers(90)
    assert viral["branching"].covers(0.7) and viral["seed_posts"].covers(300)
    assert fit.surges[0].at - fit.start == pytest.approx(80 * 3600)


def test_the_toml_writer_round_trips() -> None:
    data = {
        "scenario": {"name": 'a "b"', "start": datetime(2015, 3, 1, 8), "duration": "2h"},
        "baseline": {"per_hour": 1.5, "daily_profile": [1.0] * 24, "channels": {"sms": 1.0}},
        "surge": [{"at": "1h", "shape": "step"}, {"at": "2h", "shape": "ramp"}],
    }
    text = document(data, "made here\nsecond line")
    assert text.startswith("# made here\n# second line\n")
    assert tomllib.loads(text) == data


@pytest.mark.slow
def test_fit_recovers_known_parameters_within_their_intervals() -> None:
    seeds = 20
    hits: dict[str, list[bool]] = {k: [] for k in TRUTH}
    for seed in range(seeds):
        fit = fit_history("synthetic", history_of(SCENARIO.format(days=21, volatility=0.3), seed))
        got = {"per_hour": fit.baseline.per_hour, "volatility": fit.baseline.volatility}
        for s in fit.surges:
            got.update(s.fit.params)
        for name, true in TRUTH.items():
            hits[name].append(name in got and got[name].covers(true))
    rates = {k: float(np.mean(v)) for k, v in hits.items()}
    pooled = float(np.mean([x for v in hits.values() for x in v]))
    assert pooled >= 0.9, rates
    assert min(rates.values()) >= 0.6, rates
