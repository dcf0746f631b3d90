"""Writing a run's results: summary JSON, time series CSV and per-mention CSV.

The three files are one set (`sim.present.fileset`): written into a temporary folder and
moved into place whole, so a crash, a kill or a full disk never leaves a half-written
result, nor a new summary beside an older run's mentions, where a script would read it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from sim.analysis.spikes import alert_rows
from sim.engine.core import Engine
from sim.engine.mentions import Mention
from sim.model.scenario import Scenario
from sim.present.fileset import write_file, write_set

MENTION_COLUMNS = (
    "id",
    "source",
    "arrived_min",
    "channel",
    "kind",
    "topic",
    "sentiment",
    "reach",
    "direct",
    "followup_of",
    "needs_response",
    "outcome",
    "response_min",
    "handled_by",
    "handle_min",
    "ended_min",
    "resolved_min",
)


def write_atomic(path: Path, text: str) -> None:
    """One file replaced atomically, with the user's usual permissions."""
    write_file(path, text)


def summary_json(engine: Engine, *, alerts: bool = False) -> str:
    """The `--json` summary: sorted keys, so the same run gives the same bytes. `alerts`:
    with the run's spike alerts (time, volume, expected, surge, lead time), as `run`
    prints and writes it."""
    summary = engine.summary().as_dict()
    if alerts:
        summary["alerts"] = alert_rows(engine)
    return json.dumps(summary, indent=2, sort_keys=True) + "\n"


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def series_csv(engine: Engine) -> str:
    rows = [iv.flat() for iv in engine.series]
    if not rows:
        return ""
    header = list(rows[0])
    return _csv(header, ([_fmt(r[k]) for k in header] for r in rows))


def mention_row(m: Mention) -> list[Any]:
    answered = m.t_start >= 0 and m.handled_by != ""
    return [
        m.id,
        m.source,
        _fmt(m.t),
        m.channel,
        m.kind,
        m.topic,
        _fmt(m.sentiment),
        m.reach,
        int(m.direct),
        m.followup_of if m.followup_of >= 0 else "",
        int(m.needs_response),
        m.outcome,
        _fmt(m.wait) if answered else "",
        m.handled_by,
        _fmt(m.handle) if m.handle else "",
        _fmt(m.t_end) if m.t_end >= 0 else "",
        _fmt(m.resolved_at) if m.resolved_at >= 0 else "",
    ]


def mentions_csv(engine: Engine) -> str:
    return _csv(MENTION_COLUMNS, (mention_row(m) for m in engine.mentions))


def _fmt(value: Any) -> Any:
    return round(value, 4) if isinstance(value, float) else value


def write_results(engine: Engine, out: Path) -> list[Path]:
    """Write summary.json, series.csv and mentions.csv into `out` as one set; their paths."""
    files = {
        "summary.json": summary_json(engine, alerts=True),
        "series.csv": series_csv(engine),
        "mentions.csv": mentions_csv(engine),
    }
    return write_set(out, files)


def results_folder(base: Path, scenario: Scenario, seed: int) -> Path:
    """`<base>/<scenario-name>-seed<N>`: one folder per scenario and seed, easy to find."""
    slug = re.sub(r"[^a-z0-9]+", "-", scenario.meta.name.lower()).strip("-") or "run"
    return base / f"{slug}-seed{seed}"


def save_results(engine: Engine, base: Path) -> tuple[bool, str]:
    """Write a run's results into its folder under `base`: whether it worked, and the line
    that tells the person where the files went or why they could not be written."""
    folder = results_folder(base, engine.scenario, engine.seed)
    try:
        paths = write_results(engine, folder)
    except OSError as exc:
        return False, f"cannot write to {folder} ({exc.strerror or exc})"
    return True, f"saved {len(paths)} files to {folder}/"
