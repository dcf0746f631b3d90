"""Replications, run in parallel, with results that do not depend on how many workers ran them.

Replication r of a run with root seed s always draws from streams built from (s, r), so
the same replications on 1, 2 or 4 processes (or a Dask cluster) give identical numbers,
and two staffing alternatives evaluated on replications 0..R-1 share their random numbers.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

T = TypeVar("T")


class Mapper(Protocol):
    """Something that maps a picklable function over argument tuples, keeping order.

    `imap` hands out each result as soon as it and those before it are done, with every
    call already under way: a progress bar then moves while the workers stay busy, where
    one `map` per worker's share would make each share wait for its slowest call."""

    workers: int

    def map(self, fn: Callable[..., T], calls: Sequence[tuple[Any, ...]]) -> list[T]: ...

    def imap(self, fn: Callable[..., T], calls: Sequence[tuple[Any, ...]]) -> Iterator[T]: ...


@dataclass
class InProcess:
    workers: int = 1

    def map(self, fn: Callable[..., T], calls: Sequence[tuple[Any, ...]]) -> list[T]:
        return [fn(*args) for args in calls]

    def imap(self, fn: Callable[..., T], calls: Sequence[tuple[Any, ...]]) -> Iterator[T]:
        return (fn(*args) for args in calls)


@dataclass
class ProcessPool:
    executor: Executor
    workers: int

    def map(self, fn: Callable[..., T], calls: Sequence[tuple[Any, ...]]) -> list[T]:
        return list(self.imap(fn, calls))

    def imap(self, fn: Callable[..., T], calls: Sequence[tuple[Any, ...]]) -> Iterator[T]:
        # Executor.map submits every call at once and yields the results in order.
        return self.executor.map(fn, *zip(*calls, strict=True)) if calls else iter(())


@dataclass
class DaskCluster:
    client: Any
    workers: int

    def map(self, fn: Callable[..., T], calls: Sequence[tuple[Any, ...]]) -> list[T]:
        if not calls:
            return []
        futures = self.client.map(fn, *zip(*calls, strict=True), pure=False)
        return list(self.client.gather(futures))

    def imap(self, fn: Callable[..., T], calls: Sequence[tuple[Any, ...]]) -> Iterator[T]:
        if not calls:
            return iter(())
        futures = self.client.map(fn, *zip(*calls, strict=True), pure=False)
        return (future.result() for future in futures)


class ClusterUnavailable(RuntimeError):
    """The Dask extra is not installed, or the scheduler cannot be reached."""


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


@contextmanager
def mapper(workers: int | None = None, cluster: str | None = None) -> Iterator[Mapper]:
    """A mapper for `workers` local processes, or for a Dask cluster (`local` or an address)."""
    if cluster is not None:
        with _dask(cluster) as m:
            yield m
        return
    n = default_workers() if workers is None else workers
    if n <= 1:
        yield InProcess()
        return
    with ProcessPoolExecutor(max_workers=n) as pool:
        yield ProcessPool(pool, n)


@contextmanager
def _dask(cluster: str) -> Iterator[Mapper]:
    try:
        import distributed
    except ImportError:
        raise ClusterUnavailable(
            "--cluster needs Dask: install the extra with `pip install 'surgedesk[cluster]'`"
        ) from None
    dd: Any = distributed  # partly typed: keep its calls out of the strict checks
    local: Any = None
    try:
        if cluster == "local":
            local = dd.LocalCluster(
                n_workers=default_workers(),
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
            )
            client = dd.Client(local)
        else:
            client = dd.Client(cluster, timeout="5s")
    except OSError as exc:
        if local is not None:
            local.close()
        raise ClusterUnavailable(f"--cluster: cannot reach {cluster} ({exc})") from None
    try:
        n = len(client.scheduler_info().get("workers", {})) or 1
        yield DaskCluster(client, n)
    finally:
        client.close()
        if local is not None:
            local.close()
