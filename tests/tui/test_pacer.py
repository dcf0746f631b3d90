"""The dashboard's clock: frames at fixed times, the simulation in slices with keys between
them, and each frame's simulation given what drawing leaves. Driven by a fake wall clock
and a fake app, so every figure is exact."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from sim.model.scenario import Scenario
from sim.session.clock import SPEEDS, Clock
from sim.session.live import LiveSession
from tui.pacer import FRAME, GAP, LOST, MAX_PLAY, MIN_PLAY, SLICE, Pacer


@dataclass
class Wall:
    now: float = 100.0

    def __call__(self) -> float:
        return self.now


@dataclass
class FakeApp:
    """Textual's side: timers and messages are queued here and run when the test says."""

    wall: Wall
    timers: list[tuple[float, Callable[[], object]]] = field(default_factory=list)
    messages: list[Callable[[], object]] = field(default_factory=list)
    after_refresh: list[Callable[[], object]] = field(default_factory=list)
    intervals: list[tuple[float, Callable[[], object]]] = field(default_factory=list)
    is_running: bool = True

    def set_timer(self, delay: float, callback: Callable[[], object], *, name: str) -> None:
        self.timers.append((self.wall.now + delay, callback))

    def call_later(self, callback: Callable[[], object]) -> bool:
        self.messages.append(callback)
        return True

    def call_after_refresh(self, callback: Callable[..., object], *args: object) -> bool:
        self.after_refresh.append(functools.partial(callback, *args))
        return True

    def set_interval(self, every: float, callback: Callable[[], object], *, name: str) -> None:
        self.intervals.append((every, callback))


class SlowClock(Clock):
    """Each interval of simulation takes `cost` wall seconds on the fake wall."""

    def __init__(self, wall: Wall, cost: float) -> None:
        super().__init__(speed_index=len(SPEEDS) - 1, timer=wall)
        self.wall, self.cost = wall, cost

    def tick(self, elapsed, now, play_to, **kwargs) -> bool:
        def costly(t: float) -> None:
            self.wall.now += self.cost
            play_to(t)

        return super().tick(elapsed, now, costly, **kwargs)


def pacer_on(scenario: Scenario, wall: Wall, cost: float, drawing: float):
    session = LiveSession.start(scenario, clock=SlowClock(wall, cost))
    app = FakeApp(wall)
    drawn: list[float] = []

    def draw() -> None:
        drawn.append(wall.now)
        wall.now += drawing

    pacer = Pacer(app, lambda: session.run, draw, wall)  # type: ignore[arg-type]
    return pacer, app, session, drawn


def run_frame(app: FakeApp, wall: Wall, paint: float = 0.0) -> int:
    """Fire the next timer and everything it sends; returns the slices played."""
    due, begin = app.timers.pop(0)
    wall.now = max(wall.now, due)
    begin()
    slices = 1
    while app.messages:
        app.messages.pop(0)()
        slices += 1
    wall.now += paint
    while app.after_refresh:
        app.after_refresh.pop(0)()
    return slices


def test_a_frame_plays_in_slices_with_keys_between_and_draws_once(recall):
    wall = Wall()
    pacer, app, session, drawn = pacer_on(recall, wall, cost=0.004, drawing=0.005)
    pacer.start()
    began = wall.now
    slices = run_frame(app, wall, paint=0.010)
    assert len(drawn) == 1  # one snapshot a frame
    play = FRAME - GAP - 0.02  # the first frame's estimate of drawing
    assert slices == pytest.approx(play / SLICE, abs=1.5)  # many slices, each a message
    assert session.run.engine.now > 0
    assert session.run.clock.budget <= SLICE
    assert drawn[0] - (began + FRAME) <= play + 0.004 + 1e-9  # the simulation kept its bound


def test_frames_keep_their_times_and_the_simulation_gets_what_drawing_leaves(recall):
    wall = Wall()
    pacer, app, _, _ = pacer_on(recall, wall, cost=0.004, drawing=0.010)
    pacer.start()
    starts = []
    for _ in range(12):
        starts.append(app.timers[0][0])
        run_frame(app, wall, paint=0.020)
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert gaps == pytest.approx([FRAME] * len(gaps))  # on their times, none drifting
    assert pacer.drawing == pytest.approx(0.030, rel=0.1)  # snapshot and panels, then paint
    assert pacer.play == pytest.approx(FRAME - GAP - pacer.drawing)


