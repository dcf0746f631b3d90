"""The scenario model: what a TOML scenario file may say, validated.

Every section but `[scenario]` is optional, and a section left out means none of that
mechanism, so the simplest file is a plain queue (the case the Erlang formulas describe).
Every key is documented in `scenarios/README.md`; keep the two in step.
"""

from __future__ import annotations

import math
import tomllib
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from sim.model.errors import ScenarioError, describe_validation_error, read_text
from sim.model.units import DistributionField, Duration, Fixed, parse_duration

Channel = Literal[
    "twitter", "facebook", "instagram", "forum", "reviews", "chat", "sms", "email", "phone"
]
Kind = Literal["question", "complaint", "praise", "crisis", "spam"]
Role = Literal["care", "community_manager", "pr", "escalation"]

CHANNELS: tuple[Channel, ...] = (
    "twitter", "facebook", "instagram", "forum", "reviews", "chat", "sms", "email", "phone",
)  # fmt: skip
KINDS: tuple[Kind, ...] = ("question", "complaint", "praise", "crisis", "spam")
PUBLIC_CHANNELS: tuple[Channel, ...] = ("twitter", "facebook", "instagram", "forum", "reviews")
_RESPOND_TO: tuple[Kind, ...] = ("question", "complaint", "crisis")
_PRIORITY: tuple[Kind, ...] = ("crisis", "complaint", "question", "praise", "spam")
_COMPLAINING: tuple[Kind, ...] = ("complaint", "crisis")

Topic = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=40)]

# Daily profiles: multipliers per hour of day (0h..23h), normalised to mean 1 on load.
# They are illustrative shapes, not fitted data: consumer social traffic is lowest before
# dawn and peaks at lunchtime and in the evening; business traffic follows office hours.
DAILY_PROFILES: dict[str, tuple[float, ...]] = {
    "flat": (1.0,) * 24,
    "consumer": (
        0.45, 0.30, 0.22, 0.18, 0.18, 0.25, 0.45, 0.75, 1.00, 1.15, 1.25, 1.35,
        1.45, 1.40, 1.30, 1.25, 1.25, 1.30, 1.40, 1.50, 1.55, 1.45, 1.15, 0.75,
    ),
    "business": (
        0.15, 0.10, 0.08, 0.08, 0.10, 0.20, 0.50, 1.00, 1.70, 2.00, 2.00, 1.90,
        1.60, 1.80, 1.90, 1.80, 1.60, 1.20, 0.80, 0.55, 0.40, 0.30, 0.25, 0.20,
    ),
}  # fmt: skip


def _shares_sum_to_one(shares: dict[str, float], what: str) -> dict[str, float]:
    if not shares:
        raise ValueError(f"expected at least one {what}")
    bad = [k for k, v in shares.items() if not 0 <= v <= 1]
    if bad:
        raise ValueError(f"shares must be between 0 and 1 (see {', '.join(bad)})")
    total = sum(shares.values())
    if abs(total - 1) > 1e-6:
        raise ValueError(f"{what} shares must add up to 1, they add up to {total:g}")
    return shares


def _only_channel(channel: Channel) -> dict[Channel, float]:
    return {channel: 1.0}


def _only_kind(kind: Kind) -> dict[Kind, float]:
    return {kind: 1.0}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


ChannelShares = dict[Channel, Annotated[float, Field(ge=0, le=1)]]
KindShares = dict[Kind, Annotated[float, Field(ge=0, le=1)]]
TopicShares = dict[Topic, Annotated[float, Field(ge=0, le=1)]]


class Meta(_Model):
    name: str = Field(min_length=1)
    description: str = ""
    duration: Duration
    start: datetime = datetime(2026, 3, 2, 8, 0)
    seed: int = Field(default=1, ge=0)
    warmup: Duration = 0.0
    interval: Duration = 15.0
    brand: str = "Acme"

    @field_validator("duration", "interval")
    @classmethod
    def _positive(cls, v: float) -> float:
        if v <= 0:
            raise ValueError("expected a duration greater than zero")
        return v

    @model_validator(mode="after")
    def _warmup_inside(self) -> Meta:
        if self.warmup >= self.duration:
            raise ValueError("warmup must be shorter than duration")
        return self


class Reach(_Model):
    """Author reach (followers): Pareto with density exponent `alpha` above `minimum`."""

    alpha: float = Field(default=2.016, gt=1)
    minimum: float = Field(default=50, gt=0)


