"""What a drill objective can measure on a run: the summary's fields and one of its own.

The names live apart from scoring because the drill file's model checks an objective's
`metric` against them, and scoring in turn reads the drill file: one list, no cycle.
"""

from __future__ import annotations

import dataclasses
import math
from typing import TYPE_CHECKING

from sim.engine.mentions import INFLUENCER_REACH
from sim.engine.metrics import Summary

if TYPE_CHECKING:
    from sim.engine.core import Engine

INFLUENCER_METRIC = "first_response_influencer_min"
_NUMBERS = {"int", "float", "float | None"}
_SUMMARY_METRICS = tuple(
    f.name
    for f in dataclasses.fields(Summary)
    if f.name not in {"scenario", "seed"} and str(f.type) in _NUMBERS  # not the tables
)
METRICS: tuple[str, ...] = (*_SUMMARY_METRICS, INFLUENCER_METRIC)


def summary_value(summary: Summary, metric: str) -> float | None:
    """A summary field as an objective reads it; None for NaN (nothing of that sort arrived)
    or for a figure the run never reached (`backlog_cleared_min` of a backlog never cleared),
    which fails the objective as "nothing to measure"."""
    raw = getattr(summary, metric)
    if raw is None:
        return None
    value = float(raw)
    return None if math.isnan(value) else value


def measure(metric: str, engine: Engine, summary: Summary | None = None) -> float | None:
    """An objective's metric on a run; None when there is nothing to measure."""
    if metric == INFLUENCER_METRIC:
        return influencer_first_response(engine)
    return summary_value(summary or engine.summary(), metric)


def influencer_first_response(engine: Engine) -> float | None:
    """Mean time to the staff's first response on posts needing one from authors who reach
    10,000 or more; one the staff have not picked up counts the time it has waited so far
    (to the end of the run, or to now in a live score).

    Averaging only the answered ones rewarded a team that never answered the hardest post:
    a late answer raised the mean, silence left it out. Posts the advocates answered are
    left out: neither the staff's wait nor a silence."""
    now = engine.now
    waits = [
        (m.t_start if m.t_start >= 0 else now) - m.t
        for m in engine.influential
        if m.reach >= INFLUENCER_REACH
        and m.t >= engine.warmup
        and m.needs_response
        and m.handled_by != "advocate"
    ]
    return sum(waits) / len(waits) if waits else None
