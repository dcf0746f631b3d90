"""The planner screen: staff the loaded scenario, and see staffing against arrivals.

The plan runs in a thread worker (its replications in worker processes), so the dashboard
stays responsive; the screen only draws the finished `Plan` and the progress it reports.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from sim.analysis.measure import Targets
from sim.analysis.plan import Plan, plan_staffing
from sim.analysis.progress import Step
from sim.analysis.replications import mapper
from sim.model.scenario import Scenario
from sim.present.planning import stage_label
from tui.widgets.chart import bar_rows, nice_ceiling

CHART_HEIGHT = 6
CHART_WIDTH = 94


def fit(values: list[float], width: int = CHART_WIDTH) -> list[float]:
    """At most `width` columns: neighbouring intervals share a column, showing their peak."""
    if len(values) <= width:
        return values
    per = -(-len(values) // width)
    return [max(values[i : i + per]) for i in range(0, len(values), per)]


def staffing_chart(plan: Plan) -> Group:
    """Arrivals per interval above, agents planned (and Erlang A's) below, one column each."""
    arrivals = fit([iv.arrivals for iv in plan.intervals])
    agents = fit([float(iv.agents) for iv in plan.intervals])
    erlang = fit([float(iv.erlang_a_agents) for iv in plan.intervals])
    top_a = nice_ceiling(max(arrivals, default=0.0))
    top_s = nice_ceiling(max(agents + erlang, default=0.0))
    lines = [Text(f"arrivals per interval (top {top_a})", style="bold")]
    lines += [Text(row, style="cyan") for row in bar_rows(arrivals, top_a, CHART_HEIGHT)]
    lines.append(Text(f"agents planned (top {top_s})", style="bold"))
    lines += [Text(row, style="green") for row in bar_rows(agents, top_s, CHART_HEIGHT)]
    gaps = Text()
    for plan_n, erl_n in zip(agents, erlang, strict=True):
        gaps.append("+" if plan_n > erl_n else "-" if plan_n < erl_n else "·",
                    style="yellow" if plan_n != erl_n else "dim")  # fmt: skip
    lines += [Text("vs per-interval Erlang A (+ more, - fewer)", style="bold"), gaps]
    return Group(*lines)


def checks_table(plan: Plan) -> Table:
    table = Table(title="On fresh replications", box=None, padding=(0, 1))
    for name in ("schedule", "agent-h", "below target", "worst missed"):
        table.add_column(name, justify="left" if name == "schedule" else "right")
    names = {"plan": "this plan", "erlang_a": "Erlang A per interval"}
    for c in plan.checks:
        table.add_row(
            names.get(c.schedule, c.schedule),
            f"{c.agent_hours:,.0f}",
            f"{c.below_target} ({c.significantly_below} clearly)",
            f"{c.worst_missed_rate:.1%}",
        )
    return table


class PlannerScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,P", "dismiss", "Back to dashboard"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, scenario: Scenario, role: str, replications: int = 10) -> None:
        super().__init__()
        self.scenario = scenario
        self.role = role
        self.replications = replications
        self.plan: Plan | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="planner-box", classes="dialog"):
            yield Static("", id="planner-progress")
            yield Static("", id="planner-chart")
            yield Static("", id="planner-checks")
            yield Static(
                f"Targets: service level ≥ {Targets().service_level:.0%} and missed ≤ "
                f"{Targets().max_missed:.0%} in every hour; `surgedesk plan` sets others.",
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

    @work(thread=True, exclusive=True)
    def run_plan(self) -> None:
        def progress(step: Step) -> None:
            self.app.call_from_thread(self.say, f"planning: {stage_label(step)}…")

        with mapper() as m:
            plan = plan_staffing(
                self.scenario,
                self.role,
                replications=self.replications,
                mapper=m,
                progress=progress,
            )
        self.app.call_from_thread(self.show, plan)

    def show(self, plan: Plan) -> None:
        self.plan = plan
        verdict = "converged" if plan.converged else "NOT converged"
        self.say(
            f"{plan.agent_hours:,.0f} agent-hours planned against "
            f"{plan.erlang_a_agent_hours:,.0f} by per-interval Erlang A "
            f"({plan.iterations} iterations, {verdict})"
        )
        self.query_one("#planner-chart", Static).update(staffing_chart(plan))
        self.query_one("#planner-checks", Static).update(checks_table(plan))
