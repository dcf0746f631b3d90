"""A drill session: the script's injects on time, a controller, notes, a record and a score.

The drill's scripted actions are already in the built scenario, so the engine applies them
itself; this session's job is to say when each inject is due (the clock stops at each
inject's minute, so none shows late at high speed), to let the controller fire injects
off-script, to take notes, to keep every inject, action and note in the run store the
moment it happens, and to score the team's own actions. The controller's actions change
the run but are never scored as the team's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from sim.analysis.history.alerts import Alert
from sim.analysis.spikes import alert_payload
from sim.engine.applied import Applied
from sim.engine.core import Engine, TimedAction
from sim.exercise.build import BuiltDrill
from sim.exercise.drill_file import Drill, DrillInject
from sim.exercise.injects import Fired, InjectSchedule
from sim.exercise.intent import with_intent
from sim.exercise.notes import Note
from sim.exercise.scoring import Score, first_shown, score
from sim.model import actions as act
from sim.model.vocabulary import Source
from sim.session.clock import DRILL_SPEED, Clock
from sim.session.recording import Recording
from sim.session.responses import live_surge
from sim.session.run import Capabilities, Ending, PlayedRun, new_engine

# No restart: a new run would orphan the record. No planner: it would chart the whole
# script's demand (the 14:00 surge at 08:04), and players never see the script. No surge
# key: one stray `s` would change what the team is scored on (the controller's `l` asks).
DRILL = Capabilities(restart=False, plan=False, controller=True, hotwash=True, surge=False)
NOTES_SHOWN = 6


@dataclass(frozen=True)
class InjectRow:
    """One line of the controller's list: an inject and when it was shown, if it was."""

    inject: DrillInject
    shown: tuple[Fired, ...]


@dataclass(frozen=True)
class ControllerView:
    """What the controller's screen shows, as plain data (attributes down)."""

    name: str
    now: float
    done: bool
    paused: bool
    rows: tuple[InjectRow, ...]
    notes: tuple[Note, ...]
    note_count: int
    about: str  # the inject a new note will be about
    waiting: str = ""  # why the clock stands though nobody paused it ("waiting for players")


@dataclass(frozen=True)
class Briefing:
    """What the players are told before the clock starts: the drill, its span and pace.

    Never the injects or what is expected of them: those are the controller's to know.
    """

    name: str
    description: str
    scenario: str
    starts: float  # minute of the run
    ends: float
    pace: float  # simulated seconds per wall second
    objectives: tuple[str, ...]


