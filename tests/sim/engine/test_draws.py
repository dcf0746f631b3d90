"""One draw at a time: the scalar inverse CDFs agree with the distributions' own, the
run's p90 is numpy's, and the collector is back as it was after a run."""

from __future__ import annotations

import gc

import numpy as np
import pytest

from sim.engine.core import Engine
from sim.engine.draws import sampler, scalar_quantile
from sim.engine.metrics import quantile
from sim.model.loading import parse_scenario
from sim.model.units import Exponential, Fixed, Gamma, Lognormal, Uniform, _Dist
from tests.fixtures import small_scenario

DISTS: list[_Dist] = [
    Exponential(dist="exponential", mean="6m"),
    Lognormal(dist="lognormal", mean="6m", sd="4m"),
    Uniform(dist="uniform", low="2m", high="9m"),
    Fixed(dist="fixed", value="3m"),
    Gamma(dist="gamma", mean="6m", sd="3m"),
]


@pytest.mark.parametrize("dist", DISTS, ids=lambda d: d.dist)
def test_a_scalar_draw_is_the_distributions_quantile(dist: _Dist) -> None:
    u = np.random.default_rng(3).random(2000)
    u[:3] = (0.0, 1e-12, 0.999999999)
    scalar = np.array([scalar_quantile(dist)(x) for x in u.tolist()])
    assert scalar == pytest.approx(dist.quantile(u), rel=1e-13, abs=0.0)


def test_a_sampler_spends_one_uniform_of_the_stream_per_draw() -> None:
    dist = Lognormal(dist="lognormal", mean="6m", sd="4m")
    draw = sampler(dist)
    a, b = np.random.default_rng(8), np.random.default_rng(8)
    drawn = [draw(a) for _ in range(50)]
    assert drawn == pytest.approx(dist.sample(b, 50).tolist(), rel=1e-13)
    assert a.random() == b.random()  # both streams stand at the same place


def test_the_summarys_quantile_is_numpys_to_the_bit() -> None:
    rng = np.random.default_rng(1)
    for n in [*range(1, 60), 999, 5001]:
        values = rng.exponential(3.0, n)
        for q in (0.0, 0.1, 0.5, 0.9, 0.99, 1.0):
            assert quantile(values, q) == float(np.quantile(values, q))
    assert quantile(np.array([1.0, 1.0, 2.0, 2.0]), 0.9) == float(np.quantile([1, 1, 2, 2], 0.9))


def test_a_run_leaves_the_collector_as_it_found_it() -> None:
    engine = Engine(parse_scenario(small_scenario()))
    assert gc.isenabled()
    engine.run_until(60.0)
    assert gc.isenabled()
    gc.disable()
    try:
        engine.run_until(120.0)
        assert not gc.isenabled()
    finally:
        gc.enable()
