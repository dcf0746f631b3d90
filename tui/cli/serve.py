"""`surgedesk serve`: the same dashboard in a browser (textual-serve, one process a visitor).

Safe by default: it listens on this machine only, prints a link with a random token that
the page needs, refuses websockets from other sites' pages and caps the dashboards running
at once (see `tui.serve.guard`). Listening beyond this machine takes `--public`.

With `--drill NAME` it hosts that drill in this process (`tui.cli.hosting`) and prints one
link a role: each page runs `surgedesk join` as a player, the controller or an observer on
the hosted drill, the role decided by the link's own token. Terminal seats can join the
same drill with the printed `join` lines.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Any

from tui.cli import budget, common
from tui.cli.common import UsageError
from tui.cli.status import SERVED_ENV

if TYPE_CHECKING:
    from rich.console import Console


def add_parser(sub: Any) -> None:
    serve = sub.add_parser("serve", help="serve the dashboard as a web page (a projector)")
    serve.add_argument("scenario", nargs="?", help="a bundled scenario name or a TOML file")
    serve.add_argument("--seed", type=common.seed, help="random seed")
    serve.add_argument(
        "--drill", metavar="NAME|FILE", help="host a drill: one link a role, recorded in the store"
    )
    serve.add_argument(
        "--db", type=common.store_path, metavar="PATH", help="with --drill: the run store"
    )
    serve.add_argument(
        "--pace",
        type=common.pace,
        default=1.0,
        metavar="DURATION",
        help="with --drill: simulated time a second: 1s, 10s, 1m (default), 5m, 15m, 1h or 4h",
    )
    budget.add_flags(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (8000)")
    serve.add_argument(
        "--public",
        action="store_true",
        help="allow a --host reachable from other machines (anyone with the link can drive it)",
    )
    serve.add_argument(
        "--max-sessions",
        type=common.count(1),
        default=4,
        help="dashboards at once, one process each (4)",
    )


def run(args: argparse.Namespace, out: Console) -> int:
    from sim.model.library import DEFAULT_SCENARIO, resolve

    if args.drill is None and (args.db is not None or args.pace != 1.0):
        raise UsageError("--db and --pace go with --drill")
    if args.drill is not None:
        if args.scenario is not None:
            raise UsageError("give a scenario or --drill, not both")
        return serve_drill(args, out, _where(args))
    name = args.scenario or DEFAULT_SCENARIO
    common.load(name)  # a bad scenario fails here, with its message, not in the browser
    loopback = _where(args)
    command = [sys.executable, "-m", "tui", "dashboard", str(resolve(name))]
    if args.seed is not None:
        command += ["--seed", str(args.seed)]
    import shlex

    from tui.serve.guard import GuardedServer

    server = GuardedServer(
        shlex.join(command),
        host=args.host,
        port=args.port,
        title="surgedesk",
        max_sessions=args.max_sessions,
        loopback_only=loopback,
    )
    links = f"on {link(args.host, args.port, server.token)}"
    return start(server, args, out, f"serving the dashboard {links}", "drive the dashboard")


def _where(args: argparse.Namespace) -> bool:
    """Check --host and --port before anything starts; True if only this machine can reach it."""
    from tui.serve import address

    if not 0 < args.port < 65536:
        raise UsageError(f"--port: expected 1 to 65535, got {args.port}")
    try:
        addresses = address.resolve(args.host, args.port)
        loopback = address.is_loopback(addresses)
        if not loopback and not args.public:
            raise UsageError(
                f"--host {args.host} can be reached from other machines; "
                "add --public if that is what you mean"
            )
        address.check_free(addresses, args.host, args.port)
    except address.AddressError as error:
        raise UsageError(str(error)) from None
    return loopback


def start(server: Any, args: argparse.Namespace, out: Console, what: str, can: str) -> int:
    """Warn about serving beyond this machine, print where, and serve until Ctrl+C."""
    from tui.serve import address

    if not server.loopback_only:
        print(
            f"surgedesk: warning: serving beyond this machine on {args.host}; anyone who can "
            f"reach it and has the link can {can} (plain http, not encrypted)",
            file=sys.stderr,
        )
    out.print(
        f"{what} (at most {args.max_sessions} at once; Ctrl+C stops)",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    sys.stdout.flush()
    # The pages' processes share this terminal: Ctrl+C is the server's to act on (it stops
    # them), not theirs to die of, each saying "interrupted" on the way.
    os.environ[SERVED_ENV] = "1"
    try:
        server.serve()
    except OSError as error:  # lost the port between the check and the start
        raise UsageError(address.describe(error, args.host, args.port)) from None
    if server.interrupted:  # textual-serve ends quietly on Ctrl+C: end as every verb does
        raise KeyboardInterrupt
    return 0


def link(host: str, port: int, token: str) -> str:
    """The URL to open: the bind address, or this machine's name when bound to all."""
    if host in ("0.0.0.0", "::", ""):
        import socket

        host = socket.gethostname()
    elif ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/?token={token}"


def serve_drill(args: argparse.Namespace, out: Console, loopback: bool) -> int:
    """The drill hosted in the server's own event loop, on a loopback port of its own.

    Every browser page runs `surgedesk join` on this machine as the role its link's token
    names; the join tokens reach those processes in the environment (`join.TOKEN_ENV`),
    not on their command lines. The same tokens let terminals join the same drill.
    """
    import asyncio
    import os
    import shlex
    import socket

    from sim.session.host import Host
    from tui.cli import hosting
    from tui.cli.join import TOKEN_ENV
    from tui.serve.guard import GuardedServer

    with hosting.hosted_drill(args.drill, args, args.pace) as hosted:
        session = hosted.session
        host = Host(session, say=hosting.say_to(out, lambda: session.run.view().clock))
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))  # the seats' processes run here: loopback is enough
        seat_address = f"127.0.0.1:{listener.getsockname()[1]}"
        seats = {}
        for role, token in host.tokens.items():
            os.environ[TOKEN_ENV.format(role.upper())] = token
            command = [sys.executable, "-m", "tui", "join", seat_address, "--as", role]
            seats[token] = shlex.join(command)
        playing: list[asyncio.Task[None]] = []

        async def startup() -> None:
            await host.listen(sock=listener)
            playing.append(asyncio.create_task(host.run()))

        async def shutdown() -> None:
            for task in playing:
                task.cancel()
            await host.close()

        server = GuardedServer(
            seats[host.tokens["player"]],
            host=args.host,
            port=args.port,
            title=f"surgedesk drill · {session.drill_name}",
            max_sessions=args.max_sessions,
            loopback_only=loopback,
            seats=seats,
            startup=startup,
            shutdown=shutdown,
        )
        what = "\n".join(
            [
                f"hosting drill {session.drill_name}; one link a role:",
                *(
                    f"  {role + ':':<12} {link(args.host, args.port, token)}"
                    for role, token in host.tokens.items()
                ),
                "or from a terminal:",
                *hosting.join_lines(host, seat_address),
                "The clock starts when the controller closes the briefing.",
            ]
        )
        try:
            return start(server, args, out, what, "take a seat at the drill")
        finally:
            for line in hosting.close_drill(hosted, args.db):
                out.print(line, markup=False)
