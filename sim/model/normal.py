"""The inverse of the standard normal distribution, without SciPy on the start-up path.

Lognormal handle times are drawn by inverse transform, so every run needs Φ⁻¹. SciPy's
`special` module costs about a quarter of a second of CPU to import, more than a whole
default run; the standard library's `NormalDist.inv_cdf` implements Wichura's AS241
(PPND16, relative error about 1e-16), and `ndtri` below is the same algorithm over numpy
arrays, so a scalar draw and a batch draw follow one formula.

Wichura, M. J. (1988). Algorithm AS 241: The percentage points of the normal
distribution. Applied Statistics 37(3), 477–484.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
from numpy.typing import ArrayLike, NDArray

inv_cdf = NormalDist().inv_cdf  # one value: the standard library's AS241

# AS241 PPND16 coefficients, highest power first (for np.polyval).
_A = (
    2509.0809287301226727, 33430.575583588128105, 67265.770927008700853,
    45921.953931549871457, 13731.693765509461125, 1971.5909503065514427,
    133.14166789178437745, 3.387132872796366608,
)  # fmt: skip
_B = (
    5226.495278852545925, 28729.085735721942674, 39307.89580009271061,
    21213.794301586595867, 5394.1960214247511077, 687.1870074920579083,
    42.313330701600911252, 1.0,
)  # fmt: skip
_C = (
    7.7454501427834140764e-4, 0.0227238449892691845833, 0.24178072517745061177,
    1.27045825245236838258, 3.64784832476320460504, 5.7694972214606914055,
    4.6303378461565452959, 1.42343711074968357734,
)  # fmt: skip
_D = (
    1.05075007164441684324e-9, 5.475938084995344946e-4, 0.0151986665636164571966,
    0.14810397642748007459, 0.68976733498510000455, 1.6763848301838038494,
    2.05319162663775882187, 1.0,
)  # fmt: skip
_E = (
    2.01033439929228813265e-7, 2.71155556874348757815e-5, 0.0012426609473880784386,
    0.026532189526576123093, 0.29656057182850489123, 1.7848265399172913358,
    5.4637849111641143699, 6.6579046435011037772,
)  # fmt: skip
_F = (
    2.04426310338993978564e-15, 1.4215117583164458887e-7, 1.8463183175100546818e-5,
    7.868691311456132591e-4, 0.0148753612908506148525, 0.13692988092273580531,
    0.59983220655588793769, 1.0,
)  # fmt: skip


SMALL = 512  # below this many values, the standard library's scalar AS241 is faster


def phi_inv(u: float) -> float:
    """Φ⁻¹(u) for one value; ±inf at 0 and 1 (a uniform draw can be exactly 0)."""
    if 0.0 < u < 1.0:
        return inv_cdf(u)
    return -math.inf if u <= 0.0 else math.inf


def _horner(coeffs: tuple[float, ...], x: NDArray[np.float64]) -> NDArray[np.float64]:
    y = np.full_like(x, coeffs[0])
    for c in coeffs[1:]:
        y = y * x + c
    return y


def ndtri(u: ArrayLike) -> NDArray[np.float64]:
    """Φ⁻¹(u) elementwise for u in [0, 1], ±inf at the ends, as SciPy's `ndtri`."""
    p = np.asarray(u, dtype=np.float64)
    if p.size < SMALL:
        flat = np.fromiter((phi_inv(x) for x in p.ravel().tolist()), np.float64, p.size)
        return flat.reshape(p.shape)
    q = p - 0.5
    out = np.empty_like(p)
    central = np.abs(q) <= 0.425
    qc = q[central]
    r = 0.180625 - qc * qc
    out[central] = qc * _horner(_A, r) / _horner(_B, r)
    tail = ~central
    qt = q[tail]
    with np.errstate(divide="ignore"):
        r = np.sqrt(-np.log(np.where(qt < 0, p[tail], 1.0 - p[tail])))
    with np.errstate(invalid="ignore"):  # inf/inf at u = 0 or 1, set to inf below
        x = np.where(
            r <= 5.0,
            _horner(_C, r - 1.6) / _horner(_D, r - 1.6),
            _horner(_E, r - 5.0) / _horner(_F, r - 5.0),
        )
    x[np.isinf(r)] = np.inf
    out[tail] = np.where(qt < 0, -x, x)
    return out
