"""The after-action report: what happened in a stored run or drill, and what it means.

Exercise doctrine ends a drill with a hotwash and an after-action report: the inject
timeline next to what the team did, the evaluators' notes tied to injects, whether each
expected response came in time, and what timing cost. This module makes that report from
the run store alone, as Markdown (for the improvement plan) and as one self-contained HTML
file (inline CSS and SVG, no network), so it can be mailed or archived as it is.

Per-mention figures (response times by channel, the missed big accounts) are not stored;
the run is replayed from its scenario data, seed and live actions, which is exact, so the
report shows what the players saw.

Everything shown that came from outside this module (mention texts, notes, inject titles,
scenario names) goes through `html.escape` in the HTML and `_md` in the Markdown.
"""

from __future__ import annotations

import dataclasses
import html
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from sim.engine.core import Engine, TimedAction
from sim.engine.mentions import Mention, State
from sim.engine.replay import replay
from sim.exercise.build import BuiltDrill
from sim.exercise.counterfactual import Counterfactual, counterfactual
from sim.exercise.drill_file import Drill
from sim.exercise.loading import parse_drill
from sim.exercise.scoring import LATE_CREDIT, Score, score
from sim.model import actions as act
from sim.model.scenario import Scenario
from sim.model.units import format_duration
from sim.present.results import write_atomic
from sim.present.text import mention_text
from sim.store.runs import StoredRun, replay_end, stored_scenario

MISSED_SHOWN = 10  # missed high-reach mentions quoted in the report
TABLE_ROWS = 48  # most rows of the queue-over-time table in the Markdown


@dataclass(frozen=True)
class TimelineItem:
    t: float
    what: str  # "inject", "team", "script", "note", "surge", "faq", ...
    text: str
    detail: str = ""
    inject_id: str = ""


@dataclass(frozen=True)
class ChannelTimes:
    channel: str
    answered: int
    in_sla: int
    missed: int
    p10: float
    p25: float
    median: float
    p75: float
    p90: float


@dataclass(frozen=True)
class QuotedMention:
    t: float
    channel: str
    kind: str
    reach: int
    handle: str
    text: str


@dataclass(frozen=True)
class Note:
    t: float
    source: str
    text: str
    inject_id: str


@dataclass
class ReportData:
    """Everything the two renderings show, gathered once."""

    run: StoredRun
    scenario: Scenario
    live: list[TimedAction]
    engine: Engine
    summary: dict[str, Any]
    series: list[dict[str, Any]]
    drill: Drill | None = None
    score: Score | None = None
    counterfactual: Counterfactual | None = None
    timeline: list[TimelineItem] = field(default_factory=list)
    channels: list[ChannelTimes] = field(default_factory=list)
    missed_big: list[QuotedMention] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    @property
    def start(self) -> datetime:
        return self.scenario.meta.start

    @property
    def end(self) -> float:
        return self.engine.now


@dataclass(frozen=True)
class Report:
    markdown: str
    html: str


# ---------------------------------------------------------------------- gathering


def live_actions(
    run: StoredRun, scenario: Scenario, sources: set[str] | None = None
) -> list[TimedAction]:
    """The run's "action" events as timed actions (what `RunStore.live_actions` returns),
    optionally only those from some sources ("key" is the team; "controller" the trainer)."""
    live = []
    for event in run.events:
        if event.type != "action" or (sources is not None and event.source not in sources):
            continue
        params = dict(event.payload)
        name = str(params.pop("action", ""))
        live.append(TimedAction(event.t_sim, act.action_from_params(name, params, scenario)))
    return live


