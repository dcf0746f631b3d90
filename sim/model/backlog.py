"""A `[[backlog]]`: mentions already waiting when the run starts.

Crises rarely start at inbox zero, and a surge episode is best simulated from a realistic
state rather than an empty one (surge-models research: "start it from a realistic state
(existing backlog, busy agents)"). Each table puts `count` mentions of one channel and
kind in the queue at minute 0, each posted `age` before it (a distribution: ages differ).
"""

from __future__ import annotations

from pydantic import Field

from sim.model.limits import MAX_SEED_POSTS
from sim.model.section import Section
from sim.model.units import DistributionField
from sim.model.vocabulary import Channel, Kind, Topic


class Backlog(Section):
    channel: Channel
    kind: Kind
    count: int = Field(ge=1, le=MAX_SEED_POSTS)
    age: DistributionField
    topic: Topic = "general"
