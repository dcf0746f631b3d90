"""The after-action report: what happened in a stored run or drill, and what it means.

Made from the run store alone, as Markdown (for the improvement plan) and as one
self-contained HTML file. The work is split the way the report is made: `facts` gathers
(replaying the run exactly), `document` lays out the sections once, `markdown` and `html`
draw them, `charts` draws the SVG, and `report.css` styles the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sim.engine.core import TimedAction
from sim.exercise.drill_file import Drill
from sim.present.fileset import write_set
from sim.present.report.charts import queue_chart, response_chart
from sim.present.report.document import FORMULA, build_document
from sim.present.report.facts import ReportData, gather
from sim.present.report.html import render_html_document
from sim.present.report.markdown import render_markdown_document
from sim.store.stored import StoredRun


@dataclass(frozen=True)
class Report:
    markdown: str
    html: str


def render_markdown(data: ReportData) -> str:
    return render_markdown_document(build_document(data))


def render_html(data: ReportData) -> str:
    return render_html_document(build_document(data))


def build_report(
    run: StoredRun, drill: Drill | None = None, live: Sequence[TimedAction] | None = None
) -> Report:
    doc = build_document(gather(run, drill, live))
    return Report(render_markdown_document(doc), render_html_document(doc))


def write_report(report: Report, out: Path) -> tuple[Path, Path]:
    """Write report.md and report.html into `out` as one set; returns their paths."""
    md, page = write_set(out, {"report.md": report.markdown, "report.html": report.html})
    return md, page


__all__ = [
    "FORMULA",
    "Report",
    "ReportData",
    "build_report",
    "gather",
    "queue_chart",
    "render_html",
    "render_markdown",
    "response_chart",
    "write_report",
]
