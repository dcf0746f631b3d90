"""The product's words are defined once, in `sim.model.vocabulary`, and used from there."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import get_args

from sim.model import vocabulary as words
from sim.present import text

ROOT = Path(__file__).resolve().parents[3]


def test_the_literal_types_and_the_tuples_name_the_same_words():
    assert get_args(words.Channel) == words.CHANNELS
    assert get_args(words.Kind) == words.KINDS
    assert get_args(words.Role) == words.ROLES
    assert set(words.PUBLIC_CHANNELS) <= set(words.CHANNELS)


def test_mention_text_uses_the_vocabulary_itself():
    assert text.CHANNELS is words.CHANNELS
    assert text.KINDS is words.KINDS


def test_no_other_module_spells_out_the_channels_or_kinds():
    """A second copy of the list is how two modules come to disagree about a channel."""
    lists = {words.CHANNELS: "channels", words.KINDS: "kinds", words.ROLES: "roles"}
    found = []
    for path in sorted([*ROOT.glob("sim/**/*.py"), *ROOT.glob("tui/**/*.py")]):
        if path.name == "vocabulary.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Tuple | ast.List) and all(
                isinstance(e, ast.Constant) for e in node.elts
            ):
                values = tuple(e.value for e in node.elts)  # type: ignore[attr-defined]
                if values in lists:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {lists[values]}")
    assert not found


def test_event_sources_are_the_words_the_run_store_keeps():
    assert [s.value for s in words.Source] == ["key", "controller", "script", "engine", "evaluator"]
    assert words.Source("key") is words.Source.KEY
    assert f"{words.Source.CONTROLLER}" == "controller"  # a StrEnum: stored as the plain word
