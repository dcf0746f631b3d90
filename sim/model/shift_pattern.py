"""Shift patterns: the shifts a team can work, from which `plan` builds a roster.

A pattern is the same table in a shifts file (`[[shift]]`, `sim.model.shifts`) and in a
scenario (`[[shift_pattern]]`): a length, the clock times it may start each day, an
optional break window, limits on the people working it and a cost per hour. A break starts
between `earliest` and `latest` after the shift starts, on the `every` grid.
"""

from __future__ import annotations

from pydantic import Field, field_validator, model_validator

from sim.model.limits import MAX_AGENTS
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
