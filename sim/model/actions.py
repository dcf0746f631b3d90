"""The action vocabulary: one change made to a running simulation.

The same actions serve scenario `[[inject]]` tables, dashboard keys, drill scripts and the
run's log, so a drill can be replayed exactly from its log. Each action is a frozen
dataclass; `action_from_params` builds one from the loose keys an inject or a script gives,
with an error that names the offending key.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from sim.model.units import parse_duration

if TYPE_CHECKING:
    from sim.model.scenario import Scenario, Surge


class ActionError(ValueError):
    """A bad action parameter: which key, and what was expected."""

    def __init__(self, key: str, expected: str) -> None:
        super().__init__(f"{key}: {expected}")
        self.key = key
        self.expected = expected


@dataclass(frozen=True)
class AddAgents:
    """Bring agents of a role on shift, optionally only for a while (a surge rota)."""

    role: str
    count: int = 1
    duration: float | None = None


@dataclass(frozen=True)
class RemoveAgents:
    """Take agents off (sick calls, a break); busy ones finish what they hold first."""

    role: str
    count: int = 1
    duration: float | None = None


@dataclass(frozen=True)
class PublishFaq:
    """Start drafting an FAQ now, skipping the trigger but not the drafting and approval.

    `topic=None` means the busiest topic of the last FAQ window.
    """

    topic: str | None = None


@dataclass(frozen=True)
class HoldingStatement:
    """A public holding statement on a topic: fewer new questions, more patient customers.

    Defaults: `cut` 0.25 sits between a static FAQ's 5–15% deflection and recall IVR
    messaging's 60–70% (domain research §4, knowledgebasesoftware.net and the Premiere
    Response case); `patience_factor` and `duration` are illustrative, not measured.
    """

    topic: str | None = None
    cut: float = 0.25
    patience_factor: float = 1.5
    duration: float = 240.0


@dataclass(frozen=True)
class MobilizeAdvocates:
    """Ask the community to help: advocates answer a larger share for a while."""

    answer_share: float = 0.3
    duration: float | None = None


@dataclass(frozen=True)
class ChangeProtocol:
    """Change the response rules, e.g. stop answering praise during the surge."""

    respond_to: tuple[str, ...] | None = None
    sla_factor: float | None = None


@dataclass(frozen=True)
class TriggerSurge:
    """Start a surge now (a controller's live inject)."""

    surge: Surge


Action = (
    AddAgents
    | RemoveAgents
    | PublishFaq
    | HoldingStatement
    | MobilizeAdvocates
    | ChangeProtocol
    | TriggerSurge
)

ACTION_TYPES: dict[str, type[Any]] = {
    "add_agents": AddAgents,
    "remove_agents": RemoveAgents,
    "publish_faq": PublishFaq,
    "holding_statement": HoldingStatement,
    "mobilize_advocates": MobilizeAdvocates,
    "change_protocol": ChangeProtocol,
    "trigger_surge": TriggerSurge,
}
ACTION_NAMES: dict[type[Any], str] = {v: k for k, v in ACTION_TYPES.items()}

_DURATION_KEYS = {"duration"}
_SHARE_KEYS = {"cut", "answer_share"}


def action_name(action: Action) -> str:
    return ACTION_NAMES[type(action)]


def action_from_params(name: str, params: dict[str, Any], scenario: Scenario) -> Action:
    """Build an action from an inject's keys; `ActionError` names the bad key."""
    if name not in ACTION_TYPES:
        raise ActionError("action", f"expected one of {', '.join(ACTION_TYPES)}, got {name!r}")
    cls = ACTION_TYPES[name]
    if cls is TriggerSurge:
        return _surge_action(params)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(params) - set(fields))
    if unknown:
        raise ActionError(
            unknown[0], f"unknown key for {name}; expected one of: {', '.join(fields)}"
        )
    values: dict[str, Any] = {}
    for key, raw in params.items():
        values[key] = _convert(key, raw)
    missing = [
        f.name
        for f in fields.values()
        if f.name not in values
        and f.default is dataclasses.MISSING
        and f.default_factory is dataclasses.MISSING
    ]
    if missing:
        raise ActionError(missing[0], f"{name} needs this key")
    action: Action = cls(**values)
    _check_against_scenario(action, scenario)
    return action


