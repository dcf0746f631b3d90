"""Injects wait their turn: one on screen at a time, oldest first.

Several injects can fall due in one frame (or while the controller fires one), and the
run can end while one is still up; people read them in order, and the run's ending waits
until the last is closed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sim.exercise.injects import Fired
from sim.session.run import Ending


@dataclass
class InjectQueue:
    show: Callable[[Fired], None]  # puts one inject on screen
    waiting: list[Fired] = field(default_factory=list)
    up: bool = False  # one is on screen now
    ending: Ending | None = None  # the run ended while one was up

    def add(self, fired: Fired) -> bool:
        """Queue an inject; True if it went on screen at once (none was up)."""
        self.waiting.append(fired)
        if self.up:
            return False
        self.up = True
        self.show(self.waiting.pop(0))
        return True

    def closed(self) -> Ending | None:
        """The one on screen was closed: show the next, or hand back the ending that waited."""
        if self.waiting:
            self.show(self.waiting.pop(0))
            return None
        self.up = False
        ending, self.ending = self.ending, None
        return ending
