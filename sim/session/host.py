"""The host of a drill: one `DrillSession` and its clock, and the seats that join it.

One run, hosted once: the host plays the drill's clock and is the only place the run
changes. Seats (a player's dashboard, the controller's, an observer's) connect over a
local socket, show the token the host printed for their role (one token a role), and from
then on receive frames and send what their person does (`sim.session.wire`). Every
player's action goes through the one session, so it is one action in the one log and one
run in the store; the host decides what each role may do, whatever a seat asks:

- players act (their keys are the team's responses, recorded and scored);
- the controller steers the clock (pause, pace, step), fires injects and writes notes;
- observers only watch and write notes; their dialogs never hold the clock.

The shared clock waits while a player's or the controller's dialog is open (an inject
being read, the controller screen, a note), as it does on one screen. An inject marks
those seats as holding at once, so the clock cannot run on before the seats have it.
Players never see the evaluators' notes and see no score until the drill's end.

The run is the players': with no player seated (before the first joins, or after the
last left, a browser tab closed by accident) the clock waits for players, and nothing is
played or shown that nobody would see: the controller may pause, set the pace, read the
script and write notes, but not step the clock or fire an inject until a player is back.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import math
import secrets
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sim.exercise.injects import Fired
from sim.model import actions as act
from sim.model.units import counted
from sim.session import wire
from sim.session.drill import DrillSession
from sim.session.run import Capabilities

FRAME = 0.1  # wall seconds between the host's frames
HELLO_WAIT = 5.0  # seconds a new connection has to say who it is
SCORE_EVERY = 1.0  # wall seconds between the scores sent to a controller
MAX_SEATS = 64
FRAME_BACKLOG = 1 << 20  # bytes queued to a slow seat beyond which its frames are skipped
DROP_BACKLOG = 16 << 20  # bytes queued beyond which a seat that stopped reading is let go
WAITING = "waiting for players"  # why the clock stands with no player seated
NOBODY = "no player is seated: the clock waits for players"

_SEAT = Capabilities(restart=False, plan=False, surge=False)  # no planner: it shows the script
CAPABILITIES: dict[wire.Role, Capabilities] = {
    "player": dataclasses.replace(_SEAT, clock=False),
    "controller": dataclasses.replace(_SEAT, act=False, controller=True, hotwash=True),
    "observer": dataclasses.replace(_SEAT, act=False, clock=False, notes=True),
}


def new_tokens() -> dict[wire.Role, str]:
    """One token a role: a player's link cannot be turned into the controller's."""
    return {role: secrets.token_hex(16) for role in wire.ROLES}  # never "-...", an option


@dataclass
class Seat:
    id: int
    role: wire.Role
    writer: asyncio.StreamWriter
    covered: bool = False  # a dialog is open on it
    scored: float = -math.inf  # wall time the last score went to it

    @property
    def holds(self) -> bool:
        return self.covered and self.role != "observer"

    def put(self, data: bytes, *, skippable: bool = False) -> None:
        """Queue a line to the seat; a frame waits its turn only on a seat that keeps up."""
        if self.writer.is_closing():
            return
        backlog = self.writer.transport.get_write_buffer_size()
        if backlog > DROP_BACKLOG:
            self.writer.close()
        elif not (skippable and backlog > FRAME_BACKLOG):
            self.writer.write(data)


@dataclass
class Host:
    """A drill hosted for seats; `listen`, then `run` (or drive `frame`/`advance` in tests)."""

    session: DrillSession
    tokens: dict[wire.Role, str] = field(default_factory=new_tokens)
    max_seats: int = MAX_SEATS
    say: Callable[[str], None] = lambda _line: None  # the host's console
    wall: Callable[[], float] = time.monotonic
    seats: dict[int, Seat] = field(default_factory=dict)
    ended: wire.End | None = None
    _server: asyncio.Server | None = None
    _talks: set[asyncio.Task[Any]] = field(default_factory=set)  # one a connected seat
    _next_id: int = 1
    _dirty: bool = True

    def __post_init__(self) -> None:
        self.session.run.clock.paused = True  # until the controller starts it
        self._hold()  # and then until a player is seated

    # ------------------------------------------------------------------ listening

    async def listen(
        self, host: str = "127.0.0.1", port: int = 0, sock: socket.socket | None = None
    ) -> int:
        """Start taking seats on host:port (0: any free port), or on a bound `sock`; the port."""
        limit = wire.SEAT_LINE_LIMIT
        if sock is not None:
            self._server = await asyncio.start_server(self._seat, sock=sock, limit=limit)
        else:
            self._server = await asyncio.start_server(self._seat, host, port, limit=limit)
        return int(self._server.sockets[0].getsockname()[1])

    async def run(self, *, linger: bool = True) -> None:
        """Play the clock until the drill has ended (and, lingering, until its seats left)."""
        last = self.wall()
        while self.ended is None or (linger and self.seats):
            await asyncio.sleep(FRAME)
            now = self.wall()
            self.frame(now - last)
            last = now

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
        for seat in list(self.seats.values()):
            seat.writer.close()
        for task in list(self._talks):
            task.cancel()
        await asyncio.gather(*self._talks, return_exceptions=True)
        if self._server is not None:
            with contextlib.suppress(Exception):
                await self._server.wait_closed()

    # ------------------------------------------------------------------ the clock

    def frame(self, elapsed: float) -> None:
        """One frame of the host's clock: play `elapsed` wall seconds, then tell the seats."""
        if self.session.run.tick(elapsed):
            self._dirty = True
        self.publish()

    def advance(self, minutes: float) -> None:
        """Play exactly `minutes` of simulated time and tell the seats: the tests' clock."""
        self.session.run.advance(minutes)
        self._dirty = True
        self.publish()

    def publish(self) -> None:
        """Show what is due, send each seat its frame if anything changed, and the end once."""
        for fired in self.session.due():
            self._inject(fired)
        if self._dirty:
            self._dirty = False
            self._frames()
        run = self.session.run
        if run.at_end and self.ended is None:
            ending = self.session.end()
            sent = tuple(wire.WireAction.of(a.action, a.at) for a in run.sent)
            self.ended = wire.End(ending=ending, score=self.session.score(), actions=sent)
            self._hold()  # nothing left to wait for
            data = wire.encode(self.ended)
            for seat in self.seats.values():
                seat.put(data)
            self.say("; ".join(filter(None, ["the drill has ended", ending.notice])))

    def _inject(self, fired: Fired) -> None:
        data = wire.encode(wire.Inject(fired=fired))
        for seat in self.seats.values():
            # A seat that can answer shows the inject as a dialog and says when it is closed;
            # the others show a passing notice and must not hold the clock for it.
            seat.covered = seat.covered or CAPABILITIES[seat.role].act
            seat.put(data)
        self._hold()
        self._dirty = True

    def _hold(self) -> None:
        """The clock stands while a seat's dialog holds it, and while no player is seated."""
        clock = self.session.run.clock
        clock.holds = sum(seat.holds for seat in self.seats.values())
        players = any(seat.role == "player" for seat in self.seats.values())
        clock.waiting = "" if players or self.ended is not None else WAITING

    def _seated(self, seat: Seat, went: str) -> None:
        """A seat joined or left: recount, and say so, with what it does to the clock."""
        clock = self.session.run.clock
        was = clock.waiting
        self._hold()
        line = f"{seat.role} seat {seat.id} {went} ({self.census()})"
        if clock.waiting and not was:
            line += f"; {NOBODY}"
        elif was and not clock.waiting and not clock.paused:
            line += "; the clock plays on"
        self.say(line)

    def _frames(self) -> None:
        if not self.seats:
            return  # nobody to draw for: a frame is made when a seat joins
        session, clock = self.session, self.session.run.clock
        snap = session.run.view()
        state = wire.ClockState(
            speed_index=clock.speed_index,
            speed=clock.speed,
            speed_label=clock.speed_label,
            paused=clock.paused,
            running=clock.running,
            holds=clock.holds,
            waiting=clock.waiting,
        )
        share = session.engine.advocate_share
        full = wire.encode(wire.Frame(snapshot=snap, clock=state, advocate_share=share))
        log = tuple(line for line in snap.log if line.kind != "note")
        player_snap = dataclasses.replace(snap, log=log)
        aimed = {
            name: topic
            for name, make in (
                ("publish_faq", act.PublishFaq),
                ("holding_statement", act.HoldingStatement),
            )
            if (topic := session.aimed(make())) is not None
        }
        player = wire.encode(
            wire.Frame(snapshot=player_snap, clock=state, advocate_share=share, aimed=aimed)
        )
        control = wire.ControlView.of(session.controller_view())
        now = self.wall()
        for seat in self.seats.values():
            if seat.role == "player":
                seat.put(player, skippable=True)
            elif seat.role == "observer":
                seat.put(full, skippable=True)
            else:
                score = None
                if now - seat.scored >= SCORE_EVERY:
                    seat.scored, score = now, session.score()
                frame = wire.Frame(
                    snapshot=snap, clock=state, advocate_share=share, control=control, score=score
                )
                seat.put(wire.encode(frame), skippable=True)

    # ------------------------------------------------------------------ seats

    async def _seat(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        seat, task = None, asyncio.current_task()
        if task is not None:
            self._talks.add(task)
        try:
            seat = await self._welcome(reader, writer)
            if seat is None:
                return
            while line := await reader.readline():
                self._handle(seat, wire.from_seat(line))
                self.publish()
        except (wire.WireError, ValueError) as exc:  # a garbled line, or one far too long
            if seat is not None:
                seat.put(wire.encode(wire.Refused(reason=f"not understood: {exc}")))
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            pass  # the seat hung up, or the host is closing
        finally:
            if task is not None:
                self._talks.discard(task)
            if seat is not None:
                self.seats.pop(seat.id, None)
                self._seated(seat, "left")
                self._dirty = True
            writer.close()

    def _refuse(self, writer: asyncio.StreamWriter, reason: str) -> None:
        writer.write(wire.encode(wire.Refused(reason=reason)))
        self.say(f"refused a seat: {reason}")

    async def _welcome(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> Seat | None:
        try:
            line = await asyncio.wait_for(reader.readline(), HELLO_WAIT)
            hello = wire.from_seat(line)
        except (TimeoutError, wire.WireError, ValueError):
            self._refuse(writer, "not a surgedesk seat (it must say hello first)")
            return None
        if not isinstance(hello, wire.Hello):
            self._refuse(writer, "not a surgedesk seat (it must say hello first)")
            return None
        if not secrets.compare_digest(hello.token.encode(), self.tokens[hello.role].encode()):
            self._refuse(writer, f"wrong join token for a {hello.role} seat (use the host's)")
            return None
        if hello.protocol != wire.PROTOCOL:
            self._refuse(
                writer, f"this host speaks seat protocol {wire.PROTOCOL}, not {hello.protocol}"
            )
            return None
        if len(self.seats) >= self.max_seats:
            self._refuse(writer, f"all {self.max_seats} seats are taken")
            return None
        seat = Seat(self._next_id, hello.role, writer)
        self._next_id += 1
        writer.write(wire.encode(self.welcome(hello.role)))
        self.seats[seat.id] = seat
        self._seated(seat, "joined")
        self._dirty = True
        self.publish()
        if self.ended is not None:
            seat.put(wire.encode(self.ended))
        return seat

    def welcome(self, role: wire.Role) -> wire.Welcome:
        session = self.session
        scenario = session.engine.scenario
        return wire.Welcome(
            role=role,
            capabilities=CAPABILITIES[role],
            title=f"{session.title} · {role}",
            drill=session.drill_name,
            run_id=session.run_id,
            start=scenario.meta.start,
            scenario=session.built.scenario_data,
            seed=session.engine.seed,
            briefing=session.briefing(),
            report=session.report_command or "",
        )

    def census(self) -> str:
        roles = [s.role for s in self.seats.values()]
        return ", ".join(counted(roles.count(r), r) for r in wire.ROLES)

    # ------------------------------------------------------------------ what a seat asks

    def _handle(self, seat: Seat, message: wire.FromSeat) -> None:
        """Do what the seat asks if its role may; otherwise tell it why not."""
        session, clock = self.session, self.session.run.clock
        self._dirty = True
        match message:
            case wire.Cover(on=on):
                seat.covered = on
                self._hold()
            case wire.SendAction(action=sent) if seat.role == "player":
                if self.ended is not None:
                    return self._tell(seat, "the drill is over: nothing more is recorded")
                try:
                    action = sent.action(session.engine.scenario)
                except act.ActionError as exc:
                    return self._tell(seat, f"not an action here: {exc}", "warning")
                applied = session.send(action)
                if not applied.took_effect:
                    self._tell(seat, f"{applied.no_effect}: logged, no effect", "warning")
            case wire.ClockCommand(op="step") | wire.FireInject() | wire.Surprise() if (
                seat.role == "controller" and clock.waiting
            ):
                text = f"{NOBODY}, and nothing is stepped or fired until one joins"
                return self._tell(seat, text, "warning")
            case wire.ClockCommand(op=op) if seat.role == "controller":
                if op == "step":
                    clock.paused = True
                    session.run.step()
                elif op == "faster":
                    clock.faster()
                elif op == "slower":
                    clock.slower()
                else:
                    self._pause({"pause": True, "resume": False, "toggle": not clock.paused}[op])
            case wire.FireInject(inject_id=inject_id) if seat.role == "controller":
                fired = session.fire(inject_id)
                if fired is None:
                    return self._tell(seat, f"no inject {inject_id!r} in this drill", "warning")
                self._inject(fired)
            case wire.Surprise() if seat.role == "controller":
                self._inject(session.surprise())
            case wire.AddNote(text=text) if seat.role != "player":
                session.add_note(text)
            case wire.Hello():
                self._tell(seat, "already joined", "warning")
            case _:
                self._tell(seat, f"a {seat.role} seat cannot do that", "warning")
        return None

    def _pause(self, paused: bool) -> None:
        """The controller's space: a clock let go with nobody to play for says it waits."""
        clock = self.session.run.clock
        if clock.paused and not paused and clock.waiting and self.ended is None:
            self.say(f"the controller started the clock; {NOBODY}")
        clock.paused = paused

    def _tell(self, seat: Seat, text: str, severity: wire.Severity = "information") -> None:
        seat.put(wire.encode(wire.Notice(text=text, severity=severity)))
