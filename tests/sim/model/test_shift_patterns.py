"""`[[shift_pattern]]` in a scenario: the shifts file's `[[shift]]`, validated the same way."""

from __future__ import annotations

import pytest

from sim.model.errors import ScenarioError
from sim.model.loading import parse_scenario
from sim.model.shifts import parse_shifts

PATTERN = """
[[shift_pattern]]
name = "day"
team = "care"
length = "8h"
starts = { earliest = "06:00", latest = "14:00", every = "1h" }
break = { length = "30m", earliest = "3h", latest = "5h" }
"""


def test_a_scenario_carries_the_same_patterns_a_shifts_file_does(base):
    sc = parse_scenario(base + PATTERN)
    (pattern,) = sc.shift_patterns
    from_file = parse_shifts(PATTERN.replace("[[shift_pattern]]", "[[shift]]"))
    assert [pattern] == from_file
    assert pattern.label == "day" and pattern.length == 480
    assert pattern.rest is not None and pattern.rest.offsets(480) == [180, 210, 240, 270, 300]
    assert parse_scenario(base).shift_patterns == []  # none unless given


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (('team = "care"', 'team = "pr"'), ":16: shift_pattern[1].team: no team called 'pr'"),
        (('length = "8h"', 'lenght = "8h"'), "(line 17 has 'lenght': misspelt?)"),
        (('name = "day"', 'name = "day"\ncost = 3'), ":16: shift_pattern[1].cost: unknown key"),
        (('latest = "5h"', 'latest = "8h"'), "shift_pattern[1]"),
        (('every = "1h"', 'every = "0m"'), "shift_pattern[1].starts.every"),
    ],
)
def test_a_bad_pattern_is_named_by_line_and_key(base, change, words):
    text = base + PATTERN.replace(*change)
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, "s.toml")
    assert words in str(caught.value)
    assert str(caught.value).startswith("s.toml:")
