"""The run store from the shell: opening it, `run --save`, and loading a run to replay.

Every store problem (unknown id, a file that is not a run store) is one line, exit 2.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console

from sim.model.errors import read_text
from sim.model.library import resolve, scenario_dir
from sim.model.scenario import Scenario
from sim.store.events import AlertEvent
from sim.store.runs import (
    RunNotFound,
    RunStore,
    StoreError,
    to_json,
)
from tui.cli.common import UsageError

if TYPE_CHECKING:
    from sim.engine.core import Engine
    from sim.store.recorded import RecordedRun

EXIT_MISMATCH = 1


# ---------------------------------------------------------------------- opening


def open_store(db: Path | None, *, must_exist: bool = False) -> RunStore:
    """The store at `--db`, else the default; store failures become one-line usage errors.

    `must_exist`: for the verbs that only read, which must never create a store.
    """
    path = RunStore.default_path() if db is None else db
    if must_exist and not _exists(path):
        raise UsageError(f"no run store at {path} (save a run with `surgedesk run NAME --save`)")
    try:
        return RunStore(path, create=not must_exist)
    except StoreError as exc:
        raise UsageError(str(exc)) from None


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:  # a name too long to be a file: the store opens and says so
        return True


# ---------------------------------------------------------------------- run --save


@dataclass(frozen=True)
class SaveTarget:
    """Where `run --save` will store the run, and the scenario file as it was read."""

    store: RunStore
    text: str
    source: str


def prepare_save(args: argparse.Namespace) -> SaveTarget | None:
    """Open the store and read the scenario text before the run, so a bad `--db` costs no run."""
    if not getattr(args, "save", False):
        if getattr(args, "db", None) is not None:
            raise UsageError("--db: only used with --save")
        return None
    path = resolve(args.scenario)
    text = read_text(path)  # bounded, and a pipe gives the text the run was loaded from
    bundled = path.parent.resolve() == scenario_dir().resolve()
    source = path.stem if bundled else str(path)
    return SaveTarget(open_store(args.db), text, source)


def save_run(target: SaveTarget, engine: Engine, until: float) -> int:
    """Store a finished headless run (no live actions); returns its id."""
    from pydantic import ValidationError

    changed = UsageError(f"{target.source}: the file changed during the run; not saved")
    try:
        data: dict[str, Any] = tomllib.loads(target.text)
        same = Scenario.model_validate(json.loads(to_json(data))) == engine.scenario
    except (tomllib.TOMLDecodeError, ValidationError):
        raise changed from None
    if not same:
        raise changed
    store = target.store
    try:
        return store.save(  # one transaction: a full disk leaves no half-written run
            name=engine.scenario.meta.name,
            seed=engine.seed,
            scenario_text=target.text,
            scenario_source=target.source,
            scenario_data=data,
            summary=engine.summary().as_dict(),
            series=[iv.flat() for iv in engine.series],
            until=until if until < engine.duration else None,
            events=alert_events(engine),
        )
    except StoreError as exc:
        raise UsageError(f"--save: the run was not saved: {exc}") from None
    finally:
        store.close()


def alert_events(engine: Engine) -> list[AlertEvent]:
    """The run's spike alerts as the store keeps them."""
    from sim.analysis.spikes import alert_payload, alerts_of

    window = engine.scenario.alerts.window
    return [AlertEvent(t_sim=a.at, **alert_payload(a, window)) for a in alerts_of(engine)]


def report_saved(run_id: int, as_json: bool, out: Console) -> None:
    if as_json:
        print(f"saved as run {run_id}", file=sys.stderr)
    else:
        out.print(f"saved as run {run_id}")


# ---------------------------------------------------------------------- loading


def load_for_replay(db: Path | None, run_id: int) -> RecordedRun:
    """A stored run read for replaying (`load_run`); store trouble is a UsageError."""
    from sim.store.recorded import load_run

    store = open_store(db, must_exist=True)
    try:
        return load_run(store, run_id)
    except RunNotFound as exc:
        raise UsageError(f"{exc} (see `surgedesk runs`)") from None
    except StoreError as exc:
        raise UsageError(str(exc)) from None
    finally:
        store.close()
