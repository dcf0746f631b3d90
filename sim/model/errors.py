"""Bad input, said once and clearly: file, line, key, what was expected.

Every way a scenario can be wrong ends here, as a `ScenarioError` whose text is what the
command line prints (with exit status 2). No traceback ever reaches a user.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sim.model.scenario import Scenario
from sim.model.units import counted

# Components pydantic adds to an error's location that are not keys of the file.
_DIST_TAGS = {"fixed", "exponential", "lognormal", "gamma", "uniform"}


@dataclass
class ScenarioError(Exception):
    """The first problem of a file; `others` holds the rest, for `validate` to list."""

    file: str
    line: int | None
    key: str | None
    expected: str
    others: list[ScenarioError] = dataclasses.field(default_factory=list, compare=False)

    def __str__(self) -> str:
        """One line: the first problem and how many more (what a command prints)."""
        more = len(self.others)
        return self.problem() + (f" (and {counted(more, 'more problem')})" if more else "")

    def problem(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.key}: {self.expected}" if self.key else f"{where}: {self.expected}"

    def problems(self) -> list[str]:
        """Every problem, a line each, in the order the file was checked."""
        return [self.problem(), *(o.problem() for o in self.others)]

    @classmethod
    def from_toml_error(cls, source: str, exc: tomllib.TOMLDecodeError) -> ScenarioError:
        message = str(exc)
        match = re.search(r"\(at line (\d+), column (\d+)\)", message)
        line = int(match.group(1)) if match else None
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
        if match:
            reason += f" (column {match.group(2)})"
        return cls(source, line, None, f"not valid TOML: {reason}")

    @classmethod
    def at(cls, source: str, text: str, loc: Sequence[str | int], expected: str) -> ScenarioError:
        keys = _file_keys(loc)
        return cls(source, _line_of(text, keys), format_key(keys), expected)


def read_text(path: Path, what: str = "scenario file", limit: int | None = None) -> str:
    """A file's text, or a `ScenarioError` that says why it cannot be had.

    Read through `read_bounded` (at most `limit` bytes, 1 MiB unless said): a named pipe,
    a device or a folder given for a file is a message, never a hang.
    """
    from sim.model.limits import MAX_FILE_BYTES, EmptyPipe, NotAFile, TooBig, read_bounded

    try:
        data = read_bounded(path, MAX_FILE_BYTES if limit is None else limit, what)
        return data.decode("utf-8-sig")  # a BOM (Notepad) is not content
    except (TooBig, EmptyPipe, NotAFile) as exc:
        raise ScenarioError(str(path), None, None, str(exc)) from None
    except FileNotFoundError:
        raise ScenarioError(str(path), None, None, "no such file") from None
    except IsADirectoryError:
        article = "an" if what[:1] in "aeiou" else "a"
        raise ScenarioError(
            str(path), None, None, f"expected {article} {what}, found a folder"
        ) from None
    except UnicodeDecodeError:
        raise ScenarioError(str(path), None, None, "expected UTF-8 text") from None
    except OSError as exc:
        raise ScenarioError(str(path), None, None, f"cannot be read ({exc.strerror})") from None


def _file_keys(loc: Sequence[str | int]) -> tuple[str | int, ...]:
    return tuple(
        c
        for c in loc
        if not (isinstance(c, str) and (c in _DIST_TAGS or "[" in c or c.startswith("function")))
    )


def _line_of(text: str, loc: Sequence[str | int]) -> int | None:
    from sim.model.tomlpos import line_of

    return line_of(text, loc)


def format_key(loc: Sequence[str | int]) -> str:
    """`("surge", 1, "peak_per_hour")` → `surge[2].peak_per_hour` (counting as people do)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += f".{part}" if out else part
    return out


def _expected(error: Any) -> str:
    kind: str = error["type"]
    message: str = error["msg"]
    value = error.get("input")
    if kind == "missing":
        return "this key is required and missing"
    if kind == "extra_forbidden":
        return "unknown key (see scenarios/README.md for the keys each section takes)"
    if kind == "union_tag_invalid":
        tags = ", ".join(sorted(_DIST_TAGS))
        return f"expected dist to be one of {tags}, got {error['ctx']['tag']!r}"
    if kind == "union_tag_not_found":
        return f"a distribution needs `dist` (one of {', '.join(sorted(_DIST_TAGS))})"
    message = re.sub(r"^(Value error|Assertion failed), ", "", message)
    message = message[0].lower() + message[1:] if message else message
    message = re.sub(r"^input should be", "expected", message)
    if kind.endswith("_type") or kind.endswith("_parsing") or kind in {"literal_error", "enum"}:
        return f"{message}, got {value!r}"
    if kind in {
        "greater_than",
        "greater_than_equal",
        "less_than",
        "less_than_equal",
        "too_short",
        "too_long",
        "string_pattern_mismatch",
    }:
        return f"{message}, got {value!r}"
    return message


