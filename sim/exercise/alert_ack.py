"""Acknowledging spike alerts: each alert the run raised, and the team's answer to it.

A drill's `[spike_alert]` asks the team to acknowledge every spike alert within a time. The
alerts are the run's own (the scenario's rule on the run's counts, `sim.analysis.spikes`),
handed in as minutes: the room cannot know them in advance, so each alert opens its own
expectation when it is raised. One acknowledgement answers every alert raised up to it,
as a listening tool's "acknowledge" clears what is open.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime

from sim.engine.core import TimedAction
from sim.exercise.drill_file import Drill
from sim.exercise.evidence import clock_of
from sim.exercise.expectation import ExpectationResult, Status
from sim.model import actions as act
from sim.model.units import format_duration

ACTION = "acknowledge_alert"


def alert_results(
    drill: Drill,
    live: Sequence[TimedAction],
    alerts: Sequence[float],
    now: float,
    done: bool,
    start: datetime | None,
) -> tuple[ExpectationResult, ...]:
    """One expectation per alert (its minute), for a drill with `[spike_alert]`: answered by
    the first team acknowledgement at or after it."""
    spec = drill.spec.spike_alert
    if spec is None:
        return ()
    clock = clock_of(start)
    acks = sorted(
        (timed.at, k)
        for k, timed in enumerate(live)
        if isinstance(timed.action, act.AcknowledgeAlert)
    )
    out = []
    for n, at in enumerate(alerts, start=1):
        deadline = at + spec.acknowledge_within
        base = ExpectationResult(
            f"alert-{n}", f"Spike alert at {clock(at)}", ACTION, spec.description, at, deadline,
            "missed",
        )  # fmt: skip
        ack = next(((t, k) for t, k in acks if t >= at), None)
        if ack is not None:
            t, k = ack
            late_by = t - deadline if t > deadline else None
            how = f"acknowledged at {clock(t)}, {format_duration(t - at)} after the alert"
            if late_by is not None:
                how = f"acknowledged at {clock(t)}, {format_duration(late_by)} after the deadline"
            status: Status = "met" if late_by is None else "late"
            out.append(dataclasses.replace(
                base, status=status, evidence=live[k], evidence_index=k, late_by=late_by, how=how
            ))  # fmt: skip
        elif not done and now < deadline:
            how = f"deadline {clock(deadline)} still ahead"
            out.append(dataclasses.replace(base, status="pending", how=how))
        else:
            how = f"not acknowledged by the end (deadline {clock(deadline)})"
            out.append(dataclasses.replace(base, how=how))
    return tuple(out)
