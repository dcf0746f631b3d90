"""The dashboard in drill mode: injects pop up on time, and everything is recorded.

The drill's scripted actions are already in the built scenario, so the engine applies
them itself; this app's job is to show each inject when the clock passes it, let the
trainer fire injects off-script and take notes, and write every inject, action and note
to the run store the moment it happens (each event is its own commit: a drill killed
mid-way keeps everything up to the kill, marked incomplete). When the run ends, the run
is finished in the store and the hotwash shows the score.

An inject pauses the clock while it is on screen and the clock resumes when the players
dismiss it (if it was running): at 15 simulated minutes a second, a 30-minute deadline
would otherwise pass while people are still reading.
"""

from __future__ import annotations

import math
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType

from sim.engine.core import Engine, TimedAction
from sim.exercise.build import BuiltDrill
from sim.exercise.drill_file import Drill
from sim.exercise.scoring import score
from sim.model import actions as act
from sim.present.snapshot import LogLine, clock_label, take_snapshot
from sim.store.runs import RunStore, StoreError, series_rows
from tui.app import SurgedeskApp
from tui.driver import DEFAULT_SPEED, Driver, live_surge
from tui.screens.controller import ControllerScreen, Note
from tui.screens.help import HelpScreen
from tui.screens.hotwash import HotwashScreen
from tui.screens.inject import Fired, InjectScreen
from tui.screens.summary import SummaryScreen
from tui.widgets.logs import EventLog

DRILL_KEYS: tuple[tuple[str, str], ...] = (
    ("c", "controller: fire injects, pause, evaluator notes"),
    ("o", "hotwash: the drill's score so far"),
)
OVERLAY_STYLES = {"inject": "bold red", "note": "italic #c061cb"}


# ---------------------------------------------------------------------- the event log


@dataclass(order=True)
class _Line:
    t: float
    after: bool  # False: before the engine's lines of the same minute (a scripted inject)
    order: int
    text: Text = field(compare=False)


class LogOverlay:
    """Lines the engine does not log (injects, notes), merged into the event log by time.

    The engine's lines are handed to the log up to each overlay line's minute first, so an
    inject reads above the action it causes and a note below what happened before it.
    """

    def __init__(self) -> None:
        self._pending: list[_Line] = []
        self._count = 0

    def add(self, t: float, clock: str, kind: str, text: str, *, after: bool) -> None:
        line = Text()
        line.append(f"{clock} ", style="dim")
        line.append(f"{kind:<9}", style=OVERLAY_STYLES.get(kind, "bold"))
        line.append(text)
        self._count += 1
        self._pending.append(_Line(t, after, self._count, line))
        self._pending.sort()

    def flush(self, engine: Engine, log: EventLog) -> None:
        """Write every overlay line that is due, with the engine's lines before it."""
        start = engine.scenario.meta.start
        while self._pending and self._pending[0].t <= engine.now:
            line = self._pending.pop(0)
            earlier = [
                LogLine(i, e.t, clock_label(start, e.t), e.kind, e.text)
                for i, e in enumerate(engine.log)
                if e.t < line.t or (line.after and e.t <= line.t)
            ]
            log.show(tuple(earlier[-log.max_lines :] if log.max_lines else earlier))
            log.add(line.text)

    def reset(self) -> None:
        self._pending.clear()


# ---------------------------------------------------------------------- recording


@dataclass(frozen=True)
class Recorder:
    """The run store and the run this drill writes to."""

    store: RunStore
    run_id: int


def start_recording(store: RunStore, built: BuiltDrill, seed: int) -> Recorder:
    """Open the drill's run in the store (incomplete until the drill's end)."""
    run_id = store.start(
        kind="drill",
        name=built.drill.name,
        seed=seed,
        scenario_text=built.scenario_text,
        scenario_source=built.scenario_source,
        scenario_data=built.scenario_data,
        drill_text=built.drill.text,
    )
    return Recorder(store, run_id)


# ---------------------------------------------------------------------- the app


@dataclass
class DrillDriver(Driver):
    """A driver whose clock stops at each inject's minute, so none shows late at high speed."""

    stops: list[float] = field(default_factory=list)  # the injects' minutes, in order

    def _run_within_budget(self, target: float) -> None:
        now = self.engine.now
        nxt = next((s for s in self.stops if s > now), math.inf)
        super()._run_within_budget(min(target, nxt))


