"""`surgedesk serve --drill NAME`: one hosted drill, its seats in browsers (and terminals).

The drill is hosted in the server's own event loop, on a loopback port of its own; every
browser page runs `surgedesk join` on this machine as the role its link's token names.
The join tokens reach those processes in the environment (`tui.cli.join.TOKEN_ENV`), not
on their command lines. The same tokens let terminals join the same drill.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shlex
import socket
import sys

from rich.console import Console

from tui.cli import hosting
from tui.cli.serve import link, start


def serve(args: argparse.Namespace, out: Console, loopback: bool) -> int:
    from sim.session.host import Host
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
            for line in hosting.recorded_lines(hosted, args.db):
                out.print(line, markup=False)
