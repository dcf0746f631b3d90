"""`surgedesk serve`: the same dashboard in a browser (textual-serve, one process a visitor)."""

from __future__ import annotations

import argparse
import shlex
import sys
from typing import Any

from rich.console import Console

from tui.cli import common
from tui.cli.common import UsageError


def add_parser(sub: Any) -> None:
    serve = sub.add_parser("serve", help="serve the dashboard as a web page (a projector)")
    serve.add_argument("scenario", nargs="?", help="a bundled scenario name or a TOML file")
    serve.add_argument("--seed", type=common.seed, help="random seed")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (8000)")


def run(args: argparse.Namespace, out: Console) -> int:
    from sim.model.library import DEFAULT_SCENARIO, resolve

    name = args.scenario or DEFAULT_SCENARIO
    common.load(name)  # a bad scenario fails here, with its message, not in the browser
    if not 0 < args.port < 65536:
        raise UsageError(f"--port: expected 1 to 65535, got {args.port}")
    command = [sys.executable, "-m", "tui", "dashboard", str(resolve(name))]
    if args.seed is not None:
        command += ["--seed", str(args.seed)]
    from textual_serve.server import Server

    out.print(f"serving the dashboard on http://{args.host}:{args.port} (Ctrl+C stops)")
    Server(shlex.join(command), host=args.host, port=args.port, title="surgedesk").serve()
    return 0