def gather(
    run: StoredRun, drill: Drill | None = None, live: Sequence[TimedAction] | None = None
) -> ReportData:
    """Replay the run (exactly) and collect what the report shows."""
    scenario = stored_scenario(run)
    actions = list(live) if live is not None else live_actions(run, scenario)
    # The team is scored on its own responses; a controller's live injects changed the run
    # but answer nothing.
    controller = [] if live is not None else live_actions(run, scenario, {"controller"})
    team = actions if live is not None else live_actions(run, scenario, {"key", "script"})
    engine = replay(scenario, run.record.seed, actions, replay_end(run))
    if drill is None and run.record.kind == "drill" and run.drill_text:
        drill = parse_drill(run.drill_text, f"run {run.record.id} drill")
    summary = run.record.summary or engine.summary().as_dict()
    series = run.series or [iv.flat() for iv in engine.series]
    data = ReportData(run, scenario, actions, engine, summary, series, drill)
    if drill is not None:
        built = BuiltDrill(
            scenario,
            run.scenario_data,
            run.record.seed,
            run.scenario_text,
            run.scenario_source,
            drill,
        )
        data.score = score(drill, engine, team)
        data.counterfactual = counterfactual(built, team, data.score, fixed=controller)
    data.timeline = _timeline(run, drill, engine, actions)
    data.channels = _channel_times(engine)
    data.missed_big = _missed_big(engine)
    data.notes = [
        Note(
            e.t_sim, e.source, str(e.payload.get("text", "")), str(e.payload.get("inject_id") or "")
        )
        for e in run.events
        if e.type == "note"
    ]
    return data


def _same_action(live: TimedAction, t: float, logged: act.Action) -> bool:
    """Is this log entry that live action? The log holds it with "the top topic" resolved."""
    if round(live.at, 6) != round(t, 6) or type(live.action) is not type(logged):
        return False
    if live.action == logged:
        return True
    sent = live.action
    if isinstance(sent, act.PublishFaq | act.HoldingStatement) and sent.topic is None:
        return dataclasses.replace(sent, topic=getattr(logged, "topic", None)) == logged
    return False


def _timeline(
    run: StoredRun, drill: Drill | None, engine: Engine, live: Sequence[TimedAction]
) -> list[TimelineItem]:
    items: list[TimelineItem] = []
    end = engine.now
    drill_ids: set[str] = set()
    if drill is not None:
        for inj in drill.injects:
            drill_ids.add(inj.id)
            if inj.at <= end:
                detail = f"{inj.kind}: {inj.message}" if inj.message else inj.kind
                items.append(TimelineItem(inj.at, "inject", inj.title, detail, inj.id))
    unclaimed = list(live)
    for entry in engine.log:
        if entry.kind == "action" and entry.action is not None:
            mine = next((t for t in unclaimed if _same_action(t, entry.t, entry.action)), None)
            if mine is not None:
                unclaimed.remove(mine)
            items.append(TimelineItem(entry.t, "team" if mine else "script", entry.text))
        else:
            items.append(TimelineItem(entry.t, entry.kind, entry.text))
    for event in run.events:
        if event.type == "note":
            items.append(
                TimelineItem(
                    event.t_sim, "note", str(event.payload.get("text", "")),
                    f"by {event.source}", str(event.payload.get("inject_id") or ""),
                )
            )  # fmt: skip
        elif event.type == "inject":
            inject_id = str(event.payload.get("inject_id") or event.payload.get("id") or "")
            if inject_id in drill_ids:
                continue  # the drill's own inject, already listed with its title
            text = str(event.payload.get("title") or event.payload.get("text") or "")
            text = text or ", ".join(f"{k}={v}" for k, v in event.payload.items())
            detail = str(event.payload.get("message", ""))
            items.append(TimelineItem(event.t_sim, "inject", text, detail, inject_id))
    order = {"inject": 0, "script": 1, "team": 2, "note": 3}
    items.sort(key=lambda i: (i.t, order.get(i.what, 4)))
    return items


def _answered(m: Mention) -> bool:
    return m.t_start >= 0 and m.handled_by not in ("", "advocate")


def _channel_times(engine: Engine) -> list[ChannelTimes]:
    waits: dict[str, list[float]] = {}
    in_sla: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    for m in engine.mentions:
        if m.t < engine.warmup:
            continue
        if _answered(m):
            waits.setdefault(m.channel, []).append(m.wait)
            in_sla[m.channel] += m.in_sla
        elif m.state is State.MISSED:
            missed[m.channel] += 1
    out = []
    for channel in sorted(set(waits) | set(missed)):
        w = np.array(waits.get(channel, []), dtype=np.float64)
        q = np.quantile(w, [0.1, 0.25, 0.5, 0.75, 0.9]) if w.size else [math.nan] * 5
        out.append(
            ChannelTimes(
                channel, int(w.size), in_sla[channel], missed[channel],
                *(float(x) for x in q),
            )
        )  # fmt: skip
    return out


