"""Topics as a customer says them: scenario slugs turned into noun phrases and hashtags."""

from __future__ import annotations

import re

from sim.present.text_phrases import phrases

__all__ = ["camel", "third_person", "topic_key", "topic_phrase"]

_SLUG_SEPARATORS = re.compile(r"[-_\s]+")


def topic_key(topic: str) -> str:
    """The slug a topic is looked up by: lower case, words joined by hyphens."""
    return "-".join(_SLUG_SEPARATORS.split(topic.strip().lower())).strip("-")


def topic_phrase(topic: str) -> str:
    """A noun phrase for a topic slug, as a customer would say it.

    Topics are free-form slugs from scenario files, so an unknown one falls back to its own
    words ("firmware-update" -> "the firmware update") rather than failing a display.
    """
    key = topic_key(topic)
    known_phrases = phrases().topic_phrases
    if not key:
        return known_phrases["general"]
    known = known_phrases.get(key)
    if known is not None:
        return known
    return "the " + key.replace("-", " ")


def third_person(phrase: str) -> str:
    """Phone notes are written by the agent about the caller, not by the customer."""
    for mine, theirs in (("my ", "their "), ("your ", "the ")):
        if phrase.startswith(mine):
            return theirs + phrase[len(mine) :]
    return phrase


def camel(words: str) -> str:
    """Words as one hashtag-ready word: "recall refund" -> "RecallRefund"."""
    return "".join(w[:1].upper() + w[1:] for w in re.split(r"[^A-Za-z0-9]+", words) if w)
