"""What the crisis team's actions change in a running engine, each in its own part.

The engine decides when an action applies and what the log says of it; this is the one
place that knows which part of the run each kind of action moves.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.engine.community import Community
from sim.engine.feedback import Feedback
from sim.engine.rota import Rota
from sim.model import actions as act


@dataclass
class Policy:
    """The response protocol as the actions have left it."""

    respond_to: frozenset[str]  # the kinds of mention the team answers
    sla_factor: float = 1.0  # the scenario's SLAs, stretched (or tightened) by this
    vip_reach: int | None = None  # authors with this many followers or more go first


def steer(
    action: act.Action,
    rota: Rota,
    community: Community,
    feedback: Feedback,
    policy: Policy,
    window_end: float,
) -> None:
    """Make `action` (resolved: no "top topic" left in it) change what it changes.

    `window_end` is the end of the arrivals generated so far: a triggered surge sends its
    mentions up to there at once, and later ones with every other source's.
    """
    match action:
        case act.AddAgents(role, count, duration):
            rota.adjust(role, count, duration)
        case act.RemoveAgents(role, count, duration):
            rota.adjust(role, -count, duration)
        case act.PublishFaq(topic) if topic:
            community.start_faq(topic, by="action")
        case act.HoldingStatement(topic, cut, factor, duration) if topic:
            community.hold(topic, cut, factor, duration)
        case act.MobilizeAdvocates(share, duration) if community.advocates is not None:
            community.mobilize(share, duration)  # none to call: "no effect", and no ending
        case act.ChangeProtocol(respond_to, sla_factor, vip_reach):
            if respond_to is not None:
                policy.respond_to = frozenset(respond_to)
            if sla_factor is not None:
                policy.sla_factor = sla_factor
            if vip_reach is not None and (policy.vip_reach or vip_reach) >= vip_reach:
                policy.vip_reach = vip_reach  # a rule only widens: a lower one stays
        case act.TriggerSurge(surge):
            feedback.trigger(surge, window_end)
