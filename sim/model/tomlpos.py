"""Find the line of a TOML file that a pydantic error location points at.

tomllib keeps no positions, yet a message that names the line is far easier to act on than one
that names only the key. Rather than a second TOML parser this is a small scanner over text that
tomllib has already accepted: it trusts the input to be valid and only notes where each key,
table header and array-of-tables element begins, so it stays short enough to read in one go.
"""

from __future__ import annotations

import bisect
import string
import tomllib
from collections.abc import Sequence

Path = tuple[str | int, ...]

_BARE_KEY = frozenset(string.ascii_letters + string.digits + "_-")
_MAX_KEYS = 16
"""Components of a dotted key worth a line: paths grow with them, so a 20,000-part header
would otherwise cost time and memory quadratic in its length."""


def line_of(text: str, loc: Sequence[str | int]) -> int | None:
    """The 1-based line of the deepest component of `loc` that the file has, else None.

    A missing key thus lands on the header of the table that should hold it. Components the
    file does not have (a union's tag, a validator's name) are skipped rather than ending the
    walk, because pydantic puts them in the middle of paths whose later keys are in the file.
    """
    lines = _Scanner(text).index()
    path: Path = ()
    found: int | None = None
    for part in loc:
        if (*path, part) in lines:
            path = (*path, part)
            found = lines[path]
    return found


class _Scanner:
    """Walks the text once, mapping each key path (as pydantic spells it) to its line."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.lines: dict[Path, int] = {}
        self._newlines = [i for i, c in enumerate(text) if c == "\n"]
        self._tables_seen: dict[Path, int] = {}  # per array of tables, its elements so far

    def index(self) -> dict[Path, int]:
        table: Path = ()
        try:
            while self._skip(newlines=True):
                if self.text[self.pos] == "[":
                    table = self._header()
                else:
                    self._key_value(table)
        except (IndexError, ValueError, RecursionError):
            pass  # not the valid TOML promised: what was found before the trouble still helps
        return self.lines

    def _line(self) -> int:
        return bisect.bisect_left(self._newlines, self.pos) + 1

    def _skip(self, newlines: bool = False) -> bool:
        """Move past blanks and comments; False at the end of the text."""
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            if char == "#":
                end = text.find("\n", self.pos)
                self.pos = len(text) if end < 0 else end
            elif char in " \t\r" or (newlines and char == "\n"):
                self.pos += 1
            else:
                return True
        return False

    def _expect(self, token: str) -> None:
        self._skip()
        if not self.text.startswith(token, self.pos):
            raise ValueError(f"expected {token!r} at offset {self.pos}")
        self.pos += len(token)

    def _header(self) -> Path:
        """Read `[a.b]` or `[[a.b]]`; return the path of the table it opens, indices included."""
        line = self._line()
        many = self.text.startswith("[[", self.pos)
        self.pos += 2 if many else 1
        keys = self._key()[:_MAX_KEYS]  # deeper than any model: keeps the scan linear
        self._expect("]]" if many else "]")
        path: Path = ()
        for key in keys[:-1]:
            path = (*path, key)
            self.lines.setdefault(path, line)
            if path in self._tables_seen:  # `[[team.shift]]` belongs to the latest `[[team]]`
                path = (*path, self._tables_seen[path] - 1)
        path = (*path, keys[-1])
        if many:
            self.lines.setdefault(path, line)
            self._tables_seen[path] = self._tables_seen.get(path, 0) + 1
            path = (*path, self._tables_seen[path] - 1)
        self.lines[path] = line  # an explicit header beats an earlier implicit mention
        return path

    def _key_value(self, table: Path) -> None:
        line = self._line()
        path = table
        for key in self._key()[:_MAX_KEYS]:  # a dotted key opens tables, first mention wins
            path = (*path, key)
            self.lines.setdefault(path, line)
        self._expect("=")
        self._skip()
        self._value(path)

    def _key(self) -> list[str]:
        keys: list[str] = []
        while True:
            self._skip()
            keys.append(self._simple_key())
            self._skip()
            if self.text[self.pos] != ".":
                return keys
            self.pos += 1

    def _simple_key(self) -> str:
        start = self.pos
        if self.text[start] in "\"'":
            self._string()
            return str(tomllib.loads(f"k = {self.text[start : self.pos]}")["k"])  # unescapes
        while self.pos < len(self.text) and self.text[self.pos] in _BARE_KEY:
            self.pos += 1
        if self.pos == start:
            raise ValueError(f"expected a key at offset {start}")
        return self.text[start : self.pos]

    def _value(self, path: Path) -> None:
        char = self.text[self.pos]
        if char in "{[":
            self._items(path, "}" if char == "{" else "]")
        elif char in "\"'":
            self._string()
        else:  # number, boolean or date; a date may hold a space, so stop only at these
            start = self.pos
            while self.pos < len(self.text) and self.text[self.pos] not in ",]}#\n":
                self.pos += 1
            if self.pos == start:
                raise ValueError(f"expected a value at offset {start}")

    def _items(self, path: Path, close: str) -> None:
        """Skip an inline table (`}`) or array (`]`), noting keys and the tables in an array.

        An array's other items get no line of their own, so they point at the array's key.
        """
        self.pos += 1
        index = 0
        while self._skip(newlines=True):
            char = self.text[self.pos]
            if char == close:
                self.pos += 1
                return
            if char == ",":
                index += 1
                self.pos += 1
            elif close == "}":
                self._key_value(path)
            else:
                if char == "{":
                    self.lines.setdefault((*path, index), self._line())
                self._value((*path, index))
        raise ValueError(f"no closing {close!r}")

    def _string(self) -> None:
        """Skip a string of any of TOML's four kinds: brackets and '#' in it mean nothing."""
        quote = self.text[self.pos]
        delimiter = quote * 3 if self.text.startswith(quote * 3, self.pos) else quote
        at = self.pos + len(delimiter)
        while not self.text.startswith(delimiter, at):
            if at >= len(self.text):
                raise ValueError("unterminated string")
            at += 2 if quote == '"' and self.text[at] == "\\" else 1
        self.pos = at + len(delimiter)
        if len(delimiter) == 3:  # `""""` ends a multi-line string whose content ends with `"`
            for _ in range(2):
                if self.text.startswith(quote, self.pos):
                    self.pos += 1
