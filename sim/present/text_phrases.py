"""The words mention text is made of, read from ``phrases.json`` shipped beside this module.

Phrases are data, not code: a writer can add a topic's lines or a channel's sign-offs
without touching the composition. The file is read once, on the first render, so merely
importing ``sim`` never pays for it.

Templates may use these placeholders, filled per mention: {brand} {at_brand} {brand_tag}
{topic} {Topic} {tag} {order} {model} {product} {n} {hours} {hold} {count} {callback}
{ord} {Ord} {first} {last} {agent} {prize} ("an iPhone") {prize_bare} ("iPhone")
{PRIZE_BARE} {url} {amount}. The generic question, complaint and praise lines all use
{topic}, so a topic with no hand-written lines is always named in the text.

Order matters: a pool is drawn from by index, so reordering or inserting a line changes
the text of every mention that draws from it (for every seed).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from importlib import resources

from pydantic import BaseModel, ConfigDict

__all__ = ["Phrases", "phrases", "sms_pattern"]

Pool = tuple[str, ...]


class Phrases(BaseModel):
    """Every pool of words, keyed by kind, tone or topic as its name says."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # Written so they fit "a question about X", "a problem with X", "thanks for sorting out X".
    topic_phrases: dict[str, str]
    # The customer's own words: by kind, and by kind then topic for hand-written lines.
    generic: dict[str, Pool]
    by_topic: dict[str, dict[str, Pool]]
    # Openers and closers shade the tone by sentiment; "" means "say nothing".
    openers: dict[str, Pool]  # by tone
    closers: dict[str, dict[str, Pool]]  # by kind, then tone
    # Phone notes: written by the agent, in the third person, about the call.
    phone: dict[str, Pool]
    phone_refs: Pool
    phone_tone: dict[str, Pool]
    # Fillers for the placeholders.
    spam_prizes: Pool
    spam_domains: Pool
    spam_user_parts: tuple[Pool, Pool]
    url_alphabet: str
    products: Pool
    model_prefixes: Pool
    ordinals: Pool
    counts: Pool
    # Channel dressing.
    instagram_leads: dict[str, Pool]
    instagram_tags: dict[str, Pool]
    facebook_leads: Pool
    facebook_tails: dict[str, Pool]
    forum_titles: dict[str, Pool]
    forum_extras: dict[str, Pool]
    review_extras: dict[str, Pool]
    review_grudging: Pool
    chat_leads: Pool
    chat_furious: Pool
    email_subjects: dict[str, Pool]
    email_greetings: Pool
    email_signoffs: Pool
    sms_words: dict[str, str]  # whole words an SMS shortens, tried in this order


@functools.cache
def phrases() -> Phrases:
    """The phrase data, read and checked on the first call."""
    text = resources.files("sim.present").joinpath("phrases.json").read_text(encoding="utf-8")
    return Phrases.model_validate_json(text)


@functools.cache
def sms_pattern() -> re.Pattern[str]:
    """Matches any whole word of `Phrases.sms_words`, case-insensitively."""
    words: Mapping[str, str] = phrases().sms_words
    return re.compile(r"\b(?:" + "|".join(words) + r")\b", re.IGNORECASE)
