"""A file of timed team actions, to play a drill headless: a trainer's check of its scoring.

TOML, as `[[action]]` tables, or JSON, as a list (or `{"action": [...]}`), each item an
action in the scenario `[[inject]]` vocabulary with the minute the team takes it:

```toml
[[action]]
at = "13:30"                 # the room's clock on the drill's first day ("5h30m" works too)
action = "holding_statement"
```

A mistake gets one message naming the file, the line and the key, like a drill file's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sim.engine.core import TimedAction
from sim.model import actions as act
from sim.model.errors import ScenarioError, format_key, read_text
from sim.model.loading import load_json, load_toml
from sim.model.scenario import Scenario
from sim.model.tomlpos import line_of
from sim.model.units import format_duration, parse_duration

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")


def load_actions(path: str | Path, scenario: Scenario) -> list[TimedAction]:
    """The file's actions in time order (same minute: file order), checked on `scenario`."""
    p = Path(path)
    text = read_text(p, "actions file")
    if p.suffix.lower() == ".json":
        return parse_actions_json(text, str(p), scenario)
    return parse_actions_toml(text, str(p), scenario)


def parse_actions_toml(text: str, source: str, scenario: Scenario) -> list[TimedAction]:
    data = load_toml(text, source)
    extra = sorted(set(data) - {"action"})
    if extra:
        raise _error(source, line_of(text, (extra[0],)), (extra[0],), "expected only `[[action]]`")
    items = data.get("action", [])
    if not isinstance(items, list):
        raise _error(source, line_of(text, ("action",)), ("action",), "expected `[[action]]`")
    return _parse(items, source, scenario, lambda loc: line_of(text, loc))


def parse_actions_json(text: str, source: str, scenario: Scenario) -> list[TimedAction]:
    data = load_json(text, source)
    if isinstance(data, dict) and set(data) == {"action"}:
        data = data["action"]
    if not isinstance(data, list):
        raise ScenarioError(source, 1, None, 'expected a list of actions (or {"action": [...]})')
    starts = _json_item_lines(text)
    return _parse(data, source, scenario, lambda loc: _at(starts, loc))


def _parse(items: Sequence[Any], source: str, scenario: Scenario, line: Any) -> list[TimedAction]:
    out: list[tuple[float, int, act.Action]] = []
    triggered: list[str] = []  # topics the file's own surges bring
    for i, item in enumerate(items):
        loc: tuple[str | int, ...] = ("action", i)
        if not isinstance(item, dict):
            raise _error(source, line(loc), loc, "expected a table with `at` and `action`")
        params = dict(item)
        if "at" not in params:
            raise _error(source, line(loc), loc, "each action needs `at`")
        at = _minute(params.pop("at"), scenario)
        if at is None:
            raise _error(source, line((*loc, "at")), (*loc, "at"), 'expected "HH:MM" or a duration')
        if at >= scenario.meta.duration:
            raise _error(source, line((*loc, "at")), (*loc, "at"), _outside(item["at"], scenario))
        name = params.pop("action", None)
        if not isinstance(name, str):
            expected = f"expected one of {', '.join(act.ACTION_TYPES)}"
            raise _error(source, line((*loc, "action")), (*loc, "action"), expected)
        try:
            action = act.action_from_params(name, params, scenario)
        except act.ActionError as exc:
            key = (*loc, exc.key)
            raise _error(source, line(key), key, exc.expected) from None
        unknown = scenario.unknown_topic(getattr(action, "topic", None), triggered)
        if unknown is not None:
            raise _error(source, line((*loc, "topic")), (*loc, "topic"), unknown)
        if isinstance(action, act.TriggerSurge):
            triggered.append(action.surge.topic)
        out.append((at, i, action))
    out.sort(key=lambda r: (r[0], r[1]))
    return [TimedAction(at, action) for at, _, action in out]


def _minute(raw: Any, scenario: Scenario) -> float | None:
    """A clock time on the run's first day ("13:30"), or a duration from its start."""
    if not isinstance(raw, str):
        return None
    match = _CLOCK.match(raw.strip())
    if match:
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour > 23 or minute > 59:
            return None
        start: datetime = scenario.meta.start
        t = hour * 60 + minute - (start.hour * 60 + start.minute)
        return float(t if t >= 0 else t + 24 * 60)  # before the start: the next morning
    try:
        minutes = parse_duration(raw)
    except ValueError:
        return None
    return minutes if minutes >= 0 else None


def _outside(raw: str, scenario: Scenario) -> str:
    """Why a time is not in the run, in the words of its window: clock times both ends."""
    start: datetime = scenario.meta.start
    end = start + timedelta(minutes=scenario.meta.duration)
    window = f"from {start:%H:%M} to {end:%H:%M}"
    if end.date() != start.date():
        window += f" (Day {(end.date() - start.date()).days + 1})"
    span = format_duration(scenario.meta.duration)
    match = _CLOCK.match(raw.strip())
    if match and int(match.group(1)) * 60 + int(match.group(2)) < start.hour * 60 + start.minute:
        told = f"{raw.strip()} is before the run starts at {start:%H:%M} (read as the next day"
        told += ", past the end)"
    else:
        told = f"{raw.strip()} is past the end of the run ({span})"
    return f"{told}; expected a clock time {window}, or a duration under {span}"


def _error(source: str, line: int | None, loc: Sequence[str | int], expected: str) -> ScenarioError:
    return ScenarioError(source, line, format_key(loc), expected)


def _json_item_lines(text: str) -> list[int]:
    """The line each item of the actions list starts on (the list at depth 1 or 2)."""
    lines: list[int] = []
    depth, line, in_string, escape = 0, 1, False, False
    list_depth: int | None = None
    for ch in text:
        if ch == "\n":
            line += 1
        if in_string:
            if escape:
                escape = False
            elif ch == "\\":
                escape = True
            elif ch == '"':
                in_string = False
            continue
        if ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if ch == "[" and list_depth is None:
                list_depth = depth
            elif list_depth is not None and depth == list_depth + 1:
                lines.append(line)
        elif ch in "]}":
            depth -= 1
    return lines


def _at(starts: list[int], loc: Sequence[str | int]) -> int | None:
    index = loc[1] if len(loc) > 1 else None
    if isinstance(index, int) and index < len(starts):
        return starts[index]
    return None
