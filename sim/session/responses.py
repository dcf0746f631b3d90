"""What the response keys send: the actions a crisis team reaches for, with their defaults.

The same builders serve the dashboard's keys and a drill controller's quick surprise, so a
key pressed anywhere means the same action.
"""

from __future__ import annotations

from sim.engine.mentions import INFLUENCER_REACH
from sim.model import actions as act
from sim.model.scenario import Scenario

LIVE_SURGE_FACTOR = 3.0  # a live shock peaks at three times the everyday flow
LIVE_SURGE_MIN_PEAK = 60.0  # per hour; a scenario without a baseline still gets a visible shock
LIVE_SURGE_HALF_LIFE = "3h"
ADVOCATE_BOOST = 0.2  # a call for help raises the advocates' share of answers by this much
ADVOCATE_FLOOR = 0.3
ADVOCATE_SPAN = 240.0  # minutes a mobilization lasts


def live_surge(scenario: Scenario, topic: str | None) -> act.Action:
    """A controller's inject: a shock on the topic everyone is talking about right now."""
    base = scenario.baseline.per_hour if scenario.baseline else 0.0
    params: dict[str, object] = {
        "name": "Live inject",
        "shape": "shock",
        "peak_per_hour": max(LIVE_SURGE_MIN_PEAK, LIVE_SURGE_FACTOR * base),
        "half_life": LIVE_SURGE_HALF_LIFE,
        "topic": topic or "general",
    }
    return act.action_from_params("trigger_surge", params, scenario)


def vip_first() -> act.Action:
    """Answer big accounts first: authors at the influencer reach jump every queue (a lower
    threshold the protocol already has stays)."""
    return act.ChangeProtocol(vip_reach=INFLUENCER_REACH)


def mobilize(current_share: float) -> act.Action:
    """Ask the community for more help than it gives now, for a while."""
    share = min(1.0, max(ADVOCATE_FLOOR, current_share + ADVOCATE_BOOST))
    return act.MobilizeAdvocates(answer_share=round(share, 2), duration=ADVOCATE_SPAN)
