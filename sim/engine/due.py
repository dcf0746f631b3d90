"""The engine's own timed work as lightweight SimPy events.

SimPy's `Timeout` carries a `__dict__`, a callback list and its environment; the engine
scheduled a few per mention, hundreds of thousands in a long run, and making and
collecting them was a third of the run's time. What `Environment.step` actually reads of
an event is `callbacks` (called once: a shared tuple will do, never a fresh list) and
`_ok`. A mention is its own event for its arrival and the end of its handling
(`sim.engine.mentions`); `Due` is the event for the rest (`Clock.at`: listening delays,
advocates, overflow, shifts, the FAQ's steps): those two slots and the value its callback
needs. Both go through the public `Environment.schedule` at `NORMAL` priority, exactly as a
`Timeout` does, so SimPy stays the clock and events fire in the order Timeouts fired them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import simpy
from simpy.events import NORMAL

Schedule = Callable[[Any, int, float], None]


class Due:
    """One piece of work due at a minute: SimPy calls each of `callbacks` with it."""

    __slots__ = ("callbacks", "value")
    _ok = True  # never fails: SimPy checks this after the callbacks

    def __init__(self, callbacks: tuple[Callable[[Due], None], ...], value: Any) -> None:
        self.callbacks: tuple[Callable[[Due], None], ...] | None = callbacks
        self.value = value


def scheduler(env: simpy.Environment) -> Schedule:
    """`env.schedule`, typed for `Due` (SimPy's annotation names its own `Event`)."""
    schedule: Schedule = env.schedule  # type: ignore[assignment]
    return schedule


def call(event: Due) -> None:
    """The callback of a `Due` whose value is `(fn, args)`: `fn(*args)`."""
    fn, args = event.value
    fn(*args)


CALL = (call,)
__all__ = ["CALL", "NORMAL", "Due", "Schedule", "call", "scheduler"]
