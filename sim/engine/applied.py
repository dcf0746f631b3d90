"""What became of an action: the one answer the dashboard, a drill's log and the store share.

An action can change nothing (an FAQ already under way, a statement before any topic has
come up, advocates in a scenario that has none). The engine says so once, here, instead
of every caller re-deriving it from the engine's state before and after.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.model import actions as act


@dataclass(frozen=True)
class Applied:
    """An action applied at minute `at`: as sent, as resolved, and whether it did anything.

    `sent` may aim at "the top topic" (topic None); `action` names the topic that meant.
    `no_effect` is empty when the action took effect now, else why not, in words. `text`
    is the line the run's log shows for it (the log's words predate some of the reasons,
    so a removal with nobody on shift is logged as the plain removal).
    """

    at: float
    sent: act.Action
    action: act.Action
    no_effect: str
    text: str

    @property
    def took_effect(self) -> bool:
        return not self.no_effect


def why_no_effect(
    action: act.Action,
    *,
    faq_process: bool,
    faq_started: frozenset[str],
    advocates: bool,
    on_shift: dict[str, int],
) -> tuple[str, bool]:
    """Why `action` (resolved) changes nothing now, and whether the log line says so.

    `on_shift` maps each role of the team to its agents on shift now.
    """
    match action:
        case act.PublishFaq(topic):
            if not faq_process:
                return "no FAQ process in this scenario", True
            if topic in faq_started:
                return "already under way or published", True
            if topic is None:
                return "no topic yet", True
        case act.MobilizeAdvocates() if not advocates:
            return "no advocates in this scenario", True
        case act.HoldingStatement(topic) if topic is None:
            return "no topic yet", True
        case act.AddAgents(role) | act.RemoveAgents(role) if role not in on_shift:
            return f"no {role} role in this scenario", False
        case act.RemoveAgents(role) if on_shift[role] == 0:
            return f"nobody on shift in {role} to remove", False
    return "", False
