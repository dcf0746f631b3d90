"""A scenario's card in the picker: the few numbers people choose a rehearsal by."""

from __future__ import annotations

from dataclasses import dataclass

from sim.model.scenario import Scenario
from sim.model.units import format_duration
from sim.model.vocabulary import CHANNELS


@dataclass(frozen=True)
class ScenarioFacts:
    """The key numbers a picker shows before anyone starts a scenario."""

    name: str
    description: str
    duration: str
    start: str
    baseline_per_hour: float
    surges: tuple[str, ...]
    agents: tuple[str, ...]
    channels: tuple[str, ...]


def scenario_facts(scenario: Scenario) -> ScenarioFacts:
    meta = scenario.meta
    surges = []
    for s in scenario.surges:
        size = s.peak_per_hour or s.per_hour or s.to_per_hour
        rate = f", {size:g}/h" if size else ""
        surges.append(
            f"{s.name or s.shape} at {format_duration(s.at)} ({s.shape}{rate}, {s.topic})"
        )
    agents = []
    start_minute = meta.start.hour * 60 + meta.start.minute
    for team in scenario.team:
        staffed = team.staffed(0.0, start_minute)
        agents.append(f"{team.label}: {staffed} at the start")
    return ScenarioFacts(
        name=meta.name,
        description=meta.description.strip(),
        duration=format_duration(meta.duration),
        start=f"{meta.start:%a %d %b %H:%M}",
        baseline_per_hour=scenario.baseline.per_hour if scenario.baseline else 0.0,
        surges=tuple(surges),
        agents=tuple(agents),
        channels=tuple(scenario_channels(scenario)),
    )


def scenario_channels(scenario: Scenario) -> list[str]:
    """The channels a scenario sends mentions on, in the canonical order."""
    used: set[str] = set()
    if scenario.baseline is not None:
        used |= {str(c) for c in scenario.baseline.channels}
    for surge in scenario.surges:
        used |= {str(c) for c in (surge.channels or {})}
    return [c for c in CHANNELS if c in used]
