"""Playing a run again from its log, exactly.

A live action (a dashboard key, a controller's inject) is applied between steps: the
engine runs up to the action's minute, then the action applies, before anything else
scheduled for that same minute. Replaying it the same way, `run_until(t)` then `apply`,
reproduces the run bit for bit; scheduling it as an event instead could order it after
a shift change that falls on the same minute.
"""

from __future__ import annotations

from collections.abc import Iterable

from sim.engine.core import Engine, TimedAction
from sim.model.scenario import Scenario


def play(engine: Engine, live: Iterable[TimedAction], until: float | None = None) -> Engine:
    """Apply live actions at their minutes, in order, then run to `until` (or the end)."""
    for timed in sorted(live, key=lambda a: a.at):  # stable: same-minute actions keep order
        engine.run_until(timed.at)
        engine.apply(timed.action)
    engine.run_until(engine.duration if until is None else until)
    return engine


def replay(
    scenario: Scenario, seed: int, live: Iterable[TimedAction], until: float | None = None
) -> Engine:
    """A fresh engine for the scenario and seed, with the live actions played in."""
    return play(Engine(scenario, seed), live, until)
