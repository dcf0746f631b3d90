"""The headline tiles: which figure, how it reads, and when it turns amber or red.

Thresholds are what a crisis lead would worry about: a missed rate over the planner's 2%
target, a service level under 80%, a queue of more than one mention per agent on shift.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sim.model.units import format_duration
from sim.present.format import MISSING, format_wait, pct
from sim.present.view import Kpi, Level

MISSED_OK = 0.02  # "miss under 2%" is the planner's target in the design
MISSED_BAD = 0.05
SLA_OK = 0.8
SLA_BAD = 0.6


@dataclass(frozen=True)
class Figures:
    waiting: int
    oldest: float
    need: int
    answered: int
    in_sla: int
    late: int
    missed: int
    service: float | None
    missed_rate: float | None
    at_risk: float
    at_risk_share: float
    busy: int
    on_shift: int
    sla: float  # the SLA of the oldest waiting mention's channel
    oldest_channel: str


def kpis(f: Figures) -> tuple[Kpi, ...]:
    """The tiles, in reading order; levels say what a crisis lead would worry about."""
    # Nothing answered yet: no share to give ("–", as Missed says with nothing needed).
    late_share = f.late / f.answered if f.answered else None
    miss_level = _miss_level(f.missed_rate)
    return (
        Kpi(
            "waiting",
            "Waiting",
            f"{f.waiting:,}",
            f"{_per_agent(f)} per agent" if f.on_shift else "no agents on shift",
            _above(f.waiting, max(1, f.on_shift), 4 * max(1, f.on_shift)),
            f"{_per_agent(f)}/agent" if f.on_shift else "no agents",
        ),
        Kpi(
            "oldest",
            "Oldest wait",
            format_wait(f.oldest),
            _oldest_detail(f),
            _above(f.oldest, f.sla / 2, f.sla),
            _sla_words(f.sla),
        ),
        Kpi(
            "sla",
            "In SLA",
            pct(f.service),
            f"{f.in_sla:,} of {f.need:,}",
            "info" if f.service is None else _below(f.service, SLA_OK, SLA_BAD),
            f"{_count(f.in_sla)}/{_count(f.need)}",
        ),
        Kpi(
            "late",
            "Late",
            f"{f.late:,}",
            f"{_share(late_share)} of answers",
            "info" if late_share is None else _above(late_share, 0.1, 0.25),
            f"{_share(late_share)} late",
        ),
        Kpi(
            "missed",
            "Missed",
            f"{f.missed:,}",
            f"{pct(f.missed_rate)} of needed",
            miss_level,
            f"{pct(f.missed_rate)} rate",
        ),
        Kpi(
            "at_risk",
            "At risk",
            f"{f.at_risk:,.0f}",
            f"{f.at_risk_share:.0%} of missed",
            miss_level,
        ),
        Kpi(
            "agents",
            "Agents busy",
            f"{f.busy} / {f.on_shift}",
            f"{f.busy / f.on_shift:.0%} busy" if f.on_shift else "nobody on shift",
            "bad" if not f.on_shift else _above(f.busy / f.on_shift, 0.85, 0.99),
            "" if f.on_shift else "nobody",
        ),
    )


def _oldest_detail(f: Figures) -> str:
    """'twitter SLA 60m': the channel first and no separator, as a tile is narrow."""
    sla = _sla_words(f.sla)
    return f"{f.oldest_channel} {sla}" if f.oldest_channel else sla


def _per_agent(f: Figures) -> str:
    """'62.6', but '1,607' rather than '1606.7': a tenth is noise once it is in the hundreds."""
    per = f.waiting / f.on_shift
    return f"{per:.1f}" if per < 100 else f"{per:,.0f}"


def _count(n: int) -> str:
    """A count in at most five cells: '9,999', '15.6k', '156k', '1.6M'."""
    if n < 10_000:
        return f"{n:,}"
    if n < 99_950:  # (what rounds to 100.0k is said as 100k)
        return f"{n / 1000:.1f}k"
    return f"{n / 1000:.0f}k" if n < 999_500 else f"{n / 1e6:.1f}M"


def _sla_words(sla: float) -> str:
    return f"SLA {format_duration(sla)}" if math.isfinite(sla) else "no SLA"


def _share(value: float | None) -> str:
    return MISSING if value is None else f"{value:.0%}"


def _above(value: float, warn: float, bad: float) -> Level:
    return "bad" if value > bad else "warn" if value > warn else "ok"


def _below(value: float, ok: float, bad: float) -> Level:
    return "ok" if value >= ok else "warn" if value >= bad else "bad"


def _miss_level(rate: float | None) -> Level:
    if rate is None:
        return "info"
    return "ok" if rate <= MISSED_OK else "warn" if rate <= MISSED_BAD else "bad"