class Baseline(_Model):
    per_hour: float = Field(ge=0)
    daily_profile: Literal["flat", "consumer", "business"] | list[float] = "flat"
    weekly_profile: list[float] = Field(default_factory=lambda: [1.0] * 7)
    channels: ChannelShares = Field(default_factory=lambda: _only_channel("twitter"))
    kinds: KindShares = Field(default_factory=lambda: _only_kind("question"))
    topics: TopicShares = Field(default_factory=lambda: {"general": 1.0})
    sentiment: float = Field(default=0.0, ge=-1, le=1)
    direct: float = Field(default=1.0, ge=0, le=1)
    reach: Reach = Reach()

    @field_validator("daily_profile")
    @classmethod
    def _profile(cls, v: str | list[float]) -> str | list[float]:
        if isinstance(v, list) and (len(v) != 24 or any(x < 0 for x in v) or sum(v) <= 0):
            raise ValueError("expected a profile name or 24 non-negative multipliers")
        return v

    @field_validator("weekly_profile")
    @classmethod
    def _weekly(cls, v: list[float]) -> list[float]:
        if len(v) != 7 or any(x < 0 for x in v) or sum(v) <= 0:
            raise ValueError("expected 7 non-negative multipliers, Monday first")
        return v

    @field_validator("channels")
    @classmethod
    def _channels(cls, v: dict[str, float]) -> dict[str, float]:
        return _shares_sum_to_one(v, "channel")

    @field_validator("kinds")
    @classmethod
    def _kinds(cls, v: dict[str, float]) -> dict[str, float]:
        return _shares_sum_to_one(v, "kind")

    @field_validator("topics")
    @classmethod
    def _topics(cls, v: dict[str, float]) -> dict[str, float]:
        return _shares_sum_to_one(v, "topic")

    def daily(self) -> tuple[float, ...]:
        """The hourly multipliers, normalised to mean 1 so `per_hour` is the daily average."""
        raw = (
            DAILY_PROFILES[self.daily_profile]
            if isinstance(self.daily_profile, str)
            else tuple(self.daily_profile)
        )
        mean = sum(raw) / 24
        return tuple(x / mean for x in raw)

    def weekly(self) -> tuple[float, ...]:
        mean = sum(self.weekly_profile) / 7
        return tuple(x / mean for x in self.weekly_profile)


_SHAPE_KEYS: dict[str, set[str]] = {
    "step": {"per_hour", "duration"},
    "ramp": {"from_per_hour", "to_per_hour", "duration"},
    "shock": {"peak_per_hour", "half_life", "tau", "theta", "duration"},
    "wave": {"peak_per_hour", "rise"},
    "viral": {"seed_posts", "branching", "kernel", "mean_delay", "tau", "theta", "reach_exponent"},
}


class Surge(_Model):
    """An event on top of the baseline. Which keys apply depends on `shape`."""

    name: str = ""
    at: Duration
    shape: Literal["step", "ramp", "shock", "wave", "viral"]
    topic: Topic = "general"
    channels: ChannelShares | None = None
    kinds: KindShares | None = None
    sentiment: float = Field(default=-0.4, ge=-1, le=1)
    direct: float | None = Field(default=None, ge=0, le=1)
    # step / ramp / shock / wave
    per_hour: float | None = Field(default=None, ge=0)
    from_per_hour: float = Field(default=0.0, ge=0)
    to_per_hour: float | None = Field(default=None, ge=0)
    peak_per_hour: float | None = Field(default=None, ge=0)
    duration: Duration | None = None
    half_life: Duration | None = None
    tau: Duration | None = None
    theta: float | None = Field(default=None, gt=0)
    rise: Duration | None = None
    # viral
    seed_posts: int | None = Field(default=None, ge=1)
    branching: float | None = Field(default=None, ge=0, lt=1)
    kernel: Literal["exponential", "power_law", "seismic"] = "seismic"
    mean_delay: Duration | None = None
    reach_exponent: float = Field(default=0.0, ge=0)

    @field_validator("channels")
    @classmethod
    def _channels(cls, v: dict[str, float] | None) -> dict[str, float] | None:
        return None if v is None else _shares_sum_to_one(v, "channel")

    @field_validator("kinds")
    @classmethod
    def _kinds(cls, v: dict[str, float] | None) -> dict[str, float] | None:
        return None if v is None else _shares_sum_to_one(v, "kind")

    @model_validator(mode="after")
    def _no_keys_of_other_shapes(self) -> Surge:
        common = {"name", "at", "shape", "topic", "channels", "kinds", "sentiment", "direct"}
        takes = _SHAPE_KEYS[self.shape]
        stray = sorted(self.model_fields_set - common - takes)
        if stray:
            raise ValueError(
                f"{stray[0]} does not apply to a {self.shape} surge "
                f"(it takes {', '.join(sorted(takes))})"
            )
        return self

    @model_validator(mode="after")
    def _keys_for_shape(self) -> Surge:
        needs: dict[str, tuple[str, ...]] = {
            "step": ("per_hour", "duration"),
            "ramp": ("to_per_hour", "duration"),
            "shock": ("peak_per_hour",),
            "wave": ("peak_per_hour", "rise"),
            "viral": ("seed_posts", "branching"),
        }
        missing = [k for k in needs[self.shape] if getattr(self, k) is None]
        if missing:
            raise ValueError(f"a {self.shape} surge needs {' and '.join(missing)}")
        if self.shape == "shock":
            exp_form = self.half_life is not None
            pow_form = self.tau is not None and self.theta is not None
            if exp_form == pow_form:
                raise ValueError(
                    "a shock surge decays either exponentially (give half_life) "
                    "or as a power law (give tau and theta), exactly one of the two"
                )
        if self.shape == "viral":
            if self.kernel == "exponential" and self.mean_delay is None:
                raise ValueError("a viral surge with an exponential kernel needs mean_delay")
            if self.kernel == "power_law" and (self.tau is None or self.theta is None):
                raise ValueError("a viral surge with a power_law kernel needs tau and theta")
        return self


