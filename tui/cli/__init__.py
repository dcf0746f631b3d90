"""The `surgedesk` command line: one module per verb, each with `add_parser` and `run`.

A verb's module is light to import (its heavy imports wait inside `run`), so building the
whole parser for `--help` costs little. `main` is the one guard every verb runs under:
whatever happens ends in one line on stderr and a documented exit status (README.md),
never a traceback. Bad input is 2, an interrupt 130, anything unforeseen 1 with the full
traceback written to a crash log (`tui.cli.crash`) whose path the line names.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence

# Only these small standard modules at import time: `entry` must already be guarding
# when the heavy imports run, so a Ctrl-C during start-up is an interrupt, not a traceback.
from tui.cli.status import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, SERVED_ENV

# Verb → module under tui.cli, in the order `--help` lists them.
VERBS: dict[str, str] = {
    "run": "run",
    "validate": "validate",
    "scenarios": "scenarios",
    "runs": "runs",
    "replay": "replay",
    "plan": "plan",
    "sweep": "sweep",
    "fit": "fit",
    "serve": "serve",
    "report": "report",
    "drill": "drill",
    "join": "join",
    "drills": "drills",
    "dashboard": "dashboard",
}


def _parser(argv: Sequence[str] | None = None) -> object:
    """The command line's parser; given the arguments, only the verb they name (if they
    start with one), so a verb does not import every other verb's module to start."""
    import importlib

    from tui.cli.common import Parser

    parser = Parser(
        prog="surgedesk",
        description=(
            "Rehearse social-media customer care under a crisis surge. "
            "With no command, opens the dashboard on the default scenario."
        ),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    args = sys.argv[1:] if argv is None else list(argv)
    named = [VERBS[args[0]]] if args and args[0] in VERBS else VERBS.values()
    for module in named:
        importlib.import_module(f"tui.cli.{module}").add_parser(sub)
    return parser


class _Console:
    """Rich's console, made when a verb first prints through it: `run --json` never does,
    and Rich's console is a tenth of such a run's start-up."""

    def __init__(self) -> None:
        self._console: object | None = None

    def __getattr__(self, name: str) -> object:
        if self._console is None:
            from rich.console import Console

            self._console = Console()
            self._console.on_broken_pipe = _reader_left  # type: ignore[method-assign]
        return getattr(self._console, name)


def _reader_left() -> None:
    """Rich's own answer to a closed pipe is exit status 1 with no word; ours is `main`'s."""
    raise BrokenPipeError


def _say(text: str) -> None:
    if len(text) > 1000:  # a pasted 100,000-character value echoed back is no message
        text = f"{text[:600]} … {text[-300:]}"
    with contextlib.suppress(OSError, ValueError):  # stderr gone: the status still says it
        print(f"surgedesk: {text}", file=sys.stderr)


def _stdout_to_devnull() -> None:
    """What is still buffered for a reader that left goes nowhere, so the flush at exit
    does not print "Exception ignored … BrokenPipeError" (Python's documented recipe)."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _dispatch(argv: Sequence[str] | None) -> int:
    import importlib

    from tui.cli import common
    from tui.cli.common import Parser

    if _one_command:
        common.one_command_process()
    with common.starting():
        parser = _parser(argv)
        assert isinstance(parser, Parser)
        args = parser.parse_args(argv)
        verb = importlib.import_module(f"tui.cli.{VERBS[args.command or 'dashboard']}")
    code: int = verb.run(args, _Console())
    return code


def _is_user_error(exc: BaseException) -> bool:
    """A mistake in the input (usage, scenario, drill): exit 2, never a crash log."""
    from tui.cli.common import UsageError

    if isinstance(exc, UsageError):
        return True
    try:
        from sim.model.errors import ScenarioError  # only once something went wrong
    except Exception:  # a broken install: an internal error
        return False
    return isinstance(exc, ScenarioError)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns its exit status and never lets an exception out."""
    try:
        return _dispatch(argv)
    except SystemExit as exc:  # argparse: --help (0) or a one-line complaint (2)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except KeyboardInterrupt:
        _say("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `surgedesk runs | head`: the reader left; nothing to say
        _stdout_to_devnull()
        return EXIT_OK
    except MemoryError:
        _say("out of memory (try a shorter run or a smaller scenario)")
        return EXIT_INTERNAL
    except Exception as exc:  # the one place every failure ends up
        if _interrupted:  # an interrupt a library turned into its own error (pydantic-core
            _say("interrupted")  # wraps one that lands while it builds a validator)
            return EXIT_INTERRUPTED
        try:
            if _is_user_error(exc):
                _say(str(exc))
                return EXIT_USAGE
            from tui.cli.crash import report_crash

            _say(report_crash(exc))
        except KeyboardInterrupt:
            _say("interrupted")
            return EXIT_INTERRUPTED
        return EXIT_INTERNAL


_interrupted = False
_one_command = False  # set by `entry`: this process runs one command, then exits


def _on_sigint(signum: int, frame: object) -> None:
    global _interrupted
    _interrupted = True
    raise KeyboardInterrupt


def _unraisable(info: sys.UnraisableHookArgs) -> None:
    """An interrupt that landed in a callback Python cannot raise from (an import lock's
    weakref callback, a finaliser) is not lost: `entry` still ends interrupted."""
    if isinstance(info.exc_value, KeyboardInterrupt):
        return
    sys.__unraisablehook__(info)


def guarded(argv: Sequence[str] | None = None) -> int:
    """`main` under a guard that also covers start-up: the exit status `entry` ends with."""
    import os
    import signal

    served = os.environ.get(SERVED_ENV)  # a page's process: the server stops it
    signal.signal(signal.SIGINT, signal.SIG_IGN if served else _on_sigint)
    sys.unraisablehook = _unraisable
    try:
        code = main(argv)
    except KeyboardInterrupt:  # between `main`'s own guards
        _say("interrupted")
        code = EXIT_INTERRUPTED
    if _interrupted and code != EXIT_INTERRUPTED:  # the interrupt was swallowed on the way
        _say("interrupted")
        code = EXIT_INTERRUPTED
    return code


BLAS_THREADS = "OPENBLAS_NUM_THREADS"


def one_blas_thread() -> None:
    """Ask numpy's OpenBLAS for one thread, unless the user chose a number themselves.

    OpenBLAS starts its thread pool when numpy is imported, and the pool's threads spin
    for a while: up to a tenth of a second of CPU on a short command, for nothing, since
    no verb does linear algebra worth a second thread (the fit's matrices are a few rows
    across). It only counts if set before numpy's first import: `entry` calls it first.
    """
    os.environ.setdefault(BLAS_THREADS, "1")


def entry() -> None:
    """The console script."""
    global _one_command
    one_blas_thread()
    _one_command = True
    code = guarded()
    with contextlib.suppress(OSError, ValueError):
        sys.stdout.flush()
        sys.stderr.flush()
    if code == EXIT_INTERRUPTED:
        # Python 3.11 may end an interrupted process by SIGINT during shutdown (when the
        # interrupt landed in an import); the status we promise is 130.
        os._exit(code)
    sys.exit(code)
