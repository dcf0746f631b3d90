"""The run's calendar and its event log: what every part of the engine schedules through.

The engine's parts (the team, the community, feedback) each need to do something at a
later minute and to say what happened. They share this one clock rather than the engine
itself, so none of them depends on the engine and the engine stays the only place that
knows all of them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import simpy

from sim.engine.due import CALL, NORMAL, Due, scheduler
from sim.model import actions as act


@dataclass(frozen=True)
class LogEntry:
    """One line of the run's event log; `action` is set when it records an action."""

    t: float
    kind: str  # "action", "surge", "faq", "shift", "statement", "advocates"
    text: str
    action: act.Action | None = None


class Clock:
    """SimPy's environment for one run of `duration` minutes, and the log of that run."""

    def __init__(self, duration: float) -> None:
        self.env = simpy.Environment()
        self.schedule = scheduler(self.env)
        self.duration = duration
        self.log: list[LogEntry] = []
        self._listeners: list[Callable[[LogEntry], None]] = []

    @property
    def now(self) -> float:
        return float(self.env.now)

    def at(self, t: float, fn: Callable[..., Any], *args: Any) -> None:
        """Call `fn(*args)` at minute `t` of the run, if the run gets that far."""
        if t > self.duration:
            return
        delay = t - self.env._now
        self.schedule(Due(CALL, (fn, args)), NORMAL, delay if delay > 0.0 else 0.0)

    def say(self, kind: str, text: str, action: act.Action | None = None) -> LogEntry:
        """Add a line to the log, now, and tell whoever listens."""
        entry = LogEntry(self.now, kind, text, action)
        self.log.append(entry)
        for listener in self._listeners:
            listener(entry)
        return entry

    def on_log(self, listener: Callable[[LogEntry], None]) -> None:
        self._listeners.append(listener)


def next_interval(now: float, interval: float) -> float:
    """The end of the reporting interval `now` is in: where a single step stops."""
    return (math.floor(now / interval + 1e-9) + 1) * interval
