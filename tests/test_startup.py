"""What a command imports before it starts: SciPy only where a verb needs it.

SciPy costs about a quarter of a second of CPU to import, more than a default run; the
engine and the `run` verb on the default scenario need none of it. Nor does `run --json`
need Rich (it draws no table), the run store (nothing is saved), `numpy.ma` (pulled in by
`np.quantile`) or the other verbs' modules. (Speed itself is measured in `bench/`, not
asserted here.)
"""

from __future__ import annotations

import os
import subprocess
import sys


def last_line(code: str) -> str:
    """What a fresh interpreter running `code` printed last."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.splitlines()[-1]


PROBE = """
import sys
from tui.cli import main
code = main(["run", "recall", "--json", "--until", "2h"])
print(code, sorted({m.split(".")[0] for m in sys.modules} & {"scipy", "textual"}))
"""


def test_a_headless_run_of_the_default_scenario_imports_neither_scipy_nor_textual():
    assert last_line(PROBE) == "0 []"


LEAN = """
import sys
from tui.cli import main
code = main(["run", "recall", "--json", "--until", "2h"])
heavy = {"rich", "sqlite3", "numpy.ma", "tui.cli.plan", "tui.cli.drill", "sim.exercise.build"}
print(code, sorted(heavy & set(sys.modules)))
"""


def test_run_json_imports_no_table_drawing_no_store_and_no_other_verb():
    assert last_line(LEAN) == "0 []"


HELP = """
import contextlib, io, sys
from tui.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(["--help"])
heavy = {"numpy", "pydantic", "rich", "simpy", "scipy", "textual", "sim", "dataclasses", "json"}
print(code, sorted(heavy & {m.split(".")[0] for m in sys.modules}))
"""


def test_help_builds_every_verb_parser_without_the_library_numpy_pydantic_or_rich():
    assert last_line(HELP) == "0 []"


ONE_COMMAND = """
import atexit, gc, sys
atexit.register(lambda: print("frozen", gc.get_freeze_count() > 0, "on", gc.isenabled()))
sys.argv = ["surgedesk", "run", "recall", "--json", "--until", "2h"]
from tui.cli import entry
entry()
"""

IN_PROCESS = """
import contextlib, gc, io
from tui.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(["run", "recall", "--json", "--until", "2h"])
print(code, "frozen", gc.get_freeze_count() > 0, "on", gc.isenabled())
"""


def test_the_console_script_freezes_what_start_up_made_and_collects_again_after():
    assert last_line(ONE_COMMAND) == "frozen True on True"


def test_main_called_in_a_process_leaves_the_collector_as_it_was_and_freezes_nothing():
    assert last_line(IN_PROCESS) == "0 frozen False on True"


BLAS = """
import atexit, os, sys

def threads():  # the process's threads, OpenBLAS's own included (Linux's view)
    try:
        with open("/proc/self/status") as status:
            return status.read().split("Threads:")[1].split()[0]
    except OSError:
        return "1"  # elsewhere the count is not to be had: the variable is checked

atexit.register(lambda: print(os.environ.get("OPENBLAS_NUM_THREADS"), "numpy" in sys.modules,
                              threads()))
sys.argv = ["surgedesk", "run", "recall", "--json", "--until", "1h"]
from tui.cli import entry
entry()
"""


def _blas_threads(env_value: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if env_value is not None:
        env["OPENBLAS_NUM_THREADS"] = env_value
    done = subprocess.run(
        [sys.executable, "-c", BLAS], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()[-1]


def test_the_console_script_asks_openblas_for_one_thread_before_numpy_loads():
    assert _blas_threads(None) == "1 True 1"  # numpy loaded, and no thread pool started


def test_a_users_own_openblas_thread_count_wins():
    assert _blas_threads("3").startswith("3 True ")


def test_numpy_is_not_imported_before_the_console_script_sets_the_thread_count():
    code = "import sys, tui.cli; print('numpy' in sys.modules)"
    assert last_line(code) == "False"
