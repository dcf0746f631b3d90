"""The product's words, defined once: channels, kinds, roles, topics and event sources.

Scenario files, the engine, the run store, the dashboard and the mention text all speak
of the same channels and kinds; they import them from here so that adding a channel is a
change to one line, not a hunt through every module that keeps its own list.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field

Channel = Literal[
    "twitter", "facebook", "instagram", "forum", "reviews", "chat", "sms", "email", "phone"
]
Kind = Literal["question", "complaint", "praise", "crisis", "spam"]
Role = Literal["care", "community_manager", "pr", "escalation"]

CHANNELS: tuple[Channel, ...] = (
    "twitter", "facebook", "instagram", "forum", "reviews", "chat", "sms", "email", "phone",
)  # fmt: skip
KINDS: tuple[Kind, ...] = ("question", "complaint", "praise", "crisis", "spam")
ROLES: tuple[Role, ...] = ("care", "community_manager", "pr", "escalation")

PUBLIC_CHANNELS: tuple[Channel, ...] = ("twitter", "facebook", "instagram", "forum", "reviews")
"""Where anyone can read a post, and so where community advocates can answer it."""

Topic = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=40)]
"""A topic name as scenario files write it: lower case, digits and hyphens."""


class Source(StrEnum):
    """Who caused a stored event: the run store keeps this with every event it writes."""

    KEY = "key"  # the team, at the dashboard's keys
    CONTROLLER = "controller"  # the exercise controller, injecting live
    SCRIPT = "script"  # the drill file's timed injects
    ENGINE = "engine"  # the simulation itself
    EVALUATOR = "evaluator"  # an evaluator's notes during a drill


__all__ = [
    "CHANNELS",
    "KINDS",
    "PUBLIC_CHANNELS",
    "ROLES",
    "Channel",
    "Kind",
    "Role",
    "Source",
    "Topic",
]
