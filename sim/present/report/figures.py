"""The run's figures as the report names and formats them: one label, one unit each."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sim.present.format import expected_count, minutes, number, pct

FIGURES: tuple[tuple[str, str, str], ...] = (
    ("mentions", "mentions", "n"),
    ("needing a response", "needs_response", "n"),
    ("answered in SLA", "answered_in_sla", "n"),
    ("answered late", "late", "n"),
    ("missed", "missed", "n"),
    ("service level", "service_level", "%"),
    ("missed rate", "missed_rate", "%"),
    ("mean response", "mean_response_min", "min"),
    ("90th percentile response", "p90_response_min", "min"),
    ("peak queue", "peak_queue", "n"),
    ("answered by advocates", "advocate_answered", "n"),
    ("deflected (FAQ, statement)", "faq_deflected", "n"),
    ("follow-ups", "followups", "n"),
    ("customers at risk", "customers_at_risk", "people"),
    ("occupancy", "occupancy", "%"),
)
COUNTERFACTUAL_FIGURES = ("needs_response", "answered_in_sla", "missed", "service_level",
                          "missed_rate", "peak_queue", "customers_at_risk")  # fmt: skip


_UNITS: dict[str, Callable[[Any], str]] = {
    "%": pct,
    "min": minutes,
    "n": number,
    "people": expected_count,
}


def figure(summary: dict[str, Any], key: str, unit: str) -> str:
    return _UNITS[unit](summary.get(key))


def metric_value(metric: str, value: float | None) -> str:
    if value is None:
        return "nothing to measure"
    if metric.endswith("_rate") or metric in {"service_level", "occupancy"}:
        return pct(value)
    if metric.endswith("_min"):
        return minutes(value)
    return number(value)
