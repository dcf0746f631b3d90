"""Fixtures shared across the suite: the bundled default scenario, loaded once; the bundled
recall-evening drill, built once a module; an empty run store in a test's own folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sim.exercise.build import BuiltDrill, build
from sim.exercise.loading import load_drill, resolve_drill
from sim.model.library import DEFAULT_SCENARIO, resolve
from sim.model.loading import load_scenario
from sim.model.scenario import Scenario
from sim.store.runs import RunStore


@pytest.fixture(scope="session")
def recall() -> Scenario:
    """The recall scenario, as the dashboard opens it by default (a frozen model: share it)."""
    return load_scenario(resolve(DEFAULT_SCENARIO))


@pytest.fixture(scope="module")
def built() -> BuiltDrill:
    """The bundled recall-evening drill, built: what the drill, seat and replay tests play."""
    return build(load_drill(resolve_drill("recall-evening")))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[RunStore]:
    with RunStore(tmp_path / "runs.sqlite3") as s:
        yield s