def test_slow_drawing_leaves_the_run_its_least_and_fast_drawing_its_most(recall):
    wall = Wall()
    pacer, _, _, _ = pacer_on(recall, wall, cost=0.004, drawing=0.0)
    pacer.drawing = 0.5
    assert pacer.play == MIN_PLAY
    pacer.drawing = 0.0
    assert pacer.play == MAX_PLAY


def test_a_paused_run_draws_nothing_but_the_clock_keeps_ticking(recall):
    wall = Wall()
    pacer, app, session, drawn = pacer_on(recall, wall, cost=0.004, drawing=0.005)
    session.run.clock.paused = True
    pacer.start()
    for _ in range(3):
        assert run_frame(app, wall) == 1
    assert drawn == [] and session.run.engine.now == 0
    assert len(app.timers) == 1  # the next frame is booked


def test_on_the_cpu_clock_drawing_counts_the_screen_composed_after_the_refresh(recall):
    """Textual composes and writes the screen after the refresh a wall clock sees: frames
    ran late because that work was not left for. With the process's CPU clock, all the
    CPU a frame takes beside its simulation is drawing's cost."""
    wall = Wall()
    idle = [0.0]
    pacer, app, _, _ = pacer_on(recall, wall, cost=0.004, drawing=0.005)
    pacer.cpu = lambda: wall.now - idle[0]  # the process's CPU: its wall time less its waits
    pacer.start()
    for _ in range(12):
        idle[0] += max(0.0, app.timers[0][0] - wall.now)
        run_frame(app, wall, paint=0.010)
        wall.now += 0.015  # composing and writing the screen
    assert pacer.drawing == pytest.approx(0.030, rel=0.1)
    assert pacer.play == pytest.approx(FRAME - GAP - 0.030, rel=0.2)


def test_on_a_busy_machine_the_run_gives_up_what_other_processes_take(recall):
    """Other processes hold the cores while the screen is written: the frame's CPU stays
    the same but it overruns its slot. What it overran by is drawing's cost too, so the
    run plays less and the frames come back to their times (twelve a second)."""
    wall = Wall()
    idle = [0.0]
    pacer, app, _, _ = pacer_on(recall, wall, cost=0.004, drawing=0.005)
    pacer.cpu = lambda: wall.now - idle[0]
    pacer.start()
    starts = []
    for _ in range(40):
        idle[0] += max(0.0, app.timers[0][0] - wall.now)
        starts.append(max(wall.now, app.timers[0][0]))
        run_frame(app, wall, paint=0.010)
        wall.now += 0.015  # composing and writing the screen, on this process's CPU
        wall.now += 0.030  # another process has the core meanwhile
        idle[0] += 0.030
    late = [b - a for a, b in itertools.pairwise(starts[-10:])]
    assert late == pytest.approx([FRAME] * len(late), abs=0.004)  # back on their times
    assert pacer.play + 0.030 + 0.030 <= FRAME + 0.004  # the frame fits its slot
    assert pacer.play < FRAME - GAP - 0.030  # less than the CPU alone would leave it


def test_a_frame_whose_paint_never_comes_still_books_the_next(recall):
    """Textual drops an after-refresh callback when the screen it went to closes first: a
    briefing dismissed by a key pressed during start-up left the clock standing for good
    while the header said "running" (trial 3). The watch books the next frame."""
    wall = Wall()
    pacer, app, session, drawn = pacer_on(recall, wall, cost=0.004, drawing=0.005)
    pacer.start()
    ((every, watch),) = app.intervals
    assert every == LOST
    due, begin = app.timers.pop(0)
    wall.now = due
    begin()
    while app.messages:
        app.messages.pop(0)()
    app.after_refresh.clear()  # the screen closed before it refreshed: the paint is lost
    assert not app.timers  # nothing booked: without the watch the clock stands still
    wall.now += LOST / 2
    watch()
    assert not app.timers  # not yet: the paint may still come
    wall.now += LOST
    watch()
    assert len(app.timers) == 1
    before = session.run.engine.now
    run_frame(app, wall)
    assert session.run.engine.now > before and len(drawn) == 2
    watch()
    assert len(app.timers) == 1  # painted: the watch books nothing more
