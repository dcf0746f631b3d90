"""What a drill or a replay adds to the dashboard: injects, the controller, notes, the score
and the timeline.

The app composes one `DrillDesk` and hands it these keys and messages; the desk turns them
into the drill session's calls and the dialogs that show the result. Every rule (when an
inject is due, what firing one records, what "the top topic" means) stays in the session.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.exercise.injects import Fired
from sim.session.drill import DrillSession
from sim.session.remote import RemoteSession
from sim.session.replay import ReplaySession
from sim.session.run import Ending
from tui.inject_queue import InjectQueue
from tui.screens.controller import ControllerScreen
from tui.screens.hotwash import HotwashScreen
from tui.screens.inject import InjectScreen
from tui.screens.note import NoteScreen
from tui.screens.replay import TimelineScreen
from tui.screens.summary import SummaryScreen

if TYPE_CHECKING:
    from tui.app import DashboardApp

Drill = DrillSession | RemoteSession  # a drill played here, or a seat of a hosted one


class DrillDesk:
    """The drill's part of one dashboard app: injects one at a time, the trainer's tools."""

    def __init__(self, app: DashboardApp) -> None:
        self.app = app
        self.injects = InjectQueue(self._put_inject)

    @property
    def drill(self) -> Drill:  # the drill played here or hosted: only a drill has a controller
        session = self.app.session
        assert isinstance(session, Drill)
        return session

    def catch_up(self) -> None:
        """Before a frame is drawn: the injects now due, and what a seat's host had to say."""
        session = self.app.session
        if isinstance(session, Drill):
            for fired in session.due():
                self.show_inject(fired)
        if isinstance(session, RemoteSession):
            for notice in session.notices():
                self.app.notify(notice.text, severity=notice.severity)

    def drawn(self) -> None:
        """After a frame is drawn: an open controller shows the drill as it is now."""
        screen, session = self.app.screen, self.app.session
        if isinstance(screen, ControllerScreen) and isinstance(session, Drill):
            screen.view = session.controller_view()

    def hold_ending(self, ending: Ending) -> bool:
        """True if an inject is still up: the ending waits until it is closed."""
        if self.injects.up:
            self.injects.ending = ending
        return self.injects.up

    # ------------------------------------------------------------------ injects

    def show_inject(self, fired: Fired) -> None:
        if not self.app.session.capabilities.act:  # an observer's or controller's seat
            # Nothing to answer with: a passing notice (the event log keeps the inject), not
            # a dialog per inject that offers response keys and piles up while nobody looks.
            by = " (from the controller)" if fired.source == "controller" else ""
            self.app.notify(
                fired.message or fired.title,
                title=f"{self.app.clock(fired.at)}{by} · {fired.title}",
                timeout=12,
            )
            return
        if self.injects.add(fired):
            self.app.cover(True)  # at once: the next frame must not play past the inject

    def _put_inject(self, fired: Fired) -> None:
        self.app.push_screen(InjectScreen(fired, self.app.clock(fired.at)), self._inject_closed)

    def _inject_closed(self, _result: None) -> None:
        ending = self.injects.closed()
        if ending is not None:
            self.app.show_ending(ending)
        self.app.refresh_view()

    # ------------------------------------------------------------------ the controller

    def open_controller(self) -> None:
        if not isinstance(self.app.screen, ControllerScreen):
            self.app.push_screen(ControllerScreen(self.drill.controller_view(), self.app.clock))

    def fire(self, inject_id: str) -> None:
        fired = self.drill.fire(inject_id)  # a seat's comes back from the host
        if fired is not None:
            self.show_inject(fired)
        self.app.refresh_view()

    def surprise(self) -> None:
        fired = self.drill.surprise()
        if fired is not None:
            self.show_inject(fired)
        self.app.refresh_view()

    def add_note(self, text: str) -> None:
        self.drill.add_note(text)
        self.app.refresh_view()

    def open_note(self) -> None:
        self.app.push_screen(NoteScreen())  # an observer's: it posts a ControllerScreen.Note

    # ------------------------------------------------------------------ score and timeline

    def hotwash(self, *, final: bool = False) -> HotwashScreen:
        session = self.app.session
        assert isinstance(session, Drill | ReplaySession)
        return HotwashScreen.of(session, self.app.clock, final=final)

    def open_hotwash(self) -> None:
        if not isinstance(self.app.screen, HotwashScreen):
            self.app.push_screen(self.hotwash())

    def open_timeline(self) -> None:
        session = self.app.session
        if not isinstance(session, ReplaySession) or isinstance(self.app.screen, TimelineScreen):
            return

        def chosen(t: float | None) -> None:
            if t is not None:
                self.jump(t)

        screen = TimelineScreen(session.marks(), self.app.clock, session.run.engine.now)
        self.app.push_screen(screen, chosen)

    def jump(self, t: float) -> None:
        """Show minute `t` of a replay: forward by playing on, backward from the start."""
        app, session = self.app, self.app.session
        assert isinstance(session, ReplaySession)
        while isinstance(app.screen, SummaryScreen | HotwashScreen):
            app.pop_screen()
        if session.jump(t):
            app.dashboard.reset()
            app.ended = False
        app.refresh_view()
