"""`surgedesk runs`, `surgedesk replay` and `run --save`: the run store from the shell.

A replay is only worth trusting if it shows it reproduced the recording, so `replay`
compares its summary and time series with the stored ones and exits 1 on any difference.
Every store problem (unknown id, a file that is not a run store) is one line, exit 2.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from sim.engine.core import Engine
from sim.model.library import resolve, scenario_dir
from sim.model.scenario import Scenario
from sim.present.format import format_duration, pct
from sim.store.compare import compare
from sim.store.player import Player
from sim.store.recorded import RecordedRun, load_run
from sim.store.runs import (
    RunNotFound,
    RunRecord,
    RunStore,
    StoreError,
    current_version,
    to_json,
)
from tui.cli import UsageError, emit

EXIT_MISMATCH = 1


# ---------------------------------------------------------------------- opening


def open_store(db: Path | None, *, must_exist: bool = False) -> RunStore:
    """The store at `--db`, else the default; store failures become one-line usage errors."""
    path = RunStore.default_path() if db is None else db
    if must_exist and not path.exists():
        raise UsageError(f"no run store at {path} (save a run with `surgedesk run NAME --save`)")
    try:
        return RunStore(path)
    except StoreError as exc:
        raise UsageError(str(exc)) from None


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
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot be read ({exc})") from None
    bundled = path.parent.resolve() == scenario_dir().resolve()
    source = path.stem if bundled else str(path)
    return SaveTarget(open_store(args.db), text, source)


def save_run(target: SaveTarget, engine: Engine, until: float) -> int:
    """Store a finished headless run (no live actions); returns its id."""
    data: dict[str, Any] = tomllib.loads(target.text)
    if Scenario.model_validate(json.loads(to_json(data))) != engine.scenario:
        raise UsageError(f"{target.source}: the file changed during the run; not saved")
    store = target.store
    try:
        run_id = store.start(
            kind="run",
            name=engine.scenario.meta.name,
            seed=engine.seed,
            scenario_text=target.text,
            scenario_source=target.source,
            scenario_data=data,
        )
        store.finish(
            run_id,
            engine.summary().as_dict(),
            [iv.flat() for iv in engine.series],
            until=until if until < engine.duration else None,
        )
    finally:
        store.close()
    return run_id


def report_saved(run_id: int, as_json: bool, out: Console) -> None:
    if as_json:
        print(f"saved as run {run_id}", file=sys.stderr)
    else:
        out.print(f"saved as run {run_id}")


# ---------------------------------------------------------------------- runs


def cmd_runs(args: argparse.Namespace, out: Console) -> int:
    path = RunStore.default_path() if args.db is None else args.db
    if not path.exists():
        out.print(f"No runs saved yet: {path} does not exist.")
        return 0
    store = open_store(path)
    try:
        records = store.runs()
    finally:
        store.close()
    if not records:
        out.print(f"No runs saved yet in {path}. Save one with `surgedesk run NAME --save`.")
        return 0
    out.print(runs_table(records, path))
    return 0


def runs_table(records: list[RunRecord], path: Path) -> Table:
    table = Table(title=f"Runs in {path}")
    table.add_column("id", justify="right", style="bold", no_wrap=True)
    table.add_column("kind")
    table.add_column("name")
    table.add_column("seed", justify="right")
    table.add_column("started")
    table.add_column("status", no_wrap=True)
    table.add_column("service level", justify="right")
    table.add_column("missed", justify="right")
    for r in records:
        summary = r.summary or {}
        level = summary.get("service_level")
        missed = summary.get("missed")
        table.add_row(
            str(r.id),
            r.kind,
            r.name,
            str(r.seed),
            _local(r.started_at),
            "complete" if r.complete else "[yellow]incomplete[/]",
            pct(level),
            "–" if missed is None else f"{int(missed):,}",
        )
    return table


def _local(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


# ---------------------------------------------------------------------- replay


def load_for_replay(db: Path | None, run_id: int) -> RecordedRun:
    """A stored run read for replaying (`load_run`); store trouble is a UsageError."""
    store = open_store(db, must_exist=True)
    try:
        return load_run(store, run_id)
    except RunNotFound as exc:
        raise UsageError(f"{exc} (see `surgedesk runs`)") from None
    except StoreError as exc:
        raise UsageError(str(exc)) from None
    finally:
        store.close()


def cmd_replay(args: argparse.Namespace, out: Console) -> int:
    run_id = _run_id(args.run_id)
    if args.out is not None and args.out.exists() and not args.out.is_dir():
        raise UsageError(f"--out: {args.out} exists and is not a folder")
    stored = load_for_replay(args.db, run_id)
    engine = Player.of(stored).play()
    note = out.print if not args.json else _stderr
    emit(engine, args.json, args.out, out)
    if not stored.record.complete:
        note(
            f"run {run_id} is incomplete: replayed up to minute {engine.now:g} "
            f"({format_duration(engine.now)}), its last logged event; "
            "no recorded summary to compare with"
        )
        return 0
    difference = compare(stored, engine)
    if difference is not None:
        if stored.record.version != current_version():
            difference += (
                f" (recorded with surgedesk {stored.record.version}, "
                f"replayed with {current_version()})"
            )
        _stderr(f"surgedesk: replay of run {run_id} differs from the recording: {difference}")
        return EXIT_MISMATCH
    note(f"replay matches run {run_id}: identical summary and {len(stored.series)} intervals")
    return 0


def _stderr(text: str) -> None:
    print(text, file=sys.stderr)


def _run_id(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if value < 1:
        raise UsageError(f"RUN_ID: expected a run number (see `surgedesk runs`), got {raw!r}")
    return value


__all__ = [
    "EXIT_MISMATCH",
    "SaveTarget",
    "cmd_replay",
    "cmd_runs",
    "compare",
    "load_for_replay",
    "open_store",
    "prepare_save",
    "report_saved",
    "save_run",
]
