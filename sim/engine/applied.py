"""What became of an action: the one answer the dashboard, a drill's log and the store share.

An action can change nothing (an FAQ already under way, a statement before any topic has
come up, advocates in a scenario that has none). The engine says so once, here, instead
of every caller re-deriving it from the engine's state before and after.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sim.engine.community import Community
from sim.engine.team import Group
from sim.model import actions as act
from sim.model.units import clock_label


@dataclass(frozen=True)
class Applied:
    """An action applied at minute `at`: as sent, as resolved, and whether it did anything.

    `sent` may aim at "the top topic" (topic None); `action` names the topic that meant.
    `no_effect` is empty when the action took effect now, else why not, in words. `text`
    is the line the run's log shows for it: the reason, for an FAQ, statement or advocates
    that changed nothing (a removal with nobody on shift among them).
    """

    at: float
    sent: act.Action
    action: act.Action
    no_effect: str
    text: str

    @property
    def took_effect(self) -> bool:
        return not self.no_effect


def resolve(action: act.Action, top_topic: Callable[[], str | None]) -> act.Action:
    """The same action with "the top topic" replaced by the topic it means now, if any."""
    if isinstance(action, act.PublishFaq | act.HoldingStatement) and action.topic is None:
        top = top_topic()
        if top:
            return dataclasses.replace(action, topic=top)
    return action


def within_staff(action: act.Action, groups: list[Group]) -> act.Action:
    """A removal of more agents than are on shift, as the removal of those on shift: what
    it does, and what the log and the notice then say ("-4 care agents", not "-50")."""
    if isinstance(action, act.RemoveAgents):
        group = next((g for g in groups if g.label == action.role), None)
        if group is not None and 0 < group.on_shift < action.count:
            return dataclasses.replace(action, count=group.on_shift)
    return action


def why_no_effect(
    action: act.Action,
    community: Community,
    groups: list[Group],
    start: datetime,
    vip_reach: int | None = None,
    alert_open: Callable[[], bool] | None = None,
) -> tuple[str, bool]:
    """Why `action` (resolved) changes nothing now, and whether its log line says so.

    The reason says what already happened and when ("FAQ for recall-refund already
    published at Day 1 15:19"), never just that nothing did; the log then shows the reason
    instead of the action's usual line, which would claim what did not happen.
    """
    faq = community.faq
    match action:
        case act.PublishFaq(topic):
            if faq.spec is None:
                return "no FAQ process in this scenario", True
            if topic is None:
                return "no topic has come up yet for an FAQ", True
            if topic in faq.started:
                return _faq_state(topic, faq.started_at, faq.published_at, start), True
        case act.MobilizeAdvocates() if community.advocates is None:
            return "no advocates in this scenario", True
        case act.HoldingStatement(topic) if topic is None:
            return "no topic has come up yet for a statement", True
        case act.ChangeProtocol(None, None, reach) if reach and vip_reach and vip_reach <= reach:
            return f"authors with {vip_reach:,}+ followers already go first", True
        case act.AcknowledgeAlert() if alert_open is not None and not alert_open():
            return "no spike alert open", True  # (where a session watches for alerts)
        case act.AddAgents(role) | act.RemoveAgents(role):
            group = next((g for g in groups if g.label == role), None)
            if group is None:
                return f"no {role} role in this scenario", False
            if isinstance(action, act.RemoveAgents) and group.on_shift == 0:
                return f"nobody on shift in {role} to remove", True
    return "", False


def _faq_state(
    topic: str,
    started_at: dict[str, tuple[float, str]],
    published_at: dict[str, float],
    start: datetime,
) -> str:
    if topic in published_at:
        return f"FAQ for {topic} already published at {clock_label(start, published_at[topic])}"
    at, by = started_at.get(topic, (0.0, "process"))
    who = "by the FAQ process" if by == "process" else "by the team"
    return f"FAQ for {topic} already being drafted (started {clock_label(start, at)} {who})"
