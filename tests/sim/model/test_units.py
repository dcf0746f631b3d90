"""Durations with units and the distributions scenario files give times as."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.model.units import Exponential, Fixed, Gamma, Lognormal, Uniform, parse_duration


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("90s", 1.5), ("15m", 15), ("2h", 120), ("3d", 4320), ("1w", 10080), ("1h30m", 90)],
)
def test_durations_have_units(text, minutes):
    assert parse_duration(text) == pytest.approx(minutes)


@pytest.mark.parametrize("bad", [5, "5", "2 hours", "h", "", True, "-5m"])
def test_durations_without_a_unit_are_refused(bad):
    with pytest.raises(ValueError, match="duration"):
        parse_duration(bad)


def test_distributions_have_the_means_they_are_given():
    dists = {
        "exponential": Exponential.model_validate({"dist": "exponential", "mean": "6m"}),
        "lognormal": Lognormal.model_validate({"dist": "lognormal", "mean": "6m", "sd": "4m"}),
        "gamma": Gamma.model_validate({"dist": "gamma", "mean": "6m", "sd": "3m"}),
        "uniform": Uniform.model_validate({"dist": "uniform", "low": "2m", "high": "10m"}),
        "fixed": Fixed.model_validate({"value": "6m"}),
    }
    rng = np.random.default_rng(5)
    for name, dist in dists.items():
        sample = dist.sample(rng, 200_000)
        se = sample.std() / math.sqrt(len(sample))
        assert abs(sample.mean() - dist.mean()) <= 4 * se + 1e-9, name


def test_a_count_agrees_with_its_noun_and_its_own_plural() -> None:
    from sim.model.units import counted

    assert counted(1, "iteration") == "1 iteration" and counted(3, "round") == "3 rounds"
    assert counted(1, "person", "people") == "1 person"
    assert counted(1200, "person", "people") == "1,200 people"
