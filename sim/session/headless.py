"""A drill played without a screen: the script's injects on time and the team's actions from
a file, through the same `DrillSession` the dashboard drives, so a trainer (or a test) sees
the log and the score the room would have seen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sim.engine.core import TimedAction
from sim.exercise.scoring import Score
from sim.present.view import LogLine
from sim.session.drill import DrillSession


@dataclass(frozen=True)
class HeadlessDrill:
    """What a headless drill produced: every log line, the team's actions as sent, the score."""

    session: DrillSession
    log: tuple[LogLine, ...]
    sent: tuple[TimedAction, ...]
    score: Score

    def as_dict(self) -> dict[str, Any]:
        return {
            "drill": self.session.drill.name,
            "seed": self.session.engine.seed,
            "log": [
                {"t_min": line.t, "clock": line.clock, "kind": line.kind, "text": line.text}
                for line in self.log
            ],
            "score": self.score.as_dict(),
            "summary": self.score.summary.as_dict(),
        }


def play(session: DrillSession, actions: Sequence[TimedAction]) -> HeadlessDrill:
    """Play the drill to its end: at each minute the injects due show first, then the team's
    actions of that minute are sent (each as a player's key: topics resolved, scored)."""
    queue = sorted(actions, key=lambda a: a.at)
    run = session.run
    points = sorted({*session.schedule.stops, *(a.at for a in queue), run.stop_at})
    i = 0
    for t in points:
        run.advance(max(0.0, t - session.engine.now))
        session.due()
        while i < len(queue) and queue[i].at <= session.engine.now:
            session.send(queue[i].action)
            i += 1
    session.end()
    run.logbook.catch_up(session.engine)
    return HeadlessDrill(
        session, tuple(run.logbook.lines), tuple(session.team_actions), session.score()
    )