class DrillApp(SurgedeskApp):
    """The dashboard with a drill's injects, a controller (`c`) and a hotwash (`o`)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "controller", "Controller"),
        Binding("o", "hotwash", "Hotwash"),
    ]
    DISABLED = frozenset({"restart", "pick"})  # a new run would leave the recording behind

    def __init__(
        self,
        built: BuiltDrill,
        recorder: Recorder | None = None,
        *,
        seed: int | None = None,
        live: bool = True,
        paused: bool = False,
        speed_index: int = DEFAULT_SPEED,
        pause_on_inject: bool = True,
        wall: Callable[[], float] = time.monotonic,
    ) -> None:
        seed = built.seed if seed is None else seed
        super().__init__(
            built.scenario, seed, live=live, paused=paused, speed_index=speed_index, wall=wall
        )
        self.driver = DrillDriver(
            self.driver.engine,
            speed_index=speed_index,
            paused=paused,
            stops=sorted(i.at for i in built.drill.injects),
        )
        self.built = built
        self.drill: Drill = built.drill
        self.recorder = recorder
        self.pause_on_inject = pause_on_inject
        self.fired: list[Fired] = []
        self.notes: list[Note] = []
        self.team_actions: list[TimedAction] = []
        self.controller_actions: list[TimedAction] = []
        self.finished = False
        self._script = sorted(self.drill.injects, key=lambda i: i.at)  # stable: file order
        self._next = 0
        self._queue: list[Fired] = []  # injects waiting for the one on screen to be closed
        self._showing = False
        self._resume = False
        self._summary_due = False  # the run ended under an inject: the hotwash waits for it
        self.overlay = LogOverlay()
        self.title = f"surgedesk drill · {self.drill.name}"

    def clock(self, minutes: float) -> str:
        return clock_label(self.scenario.meta.start, minutes)

    @property
    def last_inject_id(self) -> str:
        """The inject a note is about: the one shown most recently."""
        return self.fired[-1].id if self.fired else ""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action not in self.DISABLED

    # ------------------------------------------------------------------ the clock

    def refresh_view(self) -> None:
        self._fire_due()
        self.overlay.flush(self.driver.engine, self.dashboard.query_one(EventLog))
        super().refresh_view()
        for screen in self.screen_stack:
            if isinstance(screen, ControllerScreen):
                screen.update_view()

    def _fire_due(self) -> None:
        """Show every scripted inject the clock has reached (its action is the engine's)."""
        now = self.driver.engine.now
        while self._next < len(self._script) and self._script[self._next].at <= now:
            inject = self._script[self._next]
            self._next += 1
            self._show(Fired.of(inject, inject.at, self.clock(inject.at), "script"))

    def _show(self, fired: Fired) -> None:
        """Log the inject, put it in the event log and in front of the players."""
        self.fired.append(fired)
        self._record(
            lambda r: r.store.add_event(r.run_id, fired.at, "inject", fired.source, fired.payload())
        )
        # Above the engine's lines of its minute: an inject reads before what it causes.
        self.overlay.add(
            fired.at, fired.clock, "inject", f"{fired.title} ({fired.kind})", after=False
        )
        if self.pause_on_inject and not self.driver.engine.done:
            if not self._queue and not self._showing:
                self._resume = not self.driver.paused
            self.driver.paused = True
        self._queue.append(fired)
        if not self._showing:
            self._show_next()

    def _show_next(self) -> None:
        """One inject at a time, oldest first: the next one appears when this one is closed."""
        self._showing = True
        self.push_screen(InjectScreen(self._queue.pop(0)), self._inject_closed)

    def _inject_closed(self, _result: None) -> None:
        if self._queue:
            self._show_next()
            return
        self._showing = False
        if self._summary_due:
            self._summary_due = False
            self.show_summary()
        if self._resume and not self.driver.engine.done:
            self.driver.paused = False
            self._last_frame = self._wall()
        self.refresh_view()

    # ------------------------------------------------------------------ recording

    def _record(self, write: Callable[[Recorder], None]) -> None:
        """Write to the run store; a failure is said on screen and the drill goes on."""
        if self.recorder is None:
            return
        try:
            write(self.recorder)
        except (sqlite3.Error, StoreError, LookupError) as exc:
            self.notify(f"not recorded in the run store: {exc}", severity="error")

    def _apply(self, action: act.Action, source: str) -> TimedAction:
        """Apply through the engine and record the action as sent.

        "The top topic" stays unresolved in the record: a replay resolves it the same way,
        and scoring counts a topic-less response for any topic, as the drill format says.
        """
        engine = self.driver.engine
        self.driver.apply(action)
        timed = TimedAction(engine.now, action)
        self._record(lambda r: r.store.add_action(r.run_id, timed.at, timed.action, source))
        return timed

    def send(self, action: act.Action) -> None:
        """A key: the team's own response, recorded and scored."""
        self.team_actions.append(self._apply(action, "key"))
        self.refresh_view()

    # ------------------------------------------------------------------ the controller

    def action_controller(self) -> None:
        if not isinstance(self.screen, ControllerScreen):
            self.push_screen(ControllerScreen(self))

    def fire_from_controller(self, inject_id: str) -> None:
        """An inject now, off-script: shown, logged as the controller's, its action applied."""
        inject = self.drill.inject(inject_id)
        if inject is None:
            return
        now = self.driver.engine.now
        self._show(Fired.of(inject, now, self.clock(now), "controller"))
        if inject.action is not None:
            params = dict(inject.action)
            name = str(params.pop("action"))
            action = act.action_from_params(name, params, self.scenario)
            self.controller_actions.append(self._apply(action, "controller"))
        self.refresh_view()

    def live_surge_from_controller(self) -> None:
        """A quick surprise: a shock on the top topic, as the `s` key makes, but the trainer's."""
        engine = self.driver.engine
        snap = take_snapshot(engine, feed_limit=0, log_limit=0)
        action = live_surge(self.scenario, snap.top_topic)
        now = engine.now
        self._show(
            Fired(
                "live-surge",
                f"Surge on {snap.top_topic or 'general'}",
                act.describe(action),
                "feed",
                now,
                self.clock(now),
                "controller",
            )
        )
        self.controller_actions.append(self._apply(action, "controller"))
        self.refresh_view()

    def add_note(self, text: str) -> Note:
        """An evaluator's note at the current minute, about the most recent inject."""
        now = self.driver.engine.now
        note = Note(now, self.clock(now), self.last_inject_id, text)
        self.notes.append(note)
        self._record(
            lambda r: r.store.add_event(
                r.run_id, now, "note", "evaluator", {"text": text, "inject_id": note.inject_id}
            )
        )
        about = f"[{note.inject_id}] " if note.inject_id else ""
        self.overlay.add(now, note.clock, "note", about + text, after=True)
        self.refresh_view()
        return note

    # ------------------------------------------------------------------ the end

    def hotwash(self) -> HotwashScreen:
        engine = self.driver.engine
        result = score(self.drill, engine, self.team_actions)
        run_id = None if self.recorder is None else self.recorder.run_id
        return HotwashScreen(
            result, self.clock, title=self.drill.name, final=engine.done, run_id=run_id
        )

    def action_hotwash(self) -> None:
        if not isinstance(self.screen, HotwashScreen):
            self.push_screen(self.hotwash())

    def show_summary(self) -> None:
        """The run's end: finish the recording once, then the summary under the hotwash."""
        engine = self.driver.engine
        if self._showing:
            self._summary_due = True
            return
        if not self.finished:
            self.finished = True
            summary = engine.summary().as_dict()
            rows = series_rows(engine)
            self._record(lambda r: r.store.finish(r.run_id, summary, rows))
        taken = len(self.team_actions) + len(self.controller_actions)
        self.push_screen(SummaryScreen(engine.summary().as_dict(), taken))
        self.push_screen(self.hotwash())
        if self.recorder is not None:
            self.notify(f"drill recorded as run {self.recorder.run_id}")

    def action_help(self) -> None:
        self.push_screen(HelpScreen(DRILL_KEYS, hide=("r", "p")))


def run_drill(built: BuiltDrill, recorder: Recorder | None, seed: int | None = None) -> int:
    """Open the dashboard in drill mode; the exit status for the command line."""
    app = DrillApp(built, recorder, seed=seed)
    app.run()
    return app.return_code or 0
