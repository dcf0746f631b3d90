"""The hotwash: how the team did, right after the drill, while everyone is still in the room.

It shows `sim.exercise.scoring.score` as it stands: each expected response met, late or missed with
the action that answered it, each objective with its value, and the overall score. On
demand mid-drill, expectations whose deadline is still ahead show as pending.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from sim.exercise.scoring import ExpectationResult, ObjectiveResult, Score
from sim.model import actions as act
from sim.model.units import format_duration
from sim.session.drill import DrillSession
from sim.session.remote import RemoteSession
from sim.session.replay import ReplaySession
from tui.screens.dialog import Dialog

STATUS_STYLES = {
    "met": "bold green",
    "late": "bold yellow",
    "missed": "bold red",
    "pending": "dim",
}
SHARES = ("service_level", "missed_rate", "occupancy", "advocate_correction_rate")


def metric_text(metric: str, value: float | None) -> str:
    """Shares as percentages, minutes as minutes, counts as counts."""
    if value is None:
        return "nothing to measure"
    if metric in SHARES or metric.endswith(("_rate", "_share")):
        return f"{value:.1%}"
    if metric.endswith("_min"):
        return f"{value:.1f} min"
    return f"{value:,.0f}" if float(value).is_integer() or abs(value) >= 100 else f"{value:.2f}"


def evidence_text(e: ExpectationResult, clock: Callable[[float], str]) -> str:
    if e.how:
        return e.how
    if e.evidence is None:
        if e.status == "pending":
            return f"deadline {clock(e.deadline)} still ahead"
        return f"no matching action by {clock(e.deadline)}"
    after = format_duration(e.evidence.at - e.inject_at)
    text = f"{act.describe(e.evidence.action)} at {clock(e.evidence.at)} ({after} after)"
    if e.late_by is not None:
        text += f", {format_duration(e.late_by)} late"
    return text


def expectations_table(score: Score, clock: Callable[[float], str]) -> Table:
    table = Table(
        title="Expected responses", expand=True, title_justify="left", box=box.SIMPLE_HEAD
    )
    table.add_column("at", no_wrap=True, style="dim")
    table.add_column("inject", ratio=4)
    table.add_column("expected", ratio=4)
    table.add_column("result", no_wrap=True)
    table.add_column("evidence", ratio=3)
    for e in score.expectations:
        table.add_row(
            clock(e.inject_at),
            e.title,
            e.description or e.action,
            Text(e.status.upper(), style=STATUS_STYLES[e.status]),
            evidence_text(e, clock),
        )
    return table


def objective_row(o: ObjectiveResult) -> tuple[str, str, str, Text]:
    op = "≥" if o.op == ">=" else "≤"
    if o.final:
        verdict = Text("PASS", style="bold green") if o.passed else Text("FAIL", style="bold red")
    else:  # measured mid-run: where it stands, not a verdict
        verdict = Text("on track", style="green") if o.passed else Text("off track", style="red")
    return (
        o.description or o.metric,
        f"{o.metric} {op} {metric_text(o.metric, o.target)}",
        metric_text(o.metric, o.value),
        verdict,
    )


def objectives_table(score: Score) -> Table:
    table = Table(title="Objectives", expand=True, title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("objective", ratio=4)
    table.add_column("target", ratio=2)
    table.add_column("value", justify="right", no_wrap=True)
    table.add_column("result", no_wrap=True)
    for o in score.objectives:
        table.add_row(*objective_row(o))
    return table


def headline(score: Score, clock: Callable[[float], str], final: bool) -> Text:
    passed = sum(1 for o in score.objectives if o.passed)
    overall = "–" if score.overall != score.overall else f"{score.overall:.0%}"  # NaN: no items
    text = Text()
    text.append(f"Overall score {overall}", style="bold")
    text.append(f"   {score.count('met')} met", style=STATUS_STYLES["met"])
    text.append(f" · {score.count('late')} late", style=STATUS_STYLES["late"])
    text.append(f" · {score.count('missed')} missed", style=STATUS_STYLES["missed"])
    if score.count("pending"):
        text.append(f" · {score.count('pending')} pending", style=STATUS_STYLES["pending"])
    judged = "passed" if final else "on track"
    text.append(f"   objectives {passed}/{len(score.objectives)} {judged}")
    when = "at the end" if final else "so far"
    text.append(f"\nScored {when}, at {clock(score.at)}.", style="dim")
    return text


def report_hint(session: DrillSession | RemoteSession | ReplaySession) -> str:
    """How to get the full report of this drill, from where it is recorded: a seat's is in
    the host's store (the seat's own `surgedesk report 1` would be some other run), a
    local drill's in the store its `--db` named."""
    run = session.run_id
    if run is None:
        return "the drill was not recorded, so there is no after-action report"
    command = f"surgedesk report {run}"
    if isinstance(session, DrillSession | RemoteSession):
        command = session.report_command or command
    if isinstance(session, RemoteSession):
        return f"the host keeps it as run {run}: `{command}` on the host's machine"
    return f"`{command}` writes the full after-action report"


class HotwashScreen(Dialog[None]):
    """The score of a drill, drawn once from a `Score`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,o", "dismiss", "Close"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(
        self,
        score: Score,
        clock: Callable[[float], str],
        *,
        title: str,
        final: bool,
        report: str = "`surgedesk report RUN_ID` writes the full after-action report",
    ) -> None:
        super().__init__()
        self.report = report
        self.score = score
        self.clock = clock
        self.title_text = title
        self.final = final

    @classmethod
    def of(
        cls,
        session: DrillSession | RemoteSession | ReplaySession,
        clock: Callable[[float], str],
        *,
        final: bool = False,
    ) -> HotwashScreen:
        """A drill's score as its session has it now (a seat's: as its host last sent it)."""
        score = session.score()
        assert score is not None
        final = final or session.run.engine.done
        return cls(score, clock, title=session.drill_name, final=final, report=report_hint(session))

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="hotwash-box", classes="dialog"):
            yield Static(headline(self.score, self.clock, self.final), id="hotwash-head")
            yield Static(
                Group(expectations_table(self.score, self.clock), "", objectives_table(self.score)),
                id="hotwash-tables",
            )
            yield Static(
                f"Late responses earn half a point. Esc closes; {self.report}.", classes="hint"
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#hotwash-box").border_title = f"Hotwash · {self.title_text}"
