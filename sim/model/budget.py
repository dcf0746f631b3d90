"""The resource budget: how many mentions a run will make, known before it starts.

The limits in `sim.model.limits` refuse what is nonsense; a 90-day run at a million mentions
an hour is legal yet would take hours and gigabytes. So every verb that runs the engine first
estimates the mentions (the expected arrivals of the baseline and each surge over the time
run, a cascade's seeds / (1 - branching)) and the memory they take, and refuses above a
budget unless told otherwise. The estimates are closed forms: cheap, and within a small
factor of what a run really makes, which is all a guard against hours and gigabytes needs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sim.model.scenario import Scenario
from sim.model.surge import Surge

DEFAULT_MAX_MENTIONS = 5_000_000
"""About a minute of engine time per replication on a laptop, and well under a gigabyte."""

BYTES_PER_MENTION = 600
"""The engine's footprint per mention held (its record, its queue entry, its outcome)."""


_WINDOW = 60.0
"""Minutes of arrivals the engine generates at a time (`sim.engine.core.WINDOW`)."""


class OverBudget(ValueError):
    """A run estimated above the budget; the message is the one line the CLI prints."""


@dataclass(frozen=True)
class Estimate:
    mentions: float  # of one run (the mean run, for a grid of variants)
    runs: int = 1
    largest: float = 0.0  # the largest single run, if larger than `mentions`

    @property
    def total(self) -> float:
        return self.mentions * self.runs

    @property
    def memory_bytes(self) -> float:
        """Peak memory of the largest run (replications run one at a time per process)."""
        return max(self.mentions, self.largest) * BYTES_PER_MENTION

    @classmethod
    def of_all(cls, estimates: list[Estimate]) -> Estimate:
        """Several scenarios' runs as one job: their total, and the largest run's memory."""
        runs = sum(e.runs for e in estimates)
        total = sum(e.total for e in estimates)
        largest = max((max(e.mentions, e.largest) for e in estimates), default=0.0)
        return cls(total / runs if runs else 0.0, runs, largest)


def estimate(
    scenario: Scenario,
    until: float | None = None,
    runs: int = 1,
    fired: Sequence[tuple[float, Surge]] = (),
) -> Estimate:
    """Expected mentions of one run of `scenario` up to minute `until` (default: its end),
    with the surges a team's scripted actions will trigger (`fired`, each at its minute)."""
    end = scenario.meta.duration
    if until is not None:  # the engine makes arrivals an hour ahead, so count whole hours
        end = min(end, max(math.ceil(until / _WINDOW), 1) * _WINDOW)
    total = float(sum(b.count for b in scenario.backlog))  # waiting at the start
    if scenario.baseline is not None:  # the profiles are normalised to mean 1
        total += scenario.baseline.per_hour / 60 * end
    for surge in scenario.surges:
        if surge.at < end:
            total += _surge(surge, end - surge.at)
    for inject in scenario.injects:
        if inject.action == "trigger_surge" and inject.at < end:
            total += _triggered(inject.params, end - inject.at)
    for at, surge in fired:
        if at < end:
            total += _surge(surge, end - at)
    followups = scenario.followups
    if followups is not None and followups.viral_reach is not None:  # at least one comes back
        total += followups.viral_seed_posts / (1 - followups.viral_branching)
    return Estimate(total, runs)


def _triggered(params: dict[str, Any], left: float) -> float:
    """A surge an inject fires: its cascade, or its highest rate for the time left."""
    number = {k: v for k, v in params.items() if isinstance(v, int | float)}
    if "seed_posts" in number:
        return number["seed_posts"] / max(1 - number.get("branching", 0.0), 1e-9)
    rate = max(
        (number.get(k, 0.0) for k in ("per_hour", "peak_per_hour", "to_per_hour")), default=0.0
    )
    return rate / 60 * left


def _surge(s: Surge, left: float) -> float:
    """Expected mentions of one surge in the `left` minutes between its start and the end."""
    if s.shape == "viral":
        assert s.seed_posts is not None and s.branching is not None
        return s.seed_posts / (1 - s.branching)
    span = min(left, s.duration if s.duration is not None else math.inf)
    if s.shape == "step":
        return (s.per_hour or 0.0) / 60 * span
    if s.shape == "ramp":
        return (s.from_per_hour + (s.to_per_hour or 0.0)) / 2 / 60 * span
    peak = (s.peak_per_hour or 0.0) / 60
    if s.shape == "shock" and s.half_life is not None:
        return peak * s.half_life / math.log(2) * (1 - math.pow(2, -span / s.half_life))
    if s.shape == "shock" and s.tau is not None and s.theta is not None:
        return peak * s.tau / s.theta * (1 - math.pow(1 + span / s.tau, -s.theta))
    return peak * min(span, 3 * (s.rise or span))  # a wave: build-up and fade


def check(
    est: Estimate,
    max_mentions: float | None = DEFAULT_MAX_MENTIONS,
    shorten: str = "a shorter scenario",
) -> None:
    """Raise `OverBudget` if the estimate exceeds `max_mentions` (None: no budget).

    `shorten` names the ways the command at hand offers to make the job smaller.
    """
    if max_mentions is None or est.total <= max_mentions:
        return
    per = f" ({est.runs:,} runs of {est.mentions:,.0f})" if est.runs > 1 else ""
    raise OverBudget(
        f"this would make about {est.total:,.0f} mentions{per}, needing about "
        f"{_size(est.memory_bytes)} per run; the budget is {max_mentions:,.0f}: "
        f"shorten it ({shorten}) or raise it with --max-mentions N or --no-budget"
    )


def _size(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1000:
            return f"{n:.0f} {unit}"
        n /= 1000
    return f"{n:,.0f} TB"
