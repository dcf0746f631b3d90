"""Shift patterns: the shifts a team can work, from which a roster is built.

A shifts file (`plan --shifts FILE`) holds one `[[shift]]` table per pattern:

    [[shift]]
    name = "day"                    # a label for tables (default: "8h" from the length)
    team = "care"                   # the team that works it (default: every team)
    length = "8h"
    starts = { earliest = "06:00", latest = "14:00", every = "1h" }   # each day
    break = { length = "30m", earliest = "3h", latest = "5h", every = "30m" }
    min_people = 0                  # people over all of the pattern's starts
    max_people = 200
    cost_per_hour = 1.0

Start times are clock times, repeated every day of the plan; a break starts between
`earliest` and `latest` after the shift starts, on the `every` grid. It is validated like
a scenario: unknown keys, bad durations and impossible windows are errors naming the
file, the line and the key.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, ValidationError, field_validator, model_validator

from sim.model.errors import ScenarioError, describe_validation_error, read_text
from sim.model.limits import MAX_AGENTS, MAX_ITEMS
from sim.model.loading import load_toml
from sim.model.section import Section
from sim.model.units import Duration, format_duration

CLOCK = r"^([01]\d|2[0-3]):[0-5]\d$"


def clock_minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def _positive(v: float) -> float:
    if v <= 0:
        raise ValueError("expected a duration greater than zero")
    return v


class Starts(Section):
    """Clock times a pattern may start at, each day: earliest, earliest + every, … latest."""

    earliest: str = Field(default="00:00", pattern=CLOCK)
    latest: str = Field(default="23:59", pattern=CLOCK)
    every: Duration = 60.0

    @field_validator("every")
    @classmethod
    def _step(cls, v: float) -> float:
        return _positive(v)

    @model_validator(mode="after")
    def _ordered(self) -> Starts:
        if clock_minutes(self.latest) < clock_minutes(self.earliest):
            raise ValueError("latest must not be before earliest")
        return self

    def minutes_of_day(self) -> list[int]:
        first, last = clock_minutes(self.earliest), clock_minutes(self.latest)
        step = max(1, round(self.every))
        return list(range(first, last + 1, step))


class Break(Section):
    """One break per shift, starting `earliest`..`latest` after the shift starts."""

    length: Duration
    earliest: Duration = 0.0
    latest: Duration | None = None
    every: Duration = 30.0

    @field_validator("length", "every")
    @classmethod
    def _spans(cls, v: float) -> float:
        return _positive(v)

    def offsets(self, shift_length: float) -> list[float]:
        last = shift_length - self.length if self.latest is None else self.latest
        n = int((last - self.earliest) // self.every)
        return [self.earliest + i * self.every for i in range(n + 1)]


class ShiftPattern(Section):
    name: str | None = None
    team: str | None = None
    length: Duration
    starts: Starts = Starts()
    rest: Break | None = Field(default=None, alias="break")
    min_people: int = Field(default=0, ge=0, le=MAX_AGENTS)
    max_people: int | None = Field(default=None, ge=0, le=MAX_AGENTS)
    cost_per_hour: float = Field(default=1.0, gt=0)

    @field_validator("length")
    @classmethod
    def _span(cls, v: float) -> float:
        return _positive(v)

    @model_validator(mode="after")
    def _consistent(self) -> ShiftPattern:
        if self.max_people is not None and self.max_people < self.min_people:
            raise ValueError("max_people must not be below min_people")
        if self.length > 1440:
            raise ValueError(f"expected a shift of at most 24h, got {format_duration(self.length)}")
        if self.rest is not None:
            latest = self.rest.latest if self.rest.latest is not None else self.length
            if self.rest.length >= self.length:
                raise ValueError("the break must be shorter than the shift")
            if self.rest.earliest + self.rest.length > self.length or latest < self.rest.earliest:
                raise ValueError("the break window must lie inside the shift")
            if latest + self.rest.length > self.length:
                raise ValueError("the break's latest start leaves it running past the shift's end")
        return self

    @property
    def label(self) -> str:
        return self.name or format_duration(self.length)


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


def _owner(loc: tuple[int | str, ...]) -> type[Section]:
    names = [p for p in loc[:-1] if isinstance(p, str)]
    owners: dict[str, type[Section]] = {"starts": Starts, "break": Break}
    return owners.get(names[-1], ShiftPattern)


def load_shifts(path: str | Path, teams: list[str] | None = None) -> list[ShiftPattern]:
    """Read and validate a shifts file, or raise a `ScenarioError` naming the file."""
    p = Path(path)
    return parse_shifts(read_text(p, "shifts file"), str(p), teams)
