"""The replay player: a recorded run played forward, exactly, to any minute and back.

A live action applies between steps: the engine runs up to the action's minute, then
the action applies, before anything else scheduled for that minute (`sim.engine.replay`
explains why). The player keeps a cursor into the recorded actions, so it can be played
in slices of any size (the dashboard plays a few minutes a frame) and still end on the
recorded run. There is no undo in a simulation: `rewind` starts a fresh engine, and
playing forward from minute 0 is exact and quick.

One player serves every replay: `replay_stored` (headless, to the end), `surgedesk
replay`, the report's replay and the dashboard's replay session.
"""

from __future__ import annotations

from collections.abc import Sequence

from sim.engine.clock import next_interval
from sim.engine.core import Engine, TimedAction
from sim.engine.replay import play
from sim.model.scenario import Scenario
from sim.store.recorded import RecordedRun, load_run
from sim.store.runs import RunStore


class Player:
    """An engine for a scenario and seed, and the live actions still to apply to it.

    `live` is sorted by minute, stably (same-minute actions keep their recorded order),
    as `sim.engine.replay.play` sorts; `end` is where the recording stops (the scenario's
    end if None). `record_mentions=False` keeps memory flat for a long dashboard replay.
    """

    def __init__(
        self,
        scenario: Scenario,
        seed: int,
        live: Sequence[TimedAction] = (),
        end: float | None = None,
        *,
        record_mentions: bool = True,
    ) -> None:
        self.live: list[TimedAction] = sorted(live, key=lambda a: a.at)
        self.end: float = scenario.meta.duration if end is None else end
        self.record_mentions = record_mentions
        self.engine = Engine(scenario, seed, record_mentions=record_mentions)
        self.applied = 0  # how many of `live` the engine has applied

    @classmethod
    def of(cls, run: RecordedRun, *, record_mentions: bool = True) -> Player:
        """A player at minute 0 of a recorded run, stopping where its recording stops."""
        return cls(run.scenario, run.seed, run.live, run.end, record_mentions=record_mentions)

    @property
    def now(self) -> float:
        return self.engine.now

    @property
    def at_end(self) -> bool:
        """Nothing more to play: the scenario is over or the recording stops here."""
        return self.engine.done or self.engine.now >= self.end

    def play_to(self, t: float) -> Engine:
        """Run to minute `t` (at most the recording's end), applying actions on the way.

        A `t` behind the engine's clock does nothing: call `rewind` first to go back.
        """
        t = min(t, self.end)
        due = self.applied
        while due < len(self.live) and self.live[due].at <= t:
            due += 1
        play(self.engine, self.live[self.applied : due], t)
        self.applied = due
        return self.engine

    def play(self) -> Engine:
        """Run to the end of the recording: the run as it was recorded."""
        return self.play_to(self.end)

    def advance(self, minutes: float) -> Engine:
        return self.play_to(self.engine.now + minutes)

    def step(self) -> Engine:
        """Run to the next interval boundary (a frame-by-frame look at the run)."""
        return self.play_to(next_interval(self.engine.now, self.engine.interval))

    def rewind(self) -> None:
        """A fresh engine at minute 0, with every recorded action still to come."""
        old = self.engine
        self.engine = Engine(old.scenario, old.seed, record_mentions=self.record_mentions)
        self.applied = 0

    def seek(self, t: float) -> Engine:
        """Show minute `t`: forward by playing on, backward by rewinding and replaying."""
        if t < self.engine.now:
            self.rewind()
        return self.play_to(t)


def replay_stored(store: RunStore, run_id: int) -> Engine:
    """Play a stored run again: a fresh engine with its seed and live actions, to its end."""
    return Player.of(load_run(store, run_id)).play()


__all__ = ["Player", "replay_stored"]
