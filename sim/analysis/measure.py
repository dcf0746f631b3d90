"""How a staffing schedule does, measured by replications, interval by interval.

Each replication is counted by the interval a mention arrived in (its cohort), so a
backlog's misses are charged to the hour that caused them; rates are pooled across
replications, with standard errors from their spread, and an interval meets the targets
when its one-sided confidence bounds do.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from operator import attrgetter
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from sim.analysis.replications import Mapper
from sim.engine.core import Engine
from sim.engine.mentions import Mention, State
from sim.model.scenario import Scenario
from sim.model.team import Schedule


@dataclass(frozen=True)
class ChannelTarget:
    """A channel's own targets, on top of the pooled ones: e.g. phone answered within 1
    minute for 80% and missed at most 5%. `within` None: the protocol's SLA for it."""

    channel: str
    service_level: float
    max_missed: float
    within: float | None = None


@dataclass(frozen=True)
class Targets:
    """What every interval must meet. `max_occupancy` (a share of the agents' time spent
    handling, e.g. 0.85) keeps people from running flat out; None means no cap."""

    service_level: float = 0.9
    max_missed: float = 0.02
    confidence: float = 0.9
    max_occupancy: float | None = None
    by_channel: tuple[ChannelTarget, ...] = ()

    @property
    def channels(self) -> tuple[tuple[str, float | None], ...]:
        """What cohort counting needs to know: each targeted channel and its threshold."""
        return tuple((c.channel, c.within) for c in self.by_channel)

    @property
    def z(self) -> float:
        return float(stats.norm.ppf(self.confidence)) if self.confidence > 0.5 else 0.0


# ---------------------------------------------------------------------- one replication


def with_schedule(scenario: Scenario, role: str, agents: list[int], interval: float) -> Scenario:
    """The scenario with `role`'s staffing replaced by agents per interval."""
    schedule = Schedule.model_construct(interval=interval, agents=list(agents))
    team = [
        t.model_copy(update={"schedule": schedule, "shifts": [], "agents": 0})
        if t.label == role
        else t
        for t in scenario.team
    ]
    return scenario.model_copy(update={"team": team})


Channels = tuple[tuple[str, float | None], ...]  # targeted channels and their thresholds
ROWS = 7  # needs, settled, in SLA, missed, busy minutes, every mention, unshaped arrivals


def cohort_counts(
    scenario: Scenario,
    seed: int,
    replication: int,
    role: str,
    interval: float,
    channels: Channels = (),
) -> NDArray[np.float64]:
    """One replication, counted by arrival interval: rows are needing-response mentions the
    role can answer, settled ones, answered in SLA, missed, the role's busy minutes inside
    each interval (by the clock, for occupancy), every mention simulated (for throughput
    figures), and the answerable mentions from sources with no closed-form rate (viral
    cascades, follow-ups), which the exact intensity leaves to measurement. Then, for each
    of `channels` (name, threshold in minutes or None for the SLA), four rows like the
    first four, for that channel's mentions only, "in SLA" read against the threshold."""
    return _replicate(scenario, seed, replication,
                      lambda engine: count_role(engine, role, interval, channels))  # fmt: skip


def team_counts(
    scenario: Scenario,
    seed: int,
    replication: int,
    teams: tuple[tuple[str, Channels], ...],
    interval: float,
) -> list[NDArray[np.float64]]:
    """One replication counted for several teams at once (each with its targeted
    channels): what `cohort_counts` gives each, from a single run."""
    return _replicate(scenario, seed, replication,
                      lambda engine: [count_role(engine, role, interval, channels)
                                      for role, channels in teams])  # fmt: skip


T = TypeVar("T")


def _replicate(scenario: Scenario, seed: int, replication: int, count: Callable[[Engine], T]) -> T:
    """Run one replication and count it, the garbage collector resting throughout; then
    collect the youngest generation once. Every object of the finished engine was made
    meanwhile, so its reference cycles go in that one pass. Left on, the collector would
    trace the live engine while the count allocates, move it to older generations, and
    trace it again there once dead (about 4% of a planner's replication)."""
    was = gc.isenabled()
    gc.disable()
    try:
        return _run(scenario, seed, replication, count)  # its frame, and the engine, are gone
    finally:
        gc.collect(0)
        if was:
            gc.enable()


def _run(scenario: Scenario, seed: int, replication: int, count: Callable[[Engine], T]) -> T:
    engine = Engine(scenario, seed, replication=replication)
    engine.run_until(scenario.meta.duration)
    return count(engine)


