"""What every session has: one engine, its clock, its log, and the actions sent to it.

Sessions differ in how the run moves (live, stopping at injects, replaying a recording)
and in what they record; they compose a `PlayedRun` for the part they share instead of
inheriting it, so each session's rules read in one file.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from sim.analysis.history.alerts import Alert
from sim.analysis.history.live import LiveAlerts
from sim.analysis.spikes import alert_line, watch
from sim.engine.applied import Applied
from sim.engine.clock import next_interval
from sim.engine.core import Engine, TimedAction
from sim.engine.replay import replay
from sim.model import actions as act
from sim.model.scenario import Scenario
from sim.present.format import clock_label
from sim.present.snapshot import FEED_LIMIT, LOG_LIMIT, take_snapshot
from sim.present.snapshot_memo import SeriesMemo
from sim.present.view import Snapshot
from sim.session.clock import Clock
from sim.session.logbook import LogBook


@dataclass(frozen=True)
class Capabilities:
    """What a person may do in a session; the interface offers keys for these alone."""

    act: bool = True  # change the run: agents, FAQ, statement, advocates, surge
    restart: bool = True  # replace the run: restart, pick another scenario
    plan: bool = True  # open the planner on the session's scenario
    controller: bool = False  # a drill's controller: fire injects, notes
    hotwash: bool = False  # a drill's score
    timeline: bool = False  # jump along a recording
    clock: bool = True  # pause, pace and step the clock (a hosted drill's: the controller's)
    notes: bool = False  # an evaluator's note on its own key (a hosted drill's observer)
    # A live surge on a player's key: a rehearsal's what-if. In a drill a surge is exercise
    # control (the controller's `l`, asked twice), never one key of the scored team.
    surge: bool = True


@dataclass(frozen=True)
class Ending:
    """What to show when a session reaches its end, decided by the session."""

    summary: dict[str, Any] | None  # None: no summary to show (a recording cut short)
    actions_taken: int = 0
    note: str = ""  # a line under the summary (a replay's verdict)
    notice: str = ""  # a passing message (where a drill was recorded)
    hotwash: bool = False  # show the drill's score over the summary


def new_engine(scenario: Scenario, seed: int | None) -> Engine:
    """A live engine keeps no per-mention list: a long run's memory stays flat, and
    `recorded` rebuilds the list, exactly, when someone saves."""
    return Engine(scenario, seed, record_mentions=False)


@dataclass
class PlayedRun:
    """An engine played by a clock, with the log a view shows and the actions sent."""

    engine: Engine
    clock: Clock = field(default_factory=Clock)
    end: float | None = None  # where playing stops; None: the scenario's end
    stops: Sequence[float] = ()
    play_to: Callable[[float], object] | None = None  # how to move; default: run the engine
    sent: list[TimedAction] = field(default_factory=list)  # every action sent, at its minute
    on_alert: Callable[[Alert], object] | None = None  # told of each spike alert (a record)
    logbook: LogBook = field(init=False)
    alerts: LiveAlerts | None = field(init=False)  # the scenario's spike rule; None: off
    memo: SeriesMemo = field(default_factory=SeriesMemo)  # a frame sums only what is new

    def __post_init__(self) -> None:
        self.logbook = LogBook(self.engine.scenario.meta.start)
        self.alerts = watch(self.engine.scenario)
        if self.alerts is not None:
            self.engine.alert_open = lambda: bool(self.open_alerts)

    @property
    def stop_at(self) -> float:
        return self.engine.duration if self.end is None else min(self.end, self.engine.duration)

    def _play(self, t: float) -> None:
        if self.play_to is not None:
            self.play_to(t)
        else:
            self.engine.run_until(t)
        self._watch()

    def _watch(self) -> None:
        """Raise the spike alerts of the intervals closed since the last look: in the log,
        and to whoever records the run."""
        if self.alerts is None:
            return
        for alert in self.alerts.feed(self.engine.series):
            line = alert_line(alert, self.alerts.rule.window)
            self.logbook.add(alert.at, "alert", line, after=True)
            if self.on_alert is not None:
                self.on_alert(alert)

    @property
    def raised(self) -> list[Alert]:
        """Every spike alert raised so far, oldest first."""
        self._watch()
        return [] if self.alerts is None else list(self.alerts.alerts)

    @property
    def open_alerts(self) -> list[Alert]:
        """The alerts nobody has acknowledged yet (an acknowledgement covers all before it)."""
        acks = [e.t for e in self.engine.log if isinstance(e.action, act.AcknowledgeAlert)]
        last = max(acks, default=-math.inf)
        return [a for a in self.raised if a.at > last]

    def tick(self, elapsed: float) -> bool:
        """Play `elapsed` wall seconds; True if the simulated clock moved."""
        engine = self.engine
        return self.clock.tick(
            elapsed,
            lambda: engine.now,
            self._play,
            interval=engine.interval,
            end=self.stop_at,
            stops=self.stops,
        )

    def advance(self, minutes: float) -> None:
        """Play exactly `minutes` of simulated time, however long it takes: tests and `n`."""
        self._play(min(self.engine.now + minutes, self.stop_at))

    def step(self) -> None:
        """Play to the end of the current reporting interval."""
        self._play(min(next_interval(self.engine.now, self.engine.interval), self.stop_at))

    @property
    def at_end(self) -> bool:
        return self.engine.now >= self.stop_at

    def send(self, action: act.Action) -> Applied:
        """Apply an action now, through the engine's one door, and remember it as sent."""
        self.sent.append(TimedAction(self.engine.now, action))
        return self.engine.apply(action)

    def recorded(self) -> Engine:
        """The run so far with every mention kept: an exact replay of the actions sent."""
        engine = self.engine
        done = [a for a in self.sent if a.at <= engine.now]
        return replay(engine.scenario, engine.seed, done, until=engine.now)

    def view(self, feed_limit: int = FEED_LIMIT, log_limit: int = LOG_LIMIT) -> Snapshot:
        """The engine's snapshot, with the session's log (injects and notes woven in)."""
        snap = take_snapshot(self.engine, feed_limit=feed_limit, log_limit=0, memo=self.memo)
        self._watch()  # a replay's jump plays on without `_play`
        self.logbook.catch_up(self.engine)
        book = self.logbook
        alert = next(iter(self.open_alerts), None)
        since = "" if alert is None else clock_label(self.engine.scenario.meta.start, alert.at)
        return dataclasses.replace(
            snap, log=book.recent(log_limit), log_count=len(book.lines), open_alert=since
        )


