"""Display text of a mention, made only when someone looks at it.

The engine never needs words: a planner run of 100k mentions works on channel, kind, topic
and sentiment alone. So text is a pure function of the mention's identity (``run_seed``,
``mention_id``) and its attributes, computed on demand by whatever displays it (the
dashboard feed, a report) and never stored. Because it is pure, a replay shows the same
words as the original run without recording any.

This module is the public face; the work is done by its neighbours: ``text_dice`` (the
mention's own random draws), ``text_people`` (names and handles), ``text_topics``,
``text_compose`` (the customer's words and tone), ``text_channels`` (each channel's
dressing), and ``text_phrases`` (the words themselves, read from ``phrases.json``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sim.model.vocabulary import CHANNELS, KINDS
from sim.present.text_channels import WRITERS, phone_note, review
from sim.present.text_compose import Parts, clip, fields_for, tone_of, written_parts
from sim.present.text_dice import dice_for
from sim.present.text_people import handle, person
from sim.present.text_topics import topic_phrase

__all__ = [
    "CHANNELS",
    "KINDS",
    "MentionText",
    "max_chars",
    "mention_text",
    "topic_phrase",
]


# One or two dashboard lines; twitter gets its own platform limit, sms a single message.
_MAX_CHARS = {"twitter": 280, "sms": 160}
_DEFAULT_MAX_CHARS = 200


@dataclass(frozen=True)
class MentionText:
    """What the feed shows for one mention: who posted it and what they wrote."""

    handle: str
    text: str


def max_chars(channel: str) -> int:
    """The longest text `mention_text` returns for a channel."""
    return _MAX_CHARS.get(channel, _DEFAULT_MAX_CHARS)


def mention_text(
    mention_id: int,
    run_seed: int,
    channel: str,
    kind: str,
    topic: str,
    sentiment: float,
    brand: str = "Acme",
    reach: int = 0,
) -> MentionText:
    """The handle and words the feed shows for one mention.

    Deterministic in all arguments: the same mention renders the same way in a live run,
    a replay and a report. ``mention_id`` and ``run_seed`` must be non-negative integers
    (numpy's SeedSequence refuses others). ``sentiment`` outside [-1, 1] is clamped, since
    a display should not fail on a number another module computed.
    """
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}; expected one of {', '.join(CHANNELS)}")
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    s = 0.0 if math.isnan(sentiment) else min(1.0, max(-1.0, float(sentiment)))
    dice = dice_for(run_seed, mention_id)
    first, last = person(dice)
    who = handle(channel, first, last, dice, kind)
    fields = fields_for(dice, brand, topic, first, last, channel)
    tone = tone_of(s)
    limit = max_chars(channel)
    if channel == "phone":
        text = phone_note(kind, tone, fields, dice, limit)
    else:
        opener, core, closer = written_parts(kind, tone, topic, fields, channel, dice)
        parts = Parts(kind, tone, opener, core, closer, fields, reach)
        if channel == "reviews":
            text = review(parts, dice, limit, s)
        else:
            text = WRITERS[channel](parts, dice, limit)
    return MentionText(handle=who, text=clip(text, limit))
