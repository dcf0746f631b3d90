"""A seat: a session whose run is hosted elsewhere, so the one dashboard runs unchanged on it.

`RemoteSession.connect` joins a hosted drill (`sim.session.host`) with the host's token
and a role, and then keeps the latest frame the host sent: the snapshot the dashboard
draws, the clock, the injects to show, and at the end the drill's ending and score. What
the person does is sent to the host, which alone changes the run; the seat never plays a
simulated minute itself. The seat keeps the effective scenario (sent once, as the run store
keeps it), so the dashboard builds its actions and labels exactly as on one screen, and a
saved copy of the results is the run replayed from the actions the host sent at the end.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sim.engine.applied import Applied
from sim.engine.core import Engine
from sim.engine.replay import replay
from sim.engine.team import GroupView
from sim.exercise.injects import Fired
from sim.exercise.scoring import Score
from sim.model import actions as act
from sim.model.scenario import Scenario
from sim.present.view import Snapshot
from sim.session import wire
from sim.session.drill import Briefing, ControllerView
from sim.session.run import Capabilities, Ending

CONNECT_WAIT = 5.0  # seconds to reach the host and be welcomed


class SeatRefused(Exception):
    """The seat could not join: no host there, a wrong token, not a drill host. One line."""


@dataclass
class SeatClock:
    """The host's clock as this seat sees it; steering it asks the host (controllers only)."""

    session: RemoteSession
    may_steer: bool

    @property
    def state(self) -> wire.ClockState:
        return self.session.frame.clock

    @property
    def paused(self) -> bool:
        return self.state.paused

    @paused.setter
    def paused(self, value: bool) -> None:
        if value != self.state.paused:
            self.steer("pause" if value else "resume")

    @property
    def running(self) -> bool:
        return self.state.running

    @property
    def speed(self) -> float:
        return self.state.speed

    @property
    def speed_label(self) -> str:
        """The pace, and why a running clock stands: a wait, or the seats holding it."""
        state, label = self.state, self.state.speed_label
        if self.session.ended is not None or state.paused:
            return label  # nothing to wait for after the end; a pause says itself
        if state.waiting:
            return f"{label}, {state.waiting}"
        return f"{label}, held by {state.holds}" if state.holds else label

    def steer(self, op: wire.ClockOp) -> None:
        if self.may_steer:
            self.session.put(wire.ClockCommand(op=op))

    def toggle_pause(self) -> None:
        self.steer("toggle")

    def faster(self) -> None:
        self.steer("faster")

    def slower(self) -> None:
        self.steer("slower")

    def hold(self) -> None:
        self.session.put(wire.Cover(on=True))

    def release(self) -> None:
        self.session.put(wire.Cover(on=False))


@dataclass
class SeatEngine:
    """What the dashboard reads of the engine, from the scenario and the latest frame."""

    session: RemoteSession
    scenario: Scenario
    seed: int

    @property
    def snapshot(self) -> Snapshot:
        return self.session.frame.snapshot

    @property
    def now(self) -> float:
        return self.snapshot.now

    @property
    def done(self) -> bool:
        return self.snapshot.done

    @property
    def groups(self) -> Sequence[GroupView]:
        return self.snapshot.groups

    @property
    def advocate_share(self) -> float:
        return self.session.frame.advocate_share

    def top_topic(self, recent: int = 50) -> str | None:
        return self.snapshot.top_topic


@dataclass
class SeatRun:
    """The hosted run: it moves when the host's frames arrive, never by itself."""

    session: RemoteSession
    clock: SeatClock
    engine: SeatEngine
    fresh: bool = True  # something arrived since the dashboard last drew

    @property
    def at_end(self) -> bool:
        return self.session.ended is not None

    def tick(self, elapsed: float) -> bool:
        """True if a frame, an inject or a notice arrived since the last call."""
        fresh, self.fresh = self.fresh, False
        return fresh

    def advance(self, minutes: float) -> None:
        """The host's clock moves the run; a seat cannot play time on its own."""

    def step(self) -> None:
        self.clock.steer("step")

    def view(self) -> Snapshot:
        return self.session.frame.snapshot

    def recorded(self) -> Engine:
        """The finished run with every mention: replayed from the actions the host sent."""
        ended = self.session.ended
        if ended is None:
            raise RuntimeError("the host keeps the run until the drill ends")
        engine = self.engine
        actions = [a.timed(engine.scenario) for a in ended.actions]
        return replay(engine.scenario, engine.seed, actions, until=engine.now)


