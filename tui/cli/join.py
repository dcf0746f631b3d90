"""`surgedesk join ADDRESS --token T --as ROLE`: a seat at a hosted drill, on the dashboard.

The seat is the same dashboard over a `RemoteSession`: the host plays the clock and records
the run; the seat draws what the host sends and sends what its person does. A refused seat
(no host there, a wrong token, not a drill host) is one line and exit status 2 before any
screen opens. If the host goes away before the drill's end the seat says so on screen, and
`join` ends with status 1 once its person quits.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Any

from tui.cli.common import UsageError

if TYPE_CHECKING:
    from rich.console import Console

ROLES = ("player", "controller", "observer")
TOKEN_ENV = "SURGEDESK_JOIN_TOKEN_{}"  # per role: how `serve --drill` hands its seats a token


def add_parser(sub: Any) -> None:
    join = sub.add_parser("join", help="take a seat at a hosted drill (surgedesk drill --host)")
    join.add_argument("address", metavar="HOST:PORT", help="where the drill is hosted")
    join.add_argument(
        "--token",
        help="the join token the host printed for this role "
        f"(default: ${TOKEN_ENV.format('<ROLE>')})",
    )
    join.add_argument(
        "--as", dest="role", choices=ROLES, default="player", help="the seat's role (player)"
    )


def address(raw: str) -> tuple[str, int]:
    """HOST:PORT, [IPv6]:PORT, or a bare PORT on this machine."""
    host, sep, port = raw.rpartition(":")
    if not sep:
        host, port = "127.0.0.1", raw
    host = host.strip("[]") or "127.0.0.1"
    try:
        number = int(port)
    except ValueError:
        number = -1
    if not 0 < number < 65536:
        raise UsageError(f"address: expected HOST:PORT as the host printed it, got {raw!r}")
    return host, number


def run(args: argparse.Namespace, out: Console) -> int:
    import asyncio

    host, port = address(args.address)
    token = args.token or os.environ.get(TOKEN_ENV.format(args.role.upper()), "")
    if not token:
        raise UsageError("--token: the join token the host printed for this role is needed")
    return asyncio.run(_seat(host, port, token, args.role))


async def _seat(host: str, port: int, token: str, role: Any) -> int:
    from sim.session.remote import RemoteSession, SeatRefused
    from tui.app import DashboardApp
    from tui.launch import require_terminal

    try:
        session = await RemoteSession.connect(host, port, token, role)
    except SeatRefused as refused:
        raise UsageError(str(refused)) from None
    try:
        require_terminal()  # after the token is checked: a refusal says what was wrong first
    except UsageError:
        await session.close()
        raise
    app = DashboardApp(session, brief=True)
    try:
        await app.run_async()
    finally:
        await session.close()
    if session.ended is None and session.gone:
        clock = session.run.view().clock
        print(f"surgedesk: the host went away before the drill's end (at {clock})", file=sys.stderr)
        return 1
    return app.return_code or 0
