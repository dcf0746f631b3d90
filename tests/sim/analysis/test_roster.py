"""Shifts from a requirement: the cheapest cover, its LP bound, and plain-words gaps."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from sim.analysis.roster import solve_roster
from sim.model.errors import ScenarioError
from sim.model.shifts import parse_shifts
from sim.present.rostering import gap_lines

MONDAY = datetime(2026, 3, 2, 0, 0)


def shifts(text: str):
    return parse_shifts(text, "shifts.toml")


ANY_HOUR_8H = shifts('[[shift]]\nlength = "8h"\nstarts = { every = "1h" }\n')


def test_the_roster_covers_every_interval_at_the_lowest_cost():
    need = [2, 2, 2, 2, 5, 5, 5, 5, 3, 3, 3, 3]
    four = shifts('[[shift]]\nlength = "4h"\nstarts = { every = "1h" }\n')
    r = solve_roster("care", need, 60, four, 12 * 60, MONDAY)
    assert r.feasible
    assert all(c >= n for c, n in zip(r.per_interval(60), need, strict=True))
    # three blocks of four hours at 2, 5 and 3 people are optimal: 40 agent-hours
    assert r.agent_hours == pytest.approx(40)
    assert r.lower_bound_agent_hours == pytest.approx(40)
    assert r.lower_bound_cost <= r.cost + 1e-9


def test_shifts_may_start_before_the_plan_and_run_past_its_end():
    r = solve_roster("care", [3] * 6, 60, ANY_HOUR_8H, 6 * 60, datetime(2026, 3, 2, 22, 0))
    assert r.feasible and min(r.coverage) >= 3
    assert r.agent_hours == pytest.approx(24)  # one 8h shift of 3 people covers all six hours


def test_a_break_opens_a_hole_the_roster_fills():
    with_break = shifts(
        """
[[shift]]
length = "4h"
starts = { every = "30m" }
break = { length = "30m", earliest = "1h", latest = "2h30m", every = "30m" }
"""
    )
    r = solve_roster("care", [1] * 8, 60, with_break, 8 * 60, MONDAY)
    assert r.feasible and r.step == 30
    assert min(r.coverage) >= 1
    assert any(s.break_at is not None for s in r.shifts)
    assert r.agent_hours > 8  # one person cannot cover 8 hours through their breaks


def test_max_people_caps_a_pattern_over_all_its_starts():
    two = '[[shift]]\nlength = "2h"\nstarts = {{ every = "1h" }}\nmax_people = {}\n'
    r = solve_roster("care", [2, 2, 2, 2], 60, shifts(two.format(4)), 240, MONDAY)
    assert r.feasible and sum(s.people for s in r.shifts) == 4
    r = solve_roster("care", [2, 2, 2, 2], 60, shifts(two.format(3)), 240, MONDAY)
    assert not r.feasible and not r.gaps  # each hour alone is reachable, all four are not
    assert "min_people and max_people together leave no roster" in r.status


def test_times_no_pattern_covers_are_named_not_just_infeasible():
    day = shifts(
        '[[shift]]\nname = "day"\nlength = "8h"\n'
        'starts = { earliest = "08:00", latest = "10:00", every = "1h" }\n'
    )
    r = solve_roster("care", [4] * 24, 60, day, 24 * 60, MONDAY)
    assert not r.feasible and r.status == "uncoverable"
    lines = gap_lines(r.gaps, r.step, MONDAY)
    assert lines == [
        "Mon 00:00–08:00: no shift pattern is on at this time (4 people needed)",
        "Mon 18:00–00:00: no shift pattern is on at this time (4 people needed)",
    ]


def test_a_cap_too_low_is_named_with_what_it_can_reach():
    capped = shifts('[[shift]]\nlength = "8h"\nstarts = { every = "1h" }\nmax_people = 3\n')
    r = solve_roster("care", [2, 5, 2], 60, capped, 180, MONDAY)
    assert gap_lines(r.gaps, r.step, MONDAY) == [
        "Mon 01:00–02:00: max_people too low (5 people needed, at most 3 reachable)"
    ]


def test_three_days_of_hourly_intervals_solve_in_well_under_a_second():
    rng = np.random.default_rng(1)
    need = [int(x) for x in rng.integers(3, 60, size=72)]
    many = shifts(
        '[[shift]]\nlength = "8h"\nstarts = { every = "1h" }\n\n'
        '[[shift]]\nlength = "6h"\nstarts = { every = "1h" }\ncost_per_hour = 1.1\n\n'
        '[[shift]]\nlength = "4h"\nstarts = { every = "1h" }\ncost_per_hour = 1.2\n'
    )
    began = time.perf_counter()
    r = solve_roster("care", need, 60, many, 72 * 60, MONDAY)
    assert time.perf_counter() - began < 2.0
    assert r.feasible and all(c >= n for c, n in zip(r.per_interval(60), need, strict=True))
    assert r.cost <= 1.03 * r.lower_bound_cost


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            '[[shift]]\nlength = "8h"\nstarts = { lastest = "22:00" }\n',
            "shifts.toml:3: shift[1].starts.lastest: unknown key; "
            "expected one of: earliest, latest, every",
        ),
        ('[[shift]]\nlength = "soon"\n', "shifts.toml:2: shift[1].length:"),
        ('[[shift]]\nlength = "8h"\nbreak = { length = "9h" }\n', "the break must be shorter"),
        ('[[shift]]\nlength = "8h"\nmin_people = 5\nmax_people = 2\n', "max_people must not"),
        ('[[shift]]\nlength = "8h"\nstarts = { earliest = "25:00" }\n', "shift[1].starts.earliest"),
        ("[[shift]]\n", "shifts.toml:1: shift[1].length"),
        ('shift = "x"\n', "shifts.toml:1: shift"),
        ("[[shift]\n", "shifts.toml:1: not valid TOML"),
    ],
)
def test_a_bad_shifts_file_is_named_by_line_and_key(text, words):
    with pytest.raises(ScenarioError) as caught:
        parse_shifts(text, "shifts.toml")
    assert words in str(caught.value)


def test_every_shifts_file_key_is_documented():
    from scenarios import __file__ as scenarios_init
    from sim.model.shift_pattern import Break, ShiftPattern, Starts

    readme = (Path(scenarios_init).parent / "README.md").read_text(encoding="utf-8")
    for prefix, model in (("", ShiftPattern), ("starts.", Starts), ("break.", Break)):
        for name, f in model.model_fields.items():
            key = f"{prefix}{f.alias or name}"
            assert f"`{key}`" in readme, key
