"""Helpers for driving the dashboard with Textual's pilot, shared by the tui test modules."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from typing import Any

from tui.app import SurgedeskApp
from tui.widgets.logs import EventLog, FeedLog
from tui.widgets.status import StatusBar

SIZE = (120, 40)


def run_async(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """No async pytest plugin is installed: run each test's coroutine in its own loop."""

    @functools.wraps(test)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return wrapper


def lines_of(log: EventLog | FeedLog) -> list[str]:
    return ["".join(seg.text for seg in strip) for strip in log.lines]


def on_dashboard(app: SurgedeskApp) -> bool:
    return app.screen is app.dashboard


def status_of(app: SurgedeskApp) -> str:
    return str(app.dashboard.query_one(StatusBar).render())
