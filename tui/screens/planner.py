"""The planner screen: staff the loaded scenario, roster it, and see both against arrivals.

The plan and its roster run in a thread worker (their replications in worker processes),
so the dashboard stays responsive; the screen draws the progress they report (the stage,
the iteration, a bar of replications done) and then the finished plan: one chart of the
people required, the roster's cover and the arrivals in clock time, the shifts as a table,
and how each schedule did on fresh seeds.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group
from rich.table import Table
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, ProgressBar, Static

from sim.analysis.measure import Targets
from sim.analysis.plan import Plan, plan_staffing
from sim.analysis.progress import Step
from sim.analysis.replications import mapper
from sim.analysis.rostering import ProvenRoster, prove_roster
from sim.model.scenario import Scenario
from sim.model.shift_pattern import ShiftPattern
from sim.model.shifts import parse_shifts
from sim.model.units import counted
from sim.present.planning import stage_label
from sim.present.rostering import roster_table
from tui.screens.dialog import Dialog
from tui.widgets.plan_chart import plan_chart

DEFAULT_SHIFTS = parse_shifts('[[shift]]\nname = "8h"\nlength = "8h"\nstarts = { every = "1h" }\n')
"""Without patterns of the scenario's own: 8-hour shifts that may start on any hour."""


def checks_table(plan: Plan, proven: ProvenRoster | None) -> Table:
    table = Table(title="On fresh replications", box=None, padding=(0, 1))
    for name in ("schedule", "agent-h", "below target", "worst SL", "worst missed"):
        table.add_column(name, justify="left" if name == "schedule" else "right")
    names = {"plan": "hourly plan", "erlang_a": "Erlang A per interval", "roster": "the roster"}
    checks = [*plan.checks, *([proven.check] if proven and proven.check else [])]
    for c in checks:
        table.add_row(
            names.get(c.schedule, c.schedule),
            f"{c.agent_hours:,.0f}",
            f"{c.below_target} ({c.significantly_below} clearly)",
            f"{c.worst_service_level:.1%}",
            f"{c.worst_missed_rate:.1%}",
        )
    return table


class PlannerScreen(Dialog[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,P", "dismiss", "Back to dashboard"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(
        self,
        scenario: Scenario,
        role: str,
        replications: int = 10,
        patterns: list[ShiftPattern] | None = None,
    ) -> None:
        super().__init__()
        self.scenario = scenario
        self.role = role
        self.replications = replications
        own = [p for p in scenario.shift_patterns if p.team in (None, role)]
        self.patterns = patterns or own or DEFAULT_SHIFTS
        self.shifts_hint = (
            "the scenario's shift patterns"
            if not patterns and own
            else "shifts of 8 hours on any hour"
            if not patterns
            else "the shift patterns given"
        )
        self.plan: Plan | None = None
        self.proven: ProvenRoster | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="planner-box", classes="dialog"):
            yield Static("", id="planner-progress")
            yield ProgressBar(id="planner-bar", show_eta=False)
            yield Static("", id="planner-chart")
            yield Static("", id="planner-shifts")
            yield Static("", id="planner-checks")
            yield Static(
                f"Targets: service level ≥ {Targets().service_level:.0%} and missed ≤ "
                f"{Targets().max_missed:.0%} in every hour; {self.shifts_hint}. "
                "A scenario's [[shift_pattern]] or `surgedesk plan --shifts FILE` sets others.",
                classes="hint",
            )
        yield Footer()

    def on_mount(self) -> None:
        box = self.query_one("#planner-box")
        box.border_title = f"Staffing plan · {self.role} · {self.scenario.meta.name}"
        self.say(f"planning with {self.replications} replications…")
        self.run_plan()

    def say(self, text: str) -> None:
        self.query_one("#planner-progress", Static).update(text)

    def step(self, step: Step) -> None:
        """One batch of replications done: the stage in words, the share on the bar."""
        self.say(f"planning: {stage_label(step)}…")
        self.query_one("#planner-bar", ProgressBar).update(total=step.total, progress=step.done)

    @work(thread=True, exclusive=True)
    def run_plan(self) -> None:
        def progress(step: Step) -> None:
            self.app.call_from_thread(self.step, step)

        with mapper() as m:
            plan = plan_staffing(
                self.scenario, self.role, replications=self.replications, mapper=m,
                progress=progress,
            )  # fmt: skip
            proven = prove_roster(self.scenario, plan, self.patterns, mapper=m, progress=progress)
        self.app.call_from_thread(self.show, plan, proven)

    def show(self, plan: Plan, proven: ProvenRoster) -> None:
        self.plan, self.proven = plan, proven
        self.query_one("#planner-bar", ProgressBar).display = False
        verdict = "converged" if plan.converged else "NOT converged"
        roster = proven.roster
        rostered = (
            f"; roster {roster.agent_hours:,.0f} agent-hours "
            f"(LP bound {roster.lower_bound_agent_hours:,.0f})"
            if roster.feasible
            else f"; no roster: {roster.status}"
        )
        self.say(
            f"{plan.agent_hours:,.0f} agent-hours planned against "
            f"{plan.erlang_a_agent_hours:,.0f} by per-interval Erlang A "
            f"({counted(plan.iterations, 'iteration')}, {verdict}){rostered}"
            + (
                f"; {counted(len(plan.unreachable), 'interval')} no staffing can bring to target"
                if plan.unreachable
                else ""
            )
        )
        chart = plan_chart(
            self.scenario.meta.start,
            plan.interval_min,
            [float(n) for n in proven.scheduled],
            [float(n) for n in proven.covered] or None,
            [iv.arrivals for iv in plan.intervals],
            width=max(40, self.query_one("#planner-box").content_size.width - 2),
        )
        self.query_one("#planner-chart", Static).update(chart)
        if roster.feasible:
            table = roster_table(proven, self.scenario.meta.start)
            self.query_one("#planner-shifts", Static).update(table)
        self.query_one("#planner-checks", Static).update(Group(checks_table(plan, proven)))
