"""The dashboard: one Textual app over a session (live, drill or replay).

The session holds every rule (what a key does, when an inject is due, what is recorded);
the app turns keys into the session's calls and draws its snapshots. The clock lives off
the interface's hot path: `tui.pacer` books twelve frames a second, plays the simulation in
short slices with keys answered between them, then draws one snapshot. With `live=False`
there is no timer at all and the run moves only when told to (`advance`, the `n` key),
which is how tests get the same screen every time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from rich.console import RenderableType
from textual.app import App
from textual.binding import Binding, BindingType
from textual.events import Key

from sim.model import actions as act
from sim.model.errors import ScenarioError
from sim.model.library import Entry, bundled
from sim.model.loading import load_scenario
from sim.model.scenario import Scenario
from sim.present.format import clock_label
from sim.present.results import save_results
from sim.present.snapshot import prepare_feed_text
from sim.present.view import Snapshot
from sim.session.drill import DrillSession
from sim.session.live import LiveSession
from sim.session.remote import RemoteSession
from sim.session.responses import live_surge, mobilize, vip_first
from sim.session.run import Ending, Session
from tui.cli.common import settled
from tui.cli.status import EXIT_INTERRUPTED
from tui.drill_desk import Drill, DrillDesk
from tui.keys import allowed, help_keys, refusal
from tui.pacer import Pacer
from tui.screens.briefing import BriefingScreen
from tui.screens.controller import ControllerScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.help import HelpScreen
from tui.screens.picker import PickerScreen
from tui.screens.planner import PlannerScreen
from tui.screens.summary import SummaryScreen
from tui.screens.topic import TopicScreen
from tui.widgets.status import RunState

RESULTS_DIR = Path("surgedesk-results")  # where the summary screen saves, per scenario and seed
START_LATEST = 0.5  # seconds after mounting by which the clock starts, painted or not


class DashboardApp(App[int]):
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+c", "interrupt", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        session: Session,
        *,
        live: bool = True,
        brief: bool = False,
        results_dir: Path = RESULTS_DIR,
        wall: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.session = session
        self.live = live
        self.brief = brief  # a drill opens on its briefing, paused until Enter
        self._clock_started = False
        self.results_dir = results_dir
        self.role_index = 0
        self.plan_replications = 10
        self.dashboard = DashboardScreen()
        self.title = session.title
        self.pacer = Pacer(
            self, lambda: self.session.run, self.refresh_view, wall, cpu=time.process_time
        )
        self.ended = False
        self.desk = DrillDesk(self)  # injects, controller, notes, score, timeline
        self.covered = False  # a dialog is over the dashboard: the clock is held
        self._snap: Snapshot | None = None  # the last snapshot drawn
        self._bundled: list[Entry] | None = None  # the scenarios the picker offers
        self._facts: dict[Path, RenderableType] = {}  # what each one rehearses, once read

    # ------------------------------------------------------------------ lifecycle

    def action_interrupt(self) -> None:
        self.exit(return_code=EXIT_INTERRUPTED)  # as every verb interrupted: 130

    async def on_mount(self) -> None:
        await self.push_screen(self.dashboard)
        self.refresh_view()
        session = self.session
        if self.brief and isinstance(session, Drill) and session.run.engine.now == 0:
            session.run.clock.paused = True
            starts = session.capabilities.clock
            self.push_screen(
                BriefingScreen(session.briefing(), self.clock, starts=starts), self._briefed
            )
        if self.live:  # the clock starts once the screen is on it, not before
            self.call_after_refresh(self._start_clock)
            # ...or a moment later: Textual drops an after-refresh callback if the screen on
            # top (the briefing) closes first, as Enter pressed during start-up does.
            self.set_timer(START_LATEST, self._start_clock)
        if isinstance(session, RemoteSession):  # a seat draws what its host sends at once
            session.wake = lambda: self.call_next(self._frame)

    def _start_clock(self) -> None:
        """The first frame is on screen: laying the screen out and the one-off loads are
        done before the run's time starts, so none of it lands in the run's first frames."""
        if self._clock_started or not self.is_running:
            return
        self._clock_started = True
        prepare_feed_text()
        settled()
        self.pacer.start()

    def _frame(self) -> None:
        """A seat's frame, as soon as its host sends: what came in, drawn at once."""
        if self.is_running and self.session.run.tick(0.0):  # (a seat wakes it at exit)
            self.refresh_view()

    def refresh_view(self) -> None:
        """Show what is due, draw one snapshot, and at the run's end show its ending once."""
        if not self.is_running:
            return  # shutting down: the screens' widgets are already gone
        session = self.session
        self.desk.catch_up()
        snap = self._snap = session.run.view()
        self.dashboard.show(snap, self.run_state)
        recording = getattr(session, "recording", None)
        while recording is not None and recording.problems:
            self.notify(recording.problems.pop(0), severity="error")
        self.desk.drawn()
        if session.run.at_end and not self.ended:
            self.ended = True
            session.run.clock.paused = True
            self.dashboard.show(snap, self.run_state)
            # After the next refresh, so the logs underneath have scrolled to their end.
            self.call_after_refresh(self._end)

    def _briefed(self, _result: None) -> None:
        self.session.run.clock.paused = False
        self.pacer.skip()
        self.refresh_view()

    def _end(self) -> None:
        ending = self.session.end()
        if not self.desk.hold_ending(ending):
            self.show_ending(ending)

    def show_ending(self, ending: Ending) -> None:
        if ending.summary is not None:
            restart = self.session.capabilities.restart
            screen = SummaryScreen(ending.summary, ending.actions_taken, restart=restart)
            self.push_screen(screen)
            if ending.note:
                self.call_after_refresh(screen.note, ending.note)
        if ending.hotwash:
            self.push_screen(self.desk.hotwash(final=True))
        if ending.notice:
            self.notify(ending.notice)

    def cover(self, covered: bool) -> None:
        """Hold the clock while any dialog is over the dashboard, release it after."""
        if covered == self.covered:
            return
        self.covered = covered
        clock = self.session.run.clock
        if covered:
            clock.hold()
        else:
            clock.release()
            self.pacer.skip()  # time behind a dialog is not time to catch up

    def on_dashboard_screen_covered(self, _message: DashboardScreen.Covered) -> None:
        if isinstance(self.screen, HelpScreen) and isinstance(self.session, RemoteSession):
            return  # one seat reading its help: not an inject, so the room plays on
        self.cover(True)
        self.show_state()  # held: the dialog opens without waiting for a frame behind it

    def on_dashboard_screen_uncovered(self, _message: DashboardScreen.Uncovered) -> None:
        if self.screen_stack and self.screen is self.dashboard:  # (none while exiting)
            self.cover(False)
            self.refresh_view()

    @property
    def role(self) -> str:
        groups = self.session.run.engine.groups
        return groups[self.role_index % len(groups)].label if groups else ""

    @property
    def run_state(self) -> RunState:
        clock = self.session.run.clock
        replay = self.session.capabilities.timeline  # only a replay has a timeline
        return RunState(clock.speed_label, not clock.running, self.role, replay=replay)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return allowed(action, self.session.capabilities)

    def on_key(self, event: Key) -> None:
        """A key switched off in this session reaches here unhandled: say why, once."""
        why = refusal(event.key, self.session.capabilities)
        if why and self.screen is self.dashboard:
            self.notify(why, severity="warning")

    def clock(self, minutes: float) -> str:
        return clock_label(self.session.run.engine.scenario.meta.start, minutes)

    # ------------------------------------------------------------------ the clock

    def advance(self, minutes: float) -> None:
        """Play exactly `minutes` of simulated time and redraw: the tests' clock."""
        self.session.run.advance(minutes)
        self.refresh_view()

    def action_step(self) -> None:
        self.session.run.clock.paused = True
        self.session.run.step()
        self.refresh_view()

    def action_toggle_pause(self) -> None:
        if self.ended and self.session.run.engine.done:
            self.show_ending(self.session.end())  # the run is over: space brings it back
            return
        self.session.run.clock.toggle_pause()
        self.pacer.skip()  # a long pause is not time to catch up on
        self.show_state()

    def action_faster(self) -> None:
        self.session.run.clock.faster()
        self.show_state()

    def action_slower(self) -> None:
        self.session.run.clock.slower()
        self.show_state()

    def show_state(self) -> None:
        """Redraw the status line alone: all a clock key changes. At top speed a whole
        snapshot would keep the key waiting, and the clock's next frame draws one anyway."""
        if self._snap is not None and self.is_running:  # (not while shutting down)
            self.dashboard.show_state(self._snap, self.run_state)

    # ------------------------------------------------------------------ the team's actions

    def send(self, action: act.Action) -> None:
        """The one way a key changes the run: through the session, so it is logged once."""
        applied = self.session.send(action)
        if not applied.took_effect:
            self.notify(f"{applied.no_effect}: logged, no effect", severity="warning")
        self.refresh_view()

    def action_add_agent(self) -> None:
        if self.role:
            self.send(act.AddAgents(self.role, 1))

    def action_remove_agent(self) -> None:
        if not self.role:
            return
        groups = self.session.run.engine.groups
        if groups[self.role_index % len(groups)].on_shift == 0:
            self.notify(f"nobody on shift in {self.role} to remove", severity="warning")
            return
        self.send(act.RemoveAgents(self.role, 1))

    def action_next_role(self) -> None:
        self.role_index += 1
        self.refresh_view()

    def action_faq(self) -> None:
        if self.session.run.engine.scenario.faq is None:  # no topic to ask for: say so now
            self.send(act.PublishFaq())
            return
        self._aim("Publish an FAQ", "f", act.PublishFaq)

    def action_holding(self) -> None:
        self._aim("Post a holding statement", "h", act.HoldingStatement)

    def _aim(self, what: str, key: str, action: Callable[[str | None], act.Action]) -> None:
        """Ask which topic, then send: the top topic is the default, one key press away."""
        if not isinstance(self.screen, TopicScreen):
            here = self.session  # a drill played here knows its open inject's topic
            aimed = (
                here.aimed(action(None)) if isinstance(here, DrillSession | RemoteSession) else None
            )
            screen = TopicScreen(what, key, self.session.run.view(), action, aimed)
            self.push_screen(screen, lambda chosen: self.send(chosen) if chosen else None)

    def action_mobilize(self) -> None:
        self.send(mobilize(self.session.run.engine.advocate_share))

    def action_surge(self) -> None:
        engine = self.session.run.engine
        self.send(live_surge(engine.scenario, engine.top_topic()))

    def action_vip(self) -> None:
        self.send(vip_first())

    def action_acknowledge(self) -> None:
        self.dashboard.acknowledge(lambda: self.send(act.AcknowledgeAlert()))

    # ------------------------------------------------------------------ drills and replays

    def action_controller(self) -> None:
        self.desk.open_controller()

    def on_controller_screen_fire(self, message: ControllerScreen.Fire) -> None:
        self.desk.fire(message.inject_id)

    def on_controller_screen_surprise(self, _message: ControllerScreen.Surprise) -> None:
        self.desk.surprise()

    def on_controller_screen_note(self, message: ControllerScreen.Note) -> None:
        self.desk.add_note(message.text)

    def on_controller_screen_toggle_pause(self, _message: ControllerScreen.TogglePause) -> None:
        self.action_toggle_pause()
        self.desk.drawn()  # the dialog holds the clock: no frame would redraw its head

    def action_note(self) -> None:
        self.desk.open_note()

    def action_hotwash(self) -> None:
        self.desk.open_hotwash()

    def action_timeline(self) -> None:
        self.desk.open_timeline()

    # ------------------------------------------------------------------ runs

    def start(self, scenario: Scenario, seed: int | None = None) -> None:
        """Replace the run on screen with a fresh one, keeping the speed."""
        session = self.session
        assert isinstance(session, LiveSession)
        while len(self.screen_stack) > 2:  # the default screen, then the dashboard
            self.pop_screen()
        session.restart(scenario, seed)
        self.role_index = 0
        self.ended = False
        self.pacer.skip()
        self.dashboard.reset()
        self.refresh_view()

    def action_restart(self) -> None:
        engine = self.session.run.engine
        self.start(engine.scenario, engine.seed + 1)
        self.notify(f"restarted {engine.scenario.meta.name} with seed {engine.seed + 1}")

    def action_pick(self) -> None:
        def chosen(path: str | None) -> None:
            if path is None:
                return
            try:
                scenario = load_scenario(path)
            except ScenarioError as exc:
                self.notify(str(exc), severity="error")
                return
            self.start(scenario)

        if self._bundled is None:  # read once: the picker then opens without the disk
            self._bundled = bundled()
        self.push_screen(PickerScreen(self._bundled, self._facts), chosen)

    def action_help(self) -> None:
        self.push_screen(HelpScreen(help_keys(self.session.capabilities)))

    def action_plan(self) -> None:
        if not self.role:
            self.notify("this scenario has no team to plan", severity="warning")
            return
        scenario = self.session.run.engine.scenario
        self.push_screen(PlannerScreen(scenario, self.role, self.plan_replications))

    def action_save_results(self) -> None:
        engine = self.session.run.recorded()  # with every mention, for mentions.csv
        ok, message = save_results(engine, self.results_dir)
        self.notify(message, severity="information" if ok else "error")
        if isinstance(self.screen, SummaryScreen):
            self.screen.note(message)
