"""Dotted keys in raw scenario data: a sweep's levers and a drill's overrides.

Both change a scenario before it is validated, by a path such as `team.care.agents` or
`surge.2.peak_per_hour`; the scenario model then checks the result as if it were typed.
"""

from __future__ import annotations

from typing import Any


def set_key(data: dict[str, Any], key: str, value: Any) -> None:
    """Set a dotted key in raw scenario data; `team.<name>` and `surge.<n>` pick list items."""
    parts = key.split(".")
    node: Any = data
    for i, part in enumerate(parts[:-1]):
        if isinstance(node, list):
            node = _pick(node, part, ".".join(parts[: i + 1]))
            continue
        if part not in node:
            node[part] = {}
        node = node[part]
    last = parts[-1]
    if isinstance(node, list):
        raise KeyError(f"{key}: expected a key after {last!r}")
    node[last] = value


def _pick(items: list[Any], part: str, path: str) -> Any:
    if part.isdigit():
        index = int(part) - 1
        if not 0 <= index < len(items):
            raise KeyError(f"{path}: there are {len(items)} of them, counting from 1")
        return items[index]
    for item in items:
        if isinstance(item, dict) and part in (item.get("name"), item.get("role")):
            return item
    raise KeyError(f"{path}: no item called {part!r}")
