"""The event log a session shows: the engine's lines, with injects and notes woven in.

The engine logs what the simulation does; a drill adds lines it cannot know of (an
inject shown to the players, an evaluator's note). Each such line is placed by its
minute: an inject reads above the engine's lines of its minute (it causes them), a note
below what happened up to it. Lines are numbered as they are written, so a view appends
only what is new, and nothing already written ever moves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sim.engine.core import Engine
from sim.present.format import clock_label
from sim.present.view import LogLine


@dataclass(order=True)
class _Pending:
    t: float
    after: bool  # False: above the engine's lines of the same minute
    order: int
    kind: str = field(compare=False)
    text: str = field(compare=False)


@dataclass
class LogBook:
    """Writes the engine's log and the session's own lines into one numbered stream."""

    start: datetime
    lines: list[LogLine] = field(default_factory=list)
    _pending: list[_Pending] = field(default_factory=list)
    _engine_seen: int = 0  # engine log entries already written
    _count: int = 0

    def add(self, t: float, kind: str, text: str, *, after: bool) -> None:
        """A line of the session's own ("inject", "note"), written once the clock is there."""
        self._count += 1
        self._pending.append(_Pending(t, after, self._count, kind, text))
        self._pending.sort()

    def catch_up(self, engine: Engine) -> None:
        """Write every line that is due at the engine's minute, in order."""
        log = engine.log
        while self._pending and self._pending[0].t <= engine.now:
            line = self._pending.pop(0)
            while self._engine_seen < len(log):
                e = log[self._engine_seen]
                if not (e.t < line.t or (line.after and e.t <= line.t)):
                    break
                self._write(e.t, e.kind, e.text)
                self._engine_seen += 1
            self._write(line.t, line.kind, line.text)
        for e in log[self._engine_seen :]:
            self._write(e.t, e.kind, e.text)
        self._engine_seen = len(log)

    def recent(self, limit: int) -> tuple[LogLine, ...]:
        return tuple(self.lines[-limit:]) if limit else ()

    def _write(self, t: float, kind: str, text: str) -> None:
        self.lines.append(LogLine(len(self.lines), t, clock_label(self.start, t), kind, text))
