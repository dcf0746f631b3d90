"""The live dashboard app: a driver plays the engine, the screens draw its snapshots.

The clock lives off the interface's hot path: a timer ticks about ten times a second and
lets the driver play a bounded slice of simulated time, then draws one snapshot. With
`live=False` there is no timer at all and the run moves only when told to (`advance`,
`step`, the `n` key), which is how tests get the same screen every time.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from sim.model import actions as act
from sim.model.errors import ScenarioError
from sim.model.loading import load_scenario
from sim.model.scenario import Scenario
from sim.present.results import write_results
from sim.present.snapshot import take_snapshot
from tui.driver import DEFAULT_SPEED, Driver, live_surge, mobilize
from tui.screens.dashboard import DashboardScreen
from tui.screens.help import HelpScreen
from tui.screens.picker import PickerScreen
from tui.screens.planner import PlannerScreen
from tui.screens.summary import SummaryScreen
from tui.widgets.status import RunState

FRAME = 0.1  # seconds between frames: 10 Hz is smooth enough for a queue
RESULTS_DIR = Path("surgedesk-results")


def results_folder(base: Path, scenario: Scenario, seed: int) -> Path:
    """`<base>/<scenario-name>-seed<N>`: one folder per scenario and seed, easy to find."""
    slug = re.sub(r"[^a-z0-9]+", "-", scenario.meta.name.lower()).strip("-") or "run"
    return base / f"{slug}-seed{seed}"


class SurgedeskApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "surgedesk"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        scenario: Scenario,
        seed: int | None = None,
        *,
        live: bool = True,
        paused: bool = False,
        speed_index: int = DEFAULT_SPEED,
        results_dir: Path = RESULTS_DIR,
        wall: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.scenario = scenario
        self.driver = Driver.start(scenario, seed, speed_index=speed_index, paused=paused)
        self.live = live
        self.results_dir = results_dir
        self.role_index = 0
        self._wall = wall
        self._last_frame = 0.0
        self._summary_shown = False
        self.dashboard = DashboardScreen()
        self.plan_replications = 10

    # ------------------------------------------------------------------ lifecycle

    async def on_mount(self) -> None:
        await self.push_screen(self.dashboard)
        self.refresh_view()
        if self.live:
            self._last_frame = self._wall()
            self.set_interval(FRAME, self._frame, name="clock")

    def _frame(self) -> None:
        now = self._wall()
        elapsed, self._last_frame = now - self._last_frame, now
        if self.driver.tick(elapsed):
            self.refresh_view()

    def refresh_view(self) -> None:
        """Draw one snapshot; at the run's end, pause and show the summary once."""
        snap = take_snapshot(self.driver.engine)
        self.dashboard.show(snap, self.run_state)
        if snap.done and not self._summary_shown:
            self._summary_shown = True
            self.driver.paused = True
            self.dashboard.show(snap, self.run_state)
            # After the next refresh, so the logs underneath have scrolled to their end.
            self.call_after_refresh(self.show_summary)

    def show_summary(self) -> None:
        engine = self.driver.engine
        taken = sum(1 for e in engine.log if e.action is not None)
        self.push_screen(SummaryScreen(engine.summary().as_dict(), taken))

    @property
    def role(self) -> str:
        groups = self.driver.engine.groups
        return groups[self.role_index % len(groups)].label if groups else ""

    @property
    def run_state(self) -> RunState:
        return RunState(self.driver.speed_label, self.driver.paused, self.role)

    # ------------------------------------------------------------------ stepping

    def advance(self, minutes: float) -> None:
        """Play exactly `minutes` of simulated time and redraw: the tests' clock."""
        self.driver.advance(minutes)
        self.refresh_view()

    def action_step(self) -> None:
        self.driver.paused = True
        self.driver.step()
        self.refresh_view()

    def action_toggle_pause(self) -> None:
        if self.driver.engine.done:
            self.show_summary()  # the run is over: space brings its summary back
            return
        self.driver.toggle_pause()
        self._last_frame = self._wall()  # a long pause is not time to catch up on
        self.refresh_view()

    def action_faster(self) -> None:
        self.driver.faster()
        self.refresh_view()

    def action_slower(self) -> None:
        self.driver.slower()
        self.refresh_view()

    # ------------------------------------------------------------------ actions

    def send(self, action: act.Action) -> None:
        """The one way a key changes the run: through the engine, so it is logged."""
        self.driver.apply(action)
        self.refresh_view()

    def action_add_agent(self) -> None:
        if self.role:
            self.send(act.AddAgents(self.role, 1))

    def action_remove_agent(self) -> None:
        if not self.role:
            return
        group = self.driver.engine.groups[self.role_index % len(self.driver.engine.groups)]
        if group.on_shift == 0:
            self.notify(f"nobody on shift in {self.role} to remove", severity="warning")
            return
        self.send(act.RemoveAgents(self.role, 1))

    def action_next_role(self) -> None:
        self.role_index += 1
        self.refresh_view()

    def action_faq(self) -> None:
        if self.scenario.faq is None:
            self.notify("this scenario has no FAQ process: logged, no effect", severity="warning")
        before = self.driver.engine.faq.started
        self.send(act.PublishFaq())
        if self.scenario.faq is not None and self.driver.engine.faq.started == before:
            self.notify("the top topic's FAQ is already under way or out", severity="warning")

    def action_holding(self) -> None:
        self.send(act.HoldingStatement())

    def action_mobilize(self) -> None:
        if self.scenario.advocates is None:
            self.notify("this scenario has no advocates: logged, no effect", severity="warning")
        self.send(mobilize(self.driver.engine.advocate_share))

    def action_surge(self) -> None:
        snap = take_snapshot(self.driver.engine, feed_limit=0, log_limit=0)
        self.send(live_surge(self.scenario, snap.top_topic))

    # ------------------------------------------------------------------ runs

    def start(self, scenario: Scenario, seed: int | None = None) -> None:
        """Replace the run on screen with a fresh one, keeping the speed."""
        while len(self.screen_stack) > 2:  # the default screen, then the dashboard
            self.pop_screen()
        self.scenario = scenario
        self.driver = Driver.start(
            scenario, seed, speed_index=self.driver.speed_index, paused=self.driver.paused
        )
        self.role_index = 0
        self._summary_shown = False
        self._last_frame = self._wall()
        self.dashboard.reset()
        self.refresh_view()

    def action_restart(self) -> None:
        seed = self.driver.engine.seed + 1
        self.start(self.scenario, seed)
        self.notify(f"restarted {self.scenario.meta.name} with seed {seed}")

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

        self.push_screen(PickerScreen(), chosen)

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_plan(self) -> None:
        if not self.role:
            self.notify("this scenario has no team to plan", severity="warning")
            return
        self.push_screen(PlannerScreen(self.scenario, self.role, self.plan_replications))

    def action_save_results(self) -> None:
        engine = self.driver.recorded()  # with every mention, for mentions.csv
        folder = results_folder(self.results_dir, self.scenario, engine.seed)
        try:
            paths = write_results(engine, folder)
        except OSError as exc:
            message = f"cannot write to {folder} ({exc.strerror or exc})"
            self.notify(message, severity="error")
        else:
            message = f"saved {len(paths)} files to {folder}/"
            self.notify(message)
        if isinstance(self.screen, SummaryScreen):
            self.screen.note(message)


def run_dashboard(scenario: Scenario, seed: int | None) -> int:
    """Open the dashboard on `scenario`; the exit status for the command line."""
    app = SurgedeskApp(scenario, seed)
    app.run()
    return app.return_code or 0
