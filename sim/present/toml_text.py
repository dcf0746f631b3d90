"""Scenario data back to TOML text, for files the tool writes (a roster's scenario).

Only the shapes a scenario has: top-level tables (`[baseline]`), arrays of tables
(`[[team]]`), and inside them scalars, arrays and inline tables. The text is meant to be
read back by the same loader, so the writer is checked by parsing what it wrote.
"""

from __future__ import annotations

import json
import math
from datetime import date, datetime, time
from typing import Any


def value(v: Any) -> str:
    """One TOML value: inline tables and arrays for nested data."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, datetime | date | time):
        return v.isoformat()
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, dict):
        inner = ", ".join(f"{key(k)} = {value(x)}" for k, x in v.items())
        return f"{{ {inner} }}" if inner else "{}"
    if isinstance(v, list | tuple):
        return "[" + ", ".join(value(x) for x in v) + "]"
    raise TypeError(f"no TOML form for {type(v).__name__}")


def key(k: str) -> str:
    bare = k.replace("_", "").replace("-", "").isalnum() and k.isascii()
    return k if bare else json.dumps(k)


def _body(table: dict[str, Any]) -> list[str]:
    return [f"{key(k)} = {value(v)}" for k, v in table.items()]


def dumps(data: dict[str, Any], header: str = "") -> str:
    """A document: top-level scalars first, then each table and array of tables in order."""
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    scalars = {k: v for k, v in data.items() if not _is_table(v) and not _is_tables(v)}
    if lines:
        lines.append("")
    lines += _body(scalars)
    for name, v in data.items():
        if _is_table(v):
            lines += ["", f"[{key(name)}]", *_body(v)]
        elif _is_tables(v):
            for item in v:
                lines += ["", f"[[{key(name)}]]", *_body(item)]
    return "\n".join(lines).lstrip("\n") + "\n"


def _is_table(v: Any) -> bool:
    return isinstance(v, dict)


def _is_tables(v: Any) -> bool:
    return isinstance(v, list) and bool(v) and all(isinstance(x, dict) for x in v)
