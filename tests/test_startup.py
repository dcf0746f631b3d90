"""What a command imports before it starts: SciPy only where a verb needs it.

SciPy costs about a quarter of a second of CPU to import, more than a default run; the
engine and the `run` verb on the default scenario need none of it. Nor does `run --json`
need Rich (it draws no table), the run store (nothing is saved), `numpy.ma` (pulled in by
`np.quantile`) or the other verbs' modules. (Speed itself is measured in `bench/`, not
asserted here.)
"""

from __future__ import annotations

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
