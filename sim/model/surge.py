"""A `[[surge]]`: an event on top of the baseline, and the spec a controller fires live.

Five shapes (step, ramp, shock, wave, viral) share one table, so which keys apply depends
on `shape`; the validators say which keys a shape takes and which it needs, so a key given
to the wrong shape is an error rather than silently ignored.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from sim.model.limits import MAX_RATE, MAX_SEED_POSTS
from sim.model.section import ChannelShares, KindShares, Section, shares_sum_to_one
from sim.model.units import Duration
from sim.model.vocabulary import Topic

_SHAPE_KEYS: dict[str, set[str]] = {
    "step": {"per_hour", "duration"},
    "ramp": {"from_per_hour", "to_per_hour", "duration"},
    "shock": {"peak_per_hour", "half_life", "tau", "theta", "duration"},
    "wave": {"peak_per_hour", "rise"},
    "viral": {"seed_posts", "branching", "kernel", "mean_delay", "tau", "theta", "reach_exponent"},
}


class Surge(Section):
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
    per_hour: float | None = Field(default=None, ge=0, le=MAX_RATE)
    from_per_hour: float = Field(default=0.0, ge=0, le=MAX_RATE)
    to_per_hour: float | None = Field(default=None, ge=0, le=MAX_RATE)
    peak_per_hour: float | None = Field(default=None, ge=0, le=MAX_RATE)
    duration: Duration | None = None
    half_life: Duration | None = None
    tau: Duration | None = None
    theta: float | None = Field(default=None, gt=0)
    rise: Duration | None = None
    # viral
    seed_posts: int | None = Field(default=None, ge=1, le=MAX_SEED_POSTS)
    branching: float | None = Field(default=None, ge=0, lt=1)
    kernel: Literal["exponential", "power_law", "seismic"] = "seismic"
    mean_delay: Duration | None = None
    reach_exponent: float = Field(default=0.0, ge=0)

    @field_validator("channels")
    @classmethod
    def _channels(cls, v: dict[str, float] | None) -> dict[str, float] | None:
        return None if v is None else shares_sum_to_one(v, "channel")

    @field_validator("kinds")
    @classmethod
    def _kinds(cls, v: dict[str, float] | None) -> dict[str, float] | None:
        return None if v is None else shares_sum_to_one(v, "kind")

    @field_validator("duration", "half_life", "tau", "rise", "mean_delay")
    @classmethod
    def _positive(cls, v: float | None) -> float | None:
        if v is not None and v <= 0:  # each divides a rate or a time: zero means nothing
            raise ValueError("expected a duration greater than zero")
        return v

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
