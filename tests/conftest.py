"""Fixtures shared across the suite: the bundled default scenario, loaded once."""

from __future__ import annotations

import pytest

from sim.model.library import DEFAULT_SCENARIO, resolve
from sim.model.loading import load_scenario
from sim.model.scenario import Scenario


@pytest.fixture(scope="session")
def recall() -> Scenario:
    """The recall scenario, as the dashboard opens it by default (a frozen model: share it)."""
    return load_scenario(resolve(DEFAULT_SCENARIO))
