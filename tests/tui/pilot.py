"""Helpers for driving the dashboard in tests, as a person would (not a test module).

Every app here is built with `live=False`: no timer runs, so the simulation moves only
when a test says so and the same keys always give the same screen.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from typing import Any

from sim.model.scenario import Scenario
from sim.session.clock import Clock
from sim.session.live import LiveSession
from sim.session.run import PlayedRun
from tui.app import DashboardApp
from tui.widgets.logs import EventLog, FeedLog
from tui.widgets.status import StatusBar

SIZE = (120, 40)


def run_async(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """No async pytest plugin is installed: run each test's coroutine in its own loop."""

    @functools.wraps(test)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return wrapper


def live_app(
    scenario: Scenario, seed: int | None = None, *, paused: bool = False, **kwargs: Any
) -> DashboardApp:
    """The everyday dashboard on `scenario`, its clock stepped by the test."""
    session = LiveSession.start(scenario, seed, Clock(paused=paused))
    return DashboardApp(session, live=False, **kwargs)


def played(app: DashboardApp) -> PlayedRun:
    """The run an app plays on this machine (a seat's app shows a hosted one instead)."""
    run = app.session.run
    assert isinstance(run, PlayedRun)
    return run


def lines_of(log: EventLog | FeedLog) -> list[str]:
    return ["".join(seg.text for seg in strip) for strip in log.lines]


def event_log(app: DashboardApp) -> str:
    """The event log as one line of words: wrapping ate the spaces where it broke lines."""
    return " ".join(" ".join(lines_of(app.dashboard.query_one(EventLog))).split())


def on_dashboard(app: DashboardApp) -> bool:
    return app.screen is app.dashboard


def status_of(app: DashboardApp) -> str:
    return str(app.dashboard.query_one(StatusBar).render())
