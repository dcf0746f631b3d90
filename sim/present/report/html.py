"""The report as one self-contained HTML page: inline CSS and SVG, no script, no network,
so it can be mailed or archived as it is. Every text from outside is escaped (`esc`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources

from sim.present.report.charts import esc
from sim.present.report.document import (
    Block,
    Bullets,
    Cell,
    Chart,
    Document,
    Heading,
    Headline,
    Paragraph,
    Table,
    Tag,
)


@cache
def stylesheet() -> str:
    """The report's CSS, shipped beside this module as `report.css`."""
    return resources.files(__package__).joinpath("report.css").read_text(encoding="utf-8")


def _cell(cell: Cell, numeric: bool) -> str:
    if isinstance(cell, Tag):
        return f'<td><span class="{esc(cell.cls)}">{esc(cell.text)}</span></td>'
    cls = ' class="num"' if numeric else ""
    return f"<td{cls}>{esc(cell)}</td>"


def _table(header: Sequence[str], rows: Iterable[Sequence[Cell]], numeric: Sequence[int]) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(_cell(c, k in numeric) for k, c in enumerate(row)) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _block(block: Block) -> list[str]:
    match block:
        case Heading(text, level):
            return [f"<h{level}>{esc(text)}</h{level}>"]
        case Paragraph(text, muted):
            return [f'<p class="muted">{esc(text)}</p>' if muted else f"<p>{esc(text)}</p>"]
        case Table(header, rows, numeric):
            return [_table(header, rows, numeric)]
        case Bullets(items):
            return ["<ul>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>"]
        case Headline(label, value, detail):
            return [
                f'<p><span class="score">{esc(value)}</span> {esc(label.lower())}: '
                f"{esc(detail)}</p>"
            ]
        case Chart(svg, caption):
            return [*([f'<p class="muted">{esc(caption)}</p>'] if caption else []), svg]
    raise TypeError(f"no HTML for {block!r}")


def render_html_document(doc: Document) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8"/>',
        '<meta name="viewport" content="width=device-width, initial-scale=1"/>',
        f"<title>{esc(doc.title)}</title>",
        f"<style>\n{stylesheet().strip()}\n</style></head><body>",
    ]
    for block in doc.blocks:
        parts += _block(block)
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


__all__ = ["render_html_document", "stylesheet"]
