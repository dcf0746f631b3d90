"""A run's results on the terminal and on disk: the one summary table, and `--out` files.

`run`, `replay` and the dashboard's summary screen all print a run this one way.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli.common import UsageError

if TYPE_CHECKING:  # Rich is imported where a table is drawn: `--json` draws none
    from rich.console import Console
    from rich.table import Table

    from sim.engine.core import Engine


def emit(engine: Engine, as_json: bool, out_dir: Path | None, out: Console) -> None:
    """A run's summary (table or JSON) and, with `--out`, its files."""
    from sim.present.results import summary_json, write_results

    if as_json:
        sys.stdout.write(summary_json(engine, alerts=True))
    else:
        summary = engine.summary().as_dict()
        out.print(summary_table(summary))
        if summary["by_channel"]:
            out.print(channel_summary_table(summary["by_channel"]))
        out.print(alerts_table(engine))
    if out_dir is not None:
        try:
            paths = write_results(engine, out_dir)
        except OSError as exc:
            raise UsageError(f"--out: cannot write to {out_dir} ({exc.strerror})") from None
        if not as_json:
            out.print(f"wrote {', '.join(str(p) for p in paths)}", markup=False)


def summary_table(summary: dict[str, object]) -> Table:
    from rich.markup import escape
    from rich.table import Table

    from sim.present.format import expected_count, pct

    # The scenario's name is the user's text: printed as written, never read as markup.
    title = escape(f"{summary['scenario']} · seed {summary['seed']}")
    table = Table(title=title, show_header=False)
    table.add_column("figure", style="bold")
    table.add_column("value", justify="right")
    rows: list[tuple[str, str]] = [
        ("mentions", f"{summary['mentions']:,}"),
        ("needing a response", f"{summary['needs_response']:,}"),
        ("answered in SLA", f"{summary['answered_in_sla']:,}"),
        ("answered late", f"{summary['late']:,}"),
        ("missed", f"{summary['missed']:,}"),
        ("  of them answered later", f"{summary.get('missed_answered_later', 0):,}"),
        ("dropped (hung up, stale)", f"{summary.get('dropped', 0):,}"),
        ("still waiting at the end", f"{summary.get('open_at_end', summary['open']):,}"),
        ("service level", pct(summary["service_level"])),
        ("missed rate", pct(summary["missed_rate"])),
        ("mean response", _minutes(summary["mean_response_min"])),
        ("90th percentile response", _minutes(summary["p90_response_min"])),
        ("peak queue", f"{summary['peak_queue']:,}"),
        ("caught up, from the peak", _caught_up(summary)),
        ("occupancy", pct(summary["occupancy"])),
    ]
    extras = [
        ("answered by advocates", "advocate_answered"),
        ("advocate answers corrected", "advocate_corrections"),
        ("deflected (FAQ, statement)", "faq_deflected"),
        ("follow-ups", "followups"),
        ("unseen (listening)", "unseen"),
        ("resolved offline", "offline_resolved"),
    ]
    rows += [(label, f"{summary[key]:,}") for label, key in extras if summary.get(key)]
    if summary.get("offline_resolved"):
        rows.append(("mean time to resolution", _minutes(summary["mean_resolution_min"])))
    rows.append(("customers at risk", expected_count(summary["customers_at_risk"])))
    for label, value in rows:
        table.add_row(label, value)
    return table


def channel_summary_table(by_channel: dict[str, dict[str, object]]) -> Table:
    """The summary's `by_channel`: a pooled figure hides the channel that is failing."""
    from rich.table import Table

    from sim.present.format import number, pct

    table = Table(title="by channel")
    for name in ("channel", "needing", "in SLA", "late", "missed", "missed rate", "mean response"):
        table.add_column(name, justify="left" if name == "channel" else "right")
    for channel, row in by_channel.items():
        table.add_row(
            channel,
            number(row["needs_response"]),
            pct(row["service_level"]),
            number(row["late"]),
            number(row["missed"]),
            pct(row["missed_rate"]),
            _minutes(row["mean_response_min"]),
        )
    return table


def alerts_table(engine: Engine) -> Table | str:
    """The spike alerts the scenario's rule raised, and the surge each announced."""
    from rich.markup import escape
    from rich.table import Table

    from sim.analysis.spikes import alert_rows
    from sim.model.units import format_duration

    rows = alert_rows(engine)
    if not rows:
        return "spike alerts: none"
    table = Table(title="spike alerts")
    for name in ("time", "volume", "expected", "surge", "lead time"):
        table.add_column(name, justify="right" if name in {"volume", "expected"} else "left")
    for r in rows:
        lead = "false alert" if r["lead_min"] is None else format_duration(r["lead_min"])
        surge = escape(r["surge"] or "–")
        table.add_row(r["time"], f"{r['volume']:,.0f}", f"{r['expected']:,.0f}", surge, lead)
    return table


def _caught_up(summary: dict[str, object]) -> str:
    """`backlog_cleared_min` in words: a stored run from before it has no such figure."""
    if "backlog_cleared_min" not in summary:
        return _minutes(None)
    value = summary["backlog_cleared_min"]
    return "not by the end" if value is None else _minutes(value)


def _minutes(value: object) -> str:
    if value is None:
        return "–"
    v = float(value)  # type: ignore[arg-type]
    return "∞" if math.isinf(v) else f"{v:.1f} min"
