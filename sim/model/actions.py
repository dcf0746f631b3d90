"""The action vocabulary: one change made to a running simulation.

The same actions serve scenario `[[inject]]` tables, dashboard keys, drill scripts and the
run's log, so a drill can be replayed exactly from its log. Each action is a frozen pydantic
dataclass carrying its name as a discriminator, so the loose keys an inject, a script or a
stored event gives are checked by one `TypeAdapter` over the union of all of them.

Actions built in Python (`AddAgents("care", 1)`) are taken as given; keys read from a file
or a log are checked (`sim.model.action_fields`), and an error names the offending key.
"""

from __future__ import annotations

import dataclasses
from dataclasses import field
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import (
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
)
from pydantic.dataclasses import dataclass
from pydantic_core import ErrorDetails

from sim.model.action_fields import (
    UNKNOWN_TEAM,
    AgentCount,
    Factor,
    KindList,
    Minutes,
    OptionalFactor,
    OptionalMinutes,
    OptionalReach,
    OptionalTopic,
    Share,
    TeamLabel,
)
from sim.model.errors import format_key
from sim.model.scenario import Scenario
from sim.model.surge import Surge
from sim.model.units import counted, format_duration

# Built when first used, not at import: a run without injects or keys never needs them.
_STRICT = ConfigDict(extra="forbid", allow_inf_nan=False, defer_build=True)
_TAG = "action"  # the discriminator: every action carries its own name under this key


class ActionError(ValueError):
    """A bad action parameter: which key, and what was expected."""

    def __init__(self, key: str, expected: str) -> None:
        super().__init__(f"{key}: {expected}")
        self.key = key
        self.expected = expected


@dataclass(frozen=True, config=_STRICT)
class AddAgents:
    """Bring agents of a role on shift, optionally only for a while (a surge rota)."""

    role: TeamLabel
    count: AgentCount = 1
    duration: OptionalMinutes = None
    action: Literal["add_agents"] = field(default="add_agents", kw_only=True, repr=False)


@dataclass(frozen=True, config=_STRICT)
class RemoveAgents:
    """Take agents off (sick calls, a break); busy ones finish what they hold first."""

    role: TeamLabel
    count: AgentCount = 1
    duration: OptionalMinutes = None
    action: Literal["remove_agents"] = field(default="remove_agents", kw_only=True, repr=False)


@dataclass(frozen=True, config=_STRICT)
class PublishFaq:
    """Start drafting an FAQ now, skipping the trigger but not the drafting and approval.

    `topic=None` means the busiest topic of the last FAQ window.
    """

    topic: OptionalTopic = None
    action: Literal["publish_faq"] = field(default="publish_faq", kw_only=True, repr=False)


@dataclass(frozen=True, config=_STRICT)
class HoldingStatement:
    """A public holding statement on a topic: fewer new questions, more patient customers.

    Defaults: `cut` 0.25 sits between a static FAQ's 5–15% deflection and recall IVR
    messaging's 60–70% (domain research §4, knowledgebasesoftware.net and the Premiere
    Response case); `patience_factor` and `duration` are illustrative, not measured.
    """

    topic: OptionalTopic = None
    cut: Share = 0.25
    patience_factor: Factor = 1.5
    duration: Minutes = 240.0
    action: Literal["holding_statement"] = field(
        default="holding_statement", kw_only=True, repr=False
    )


@dataclass(frozen=True, config=_STRICT)
class MobilizeAdvocates:
    """Ask the community to help: advocates answer a larger share for a while."""

    answer_share: Share = 0.3
    duration: OptionalMinutes = None
    action: Literal["mobilize_advocates"] = field(
        default="mobilize_advocates", kw_only=True, repr=False
    )


@dataclass(frozen=True, config=_STRICT)
class ChangeProtocol:
    """Change the response rules, e.g. stop answering praise during the surge, or answer
    big accounts first (`vip_reach`: authors with at least this many followers go to the
    front of every queue, those already waiting included; a lower threshold the protocol
    already has stays, so the rule only widens)."""

    respond_to: KindList = None
    sla_factor: OptionalFactor = None
    vip_reach: OptionalReach = None
    action: Literal["change_protocol"] = field(default="change_protocol", kw_only=True, repr=False)


@dataclass(frozen=True, config=_STRICT)
class TriggerSurge:
    """Start a surge now (a controller's live inject)."""

    surge: Surge
    action: Literal["trigger_surge"] = field(default="trigger_surge", kw_only=True, repr=False)


@dataclass(frozen=True, config=_STRICT)
class AcknowledgeAlert:
    """Someone on the team has seen the spike alert: every alert raised so far is handled.

    It changes nothing in the simulation; it is the team's answer to the listening tool,
    recorded, replayed and scored (a drill can expect it within minutes of an alert).
    """

    action: Literal["acknowledge_alert"] = field(
        default="acknowledge_alert", kw_only=True, repr=False
    )


Action = Annotated[
    AddAgents
    | RemoveAgents
    | PublishFaq
    | HoldingStatement
    | MobilizeAdvocates
    | ChangeProtocol
    | TriggerSurge
    | AcknowledgeAlert,
    Field(discriminator=_TAG),
]


@cache
def _actions() -> TypeAdapter[Action]:
    """The checker of loose action keys, built on first use (a run without injects, keys or
    a stored log to read never builds it)."""
    return TypeAdapter(Action)


def _tag(cls: type[Any]) -> str:
    return str(cls.__dataclass_fields__[_TAG].default)


