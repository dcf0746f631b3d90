"""The run store's SQLite connection: opening a file safely, transactions and queries.

Kept apart from what is stored (`sim.store.runs`) because opening is its own job: a path
that is not a store, a store from a newer surgedesk, a full disk or a locked file each
become a `StoreError` with the file and the reason, never a raw `sqlite3` error.

WAL mode lets a reader (`surgedesk runs` in another terminal) see a drill in progress
without blocking its writer; `synchronous=FULL` makes each commit survive a power cut.
The read-only verbs open with `create=False`, so looking at a store that is not there
(or an empty file) never makes one.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import platformdirs

from sim.store.schema import SCHEMA_VERSION, NewerStore, NotAStore, migrate
from sim.store.stored import StoreError, check_existing


def now() -> str:
    """The wall time a row is written, in UTC to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def current_version() -> str:
    try:
        return metadata.version("surgedesk")
    except metadata.PackageNotFoundError:
        return "unknown"


class Connection:
    """An open run store; safe to share between threads (one lock)."""

    def __init__(self, path: Path | None = None, *, create: bool = True) -> None:
        self.path = Connection.default_path() if path is None else Path(path)
        self._lock = threading.RLock()  # RLock: `save` nests start and finish
        if not create:
            check_existing(self.path)
        try:
            if create:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(
                self.path, timeout=10.0, isolation_level=None, check_same_thread=False
            )
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"{self.path}: cannot open the run store ({exc})") from None
        try:
            self._setup()
        except sqlite3.Error as exc:
            self._db.close()
            raise StoreError(f"{self.path}: not a surgedesk run store ({exc})") from None
        except StoreError:
            self._db.close()
            raise

    @staticmethod
    def default_path() -> Path:
        """`SURGEDESK_DB` if set, else runs.sqlite3 in the user's data directory."""
        override = os.environ.get("SURGEDESK_DB")
        if override:
            return Path(override)
        return platformdirs.user_data_path("surgedesk") / "runs.sqlite3"

    def _setup(self) -> None:
        db = self._db
        db.execute("PRAGMA foreign_keys = ON")
        try:
            migrate(db)
        except NotAStore:
            raise StoreError(
                f"{self.path}: a SQLite database, but not a surgedesk run store"
            ) from None
        except NewerStore as exc:
            raise StoreError(
                f"{self.path}: written by a newer surgedesk (store schema {exc.args[0]}, "
                f"this version reads up to {SCHEMA_VERSION})"
            ) from None
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT: all or nothing, and writers queue instead of failing.

        A write SQLite refuses (a full disk, a read-only file, a locked store) rolls back
        and becomes a `StoreError` saying why; an integrity error is left to the caller.
        """
        with self._lock:
            if self._db.in_transaction:  # inside this thread's own transaction: part of it
                yield self._db
                return
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    yield self._db
                    self._db.execute("COMMIT")
                except BaseException:
                    if self._db.in_transaction:
                        self._db.execute("ROLLBACK")
                    raise
            except sqlite3.IntegrityError:
                raise
            except sqlite3.Error as exc:
                raise StoreError(f"{self.path}: cannot write to the run store ({exc})") from None

    def _query(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                cursor = self._db.execute(sql, params)
                cursor.row_factory = sqlite3.Row
                return cursor.fetchall()
            except sqlite3.Error as exc:
                raise StoreError(f"{self.path}: cannot read the run store ({exc})") from None

    def close(self) -> None:
        with self._lock:
            self._db.close()
