"""Injects as they happen: which ones the clock has reached, and each one as it was shown.

A drill shows its scripted injects when the clock passes their minute, and the controller
may fire any of them (or one made up on the spot) at another time. Both end up as a
`Fired`: what the players saw, when, and by whose hand, which is also what the run store
keeps. None of this needs a screen, so a drill's injects can be played and tested headless.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from sim.exercise.drill_file import DrillInject

FireSource = Literal["script", "controller"]


@dataclass(frozen=True)
class Fired:
    """One inject as it was shown: when, by whom (the script or the controller), and what."""

    id: str
    title: str
    message: str
    kind: str
    at: float
    source: FireSource

    @classmethod
    def of(cls, inject: DrillInject, at: float, source: FireSource) -> Fired:
        """A drill's inject as shown at minute `at` (its own, or now, from the controller)."""
        return cls(inject.id, inject.title, inject.message, inject.kind, at, source)

    def payload(self) -> dict[str, str]:
        """What the run store keeps of it (the event's time and source are stored beside)."""
        return {"id": self.id, "title": self.title, "message": self.message, "kind": self.kind}


@dataclass
class InjectSchedule:
    """A drill's script against the clock, and every inject shown so far, in order.

    The script is the injects sorted by minute, stable so injects of the same minute show
    in file order. Each scripted inject is due once; the controller firing one early leaves
    the script as it is, so it still shows at its own minute.
    """

    injects: Sequence[DrillInject]
    fired: list[Fired] = field(default_factory=list)
    _script: list[DrillInject] = field(init=False, repr=False)
    _next: int = field(default=0, init=False, repr=False)

    def __post_init__(self) -> None:
        self._script = sorted(self.injects, key=lambda i: i.at)

    @property
    def stops(self) -> tuple[float, ...]:
        """The scripted minutes in order: a clock that stops at each never shows one late."""
        return tuple(i.at for i in self._script)

    @property
    def last_id(self) -> str:
        """The inject shown most recently ("" before the first): what a note is about."""
        return self.fired[-1].id if self.fired else ""

    def due(self, now: float) -> list[Fired]:
        """The scripted injects whose minute the clock has reached, each once, at its minute."""
        out: list[Fired] = []
        while self._next < len(self._script) and self._script[self._next].at <= now:
            inject = self._script[self._next]
            self._next += 1
            out.append(self.record(Fired.of(inject, inject.at, "script")))
        return out

    def fire(self, inject_id: str, at: float) -> Fired | None:
        """The controller's inject at minute `at`, off-script; None for an unknown id."""
        inject = next((i for i in self.injects if i.id == inject_id), None)
        if inject is None:
            return None
        return self.record(Fired.of(inject, at, "controller"))

    def record(self, fired: Fired) -> Fired:
        """Keep an inject as shown (one not in the file, too: the controller's live surge)."""
        self.fired.append(fired)
        return fired
