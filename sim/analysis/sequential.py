"""Sequential sampling: replications are added to an iteration only while it is undecided.

The search's iterations all run the same replications (common random numbers), but most
iterations only move the staffing: an interval that clearly fails will be raised whatever
the remaining replications say. So an iteration runs its replications in stages, a first
batch and then a few more at a time, and stops as soon as the iteration's outcome is
settled: some interval clearly fails (the staffing will change, so this cannot be the last
iteration), or every interval clearly meets the targets. Only an iteration with neither
runs all of them, and there the planner's own rule decides as before.

"Clearly" is judged at the planner's confidence with Student's t on the replications run
so far (n − 1 degrees of freedom), wider than the normal bound the full set is judged by:
few replications must show more to decide. An interval that is neither clearly in nor
clearly out after an early stop keeps its staffing until an iteration decides it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from sim.analysis.measure import (
    Performance,
    Targets,
    channel_counts,
    meets_all,
    occupancy,
    performance,
)
from sim.analysis.progress import Tracker
from sim.model.scenario import Scenario

FIRST_SHARE = 0.25  # the first stage runs a quarter of the replications
MIN_FIRST = 4  # and never fewer than this: a spread from 2 or 3 is no spread


@dataclass(frozen=True)
class Verdict:
    """What an iteration's replications so far say about each interval."""

    met: NDArray[np.bool_]  # meets every target (the planner's rule on a full set)
    failed: NDArray[np.bool_]  # misses one: clearly, before the full set; else not met
    replications: int
    complete: bool  # every planned replication ran

    @property
    def settled(self) -> bool:
        """Nothing more to learn here: a full set, a clear failure, or all clearly met."""
        return self.complete or bool(self.failed.any()) or bool(self.met.all())


def stages(replications: int, unit: int = 2) -> list[int]:
    """Replications run after each stage: a first batch, then steps, both whole multiples
    of `unit` (two, so two workers share every stage evenly), ending at all of them. The
    marks do not depend on how many workers run them: a plan must not either."""
    unit = max(1, unit)
    first = max(MIN_FIRST, math.ceil(replications * FIRST_SHARE))
    first = min(replications, unit * math.ceil(first / unit))
    step = unit * max(1, math.ceil(replications * FIRST_SHARE / 2 / unit))
    marks = list(range(first, replications, step))
    return [*marks, replications] if marks else [replications]


def judge_iteration(
    counts: NDArray[np.float64], targets: Targets, occupied: NDArray[np.float64], complete: bool
) -> Verdict:
    """The planner's rule on a full set of replications; clear verdicts on a partial one."""
    n = counts.shape[0]
    if complete:
        ok = meets_all(counts, targets, occupied)
        return Verdict(ok, ~ok, n, True)
    q = float(stats.t.ppf(targets.confidence, n - 1)) if n > 1 else math.inf
    capped = targets.max_occupancy is not None
    met = ~capped | (occupied <= (targets.max_occupancy or 0) + 1e-12)
    failed = capped & (occupied > (targets.max_occupancy or 0) + 1e-12)
    pairs = [(performance(counts), targets.service_level, targets.max_missed)]
    for j, c in enumerate(targets.by_channel):
        pairs.append((performance(channel_counts(counts, j)), c.service_level, c.max_missed))
    for perf, sl, missed in pairs:
        good, bad = _bounds(perf, q, sl, missed)
        met &= good
        failed |= bad
    return Verdict(np.asarray(met, np.bool_), np.asarray(failed & ~met, np.bool_), n, False)


def _bounds(
    perf: Performance, q: float, sl: float, missed: float
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """Clearly meets (both bounds on the right side) and clearly misses (one bound wrong)."""
    with np.errstate(invalid="ignore"):
        sl_lo = perf.service_level - q * perf.service_level_se
        sl_hi = perf.service_level + q * perf.service_level_se
        mr_lo = perf.missed_rate - q * perf.missed_rate_se
        mr_hi = perf.missed_rate + q * perf.missed_rate_se
    good = (sl_lo >= sl - 1e-12) & (mr_hi <= missed + 1e-12)
    bad = (sl_hi < sl - 1e-12) | (mr_lo > missed + 1e-12)
    return good, bad


def sample(
    track: Tracker,
    scenario: Scenario,
    seed: int,
    reps: range,
    role: str,
    interval: float,
    decide: Judge,
) -> tuple[NDArray[np.float64], Verdict]:
    """Run `reps` in stages until `decide` settles the iteration; the counts so far."""
    parts: list[NDArray[np.float64]] = []
    done = 0
    for upto in stages(len(reps)):
        part = track.evaluate(scenario, seed, reps[done:upto], role, interval, base=done,
                              total=len(reps))  # fmt: skip
        parts.append(part)
        done = upto
        counts = np.concatenate(parts)
        verdict = decide(counts, done == len(reps))
        if verdict.settled:
            break
    return counts, verdict


class Judge:
    """Judges an iteration's counts against fixed targets and slots (see `judge_iteration`)."""

    def __init__(self, targets: Targets, slots: list[float]) -> None:
        self.targets = targets
        self.slots = slots

    def __call__(self, counts: NDArray[np.float64], complete: bool) -> Verdict:
        occupied = occupancy(counts, self.slots)
        return judge_iteration(counts, self.targets, occupied, complete)