class Shift(_Model):
    """A daily recurring shift; an overnight shift has end earlier than start."""

    start: str = Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    end: str = Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")
    agents: int = Field(ge=0)

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


class Schedule(_Model):
    """Agents per interval from the scenario start (what a staffing plan writes)."""

    interval: Duration = 60.0
    agents: list[Annotated[int, Field(ge=0)]] = Field(min_length=1)


class Team(_Model):
    role: Role
    name: str | None = None
    agents: int = Field(default=0, ge=0)
    shifts: list[Shift] = Field(default_factory=list, alias="shift")
    schedule: Schedule | None = None
    channels: list[Channel] | None = None
    kinds: list[Kind] | None = None
    topics: list[Topic] | None = None
    concurrency: int = Field(default=1, ge=1, le=10)
    handle_time: DistributionField

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


ChannelDurations = dict[Channel | Literal["default"], Duration]


def _default_sla() -> dict[Channel | Literal["default"], float]:
    """One hour: 53% of people, and 72% of complainers, expect a Twitter reply within
    an hour (Lithium / Millward Brown Digital 2013, domain research §4)."""
    return {"default": 60.0}


class Protocol(_Model):
    respond_to: list[Kind] = Field(default_factory=lambda: list(_RESPOND_TO))
    priority: list[Kind] = Field(default_factory=lambda: list(_PRIORITY))
    vip_reach: int | None = Field(default=None, ge=1)
    sla: ChannelDurations = Field(default_factory=lambda: _default_sla())
    patience: DistributionField | dict[Channel | Literal["default"], DistributionField] | None = (
        None
    )

    @field_validator("priority")
    @classmethod
    def _priority(cls, v: list[str]) -> list[str]:
        if len(set(v)) != len(v):
            raise ValueError("each kind may appear once in the priority order")
        return v

    def sla_for(self, channel: str) -> float:
        table = {str(k): v for k, v in self.sla.items()}
        return table.get(channel, table.get("default", math.inf))

    def rank(self, kind: str) -> int:
        """Lower is served first; kinds left out of the order come last, in a tie."""
        order: list[str] = list(self.priority)
        return order.index(kind) if kind in order else len(order)


class Advocates(_Model):
    answer_share: float = Field(ge=0, le=1)
    delay: DistributionField
    accuracy: float = Field(default=1.0, ge=0, le=1)
    channels: list[Channel] = Field(default_factory=lambda: list(PUBLIC_CHANNELS))
    kinds: list[Kind] = Field(default_factory=lambda: list(KINDS[:1]))


class Faq(_Model):
    trigger: int = Field(ge=1)
    window: Duration
    draft_time: Duration
    approval_time: Duration
    deflection: float = Field(ge=0, le=1)
    handle_factor: float = Field(default=0.8, gt=0, le=1)
    topics: list[Topic] | None = None

    def covers(self, topic: str) -> bool:
        """Can this topic get an FAQ? By default every topic but the catch-all `general`."""
        return topic in self.topics if self.topics is not None else topic != "general"


