"""Hosting a drill for seats, shared by `drill --host` and `serve --drill`; and closing any
drill's record, hosted or not (`close_drill`).

The drill and the store are checked, and the address is checked, before anything listens,
so a typo is one line and exit status 2. The host binds to this machine unless told
otherwise (`--public`), and prints one join line a role, each with its own token.
"""

from __future__ import annotations

import argparse
import contextlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.cli import budget
from tui.cli.common import UsageError

if TYPE_CHECKING:
    from rich.console import Console

    from sim.session.drill import DrillSession
    from sim.session.host import Host
    from sim.store.runs import RunStore


@dataclass
class Hosted:
    """A drill session recorded in the store, ready for a host."""

    session: DrillSession
    store: RunStore
    run_id: int


@contextlib.contextmanager
def hosted_drill(name: str, args: argparse.Namespace, pace: float) -> Iterator[Hosted]:
    """The drill built, checked and recorded; the store is closed afterwards."""
    from sim.exercise.build import build
    from sim.exercise.loading import load_drill, resolve_drill
    from sim.session.clock import Clock, nearest_speed
    from sim.session.drill import DrillSession
    from sim.session.recording import Recording
    from tui.cli.store import open_store

    built = build(load_drill(resolve_drill(name)))
    seed = built.seed if args.seed is None else args.seed
    budget.check(args, built.scenario)
    store = open_store(args.db)
    try:
        recording = Recording.start_drill(store, built, seed)
        clock = Clock(speed_index=nearest_speed(pace * 60))
        yield Hosted(DrillSession.start(built, recording, seed, clock), store, recording.run_id)
    finally:
        store.close()


def check_bind(host: str, port: int, public: bool) -> bool:
    """Where the host may listen: True if only this machine can reach it."""
    from tui.serve import address

    if not 0 <= port < 65536:
        raise UsageError(f"--port: expected 1 to 65535, got {port}")
    try:
        addresses = address.resolve(host, port)
        loopback = address.is_loopback(addresses)
        if not loopback and not public:
            raise UsageError(
                f"--bind {host} can be reached from other machines; "
                "add --public if that is what you mean"
            )
        if port:
            address.check_free(addresses, host, port)
    except address.AddressError as error:
        raise UsageError(str(error)) from None
    return loopback


def say_to(out: Console, clock: Callable[[], str]) -> Callable[[str], None]:
    """The host's console: one line an event, stamped with the drill's clock."""

    def say(line: str) -> None:
        stamp = time.strftime("%H:%M:%S")
        out.print(f"{stamp} [{clock()}] {line}", markup=False, highlight=False, soft_wrap=True)
        out.file.flush()  # a host's console is often a log file or a pipe

    return say


def join_lines(host: Host, address: str) -> list[str]:
    """How each role joins, from a terminal on this machine (or one that can reach it)."""
    return [
        f"  {role + ':':<12} surgedesk join {address} --token {token} --as {role}"
        for role, token in host.tokens.items()
    ]


def never_started(session: DrillSession) -> bool:
    """Left at its briefing: the clock never moved and nobody acted or wrote a note."""
    return session.engine.now == 0 and not (
        session.team_actions or session.controller_actions or session.notes
    )


def close_drill(hosted: Hosted, db: object) -> list[str]:
    """After the drill's screen or seats are gone (or Ctrl+C): what the store keeps of it.

    A drill left at its briefing was never played, so it is taken out of the store again
    (a trainer opening a drill to read its briefing should not find a run to replay). An
    unfinished drill is marked with the minute it was left, so its replay and report stop
    there. Returns the lines that say where it is recorded.
    """
    complete = hosted.store.load(hosted.run_id).record.complete
    recording = hosted.session.recording
    if not complete and never_started(hosted.session) and hosted.store.discard(hosted.run_id):
        return ["drill not started (left at its briefing): nothing recorded"]
    if not complete and recording is not None:
        recording.stopped(hosted.session.engine.now)
    status = "" if complete else " (incomplete: the drill was stopped before its end)"
    flag = "" if db is None else f" --db {db}"
    return [
        f"drill recorded as run {hosted.run_id}{status}",
        f"after-action report: surgedesk report {hosted.run_id}{flag}",
    ]


async def serve_seats(host: Host, bind: str, port: int, out: Console) -> None:
    """Listen, print how to join, and play the drill until it is over and its seats left."""
    from tui.serve import address

    try:
        port = await host.listen(bind, port)
    except OSError as error:
        raise UsageError(address.describe(error, bind, port)) from None
    shown = f"[{bind}]" if ":" in bind else bind
    lines = [
        f"hosting drill {host.session.drill_name} on {shown}:{port}; join with:",
        *join_lines(host, f"{shown}:{port}"),
        "The clock starts when the controller closes the briefing (space pauses, + and - "
        "set the pace), and waits whenever no player is seated.",
        "Ctrl+C stops the drill; after its end the host waits for the seats to leave.",
    ]
    for line in lines:
        out.print(line, markup=False, highlight=False, soft_wrap=True)
    out.file.flush()
    try:
        await host.run()
    finally:
        await host.close()