def count_role(
    engine: Engine, role: str, interval: float, channels: Channels = ()
) -> NDArray[np.float64]:
    """A finished run's rows for `role` (see `cohort_counts`).

    One pass over the mentions picks the role's answerable ones (whether the group can
    handle a channel, kind and topic is asked once per combination, not per mention);
    the rest is numpy on their fields. This runs once per replication of every iteration,
    so it is part of what a plan costs."""
    group = next(g for g in engine.groups if g.label == role)
    shaped = [s.index for s in engine.sources if s.shape is not None]
    k = math.ceil(engine.scenario.meta.duration / interval)
    out = np.zeros((ROWS + 4 * len(channels), k))
    able: dict[tuple[str, str, str], bool] = {}
    served: list[tuple[float, float]] = []
    mine: list[Mention] = []
    ms = engine.mentions
    every = np.fromiter(map(_FIELDS[0], ms), np.float64, len(ms))
    for m in ms:
        if m.handled_by == role:
            served.append((m.t_start, m.handle))
        if m.needs_response and m.state is not State.ADVOCATE:
            key = (m.channel, m.kind, m.topic)
            ok = able.get(key)
            if ok is None:
                ok = able[key] = group.can_handle(*key)
            if ok:
                mine.append(m)
    if every.size:
        out[5] = np.bincount(_index(every, interval, k), minlength=k)
    if served:
        begin, length = np.array(served, dtype=np.float64).T
        out[4] = busy_minutes(begin, begin + length, interval, k)
    if not mine:
        return out
    n = len(mine)
    t, state, in_sla, gave_up, source, t_start = (
        np.fromiter(map(get, mine), np.float64, n) for get in _FIELDS
    )
    idx = _index(t, interval, k)
    settled = (state != State.NEW) & (state != State.WAITING)
    answered = np.isin(state, _ANSWERED)
    gave = gave_up > 0  # missed: its author gave up (the post may have been answered later)
    rows = (settled, answered & (in_sla > 0), gave, ~np.isin(source, shaped))
    _cohorts(out, 0, idx, rows[:3], k)
    out[6] = np.bincount(idx, weights=rows[3], minlength=k)
    if channels:
        names = np.array([m.channel for m in mine])
        for j, (channel, within) in enumerate(channels):
            on = names == channel
            hit = answered & (in_sla > 0) if within is None else answered & (t_start - t <= within)
            _cohorts(out, ROWS + 4 * j, idx[on], (settled[on], hit[on], gave[on]), k)
    return out


_FIELDS = tuple(attrgetter(f) for f in ("t", "state", "in_sla", "gave_up", "source", "t_start"))
_ANSWERED = (State.SERVING, State.DONE, State.OFFLINE)


