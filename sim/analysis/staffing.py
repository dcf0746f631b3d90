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

from scipy import optimize

from sim.analysis.erlang import erlang_a, staff_erlang_a
from sim.analysis.intensity import channel_shares
from sim.analysis.measure import Targets
from sim.model.protocol import Protocol
from sim.model.scenario import Scenario
from sim.model.team import Team


@dataclass(frozen=True)
class Queue:
    """The role's queue as Erlang A sees it: mean handle, patience and SLA (minutes)."""

    handle: float
    patience: float
    sla: float
    concurrency: int


def queue_of(scenario: Scenario, role: Team) -> Queue:
    """The role's mean handle time, and its patience and SLA averaged over its channels,
    each weighted by the mentions the scenario sends the role there (exact intensity).
    A channel whose customers never give up makes the patience infinite (Erlang C)."""
    weights = channel_shares(scenario, role)
    total = sum(weights.values())
    if total <= 0:
        return Queue(role.handle_time.mean(), math.inf, 60.0, role.concurrency)
    protocol = scenario.protocol
    patience = sum(w * _mean_patience(protocol, c) for c, w in weights.items()) / total
    sla = sum(w * protocol.sla_for(c) for c, w in weights.items()) / total
    return Queue(role.handle_time.mean(), patience, sla, role.concurrency)


def _mean_patience(protocol: Protocol, channel: str) -> float:
    spec = protocol.patience
    if isinstance(spec, dict):
        table = {str(k): v for k, v in spec.items()}
        spec = table.get(channel, table.get("default"))
    return math.inf if spec is None else spec.mean()


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
    """Smallest λ with f(λ) ≥ value, for f increasing in λ and continuous: the bracket
    is doubled from `start` until it holds the crossing, then Brent's method finds it
    to 1e-12 (about ten Erlang A evaluations where bisection to the same precision took
    forty; the search inverts two figures for every interval of every iteration)."""
    lo, hi = 0.0, max(start, 1e-3)
    while f(hi) < value and hi < 1e6:
        lo, hi = hi, hi * 2
    if f(hi) < value:
        return hi
    if f(lo) >= value:
        return lo
    root: float = optimize.brentq(lambda lam: f(lam) - value, lo, hi, xtol=1e-12, rtol=1e-12)
    return root
