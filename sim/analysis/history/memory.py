"""The level's memory: one time scale (hours) or two (hours and days), from the residuals.

Around the daily and weekly profiles, the log ratios of real hourly mention counts lose
half their correlation within an hour or two, yet keep 0.04 to 0.28 six hours apart and
0.08 to 0.19 a day apart in six brands' series: busy and quiet days, not only busy hours.
A log level that is the sum of a fast and a slow AR(1) has the autocorrelation (1 - w)
phi_f^k + w phi_s^k at lag k (w the slow part's share of the level's variance), so both
time scales and the share are fitted, by least squares, to the level's autocorrelation at
lags 1 to `MAX_LAG` hours (the residuals' own, scaled up by the Poisson noise's share of
their variance, which has no memory). The intervals come from a jackknife over week-long
blocks of hours (the residuals are correlated within a block, hardly across), the number
of blocks the history has.

The slow part is kept only when the level's mean autocorrelation 6 to 48 hours apart is
above zero by more than its 95% margin (jackknife) and the slow time scale is at least
`MIN_RATIO` times the fast one's: otherwise the history cannot tell it from one time
scale, and the level is today's single AR(1).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import optimize

MAX_LAG = 48  # hours: two days of the level's memory
BLOCK = 7 * 24  # hours in a jackknife block
MIN_RATIO = 4.0  # the slow half-life at least this many times the fast one
Z95 = 1.959964
SLOW_LAGS = slice(5, MAX_LAG)  # lags 6 to 48 hours: past a fast level's memory


@dataclass(frozen=True)
class Memory:
    """The level's time scales: hourly persistence of each part, and the slow share."""

    phi_fast: float
    phi_slow: float
    slow_share: float  # of the level's variance; 0 = one time scale
    se_phi_fast: float
    se_phi_slow: float
    se_share: float


def autocorrelation(r: NDArray[np.float64], lags: int) -> NDArray[np.float64]:
    """Lag 1..`lags` autocorrelation of `r` (NaN = not used), over pairs both present."""
    x = r - np.nanmean(r)
    sd = np.nanstd(x)
    out = np.zeros(lags)
    for k in range(1, lags + 1):
        a, b = x[:-k], x[k:]
        ok = np.isfinite(a) & np.isfinite(b)
        out[k - 1] = float(np.mean(a[ok] * b[ok])) / (sd * sd) if ok.sum() > 10 else 0.0
    return out


def _two_scales(acf: NDArray[np.float64]) -> tuple[float, float, float]:
    """(phi_fast, phi_slow, share) whose biexponential is nearest `acf` (least squares)."""
    k = np.arange(1, len(acf) + 1, dtype=np.float64)

    def resid(p: NDArray[np.float64]) -> NDArray[np.float64]:
        f, s, w = p
        return np.asarray((1 - w) * f**k + w * s**k - acf, np.float64)

    best = None
    for start in ((0.5, 0.95, 0.2), (0.3, 0.9, 0.3), (0.7, 0.98, 0.1)):
        sol = optimize.least_squares(resid, start, bounds=([0.0, 0.0, 0.0], [0.999, 0.999, 1.0]))
        if best is None or sol.cost < best.cost:
            best = sol
    assert best is not None
    f, s, w = (float(v) for v in best.x)
    return (f, s, w) if f <= s else (s, f, 1 - w)


def fit_memory(r: NDArray[np.float64], inflate: float) -> Memory:
    """The level's two time scales from the hourly log ratios `r` (NaN = hour not used);
    `inflate` is total variance / level variance (the Poisson share taken off)."""
    acf = np.clip(autocorrelation(r, MAX_LAG) * inflate, -1.0, 1.0)
    blocks = len(r) // BLOCK
    if blocks < 3:
        return _single(acf[0], len(r))
    reps, far = [], []
    for g in range(blocks):
        held = r.copy()
        held[g * BLOCK : (g + 1) * BLOCK] = np.nan
        a = np.clip(autocorrelation(held, MAX_LAG) * inflate, -1.0, 1.0)
        reps.append(_two_scales(a))
        far.append(float(a[SLOW_LAGS].mean()))
    # Is there memory beyond hours? The mean correlation 6 to 48 hours apart (about 0
    # under one AR(1) of an hour or two), against its own jackknife error.
    se_far = _jackknife_se(np.asarray(far))
    f, s, w = _two_scales(acf)
    if float(acf[SLOW_LAGS].mean()) <= Z95 * se_far or _half_life(s) < MIN_RATIO * _half_life(f):
        return _single(acf[0], len(r))
    se = _jackknife_se(np.asarray(reps))
    return Memory(f, s, w, float(se[0]), float(se[1]), float(se[2]))


def _jackknife_se(reps: NDArray[np.float64]) -> NDArray[np.float64]:
    g = len(reps)
    return np.asarray(np.sqrt((g - 1) / g * ((reps - reps.mean(axis=0)) ** 2).sum(axis=0)))


def _single(rho1: float, n: int) -> Memory:
    phi = min(max(float(rho1), 0.01), 0.99)
    return Memory(phi, phi, 0.0, math.sqrt(max(1 - phi * phi, 1e-6) / max(n, 1)), 0.0, 0.0)


def _half_life(phi: float) -> float:
    """Hours for a log deviation to halve, at hourly persistence `phi`."""
    return math.log(2) / -math.log(min(max(phi, 1e-6), 0.999999))