class ClockLike(Protocol):
    """A session's clock as the dashboard works it: a `Clock`, or a seat's hosted one."""

    paused: bool

    @property
    def running(self) -> bool: ...

    @property
    def speed(self) -> float: ...

    @property
    def speed_label(self) -> str: ...

    def toggle_pause(self) -> None: ...

    def faster(self) -> None: ...

    def slower(self) -> None: ...

    def hold(self) -> None: ...

    def release(self) -> None: ...


class GroupLike(Protocol):
    @property
    def label(self) -> str: ...

    @property
    def on_shift(self) -> int: ...


class EngineLike(Protocol):
    """What the dashboard reads of the engine besides its snapshot (to build an action)."""

    @property
    def scenario(self) -> Scenario: ...

    @property
    def seed(self) -> int: ...

    @property
    def now(self) -> float: ...

    @property
    def done(self) -> bool: ...

    @property
    def groups(self) -> Sequence[GroupLike]: ...

    @property
    def advocate_share(self) -> float: ...

    def top_topic(self, recent: int = 50) -> str | None: ...


class RunLike(Protocol):
    """A played run as the dashboard drives it: `PlayedRun` here, a hosted one on a seat."""

    @property
    def clock(self) -> ClockLike: ...

    @property
    def engine(self) -> EngineLike: ...

    @property
    def at_end(self) -> bool: ...

    def tick(self, elapsed: float) -> bool: ...

    def advance(self, minutes: float) -> None: ...

    def step(self) -> None: ...

    def view(self) -> Snapshot: ...

    def recorded(self) -> Engine: ...


class Session(Protocol):
    """What the dashboard drives: a played run, what may be done, and the one door in."""

    @property
    def run(self) -> RunLike: ...

    @property
    def capabilities(self) -> Capabilities: ...

    @property
    def title(self) -> str:
        """The window's title: what is on screen (a drill's name, a replay's run)."""
        ...

    def send(self, action: act.Action) -> Applied:
        """A person's action, applied now and recorded once."""
        ...

    def end(self) -> Ending:
        """Called once when the run reaches its end: what to show then."""
        ...
