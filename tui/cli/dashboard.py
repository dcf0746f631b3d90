"""`surgedesk dashboard` (and `surgedesk` alone): the live dashboard on a scenario."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from tui.cli import common

if TYPE_CHECKING:
    from rich.console import Console


def add_parser(sub: Any) -> None:
    dashboard = sub.add_parser("dashboard", help="open the live dashboard (the default)")
    dashboard.add_argument("scenario", nargs="?", help="a bundled scenario name or a TOML file")
    dashboard.add_argument("--seed", type=common.seed, help="random seed")


def run(args: argparse.Namespace, out: Console) -> int:
    from sim.model.library import DEFAULT_SCENARIO
    from sim.session.live import LiveSession
    from tui.launch import run_app

    scenario = common.load(getattr(args, "scenario", None) or DEFAULT_SCENARIO)
    return run_app(LiveSession.start(scenario, getattr(args, "seed", None)))
