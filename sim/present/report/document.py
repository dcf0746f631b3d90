"""The after-action report as a document: sections of headings, tables and paragraphs.

Exercise doctrine ends a drill with a hotwash and an after-action report: the inject
timeline next to what the team did, the evaluators' notes tied to injects, whether each
expected response came in time, and what timing cost. Each section is written here once,
as blocks; `markdown` and `html` only know how to draw a block, so the two files cannot
drift apart. Text from outside (notes, titles, mention texts) stays plain text here; each
renderer escapes it for its format.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sim.exercise.counterfactual import Counterfactual
from sim.exercise.scoring import LATE_CREDIT, Score
from sim.model import actions as act
from sim.present.format import (
    clock_label,
    format_duration,
    minutes,
    number,
    pct,
)
from sim.present.report.charts import queue_chart, response_chart
from sim.present.report.facts import ReportData
from sim.present.report.figures import COUNTERFACTUAL_FIGURES, FIGURES, figure, metric_value
from sim.present.report.spikes import false_rows, rule_text, surge_rows

TABLE_ROWS = 48  # most rows of the queue-over-time table drawn in place of the chart


@dataclass(frozen=True)
class Tag:
    """Text with a class the HTML styles (a status word, a kind of timeline entry)."""

    cls: str
    text: str


Cell = str | Tag


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    text: str
    muted: bool = False


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: Sequence[Sequence[Cell]]
    numeric: tuple[int, ...] = ()  # columns aligned as numbers


@dataclass(frozen=True)
class Bullets:
    items: list[str]


@dataclass(frozen=True)
class Headline:
    """A figure to read first (the drill's score) and what it is made of."""

    label: str
    value: str
    detail: str


@dataclass(frozen=True)
class Chart:
    """An SVG chart; `caption` says how to read it, `fallback` stands in where there is
    no drawing (the Markdown), after its own one-line note."""

    svg: str
    caption: str = ""
    fallback: Table | None = None
    fallback_note: str = ""


Block = Heading | Paragraph | Table | Bullets | Headline | Chart


@dataclass(frozen=True)
class Document:
    title: str
    blocks: list[Block]


FORMULA = (
    f"Overall score = (expectations met + {LATE_CREDIT:g} x expectations late + objectives "
    "passed) / (expectations + objectives). A missed expectation and a failed objective "
    "count 0. An expectation is met by the first matching team action between the inject "
    "and its deadline, late if the first one came after the deadline; each action answers "
    "one expectation at most. A drill left before its end is scored on what was decided: "
    "pending expectations and the objectives (measured at the end) are left out."
)


# ---------------------------------------------------------------------- the document


def build_document(data: ReportData) -> Document:
    """Every section of the report, in reading order."""
    rec = data.run.record
    title = data.drill.name if data.drill else rec.name
    blocks: list[Block] = [Heading(f"After-action report: {title}", 1)]
    if data.drill is not None and data.drill.spec.meta.description:
        blocks.append(Paragraph(data.drill.spec.meta.description, muted=True))
    blocks.append(Table(("", ""), _run_facts(data)))
    blocks += [
        Heading("Summary figures"),
        Table(
            ("figure", "value"),
            [(label, figure(data.summary, key, u)) for label, key, u in FIGURES],
            numeric=(1,),
        ),
    ]
    if data.score is not None:
        blocks += _score(data, data.score)
    blocks += _queue(data)
    blocks += _alerts(data)
    blocks += _timeline(data)
    blocks += _response_times(data)
    blocks += _missed_big(data)
    blocks += _notes(data)
    if data.counterfactual is not None:
        blocks += _counterfactual(data.counterfactual)
    blocks.append(
        Paragraph(
            f"Made by surgedesk {rec.version} from run {rec.id}; "
            "per-mention figures come from an exact replay of the run.",
            muted=True,
        )
    )
    return Document(f"After-action report: {title}", blocks)


def clock(data: ReportData, t: float) -> str:
    return clock_label(data.start, t)


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


def _evidence(e: Any) -> str:
    if e.how:
        return str(e.how)
    if e.evidence is None:
        return "no matching action"
    text = f"{act.describe(e.evidence.action)} at +{format_duration(e.evidence.at)}"
    if e.late_by is not None:
        text += f", {format_duration(e.late_by)} late"
    return text


def _score(data: ReportData, sc: Score) -> list[Block]:
    pending = f", {sc.count('pending')} pending" if sc.count("pending") else ""
    detail = (
        f"{sc.count('met')} met, {sc.count('late')} late, {sc.count('missed')} missed{pending}; "
        f"{sum(o.passed for o in sc.objectives)} of {len(sc.objectives)} objectives"
        f"{'' if all(o.final for o in sc.objectives) else ' on track (the drill ended early)'}."
    )
    expectations = [
        (e.inject_id, clock(data, e.inject_at), e.description or e.action,
         clock(data, e.deadline), Tag(e.status, e.status), _evidence(e))
        for e in sc.expectations
    ]  # fmt: skip
    verdict = {
        (True, True): Tag("pass", "pass"),
        (True, False): Tag("fail", "fail"),
        (False, True): Tag("on track", "pass"),
        (False, False): Tag("off track", "fail"),
    }
    objectives = [
        (o.description or o.metric, f"{o.metric} {o.op} {o.target:g}",
         metric_value(o.metric, o.value), verdict[o.final, o.passed])
        for o in sc.objectives
    ]  # fmt: skip
    return [
        Heading("Drill score"),
        Headline("Overall", pct(sc.overall), detail),
        Paragraph(FORMULA, muted=True),
        Heading("Expected responses", 3),
        Table(("inject", "at", "expected", "deadline", "result", "evidence"), expectations),
        Heading("Objectives", 3),
        Table(("objective", "target", "measured", "result"), objectives),
    ]


def _queue(data: ReportData) -> list[Block]:
    table = Table(("from", "arrivals", "waiting at end", "missed"), _queue_rows(data))
    note = "The HTML report draws this as a chart."
    return [
        Heading("Queue and missed responses over time"),
        Chart(queue_chart(data), fallback=table, fallback_note=note),
    ]


def _queue_rows(data: ReportData) -> list[tuple[Cell, ...]]:
    rows = data.series
    if not rows:
        return []
    step = max(1, math.ceil(len(rows) / TABLE_ROWS))
    out: list[tuple[Cell, ...]] = []
    for i in range(0, len(rows), step):
        chunk = rows[i : i + step]
        out.append(
            (
                clock(data, float(chunk[0]["t_start"])),
                number(sum(int(r.get("arrivals", 0)) for r in chunk)),
                number(int(chunk[-1].get("waiting", 0))),
                number(sum(int(r.get("missed", 0)) for r in chunk)),
            )
        )
    return out


def _alerts(data: ReportData) -> list[Block]:
    """Each surge's start, its spike alert and the lead time; then any false alerts."""
    blocks: list[Block] = [Heading("Spike alerts"), Paragraph(rule_text(data), muted=True)]
    if data.surges:
        blocks.append(Table(("surge", "began", "alert", "lead time"), surge_rows(data)))
    false = false_rows(data)
    if false:
        blocks.append(Table(("false alert", "volume", "expected"), false, numeric=(1, 2)))
    elif data.alerts or data.surges:
        blocks.append(Paragraph("No false alert: every alert had a surge behind it."))
    return blocks


def _timeline(data: ReportData) -> list[Block]:
    rows: list[tuple[Cell, ...]] = [
        (clock(data, i.t), Tag(f"tag tag-{i.what}", i.what), i.text, i.detail)
        for i in data.timeline
    ]
    return [Heading("Timeline"), Table(("time", "what", "text", "detail"), rows)]


def _response_times(data: ReportData) -> list[Block]:
    caption = (
        "Staff response times of answered mentions: the box spans the middle half, the "
        "whiskers the 10th to 90th percentile, the bar the median."
    )
    # Service level and missed rate are over the channel's mentions needing a response,
    # as in the summary: a share of the answered ones would read "in SLA 100%" beside a
    # channel that missed hundreds.
    rows: list[tuple[Cell, ...]] = [
        (c.channel, number(c.need), number(c.answered), pct(c.in_sla / c.need if c.need else None),
         number(c.missed), pct(c.missed / c.need if c.need else None), minutes(c.median),
         minutes(c.p90))
        for c in data.channels
    ]  # fmt: skip
    return [
        Heading("Response times by channel"),
        Chart(response_chart(data.channels), caption=caption),
        Table(
            ("channel", "needing", "answered", "in SLA", "missed", "missed rate", "median", "p90"),
            rows,
            numeric=(1, 2, 3, 4, 5, 6, 7),
        ),
    ]


def _missed_big(data: ReportData) -> list[Block]:
    if not data.missed_big:
        return []
    rows: list[tuple[Cell, ...]] = [
        (
            clock(data, m.t),
            m.channel,
            number(m.reach),
            m.handle,
            m.text,
            "never" if m.answered_at is None else clock(data, m.answered_at),
        )
        for m in data.missed_big
    ]
    return [
        Heading("Missed high-reach posts"),
        Paragraph(
            "Public posts whose authors gave up waiting for an answer, the widest-read first."
        ),
        Table(("posted", "channel", "reach", "who", "text", "answered"), rows, numeric=(2,)),
    ]


def _notes(data: ReportData) -> list[Block]:
    """Notes in the order of the injects they belong to, then the general ones, by time."""
    if not data.notes:
        return [Heading("Evaluator notes"), Paragraph("No notes were taken.")]
    order = {i.id: k for k, i in enumerate(data.drill.injects)} if data.drill else {}
    notes = sorted(data.notes, key=lambda n: (order.get(n.inject_id, len(order)), n.t_sim))
    rows: list[tuple[Cell, ...]] = [
        (clock(data, n.t_sim), n.inject_id or "–", n.source, n.text) for n in notes
    ]
    return [Heading("Evaluator notes"), Table(("time", "inject", "by", "note"), rows)]


def _counterfactual(cf: Counterfactual) -> list[Block]:
    blocks: list[Block] = [Heading("Counterfactual: on time"), Paragraph(_cf_intro(cf))]
    if cf.changes:
        blocks.append(Bullets([f"{_change_text(c)} ({c.inject_id})" for c in cf.changes]))
    actual, on_time = cf.actual.as_dict(), cf.counterfactual.as_dict()
    labels = {key: label for label, key, _ in FIGURES}
    units = {key: unit for _, key, unit in FIGURES}
    rows: list[tuple[Cell, ...]] = [
        (labels[k], figure(actual, k, units[k]), figure(on_time, k, units[k]))
        for k in COUNTERFACTUAL_FIGURES
    ]
    blocks.append(Table(("figure", "actual", "on time"), rows, numeric=(1, 2)))
    return blocks


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


__all__ = [
    "FIGURES",
    "FORMULA",
    "Block",
    "Bullets",
    "Cell",
    "Chart",
    "Document",
    "Heading",
    "Headline",
    "Paragraph",
    "Table",
    "Tag",
    "build_document",
    "clock",
]
