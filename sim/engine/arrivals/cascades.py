"""Self-exciting (Hawkes) cascades, drawn by the branching method.

Each event has Poisson(n) children at its own time plus a kernel delay. That is exact for
any delay law we can sample from, and it vectorises generation by generation, where Ogata
thinning would need a Python loop per event.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from sim.engine.arrivals.checks import FloatArray, IntArray
from sim.engine.arrivals.kernels import Kernel
from sim.engine.arrivals.reach import ParetoReach, ReachLaw, ReachSampler

# A subcritical cascade is finite with probability one, but with a branching ratio near 1
# and a long horizon it can be astronomically large; these caps turn that into an error.
MAX_CASCADE_EVENTS = 5_000_000
MAX_GENERATIONS = 100_000


class CascadeTooLarge(RuntimeError):
    """A cascade grew past the event or generation cap instead of dying out."""


def hawkes_cascade(
    rng: np.random.Generator,
    seed_times: ArrayLike,
    branching: float,
    kernel: Kernel,
    t_end: float,
    reach: ReachSampler | None = None,
    reach_exponent: float = 0.0,
    *,
    max_events: int = MAX_CASCADE_EVENTS,
) -> tuple[FloatArray, IntArray]:
    """A self-exciting cascade from `seed_times`: (times, author reach), sorted by time.

    Branching method: every event has Poisson(n_i) children at its own time plus a
    `kernel` delay, drawn for a whole generation at once; children at or after `t_end` are
    dropped, and so are their descendants, which could only come later. The seeds are
    returned as given, first among equal times.

    With `reach_exponent` beta > 0 the cascade is marked, as in SEISMIC and Mishra &
    Rizoiu: n_i = branching * m_i^beta / E[m^beta], so influential authors beget more
    while the mean cascade size stays seeds / (1 - branching). That needs E[m^beta], so
    `reach` must then be a `ReachLaw` (such as `ParetoReach`); the default is
    `ParetoReach()` (alpha = 2.016, minimum = 50), valid for beta < alpha - 1.

    Raises ValueError for a branching ratio outside [0, 1), and CascadeTooLarge when the
    cascade exceeds `max_events` or MAX_GENERATIONS rather than running without end.
    """
    if not 0 <= branching < 1:
        raise ValueError(
            f"branching ratio must be in [0, 1), got {branching!r}: at 1 or above a "
            "cascade never dies out"
        )
    if not reach_exponent >= 0:
        raise ValueError(f"reach_exponent must be >= 0, got {reach_exponent!r}")
    sampler: ReachSampler = ParetoReach() if reach is None else reach
    norm = _reach_moment(sampler, reach_exponent)
    seeds = np.asarray(seed_times, dtype=np.float64).ravel()
    if len(seeds) > max_events:
        raise CascadeTooLarge(f"{len(seeds)} seeds exceed the cap of {max_events} events")

    times, reaches = [seeds], [sampler(rng, len(seeds))]
    parents_t, parents_m = times[0], reaches[0]
    total = len(seeds)
    for _ in range(MAX_GENERATIONS):
        if len(parents_t) == 0:
            break
        if reach_exponent > 0:
            mean_children = branching * parents_m.astype(np.float64) ** reach_exponent / norm
            counts = rng.poisson(mean_children)
        else:
            counts = rng.poisson(branching, len(parents_t))
        born = int(counts.sum())
        if born == 0:
            break
        child_t = np.repeat(parents_t, counts) + kernel.sample(rng, born)
        child_t = child_t[child_t < t_end]
        total += len(child_t)
        if total > max_events:
            raise CascadeTooLarge(
                f"cascade passed {max_events} events (branching {branching}); "
                "lower the branching ratio, the seeds or the horizon"
            )
        parents_t, parents_m = child_t, sampler(rng, len(child_t))
        times.append(parents_t)
        reaches.append(parents_m)
    else:
        raise CascadeTooLarge(f"cascade still growing after {MAX_GENERATIONS} generations")

    all_t = np.concatenate(times)
    order = np.argsort(all_t, kind="stable")
    return all_t[order], np.concatenate(reaches).astype(np.int64)[order]


def _reach_moment(sampler: ReachSampler, beta: float) -> float:
    """E[m^beta] for the marked cascade; 1 when unmarked."""
    if beta == 0:
        return 1.0
    if not isinstance(sampler, ReachLaw):
        raise ValueError(
            "a cascade with reach_exponent > 0 needs a reach law that knows its moments "
            "(for example ParetoReach(alpha, minimum)), not a bare sampling function"
        )
    return sampler.moment(beta)
