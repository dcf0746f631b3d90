"""A replay session: a stored run played again, exactly, with a timeline to jump along.

The recorded live actions apply themselves at their minutes, the way a headless replay
applies them (run up to the minute, then apply), so whatever slices the clock plays in,
the run on screen is the recorded one and ends on the recorded summary. Nothing may change
the run. Jumping back rebuilds the engine and plays it forward to the chosen minute:
there is no undo in a simulation, but a replay from the start is exact and takes well
under a second.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sim.engine.core import Engine, TimedAction
from sim.exercise.drill_file import Drill
from sim.exercise.loading import parse_drill
from sim.exercise.scoring import Score, score
from sim.model import actions as act
from sim.model.scenario import Scenario
from sim.session.clock import Clock
from sim.session.run import Capabilities, Ending, PlayedRun, new_engine
from sim.store.compare import compare
from sim.store.runs import Event, StoredRun, replay_end, stored_scenario


@dataclass(frozen=True)
class Mark:
    """A point on the timeline: its minute and what happened there."""

    t: float
    kind: str  # "start", "inject", "action", "note", "end"
    source: str
    text: str


def event_text(event: Event, scenario: Scenario) -> str:
    p = event.payload
    if event.type == "inject":
        return str(p.get("title") or p.get("id") or "inject")
    if event.type == "note":
        about = p.get("inject_id")
        return (f"[{about}] " if about else "") + str(p.get("text", ""))
    if event.type == "action":
        params = dict(p)
        name = str(params.pop("action", ""))
        try:
            return act.describe(act.action_from_params(name, params, scenario))
        except act.ActionError:
            return name
    return str(p.get("text", "")) or event.type


def team_actions(stored: StoredRun, actions: list[TimedAction]) -> list[TimedAction]:
    """The players' actions (not the controller's), as a drill scores them."""
    sources = [e.source for e in stored.events if e.type == "action"]
    return [a for a, s in zip(actions, sources, strict=False) if s != "controller"]


@dataclass
class ReplaySession:
    """One stored run on the dashboard; `jump` moves along its timeline."""

    stored: StoredRun
    actions: list[TimedAction]  # the recorded live actions, in the order they were applied
    run: PlayedRun = field(init=False)
    capabilities: Capabilities = field(init=False)
    drill: Drill | None = None
    _next: int = 0

    @classmethod
    def open(
        cls, stored: StoredRun, actions: list[TimedAction], clock: Clock | None = None
    ) -> ReplaySession:
        session = cls(stored, sorted(actions, key=lambda a: a.at))  # stable, as replays sort
        if stored.record.kind == "drill" and stored.drill_text:
            session.drill = parse_drill(stored.drill_text, f"run {stored.record.id} drill")
        session.capabilities = Capabilities(
            act=False, restart=False, hotwash=session.drill is not None, timeline=True
        )
        session._rewind(clock or Clock())
        return session

    @property
    def scenario(self) -> Scenario:
        return self.run.engine.scenario

    @property
    def title(self) -> str:
        return f"surgedesk replay · run {self.stored.record.id} · {self.stored.record.name}"

    @property
    def drill_name(self) -> str:
        return self.drill.name if self.drill is not None else self.stored.record.name

    @property
    def run_id(self) -> int:
        return self.stored.record.id

    @property
    def end_minute(self) -> float:
        end = replay_end(self.stored)
        return self.scenario.meta.duration if end is None else end

    def _rewind(self, clock: Clock) -> None:
        """A fresh engine at minute 0, with every recorded action still to come."""
        scenario = stored_scenario(self.stored)
        engine = new_engine(scenario, self.stored.record.seed)
        end = replay_end(self.stored)
        self.run = PlayedRun(engine, clock, end=end, play_to=self._play_to)
        self._next = 0
        for e in self.stored.events:
            if e.type == "inject":
                text = f"{event_text(e, scenario)} ({e.payload.get('kind', '')})"
                self.run.logbook.add(e.t_sim, "inject", text, after=False)
            elif e.type == "note":
                self.run.logbook.add(e.t_sim, "note", event_text(e, scenario), after=True)

    def _play_to(self, t: float) -> None:
        """Run to minute `t`, applying the recorded actions on the way."""
        engine = self.run.engine
        while self._next < len(self.actions) and self.actions[self._next].at <= t:
            timed = self.actions[self._next]
            engine.run_until(timed.at)
            self.run.send(timed.action)
            self._next += 1
        engine.run_until(t)

    def jump(self, t: float) -> bool:
        """Show minute `t`, paused; True if that meant replaying from the start."""
        back = t < self.run.engine.now
        if back:
            self._rewind(self.run.clock)
        self.run.clock.paused = True
        self._play_to(min(t, self.run.stop_at))
        return back

    def marks(self) -> list[Mark]:
        """The run's start, each recorded event in order, and where the recording ends."""
        scenario = self.scenario
        out = [Mark(0.0, "start", "", "start of the run")]
        out += [
            Mark(e.t_sim, e.type, e.source, event_text(e, scenario))
            for e in self.stored.events
            if e.type != "log"
        ]
        out.append(Mark(self.end_minute, "end", "", "end of the recording"))
        return out

    def send(self, action: act.Action) -> act.Action:
        raise PermissionError("a replay plays the recorded run: nothing can be changed")

    def score(self) -> Score | None:
        """A drill's score at the minute on screen (the team's actions up to it)."""
        if self.drill is None:
            return None
        engine = self.run.engine
        team = [a for a in team_actions(self.stored, self.actions) if a.at <= engine.now]
        return score(self.drill, engine, team)

    def end(self) -> Ending:
        """At the recording's end: the summary and whether it matches, or why it stops."""
        engine: Engine = self.run.engine
        if not engine.done:
            return Ending(None, notice="end of the recording: this run was not finished")
        note = ""
        if self.stored.record.complete:
            difference = compare(self.stored, engine)
            note = (
                f"replay matches run {self.stored.record.id}: identical summary and series"
                if difference is None
                else f"replay differs from the recording: {difference}"
            )
        return Ending(engine.summary().as_dict(), len(self.actions), note=note)
