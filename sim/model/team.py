"""A `[[team]]`: one group of agents, its skills and how many are on shift when.

Staffing is given one of three ways (a flat count, daily shifts, or a schedule per
interval, which is what a staffing plan writes); `staffed` and `change_points` answer the
engine's two questions about it whichever way was used.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator, model_validator

from sim.model.limits import MAX_AGENTS, MAX_ITEMS
from sim.model.section import Section
from sim.model.units import DistributionField, Duration
from sim.model.vocabulary import Channel, Kind, Role, Topic


class Shift(Section):
    """A daily recurring shift; an overnight shift has end earlier than start."""

    start: str = Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    end: str = Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")
    agents: int = Field(ge=0, le=MAX_AGENTS)

    def covers(self, minute_of_day: float) -> bool:
        s, e = _clock_minutes(self.start), _clock_minutes(self.end)
        if s == e:
            return True
        if s < e:
            return s <= minute_of_day < e
        return minute_of_day >= s or minute_of_day < e


def _clock_minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


class Schedule(Section):
    """Agents per interval from the scenario start (what a staffing plan writes)."""

    interval: Duration = 60.0
    agents: list[Annotated[int, Field(ge=0, le=MAX_AGENTS)]] = Field(
        min_length=1, max_length=MAX_ITEMS
    )

    @field_validator("interval")
    @classmethod
    def _positive(cls, v: float) -> float:
        if v <= 0:  # the schedule is indexed by time // interval
            raise ValueError("expected a duration greater than zero")
        return v


class Team(Section):
    role: Role
    name: str | None = None
    agents: int = Field(default=0, ge=0, le=MAX_AGENTS)
    shifts: list[Shift] = Field(default_factory=list, alias="shift", max_length=MAX_ITEMS)
    schedule: Schedule | None = None
    channels: list[Channel] | None = None
    kinds: list[Kind] | None = None
    topics: list[Topic] | None = None
    concurrency: int = Field(default=1, ge=1, le=10)
    concurrency_slowdown: float = Field(default=0.0, ge=0, le=2)
    handle_time: DistributionField
    overflow_channels: list[Channel] = Field(default_factory=list)
    overflow_after: Duration = 0.0

    @field_validator("overflow_after")
    @classmethod
    def _not_negative(cls, v: float) -> float:
        if v < 0:
            raise ValueError("expected a duration of zero or more")
        return v

    @model_validator(mode="after")
    def _overflow_is_other_work(self) -> Team:
        own = set(self.channels) if self.channels is not None else None
        if own is None and self.overflow_channels:
            raise ValueError("overflow_channels needs `channels`: the group already serves all")
        both = sorted(set(self.overflow_channels) & (own or set()))
        if both:
            raise ValueError(f"{both[0]!r} is both one of `channels` and an overflow channel")
        return self

    def slowdown(self, held: int) -> float:
        """How much longer a mention takes when the agent holds `held` at once, itself
        included: 1 + `concurrency_slowdown` for each other mention held."""
        return 1.0 + self.concurrency_slowdown * (held - 1)

    @model_validator(mode="after")
    def _one_staffing_form(self) -> Team:
        if self.shifts and self.schedule is not None:
            raise ValueError("give shifts or a schedule, not both")
        return self

    @property
    def label(self) -> str:
        return self.name or self.role

    def staffed(self, t: float, start_minute_of_day: float) -> int:
        """Agents this group should have on shift at minute `t` of the run."""
        if self.schedule is not None:
            index = min(int(t // self.schedule.interval), len(self.schedule.agents) - 1)
            return self.schedule.agents[index]
        if self.shifts:
            minute = (start_minute_of_day + t) % 1440
            return sum(s.agents for s in self.shifts if s.covers(minute))
        return self.agents

    def change_points(self, duration: float, start_minute_of_day: float) -> list[float]:
        """Minutes of the run at which `staffed` may change."""
        if self.schedule is not None:
            n = len(self.schedule.agents)
            return [i * self.schedule.interval for i in range(1, n)]
        if self.shifts:
            marks = {_clock_minutes(s.start) % 1440 for s in self.shifts}
            marks |= {_clock_minutes(s.end) % 1440 for s in self.shifts}
            points: list[float] = []
            day = 0.0
            while day - start_minute_of_day < duration:
                points += [day + m - start_minute_of_day for m in sorted(marks)]
                day += 1440
            return [p for p in points if 0 < p < duration]
        return []
