"""The dashboard in replay mode: a stored run played again, exactly, with a timeline to jump.

The recorded live actions apply themselves at their minutes, the way `sim.engine.replay.play`
applies them (run up to the minute, then apply), so whatever slices the clock plays in,
the run on screen is the recorded one and ends on the recorded summary. The keys that
would change the run are disabled; pause, speed and step work. Jumping back rebuilds the
engine and plays it forward to the chosen minute: there is no undo in a simulation, but
a replay from the start is exact and takes well under a second.
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar

from rich.console import Console
from textual.binding import Binding, BindingType

from sim.engine.core import Engine, TimedAction
from sim.exercise.drill import Drill, parse_drill, score
from sim.present.snapshot import clock_label
from sim.store.recorded import replay_end
from sim.store.runs import StoredRun, stored_scenario
from tui.app import SurgedeskApp
from tui.drill_app import LogOverlay
from tui.driver import DEFAULT_SPEED, Driver
from tui.screens.help import HelpScreen
from tui.screens.hotwash import HotwashScreen
from tui.screens.replay import TimelineScreen, marks
from tui.screens.summary import SummaryScreen
from tui.widgets.logs import EventLog

REPLAY_KEYS: tuple[tuple[str, str], ...] = (
    ("j", "timeline: jump to a recorded inject, action or note"),
    ("o", "hotwash: the drill's score at this minute (drills only)"),
)
CHANGES_THE_RUN = frozenset(
    {"add_agent", "remove_agent", "faq", "holding", "mobilize", "surge", "restart", "pick"}
)


@dataclass
class ReplayDriver(Driver):
    """A driver whose clock applies the recorded live actions as it passes their minutes."""

    live: list[TimedAction] = field(default_factory=list)  # in the order they were applied
    end: float = math.inf  # where the recording stops
    _next: int = 0

    def play_to(self, t: float) -> None:
        """Run to minute `t` (at most the recording's end), applying actions on the way."""
        t = min(t, self.end)
        engine = self.engine
        while self._next < len(self.live) and self.live[self._next].at <= t:
            timed = self.live[self._next]
            engine.run_until(timed.at)
            engine.apply(timed.action)
            self._next += 1
        engine.run_until(t)

    def rewind(self) -> None:
        """A fresh engine at minute 0, with every recorded action still to come."""
        self.engine = Engine(self.engine.scenario, self.engine.seed, record_mentions=False)
        self._next = 0

    @property
    def at_end(self) -> bool:
        return self.engine.done or self.engine.now >= self.end

    def tick(self, elapsed: float) -> bool:
        return False if self.at_end else super().tick(elapsed)

    def _run_within_budget(self, target: float) -> None:
        engine = self.engine
        deadline = self.timer() + self.budget
        while engine.now < min(target, self.end) and not engine.done:
            self.play_to(min(target, engine.now + engine.interval))
            if self.timer() >= deadline:
                return

    def advance(self, minutes: float) -> None:
        self.play_to(self.engine.now + minutes)

    def step(self) -> None:
        interval = self.engine.interval
        self.play_to((math.floor(self.engine.now / interval + 1e-9) + 1) * interval)


class ReplayApp(SurgedeskApp):
    """A stored run on the dashboard, played back; `j` jumps along its timeline."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "timeline", "Timeline"),
        Binding("o", "hotwash", "Hotwash"),
    ]

    def __init__(
        self,
        stored: StoredRun,
        actions: list[TimedAction],
        *,
        live: bool = True,
        paused: bool = False,
        speed_index: int = DEFAULT_SPEED,
        wall: Callable[[], float] = time.monotonic,
    ) -> None:
        scenario = stored_scenario(stored)
        seed = stored.record.seed
        super().__init__(scenario, seed, live=live, paused=paused, wall=wall)
        end = replay_end(stored)
        self.driver = ReplayDriver(
            self.driver.engine,
            speed_index=speed_index,
            paused=paused,
            live=sorted(actions, key=lambda a: a.at),  # stable, as `sim.engine.replay.play` sorts
            end=scenario.meta.duration if end is None else end,
        )
        self.stored = stored
        self.drill: Drill | None = None
        if stored.record.kind == "drill" and stored.drill_text:
            self.drill = parse_drill(stored.drill_text, f"run {stored.record.id} drill")
        self.team = _team_actions(stored, actions)
        self.overlay = LogOverlay()
        self._fill_overlay()
        self._end_noted = False
        self.title = f"surgedesk replay · run {stored.record.id} · {stored.record.name}"

    def clock(self, minutes: float) -> str:
        return clock_label(self.scenario.meta.start, minutes)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "hotwash":
            return self.drill is not None
        return action not in CHANGES_THE_RUN

    def _fill_overlay(self) -> None:
        for e in self.stored.events:
            if e.type == "inject":
                kind = str(e.payload.get("kind", ""))
                text = str(e.payload.get("title") or e.payload.get("id") or "inject")
                self.overlay.add(
                    e.t_sim, self.clock(e.t_sim), "inject", f"{text} ({kind})", after=False
                )
            elif e.type == "note":
                about = str(e.payload.get("inject_id") or "")
                text = (f"[{about}] " if about else "") + str(e.payload.get("text", ""))
                self.overlay.add(e.t_sim, self.clock(e.t_sim), "note", text, after=True)

    # ------------------------------------------------------------------ the clock

    def refresh_view(self) -> None:
        self.overlay.flush(self.driver.engine, self.dashboard.query_one(EventLog))
        super().refresh_view()
        driver = self.driver
        assert isinstance(driver, ReplayDriver)
        if driver.at_end and not driver.engine.done and not self._end_noted:
            self._end_noted = True
            driver.paused = True
            self.notify("end of the recording: this run was not finished")

    def show_summary(self) -> None:
        """The replay's end: the summary, and whether it matches the recording."""
        from tui.store_cli import compare

        engine = self.driver.engine
        screen = SummaryScreen(engine.summary().as_dict(), len(self.driver_live()))
        self.push_screen(screen)
        if self.stored.record.complete:
            difference = compare(self.stored, engine)
            verdict = (
                f"replay matches run {self.stored.record.id}: identical summary and series"
                if difference is None
                else f"replay differs from the recording: {difference}"
            )
            self.call_after_refresh(screen.note, verdict)

    def driver_live(self) -> list[TimedAction]:
        driver = self.driver
        assert isinstance(driver, ReplayDriver)
        return driver.live

    # ------------------------------------------------------------------ jumping

    def jump(self, t: float) -> None:
        """Show minute `t`: forward by playing on, backward by replaying from the start."""
        driver = self.driver
        assert isinstance(driver, ReplayDriver)
        while isinstance(self.screen, SummaryScreen | HotwashScreen):
            self.pop_screen()
        if t < driver.engine.now:
            driver.rewind()
            self.dashboard.reset()
            self.overlay.reset()
            self._fill_overlay()
            self._summary_shown = False
            self._end_noted = False
        driver.paused = True
        driver.play_to(t)
        self.refresh_view()

    def action_timeline(self) -> None:
        if isinstance(self.screen, TimelineScreen):
            return
        driver = self.driver
        assert isinstance(driver, ReplayDriver)
        items = marks(self.stored.events, driver.end, self.scenario)

        def chosen(t: float | None) -> None:
            if t is not None:
                self.jump(t)

        self.push_screen(TimelineScreen(items, self.clock, driver.engine.now), chosen)

    def action_hotwash(self) -> None:
        if self.drill is None or isinstance(self.screen, HotwashScreen):
            return
        engine = self.driver.engine
        team = [a for a in self.team if a.at <= engine.now]
        result = score(self.drill, engine, team)
        self.push_screen(
            HotwashScreen(
                result,
                self.clock,
                title=self.drill.name,
                final=engine.done,
                run_id=self.stored.record.id,
            )
        )

    def action_help(self) -> None:
        keys = ("a / A", "f", "h", "m", "s", "r", "p")  # they would change the recorded run
        extra = REPLAY_KEYS if self.drill is not None else REPLAY_KEYS[:1]
        self.push_screen(HelpScreen(extra, hide=keys))


def _team_actions(stored: StoredRun, actions: list[TimedAction]) -> list[TimedAction]:
    """The players' actions (not the controller's), as the drill app scores them."""
    sources = [e.source for e in stored.events if e.type == "action"]
    return [a for a, s in zip(actions, sources, strict=False) if s != "controller"]


# ---------------------------------------------------------------------- the command line


def cmd_replay_dashboard(args: argparse.Namespace, out: Console) -> int:
    from tui.store_cli import _run_id, load_for_replay

    run = load_for_replay(args.db, _run_id(args.run_id))
    app = ReplayApp(run.stored, run.live)
    app.run()
    return app.return_code or 0