def describe_validation_error(
    source: str,
    text: str,
    exc: ValidationError,
    allowed: Callable[[Sequence[str | int]], list[str]] | None = None,
) -> ScenarioError:
    """Every problem, named by file, line and key: the first, with the others attached.

    `allowed` gives the keys a table takes, for an unknown key (the scenario's by default).
    A key that fails several ways (a union of shapes) is told once, by its first failure.
    """
    allowed = allowed or _allowed_keys
    errors = _one_shape(exc.errors())
    unknown = [_keys_of(e) for e in errors if e["type"] == "extra_forbidden"]
    found: dict[str, ScenarioError] = {}
    for error in errors:
        keys = _keys_of(error)
        key = format_key(keys)
        if key in found:
            continue
        expected = _expected(error)
        if error["type"] == "extra_forbidden":
            names = allowed(keys[:-1])
            close = difflib.get_close_matches(str(keys[-1]), names, n=1)
            if close:
                expected = f"unknown key; did you mean {close[0]!r}?"
            elif names:
                expected = f"unknown key; expected one of: {', '.join(names)}"
        elif error["type"] == "missing":  # often the other half of a misspelt key
            typo = _misspelt(keys, unknown)
            if typo is not None:
                expected += f" (line {_line_of(text, typo)} has {typo[-1]!r}: misspelt?)"
        found[key] = ScenarioError(source, _line_of(text, keys), key, expected)
    first, *others = found.values()
    first.others = others
    return first


def _keys_of(error: Any) -> tuple[str | int, ...]:
    """The keys an error is about, as the file has them. An unknown key is the file's own
    name, kept even when it looks like a union's tag (`team[1]` typed as a key)."""
    loc = tuple(error["loc"])
    if error["type"] == "extra_forbidden" and loc:
        return (*_file_keys(loc[:-1]), loc[-1])
    return _file_keys(loc)


def _branch(loc: Sequence[str | int]) -> tuple[tuple[str | int, ...], str] | None:
    """Where a union tried one of its shapes: the keys before it, and the shape's name."""
    for i, part in enumerate(loc):
        if isinstance(part, str) and part != "[key]" and "[" in part:
            return tuple(loc[:i]), part
    return None


def _one_shape(errors: list[Any]) -> list[Any]:
    """For a value a union could read two ways (a distribution, or a table of them by
    channel), keep the errors of the shape the file meant: the one whose errors are
    about values, not about the shape itself (a missing `dist`, keys that are not
    channels). Otherwise the file's author reads both readings' complaints at once.
    """
    misfit: dict[tuple[str | int, ...], dict[str, bool]] = {}
    for error in errors:
        where = _branch(error["loc"])
        if where is None:
            continue
        prefix, shape = where
        wrong_shape = error["type"] == "union_tag_not_found" or "[key]" in error["loc"]
        shapes = misfit.setdefault(prefix, {})
        shapes[shape] = shapes.get(shape, False) or wrong_shape
    chosen = {
        prefix: next((s for s, bad in shapes.items() if not bad), next(iter(shapes)))
        for prefix, shapes in misfit.items()
    }
    kept = []
    for error in errors:
        where = _branch(error["loc"])
        if where is None or chosen[where[0]] == where[1]:
            kept.append(error)
    return kept


def _misspelt(
    missing: tuple[str | int, ...], unknown: list[tuple[str | int, ...]]
) -> tuple[str | int, ...] | None:
    """An unknown key beside `missing` in the same table that reads like it, if any."""
    siblings = {str(u[-1]): u for u in unknown if u[:-1] == missing[:-1]}
    close = difflib.get_close_matches(str(missing[-1]), list(siblings), n=1)
    return siblings[close[0]] if close else None


def _allowed_keys(parent: Sequence[str | int]) -> list[str]:
    """The keys the model at `parent` accepts, by their TOML names."""
    from pydantic import BaseModel

    model: Any = Scenario
    for part in parent:
        if isinstance(part, int):
            continue
        field = _field_by_alias(model, part)
        if field is None:
            return []
        model = _model_in(field.annotation)
        if model is None:
            return []
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return []
    return [f.alias or name for name, f in model.model_fields.items()]


def _field_by_alias(model: Any, key: str) -> Any:
    for name, field in model.model_fields.items():
        if (field.alias or name) == key:
            return field
    return None


def _model_in(annotation: Any) -> Any:
    """The pydantic model inside `X`, `X | None` or `list[X]`, if any."""
    from typing import get_args

    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
