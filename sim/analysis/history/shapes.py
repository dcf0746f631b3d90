"""Each burst's shape, by maximum likelihood on its counts: a shock or a viral cascade.

Three models of the extra volume from the burst's start `at`, the baseline's own mean
counted in, on the export's fine buckets:
- `shock`, exponential decay: rate peak * 2^(-t / half_life), the engine's ShockExponential;
- `shock`, power-law decay: peak * (1 + t / tau)^-(1 + theta), the engine's ShockPowerLaw;
- `viral`, an exponential-kernel Hawkes cascade from `seed_posts` posts at `at`: each post
  begets Poisson(branching) more after an exponential delay of mean `mean_delay`. Its
  likelihood is conditional on the counts already seen (each bucket's mean has the
  offspring of the extra posts in earlier buckets; offspring within the same bucket are a
  geometric factor), the binned-Hawkes estimator of Kirchner (arXiv 1509.02017).
Every model also fits the baseline's level in the window (the Cox level drifts, so the
level before the burst is only a first guess), so the surge's intervals carry the
uncertainty of what lies beneath it (see `likelihood.cox_sandwich`). Decay times are at
least half a bucket (a shorter one is an impulse the bucket cannot resolve, with an
unbounded peak). The start is the first bucket clearly above the baseline's noise; the
model is chosen by QAIC. The viral model's delay is at least one bucket and its seeds
at least one post: a shorter delay cannot be told from the bucket's own count.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sim.analysis.history.baseline import Z95, Estimate
from sim.analysis.history.likelihood import (
    MeanFn,
    MLFit,
    Vector,
    cox_sandwich,
    dispersion_of,
    exp_filter,
    expit,
    fit_ml,
    logit,
    qaic,
)

MAX_BRANCHING = 0.98  # the scenario needs a branching ratio below 1
RISE_SD = 4.0
MAX_TAU = 7 * 1440.0
QAIC_SUPPORT = 2.0  # Burnham & Anderson: a difference under 2 is no evidence either way
MAX_THETA = 20.0


@dataclass(frozen=True)
class Window:
    """Counts per bucket from a burst's start, and the baseline's mean in each."""

    counts: Vector
    base: Vector
    width: float  # minutes per bucket
    sigma: float = 0.0  # the baseline's Cox volatility
    rho: float = 0.0  # its level's correlation from one bucket to the next

    def tail(self, first: int) -> Window:
        return Window(self.counts[first:], self.base[first:], self.width, self.sigma, self.rho)

    @property
    def edges(self) -> Vector:
        return np.arange(len(self.counts) + 1, dtype=np.float64) * self.width


@dataclass(frozen=True)
class ShapeFit:
    """One burst's chosen shape: its scenario keys with intervals, and how it was chosen."""

    shape: str  # "shock" or "viral"
    form: str  # "exponential", "power_law" (shock) or "exponential" kernel (viral)
    params: dict[str, Estimate]
    qaic: dict[str, float]  # every candidate's QAIC, the lowest chosen
    dispersion: float
    fitted: Vector  # the chosen model's mean per bucket (baseline included)

    @property
    def label(self) -> str:
        return f"{self.shape} ({self.form.replace('_', '-')})"


def _base(w: Window, theta: Vector) -> Vector:
    """The baseline's mean, times the level in the window (the last parameter, a log)."""
    return w.base * _exp(theta[-1])


def _shock_exp(w: Window) -> MeanFn:
    e = w.edges

    def mean(theta: Vector) -> Vector:
        peak, half = _exp(theta[0]) / 60, w.width / 2 + _exp(theta[1])
        k = math.log(2) / half
        x = np.exp(-k * e)
        return _base(w, theta) + peak / k * (x[:-1] - x[1:])

    return mean


def _shock_pow(w: Window) -> MeanFn:
    e = w.edges

    def mean(theta: Vector) -> Vector:
        peak, tau, th = _exp(theta[0]) / 60, *_power_natural(theta, w.width)
        x = (1 + e / tau) ** -th
        return _base(w, theta) + peak * tau / th * (x[:-1] - x[1:])

    return mean


def _power_natural(theta: Vector, width: float) -> tuple[float, float]:
    """tau in (half a bucket, MAX_TAU) minutes, theta in (0, MAX_THETA): beyond, a power
    law is an exponential in disguise and the two parameters cannot be told apart."""
    return width / 2 + MAX_TAU * expit(theta[1]), MAX_THETA * expit(theta[2])


def _viral_natural(theta: Vector, width: float) -> tuple[float, float, float]:
    """Seeds >= 1, branching in (0, MAX_BRANCHING), mean delay >= one bucket."""
    return 1 + _exp(theta[0]), MAX_BRANCHING * expit(theta[1]), width + _exp(theta[2])


def _viral(w: Window) -> MeanFn:
    excess = np.maximum(np.nan_to_num(w.counts - w.base, nan=0.0), 0.0)
    j = np.arange(len(w.counts), dtype=np.float64)

    def mean(theta: Vector) -> Vector:
        seeds, n, m = _viral_natural(theta, w.width)
        a_dt = w.width / m
        q = math.exp(-a_dt)
        same = 1 - (1 - q) / a_dt  # share of a bucket's offspring landing in the same bucket
        lag = (1 - q) ** 2 / a_dt  # lag-1 share; lag k is lag * q^(k-1)
        other = excess.copy()
        other[0] = max(other[0] - seeds, 0.0)
        children = seeds * (1 - q) * q**j
        children[1:] += exp_filter(other, q)[:-1] * lag  # offspring of earlier buckets
        out = _base(w, theta) + n * children / (1 - n * same)
        out[0] += seeds
        return out

    return mean


