"""`surgedesk drill NAME|FILE`: a drill on the dashboard, recorded in the run store.

With `--host` the drill is hosted for seats instead (`surgedesk join`, `tui.cli.hosting`):
this process plays the clock and records the run, and prints one join line a role.
With `--headless` the drill plays without a screen, the team's actions read from a file
(`--actions FILE`), and prints its log and score: a trainer's check of a drill's scoring
before the exercise. A headless drill is not recorded.

The drill and the store are checked before the dashboard opens, so a typo in the drill
file or a bad `--db` is one line on stderr, not a broken screen. The heavy imports wait
until the command runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.cli import budget, common

if TYPE_CHECKING:
    from rich.console import Console


def add_parser(sub: Any) -> None:
    drill = sub.add_parser("drill", help="run a drill on the dashboard, recorded in the run store")
    drill.add_argument("drill", metavar="NAME|FILE", help="a bundled drill name or a drill file")
    drill.add_argument(
        "--db", type=common.store_path, metavar="PATH", help="the run store (default: yours)"
    )
    drill.add_argument("--seed", type=common.seed, help="random seed (default: the drill's own)")
    drill.add_argument(
        "--pace",
        type=common.pace,
        default=1.0,
        metavar="DURATION",
        help="simulated time a second of the room's: 1s, 10s, 1m (default), 5m, 15m, 1h or 4h",
    )
    budget.add_flags(drill)
    drill.add_argument(
        "--headless", action="store_true", help="play without a screen; print log and score"
    )
    drill.add_argument(
        "--actions",
        type=Path,
        metavar="FILE",
        help="with --headless: the team's timed actions (TOML [[action]] or a JSON list)",
    )
    drill.add_argument("--json", action="store_true", help="with --headless: print JSON")
    drill.add_argument(
        "--host", action="store_true", help="host it for seats: players, controller, observers"
    )
    drill.add_argument("--bind", default="127.0.0.1", help="with --host: address (127.0.0.1)")
    drill.add_argument(
        "--port", type=int, default=0, help="with --host: port (default: any free one)"
    )
    drill.add_argument(
        "--public",
        action="store_true",
        help="with --host: allow a --bind reachable from other machines (plain, unencrypted)",
    )


def run(args: argparse.Namespace, out: Console) -> int:
    if not args.host and (args.bind != "127.0.0.1" or args.port or args.public):
        raise common.UsageError("--bind, --port and --public go with --host")
    if not args.headless:
        if args.actions is not None or args.json:
            raise common.UsageError("--actions and --json go with --headless")
        return _hosted(args, out) if args.host else _dashboard(args, out)
    if args.host:
        raise common.UsageError("--host and --headless do not go together")
    from tui.cli.drill_headless import run_headless

    return run_headless(args, out)


def _dashboard(args: argparse.Namespace, out: Console) -> int:
    from sim.exercise.build import build
    from sim.exercise.loading import load_drill, resolve_drill
    from sim.session.clock import Clock, nearest_speed
    from sim.session.drill import DrillSession
    from sim.session.recording import Recording
    from tui.cli import hosting
    from tui.cli.store import open_store
    from tui.launch import require_terminal, run_app

    built = build(load_drill(resolve_drill(args.drill)))
    seed = built.seed if args.seed is None else args.seed
    budget.check(args, built.scenario)
    require_terminal()  # before the run store holds a drill nobody can play
    store = open_store(args.db)
    try:
        recording = Recording.start_drill(store, built, seed)
        clock = Clock(speed_index=nearest_speed(args.pace * 60))
        session = DrillSession.start(built, recording, seed, clock)
        code = run_app(session)
        lines = hosting.close_drill(hosting.Hosted(session, store, recording.run_id), args.db)
    finally:
        store.close()
    for line in lines:
        out.print(line, markup=False)
    return code


def _hosted(args: argparse.Namespace, out: Console) -> int:
    import asyncio

    from sim.session.host import Host
    from tui.cli import hosting

    loopback = hosting.check_bind(args.bind, args.port, args.public)
    with hosting.hosted_drill(args.drill, args, args.pace) as hosted:
        session = hosted.session
        host = Host(session, say=hosting.say_to(out, lambda: session.run.view().clock))
        if not loopback:
            print(
                f"surgedesk: warning: hosting beyond this machine on {args.bind}; anyone who "
                "can reach it and has a token can join (plain TCP, not encrypted)",
                file=sys.stderr,
            )
        try:
            asyncio.run(hosting.serve_seats(host, args.bind, args.port, out))
        finally:  # also on Ctrl+C: where the (incomplete) drill was recorded
            for line in hosting.close_drill(hosted, args.db):
                out.print(line, markup=False)
    return 0
