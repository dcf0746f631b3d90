"""A run keeps the engine version that played it; another version's run says it cannot be
replayed exactly instead of reporting a difference as if something were wrong."""

from __future__ import annotations

import sqlite3
import tomllib
from pathlib import Path

from sim.engine.core import Engine
from sim.engine.version import ENGINE_VERSION, FIRST
from sim.model.scenario import Scenario
from sim.store.compare import compare, other_engine
from sim.store.player import replay_stored
from sim.store.runs import RunStore, series_rows
from tests.fixtures import small_scenario

SMALL = small_scenario()


def _saved(path: Path) -> int:
    engine = Engine(Scenario.model_validate(tomllib.loads(SMALL)), 4)
    engine.run()
    with RunStore(path) as store:
        return store.save(
            name="small",
            seed=4,
            scenario_text=SMALL,
            scenario_source="small.toml",
            scenario_data=tomllib.loads(SMALL),
            summary=engine.summary().as_dict(),
            series=series_rows(engine),
        )


def test_a_run_keeps_this_engines_version_and_replays_exactly(tmp_path: Path) -> None:
    path = tmp_path / "runs.sqlite3"
    run_id = _saved(path)
    with RunStore(path) as store:
        stored = store.load(run_id)
        assert stored.record.engine == ENGINE_VERSION
        assert compare(stored, replay_stored(store, run_id)) is None


def test_a_run_of_an_earlier_engine_says_it_cannot_be_replayed_exactly(tmp_path: Path) -> None:
    path = tmp_path / "runs.sqlite3"
    run_id = _saved(path)
    with sqlite3.connect(path) as db:  # as a store migrated from before versions were kept
        db.execute("UPDATE runs SET engine = NULL WHERE id = ?", (run_id,))
    with RunStore(path) as store:
        stored = store.load(run_id)
        assert stored.record.engine == FIRST
        said = compare(stored, replay_stored(store, run_id))
    assert said == other_engine(FIRST)
    assert f"engine version {FIRST}" in said and "cannot reproduce this run exactly" in said