def _index(t: NDArray[np.float64], interval: float, k: int) -> NDArray[np.int64]:
    """The interval each time falls in (the last takes anything at or past the end)."""
    return np.minimum((t // interval).astype(np.int64), k - 1)


def _cohorts(
    out: NDArray[np.float64],
    row: int,
    idx: NDArray[np.int64],
    flags: tuple[NDArray[np.bool_], ...],
    k: int,
) -> None:
    """Rows `row`.. of `out`: mentions per cohort, then how many of them each flag holds."""
    out[row] = np.bincount(idx, minlength=k)
    for j, flag in enumerate(flags, start=1):
        out[row + j] = np.bincount(idx, weights=flag, minlength=k)


def channel_counts(counts: NDArray[np.float64], j: int) -> NDArray[np.float64]:
    """The j-th targeted channel's rows, shaped like the pooled counts' first four."""
    return counts[:, ROWS + 4 * j : ROWS + 4 * j + 4]


def busy_minutes(
    begin: NDArray[np.float64], end: NDArray[np.float64], interval: float, k: int
) -> NDArray[np.float64]:
    """Minutes of [begin, end) spans that fall inside each interval of the clock.

    Busy time up to x is sum(clip(x - begin, 0, end - begin)) = sum over begin < x of
    (x - begin) minus sum over end < x of (x - end): two sorted cumulative sums.
    """

    def up_to(marks: NDArray[np.float64], x: NDArray[np.float64]) -> NDArray[np.float64]:
        marks = np.sort(marks)
        before = np.searchsorted(marks, x, side="left")
        total = np.concatenate(([0.0], np.cumsum(marks)))
        return np.asarray(before * x - total[before], dtype=np.float64)

    edges = np.arange(k + 1, dtype=np.float64) * interval
    busy = up_to(begin, edges) - up_to(end, edges)
    return np.diff(busy)


def evaluate(
    mapper: Mapper,
    scenario: Scenario,
    seed: int,
    replications: range,
    role: str,
    interval: float,
    channels: tuple[tuple[str, float | None], ...] = (),
) -> NDArray[np.float64]:
    """Counts per replication, in order: an array (replications, rows, intervals)."""
    return np.stack(list(evaluate_each(mapper, scenario, seed, replications, role, interval,
                                       channels)))  # fmt: skip


def evaluate_each(
    mapper: Mapper,
    scenario: Scenario,
    seed: int,
    replications: range,
    role: str,
    interval: float,
    channels: Channels = (),
) -> Iterator[NDArray[np.float64]]:
    """Each replication's counts, in order, as it finishes (all of them under way at once)."""
    calls = [(scenario, seed, r, role, interval, channels) for r in replications]
    return mapper.imap(cohort_counts, calls)


def evaluate_teams(
    mapper: Mapper,
    scenario: Scenario,
    seed: int,
    replications: range,
    teams: tuple[tuple[str, Channels], ...],
    interval: float,
) -> list[NDArray[np.float64]]:
    """Per team, in `teams`' order: counts shaped like `evaluate`'s, from one run each."""
    per_rep = list(evaluate_teams_each(mapper, scenario, seed, replications, teams, interval))
    return [np.stack([rep[j] for rep in per_rep]) for j in range(len(teams))]


def evaluate_teams_each(
    mapper: Mapper,
    scenario: Scenario,
    seed: int,
    replications: range,
    teams: tuple[tuple[str, Channels], ...],
    interval: float,
) -> Iterator[list[NDArray[np.float64]]]:
    """Each replication's counts per team, in order, as it finishes."""
    calls = [(scenario, seed, r, teams, interval) for r in replications]
    return mapper.imap(team_counts, calls)


# ---------------------------------------------------------------------- statistics


@dataclass(frozen=True)
class Performance:
    service_level: NDArray[np.float64]
    service_level_se: NDArray[np.float64]
    missed_rate: NDArray[np.float64]
    missed_rate_se: NDArray[np.float64]
    settled: NDArray[np.float64]  # per replication, mean


def performance(counts: NDArray[np.float64]) -> Performance:
    """Pooled rates per interval, with standard errors from the spread across replications."""
    needs, settled, in_sla, missed = counts[:, 0], counts[:, 1], counts[:, 2], counts[:, 3]
    total = settled.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        sl = np.where(total > 0, in_sla.sum(axis=0) / total, 1.0)
        mr = np.where(total > 0, missed.sum(axis=0) / total, 0.0)
        per_sl = np.where(settled > 0, in_sla / settled, np.nan)
        per_mr = np.where(settled > 0, missed / settled, np.nan)
    r = counts.shape[0]
    sl_se = _se(per_sl, r)
    mr_se = _se(per_mr, r)
    del needs
    return Performance(sl, sl_se, mr, mr_se, settled.mean(axis=0))


def _se(per_rep: NDArray[np.float64], r: int) -> NDArray[np.float64]:
    if r < 2:
        return np.zeros(per_rep.shape[1])
    valid = np.sum(~np.isnan(per_rep), axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        sd = np.nanstd(np.where(valid >= 2, per_rep, 0.0), axis=0, ddof=1)
        se = np.where(valid >= 2, sd / np.sqrt(np.maximum(valid, 1)), 0.0)
    return np.nan_to_num(se)


def occupancy(counts: NDArray[np.float64], slots: list[float]) -> NDArray[np.float64]:
    """Mean share of the agents' time spent handling, per interval (`slots`: agent-minutes
    times concurrency on offer in each interval); an interval with nobody on reads 0."""
    busy = counts[:, 4].mean(axis=0)
    offered = np.asarray(slots, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(offered > 0, busy / offered, 0.0)


def meets(
    perf: Performance, targets: Targets, occupied: NDArray[np.float64] | None = None
) -> NDArray[np.bool_]:
    """Intervals whose confidence bounds meet the targets (and the occupancy cap, if any)."""
    z = targets.z
    ok = (perf.service_level - z * perf.service_level_se >= targets.service_level - 1e-12) & (
        perf.missed_rate + z * perf.missed_rate_se <= targets.max_missed + 1e-12
    )
    if targets.max_occupancy is not None and occupied is not None:
        ok &= occupied <= targets.max_occupancy + 1e-12
    return np.asarray(ok, dtype=np.bool_)


def meets_all(
    counts: NDArray[np.float64], targets: Targets, occupied: NDArray[np.float64] | None = None
) -> NDArray[np.bool_]:
    """The pooled targets, the occupancy cap and every channel's own targets, per interval."""
    ok = meets(performance(counts), targets, occupied)
    for j, c in enumerate(targets.by_channel):
        own = Targets(c.service_level, c.max_missed, targets.confidence)
        ok &= meets(performance(channel_counts(counts, j)), own)
    return ok
