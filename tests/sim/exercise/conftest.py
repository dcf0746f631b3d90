"""Shared drill texts and the scoring drill played once, headless, for the exercise tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sim.engine.core import Engine, TimedAction
from sim.exercise.build import BuiltDrill, build
from sim.exercise.loading import load_drill
from sim.model import actions as act
from tests.fixtures import DRILL_INJECTS, drill_header

Played = tuple[BuiltDrill, Engine, list[TimedAction]]
Write = Callable[..., Path]

HEADER = drill_header()

SCORING = (
    HEADER
    + DRILL_INJECTS
    + """\

[[objective]]
metric = "service_level"
op = ">="
target = 0.0

[[objective]]
metric = "missed_rate"
op = "<="
target = 0.0

[[objective]]
metric = "first_response_influencer_min"
op = "<="
target = 100000
"""
)


def _write(folder: Path, text: str, name: str = "drill.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def header() -> str:
    """A drill's `[drill]` table on the recall scenario, ten hours, seed 7; no injects."""
    return HEADER


@pytest.fixture
def scoring_text() -> str:
    """Three injects with expectations (one with a scripted action) and three objectives."""
    return SCORING


@pytest.fixture
def write() -> Write:
    """`write(folder, text, name="drill.toml")`: a drill file on disk, its path."""
    return _write


@pytest.fixture(scope="package")
def played(tmp_path_factory: pytest.TempPathFactory) -> Played:
    """The scoring drill played headlessly: one response on time, one late, one never."""
    path = _write(tmp_path_factory.mktemp("drill"), SCORING)
    built = build(load_drill(path))
    engine = Engine(built.scenario, built.seed)
    live = [
        TimedAction(370.0, act.HoldingStatement(topic="recall-refund")),  # 10 min in: met
        TimedAction(510.0, act.AddAgents("care", 3)),  # deadline 480: 30 min late
    ]
    for timed in live:
        engine.run_until(timed.at)
        engine.apply(timed.action)
    engine.run_until(engine.duration)
    return built, engine, live
