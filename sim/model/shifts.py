"""A shifts file: the shift patterns a team can work, outside the scenario.

A shifts file (`plan --shifts FILE`) holds one `[[shift]]` table per pattern, with the
keys of a scenario's `[[shift_pattern]]` (`sim.model.shift_pattern`):

    [[shift]]
    name = "day"                    # a label for tables (default: "8h" from the length)
    team = "care"                   # the team that works it (default: every team)
    length = "8h"
    starts = { earliest = "06:00", latest = "14:00", every = "1h" }   # each day
    break = { length = "30m", earliest = "3h", latest = "5h", every = "30m" }
    min_people = 0                  # people over all of the pattern's starts
    max_people = 200
    cost_per_hour = 1.0

Start times are clock times, repeated every day of the plan. It is validated like a
scenario: unknown keys, bad durations, impossible windows and (given the scenario's
teams) an unknown team are errors naming the file, the line and the key.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, ValidationError

from sim.model.errors import ScenarioError, describe_validation_error, read_text
from sim.model.limits import MAX_ITEMS
from sim.model.loading import load_toml
from sim.model.section import Section
from sim.model.shift_pattern import Break, ShiftPattern, Starts


class ShiftFile(Section):
    shift: list[ShiftPattern] = Field(min_length=1, max_length=MAX_ITEMS)


def parse_shifts(
    text: str, source: str = "<shifts>", teams: list[str] | None = None
) -> list[ShiftPattern]:
    """Validate shifts TOML text; every failure is a `ScenarioError` naming where. With
    `teams`, a pattern's `team` must be one of them."""
    data = load_toml(text, source)
    try:
        patterns = ShiftFile.model_validate(data).shift
    except ValidationError as exc:
        error = describe_validation_error(source, text, exc)
        first = exc.errors()[0]
        if first["type"] == "extra_forbidden":
            owner = ShiftFile if len(first["loc"]) == 1 else _owner(first["loc"])
            keys = [f.alias or n for n, f in owner.model_fields.items()]
            error.expected = f"unknown key; expected one of: {', '.join(keys)}"
        raise error from None
    for i, p in enumerate(patterns):
        if teams is not None and p.team is not None and p.team not in teams:
            expected = f"no team called {p.team!r}; expected one of: {', '.join(teams)}"
            raise ScenarioError.at(source, text, ("shift", i, "team"), expected)
    return patterns


__all__ = ["Break", "ShiftFile", "ShiftPattern", "Starts", "load_shifts", "parse_shifts"]


def _owner(loc: tuple[int | str, ...]) -> type[Section]:
    names = [p for p in loc[:-1] if isinstance(p, str)]
    owners: dict[str, type[Section]] = {"starts": Starts, "break": Break}
    return owners.get(names[-1], ShiftPattern)


def load_shifts(path: str | Path, teams: list[str] | None = None) -> list[ShiftPattern]:
    """Read and validate a shifts file, or raise a `ScenarioError` naming the file."""
    p = Path(path)
    return parse_shifts(read_text(p, "shifts file"), str(p), teams)