def _convert(key: str, raw: Any) -> Any:
    if key in _DURATION_KEYS:
        try:
            return parse_duration(raw)
        except ValueError as exc:
            raise ActionError(key, str(exc)) from None
    if key == "count":
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
            raise ActionError(key, f"expected a whole number of agents, 1 or more, got {raw!r}")
        return raw
    if key in _SHARE_KEYS or key in {"patience_factor", "sla_factor"}:
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise ActionError(key, f"expected a number, got {raw!r}")
        if key in _SHARE_KEYS and not 0 <= raw <= 1:
            raise ActionError(key, f"expected a share between 0 and 1, got {raw!r}")
        if key not in _SHARE_KEYS and raw <= 0:
            raise ActionError(key, f"expected a number greater than 0, got {raw!r}")
        return float(raw)
    if key == "respond_to":
        from sim.model.scenario import KINDS

        if not isinstance(raw, list) or any(k not in KINDS for k in raw):
            raise ActionError(key, f"expected a list of kinds from {', '.join(KINDS)}")
        return tuple(raw)
    if key in {"role", "topic"}:
        if not isinstance(raw, str) or not raw:
            raise ActionError(key, f"expected a name, got {raw!r}")
        return raw
    return raw


def _surge_action(params: dict[str, Any]) -> TriggerSurge:
    from sim.model.errors import format_key
    from sim.model.scenario import Surge

    try:
        surge = Surge.model_validate({"at": "0m", **params})
    except ValidationError as exc:
        first = exc.errors()[0]
        key = format_key(tuple(first["loc"])) or "surge"
        raise ActionError(key, first["msg"]) from None
    return TriggerSurge(surge)


def _check_against_scenario(action: Action, scenario: Scenario) -> None:
    if isinstance(action, AddAgents | RemoveAgents):
        labels = [t.label for t in scenario.team]
        if action.role not in labels:
            have = ", ".join(labels) if labels else "none: the scenario has no [[team]]"
            raise ActionError("role", f"no team called {action.role!r} (teams: {have})")


def action_to_params(action: Action) -> dict[str, Any]:
    """The inverse of `action_from_params`: keys an inject, a script or a log can hold.

    Durations are written in minutes with their unit, so they read back exactly.
    """
    if isinstance(action, TriggerSurge):
        surge = action.surge.model_dump(exclude_defaults=True, exclude={"at"}, by_alias=True)
        out = {k: _duration_text(k, v) for k, v in surge.items()}
        return {"action": "trigger_surge", **out}
    params: dict[str, Any] = {"action": action_name(action)}
    for f in dataclasses.fields(action):
        value = getattr(action, f.name)
        if value is None or value == f.default:
            continue
        if f.name in _DURATION_KEYS:
            value = _duration_text(f.name, value)
        elif isinstance(value, tuple):
            value = list(value)
        params[f.name] = value
    return params


_SURGE_DURATIONS = {"duration", "half_life", "tau", "rise", "mean_delay"}


def _duration_text(key: str, value: Any) -> Any:
    if key in _DURATION_KEYS | _SURGE_DURATIONS and isinstance(value, float):
        return f"{value!r}m"
    return value


def describe(action: Action) -> str:
    """One line for the event log, in the words a crisis team uses."""
    match action:
        case AddAgents(role, count, duration):
            span = f" for {_fmt(duration)}" if duration else ""
            return f"+{count} {role} agent{'s' if count > 1 else ''}{span}"
        case RemoveAgents(role, count, duration):
            span = f" for {_fmt(duration)}" if duration else ""
            return f"-{count} {role} agent{'s' if count > 1 else ''}{span}"
        case PublishFaq(topic):
            return f"FAQ drafting started on {topic or 'the top topic'}"
        case HoldingStatement(topic, cut, factor, duration):
            return (
                f"holding statement on {topic or 'the top topic'} "
                f"(-{cut:.0%} new questions, patience x{factor:g}, {_fmt(duration)})"
            )
        case MobilizeAdvocates(share, duration):
            span = f" for {_fmt(duration)}" if duration else ""
            return f"advocates mobilized: answer share {share:.0%}{span}"
        case ChangeProtocol(respond_to, sla_factor):
            parts = []
            if respond_to is not None:
                parts.append(f"respond to {', '.join(respond_to) or 'nothing'}")
            if sla_factor is not None:
                parts.append(f"SLA x{sla_factor:g}")
            return "protocol changed: " + ("; ".join(parts) or "no change")
        case TriggerSurge(surge):
            return f"surge triggered: {surge.name or surge.shape} on {surge.topic}"
    raise AssertionError(f"unknown action {action!r}")


def _fmt(minutes: float) -> str:
    from sim.model.units import format_duration

    return format_duration(minutes)
