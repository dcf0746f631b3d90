"""The run behind the dashboard: an engine, how fast it plays, and the actions keys send.

The driver knows nothing of Textual, so tests step it directly. Wall time only enters
through `tick(elapsed)`, and the time budget that keeps the interface responsive at top
speed is measured with an injectable clock.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sim.engine.core import Engine, TimedAction
from sim.engine.replay import replay
from sim.model import actions as act
from sim.model.scenario import Scenario

# Simulated seconds per wall second; the last one means "as fast as the budget allows".
SPEEDS: tuple[float, ...] = (1, 10, 60, 300, 900, 3600, 14400, math.inf)
DEFAULT_SPEED = 4  # 15 simulated minutes a second: a 72-hour scenario in under 5 minutes
TICK_BUDGET = 0.04  # wall seconds of simulation per frame at most, so keys stay snappy
MAX_ELAPSED = 0.5  # a stalled frame does not make the simulation leap ahead to catch up


def speed_label(speed: float) -> str:
    """'15 min/s' reads better than '900x' for anyone who is not a simulation person."""
    if math.isinf(speed):
        return "max"
    if speed < 60:
        return f"{speed:g}s/s" if speed != 1 else "real time"
    if speed < 3600:
        return f"{speed / 60:g} min/s"
    return f"{speed / 3600:g} h/s"


@dataclass
class Driver:
    """Owns the engine of the run on screen; every change goes through `apply`."""

    engine: Engine
    speed_index: int = DEFAULT_SPEED
    paused: bool = False
    budget: float = TICK_BUDGET
    timer: Callable[[], float] = field(default=time.perf_counter)
    live: list[TimedAction] = field(default_factory=list)  # every action sent, at its minute

    @classmethod
    def start(cls, scenario: Scenario, seed: int | None, **kwargs: object) -> Driver:
        """The engine keeps no per-mention list: a long run's memory stays flat, and
        `recorded` rebuilds the list, exactly, when someone saves."""
        engine = Engine(scenario, seed, record_mentions=False)
        return cls(engine, **kwargs)  # type: ignore[arg-type]

    @property
    def speed(self) -> float:
        return SPEEDS[self.speed_index]

    @property
    def speed_label(self) -> str:
        return speed_label(self.speed)

    def faster(self) -> None:
        self.speed_index = min(len(SPEEDS) - 1, self.speed_index + 1)

    def slower(self) -> None:
        self.speed_index = max(0, self.speed_index - 1)

    def toggle_pause(self) -> None:
        self.paused = not self.paused

    def tick(self, elapsed: float) -> bool:
        """Play `elapsed` wall seconds at the current speed; True if the clock moved."""
        if self.paused or self.engine.done:
            return False
        before = self.engine.now
        elapsed = min(max(0.0, elapsed), MAX_ELAPSED)
        target = math.inf if math.isinf(self.speed) else before + self.speed * elapsed / 60.0
        self._run_within_budget(target)
        return self.engine.now > before

    def _run_within_budget(self, target: float) -> None:
        """Advance toward `target` an interval at a time, stopping when the budget is spent."""
        engine = self.engine
        deadline = self.timer() + self.budget
        while engine.now < target and not engine.done:
            engine.run_until(min(target, engine.now + engine.interval))
            if self.timer() >= deadline:
                return

    def advance(self, minutes: float) -> None:
        """Play exactly `minutes` of simulated time, however long it takes: for tests and `n`."""
        self.engine.run_until(self.engine.now + minutes)

    def step(self) -> None:
        """Play to the end of the current reporting interval."""
        interval = self.engine.interval
        nxt = (math.floor(self.engine.now / interval + 1e-9) + 1) * interval
        self.engine.run_until(nxt)

    def apply(self, action: act.Action) -> None:
        self.live.append(TimedAction(self.engine.now, action))
        self.engine.apply(action)

    def recorded(self) -> Engine:
        """The run so far with every mention kept: an exact replay of its live actions."""
        engine = self.engine
        done = [a for a in self.live if a.at <= engine.now]
        return replay(engine.scenario, engine.seed, done, until=engine.now)


# ---------------------------------------------------------------------- what the keys send

LIVE_SURGE_FACTOR = 3.0  # a live shock peaks at three times the everyday flow
LIVE_SURGE_MIN_PEAK = 60.0  # per hour; a scenario without a baseline still gets a visible shock
LIVE_SURGE_HALF_LIFE = "3h"
ADVOCATE_BOOST = 0.2  # a call for help raises the advocates' share of answers by this much
ADVOCATE_FLOOR = 0.3
ADVOCATE_SPAN = 240.0  # minutes a mobilization lasts


def live_surge(scenario: Scenario, topic: str | None) -> act.Action:
    """A controller's inject: a shock on the topic everyone is talking about right now."""
    base = scenario.baseline.per_hour if scenario.baseline else 0.0
    params: dict[str, object] = {
        "name": "Live inject",
        "shape": "shock",
        "peak_per_hour": max(LIVE_SURGE_MIN_PEAK, LIVE_SURGE_FACTOR * base),
        "half_life": LIVE_SURGE_HALF_LIFE,
        "topic": topic or "general",
    }
    return act.action_from_params("trigger_surge", params, scenario)


def mobilize(current_share: float) -> act.Action:
    share = min(1.0, max(ADVOCATE_FLOOR, current_share + ADVOCATE_BOOST))
    return act.MobilizeAdvocates(answer_share=round(share, 2), duration=ADVOCATE_SPAN)
