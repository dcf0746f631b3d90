"""What every verb shares: the one-line usage error, the parser that says it, and checks.

Every failure a user can cause (a bad scenario, a missing file, an unwritable folder)
ends in one line on stderr and exit status 2; nothing here lets a traceback out. Checks
shared by several verbs are argparse `type=` functions, so each is written once and its
message names the option.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from sim.model.scenario import Scenario

from tui.cli.status import EXIT_INTERRUPTED as EXIT_INTERRUPTED
from tui.cli.status import EXIT_USAGE as EXIT_USAGE


class UsageError(Exception):
    """A mistake in what the user asked for; printed as one line, exit status 2."""


class Parser(argparse.ArgumentParser):
    """argparse, with its complaints as one line and a pointer to the help.

    A value that starts like a negative number ("-5h", "-1e3", "-.5") is a value, not an
    option: argparse's own rule knows only bare numbers, so `--until -5h` was "expected one
    argument" instead of the option's own message. No option of ours starts with "-" and
    a digit, so nothing is lost.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._negative_number_matcher = re.compile(r"^-\.?\d")

    def error(self, message: str) -> NoReturn:
        if message.endswith("expected one argument"):  # `--until --json`, `--db -x.db`
            message += " (a value starting with '-' is written --option=VALUE)"
        print(f"surgedesk: {message} (see `{self.prog} --help`)", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


_freeze_after_start = False  # see `one_command_process`


def one_command_process() -> None:
    """This process runs one command and exits (the console script): what its start-up
    makes lives to the end, so `starting` freezes it out of the collector's way. A
    process that calls `main` again and again (a test) is not told, or it would freeze
    its own garbage for good."""
    global _freeze_after_start
    _freeze_after_start = True


@contextlib.contextmanager
def starting() -> Iterator[None]:
    """Start-up with the garbage collector resting.

    Importing numpy, SimPy, pydantic and the library, and validating a scenario, make
    tens of thousands of objects that live as long as the process and almost no garbage:
    a headless run's start-up paid about 80 collections for nothing (a tenth of its
    imports' CPU time). In a one-command process the survivors are then frozen
    (`gc.freeze`), so the passes that come later (the summary, a dashboard) do not walk
    them again.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if _freeze_after_start:
            gc.freeze()
        if was_enabled:
            gc.enable()


def settled() -> None:
    """What exists now lives as long as the process (the dashboard, built and on screen):
    in a one-command process it is frozen out of the collector's way, as `starting`
    freezes start-up's. The dashboard's full collections walked all of it: a 120 ms pause
    every few seconds at top speed, where a frame has 100 ms."""
    if _freeze_after_start:
        gc.freeze()


def load(name_or_path: str) -> Scenario:
    """A bundled scenario by name, or a scenario file, validated (a drill file is named
    as one, rather than reported as a scenario missing every key)."""
    from sim.model.library import resolve
    from sim.model.loading import is_drill_file, load_scenario

    path = resolve(name_or_path)
    if is_drill_file(path):
        raise UsageError(
            f"{path}: this is a drill file (it has a [drill] table): play it with "
            f"`surgedesk drill {name_or_path}`"
        )
    return load_scenario(path)


# ---------------------------------------------------------------------- argparse types


def seed(raw: str) -> int:
    from sim.model.limits import MAX_SEED

    try:
        value = int(raw)
    except ValueError:
        value = -1
    if not 0 <= value <= MAX_SEED:
        raise argparse.ArgumentTypeError(
            f"expected a whole number from 0 to {MAX_SEED:,}, got {_shown(raw)}"
        )
    return value


def _shown(raw: str) -> str:
    """A value as a message quotes it: a 10,000-digit paste is cut."""
    return raw if len(raw) <= 40 else raw[:39] + "…"


def count(least: int) -> Callable[[str], int]:
    """A whole number of at least `least` (replications, workers)."""

    def check(raw: str) -> int:
        try:
            value = int(raw)
        except ValueError:
            value = least - 1
        if value < least:
            raise argparse.ArgumentTypeError(f"expected {least} or more, got {raw}")
        return value

    return check


def workers(raw: str) -> int:
    """Local processes for replications: 1 up to four a core. The pool forks them all at
    once, so `--workers 100000` forked until the machine stalled."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    most = 4 * (cores or 1)
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if not 1 <= value <= most:
        raise argparse.ArgumentTypeError(
            f"expected 1 to {most} (four a core; more only wait for each other), got {_shown(raw)}"
        )
    return value


def run_id(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if not 1 <= value < 2**63:  # SQLite's integers: a larger number is no run
        raise argparse.ArgumentTypeError(
            f"expected a run number (see `surgedesk runs`), got {_shown(raw)!r}"
        )
    return value


def store_path(raw: str) -> Path:
    """A run store's path (`--db`): one the system can look up, or refused here."""
    path = Path(raw)
    _exists(path)
    return path


def _exists(path: Path) -> bool:
    """Whether `path` exists; a name the system cannot even look up (too long, a loop of
    links) is refused as the option's value, never an internal error later."""
    try:
        return path.exists()
    except OSError as exc:
        raise argparse.ArgumentTypeError(
            f"cannot use {_shown(str(path))} ({exc.strerror or exc})"
        ) from None


def folder(raw: str) -> Path:
    """An output folder: made if missing, refused if a file already has its name or the
    folder cannot be written, before any work is done."""
    path = Path(raw)
    if _exists(path) and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{path} exists and is not a folder")
    return _writable(path)


def out_file(raw: str) -> Path:
    """An output file: refused before any work if a folder has its name or its folder
    cannot take a new file (`fit --out` runs for seconds before it writes)."""
    path = Path(raw)
    if _exists(path) and path.is_dir():
        raise argparse.ArgumentTypeError(f"{path} is a folder; expected a file name")
    return _writable(path)


def _writable(path: Path) -> Path:
    """`path` if its folder takes new files (what writing it will do), else why not."""
    from sim.present.fileset import check_writable

    try:
        check_writable(path)
    except OSError as exc:
        raise argparse.ArgumentTypeError(
            f"cannot write to {path} ({exc.strerror or exc})"
        ) from None
    return path


def duration(raw: str) -> float:
    """A duration with its unit ("90s", "15m", "2h"), in minutes, above zero.

    Every duration an option takes is a length of time from the run's start or a span in
    it, so "-5h" is said to be negative rather than "not a duration".
    """
    from sim.model.units import parse_duration

    if raw.strip().startswith("-"):
        raise argparse.ArgumentTypeError(
            f"expected a duration greater than zero, got {raw!r} "
            "(a negative duration is not a time in the run)"
        )
    try:
        value = parse_duration(raw)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a duration greater than zero, got {raw!r}")
    return value


def pace(raw: str) -> float:
    """A drill's pace: simulated time a wall second, one of the clock's speeds (in minutes).

    Snapping "10m" to the nearest speed would run the drill at 15 min/s, a shorter session
    than the trainer planned, without a word; so only the speeds `+` and `-` step through
    are taken, and the message lists them.
    """
    import math

    from sim.session.clock import SPEEDS

    minutes = duration(raw)
    seconds = [s for s in SPEEDS if math.isfinite(s)]
    if not any(math.isclose(minutes * 60, s) for s in seconds):
        allowed = ", ".join(
            f"{s / 3600:g}h" if s >= 3600 else f"{s / 60:g}m" if s >= 60 else f"{s:g}s"
            for s in seconds
        )
        raise argparse.ArgumentTypeError(
            f"expected one of {allowed} (the clock's speeds), got {raw!r}"
        )
    return minutes