class Followups(_Model):
    """Missed complaints that come back louder."""

    probability: float = Field(ge=0, le=1)
    delay: DistributionField
    kinds: list[Kind] = Field(default_factory=lambda: list(_COMPLAINING))
    channels: ChannelShares | None = None
    sentiment_drop: float = Field(default=0.3, ge=0, le=2)
    viral_reach: int | None = Field(default=None, ge=1)
    viral_seed_posts: int = Field(default=10, ge=1)
    viral_branching: float = Field(default=0.5, ge=0, lt=1)


class Listening(_Model):
    coverage: float = Field(ge=0, le=1)
    delay: DistributionField = Field(default_factory=lambda: Fixed.model_validate({"value": "0s"}))


class Handoff(_Model):
    to: str = Field(min_length=1)
    delay: DistributionField


class Offline(_Model):
    share: float = Field(ge=0, le=1)
    path: list[Handoff] = Field(default_factory=list)


class Reputation(_Model):
    at_risk_share: float = Field(default=0.495, ge=0, le=1)


class Inject(_Model):
    """A timed action; the keys besides `at` and `action` are the action's parameters."""

    model_config = ConfigDict(extra="allow", frozen=True)
    at: Duration
    action: str

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class Scenario(_Model):
    meta: Meta = Field(alias="scenario")
    baseline: Baseline | None = None
    surges: list[Surge] = Field(default_factory=list, alias="surge")
    team: list[Team] = Field(default_factory=list)
    protocol: Protocol = Protocol()
    advocates: Advocates | None = None
    faq: Faq | None = None
    followups: Followups | None = None
    listening: Listening | None = None
    offline: Offline | None = None
    reputation: Reputation = Reputation()
    injects: list[Inject] = Field(default_factory=list, alias="inject")

    @model_validator(mode="after")
    def _unique_team_labels(self) -> Scenario:
        labels = [t.label for t in self.team]
        dupes = sorted({x for x in labels if labels.count(x) > 1})
        if dupes:
            raise ValueError(
                f"two teams share the name {dupes[0]!r}: give each group a distinct `name`"
            )
        return self

    def topics(self) -> list[str]:
        """Every topic the scenario can produce, baseline first, in file order."""
        seen: dict[str, None] = {}
        if self.baseline:
            seen.update(dict.fromkeys(self.baseline.topics))
        seen.update(dict.fromkeys(s.topic for s in self.surges))
        return list(seen)


def parse_scenario(text: str, source: str = "<scenario>") -> Scenario:
    """Validate scenario TOML text; every failure is a `ScenarioError` naming where."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError.from_toml_error(source, exc) from None
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise describe_validation_error(source, text, exc) from None
    for loc, expected in problems(scenario):
        raise ScenarioError.at(source, text, loc, expected)
    for i, inject in enumerate(scenario.injects):
        _check_inject(source, text, i, inject, scenario)
    return scenario


def problems(scenario: Scenario) -> list[tuple[tuple[str | int, ...], str]]:
    """What is wrong across sections (a single section's model cannot see it)."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    alpha = (scenario.baseline.reach if scenario.baseline else Reach()).alpha
    for i, surge in enumerate(scenario.surges):
        if surge.reach_exponent >= alpha - 1:
            found.append(
                (
                    ("surge", i, "reach_exponent"),
                    f"expected less than baseline.reach.alpha - 1 = {alpha - 1:g}, "
                    f"or the mean cascade is infinite; got {surge.reach_exponent:g}",
                )
            )
    return found


def _check_inject(source: str, text: str, index: int, inject: Inject, sc: Scenario) -> None:
    from sim.model.actions import ActionError, action_from_params

    try:
        action_from_params(inject.action, inject.params, sc)
    except ActionError as exc:
        raise ScenarioError.at(source, text, ("inject", index, exc.key), exc.expected) from None


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file, or raise a `ScenarioError` naming the file."""
    p = Path(path)
    text = read_text(p)
    return parse_scenario(text, str(p))


__all__ = [
    "CHANNELS",
    "KINDS",
    "PUBLIC_CHANNELS",
    "Scenario",
    "ScenarioError",
    "load_scenario",
    "parse_duration",
    "parse_scenario",
]
