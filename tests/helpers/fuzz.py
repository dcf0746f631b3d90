"""Fuzzed scenario and drill files: the bundled ones, mutated as a careless or hostile user
would (keys deleted, wrong types, extreme and non-finite numbers, odd units, unicode, deep
nesting, cut-off text), written back as TOML.

The generators are hypothesis strategies, so a failure shrinks to a small file; `dump` is a
TOML writer just good enough for what `tomllib` reads from the bundled files.
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2] / "scenarios"
SCENARIOS = sorted(ROOT.glob("*.toml"))
DRILLS = sorted((ROOT / "drills").glob("*.toml"))

_BARE = re.compile(r"^[A-Za-z0-9_-]+$")

ODD_NUMBERS: list[Any] = [
    0, -1, 1, 2**63 - 1, 10**30, 1e300, -1e300, 1e-300, math.inf, -math.inf, math.nan,
    0.3333333, 1000000000, 0.999999, 1.0000001, True,
]  # fmt: skip
ODD_DURATIONS = [
    "0s", "0m", "-5m", "1" + "0" * 400 + "d", "91d", "99999999w", "0.0000001s", "1h30m",
    "5 parsecs", "", " 2h ", "2H", "1e3h", ".5h", "3650d", "3651d", "nan", "inf h",
]  # fmt: skip
PLAUSIBLE_FACTORS = [0, 0.5, 2, 10, 100, 1000, 10**6]
PLAUSIBLE_DURATIONS = ["1s", "30s", "1m", "15m", "1h", "6h", "3d", "30d", "90d"]
ODD_TEXT = st.text(
    st.characters(blacklist_categories=["Cs"], blacklist_characters="\x7f"), max_size=40
) | st.sampled_from(["[/bold] closing tag", "[red]x", "🔥" * 30, "n" * 5000, "\u202e\u0000"])


def _key(k: str) -> str:
    return k if _BARE.match(k) else json.dumps(k, ensure_ascii=False)


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return (
            "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf") if math.isinf(v) else repr(v)
        )
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, datetime | date | time):
        return v.isoformat()
    if isinstance(v, list):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{_key(str(k))} = {_value(x)}" for k, x in v.items()) + " }"
    raise TypeError(type(v))


def dump(data: dict[str, Any]) -> str:
    """TOML text for a dict: sub-tables as `[a.b]`, lists of tables as `[[a]]`."""
    out: list[str] = []
    _table(data, [], out)
    return "\n".join(out) + "\n"


def _table(d: dict[str, Any], path: list[str], out: list[str]) -> None:
    def many(v: Any) -> bool:
        return isinstance(v, list) and bool(v) and all(isinstance(x, dict) for x in v)

    for k, v in d.items():
        if not isinstance(v, dict) and not many(v):
            out.append(f"{_key(k)} = {_value(v)}")
    for k, v in d.items():
        if isinstance(v, dict):
            out.append(f"\n[{'.'.join(_key(p) for p in [*path, k])}]")
            _table(v, [*path, k], out)
    for k, v in d.items():
        if many(v):
            for item in v:
                out.append(f"\n[[{'.'.join(_key(p) for p in [*path, k])}]]")
                _table(item, [*path, k], out)


def _slots(node: Any) -> list[tuple[Any, Any]]:
    """Every (container, key) in a parsed document, depth first."""
    found: list[tuple[Any, Any]] = []
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for k, v in items:
        found.append((node, k))
        if isinstance(v, dict | list):
            found.extend(_slots(v))
    return found


def replacement(old: Any) -> st.SearchStrategy[Any]:
    """A value of the wrong type, an extreme number, an odd duration or odd text."""
    return st.one_of(
        st.sampled_from(ODD_NUMBERS),
        st.sampled_from(ODD_DURATIONS),
        ODD_TEXT,
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(min_value=-(10**20), max_value=10**20),
        st.just([]),
        st.just({}),
        st.just([old, old]),
        st.just({"dist": "fixed", "value": "0s"}),
    )


@st.composite
def mutated(draw: st.DrawFn, files: list[Path]) -> str:
    """One bundled file, mutated one to three times, as TOML text."""
    source = draw(st.sampled_from(files))
    data = tomllib.loads(source.read_text(encoding="utf-8"))
    for _ in range(draw(st.integers(1, 3))):
        slots = _slots(data)
        if not slots:
            break
        parent, key = draw(st.sampled_from(slots))
        move = draw(st.sampled_from(["delete", "replace", "scale", "scale", "add", "copy"]))
        old = parent[key]
        if move == "scale" and isinstance(old, int | float) and not isinstance(old, bool):
            parent[key] = type(old)(old * draw(st.sampled_from(PLAUSIBLE_FACTORS)))
        elif move == "scale" and isinstance(old, str):
            parent[key] = draw(st.sampled_from(PLAUSIBLE_DURATIONS))
        elif move == "delete":
            del parent[key]
        elif move == "replace":
            parent[key] = draw(replacement(parent[key]))
        elif move == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["extra", "ümlaut", "agents", "per_hour"]))] = draw(
                replacement(1)
            )
        elif move == "copy" and isinstance(parent, list):
            parent.extend([parent[key]] * draw(st.integers(1, 50)))
    text = dump(data)
    damage = draw(st.sampled_from(["none"] * 6 + ["deep", "cut", "unicode", "brackets"]))
    if damage == "deep":
        n = draw(st.integers(1, 600))
        text += f"deep = {'[' * n}{']' * n}\n"
    elif damage == "cut":
        text = text[: draw(st.integers(0, len(text)))]
    elif damage == "unicode":
        text = draw(ODD_TEXT) + "\n" + text
    elif damage == "brackets":
        n = draw(st.integers(1, 600))
        text += "\n" + "".join(f"[{'.'.join(['t'] * i)}]\n" for i in range(1, n, 7))
    return text
