"""Did a replay reproduce its recording? The first difference, in words, or None.

A replay is only worth trusting if it shows it reproduced the recording, so every replay
(`surgedesk replay`, the dashboard's, the tests') checks itself the same way: the summary
as `--json` writes it, then each stored interval of the time series.
"""

from __future__ import annotations

import json
from typing import Any

from sim.engine.core import Engine
from sim.engine.version import ENGINE_VERSION
from sim.store.recorded import RecordedRun
from sim.store.stored import StoredRun, series_rows, to_json


def _first_key(old: dict[str, Any], new: dict[str, Any]) -> str:
    keys = sorted(set(old) | set(new))
    return next(k for k in keys if to_json(old.get(k)) != to_json(new.get(k)))


OLDER_RULES = (
    "recorded under the engine's earlier rules, where a post left the queue when its author "
    "gave up; this version keeps it answerable, so it cannot reproduce this run exactly"
)


def other_engine(engine: int) -> str:
    """Why a run stored by engine version `engine` (not this one) cannot be replayed exactly."""
    return (
        f"recorded by engine version {engine}; this is version {ENGINE_VERSION}, whose results "
        "may differ in the last digits, so it cannot reproduce this run exactly"
    )


def recorded_under_older_rules(summary: dict[str, Any] | None) -> bool:
    """Was this summary written before posts stayed after their authors gave up?

    Summaries gained `by_channel` with that change, so its absence dates the run.
    """
    return bool(summary) and "by_channel" not in (summary or {})


def compare(recorded: RecordedRun | StoredRun, engine: Engine) -> str | None:
    """None if the replay reproduced the recording exactly, else the first difference
    (or, for a run recorded under the engine's earlier rules, that it cannot)."""
    summary = recorded.record.summary or {}
    if recorded_under_older_rules(summary):
        return OLDER_RULES
    if recorded.record.engine != ENGINE_VERSION:
        return other_engine(recorded.record.engine)
    now = engine.summary().as_dict()
    if json.dumps(summary, sort_keys=True) != json.dumps(now, sort_keys=True):
        key = _first_key(summary, now)
        return f"summary {key}: recorded {summary.get(key)!r}, replayed {now.get(key)!r}"
    rows = series_rows(engine)
    if len(rows) != len(recorded.series):
        return f"{len(recorded.series)} intervals recorded, {len(rows)} replayed"
    for i, (old, new) in enumerate(zip(recorded.series, rows, strict=True)):
        if to_json(old) != to_json(new):
            key = _first_key(old, new)
            return (
                f"interval {i} (from minute {old.get('t_start')}): {key} "
                f"recorded {old.get(key)!r}, replayed {new.get(key)!r}"
            )
    return None


__all__ = ["OLDER_RULES", "compare", "other_engine", "recorded_under_older_rules"]