def viral_per_seed(params: dict[str, Estimate], span: float) -> float:
    """Mentions a cascade gives within `span` minutes per seed post, run forward from its
    seeds alone as the engine plays it: 1 + n / (1 - n) * (1 - e^(-(1 - n) span / m)).

    The fit's own mean is conditional on the counts seen (offspring of the extra posts that
    did arrive), so a large, rare realisation can fit well with few seeds: run forward,
    those seeds give a far smaller burst than the one seen."""
    n, m = params["branching"].value, params["mean_delay"].value
    return 1 + n / (1 - n) * (1 - math.exp(-(1 - n) * span / m))


def find_start(w: Window, sd: Vector, lookback: int) -> int:
    """The first bucket (0..lookback) where the extra volume is both clearly above the
    baseline's noise (`RISE_SD` of its sd `sd`) and a fifth of the burst's highest."""
    excess = np.nan_to_num(w.counts - w.base, nan=0.0)[: lookback + 1]
    if not len(excess):
        return 0
    rising = (excess > RISE_SD * sd[: len(excess)]) & (excess >= 0.2 * excess.max())
    return int(np.argmax(rising)) if rising.any() else int(np.argmax(excess))


def _exp_start(w: Window) -> list[float]:
    first = np.nan_to_num(w.counts[: max(1, round(60 / w.width))] - w.base[:1], nan=0.0)
    peak = max(float(first.max()) * 60 / w.width, 1.0)
    return [math.log(peak), math.log(120.0 - w.width / 2)]


def fit_shape(w: Window) -> ShapeFit:
    """Fit all three models and keep the one with the lowest QAIC."""
    x0 = _exp_start(w)
    g = max(1, round(60 / w.width))  # buckets per hour
    total = max(float(np.nansum(w.counts - w.base)), 2.0)
    candidates: dict[str, tuple[MeanFn, MLFit]] = {}
    m = _shock_exp(w)
    candidates["shock exponential"] = (
        m,
        fit_ml(m, w.counts, [[*x0, 0.0], [x0[0], math.log(30 - w.width / 2), 0.0]], g),
    )
    m = _shock_pow(w)
    starts = [
        [x0[0], logit(t / MAX_TAU), logit(th / MAX_THETA), 0.0] for t, th in ((20, 1), (120, 2))
    ]
    candidates["shock power_law"] = (m, fit_ml(m, w.counts, starts, g))
    m = _viral(w)
    starts = [
        [math.log(total * (1 - n)), logit(n / MAX_BRANCHING), math.log(d), 0.0]
        for n, d in ((0.5, 30), (0.9, 120))
    ]
    candidates["viral exponential"] = (m, fit_ml(m, w.counts, starts, g))
    # One dispersion for all, from the richest model that fits best, so QAICs compare.
    phi = min(dispersion_of(f) for _, f in candidates.values())
    scores = {name: qaic(f, phi) for name, (_, f) in candidates.items()}
    best = min(scores.values())
    # Within QAIC_SUPPORT of the best, the data cannot tell models apart: keep the simplest.
    close = [k for k, v in scores.items() if v <= best + QAIC_SUPPORT]
    name = min(close, key=lambda k: (candidates[k][1].k, scores[k]))
    mean, fit = candidates[name]
    shape, form = name.split()
    cov = fit.cov * phi
    if w.sigma > 0:
        level = _exp(fit.theta[-1])
        sandwich = cox_sandwich(mean, fit, w.counts, w.base * level, w.sigma, w.rho)
        cov = np.maximum(sandwich, cov) if np.all(np.isfinite(sandwich)) else cov
    half = Z95 * np.sqrt(np.maximum(np.diag(cov), 0.0))
    params = _params(name, fit.theta, fit.theta - half, fit.theta + half, w.width)
    return ShapeFit(shape, form, params, scores, phi, mean(fit.theta))


def _exp(x: float) -> float:
    return math.exp(min(float(x), 700.0))


def _params(name: str, t: Vector, lo: Vector, hi: Vector, width: float) -> dict[str, Estimate]:
    def exp_(i: int) -> Estimate:
        return Estimate(_exp(t[i]), _exp(lo[i]), _exp(hi[i]))

    if name == "shock exponential":
        half = [width / 2 + _exp(x[1]) for x in (t, lo, hi)]
        return {"peak_per_hour": exp_(0), "half_life": Estimate(*half)}
    if name == "shock power_law":
        p_mid, p_low, p_high = (_power_natural(x, width) for x in (t, lo, hi))
        return {
            "peak_per_hour": exp_(0),
            "tau": Estimate(p_mid[0], p_low[0], p_high[0]),
            "theta": Estimate(p_mid[1], p_low[1], p_high[1]),
        }
    v_mid, v_low, v_high = (_viral_natural(x, width) for x in (t, lo, hi))
    return {
        "seed_posts": Estimate(v_mid[0], v_low[0], v_high[0]),
        "branching": Estimate(v_mid[1], v_low[1], v_high[1]),
        "mean_delay": Estimate(v_mid[2], v_low[2], v_high[2]),
    }
