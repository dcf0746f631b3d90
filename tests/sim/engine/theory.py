"""Estimates of a long run's per-mention outcomes with their sampling error.

Shared by the tests that hold the engine to queueing theory: batch means over arrival
cohorts after the warm-up give each figure a standard error, and a figure agrees with
theory when it lies within `Z` of them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

from sim.engine.core import Engine
from sim.engine.mentions import State

Z = 3.5


@dataclass
class Estimate:
    mean: float
    se: float

    def agrees(self, theory: float) -> bool:
        return abs(self.mean - theory) <= Z * self.se + 1e-12


def batch_means(values: np.ndarray, batches: np.ndarray, k: int) -> Estimate:
    """Mean of per-batch means, with its standard error (t-based, k-1 df)."""
    means = np.array([values[batches == b].mean() for b in range(k)])
    se = means.std(ddof=1) / math.sqrt(k) * stats.t.ppf(0.975, k - 1) / 1.96
    return Estimate(float(means.mean()), float(se))


def cohort_estimates(engine: Engine, tail_hours: float, k: int = 20) -> dict[str, Estimate]:
    """Per-mention outcomes of arrivals after the warm-up, cut into k batches by arrival."""
    start = engine.warmup
    end = engine.duration - tail_hours * 60
    cohort = [m for m in engine.mentions if start <= m.t < end]
    assert all(m.state in (State.DONE, State.MISSED) for m in cohort), "cohort not settled"
    t = np.array([m.t for m in cohort])
    batches = np.minimum(((t - start) / ((end - start) / k)).astype(int), k - 1)
    in_sla = np.array([m.state is State.DONE and m.in_sla for m in cohort], dtype=float)
    missed = np.array([m.state is State.MISSED for m in cohort], dtype=float)
    waited = np.array(
        [(m.t_start if m.state is State.DONE else m.t_end) - m.t for m in cohort], dtype=float
    )
    return {
        "service_level": batch_means(in_sla, batches, k),
        "missed_rate": batch_means(missed, batches, k),
        "mean_wait": batch_means(waited, batches, k),
    }
