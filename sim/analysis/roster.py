"""From a per-interval requirement to shifts: Dantzig's set-covering integer program.

Dantzig, "A comment on Edie's traffic delays at toll booths" (Operations Research, 1954):
one variable per shift type (a pattern, a start time and, with a break window, a break
position) counting the people who work it; minimise their cost subject to every moment
of the plan having at least the required people on shift and not on break. The program is
solved with `scipy.optimize.milp` (HiGHS); its linear relaxation, solved alongside, is a
lower bound on any roster's cost (and one on agent-hours), so the report can say how far
from the best conceivable the integer answer is.

Time runs on a grid fine enough for every start, break and interval boundary (their
greatest common divisor, in whole minutes). A moment that no pattern can cover, or that
the patterns' `max_people` cannot fill, is reported by name instead of a bare
"infeasible". A shift may start before the plan does or end after it (people already on,
or staying on); it is costed in full.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from sim.model.shift_pattern import ShiftPattern

MAX_GRID = 50_000  # grid steps: 90 days at 3 minutes
INFEASIBLE = (
    "every moment can be reached, but the patterns' min_people and max_people together "
    "leave no roster that covers them all"
)


@dataclass(frozen=True)
class RosterShift:
    """One row of a roster: `people` work `pattern` from `start` (minutes from the plan's
    start; negative: they began before it) for `length` minutes, breaking at `break_at`
    minutes into the shift for `break_min` minutes."""

    team: str
    pattern: str
    start: float
    length: float
    break_at: float | None
    break_min: float
    people: int


@dataclass(frozen=True)
class Gap:
    """A moment the patterns cannot staff: `reachable` people at most where `required`."""

    t: float  # minutes from the plan's start
    required: int
    reachable: int
    reason: str


@dataclass(frozen=True)
class Roster:
    team: str
    step: float  # the grid, minutes
    required: list[int]  # people per grid step
    coverage: list[int]  # people on shift and not on break, per grid step
    shifts: list[RosterShift]
    cost: float
    agent_hours: float
    lower_bound_cost: float
    lower_bound_agent_hours: float
    gaps: list[Gap] = field(default_factory=list)
    status: str = "optimal"

    @property
    def feasible(self) -> bool:
        return not self.gaps and self.status == "optimal"

    def per_interval(self, interval: float) -> list[int]:
        """The fewest people covering each plan interval at any moment inside it."""
        per = max(1, round(interval / self.step))
        cov = self.coverage
        return [min(cov[i : i + per]) for i in range(0, len(cov), per)]


@dataclass(frozen=True)
class _Column:
    pattern: int
    start: float
    break_at: float | None


def grid_step(patterns: list[ShiftPattern], interval: float, start_minute_of_day: int) -> float:
    """The coarsest grid (whole minutes) on which every boundary of the problem falls."""
    marks = [round(interval), start_minute_of_day]
    for p in patterns:
        marks += [round(p.length), round(p.starts.every), *p.starts.minutes_of_day()[:1]]
        if p.rest is not None:
            marks += [round(p.rest.length), round(p.rest.every), round(p.rest.earliest)]
    return float(max(1, math.gcd(*marks)))


def _columns(
    patterns: list[ShiftPattern], duration: float, start_minute_of_day: int
) -> list[_Column]:
    """Every shift type that overlaps the plan: each pattern, start and break position."""
    out = []
    for index, p in enumerate(patterns):
        breaks: list[float | None] = list(p.rest.offsets(p.length)) if p.rest else [None]
        first_day = math.floor((start_minute_of_day - p.length) / 1440)
        last_day = math.ceil((start_minute_of_day + duration) / 1440)
        for day in range(first_day, last_day + 1):
            for minute in p.starts.minutes_of_day():
                s = day * 1440 + minute - start_minute_of_day
                if s < duration and s + p.length > 0:
                    out += [_Column(index, float(s), b) for b in breaks]
    return out


def _cover(col: _Column, p: ShiftPattern, step: float, n: int) -> NDArray[np.int64]:
    """Grid steps this shift type staffs (on shift, not on break), within the plan."""
    steps = np.arange(math.ceil(col.start / step), math.ceil((col.start + p.length) / step))
    if col.break_at is not None and p.rest is not None:
        b0 = (col.start + col.break_at) / step
        steps = steps[(steps < b0) | (steps >= b0 + p.rest.length / step)]
    return steps[(steps >= 0) & (steps < n)]


def solve_roster(
    team: str,
    required: list[int],
    interval: float,
    patterns: list[ShiftPattern],
    duration: float,
    start: datetime,
) -> Roster:
    """The cheapest shifts giving at least `required[i]` people in every moment of interval i."""
    mod = start.hour * 60 + start.minute
    step = grid_step(patterns, interval, mod)
    n = math.ceil(duration / step)
    if n > MAX_GRID:
        raise ValueError(f"the shift grid is too fine: {n:,} steps of {step:g} minutes")
    per = round(interval / step)
    need = np.array([required[min(i // per, len(required) - 1)] for i in range(n)], dtype=float)
    cols = _columns(patterns, duration, mod)
    covers = [_cover(c, patterns[c.pattern], step, n) for c in cols]
    a = sparse.csr_array(
        (
            np.ones(sum(len(c) for c in covers)),
            (np.concatenate([*covers, np.empty(0, np.int64)]),
             np.repeat(np.arange(len(cols)), [len(c) for c in covers])),
        ),
        shape=(n, len(cols)),
    )  # fmt: skip
    gaps = _gaps(need, a, cols, patterns, step)
    empty = Roster(team, step, [int(x) for x in need], [0] * n, [], 0.0, 0.0, 0.0, 0.0, gaps,
                   "uncoverable")  # fmt: skip
    if gaps:
        return empty
    hours = np.array([patterns[c.pattern].length / 60 for c in cols])
    cost = hours * np.array([patterns[c.pattern].cost_per_hour for c in cols])
    constraints = [LinearConstraint(a, lb=need, ub=np.inf)]
    owner = np.array([c.pattern for c in cols])
    limits = [(i, p) for i, p in enumerate(patterns) if p.min_people or p.max_people is not None]
    if limits:
        rows = sparse.csr_array(np.array([owner == i for i, _ in limits], dtype=float))
        lo = [p.min_people for _, p in limits]
        hi = [np.inf if p.max_people is None else p.max_people for _, p in limits]
        constraints.append(LinearConstraint(rows, lb=lo, ub=hi))
    bounds = Bounds(0, np.inf)
    whole = milp(cost, constraints=constraints, integrality=np.ones(len(cols)), bounds=bounds)
    if whole.status != 0 or whole.x is None:
        why = INFEASIBLE if whole.status == 2 else f"the solver stopped: {whole.message}"
        return Roster(**{**empty.__dict__, "status": why})
    relaxed = milp(cost, constraints=constraints, bounds=bounds)
    fewest = milp(hours, constraints=constraints, bounds=bounds)
    x = np.round(whole.x).astype(np.int64)
    shifts = [
        RosterShift(
            team=team,
            pattern=patterns[c.pattern].label,
            start=c.start,
            length=patterns[c.pattern].length,
            break_at=c.break_at,
            break_min=patterns[c.pattern].rest.length if c.break_at is not None else 0.0,  # type: ignore[union-attr]
            people=int(k),
        )
        for c, k in zip(cols, x, strict=True)
        if k > 0
    ]
    shifts.sort(key=lambda s: (s.start, s.pattern, s.break_at or 0.0))
    return Roster(
        team=team,
        step=step,
        required=[int(v) for v in need],
        coverage=[int(v) for v in a @ x],
        shifts=shifts,
        cost=float(cost @ x),
        agent_hours=float(hours @ x),
        lower_bound_cost=float(relaxed.fun) if relaxed.status == 0 else math.nan,
        lower_bound_agent_hours=float(fewest.fun) if fewest.status == 0 else math.nan,
    )


def _gaps(
    need: NDArray[np.float64],
    a: sparse.csr_array,
    cols: list[_Column],
    patterns: list[ShiftPattern],
    step: float,
) -> list[Gap]:
    """Moments no pattern reaches, or that every pattern's `max_people` together cannot fill."""
    reach = np.zeros(len(need))
    unbounded = np.zeros(len(need), dtype=bool)
    csc = a.tocsc()
    for index, p in enumerate(patterns):
        mine = [j for j, c in enumerate(cols) if c.pattern == index]
        touched = (
            np.asarray(csc[:, mine].sum(axis=1)).ravel() > 0 if mine else np.zeros(len(need), bool)
        )
        if p.max_people is None:
            unbounded |= touched
        else:
            reach += np.where(touched, p.max_people, 0)
    gaps = []
    for i in np.flatnonzero(need > 0):
        if unbounded[i] or reach[i] >= need[i]:
            continue
        nothing = reach[i] == 0
        reason = "no shift pattern is on at this time" if nothing else "max_people too low"
        gaps.append(Gap(float(i * step), int(need[i]), int(reach[i]), reason))
    return gaps
