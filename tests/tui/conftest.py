"""Shared fixtures: the default scenario, loaded once."""

from __future__ import annotations

import pytest

from sim.model.library import DEFAULT_SCENARIO, resolve
from sim.model.loading import load_scenario
from sim.model.scenario import Scenario


@pytest.fixture(scope="session")
def recall() -> Scenario:
    return load_scenario(resolve(DEFAULT_SCENARIO))
