"""The dashboard's clock: a frame every FRAME seconds, the simulation played in short slices
between which keys are answered, and each frame's simulation given what drawing leaves.

A frame plays simulated time, takes one snapshot and updates the panels; Textual then
paints. Three rules keep it steady and the keys quick at top speed:

- Frames are booked at fixed times (the last one's due time plus FRAME), so a late timer
  or a slow paint does not push every later frame back: the rate stays at 1 / FRAME.
- The simulation plays in slices of at most SLICE wall seconds, each a message of its own:
  a key pressed meanwhile waits one slice, not a whole frame, before it is handled.
- A frame's simulation gets FRAME less what the last frames' drawing and painting took
  (and GAP for keys), between MIN_PLAY and MAX_PLAY: on a slow or busy machine the run
  plays less per frame rather than the dashboard drawing less often. In the app that cost
  is the CPU a frame took beside its simulation (the screen is composed and written after
  the refresh a wall clock can see), plus any time the frame overran its slot (on a busy
  machine the cores are shared, and CPU time alone would leave every frame late).

The next frame is booked once the last one has painted. Textual keeps an after-refresh
callback with the screen on top when it was asked for, and drops it if that screen closes
first (a briefing dismissed by a key pressed during start-up did so, and the clock stood
still for good while the header said "running"), so a watch every LOST seconds books it
for a frame whose paint was never reported.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from textual.app import App

from sim.session.clock import Clock
from sim.session.run import RunLike

# Seconds from one frame's start to the next: 12 Hz, so that a frame or two late on a busy
# machine still leaves ten a second (10 Hz is smooth enough for a queue, and was the rate).
FRAME = 1 / 12
SLICE = 0.012  # wall seconds of simulation between two looks at the keys
GAP = 0.015  # of each frame, kept free for keys and anything else the app must do
MIN_PLAY = 0.01  # simulation per frame however long drawing takes, so the run moves
MAX_PLAY = 0.06  # and at most this, so a quiet machine still answers keys between frames
SMOOTH = 0.3  # weight of the newest frame in the running estimate of drawing's cost
LOST = 0.5  # seconds between looks for a frame whose paint was never reported


class Pacer:
    """Books frames, plays each in slices, then draws; learns what drawing costs."""

    def __init__(
        self,
        app: App[Any],
        run: Callable[[], RunLike],
        draw: Callable[[], None],
        wall: Callable[[], float] = time.perf_counter,
        cpu: Callable[[], float] | None = None,
    ) -> None:
        self.app, self.run, self.draw = app, run, draw
        self.wall = wall
        # With the process's CPU clock, drawing's cost is learnt as all the CPU a frame took
        # beside its simulation: Textual composes and writes the screen after the refresh
        # the wall clock sees, and that work too comes out of the frame.
        self.cpu = cpu
        self._cpu_mark: float | None = None
        self._played = 0.0  # CPU seconds of simulation in the current frame
        self.last = wall()  # the wall time played up to: the next slice plays from here
        self.due = 0.0  # when the current frame was due to begin
        self.drawing = 0.02  # running estimate of a frame's snapshot, panels and paint
        self._play_left = 0.0
        self._moved = False
        self._drawn_at = 0.0
        self._frame = 0  # the frame drawn last, until its paint books the next
        self._painting: int | None = None

    def start(self) -> None:
        self.skip()
        self.due = self.wall()
        self._book(FRAME)
        self.app.set_interval(LOST, self._watch, name="lost frames")

    def skip(self) -> None:
        """Time until now is not time to catch up (after a pause, a dialog, a restart)."""
        self.last = self.wall()

    @property
    def play(self) -> float:
        """Wall seconds of simulation the next frame may take."""
        return min(MAX_PLAY, max(MIN_PLAY, FRAME - GAP - self.drawing))

    def _book(self, delay: float) -> None:
        self.app.set_timer(
            max(0.001, delay), self._begin, name="clock"
        )  # (0: Textual divides by it)

    def _begin(self) -> None:
        if not self.app.is_running:
            return
        due, now = self.due + FRAME, self.wall()
        late = min(FRAME, max(0.0, now - due))  # what the last frame overran its time by
        self.due = due if now - due < FRAME else now  # a frame behind: start afresh from now
        if self.cpu is not None:
            used = self.cpu()
            if self._cpu_mark is not None and self._moved:
                # The CPU the frame took beside its simulation, and the time it overran: on
                # a busy machine other processes hold the cores and the CPU says too little.
                self._learn(used - self._cpu_mark - self._played + late)
            self._cpu_mark, self._played = used, 0.0
        self._play_left, self._moved = self.play, False
        self._slice()

    def _slice(self) -> None:
        """Play one slice; another is sent as a message (keys first), or the frame draws."""
        if not self.app.is_running:
            return
        run = self.run()
        clock = run.clock
        budget = min(SLICE, self._play_left)
        sliced = isinstance(clock, Clock)  # a seat's hosted clock is played by its host
        if isinstance(clock, Clock):
            clock.budget = budget
        began = self.wall()
        cpu_began = self.cpu() if self.cpu is not None else 0.0
        elapsed, self.last = began - self.last, began
        self._moved |= run.tick(elapsed)
        spent = self.wall() - began
        self._play_left -= spent
        if self.cpu is not None:
            self._played += self.cpu() - cpu_began
        if sliced and self._moved and spent >= budget and self._play_left > 0.002:
            self.app.call_later(self._slice)  # the slice used its budget: more to play
            return
        self._draw()

    def _draw(self) -> None:
        began = self.wall()
        if self._moved:
            self.draw()
        self._drawn_at = began
        self._frame += 1
        self._painting = frame = self._frame
        self.app.call_after_refresh(self._painted, frame)

    def _watch(self) -> None:
        """Book the next frame for one drawn LOST seconds ago whose paint never came."""
        frame = self._painting
        if frame is not None and self.wall() - self._drawn_at >= LOST:
            self._painting = None
            self._book(0.0)

    def _painted(self, frame: int) -> None:
        """The frame is on screen: learn its drawing's cost and book the next frame."""
        if self._painting != frame:
            return  # a late paint of a frame the watch has booked past
        self._painting = None
        now = self.wall()
        if self._moved and self.cpu is None:
            self._learn(now - self._drawn_at)
        self._book(self.due + FRAME - now)

    def _learn(self, cost: float) -> None:
        self.drawing += SMOOTH * (cost - self.drawing)