@dataclass
class DrillSession:
    """One drill played on one run; `due` is asked each frame for injects to show."""

    built: BuiltDrill
    run: PlayedRun
    recording: Recording | None = None
    capabilities: Capabilities = DRILL
    schedule: InjectSchedule = field(init=False)
    notes: list[Note] = field(default_factory=list)
    team_actions: list[TimedAction] = field(default_factory=list)
    controller_actions: list[TimedAction] = field(default_factory=list)
    finished: bool = False

    def __post_init__(self) -> None:
        self.schedule = InjectSchedule(self.built.drill.injects)

    @classmethod
    def start(
        cls,
        built: BuiltDrill,
        recording: Recording | None = None,
        seed: int | None = None,
        clock: Clock | None = None,
    ) -> DrillSession:
        engine = new_engine(built.scenario, built.seed if seed is None else seed)
        clock = clock or Clock(speed_index=DRILL_SPEED)
        session = cls(built, PlayedRun(engine, clock), recording)
        session.run.on_alert = session._alerted
        session.run.stops = session.schedule.stops  # so no inject shows late at high speed
        return session

    @property
    def drill(self) -> Drill:
        return self.built.drill

    @property
    def engine(self) -> Engine:
        return self.run.engine

    @property
    def title(self) -> str:
        return f"surgedesk drill · {self.drill.name}"

    @property
    def drill_name(self) -> str:
        return self.drill.name

    @property
    def run_id(self) -> int | None:
        return None if self.recording is None else self.recording.run_id

    @property
    def report_command(self) -> str | None:
        """How to write this drill's after-action report, where it is recorded."""
        return None if self.recording is None else self.recording.report_command

    def briefing(self) -> Briefing:
        spec = self.drill.spec
        return Briefing(
            self.drill.name,
            spec.meta.description.strip(),
            self.engine.scenario.meta.name,
            0.0,
            self.engine.duration,
            self.run.clock.speed,
            tuple(o.description for o in spec.objectives if o.description),
        )

    # ------------------------------------------------------------------ injects

    @property
    def fired(self) -> list[Fired]:
        return self.schedule.fired

    def due(self) -> list[Fired]:
        """Every scripted inject the clock has reached and not yet shown, in order."""
        return [self._show(f) for f in self.schedule.due(self.engine.now)]

    def _show(self, fired: Fired) -> Fired:
        if self.recording is not None:
            self.recording.event(fired.at, "inject", fired.source, fired.payload())
        # Above the engine's lines of its minute: an inject reads before what it causes.
        self.run.logbook.add(fired.at, "inject", f"{fired.title} ({fired.kind})", after=False)
        return fired

    def fire(self, inject_id: str) -> Fired | None:
        """The controller fires an inject now, off-script: shown, logged, its action applied."""
        fired = self.schedule.fire(inject_id, self.engine.now)
        if fired is None:
            return None
        self._show(fired)
        inject = self.drill.inject(inject_id)
        action = None if inject is None else inject.action_in(self.engine.scenario)
        if action is not None:
            self._controller(action)
        return fired

    def surprise(self) -> Fired:
        """A quick surprise from the controller: a shock on the topic of the moment."""
        topic = self.engine.top_topic()
        action = live_surge(self.engine.scenario, topic)
        now = self.engine.now
        fired = self._show(
            Fired(
                "live-surge",
                f"Surge on {topic or 'general'}",
                act.describe(action),
                "feed",
                now,
                "controller",
            )
        )
        self._controller(action)
        return fired

    def _controller(self, action: act.Action) -> None:
        timed = TimedAction(self.engine.now, action)
        self.run.send(action)
        self.controller_actions.append(timed)
        if self.recording is not None:
            self.recording.action(timed, "controller")

    def _alerted(self, alert: Alert) -> None:
        """A spike alert goes into the record the moment it is raised."""
        if self.recording is not None:
            window = self.run.alerts.rule.window if self.run.alerts is not None else 60.0
            self.recording.event(alert.at, "alert", Source.ENGINE, alert_payload(alert, window))

    # ------------------------------------------------------------------ the team and notes

    def send(self, action: act.Action) -> Applied:
        """A player's key: the team's own response, recorded as sent and scored.

        A statement or FAQ aimed at "the top topic" is given its topic first: the one the
        drill's open expectation is about (`sim.exercise.intent`), else the top topic now,
        so what is applied, recorded and replayed is the same action, topic and all.
        """
        action = self.intended(action)
        timed = TimedAction(self.engine.now, action)
        applied = self.run.send(action)
        self.team_actions.append(timed)
        if self.recording is not None:
            self.recording.action(timed, "key")
        return applied

    @property
    def as_played(self) -> Drill:
        """The drill with each inject at the minute the players first saw it: what the
        intent rule reads, so an inject the controller fired early is answered early."""
        return self.drill.as_played(first_shown((f.id, f.at) for f in self.fired))

    def intended(self, action: act.Action) -> act.Action:
        """`action` as it would be sent now: "the top topic" made the open inject's topic
        by the intent rule, else the top topic at this minute."""
        timed = TimedAction(self.engine.now, action)
        return self.engine.resolved(with_intent(self.as_played, timed, self.team_actions))

    def aimed(self, action: act.Action) -> str | None:
        """The topic a statement or FAQ for "the top topic" would go to now (the picker's)."""
        sent = self.intended(action)
        return sent.topic if isinstance(sent, act.PublishFaq | act.HoldingStatement) else None

    @property
    def last_inject_id(self) -> str:
        """The inject a note is about: the one shown most recently."""
        return self.schedule.last_id

    def add_note(self, text: str) -> Note:
        """An evaluator's note at the current minute, about the most recent inject."""
        note = Note(self.engine.now, self.last_inject_id, text)
        self.notes.append(note)
        if self.recording is not None:
            self.recording.event(note.t, "note", note.source, note.payload())
        about = f"[{note.inject_id}] " if note.inject_id else ""
        self.run.logbook.add(note.t, "note", about + text, after=True)
        return note

    def controller_view(self) -> ControllerView:
        rows = tuple(
            InjectRow(i, tuple(f for f in self.fired if f.id == i.id)) for i in self.drill.injects
        )
        return ControllerView(
            self.drill.name,
            self.engine.now,
            self.engine.done,
            self.run.clock.paused,  # space's state; this dialog itself holds the clock
            rows,
            tuple(self.notes[-NOTES_SHOWN:]),
            len(self.notes),
            self.last_inject_id,
            self.run.clock.waiting,
        )

    # ------------------------------------------------------------------ the end

    def score(self) -> Score:
        shown = ((f.id, f.at) for f in self.fired)
        alerts = [a.at for a in self.run.raised]
        return score(self.drill, self.engine, self.team_actions, shown, alerts)

    def end(self) -> Ending:
        """The run's end: finish the record once; the summary, under the hotwash."""
        engine = self.engine
        notice = ""
        if not self.finished:
            self.finished = True
            if self.recording is not None:
                overall = self.score().overall
                self.recording.finish(engine, None if math.isnan(overall) else overall)
                notice = f"drill recorded as run {self.recording.run_id}"
        taken = len(self.team_actions) + len(self.controller_actions)
        return Ending(engine.summary().as_dict(), taken, notice=notice, hotwash=True)
