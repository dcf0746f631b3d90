"""A schedule judged on fresh replications: seeds the search never saw.

The search decides on its own replications by confidence bounds; a reader judges the
result by what a new run shows. So every schedule the planner reports (the plan, per-
interval Erlang A, a roster) is run again on fresh seeds and read by point estimates,
interval by interval and per targeted channel, with the misses whose whole 95% interval
lies beyond the target called out as clear ones. `failed` holds the misses these seeds
show at the planner's own confidence: what the plan's proof acts on. A point estimate
alone is no proof on a thin channel: phone on recall carries 2 to 14 calls an hour, so
20 replications see 40 to 280 calls and a missed rate's standard error of 1.5 to 3.5
points; raising every interval whose estimate lands above 5% chases that noise.

Fresh seeds come in blocks, one per proving round, far from the planning replications:
the plan's proof uses the first blocks, a roster's proof its own range above them, so no
round is judged on seeds an earlier decision was fitted to.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from sim.analysis.measure import (
    Performance,
    Targets,
    channel_counts,
    meets,
    performance,
    with_schedule,
)
from sim.analysis.progress import Tracker
from sim.model.scenario import Scenario

FRESH_OFFSET = 1_000_000  # validation replications: far from the planning ones
FRESH_BLOCK = 100_000  # each proving round draws its fresh seeds from a block of its own
ROSTER_BLOCKS = 10  # a roster's rounds use blocks from here on; a plan's, those below


def fresh_seeds(block: int, replications: int) -> range:
    """The replications of fresh block `block` (0 is the plan's first check)."""
    first = FRESH_OFFSET + block * FRESH_BLOCK
    return range(first, first + replications)


@dataclass(frozen=True)
class Check:
    """A schedule evaluated on fresh replications (seeds the plan never saw)."""

    schedule: str
    agent_hours: float
    below_target: int  # intervals whose estimate misses a target
    significantly_below: int  # intervals whose whole 95% interval misses a target
    worst_service_level: float
    worst_missed_rate: float
    mentions_simulated: int = 0
    below: list[int] = field(default_factory=list)  # indexes of the intervals below target
    service_levels: list[float] = field(default_factory=list)  # per interval
    missed_rates: list[float] = field(default_factory=list)  # per interval
    # channel -> {"service_level": [...], "missed_rate": [...]} for channels with targets
    by_channel: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    # intervals these seeds show below a target at the planner's own confidence (one-sided)
    failed: list[int] = field(default_factory=list)


def check_schedule(
    track: Tracker,
    scenario: Scenario,
    role: str,
    name: str,
    agents: list[int],
    interval: float,
    seed: int,
    reps: range,
    targets: Targets,
) -> Check:
    """A per-interval schedule run on `reps` (fresh seeds) and judged interval by interval."""
    staffed = with_schedule(scenario, role, agents, interval)
    return judge(track.evaluate(staffed, seed, reps, role, interval), name,
                 sum(agents) * interval / 60, targets)  # fmt: skip


def judge(counts: NDArray[np.float64], name: str, hours: float, targets: Targets) -> Check:
    """Point estimates against the targets, and which misses are clear (whole 95% interval)."""
    perf = performance(counts)
    point = Targets(targets.service_level, targets.max_missed, 0.5)
    below = ~meets(perf, point)
    significant = _beyond(perf, targets.service_level, targets.max_missed, 1.96)
    failed = _beyond(perf, targets.service_level, targets.max_missed, targets.z)
    by_channel = {}
    for j, c in enumerate(targets.by_channel):
        own = performance(channel_counts(counts, j))
        below |= ~meets(own, Targets(c.service_level, c.max_missed, 0.5))
        significant |= _beyond(own, c.service_level, c.max_missed, 1.96)
        failed |= _beyond(own, c.service_level, c.max_missed, targets.z)
        by_channel[c.channel] = {
            "service_level": [float(x) for x in own.service_level],
            "missed_rate": [float(x) for x in own.missed_rate],
        }
    busy = perf.settled > 0
    return Check(
        schedule=name,
        agent_hours=hours,
        below_target=int(below.sum()),
        significantly_below=int(significant.sum()),
        worst_service_level=float(perf.service_level[busy].min()) if busy.any() else 1.0,
        worst_missed_rate=float(perf.missed_rate[busy].max()) if busy.any() else 0.0,
        mentions_simulated=int(counts[:, 5].sum()),
        below=[int(i) for i in np.flatnonzero(below)],
        service_levels=[float(x) for x in perf.service_level],
        missed_rates=[float(x) for x in perf.missed_rate],
        by_channel=by_channel,
        failed=[int(i) for i in np.flatnonzero(failed)],
    )


def _beyond(perf: Performance, sl: float, missed: float, z: float) -> NDArray[np.bool_]:
    """Intervals whose one-sided bound at `z` lies wholly on the wrong side of a target."""
    return np.asarray(
        (perf.service_level + z * perf.service_level_se < sl - 1e-12)
        | (perf.missed_rate - z * perf.missed_rate_se > missed + 1e-12),
        dtype=np.bool_,
    )
