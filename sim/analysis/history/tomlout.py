"""Just enough TOML writing for a scenario: tables, arrays of tables, inline values.

The standard library reads TOML but does not write it. A scenario's values are strings,
numbers, booleans, datetimes, lists and small tables, so a short writer covers them; the
file it makes is read back by the normal loader before it is kept.
"""

from __future__ import annotations

import json
import math
from datetime import date, datetime, time
from typing import Any


def value(v: Any) -> str:
    """One TOML value, inline."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            raise ValueError("TOML scenario values must be finite")
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)  # JSON's escapes are TOML's basic string's
    if isinstance(v, datetime | date | time):
        return v.isoformat()
    if isinstance(v, list | tuple):
        return "[" + ", ".join(value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{key(k)} = {value(x)}" for k, x in v.items()) + " }"
    raise TypeError(f"cannot write {type(v).__name__} as TOML")


def key(k: str) -> str:
    bare = k and all(c.isalnum() or c in "-_" for c in k) and k.isascii()
    return k if bare else json.dumps(k)


def document(data: dict[str, Any], header: str = "") -> str:
    """A whole file: top-level tables as [name], lists of tables as [[name]]."""
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    plain = {k: v for k, v in data.items() if not _is_table(v) and not _is_tables(v)}
    if plain:
        lines += ["", *(f"{key(k)} = {value(v)}" for k, v in plain.items())]
    for k, v in data.items():
        if _is_table(v):
            lines += ["", f"[{key(k)}]", *(f"{key(a)} = {value(b)}" for a, b in v.items())]
        elif _is_tables(v):
            for item in v:
                lines += ["", f"[[{key(k)}]]", *(f"{key(a)} = {value(b)}" for a, b in item.items())]
    return "\n".join(lines).lstrip("\n") + "\n"


def _is_table(v: Any) -> bool:
    return isinstance(v, dict)


def _is_tables(v: Any) -> bool:
    return isinstance(v, list) and bool(v) and all(isinstance(x, dict) for x in v)
