"""Exact steady-state baselines for one queue: Erlang C (M/M/c) and Erlang A (M/M/c+M).

The simulator is checked against these, so they are exact formulas, not approximations, and
written to stay finite for hundreds of agents and offered loads near 1000 erlangs: no
factorials, only a ratio recursion for Erlang B, regularised incomplete gamma functions and,
where those underflow, a series summed directly.

Times are minutes, rates per minute. ``a = arrival_rate * mean_handle`` is the offered load.

Erlang A (exponential patience with rate ``theta``) follows Garnett, Mandelbaum & Reiman,
"Designing a call center with impatient customers", MSOM 4(3), 2002, and the formulas of
Mandelbaum & Zeltyn, "The M/M/n+G queue: summary of performance measures" (Technion), in
their notation: ``x = n*mu/theta``, ``y = lambda/theta``, ``rho = lambda/(n*mu)`` and

    A(x, y) = x e^y y^-x gamma(x, y) = sum_k y^k / ((x+1)(x+2)...(x+k)),

which is the stationary mass of the states with a queue, relative to the state "n busy,
nobody waiting".
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import special


@dataclass(frozen=True)
class QueueFigures:
    """Steady-state figures of one queue, each over ALL arrivals."""

    p_wait: float  # P(an arrival has to wait)
    p_abandon: float  # P(an arrival abandons); 0 for Erlang C
    mean_wait: float  # mean time in queue, abandoners' included; inf for unstable Erlang C
    service_level: float  # P(served AND wait <= sla)
    occupancy: float  # mean fraction of agents busy


_IDLE = QueueFigures(p_wait=0.0, p_abandon=0.0, mean_wait=0.0, service_level=1.0, occupancy=0.0)


def _check(arrival_rate: float, mean_handle: float, agents: int, sla: float) -> None:
    if not arrival_rate >= 0 or not math.isfinite(arrival_rate):
        raise ValueError(f"arrival_rate must be finite and >= 0, got {arrival_rate}")
    if not mean_handle > 0 or not math.isfinite(mean_handle):
        raise ValueError(f"mean_handle must be finite and > 0, got {mean_handle}")
    if agents < 0:
        raise ValueError(f"agents must be >= 0, got {agents}")
    if not sla >= 0:
        raise ValueError(f"sla must be >= 0, got {sla}")


def _log_idle_ratio(load: float, agents: int) -> float:
    """log R, with R = sum_{j<n} p_j / p_n = 1/ErlangB(n, a) - 1 for the states with idle agents.

    The recursion R_k = (k/a)(1 + R_{k-1}) adds only positive terms, so it loses no digits; it
    overflows to inf only where P(wait) is below 1e-300 anyway.
    """
    ratio = 0.0
    for k in range(1, agents + 1):
        ratio = k / load * (1.0 + ratio)
    return math.log(ratio) if ratio > 0 else -math.inf


def _series(x: float, y: float) -> NDArray[np.float64]:
    """The terms t_k = y^k / ((x+1)(x+2)...(x+k)), k = 0, 1, ..., of A(x, y), for y < x.

    They fall at least as fast as (y/(x+1))^k and as exp(-k^2/(4x)); the sum is cut where
    either bound reaches e^-50.
    """
    ratio = y / (x + 1)
    count = min(math.sqrt(200 * (x + 1)), 50 / -math.log(ratio)) if ratio > 0 else 0
    terms = np.ones(int(count) + 2)
    terms[1:] = np.cumprod(y / (x + np.arange(1, len(terms))))
    return terms


def _waiting(x: float, y: float, theta_sla: float) -> tuple[float, float, float]:
    """log A(x, y), P(abandon | wait) and P(served, W <= T | wait) for Erlang A.

    For y >= x (load at or above capacity) the regularised incomplete gammas P(s, y) are of
    order 1 and the closed forms are used as they stand. Below capacity P(x, y) underflows once
    y << x (many agents, long patience), so A is summed as a series instead; that also gives
    P(abandon | wait) as a sum of positive terms, sum t_k (k+1)/(x+k+1) / A, with no
    cancellation when almost nobody abandons. The chance of being served later than T is then
    the closed form rewritten with gamma(s, z) = z^s e^-z A(s, z) / s:
    x / ((x+1) A) e^(y - y_T - (x+1) theta T) A(x+1, y_T), with y_T = y e^(-theta T).
    """
    y_sla = y * math.exp(-theta_sla)
    if y >= x:
        p = special.gammainc(x, y)
        log_a = y - x * math.log(y) + math.lgamma(x + 1) + math.log(p)
        served = special.gammainc(x + 1, y)
        in_sla = x / y * (served - special.gammainc(x + 1, y_sla)) / p
        return log_a, max(0.0, 1.0 - x / y * served / p), in_sla
    terms = _series(x, y)
    a = float(terms.sum())
    k = np.arange(len(terms))
    abandon = float((terms * (k + 1) / (x + k + 1)).sum()) / a
    log_late = math.log(_series(x + 1, y_sla).sum()) - (x + 1) * theta_sla
    late = x / (x + 1) * math.exp(log_late + y * -math.expm1(-theta_sla)) / a
    return math.log(a), abandon, max(0.0, 1.0 - abandon - late)


def erlang_c(arrival_rate: float, mean_handle: float, agents: int, sla: float) -> QueueFigures:
    """M/M/c, nobody abandons: the classic Erlang C formula.

    P(wait) = 1 / (1 + R (1 - rho)), E[W] = P(wait) / (c mu - lambda),
    SL = 1 - P(wait) exp(-(c mu - lambda) T). With load >= agents there is no steady state: the
    queue grows without bound, so P(wait) = 1, E[W] = inf and SL = 0 (never a negative wait).
    """
    _check(arrival_rate, mean_handle, agents, sla)
    if arrival_rate == 0:
        return _IDLE
    load = arrival_rate * mean_handle
    if load >= agents:
        return QueueFigures(1.0, 0.0, math.inf, 0.0, 1.0)
    p_wait = 1.0 / (1.0 + math.exp(_log_idle_ratio(load, agents)) * (1.0 - load / agents))
    drain = (agents - load) / mean_handle  # c mu - lambda
    return QueueFigures(
        p_wait=p_wait,
        p_abandon=0.0,
        mean_wait=p_wait / drain,
        service_level=1.0 - p_wait * math.exp(-drain * sla),
        occupancy=load / agents,
    )


def erlang_a(
    arrival_rate: float, mean_handle: float, agents: int, mean_patience: float, sla: float
) -> QueueFigures:
    """M/M/c+M, always stable: Garnett, Mandelbaum & Reiman (2002), Mandelbaum & Zeltyn.

    With P(s, z) the regularised lower incomplete gamma and R as in `_log_idle_ratio`:
    P(wait) = A / (A + R), A = A(x, y);
    P(served | wait) = (x/y) P(x+1, y) / P(x, y) = (1 - 1/A) / rho (M&Z);
    P(served, W <= T | wait) = (x/y) (P(x+1, y) - P(x+1, y e^(-theta T))) / P(x, y);
    E[W] = P(abandon) / theta: abandonments happen at rate theta E[queue] = lambda P(abandon),
    and E[queue] = lambda E[W] by Little's law.
    The SLA term integrates the virtual wait V (what an infinitely patient arrival would wait)
    over V <= T, weighted by e^(-theta V), the chance that patience outlasts it. Summed over the
    queue lengths an arrival can find, V has measure pi_n x (1-u)^(x-1) e^(y u) du in
    u = 1 - e^(-theta V), which integrates to incomplete gammas; `_waiting` evaluates all of
    these without underflow.
    An infinite ``mean_patience`` is Erlang C.
    """
    _check(arrival_rate, mean_handle, agents, sla)
    if not mean_patience > 0:
        raise ValueError(f"mean_patience must be > 0, got {mean_patience}")
    if math.isinf(mean_patience):
        return erlang_c(arrival_rate, mean_handle, agents, sla)
    if arrival_rate == 0:
        return _IDLE
    theta = 1.0 / mean_patience
    x = agents * mean_patience / mean_handle
    y = arrival_rate * mean_patience
    log_a, abandon_if_wait, in_sla = _waiting(x, y, theta * sla)
    p_wait = float(special.expit(log_a - _log_idle_ratio(arrival_rate * mean_handle, agents)))
    p_abandon = p_wait * abandon_if_wait
    served = arrival_rate * (1.0 - p_abandon)
    return QueueFigures(
        p_wait=p_wait,
        p_abandon=p_abandon,
        mean_wait=p_abandon * mean_patience,
        service_level=1.0 - p_wait + p_wait * in_sla,
        occupancy=min(1.0, served * mean_handle / agents) if agents else 0.0,
    )


def _fewest(meets: Callable[[int], bool], start: int) -> int:
    """Smallest n >= start with meets(n), for a criterion that stays met once met.

    Gallops up from ``start`` and then bisects, so a search over ~1000 agents costs ~20 calls.
    """
    if meets(start):
        return start
    failing, step = start, 1
    while not meets(failing + step):
        failing, step = failing + step, step * 2
    passing = failing + step
    while passing - failing > 1:
        mid = (failing + passing) // 2
        failing, passing = (failing, mid) if meets(mid) else (mid, passing)
    return passing


def _check_target(name: str, value: float, low_open: bool) -> None:
    ok = 0 < value <= 1 if low_open else 0 <= value < 1
    if not ok:
        raise ValueError(f"{name} must be in {'(0, 1]' if low_open else '[0, 1)'}, got {value}")


def staff_erlang_c(arrival_rate: float, mean_handle: float, sla: float, target_sl: float) -> int:
    """Fewest agents whose Erlang C service level reaches ``target_sl``.

    The search starts at the fewest agents that keep the queue stable; a target of 1 is
    refused because no finite team reaches it.
    """
    _check_target("target_sl", target_sl, low_open=False)
    load = arrival_rate * mean_handle
    start = math.floor(load) + 1 if load > 0 else 0
    return _fewest(
        lambda n: erlang_c(arrival_rate, mean_handle, n, sla).service_level >= target_sl, start
    )


def staff_erlang_a(
    arrival_rate: float,
    mean_handle: float,
    mean_patience: float,
    sla: float,
    target_sl: float,
    max_abandon: float,
) -> int:
    """Fewest agents whose Erlang A service level reaches ``target_sl`` with P(abandon) at most
    ``max_abandon``.

    Served work cannot exceed capacity, so SL <= 1 - P(abandon) <= n / a: no team smaller than
    a * max(target_sl, 1 - max_abandon) can qualify, and the search starts there.
    """
    _check_target("target_sl", target_sl, low_open=False)
    _check_target("max_abandon", max_abandon, low_open=True)
    load = arrival_rate * mean_handle

    def meets(n: int) -> bool:
        figures = erlang_a(arrival_rate, mean_handle, n, mean_patience, sla)
        return figures.service_level >= target_sl and figures.p_abandon <= max_abandon

    return _fewest(meets, math.floor(load * max(target_sl, 1.0 - max_abandon)))