ACTION_TYPES: dict[str, type[Any]] = {
    _tag(cls): cls
    for cls in (
        AddAgents,
        RemoveAgents,
        PublishFaq,
        HoldingStatement,
        MobilizeAdvocates,
        ChangeProtocol,
        TriggerSurge,
        AcknowledgeAlert,
    )
}


def action_name(action: Action) -> str:
    return action.action


def action_from_params(name: str, params: dict[str, Any], scenario: Scenario) -> Action:
    """Build an action from an inject's keys; `ActionError` names the bad key."""
    if name == "trigger_surge":  # a surge's keys are written flat; it starts when fired
        data: dict[str, Any] = {_TAG: name, "surge": {"at": "0m", **params}}
    elif _TAG in params and name in ACTION_TYPES:  # the name is given apart from the keys
        raise ActionError(_TAG, f"unknown key for {name}; expected one of: {_unknown(name)}")
    else:
        data = {**params, _TAG: name}
    try:
        return _actions().validate_python(data, context={"scenario": scenario})
    except ValidationError as exc:
        raise _action_error(name, params, exc.errors()) from None


def _unknown(name: str) -> str:
    """The keys an action takes, in order, for a message (its name is not one of them)."""
    return ", ".join(f.name for f in dataclasses.fields(ACTION_TYPES[name]) if f.name != _TAG)


def _action_error(name: str, params: dict[str, Any], errors: list[ErrorDetails]) -> ActionError:
    """The one problem to report, in the order a reader fixes them: the action's name, a
    stray key, a bad value (in the order given), a missing key, and last an unknown team."""
    first = errors[0]
    if first["type"] in {"union_tag_invalid", "union_tag_not_found"}:
        return ActionError(_TAG, f"expected one of {', '.join(ACTION_TYPES)}, got {name!r}")
    if name == "trigger_surge":  # the surge's own message, at its key (past tag and `surge`)
        return ActionError(format_key(tuple(first["loc"])[2:]) or "surge", first["msg"])
    stray = sorted(str(e["loc"][-1]) for e in errors if e["type"] == "unexpected_keyword_argument")
    if stray:
        return ActionError(stray[0], f"unknown key for {name}; expected one of: {_unknown(name)}")
    order = list(params)
    bad = [e for e in errors if e["type"] not in {"missing", UNKNOWN_TEAM}]
    bad.sort(key=lambda e: order.index(e["loc"][1]) if e["loc"][1] in order else len(order))
    if bad:
        error = bad[0].get("ctx", {}).get("error")
        return ActionError(str(bad[0]["loc"][1]), str(error) if error else bad[0]["msg"])
    missing = [e for e in errors if e["type"] == "missing"]
    if missing:
        return ActionError(str(missing[0]["loc"][1]), f"{name} needs this key")
    return ActionError(str(first["loc"][1]), first["msg"])  # a role no team has


def action_to_params(action: Action) -> dict[str, Any]:
    """The inverse of `action_from_params`: keys an inject, a script or a log can hold.

    Durations are written in minutes with their unit, so they read back exactly.
    """
    if isinstance(action, TriggerSurge):
        surge = action.surge.model_dump(exclude_defaults=True, exclude={"at"}, by_alias=True)
        out = {k: _duration_text(k, v) for k, v in surge.items()}
        return {_TAG: "trigger_surge", **out}
    params: dict[str, Any] = {_TAG: action_name(action)}
    for f in dataclasses.fields(action):
        value = getattr(action, f.name)
        if f.name == _TAG or value is None or value == f.default:
            continue
        if f.name in _DURATION_KEYS:
            value = _duration_text(f.name, value)
        elif isinstance(value, tuple):
            value = list(value)
        params[f.name] = value
    return params


_DURATION_KEYS = {"duration"}
_SURGE_DURATIONS = {"duration", "half_life", "tau", "rise", "mean_delay"}


def _duration_text(key: str, value: Any) -> Any:
    if key in _DURATION_KEYS | _SURGE_DURATIONS and isinstance(value, float):
        return f"{value!r}m"
    return value


def describe(action: Action) -> str:
    """One line for the event log, in the words a crisis team uses."""
    match action:
        case AddAgents(role, count, duration):
            span = f" for {format_duration(duration)}" if duration else ""
            return f"+{counted(count, f'{role} agent')}{span}"
        case RemoveAgents(role, count, duration):
            span = f" for {format_duration(duration)}" if duration else ""
            return f"-{counted(count, f'{role} agent')}{span}"
        case PublishFaq(topic):
            return f"FAQ drafting started on {topic or 'the top topic'}"
        case HoldingStatement(topic, cut, factor, duration):
            return (
                f"holding statement on {topic or 'the top topic'} "
                f"(-{cut:.0%} new questions, patience x{factor:g}, {format_duration(duration)})"
            )
        case MobilizeAdvocates(share, duration):
            span = f" for {format_duration(duration)}" if duration else ""
            return f"advocates mobilized: answer share {share:.0%}{span}"
        case ChangeProtocol(respond_to, sla_factor, vip_reach):
            parts = []
            if respond_to is not None:
                parts.append(f"respond to {', '.join(respond_to) or 'nothing'}")
            if sla_factor is not None:
                parts.append(f"SLA x{sla_factor:g}")
            if vip_reach is not None:
                parts.append(f"authors with {vip_reach:,}+ followers first")
            return "protocol changed: " + ("; ".join(parts) or "no change")
        case TriggerSurge(surge):
            return f"surge triggered: {surge.name or surge.shape} on {surge.topic}"
        case AcknowledgeAlert():
            return "spike alert acknowledged"
    raise AssertionError(f"unknown action {action!r}")
