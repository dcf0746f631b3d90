"""The scenario as a whole: its `[scenario]` table, its sections and what crosses them.

Every section but `[scenario]` is optional, and a section left out means none of that
mechanism, so the simplest file is a plain queue (the case the Erlang formulas describe).
Every key is documented in `scenarios/README.md`; keep the two in step. Checks that need
more than one section live here, next to the model that holds them all.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pydantic import ConfigDict, Field, ValidationInfo, field_validator, model_validator

from sim.model.alerting import Alerts
from sim.model.backlog import Backlog
from sim.model.community import Advocates, Faq
from sim.model.feedback import Followups, Offline, Reputation
from sim.model.limits import MAX_INTERVALS, MAX_ITEMS, MAX_RUN_MINUTES, MAX_SEED
from sim.model.protocol import Listening, Protocol
from sim.model.section import Section
from sim.model.shift_pattern import ShiftPattern
from sim.model.surge import Surge
from sim.model.team import Team
from sim.model.traffic import Baseline, Reach
from sim.model.units import Duration, format_duration


class Meta(Section):
    name: str = Field(min_length=1)
    description: str = ""
    duration: Duration
    start: datetime = datetime(2026, 3, 2, 8, 0)
    seed: int = Field(default=1, ge=0, le=MAX_SEED)
    warmup: Duration = 0.0
    interval: Duration = 15.0
    brand: str = "Acme"

    @field_validator("duration", "interval")
    @classmethod
    def _positive(cls, v: float) -> float:
        if v <= 0:
            raise ValueError("expected a duration greater than zero")
        return v

    @field_validator("duration")
    @classmethod
    def _not_endless(cls, v: float) -> float:
        if v > MAX_RUN_MINUTES:
            raise ValueError(f"expected a duration of at most 90d, got {format_duration(v)}")
        return v

    @field_validator("interval")
    @classmethod
    def _intervals_bounded(cls, v: float, info: ValidationInfo) -> float:
        duration = info.data.get("duration")
        if duration is not None and v > 0 and duration / v > MAX_INTERVALS:
            raise ValueError(  # the engine ticks once an interval
                f"expected a longer interval: at most {MAX_INTERVALS:,} in a run, "
                f"got {duration / v:,.0f}"
            )
        return v

    @model_validator(mode="after")
    def _warmup_inside(self) -> Meta:
        if self.warmup >= self.duration:
            raise ValueError("warmup must be shorter than duration")
        return self


class Inject(Section):
    """A timed action; the keys besides `at` and `action` are the action's parameters."""

    model_config = ConfigDict(extra="allow", frozen=True)
    at: Duration
    action: str

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class Scenario(Section):
    meta: Meta = Field(alias="scenario")
    baseline: Baseline | None = None
    surges: list[Surge] = Field(default_factory=list, alias="surge", max_length=MAX_ITEMS)
    team: list[Team] = Field(default_factory=list, max_length=MAX_ITEMS)
    protocol: Protocol = Protocol()
    advocates: Advocates | None = None
    faq: Faq | None = None
    followups: Followups | None = None
    listening: Listening | None = None
    offline: Offline | None = None
    reputation: Reputation = Reputation()
    alerts: Alerts = Alerts()
    injects: list[Inject] = Field(default_factory=list, alias="inject", max_length=MAX_ITEMS)
    backlog: list[Backlog] = Field(default_factory=list, max_length=MAX_ITEMS)
    shift_patterns: list[ShiftPattern] = Field(
        default_factory=list, alias="shift_pattern", max_length=MAX_ITEMS
    )

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
        """Every topic the scenario can produce, baseline first, in file order, then the
        topics of the surges its injects trigger."""
        seen: dict[str, None] = {}
        if self.baseline:
            seen.update(dict.fromkeys(self.baseline.topics))
        seen.update(dict.fromkeys(s.topic for s in self.surges))
        for inject in self.injects:
            if inject.action == "trigger_surge":
                seen[str(inject.params.get("topic", "general"))] = None
        return list(seen)

    def unknown_topic(self, topic: str | None, more: Sequence[str] = ()) -> str | None:
        """Why a file's action on `topic` can never act, or None: an FAQ or statement on a
        topic nobody posts about is a typo (`recal-refund`), and would silently do nothing."""
        topics = [*self.topics(), *(t for t in more if t not in self.topics())]
        if topic is None or topic in topics:
            return None
        close = difflib.get_close_matches(topic, topics, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return f"no topic {topic!r} in this scenario{hint} (topics: {', '.join(topics)})"


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
    labels = [t.label for t in scenario.team]
    for i, pattern in enumerate(scenario.shift_patterns):
        if pattern.team is not None and pattern.team not in labels:
            teams = ", ".join(labels) or "none: the scenario has no [[team]]"
            found.append(
                (
                    ("shift_pattern", i, "team"),
                    f"no team called {pattern.team!r}; expected one of: {teams}",
                )
            )
    return found
