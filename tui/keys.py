"""Every key of the dashboard, once: what it does, and which capability it needs.

Bindings, the help screen and the check that switches a key off all read this table, so a
session that cannot do something (a replay cannot change the recorded run) offers neither
the key nor its help line.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.session.run import Capabilities


@dataclass(frozen=True)
class Key:
    keys: str  # as the help screen writes it
    action: str  # the app's action it runs ("" for keys handled by a screen)
    text: str
    needs: str = ""  # Capabilities fields, space-separated, all needed; "" for always

    def lacks(self, capabilities: Capabilities) -> str | None:
        """The first capability this key needs and `capabilities` has not, if any."""
        return next((n for n in self.needs.split() if not getattr(capabilities, n)), None)


KEYS: tuple[Key, ...] = (
    Key("space", "toggle_pause", "pause or resume the clock", "clock"),
    Key("- / +", "faster", "slower / faster (real time up to max)", "clock"),
    Key("n", "step", "step one reporting interval (pauses)", "clock"),
    Key("a / A", "add_agent", "add / remove an agent in the selected team", "act"),
    Key("g", "next_role", "select the next team", "act"),
    Key("f", "faq", "publish an FAQ: pick the topic (the top topic first)", "act"),
    Key("h", "holding", "post a holding statement: pick the topic", "act"),
    Key("m", "mobilize", "mobilize community advocates for 4h", "act"),
    Key("s", "surge", "trigger a surge: a shock on the top topic", "act surge"),
    Key("v", "vip", "answer big accounts first (10,000+ followers)", "act"),
    Key("k", "acknowledge", "acknowledge the open spike alert", "act"),
    Key("r", "restart", "restart with the next seed", "restart"),
    Key("p", "pick", "pick another scenario", "restart"),
    Key("P", "plan", "plan staffing for the selected team", "plan"),
    Key("?", "help", "this help"),
    Key("q", "quit", "quit"),
    Key("c", "controller", "controller: fire injects, pause, evaluator notes", "controller"),
    Key("e", "note", "write an evaluator's note about the latest inject", "notes"),
    Key("o", "hotwash", "hotwash: the drill's score so far", "hotwash"),
    Key("j", "timeline", "timeline: jump to a recorded inject, action or note", "timeline"),
)

# App actions and the capability each needs; anything not listed is always allowed.
NEEDS: dict[str, str] = {k.action: k.needs for k in KEYS if k.needs}
NEEDS.update(remove_agent="act", save_results="", slower="clock")


def allowed(action: str, capabilities: Capabilities) -> bool:
    return all(getattr(capabilities, n) for n in NEEDS.get(action, "").split())


# Why a key does nothing in a session that lacks what it needs: said, not silent.
WHY_NOT: dict[str, str] = {
    "act": "a replay plays the run as recorded, and in a hosted drill only the players act",
    "restart": "only a live run can be restarted or swapped for another scenario",
    "plan": "the planner opens on a live run; in a drill it would show the script's surges",
    "clock": "the drill's controller runs the clock",
    "controller": "only a drill's controller fires injects",
    "hotwash": "only a drill has a score; in a hosted drill it is the controller's until the end",
    "timeline": "only a replay has a timeline to jump along",
    "notes": "only an observer's seat writes notes on this key",
    "surge": "in a drill, surges are the controller's: c, then l",
}
KEY_NAMES = {"-": "minus", "+": "plus", "?": "question_mark"}  # as Textual names the keys


def refusal(key: str, capabilities: Capabilities) -> str | None:
    """What to tell someone who pressed `key`, if it needs what this session lacks."""
    for k in KEYS:
        lacking = k.lacks(capabilities)
        if lacking is None:
            continue
        for shown in k.keys.split(" / "):
            if key == KEY_NAMES.get(shown, shown):
                return f"{shown} does nothing here: {WHY_NOT[lacking]}"
    return None


def help_keys(capabilities: Capabilities) -> list[tuple[str, str]]:
    """The help screen's rows: the keys this session offers, in the table's order."""
    return [(k.keys, k.text) for k in KEYS if k.lacks(capabilities) is None]
