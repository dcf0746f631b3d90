"""The smallest useful scenario, shared by the scenario and loading tests."""

from __future__ import annotations

import pytest

BASE = """\
[scenario]
name = "x"
duration = "2h"

[baseline]
per_hour = 60
channels = { twitter = 0.5, facebook = 0.5 }

[[team]]
role = "care"
agents = 3
handle_time = { dist = "exponential", mean = "5m" }
"""


@pytest.fixture
def base() -> str:
    """A plain queue: one baseline on two channels, one care team."""
    return BASE
