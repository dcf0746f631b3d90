"""Evidence in words, and how long an action's effect lasts: what a score says it rests on.

Times read as the room's clock ("14:04") when the run's start is known, else as offsets
from the start ("+6.1h"), so a score taken from facts alone still reads.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime, timedelta

from sim.engine.core import TimedAction
from sim.exercise.drill_file import Expect
from sim.model import actions as act
from sim.model.units import format_duration


def holds_until(timed: TimedAction) -> float | None:
    """Until when an action's effect lasts; None for a change with no lasting effect to count.

    A statement runs its duration, agents or advocates added for a while run theirs, an
    FAQ once started stays under way and then published. A permanent staffing change or
    a protocol change before an inject is the situation the inject meets, not an answer.
    """
    a = timed.action
    if isinstance(a, act.HoldingStatement):
        return timed.at + a.duration
    if isinstance(a, act.AddAgents | act.MobilizeAdvocates) and a.duration:
        return timed.at + a.duration
    if isinstance(a, act.PublishFaq):
        return math.inf
    return None


def action_how(
    timed: TimedAction,
    inject_at: float,
    deadline: float,
    late_by: float | None,
    clock: Callable[[float], str],
) -> str:
    text = f"{act.describe(timed.action)} at {clock(timed.at)}"
    if timed.at < inject_at:
        until = holds_until(timed)
        lasting = (
            "still under way or published"
            if until is None or math.isinf(until)
            else f"still in force until {clock(until)}"
        )
        return f"{text}, {format_duration(inject_at - timed.at)} before the inject, {lasting}"
    if late_by is not None:
        return f"{text}, {format_duration(late_by)} after the deadline {clock(deadline)}"
    return f"{text}, {format_duration(timed.at - inject_at)} after the inject"


def missed_how(
    expect: Expect,
    deadline: float,
    clock: Callable[[float], str],
    earlier: TimedAction | None = None,
) -> str:
    """Why an expectation is missed. `earlier` is the last matching action taken before
    the inject: named, so a team that acted early does not read that it did nothing."""
    what = expect.action
    if expect.topic is not None:
        what += f" on {expect.topic}"
    if expect.role is not None:
        what += f" for {expect.role}"
    if earlier is None:
        return f"no {what} by the end (deadline {clock(deadline)})"
    until = holds_until(earlier)
    why = (
        "for good: the situation the inject met, not an answer"
        if until is None
        else f"and had ended at {clock(until)}"
    )
    return (
        f"no {what} after the inject (deadline {clock(deadline)}); "
        f"{act.describe(earlier.action)} at {clock(earlier.at)} came before it, {why}"
    )


def clock_of(start: datetime | None) -> Callable[[float], str]:
    """Minutes of the run as the room's clock ("14:04"), or as an offset ("+6.1h")."""
    if start is None:
        return lambda t: "+" + format_duration(t)
    return lambda t: f"{start + timedelta(minutes=t):%H:%M}"
