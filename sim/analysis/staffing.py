"""The planner's Erlang side: a team's queue as Erlang A sees it, and the load it faces.

The search (`sim.analysis.plan`) staffs each interval from Erlang A: first at the
interval's exact intensity, then at the load its simulated figures imply
(`effective_rate` inverts Erlang A on the observed service level and missed rate). An
occupancy cap is met by adding agents until Erlang A's occupancy is under it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from sim.analysis.erlang import erlang_a, staff_erlang_a
from sim.analysis.measure import Targets
from sim.engine.core import Engine
from sim.model.scenario import Scenario
from sim.model.team import Team


@dataclass(frozen=True)
class Queue:
    """The role's queue as Erlang A sees it: mean handle, patience and SLA (minutes)."""

    handle: float
    patience: float
    sla: float
    concurrency: int


def queue_of(scenario: Scenario, role: Team, engine: Engine) -> Queue:
    """Arrival-weighted patience and SLA over the mentions the role answered in a run."""
    mine = [m for m in engine.mentions if m.needs_response and m.handled_by == role.label]
    finite = [m.patience for m in mine if math.isfinite(m.patience)]
    patience = float(np.mean(finite)) if finite and len(finite) == len(mine) else math.inf
    sla = float(np.mean([m.sla_deadline - m.t for m in mine])) if mine else 60.0
    return Queue(role.handle_time.mean(), patience, sla, role.concurrency)


def erlang_agents(rate: float, q: Queue, targets: Targets) -> int:
    """Fewest agents Erlang A says meet the targets at this arrival rate (per minute)."""
    if rate <= 0:
        return 0
    slots = staff_erlang_a(
        rate, q.handle, q.patience, q.sla, targets.service_level, targets.max_missed
    )
    cap = targets.max_occupancy
    while cap is not None and erlang_a(rate, q.handle, slots, q.patience, q.sla).occupancy > cap:
        slots += 1  # occupancy falls as agents are added, so this ends near load / cap
    return math.ceil(slots / q.concurrency)


def effective_rate(
    service_level: float, missed: float, agents: int, q: Queue, fallback: float
) -> float:
    """The steady arrival rate at which Erlang A with these agents shows what we observed.

    Only what was observed counts: the result may be below the interval's own intensity,
    which is how the search goes below per-interval Erlang A. `fallback` (the search
    passes the work the team was seen to do, which another team sharing the channels may
    have taken part of) is used only when there is nothing to invert: every mention in
    SLA, none missed.
    """
    slots = agents * q.concurrency
    if slots <= 0:
        return fallback
    guesses: list[float] = []
    if service_level < 1:
        guesses.append(
            _invert(
                lambda lam: -erlang_a(lam, q.handle, slots, q.patience, q.sla).service_level,
                -service_level,
                fallback,
            )
        )
    if missed > 0 and math.isfinite(q.patience):
        guesses.append(
            _invert(
                lambda lam: erlang_a(lam, q.handle, slots, q.patience, q.sla).p_abandon,
                missed,
                fallback,
            )
        )
    return max(guesses) if guesses else fallback


def _invert(f: Callable[[float], float], value: float, start: float) -> float:
    """Smallest λ with f(λ) ≥ value, for f increasing in λ (bisection)."""
    lo, hi = 0.0, max(start, 1e-3)
    while f(hi) < value and hi < 1e6:
        hi *= 2
    for _ in range(40):
        mid = (lo + hi) / 2
        if f(mid) < value:
            lo = mid
        else:
            hi = mid
    return hi
