"""The documented limits on what a scenario or drill file may ask for, and the cheap checks
that run before a file is parsed at all.

Each limit is far beyond any real crisis rehearsal and well below what makes the engine hang
or allocate gigabytes; `scenarios/README.md` gives each one with its reason. What is legal
but huge (a long, busy run) is the resource budget's business (`sim.model.budget`), not these.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

MAX_FILE_BYTES = 1024 * 1024
"""A scenario or drill file is a few kilobytes; a megabyte leaves room for long schedules."""

MAX_DEPTH = 32
"""Tables and arrays nested deeper than this; real files nest four levels at most."""

MAX_RUN_MINUTES = 90 * 1440.0
"""A run's `duration`: 90 days, a whole quarter of a slow-burning crisis."""

MAX_DURATION_MINUTES = 10 * 365 * 1440.0
"""Any other duration (an SLA, a delay, a handle time): ten years is "never" to a care team."""

MAX_RATE = 1_000_000.0
"""Mentions per hour in a rate (`per_hour`, `peak_per_hour`...): beyond any brand's volume."""

MAX_AGENTS = 10_000
"""Agents in one group, shift or schedule interval: a very large contact centre."""

MAX_SEED_POSTS = 1_000_000
"""Posts that start one cascade (`seed_posts`, `viral_seed_posts`)."""

MAX_INTERVALS = 20_000
"""Reporting intervals in a run (`duration / interval`): the engine ticks at each one, and
20,000 is 90 days at under 7 minutes, far finer than any dashboard shows."""

MAX_SEED = 2**63 - 1
"""A random seed (the scenario's, a drill's, `--seed`): the run store keeps it as a SQLite
integer, and no one types a larger one on purpose."""

MAX_ITEMS = 10_000
"""Surges, teams, injects or schedule intervals in one file."""

_TOKENS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'[^\'\n]*\'|#[^\n]*|[\[\]{}\n.=,]'
)


class TooBig(ValueError):
    """A file or its shape beyond a reading limit; the message says which and why."""


class NotAFile(ValueError):
    """A device (`/dev/zero`, a terminal) given where a file's text is expected."""


class EmptyPipe(ValueError):
    """A pipe that gave nothing: a named pipe nobody writes to, read without hanging."""


def read_bounded(
    path: Path, limit: int = MAX_FILE_BYTES, what: str = "scenario or drill file"
) -> bytes:
    """At most `limit` bytes of a file, so `/dev/zero` or a log file is refused quickly.

    A pipe is opened without waiting for a writer (a named pipe nobody writes to would
    otherwise hang the verb forever), then read to its end as usual, so `/dev/stdin` and
    `<(...)` still work. A device is refused at once (`/dev/zero` is endless, a terminal
    waits for keys). `what` the file should be is named in the messages.
    """
    article = "an" if what[:1] in "aeiou" else "a"
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode):  # /dev/zero, a tty
            raise NotAFile(f"a device, not a file: expected {article} {what}")
        pipe, key = stat.S_ISFIFO(info.st_mode), (info.st_dev, info.st_ino)
        if pipe and key in _PIPES_READ:
            return _PIPES_READ[key]
        if pipe:
            os.set_blocking(fd, True)  # a writer, if any, now sends to the end; none: EOF
        with os.fdopen(fd, "rb") as handle:
            fd = -1
            data = handle.read(limit + 1)
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > limit:
        raise TooBig(f"file larger than {_size(limit)}: expected {article} {what}")
    if not data and pipe:
        raise EmptyPipe(f"a pipe with nothing written to it: expected {article} {what}")
    if pipe and len(data) <= MAX_FILE_BYTES:
        _PIPES_READ[key] = data
    return data


_PIPES_READ: dict[tuple[int, int], bytes] = {}
"""What each pipe gave, by device and inode: a pipe reads only once, and a verb may read
its file twice (`validate`: is it a drill? then load it), so `/dev/stdin` keeps working."""


def _size(n: int) -> str:
    return f"{n >> 20} MiB" if n % (1 << 20) == 0 else f"{n >> 10} KiB"


def check_text(text: str) -> None:
    """Refuse text too long or nested too deep before a recursive parser sees it.

    The depth counted is that of tables and arrays (`[`, `{`), plus the dots of a table header
    or a dotted key; strings and comments are skipped, so brackets in a name mean nothing.
    The scan is one regular-expression pass, linear in the text.
    """
    if len(text) > MAX_FILE_BYTES:
        raise TooBig(f"text longer than {MAX_FILE_BYTES // 1024} KiB: not a scenario or drill")
    stack: list[str] = []
    at_line_start = True
    in_key = True
    header = False
    dots = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token == "\n":
            if not stack:
                at_line_start, in_key, header, dots = True, True, False, 0
            continue
        if token[0] in "\"'#":
            at_line_start = False
            continue
        if token == "[" and at_line_start and not stack:
            header, in_key = True, True
        elif token in "[{":
            stack.append(token)
            in_key = token == "{"
            dots = 0
        elif token in "]}":
            if header and not stack:
                header = False
            elif stack:
                stack.pop()
        elif token == "=":
            in_key = False
        elif token == ",":
            in_key = bool(stack) and stack[-1] == "{"
            dots = 0
        elif token == "." and (in_key or header):
            dots += 1
        at_line_start = False
        if len(stack) + dots + 1 > MAX_DEPTH:
            raise TooBig(f"nested deeper than {MAX_DEPTH} levels")
