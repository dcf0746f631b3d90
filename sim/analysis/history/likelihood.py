"""Maximum likelihood on counts: a minimiser, its Hessian, and intervals from both.

Parameters are fitted on a transformed scale (logs of positive numbers, the logit of a
ratio in (0, 1)), where the likelihood is closer to quadratic; the 95% interval is
estimate +- 1.96 standard errors there, mapped back, so it never leaves the legal range.
Counts of mentions are over-dispersed (the baseline's own level drifts), so standard
errors are scaled by the Pearson dispersion (quasi-likelihood) and models are compared by
QAIC, the AIC of that quasi-likelihood.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import optimize

from sim.analysis.history.baseline import Z95

Vector = NDArray[np.float64]
MeanFn = Callable[[Vector], Vector]
METHOD = "Nelder-Mead"
# Nelder-Mead's stopping rules: every start is run to a rough optimum (the simplex within
# 0.01 on the log/logit scales and in log-likelihood), and only the best one is refined to
# the fine tolerance, from a small simplex around it. Refining every start cost twice the
# time for the same optimum (`fit` on a burst-rich 55-day history: 5.4 s -> under 4 s).
ROUGH = {"xatol": 1e-2, "fatol": 1e-2, "maxiter": 2000}
FINE = {"xatol": 1e-5, "fatol": 1e-6, "maxiter": 4000}
POLISH_STEP = 0.01


def _simplex(x: Vector, step: float) -> Vector:
    """A Nelder-Mead simplex: `x` and one small step along each parameter."""
    return np.asarray(np.vstack([x, x + step * np.eye(len(x))]), np.float64)


@dataclass(frozen=True)
class MLFit:
    theta: Vector  # on the transformed scale
    nll: float  # Poisson negative log-likelihood (without the constant log c! term)
    cov: Vector  # covariance of theta, before scaling by the dispersion
    pearson: float  # sum of (c - mu)^2 / mu
    n: int

    @property
    def k(self) -> int:
        return len(self.theta)

    def se(self, dispersion: float) -> Vector:
        return np.asarray(np.sqrt(np.maximum(np.diag(self.cov), 0.0) * dispersion), np.float64)

    def bounds(self, dispersion: float) -> tuple[Vector, Vector]:
        half = Z95 * self.se(dispersion)
        return self.theta - half, self.theta + half


def poisson_nll(mean: MeanFn, counts: Vector) -> Callable[[Vector], float]:
    ok = np.isfinite(counts)
    every = bool(ok.all())
    c = counts[ok]

    def nll(theta: Vector) -> float:
        mu = mean(theta)
        if not every:
            mu = mu[ok]
        if not mu.min() > 0:  # NaN fails too
            return 1e300
        value = float(np.dot(c, np.log(mu)))
        value = float(mu.sum()) - value
        return value if math.isfinite(value) else 1e300

    return nll


def hessian(f: Callable[[Vector], float], x: Vector, step: float = 1e-3) -> Vector:
    """Central finite differences; parameters are on log scales, so one step fits all."""
    k = len(x)
    h = np.zeros((k, k))
    f0 = f(x)
    for i in range(k):
        ei = np.zeros(k)
        ei[i] = step
        h[i, i] = (f(x + ei) - 2 * f0 + f(x - ei)) / step**2
        for j in range(i + 1, k):
            ej = np.zeros(k)
            ej[j] = step
            h[i, j] = h[j, i] = (
                f(x + ei + ej) - f(x + ei - ej) - f(x - ei + ej) + f(x - ei - ej)
            ) / (4 * step**2)
    return h


def fit_ml(
    mean: MeanFn, counts: Vector, starts: Sequence[Sequence[float]], group: int = 1
) -> MLFit:
    """The best of several local fits from `starts`, with its inverse observed information.

    The dispersion's Pearson statistic is taken on sums of `group` buckets as well as on
    single buckets, and the larger kept: noise that drifts over an hour (the Cox level)
    hardly shows bucket by bucket but adds up over a surge's decay."""
    nll = poisson_nll(mean, counts)
    best: optimize.OptimizeResult | None = None
    for x0 in starts:  # each start to a rough optimum...
        res = optimize.minimize(nll, np.asarray(x0, np.float64), method=METHOD, options=ROUGH)
        if best is None or res.fun < best.fun:
            best = res
    assert best is not None
    # ...and the best polished from a small simplex around it, not a fresh wide one.
    x = np.asarray(best.x, np.float64)
    polish = {**FINE, "initial_simplex": _simplex(x, POLISH_STEP)}
    res = optimize.minimize(nll, x, method=METHOD, options=polish)
    if res.fun < best.fun:
        best = res
    theta = np.asarray(best.x, np.float64)
    h = hessian(nll, theta)
    try:
        cov = np.linalg.inv(h)
        if np.any(np.diag(cov) < 0) or not np.all(np.isfinite(cov)):
            raise np.linalg.LinAlgError
    except np.linalg.LinAlgError:
        cov = np.linalg.pinv(h + np.eye(len(theta)) * 1e-9)
        cov = np.abs(cov)
    ok = np.isfinite(counts)
    mu = mean(theta)[ok]
    n = int(ok.sum())
    pearson = float(np.sum((counts[ok] - mu) ** 2 / mu))
    blocks = n // group
    if group > 1 and blocks > len(theta) + 2:
        c_sum = counts[ok][: blocks * group].reshape(blocks, group).sum(axis=1)
        m_sum = mu[: blocks * group].reshape(blocks, group).sum(axis=1)
        per_block = float(np.sum((c_sum - m_sum) ** 2 / m_sum)) / (blocks - len(theta))
        pearson = max(pearson, per_block * (n - len(theta)))
    return MLFit(theta, float(best.fun), np.asarray(cov, np.float64), pearson, n)


