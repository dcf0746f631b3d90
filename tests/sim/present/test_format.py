"""Figures read the same everywhere: one formatting rule each."""

from __future__ import annotations

import math
from datetime import datetime

from sim.present.format import (
    COARSE_STEPS,
    clock_label,
    format_wait,
    hour_ticks,
    minutes,
    nice_ceiling,
    number,
    pct,
    weekday_label,
)


def test_clock_labels() -> None:
    start = datetime(2026, 3, 2, 8, 0)
    assert clock_label(start, 16 * 60 + 5) == "Day 2 00:05"
    assert clock_label(start, 360) == "Day 1 14:00"


def test_missing_figures_read_as_a_dash() -> None:
    for show in (pct, minutes, number):
        assert show(None) == "–" and show(math.nan) == "–"
    assert format_wait(0) == "–"


def test_numbers() -> None:
    assert pct(0.875) == "87.5%" and pct(1) == "100.0%"
    assert number(12345) == "12,345" and number(2.5) == "2.5" and number(3.0) == "3"
    assert minutes(90) == "90m" and minutes(150) == "2.5h"


def test_nice_ceilings_and_ticks() -> None:
    assert [nice_ceiling(v) for v in (0, 7, 11, 140, 1000)] == [1.0, 8.0, 15.0, 150.0, 1000.0]
    # the terminal chart's rule: 1-2-5 steps, never below 10
    assert [nice_ceiling(max(v, 10), COARSE_STEPS) for v in (3, 10, 11, 51)] == [
        10.0, 10.0, 20.0, 100.0,
    ]  # fmt: skip
    assert hour_ticks(600) == [h * 60.0 for h in range(11)]
    assert hour_ticks(24 * 60) == [h * 180.0 for h in range(9)]


def test_an_expected_count_of_people_is_a_whole_count_everywhere() -> None:
    """The report read "customers at risk 1,723.6" where the terminal read "1,724"."""
    from sim.present.format import expected_count
    from sim.present.report.figures import figure

    assert expected_count(1723.6) == "1,724" and expected_count(0.4) == "0"
    assert figure({"customers_at_risk": 1723.6}, "customers_at_risk", "people") == "1,724"


def test_a_plan_longer_than_a_week_dates_its_times() -> None:
    start = datetime(2026, 3, 2, 8, 0)  # a Monday
    assert weekday_label(start, 60) == "Mon 09:00"
    assert weekday_label(start, 7 * 24 * 60 + 60, dated=True) == "Mon 09 Mar 09:00"
