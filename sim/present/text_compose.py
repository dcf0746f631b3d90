"""The parts every channel's text is built from: fields, the customer's words, tone, fitting.

A mention's text is its core (the customer's own words for its kind and topic), shaded by
an opener and a closer for its tone, then dressed by its channel (`text_channels`). All of
it is drawn from one `Dice`, in a fixed order, so a mention renders the same way every time.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sim.present.text_dice import Dice
from sim.present.text_people import person
from sim.present.text_phrases import phrases
from sim.present.text_topics import camel, third_person, topic_key, topic_phrase

__all__ = [
    "Parts",
    "Seg",
    "assemble",
    "clip",
    "fields_for",
    "fill",
    "lower_first",
    "sentence",
    "stars",
    "tone_of",
    "written_parts",
]

_ASKING = ("question", "complaint", "crisis")


def tone_of(sentiment: float) -> str:
    """The tone a sentiment in [-1, 1] is written in: furious, annoyed, neutral or warm."""
    if sentiment <= -0.7:
        return "furious"
    if sentiment < -0.25:
        return "annoyed"
    if sentiment < 0.25:
        return "neutral"
    return "warm"


def stars(sentiment: float) -> str:
    """-1 -> one star, 0 -> three, +1 -> five."""
    n = min(5, max(1, math.floor((sentiment + 1.0) * 2.0 + 0.5) + 1))
    return "★" * n + "☆" * (5 - n)


def fields_for(
    dice: Dice, brand: str, topic: str, first: str, last: str, channel: str
) -> dict[str, str]:
    """The values of every template placeholder for one mention."""
    words = phrases()
    phrase = topic_phrase(topic)
    if channel == "phone":
        phrase = third_person(phrase)
    brand_tag = camel(brand) or "Brand"
    key = topic_key(topic)
    tag = f"#{brand_tag}Moments" if key == "hashtag" else f"#{brand_tag}{camel(key)}"
    agent_first, _ = person(dice)
    ordinal = dice.pick(words.ordinals)
    url_code = "".join(dice.pick(words.url_alphabet) for _ in range(6))
    prize = dice.pick(words.spam_prizes).replace("{brand}", brand)
    article = "an" if prize[:1] in "aeiouAEIOU" else "a"
    return {
        "brand": brand,
        "at_brand": "@" + (re.sub(r"[^A-Za-z0-9_]", "", brand) or "brand"),
        "brand_tag": brand_tag,
        "topic": phrase,
        "Topic": phrase[:1].upper() + phrase[1:],
        "tag": tag,
        "order": f"#{dice.integer(10000, 9999999)}",
        "model": f"{dice.pick(words.model_prefixes)}-{dice.integer(10, 99)}0",
        "product": dice.pick(words.products),
        "n": str(dice.integer(2, 9)),
        "hours": str(dice.integer(2, 14)),
        "hold": str(dice.integer(20, 95)),
        "count": dice.pick(words.counts),
        "callback": f"{dice.integer(1, 5)}pm",
        "ord": ordinal,
        "Ord": ordinal.capitalize(),
        "first": first,
        "last": last,
        "agent": agent_first,
        "prize": f"{article} {prize}",
        "prize_bare": prize,
        "PRIZE_BARE": prize.upper(),
        "url": f"{dice.pick(words.spam_domains)}/{url_code}",
        "amount": f"{dice.integer(8, 74) * 100:,}",
    }


def fill(template: str, fields: Mapping[str, str]) -> str:
    """A template with its placeholders filled."""
    return template.format_map(fields) if "{" in template else template


@functools.cache
def _core_pool(kind: str, key: str) -> tuple[str, ...]:
    """Hand-written lines count twice: they are what makes a topic feel real, but a topic
    with one line must not say it in every other post."""
    words = phrases()
    specific = words.by_topic.get(kind, {}).get(key, ())
    return specific + specific + words.generic[kind]


def _shout(core: str, channel: str, dice: Dice) -> str:
    """Very negative posts end in exclamation marks and sometimes go all caps."""
    if core.endswith("."):
        core = core[:-1] + "!"
    elif core.endswith("?"):
        core += "?"
    if channel in ("twitter", "facebook", "chat", "sms") and dice.chance(0.3):
        core = core.upper()
    return core


def lower_first(text: str, brand: str) -> str:
    """For text glued after "hi, ": keeps "I", the brand, acronyms and shouting as they are."""
    first_word = text.split(" ", 1)[0]
    if not first_word or first_word == "I" or first_word.startswith("I'"):
        return text
    if brand and text.startswith(brand):
        return text
    if first_word.isupper() and len(first_word) > 1:
        return text
    return text[:1].lower() + text[1:]


def sentence(text: str) -> str:
    """Text ending as a sentence does, so a title can run on into a body."""
    return text if text.endswith((".", "!", "?", ":", ")")) else text + "."


@dataclass(frozen=True)
class Seg:
    """One piece of a text; an optional one is dropped when the text would not fit."""

    text: str
    optional: bool = False


def assemble(segments: Sequence[Seg], limit: int, sep: str = " ") -> str:
    """Keep every required segment and the optional ones that still fit, in order.

    Optional segments are dressing (greetings, hashtags, sign-offs); dropping one is
    better than cutting the customer's words off.
    """
    kept = [s for s in segments if s.text and not s.optional]
    used = sum(len(s.text) for s in kept) + len(sep) * max(0, len(kept) - 1)
    chosen = {id(s) for s in kept}
    for s in segments:
        if s.optional and s.text and used + len(sep) + len(s.text) <= limit:
            chosen.add(id(s))
            used += len(sep) + len(s.text)
    return sep.join(s.text for s in segments if id(s) in chosen)


def clip(text: str, limit: int) -> str:
    """Text cut to the limit at a word, with an ellipsis, if it is longer."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:") + "…"


@dataclass(frozen=True)
class Parts:
    """What every channel writer gets: the words, the tone, and the fields to fill."""

    kind: str
    tone: str
    opener: str
    core: str
    closer: str
    fields: Mapping[str, str]
    reach: int


def written_parts(
    kind: str, tone: str, topic: str, fields: Mapping[str, str], channel: str, dice: Dice
) -> tuple[str, str, str]:
    """The opener, core and closer of a written (not phone) mention."""
    words = phrases()
    core = fill(dice.pick(_core_pool(kind, topic_key(topic))), fields)
    opener = ""
    wants_opener = kind in _ASKING and tone in words.openers
    if wants_opener and dice.chance(0.5 if tone == "furious" else 0.2):
        opener = fill(dice.pick(words.openers[tone]), fields)
    if tone == "furious" and kind in _ASKING:
        core = _shout(core, channel, dice)
    closer = fill(dice.pick(words.closers[kind][tone]), fields)
    if closer and closer.lower() in core.lower():
        closer = ""
    return opener, core, closer