def _missed_big(engine: Engine) -> list[QuotedMention]:
    missed = [m for m in engine.mentions if m.state is State.MISSED and m.t >= engine.warmup]
    missed.sort(key=lambda m: (-m.reach, m.t))
    brand = engine.scenario.meta.brand
    out = []
    for m in missed[:MISSED_SHOWN]:
        words = mention_text(
            m.id, engine.seed, m.channel, m.kind, m.topic, m.sentiment, brand, m.reach
        )
        out.append(QuotedMention(m.t, m.channel, m.kind, m.reach, words.handle, words.text))
    return out


# ---------------------------------------------------------------------- formatting


def _clock(data: ReportData, t: float) -> str:
    from sim.present.snapshot import clock_label

    return f"{clock_label(data.start, t)} (+{format_duration(t)})"


def _pct(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{float(value):.1%}"


def _min(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return format_duration(float(value))


def _num(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


_FIGURES: tuple[tuple[str, str, str], ...] = (
    ("mentions", "mentions", "n"),
    ("needing a response", "needs_response", "n"),
    ("answered in SLA", "answered_in_sla", "n"),
    ("answered late", "late", "n"),
    ("missed", "missed", "n"),
    ("service level", "service_level", "%"),
    ("missed rate", "missed_rate", "%"),
    ("mean response", "mean_response_min", "min"),
    ("90th percentile response", "p90_response_min", "min"),
    ("peak queue", "peak_queue", "n"),
    ("answered by advocates", "advocate_answered", "n"),
    ("deflected (FAQ, statement)", "faq_deflected", "n"),
    ("follow-ups", "followups", "n"),
    ("customers at risk", "customers_at_risk", "n"),
    ("occupancy", "occupancy", "%"),
)


def _figure(summary: dict[str, Any], key: str, unit: str) -> str:
    value = summary.get(key)
    return _pct(value) if unit == "%" else _min(value) if unit == "min" else _num(value)


def _metric_value(metric: str, value: float | None) -> str:
    if value is None:
        return "nothing to measure"
    if metric.endswith("_rate") or metric in {"service_level", "occupancy"}:
        return _pct(value)
    if metric.endswith("_min"):
        return _min(value)
    return _num(value)


_STATUS_WORDS = {"met": "met", "late": "late", "missed": "missed", "pending": "pending"}

FORMULA = (
    f"Overall score = (expectations met + {LATE_CREDIT:g} x expectations late + objectives "
    "passed) / (expectations + objectives). A missed expectation and a failed objective "
    "count 0. An expectation is met by the first matching team action between the inject "
    "and its deadline, late if the first one came after the deadline; each action answers "
    "one expectation at most."
)


def _evidence(e: Any) -> str:
    if e.evidence is None:
        return "no matching action"
    text = f"{act.describe(e.evidence.action)} at +{format_duration(e.evidence.at)}"
    if e.late_by is not None:
        text += f", {format_duration(e.late_by)} late"
    return text


def _cf_rows(cf: Counterfactual) -> list[tuple[str, str, str]]:
    a, c = cf.actual.as_dict(), cf.counterfactual.as_dict()
    rows = [
        ("needing a response", "needs_response", "n"),
        ("answered in SLA", "answered_in_sla", "n"),
        ("missed", "missed", "n"),
        ("service level", "service_level", "%"),
        ("missed rate", "missed_rate", "%"),
        ("peak queue", "peak_queue", "n"),
        ("customers at risk", "customers_at_risk", "n"),
    ]
    return [(label, _figure(a, key, u), _figure(c, key, u)) for label, key, u in rows]


def _cf_intro(cf: Counterfactual) -> str:
    if not cf.changes:
        return "Every expected response came on time: the counterfactual is the run itself."
    insert = (
        " and each missed one inserted at its deadline (default parameters, the "
        "expectation's topic and role, one agent)"
        if cf.inserted_missed
        else ""
    )
    return (
        "The same drill replayed with the same seed, with each late response moved to its "
        f"deadline{insert}. Everything else is unchanged."
    )


def _change_text(c: Any) -> str:
    if c.kind == "moved":
        return (
            f"{act.describe(c.action)}: moved from +{format_duration(c.was_at)} "
            f"to +{format_duration(c.at)}"
        )
    return f"{act.describe(c.action)}: inserted at +{format_duration(c.at)}"


# ---------------------------------------------------------------------- Markdown


def _md(text: Any) -> str:
    """Text safe inside a Markdown table cell: no HTML, no markup, one line."""
    out = str(text).replace("\\", "\\\\")
    for char in "`*_[]<>|":
        out = out.replace(char, "\\" + char)
    return " ".join(out.split())


def _md_table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[str]:
    lines = ["| " + " | ".join(_md(h) for h in header) + " |"]
    lines.append("|" + "---|" * len(header))
    lines += ["| " + " | ".join(_md(c) for c in row) + " |" for row in rows]
    return [*lines, ""]


def render_markdown(data: ReportData) -> str:
    rec = data.run.record
    title = data.drill.name if data.drill else rec.name
    lines = [f"# After-action report: {_md(title)}", ""]
    lines += _md_table(("", ""), _run_facts(data))
    lines += ["## Summary figures", ""]
    lines += _md_table(
        ("figure", "value"),
        [(label, _figure(data.summary, key, u)) for label, key, u in _FIGURES],
    )
    if data.score is not None:
        lines += _md_score(data, data.score)
    lines += ["## Timeline", ""]
    lines += _md_table(
        ("time", "what", "text", "detail"),
        [(_clock(data, i.t), i.what, i.text, i.detail) for i in data.timeline],
    )
    lines += ["## Queue over time", "", "The HTML report draws this as a chart.", ""]
    lines += _md_table(("from", "arrivals", "waiting at end", "missed"), _queue_rows(data))
    lines += ["## Response times by channel", ""]
    lines += _md_table(
        ("channel", "answered", "in SLA", "missed", "median", "p90"),
        [
            (c.channel, _num(c.answered), _pct(c.in_sla / c.answered if c.answered else None),
             _num(c.missed), _min(c.median), _min(c.p90))
            for c in data.channels
        ],
    )  # fmt: skip
    if data.missed_big:
        lines += ["## Missed high-reach mentions", ""]
        lines += _md_table(
            ("time", "channel", "reach", "who", "text"),
            [(_clock(data, m.t), m.channel, _num(m.reach), m.handle, m.text)
             for m in data.missed_big],
        )  # fmt: skip
    lines += ["## Evaluator notes", ""]
    if data.notes:
        lines += _md_table(
            ("time", "inject", "by", "note"),
            [(_clock(data, n.t), n.inject_id or "–", n.source, n.text) for n in _notes(data)],
        )
    else:
        lines += ["No notes were taken.", ""]
    if data.counterfactual is not None:
        cf = data.counterfactual
        lines += ["## Counterfactual: on time", "", _md(_cf_intro(cf)), ""]
        lines += [f"- {_md(_change_text(c))} ({_md(c.inject_id)})" for c in cf.changes]
        lines += [""] if cf.changes else []
        lines += _md_table(("figure", "actual", "on time"), _cf_rows(cf))
    return "\n".join(lines).rstrip() + "\n"


def _run_facts(data: ReportData) -> list[tuple[str, str]]:
    rec = data.run.record
    facts = [
        ("run", f"{rec.id} ({rec.kind})"),
        ("scenario", data.scenario.meta.name),
        ("seed", str(rec.seed)),
        ("played", f"{format_duration(data.end)} of simulated time"),
        ("started", rec.started_at),
        ("finished", rec.finished_at or "not finished: the run was interrupted"),
        ("surgedesk", rec.version),
        ("scenario hash", rec.scenario_hash[:16]),
    ]
    if data.drill is not None:
        facts.insert(1, ("drill", data.drill.name))
    return facts


def _md_score(data: ReportData, sc: Score) -> list[str]:
    lines = ["## Drill score", "", f"**Overall: {_pct(sc.overall)}**", "", _md(FORMULA), ""]
    lines += ["### Expected responses", ""]
    lines += _md_table(
        ("inject", "at", "expected", "deadline", "result", "evidence"),
        [(e.inject_id, _clock(data, e.inject_at), e.description or e.action,
          _clock(data, e.deadline), _STATUS_WORDS[e.status], _evidence(e))
         for e in sc.expectations],
    )  # fmt: skip
    lines += ["### Objectives", ""]
    lines += _md_table(
        ("objective", "target", "measured", "result"),
        [(o.description or o.metric, f"{o.metric} {o.op} {o.target:g}",
          _metric_value(o.metric, o.value), "pass" if o.passed else "fail")
         for o in sc.objectives],
    )  # fmt: skip
    return lines


def _queue_rows(data: ReportData) -> list[tuple[str, str, str, str]]:
    rows = data.series
    if not rows:
        return []
    step = max(1, math.ceil(len(rows) / TABLE_ROWS))
    out = []
    for i in range(0, len(rows), step):
        chunk = rows[i : i + step]
        out.append(
            (
                _clock(data, float(chunk[0]["t_start"])),
                _num(sum(int(r.get("arrivals", 0)) for r in chunk)),
                _num(int(chunk[-1].get("waiting", 0))),
                _num(sum(int(r.get("missed", 0)) for r in chunk)),
            )
        )
    return out


def _notes(data: ReportData) -> list[Note]:
    """Notes in the order of the injects they belong to, then the general ones, by time."""
    order = {i.id: k for k, i in enumerate(data.drill.injects)} if data.drill else {}
    return sorted(data.notes, key=lambda n: (order.get(n.inject_id, len(order)), n.t))


# ---------------------------------------------------------------------- HTML


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


_CSS = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem;
  color: #1d2430; line-height: 1.45; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ccd; }
table { border-collapse: collapse; margin: 0.6rem 0 1rem; width: 100%; }
th, td { border-bottom: 1px solid #e3e6ee; padding: 0.25rem 0.5rem; text-align: left;
  vertical-align: top; font-size: 0.92rem; }
th { background: #f3f5fa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.met, .pass { color: #17803d; font-weight: 600; }
.late { color: #b26b00; font-weight: 600; }
.missed, .fail { color: #b3261e; font-weight: 600; }
.pending { color: #666; }
.score { font-size: 2rem; font-weight: 700; }
.muted { color: #5b6474; font-size: 0.9rem; }
.tag { display: inline-block; padding: 0 0.4rem; border-radius: 0.3rem; background: #eef;
  font-size: 0.8rem; }
.tag-inject { background: #fde7c8; } .tag-team { background: #d6e8ff; }
.tag-note { background: #e6f4e1; } .tag-script { background: #eee; }
svg { max-width: 100%; height: auto; }
@media print { h2 { page-break-after: avoid; } }
"""


def _html_table(
    header: Sequence[str], rows: Iterable[Sequence[Any]], numeric: Sequence[int] = ()
) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = []
    for row in rows:
        cells = []
        for k, cell in enumerate(row):
            if isinstance(cell, _Raw):
                cells.append(f"<td>{cell.html}</td>")
            else:
                cls = ' class="num"' if k in numeric else ""
                cells.append(f"<td{cls}>{_e(cell)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


@dataclass(frozen=True)
class _Raw:
    """Markup this module made itself (already escaped inside)."""

    html: str


def _span(cls: str, text: str) -> _Raw:
    return _Raw(f'<span class="{_e(cls)}">{_e(text)}</span>')


def render_html(data: ReportData) -> str:
    rec = data.run.record
    title = data.drill.name if data.drill else rec.name
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8"/>',
        '<meta name="viewport" content="width=device-width, initial-scale=1"/>',
        f"<title>After-action report: {_e(title)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>After-action report: {_e(title)}</h1>",
    ]
    if data.drill is not None and data.drill.spec.meta.description:
        parts.append(f'<p class="muted">{_e(data.drill.spec.meta.description)}</p>')
    parts.append(_html_table(("", ""), _run_facts(data)))
    parts.append("<h2>Summary figures</h2>")
    parts.append(
        _html_table(
            ("figure", "value"),
            [(label, _figure(data.summary, key, u)) for label, key, u in _FIGURES],
            numeric=(1,),
        )
    )
    if data.score is not None:
        parts.append(_html_score(data, data.score))
    parts.append("<h2>Queue and missed responses over time</h2>")
    parts.append(queue_chart(data))
    parts.append("<h2>Timeline</h2>")
    parts.append(
        _html_table(
            ("time", "what", "text", "detail"),
            [(_clock(data, i.t), _span(f"tag tag-{i.what}", i.what), i.text, i.detail)
             for i in data.timeline],
        )
    )  # fmt: skip
    parts.append("<h2>Response times by channel</h2>")
    parts.append(
        '<p class="muted">Staff response times of answered mentions: the box spans the '
        "middle half, the whiskers the 10th to 90th percentile, the bar the median.</p>"
    )
    parts.append(response_chart(data.channels))
    parts.append(
        _html_table(
            ("channel", "answered", "in SLA", "missed", "median", "p90"),
            [(c.channel, _num(c.answered), _pct(c.in_sla / c.answered if c.answered else None),
              _num(c.missed), _min(c.median), _min(c.p90)) for c in data.channels],
            numeric=(1, 2, 3, 4, 5),
        )
    )  # fmt: skip
    if data.missed_big:
        parts.append("<h2>Missed high-reach mentions</h2>")
        parts.append(
            _html_table(
                ("time", "channel", "reach", "who", "text"),
                [(_clock(data, m.t), m.channel, _num(m.reach), m.handle, m.text)
                 for m in data.missed_big],
                numeric=(2,),
            )
        )  # fmt: skip
    parts.append("<h2>Evaluator notes</h2>")
    if data.notes:
        parts.append(
            _html_table(
                ("time", "inject", "by", "note"),
                [(_clock(data, n.t), n.inject_id or "–", n.source, n.text) for n in _notes(data)],
            )
        )
    else:
        parts.append("<p>No notes were taken.</p>")
    if data.counterfactual is not None:
        parts.append(_html_counterfactual(data.counterfactual))
    parts.append(
        f'<p class="muted">Made by surgedesk {_e(rec.version)} from run {_e(rec.id)}; '
        "per-mention figures come from an exact replay of the run.</p>"
    )
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _html_score(data: ReportData, sc: Score) -> str:
    parts = [
        "<h2>Drill score</h2>",
        f'<p><span class="score">{_e(_pct(sc.overall))}</span> overall: '
        f"{sc.count('met')} met, {sc.count('late')} late, {sc.count('missed')} missed"
        + (f", {sc.count('pending')} pending" if sc.count("pending") else "")
        + f"; {sum(o.passed for o in sc.objectives)} of {len(sc.objectives)} objectives.</p>",
        f'<p class="muted">{_e(FORMULA)}</p>',
        "<h3>Expected responses</h3>",
        _html_table(
            ("inject", "at", "expected", "deadline", "result", "evidence"),
            [(e.inject_id, _clock(data, e.inject_at), e.description or e.action,
              _clock(data, e.deadline), _span(e.status, _STATUS_WORDS[e.status]), _evidence(e))
             for e in sc.expectations],
        ),
        "<h3>Objectives</h3>",
        _html_table(
            ("objective", "target", "measured", "result"),
            [(o.description or o.metric, f"{o.metric} {o.op} {o.target:g}",
              _metric_value(o.metric, o.value),
              _span("pass" if o.passed else "fail", "pass" if o.passed else "fail"))
             for o in sc.objectives],
        ),
    ]  # fmt: skip
    return "\n".join(parts)


def _html_counterfactual(cf: Counterfactual) -> str:
    parts = ["<h2>Counterfactual: on time</h2>", f"<p>{_e(_cf_intro(cf))}</p>"]
    if cf.changes:
        items = "".join(f"<li>{_e(_change_text(c))} ({_e(c.inject_id)})</li>" for c in cf.changes)
        parts.append(f"<ul>{items}</ul>")
    parts.append(_html_table(("figure", "actual", "on time"), _cf_rows(cf), numeric=(1, 2)))
    return "\n".join(parts)


# ---------------------------------------------------------------------- SVG charts

_W, _PAD_L, _PAD_R = 860, 56, 16


def _svg_open(height: int, label: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_W} {height}" '
        f'width="{_W}" height="{height}" role="img" aria-label="{_e(label)}" '
        'font-family="system-ui, sans-serif" font-size="11">'
    )


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(value))
    for m in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if m * exp >= value:
            return float(m * exp)
    return float(10 * exp)


def _ticks(end: float) -> list[float]:
    """Round hours for the time axis, at most eleven of them."""
    hours = end / 60
    step = next((s for s in (1, 2, 3, 4, 6, 12, 24, 48) if hours / s <= 10), 168)
    return [h * step * 60.0 for h in range(int(hours // step) + 1)]


def queue_chart(data: ReportData) -> str:
    """Waiting queue (line) and missed responses per interval (bars), with markers."""
    rows = data.series
    end = max(data.end, float(rows[-1]["t_end"]) if rows else 0.0, 1.0)
    top_h, bottom_h, gap, head, foot = 170, 90, 28, 26, 30
    height = head + top_h + gap + bottom_h + foot
    plot_w = _W - _PAD_L - _PAD_R

    def x(t: float) -> float:
        return _PAD_L + plot_w * t / end

    waiting_max = _nice_max(max((float(r.get("waiting", 0)) for r in rows), default=0.0))
    missed_max = _nice_max(max((float(r.get("missed", 0)) for r in rows), default=0.0))
    y0 = head + top_h
    b0 = head + top_h + gap + bottom_h
    out = [_svg_open(height, "Waiting queue and missed responses over time")]
    out.append(f"<title>{_e('Waiting queue and missed responses over time')}</title>")
    # axes and grid
    for frac in (0.0, 0.5, 1.0):
        y = y0 - top_h * frac
        out.append(f'<line x1="{_PAD_L}" y1="{y:.1f}" x2="{_W - _PAD_R}" y2="{y:.1f}" '
                   'stroke="#e3e6ee"/>')  # fmt: skip
        out.append(f'<text x="{_PAD_L - 6}" y="{y + 4:.1f}" text-anchor="end">'
                   f"{_e(_num(waiting_max * frac))}</text>")  # fmt: skip
        yb = b0 - bottom_h * frac
        out.append(f'<line x1="{_PAD_L}" y1="{yb:.1f}" x2="{_W - _PAD_R}" y2="{yb:.1f}" '
                   'stroke="#e3e6ee"/>')  # fmt: skip
        out.append(f'<text x="{_PAD_L - 6}" y="{yb + 4:.1f}" text-anchor="end">'
                   f"{_e(_num(missed_max * frac))}</text>")  # fmt: skip
    out.append(f'<text x="{_PAD_L}" y="{head - 8}" font-weight="600">waiting</text>')
    out.append(f'<text x="{_PAD_L}" y="{y0 + gap - 8}" font-weight="600">'
               "missed per interval</text>")  # fmt: skip
    for t in _ticks(end):
        out.append(f'<text x="{x(t):.1f}" y="{b0 + 16}" text-anchor="middle">'
                   f"{_e(format_duration(t) if t else '0')}</text>")  # fmt: skip
    # missed bars
    for r in rows:
        missed = float(r.get("missed", 0))
        if missed <= 0:
            continue
        x1, x2 = x(float(r["t_start"])), x(float(r["t_end"]))
        h = bottom_h * missed / missed_max
        out.append(
            f'<rect x="{x1:.1f}" y="{b0 - h:.1f}" width="{max(0.8, x2 - x1 - 0.6):.1f}" '
            f'height="{h:.1f}" fill="#b3261e"><title>{_e(_num(missed))} missed from '
            f"{_e(_clock(data, float(r['t_start'])))}</title></rect>"
        )
    # waiting line
    if rows:
        pts = [f"{x(0.0):.1f},{y0:.1f}"]
        for r in rows:
            yw = y0 - top_h * float(r.get("waiting", 0)) / waiting_max
            pts.append(f"{x(float(r['t_end'])):.1f},{yw:.1f}")
        out.append(f'<polyline points="{" ".join(pts)}" fill="none" stroke="#2458a6" '
                   'stroke-width="1.8"/>')  # fmt: skip
    # markers: injects (orange dashed lines, labels staggered over four rows), actions
    injects = [i for i in data.timeline if i.what == "inject"]
    for k, item in enumerate(injects):
        xi = x(item.t)
        out.append(
            f'<line x1="{xi:.1f}" y1="{head}" x2="{xi:.1f}" y2="{b0}" stroke="#d9822b" '
            f'stroke-dasharray="4 3"><title>{_e(_clock(data, item.t))}: '
            f"{_e(item.text)}</title></line>"
        )
        label = (item.inject_id or item.text)[:16]
        anchor = "end" if xi > _W - 120 else "start"
        dx = -3 if anchor == "end" else 3
        out.append(
            f'<text x="{xi + dx:.1f}" y="{head + 10 + 11 * (k % 4)}" fill="#9a5a12" '
            f'text-anchor="{anchor}" stroke="#fff" stroke-width="3" paint-order="stroke">'
            f"{_e(label)}</text>"
        )
    for item in data.timeline:
        if item.what in ("team", "script"):
            xi = x(item.t)
            color = "#2458a6" if item.what == "team" else "#777"
            out.append(
                f'<path d="M{xi:.1f},{y0 + 2:.1f} l-5,9 h10 z" fill="{color}">'
                f"<title>{_e(_clock(data, item.t))}: {_e(item.what)} action: "
                f"{_e(item.text)}</title></path>"
            )
    legend = "dashed: injects · blue triangles: team actions · grey: scripted actions"
    out.append(
        f'<text x="{_W - _PAD_R}" y="{head - 8}" text-anchor="end" fill="#5b6474">'
        f"{_e(legend)}</text>"
    )
    out.append("</svg>")
    return "\n".join(out)


def response_chart(channels: Sequence[ChannelTimes]) -> str:
    """Box-and-whisker rows of staff response times, one per channel."""
    shown = [c for c in channels if c.answered]
    row_h, head, foot = 26, 10, 30
    height = head + row_h * max(1, len(shown)) + foot
    plot_w = _W - _PAD_L - 60 - _PAD_R
    left = _PAD_L + 60
    top = _nice_max(max((c.p90 for c in shown), default=1.0))

    def x(v: float) -> float:
        return left + plot_w * min(v, top) / top

    out = [_svg_open(height, "Response time by channel")]
    out.append(f"<title>{_e('Response time by channel')}</title>")
    if not shown:
        out.append(f'<text x="{left}" y="{head + 16}">{_e("No mention was answered.")}</text>')
    for k, c in enumerate(shown):
        yc = head + row_h * k + row_h / 2
        out.append(
            f'<text x="{left - 8}" y="{yc + 4:.1f}" text-anchor="end">{_e(c.channel)}</text>'
        )
        tip = (
            f"{c.channel}: {c.answered} answered, median {_min(c.median)}, "
            f"p10 {_min(c.p10)}, p90 {_min(c.p90)}"
        )
        out.append(f"<g><title>{_e(tip)}</title>")
        out.append(f'<line x1="{x(c.p10):.1f}" y1="{yc:.1f}" x2="{x(c.p90):.1f}" y2="{yc:.1f}" '
                   'stroke="#5b6474"/>')  # fmt: skip
        out.append(
            f'<rect x="{x(c.p25):.1f}" y="{yc - 7:.1f}" '
            f'width="{max(1.0, x(c.p75) - x(c.p25)):.1f}" height="14" fill="#cfe0fa" '
            'stroke="#2458a6"/>'
        )
        out.append(f'<line x1="{x(c.median):.1f}" y1="{yc - 8:.1f}" x2="{x(c.median):.1f}" '
                   f'y2="{yc + 8:.1f}" stroke="#1d2430" stroke-width="2"/>')  # fmt: skip
        out.append("</g>")
    base = head + row_h * max(1, len(shown))
    for frac in (0.0, 0.25, 0.5, 0.75, 1.0):
        xv = left + plot_w * frac
        out.append(f'<line x1="{xv:.1f}" y1="{head}" x2="{xv:.1f}" y2="{base}" stroke="#e3e6ee"/>')
        out.append(f'<text x="{xv:.1f}" y="{base + 14}" text-anchor="middle">'
                   f"{_e(_min(top * frac) if frac else '0')}</text>")  # fmt: skip
    out.append("</svg>")
    return "\n".join(out)


# ---------------------------------------------------------------------- files


def build_report(
    run: StoredRun, drill: Drill | None = None, live: Sequence[TimedAction] | None = None
) -> Report:
    data = gather(run, drill, live)
    return Report(render_markdown(data), render_html(data))


def write_report(report: Report, out: Path) -> tuple[Path, Path]:
    """Write report.md and report.html into `out`, each atomically; returns their paths."""
    md, page = out / "report.md", out / "report.html"
    write_atomic(md, report.markdown)
    write_atomic(page, report.html)
    return md, page


__all__ = [
    "FORMULA",
    "Report",
    "ReportData",
    "build_report",
    "gather",
    "live_actions",
    "queue_chart",
    "render_html",
    "render_markdown",
    "response_chart",
    "write_report",
]
