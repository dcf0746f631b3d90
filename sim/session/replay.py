"""A replay session: a stored run played again, exactly, with a timeline to jump along.

The store's `Player` applies the recorded live actions at their minutes, so whatever
slices the clock plays in, the run on screen is the recorded one and ends on the recorded
summary. Nothing may change the run. Jumping back rewinds the player and plays forward to
the chosen minute: there is no undo in a simulation, but a replay from the start is exact
and takes well under a second.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sim.engine.applied import Applied
from sim.exercise.scoring import Score, score
from sim.model import actions as act
from sim.model.scenario import Scenario
from sim.session.clock import Clock
from sim.session.run import Capabilities, Ending, PlayedRun
from sim.store.compare import compare
from sim.store.events import ActionEvent, AlertEvent, Event, InjectEvent, NoteEvent
from sim.store.player import Player
from sim.store.recorded import RecordedRun


@dataclass(frozen=True)
class Mark:
    """A point on the timeline: its minute and what happened there."""

    t: float
    kind: str  # "start", "inject", "action", "note", "alert", "end"
    source: str
    text: str


def event_text(event: Event, scenario: Scenario) -> str:
    """One line for a recorded event, in the words the event log uses."""
    match event:
        case InjectEvent() | NoteEvent() | AlertEvent():
            return event.label
        case ActionEvent():
            try:
                return act.describe(event.action(scenario))
            except act.ActionError:
                return event.name
    return event.type


@dataclass
class ReplaySession:
    """One recorded run on the dashboard; `jump` moves along its timeline."""

    recorded: RecordedRun
    player: Player
    run: PlayedRun = field(init=False)
    capabilities: Capabilities = field(init=False)

    def __post_init__(self) -> None:
        self.capabilities = Capabilities(
            act=False, restart=False, hotwash=self.recorded.drill is not None, timeline=True
        )

    @classmethod
    def open(cls, recorded: RecordedRun, clock: Clock | None = None) -> ReplaySession:
        session = cls(recorded, Player.of(recorded, record_mentions=False))
        session._show(clock or Clock())
        return session

    @property
    def title(self) -> str:
        return f"surgedesk replay · run {self.recorded.id} · {self.recorded.record.name}"

    @property
    def drill_name(self) -> str:
        drill = self.recorded.drill
        return drill.name if drill is not None else self.recorded.record.name

    @property
    def run_id(self) -> int:
        return self.recorded.id

    def _show(self, clock: Clock) -> None:
        """The player's engine as the session's run, with the recorded injects and notes."""
        self.run = PlayedRun(
            self.player.engine, clock, end=self.player.end, play_to=self.player.play_to
        )
        self.run.sent = self.player.live  # what `recorded` replays, up to the minute shown
        for e in self.recorded.injects:
            self.run.logbook.add(e.t_sim, "inject", f"{e.label} ({e.kind})", after=False)
        for n in self.recorded.notes:
            self.run.logbook.add(n.t_sim, "note", n.label, after=True)

    def jump(self, t: float) -> bool:
        """Show minute `t`, paused; True if that meant replaying from the start."""
        back = t < self.run.engine.now
        if back:
            self.player.rewind()
            self._show(self.run.clock)
        self.run.clock.paused = True
        self.player.play_to(t)
        return back

    def marks(self) -> list[Mark]:
        """The run's start, each recorded event in order, and where the recording ends."""
        scenario = self.recorded.scenario
        out = [Mark(0.0, "start", "", "start of the run")]
        out += [
            Mark(e.t_sim, e.type, e.source, event_text(e, scenario))
            for e in self.recorded.events
            if e.type != "log"
        ]
        out.append(Mark(self.recorded.end, "end", "", "end of the recording"))
        return out

    def send(self, action: act.Action) -> Applied:
        raise PermissionError("a replay plays the recorded run: nothing can be changed")

    def score(self) -> Score | None:
        """A drill's score at the minute on screen (the team's actions up to it)."""
        drill = self.recorded.drill
        if drill is None:
            return None
        engine = self.run.engine
        now = engine.now
        alerts = [a.at for a in self.run.raised]
        team, shown = self.recorded.team_until(now), self.recorded.shown_until(now)
        return score(drill, engine, team, shown, alerts)

    def end(self) -> Ending:
        """At the recording's end: the summary and whether it matches, or why it stops."""
        engine = self.run.engine
        if not engine.done:
            return Ending(None, notice="end of the recording: this run was not finished")
        note = ""
        if self.recorded.complete:
            difference = compare(self.recorded.stored, engine)
            note = (
                f"replay matches run {self.recorded.id}: identical summary and series"
                if difference is None
                else f"replay differs from the recording: {difference}"
            )
        return Ending(engine.summary().as_dict(), len(self.recorded.live), note=note)
