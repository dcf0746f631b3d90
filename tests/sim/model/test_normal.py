"""Φ⁻¹ without SciPy: the same values as SciPy's `ndtri`, to rounding, on both paths."""

from __future__ import annotations

import math

import numpy as np
from scipy import special

from sim.model.normal import SMALL, ndtri, phi_inv


def test_agrees_with_scipy_across_the_range_and_in_the_far_tails():
    rng = np.random.default_rng(20261124)
    u = np.concatenate(
        [rng.random(200_000), np.logspace(-300, -1, 400), 1 - np.logspace(-16, -1, 400)]
    )
    ours, theirs = ndtri(u), special.ndtri(u)
    assert np.all(np.abs(ours - theirs) <= 4e-15 * np.maximum(np.abs(theirs), 1.0))


def test_the_scalar_path_and_the_array_path_agree():
    rng = np.random.default_rng(7)
    u = rng.random(SMALL * 4)
    many = ndtri(u)  # the array path
    few = np.concatenate([ndtri(u[i : i + 8]) for i in range(0, u.size, 8)])  # the scalar path
    assert np.allclose(many, few, rtol=2e-15, atol=0)
    assert [phi_inv(float(x)) for x in u[:5]] == list(few[:5])


def test_the_ends_are_infinite_as_in_scipy():
    assert list(ndtri([0.0, 0.5, 1.0])) == [-math.inf, 0.0, math.inf]
    ends = ndtri(np.array([0.0, 1.0] * SMALL))  # the array path too
    assert np.all(np.isinf(ends)) and ends[0] < 0 < ends[1]
    assert phi_inv(0.0) == -math.inf and phi_inv(1.0) == math.inf
