"""The run store's tables and how an older store file is brought up to date.

The schema's version is SQLite's `PRAGMA user_version`: the number of migrations applied.
Opening a store applies whatever is missing, in order, each in its own transaction, so a
file written by any earlier surgedesk opens in a later one and a crash mid-way leaves a
consistent file at the last complete step.

The first stores (schema 1) kept their version in a `schema_version` table instead and
left `user_version` at 0; such a file is recognised by that table and counts as version 1.
Migration 2 keeps that table as a tombstone saying 2, so that a surgedesk of that first
kind refuses the file as newer instead of misreading it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

_TABLES = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('run', 'drill')),
    name TEXT NOT NULL,
    seed INTEGER NOT NULL,
    version TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    complete INTEGER NOT NULL DEFAULT 0 CHECK (complete IN (0, 1)),
    scenario_hash TEXT NOT NULL,
    scenario_text TEXT NOT NULL,
    scenario_source TEXT NOT NULL,
    scenario_data TEXT NOT NULL,
    drill_text TEXT,
    summary TEXT,
    sim_until REAL
);
CREATE TABLE IF NOT EXISTS events (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    t_sim REAL NOT NULL,
    wall TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('action', 'inject', 'note', 'log')),
    source TEXT NOT NULL,
    payload TEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
);
CREATE TABLE IF NOT EXISTS series (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    row TEXT NOT NULL,
    PRIMARY KEY (run_id, idx)
);
"""


def _create_tables(db: sqlite3.Connection) -> None:
    for statement in _TABLES.split(";"):
        if statement.strip():
            db.execute(statement)
    db.execute("INSERT INTO schema_version (version) VALUES (1)")


def _user_version_takes_over(db: sqlite3.Connection) -> None:
    db.execute("DELETE FROM schema_version")
    db.execute("INSERT INTO schema_version (version) VALUES (2)")


def _drills_keep_their_score(db: sqlite3.Connection) -> None:
    db.execute("ALTER TABLE runs ADD COLUMN score REAL")
    db.execute("UPDATE schema_version SET version = 3")


_EVENTS_WITH_ALERTS = """
CREATE TABLE events_new (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    t_sim REAL NOT NULL,
    wall TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('action', 'inject', 'note', 'log', 'alert')),
    source TEXT NOT NULL,
    payload TEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
);
INSERT INTO events_new SELECT run_id, seq, t_sim, wall, type, source, payload FROM events;
DROP TABLE events;
ALTER TABLE events_new RENAME TO events
"""


def _events_take_alerts(db: sqlite3.Connection) -> None:
    """SQLite cannot widen a CHECK in place: the table is copied into one that allows it."""
    for statement in _EVENTS_WITH_ALERTS.split(";"):
        if statement.strip():
            db.execute(statement)
    db.execute("UPDATE schema_version SET version = 4")


def _runs_keep_their_engine(db: sqlite3.Connection) -> None:
    db.execute("ALTER TABLE runs ADD COLUMN engine INTEGER")  # NULL: before it was kept
    db.execute("UPDATE schema_version SET version = 5")


@dataclass(frozen=True)
class Migration:
    """One step: what it changes (for people) and the statements that change it."""

    why: str
    apply: Callable[[sqlite3.Connection], None]


MIGRATIONS: tuple[Migration, ...] = (
    Migration("the first store: runs, their events and their time series", _create_tables),
    Migration("the schema version moves to PRAGMA user_version", _user_version_takes_over),
    Migration("a finished drill keeps its overall score, for `runs`", _drills_keep_their_score),
    Migration("a run's spike alerts are kept as events of their own", _events_take_alerts),
    Migration("a run keeps the engine version that played it, for replay", _runs_keep_their_engine),
)
SCHEMA_VERSION = len(MIGRATIONS)


class NotAStore(Exception):
    """A SQLite file, but not a surgedesk run store."""


class NewerStore(Exception):
    """A store written by a newer surgedesk; `args[0]` is its version."""


def stored_version(db: sqlite3.Connection) -> int:
    """The file's schema version: `user_version`, or 1 for a first-kind store, 0 if empty."""
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if not tables:
        return 0
    if "runs" not in tables or "schema_version" not in tables:
        raise NotAStore
    if version == 0:
        legacy = db.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
        version = 1 if legacy is None else int(legacy)
    if version > SCHEMA_VERSION:
        raise NewerStore(version)
    return version


def migrate(db: sqlite3.Connection) -> None:
    """Apply the missing migrations in order, each with its `user_version` in one transaction.

    `db` is in autocommit mode (`isolation_level=None`); BEGIN IMMEDIATE makes a second
    process opening the same old file wait, then find it migrated.
    """
    while True:
        db.execute("BEGIN IMMEDIATE")
        try:
            version = stored_version(db)
            if version < SCHEMA_VERSION:
                MIGRATIONS[version].apply(db)
                db.execute(f"PRAGMA user_version = {version + 1:d}")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        if version >= SCHEMA_VERSION:
            return


__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "Migration", "NewerStore", "NotAStore", "migrate"]
