"""The live dashboard: every panel of the run at once, redrawn from one snapshot a frame."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer

from sim.present.view import Snapshot
from tui.widgets.chart import QueueChart
from tui.widgets.kpi import KpiBar
from tui.widgets.logs import EventLog, FeedLog
from tui.widgets.status import RunState, StatusBar
from tui.widgets.tables import ChannelPanel, TeamPanel

KPI_KEYS = ("waiting", "oldest", "sla", "late", "missed", "at_risk", "agents")


class DashboardScreen(Screen[None]):
    """Draws what it is handed; the keys ask the app to act (attributes down, actions up).

    It says when it is covered by a dialog and uncovered again, so the app can hold the
    run's clock while people read, write a note or answer an inject.
    """

    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 (Screen declares it without ClassVar)
        (0, "-narrow"),
        (100, "-wide"),
    ]
    VERTICAL_BREAKPOINTS = [  # noqa: RUF012
        (0, "-short"),
        (32, "-tall"),
    ]

    BINDINGS: ClassVar[list[BindingType]] = [
        # Help and quit come first: on an 80-column terminal the footer's tail is cut off.
        Binding("space", "app.toggle_pause", "Pause"),
        Binding("question_mark", "app.help", "Help", key_display="?"),
        Binding("q", "app.quit", "Quit"),
        Binding("minus", "app.slower", "Slower"),
        Binding("plus,equals_sign", "app.faster", "Faster", key_display="+"),
        Binding("n", "app.step", "Step", show=False),
        Binding("a", "app.add_agent", "+Agent"),
        Binding("A", "app.remove_agent", "-Agent", key_display="A"),
        Binding("g", "app.next_role", "Role", show=False),
        Binding("f", "app.faq", "FAQ"),
        Binding("h", "app.holding", "Holding"),
        Binding("m", "app.mobilize", "Advocates"),
        Binding("s", "app.surge", "Surge"),
        Binding("k", "app.acknowledge", "Ack alert", show=False),
        Binding("v", "app.vip", "VIP first", show=False),
        Binding("r", "app.restart", "Restart", show=False),
        Binding("p", "app.pick", "Scenarios", show=False),
        Binding("P", "app.plan", "Plan", show=False, key_display="P"),
        Binding("c", "app.controller", "Controller"),
        Binding("e", "app.note", "Note"),
        Binding("o", "app.hotwash", "Hotwash"),
        Binding("j", "app.timeline", "Timeline"),
    ]

    class Covered(Message):
        """Another screen (a dialog) is on top: the run's clock waits."""

    class Uncovered(Message):
        """The dashboard is on top again: the clock may run."""

    def on_screen_suspend(self) -> None:
        self.post_message(self.Covered())

    def on_screen_resume(self) -> None:
        self.post_message(self.Uncovered())

    open_alert = ""  # the snapshot's: when the oldest unacknowledged spike alert was raised

    def acknowledge(self, send: Callable[[], object]) -> None:
        """`k`: acknowledge the spike alert if one is open, else say there is none."""
        if self.open_alert:
            send()
        else:
            self.notify("no spike alert to acknowledge", severity="warning")

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        yield KpiBar(KPI_KEYS, id="kpis")
        with Horizontal(id="body"):
            with Vertical(id="left"):
                yield QueueChart(id="chart")
                with Horizontal(id="tables"):
                    yield ChannelPanel(id="channels")
                    yield TeamPanel(id="team")
            with Vertical(id="right"):
                yield FeedLog(id="feed")
                yield EventLog(id="events")
        yield Footer(compact=True)  # every key's name fits an 80-column terminal

    def on_mount(self) -> None:
        self.query_one("#chart").border_title = "Queue over time"
        self.query_one("#chart").border_subtitle = "▲ surge / action"
        self.query_one("#channels").border_title = "Channels"
        self.query_one("#team").border_title = "Team"
        self.query_one("#feed").border_title = "Live feed"
        self.query_one("#events").border_title = "Event log"

    def show(self, snap: Snapshot, state: RunState) -> None:
        state = self._alerted(snap, state)
        panel = self.get_widget_by_id
        panel("status", StatusBar).show(snap, state)
        panel("kpis", KpiBar).show(snap.kpis)
        panel("chart", QueueChart).show(snap)
        panel("channels", ChannelPanel).show(snap.channels)
        panel("team", TeamPanel).show(snap.groups, state.role)
        panel("feed", FeedLog).show(snap.feed)
        panel("events", EventLog).show(snap.log)

    def show_state(self, snap: Snapshot, state: RunState) -> None:
        """The status line alone: a clock key's answer, without a whole frame's work."""
        self.get_widget_by_id("status", StatusBar).show(snap, self._alerted(snap, state))

    def _alerted(self, snap: Snapshot, state: RunState) -> RunState:
        """The status line says which key answers an open spike alert, where one does."""
        self.open_alert = snap.open_alert
        if not snap.open_alert:
            return state
        return dataclasses.replace(state, ack_key=bool(self.app.check_action("acknowledge", ())))

    def reset(self) -> None:
        """A new run: the logs start empty again."""
        self.query_one(FeedLog).reset()
        self.query_one(EventLog).reset()
