"""How fast a session plays, and whether it plays: the only place wall time meets sim time.

Wall time enters only through `Clock.tick(elapsed, ...)`, and the frame budget that keeps
an interface responsive at top speed is measured with an injectable timer, so tests
step a clock exactly. A clock can be *held* (a dialog is open) without being paused:
holding stops it without changing what the players set, and the last release lets it run
again as they left it. It can also be *waiting* (a hosted drill with no player seated):
stopped, like a hold, for a reason that is said instead of counted.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

# Simulated seconds per wall second; the last one means "as fast as the budget allows".
SPEEDS: tuple[float, ...] = (1, 10, 60, 300, 900, 3600, 14400, math.inf)
DEFAULT_SPEED = 4  # 15 simulated minutes a second: a 72-hour scenario in under 5 minutes
DRILL_SPEED = 2  # a simulated minute a second: injects a room of people can read and answer
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
class Clock:
    """Speed, pause and holds of one session; `tick` plays a slice of simulated time."""

    speed_index: int = DEFAULT_SPEED
    paused: bool = False
    budget: float = TICK_BUDGET
    timer: Callable[[], float] = field(default=time.perf_counter)
    holds: int = 0  # dialogs open that stop the clock without pausing it
    waiting: str = ""  # why it is stopped without a dialog ("waiting for players"); "": not

    @property
    def speed(self) -> float:
        return SPEEDS[self.speed_index]

    @property
    def speed_label(self) -> str:
        return speed_label(self.speed)

    @property
    def running(self) -> bool:
        return not self.paused and not self.holds and not self.waiting

    def faster(self) -> None:
        self.speed_index = min(len(SPEEDS) - 1, self.speed_index + 1)

    def slower(self) -> None:
        self.speed_index = max(0, self.speed_index - 1)

    def toggle_pause(self) -> None:
        self.paused = not self.paused

    def hold(self) -> None:
        self.holds += 1

    def release(self) -> None:
        self.holds = max(0, self.holds - 1)

    def tick(
        self,
        elapsed: float,
        now: Callable[[], float],
        play_to: Callable[[float], None],
        *,
        interval: float,
        end: float,
        stops: Sequence[float] = (),
    ) -> bool:
        """Play `elapsed` wall seconds at this speed; True if the simulated clock moved.

        The run advances an interval at a time until the target, the run's `end`, the
        next of `stops` (a drill's inject minutes, so none shows late) or the frame
        budget, whichever comes first.
        """
        before = now()
        if not self.running or before >= end:
            return False
        elapsed = min(max(0.0, elapsed), MAX_ELAPSED)
        target = math.inf if math.isinf(self.speed) else before + self.speed * elapsed / 60.0
        target = min(target, end, next((s for s in stops if s > before), math.inf))
        deadline = self.timer() + self.budget
        while now() < target:
            play_to(min(target, now() + interval))
            if self.timer() >= deadline:
                break
        return now() > before


def nearest_speed(per_second: float) -> int:
    """The index of the listed speed closest to `per_second` simulated seconds a second.

    Closest by ratio, so "2 min/s" lands on 1 min/s rather than on 5 min/s.
    """
    finite = [i for i, s in enumerate(SPEEDS) if math.isfinite(s)]
    if math.isinf(per_second):
        return len(SPEEDS) - 1
    return min(finite, key=lambda i: abs(math.log(SPEEDS[i] / max(per_second, 1e-9))))