@dataclass
class RemoteSession:
    """One seat of a hosted drill, in the dashboard's Session shape."""

    welcome: wire.Welcome
    frame: wire.Frame
    writer: asyncio.StreamWriter
    run: SeatRun = field(init=False)
    ended: wire.End | None = None
    gone: bool = False  # the host closed the connection
    injects: list[Fired] = field(default_factory=list)
    messages: list[wire.Notice] = field(default_factory=list)
    last_score: Score | None = None
    wake: Callable[[], object] | None = None  # the dashboard's: draw now, not next frame
    _listener: asyncio.Task[None] | None = None

    def __post_init__(self) -> None:
        self.last_score = self.frame.score  # a controller's first frame carries one
        scenario = Scenario.model_validate(self.welcome.scenario)
        clock = SeatClock(self, self.welcome.capabilities.clock)
        self.run = SeatRun(self, clock, SeatEngine(self, scenario, self.welcome.seed))

    @classmethod
    async def connect(
        cls, host: str, port: int, token: str, role: wire.Role, wait: float = CONNECT_WAIT
    ) -> RemoteSession:
        """Join the drill hosted at host:port as `role`; `SeatRefused` says why not."""
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection(host, port, limit=wire.HOST_LINE_LIMIT), wait
            )
        except (OSError, TimeoutError) as exc:
            reason = (
                "no answer"
                if isinstance(exc, TimeoutError)
                else "nothing listens there"
                if isinstance(exc, ConnectionRefusedError)
                else exc.strerror or str(exc)
            )
            raise SeatRefused(f"cannot reach a drill host at {host}:{port} ({reason})") from None
        try:
            writer.write(wire.encode(wire.Hello(token=token, role=role)))
            welcome = await asyncio.wait_for(_next(reader), wait)
            if isinstance(welcome, wire.Refused):
                raise SeatRefused(f"the host refused this seat: {welcome.reason}")
            first = await asyncio.wait_for(_next(reader), wait)
            if not isinstance(welcome, wire.Welcome) or not isinstance(first, wire.Frame):
                raise SeatRefused(f"{host}:{port} is not a surgedesk drill host")
        except (SeatRefused, wire.WireError, OSError, TimeoutError, ValueError) as exc:
            writer.close()
            if isinstance(exc, SeatRefused):
                raise
            raise SeatRefused(f"{host}:{port} is not a surgedesk drill host ({exc})") from None
        session = cls(welcome, first, writer)
        session._listener = asyncio.create_task(session._listen(reader))
        return session

    async def _listen(self, reader: asyncio.StreamReader) -> None:
        try:
            while line := await reader.readline():
                self._take(wire.from_host(line))
        except (wire.WireError, ValueError, ConnectionError) as exc:
            self.messages.append(
                wire.Notice(text=f"the host sent nonsense ({exc})", severity="error")
            )
        self.gone = True
        if self.ended is None:
            text = f"the host has gone: the drill stopped at {self.frame.snapshot.clock}"
            self.messages.append(wire.Notice(text=text, severity="error"))
        self._news()

    def _take(self, message: wire.FromHost) -> None:
        match message:
            case wire.Frame():
                self.frame = message
                if message.score is not None:
                    self.last_score = message.score
            case wire.Inject(fired=fired):
                self.injects.append(fired)
            case wire.Notice():
                self.messages.append(message)
            case wire.End():
                self.ended = message
                self.last_score = message.score
            case wire.Refused(reason=reason):
                self.messages.append(wire.Notice(text=reason, severity="error"))
        self._news()

    def _news(self) -> None:
        """Something arrived: the dashboard is woken once until it has drawn it."""
        if not self.run.fresh and self.wake is not None:
            self.wake()
        self.run.fresh = True

    def put(self, message: wire.Message) -> None:
        if not self.gone and not self.writer.is_closing():
            self.writer.write(wire.encode(message))

    async def close(self) -> None:
        self.writer.close()
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._listener

    # ------------------------------------------------------------------ the Session shape

    @property
    def capabilities(self) -> Capabilities:
        return self.welcome.capabilities

    @property
    def role(self) -> wire.Role:
        return self.welcome.role

    @property
    def title(self) -> str:
        return self.welcome.title

    @property
    def drill_name(self) -> str:
        return self.welcome.drill

    @property
    def run_id(self) -> int | None:
        return self.welcome.run_id

    @property
    def report_command(self) -> str | None:
        """The command, with the host's `--db`, that writes the report on the host's machine."""
        return self.welcome.report or None

    def aimed(self, action: act.Action) -> str | None:
        """The topic the host would send "the top topic" of `action` to now (the picker's)."""
        return self.frame.aimed.get(action.action)

    def send(self, action: act.Action) -> Applied:
        """Ask the host to apply a team action; the host says if it had no effect."""
        now = self.run.engine.now
        if not self.capabilities.act:
            return Applied(now, action, action, f"a {self.role} seat cannot act", "")
        self.put(wire.SendAction(action=wire.WireAction.of(action)))
        return Applied(now, action, action, "", act.describe(action))

    def end(self) -> Ending:
        assert self.ended is not None, "the host has not ended the drill"
        return self.ended.ending

    def score(self) -> Score | None:
        return self.last_score

    def briefing(self) -> Briefing:
        return self.welcome.briefing

    def notices(self) -> list[wire.Notice]:
        """What the host (or losing it) has to say, once each."""
        taken, self.messages = self.messages, []
        return taken

    # ------------------------------------------------------------------ drill controls

    def due(self) -> list[Fired]:
        """The injects the host has shown since the last call, in order."""
        taken, self.injects = self.injects, []
        return taken

    def controller_view(self) -> ControllerView:
        control = self.frame.control
        assert control is not None, "only a controller seat has the controller's view"
        return control.view()

    def fire(self, inject_id: str) -> None:
        """Ask the host to fire an inject; it comes back, to every seat, as shown."""
        self.put(wire.FireInject(inject_id=inject_id))

    def surprise(self) -> None:
        self.put(wire.Surprise())

    def add_note(self, text: str) -> None:
        self.put(wire.AddNote(text=text[: wire.NOTE_LIMIT]))


async def _next(reader: asyncio.StreamReader) -> wire.FromHost:
    line = await reader.readline()
    if not line:
        raise SeatRefused("the host closed the connection")
    return wire.from_host(line)
