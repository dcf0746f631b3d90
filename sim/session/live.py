"""A live session: a scenario played now, with every key a person presses applied at once."""

from __future__ import annotations

from dataclasses import dataclass, field

from sim.engine.applied import Applied
from sim.model import actions as act
from sim.model.scenario import Scenario
from sim.session.clock import Clock
from sim.session.run import Capabilities, Ending, PlayedRun, new_engine


@dataclass
class LiveSession:
    """The dashboard's everyday session: play, act, restart, pick another scenario."""

    run: PlayedRun
    capabilities: Capabilities = field(default_factory=Capabilities)
    title: str = "surgedesk"

    @classmethod
    def start(
        cls, scenario: Scenario, seed: int | None = None, clock: Clock | None = None
    ) -> LiveSession:
        return cls(PlayedRun(new_engine(scenario, seed), clock or Clock()))

    def send(self, action: act.Action) -> Applied:
        return self.run.send(action)

    def end(self) -> Ending:
        return Ending(self.run.engine.summary().as_dict(), len(self.run.sent))

    def restart(self, scenario: Scenario, seed: int | None = None) -> None:
        """A fresh run of `scenario` in place of this one; speed and pause carry over."""
        self.run = PlayedRun(new_engine(scenario, seed), self.run.clock)
