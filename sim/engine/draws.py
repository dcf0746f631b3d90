"""One draw at a time without numpy's per-call cost: scalar inverse CDFs.

The engine draws one value at a time where a decision needs it (a handle time when an
agent picks a mention up, a listening, advocate, follow-up or offline delay). A numpy call
for one value costs several microseconds of array making; these closures turn one uniform
(`Generator.random()`, the same draw `random(1)` would make) into a duration with the
standard library's `math`, by the distribution's own formula (`sim.model.units`), so a
draw costs a few hundred nanoseconds. They agree with the vectorised quantiles to the
last bit or two (`math` and numpy may round the last bit of `exp`/`log1p` differently),
which is why the engine's version moved when they came in (`sim.engine.version`).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from sim.model.normal import phi_inv
from sim.model.units import Exponential, Fixed, Lognormal, Uniform, _Dist

Quantile = Callable[[float], float]
Sampler = Callable[[np.random.Generator], float]


def scalar_quantile(dist: _Dist) -> Quantile:
    """`dist`'s inverse CDF for one uniform value, as a plain float function."""
    if isinstance(dist, Exponential):
        mean = dist.mean_
        return lambda u: -mean * math.log1p(-u)
    if isinstance(dist, Fixed):
        value = dist.value
        return lambda u: value
    if isinstance(dist, Uniform):
        low, span = dist.low, dist.high - dist.low
        return lambda u: low + span * u
    if isinstance(dist, Lognormal):
        mu, sigma = dist.mu, dist.sigma
        return lambda u: math.exp(mu + sigma * phi_inv(u))
    return lambda u: float(np.asarray(dist.quantile(u)))  # a gamma: rare, and SciPy's


def sampler(dist: _Dist) -> Sampler:
    """One draw of `dist` from a generator: one uniform, turned by `scalar_quantile`."""
    quantile = scalar_quantile(dist)
    return lambda rng: quantile(rng.random())
