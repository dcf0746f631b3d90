"""Who is on shift: each group's scheduled staffing, moved by the actions' adds and removes.

A group's target is its shift plan at this minute plus what actions added or removed
(`Group.delta`), so a shift change keeps a surge rota's extra agents, and an action that
lasts a while gives its agents back when it ends.
"""

from __future__ import annotations

from collections.abc import Callable

from sim.engine.clock import Clock
from sim.engine.team import Group


class Rota:
    """The shift plans of a team's groups, applied at their change points."""

    def __init__(
        self,
        groups: list[Group],
        clock: Clock,
        start_minute_of_day: int,
        resize: Callable[[Group, int], None],
    ) -> None:
        self.groups = groups
        self.clock = clock
        self.start_minute_of_day = start_minute_of_day
        self._resize = resize

    def start(self) -> None:
        """Staff every group now and at each of its shift changes."""
        for group in self.groups:
            self.staff(group)
            for t in group.spec.change_points(self.clock.duration, self.start_minute_of_day):
                self.clock.at(t, self.staff, group)

    def target(self, group: Group) -> int:
        return group.spec.staffed(self.clock.now, self.start_minute_of_day) + group.delta

    def staff(self, group: Group) -> None:
        before = group.on_shift
        self._resize(group, self.target(group))
        after = group.on_shift
        if after != before and self.clock.now > 0:
            self.clock.say("shift", f"{group.label}: {before} → {after} agents on shift")

    def adjust(self, role: str, delta: int, duration: float | None) -> None:
        """Add (or, negative, remove) agents of `role`, for `duration` minutes or for good.

        A removal takes at most the agents on shift: removing 50 from a team of 4 sends 4
        home, not 4 and a debt of 46 that would swallow the next call for cover.
        """
        group = next((g for g in self.groups if g.label == role), None)
        if group is None:
            return
        delta = max(delta, -max(0, self.target(group)))
        group.delta += delta
        self._resize(group, self.target(group))
        if duration:
            self.clock.at(self.clock.now + duration, self._undo, group, delta)

    def _undo(self, group: Group, delta: int) -> None:
        group.delta -= delta
        self.staff(group)
