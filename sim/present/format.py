"""How figures read, everywhere: clock labels, durations, percentages, counts, axis scales.

One copy of each rule, so a service level reads `87.5%` in the dashboard, the CLI and the
after-action report alike, and a figure that cannot be measured reads `–` in all of them.
Durations and clock labels keep their home in `sim.model.units` (the model and the engine
write them in logs and in why an action changed nothing) and are re-exported here so
presenters import from one place.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sim.model.units import clock_label, day_number, format_duration

MISSING = "–"  # a figure with nothing to measure

FINE_STEPS: tuple[float, ...] = (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)
"""Multiples of a power of ten a chart's top may take: close to the data, still round."""

COARSE_STEPS: tuple[float, ...] = (1, 2, 5, 10)
"""Fewer, rounder tops, for a terminal chart whose labels have little room."""


def _absent(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


# ---------------------------------------------------------------------- time


def weekday_label(start: datetime, minutes: float, dated: bool = False) -> str:
    """'Mon 14:00': the simulated wall clock as a rota reads, for plans and rosters;
    `dated` ('Mon 09 Mar 14:00') where a plan spans more than a week and a weekday repeats."""
    at = start + timedelta(minutes=minutes)
    return f"{at:%a %d %b %H:%M}" if dated else f"{at:%a %H:%M}"


def iso_time(start: datetime, minutes: float) -> str:
    """'2026-03-02T14:00:00': the simulated wall clock for files and JSON."""
    return (start + timedelta(minutes=minutes)).isoformat()


def format_wait(minutes: float) -> str:
    """A waiting time at the resolution people read it: 45s, 12m, 3h05m."""
    if minutes <= 0:
        return MISSING
    if minutes < 1:
        return f"{minutes * 60:.0f}s"
    if minutes < 60:
        return f"{minutes:.0f}m"
    hours, mins = divmod(round(minutes), 60)
    return f"{hours}h{mins:02d}m"


def minutes(value: Any) -> str:
    """A duration in minutes as `format_duration` writes it; `–` when there is none."""
    return MISSING if _absent(value) else format_duration(float(value))


# ---------------------------------------------------------------------- numbers


def pct(value: Any) -> str:
    """A ratio as a percentage with one decimal: 0.875 → '87.5%'."""
    return MISSING if _absent(value) else f"{float(value):.1%}"


def number(value: Any) -> str:
    """A count with thousands separators; a fractional value keeps one decimal."""
    if _absent(value):
        return MISSING
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def expected_count(value: Any) -> str:
    """An expected number of people (missed × a share), as a whole count: "1,724", not
    "1,723.6", which reads as if a tenth of a customer could be at risk."""
    if _absent(value):
        return MISSING
    return f"{round(float(value)):,}"


# ---------------------------------------------------------------------- chart scales


def nice_ceiling(value: float, steps: Sequence[float] = FINE_STEPS) -> float:
    """The top of a chart's scale: the smallest step × a power of ten at or above `value`.

    Nothing to show (0 or less) still gets a scale of 1. A terminal chart that wants
    1-2-5 tops no lower than 10 asks `nice_ceiling(max(value, 10), COARSE_STEPS)`.
    """
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in steps:
        if step * power >= value:
            return float(step * power)
    return float(10 * power)


def hour_ticks(end: float) -> list[float]:
    """Round hours (in minutes) for a time axis from 0 to `end`, at most eleven of them."""
    hours = end / 60
    step = next((s for s in (1, 2, 3, 4, 6, 12, 24, 48) if hours / s <= 10), 168)
    return [h * step * 60.0 for h in range(int(hours // step) + 1)]


__all__ = [
    "COARSE_STEPS",
    "FINE_STEPS",
    "MISSING",
    "clock_label",
    "day_number",
    "format_duration",
    "format_wait",
    "hour_ticks",
    "iso_time",
    "minutes",
    "nice_ceiling",
    "number",
    "pct",
    "weekday_label",
]
