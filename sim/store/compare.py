"""Did a replay reproduce its recording? The first difference, in words, or None.

A replay is only worth trusting if it shows it reproduced the recording: the summary and
every interval of the time series must match byte for byte.
"""

from __future__ import annotations

import json

from sim.engine.core import Engine
from sim.present.results import summary_json
from sim.store.runs import StoredRun, series_rows, to_json


def compare(stored: StoredRun, engine: Engine) -> str | None:
    """None if the replay reproduced the recording exactly, else the first difference."""
    recorded = stored.record.summary or {}
    if json.dumps(recorded, indent=2, sort_keys=True) + "\n" != summary_json(engine):
        now = engine.summary().as_dict()
        keys = sorted(set(recorded) | set(now))
        key = next(k for k in keys if to_json(recorded.get(k)) != to_json(now.get(k)))
        return f"summary {key}: recorded {recorded.get(key)!r}, replayed {now.get(key)!r}"
    rows = series_rows(engine)
    if len(rows) != len(stored.series):
        return f"{len(stored.series)} intervals recorded, {len(rows)} replayed"
    for i, (old, new) in enumerate(zip(stored.series, rows, strict=True)):
        if to_json(old) != to_json(new):
            keys = sorted(set(old) | set(new))
            key = next(k for k in keys if to_json(old.get(k)) != to_json(new.get(k)))
            return (
                f"interval {i} (from minute {old.get('t_start')}): {key} "
                f"recorded {old.get(key)!r}, replayed {new.get(key)!r}"
            )
    return None
