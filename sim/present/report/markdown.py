"""The report as Markdown, for the improvement plan: every block as plain, escaped text.

Markdown has no drawing, so a chart shows its stand-in table (or nothing); outside text is
escaped so a note cannot open markup or break a table row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

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


def md(text: object) -> str:
    """Text safe inside a Markdown table cell: no HTML, no markup, one line."""
    out = str(text).replace("\\", "\\\\")
    for char in "`*_[]<>|":
        out = out.replace(char, "\\" + char)
    return " ".join(out.split())


def _cell(cell: Cell) -> str:
    return md(cell.text if isinstance(cell, Tag) else cell)


def _table(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> list[str]:
    lines = ["| " + " | ".join(md(h) for h in header) + " |"]
    lines.append("|" + "---|" * len(header))
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return [*lines, ""]


def _block(block: Block) -> list[str]:
    match block:
        case Heading(text, level):
            return ["#" * level + " " + md(text), ""]
        case Paragraph(text):
            return [md(text), ""]
        case Table(header, rows):
            return _table(header, rows)
        case Bullets(items):
            return [*(f"- {md(item)}" for item in items), ""]
        case Headline(label, value):
            return [f"**{md(label)}: {md(value)}**", ""]
        case Chart(fallback=None):
            return []
        case Chart(fallback=Table() as table, fallback_note=note):
            return [md(note), "", *_table(table.header, table.rows)]
    raise TypeError(f"no Markdown for {block!r}")


def render_markdown_document(doc: Document) -> str:
    lines: list[str] = []
    for block in doc.blocks:
        lines += _block(block)
    return "\n".join(lines).rstrip() + "\n"


__all__ = ["md", "render_markdown_document"]