def exp_filter(x: Vector, q: float, block: int = 256) -> Vector:
    """y_j = sum over i <= j of x_i q^(j - i), for 1/e <= q < 1, in blocks so that
    q^-k stays finite (a cumulative sum per block, no Python loop over buckets)."""
    y = np.empty(len(x))
    k = np.arange(block, dtype=np.float64)
    up, down = q**-k, q**k
    carry = 0.0
    for s in range(0, len(x), block):
        chunk = x[s : s + block]
        n = len(chunk)
        y[s : s + n] = down[:n] * (carry * q + np.cumsum(chunk * up[:n]))
        carry = float(y[s + n - 1])
    return y


def jacobian(mean: MeanFn, theta: Vector, step: float = 1e-4) -> Vector:
    """d mean / d theta by central differences: one column per parameter."""
    cols = []
    for i in range(len(theta)):
        e = np.zeros(len(theta))
        e[i] = step
        cols.append((mean(theta + e) - mean(theta - e)) / (2 * step))
    return np.asarray(np.stack(cols, axis=1), np.float64)


def cox_sandwich(
    mean: MeanFn, fit: MLFit, counts: Vector, base: Vector, sigma: float, rho: float
) -> Vector:
    """The covariance of the estimate when the baseline beneath is a Cox process.

    The Poisson score is sum_j (c_j - mu_j) / mu_j * dmu_j; under a baseline b_j times a
    log-normal level with log sd `sigma` and lag-one correlation `rho` per bucket, the
    counts have Cov(c_j, c_k) = mu_j [j = k] + b_j b_k (exp(sigma^2 rho^|j - k|) - 1). The
    sandwich H^-1 Var(score) H^-1 then carries the drift of the level, which a dispersion
    factor, bucket by bucket, cannot see.
    """
    ok = np.isfinite(counts)
    mu = mean(fit.theta)[ok]
    a = jacobian(mean, fit.theta)[ok] / mu[:, None]
    b = base[ok]
    idx = np.flatnonzero(ok).astype(np.float64)
    lag = np.abs(idx[:, None] - idx[None, :])
    extra = np.expm1(sigma * sigma * rho**lag)
    ab = a * b[:, None]
    meat = (a * mu[:, None]).T @ a + ab.T @ extra @ ab
    info = np.linalg.pinv(fit.cov) if fit.cov.size else fit.cov
    bread = np.linalg.pinv(info)
    return np.asarray(bread @ meat @ bread, np.float64)


def dispersion_of(fit: MLFit) -> float:
    """Pearson chi-square per degree of freedom, at least 1."""
    return max(1.0, fit.pearson / max(fit.n - fit.k, 1))


def qaic(fit: MLFit, dispersion: float) -> float:
    return 2 * fit.nll / dispersion + 2 * (fit.k + 1)


def logit(p: float) -> float:
    return math.log(p / (1 - p))


def expit(x: float) -> float:
    return 1 / (1 + math.exp(-min(max(float(x), -700.0), 700.0)))
