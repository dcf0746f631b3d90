"""Who posted a mention: a name from Faker's locale tables and a handle in the channel's style.

Names are drawn with our own uniforms, not a seeded Faker: a Faker ``first_name()`` +
``last_name()`` pair costs ~150 µs (it rebuilds its weight tables on every call), a bisect
into tables built once costs a few, and the feed renders dozens of mentions a second.
Faker is imported on the first call, not with the module, so nothing that merely imports
``sim`` pays for it.
"""

from __future__ import annotations

import bisect
import functools
import importlib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sim.present.text_dice import Dice
from sim.present.text_phrases import phrases

__all__ = ["handle", "person"]

# A mostly-US audience with some of the brand's customers abroad.
_LOCALES = (("en_US", 0.55), ("en_GB", 0.15), ("en_IN", 0.15), ("es_MX", 0.15))


@dataclass(frozen=True)
class _NameTable:
    names: tuple[str, ...]
    cumulative: tuple[float, ...]

    def draw(self, u: float) -> str:
        i = bisect.bisect_right(self.cumulative, u * self.cumulative[-1])
        return self.names[min(i, len(self.names) - 1)]


def _name_table(names: Sequence[str] | Mapping[str, float]) -> _NameTable:
    """Faker keeps some lists weighted by frequency (OrderedDict) and some plain."""
    if isinstance(names, Mapping):
        keys = tuple(names)
        weights = [float(names[k]) for k in keys]
    else:
        keys = tuple(names)
        weights = [1.0] * len(keys)
    cumulative: list[float] = []
    total = 0.0
    for w in weights:
        total += w
        cumulative.append(total)
    return _NameTable(keys, tuple(cumulative))


@functools.cache
def _name_tables() -> tuple[tuple[float, ...], tuple[tuple[_NameTable, _NameTable], ...]]:
    cumulative: list[float] = []
    tables: list[tuple[_NameTable, _NameTable]] = []
    total = 0.0
    for locale, weight in _LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        tables.append((_name_table(provider.first_names), _name_table(provider.last_names)))
        total += weight
        cumulative.append(total)
    return tuple(c / total for c in cumulative), tuple(tables)


def person(dice: Dice) -> tuple[str, str]:
    """A first and last name from one locale, drawn with three uniforms."""
    locale_cumulative, tables = _name_tables()
    i = min(bisect.bisect_right(locale_cumulative, dice.uniform()), len(tables) - 1)
    first_table, last_table = tables[i]
    # Faker's tables hold a few names with doubled spaces ("Alta  Gracia").
    first = " ".join(first_table.draw(dice.uniform()).split())
    return first, " ".join(last_table.draw(dice.uniform()).split())


def _ascii_word(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def _username(first: str, last: str, dice: Dice, kind: str) -> str:
    """A lowercase [a-z0-9_] user name, at most 15 characters (twitter's limit)."""
    if kind == "spam" and dice.chance(0.7):
        words, suffixes = phrases().spam_user_parts
        word, suffix = dice.pick(words), dice.pick(suffixes)
        return f"{word}{suffix}_{dice.integer(100, 9999)}"[:15].rstrip("_")
    f, last_ascii = _ascii_word(first) or "user", _ascii_word(last) or "x"
    year = dice.integer(70, 99) if dice.chance(0.5) else dice.integer(1, 999)
    forms = (
        f"{f}_{last_ascii[0]}",
        f"{f}{last_ascii}",
        f"{f[0]}{last_ascii}{year}",
        f"{f}_{last_ascii}",
        f"{last_ascii}{f[0]}",
        f"{f}{year}",
        f"the{f}{last_ascii[0]}",
    )
    return dice.pick(forms)[:15].rstrip("_")


def handle(channel: str, first: str, last: str, dice: Dice, kind: str) -> str:
    """How the poster shows in the channel: @user, u/user, "First L." or a full name."""
    if channel in ("twitter", "instagram"):
        return "@" + _username(first, last, dice, kind)
    if channel == "forum":
        return "u/" + _username(first, last, dice, kind)
    if channel == "reviews":
        return f"{first} {last.strip()[:1].upper()}."
    return f"{first} {last}"
