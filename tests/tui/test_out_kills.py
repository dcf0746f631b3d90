"""`run --out` killed at random moments of its write phase never leaves a mixed set.

A helper process loads the scenario and plays it once (seed 2, "new"), then forks a
child per kill that does exactly what `run --out` does after the run (`emit`), and SIGKILLs
it at a seeded random moment of the write. After each kill the folder must hold the older
result (seed 1) or the new one, file for file, never a mix; after the next complete write,
no temporary file is left beside or inside it.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sim.present.fileset import clean_leftovers

ROOT = Path(__file__).resolve().parents[2]
KILLS = 20
NAMES = ("summary.json", "series.csv", "mentions.csv")

HELPER = textwrap.dedent(
    """
    import os, signal, sys, time
    from pathlib import Path
    from rich.console import Console
    from sim.engine.core import Engine
    from sim.model.library import resolve
    from sim.model.loading import load_scenario
    from sim.present.results import write_results
    from tui.cli.output import emit

    target, old_dir, new_dir = map(Path, sys.argv[1:4])
    scenario = load_scenario(resolve("recall"))
    old = Engine(scenario, 1, record_mentions=True)
    old.run_until(12 * 60)
    new = Engine(scenario, 2, record_mentions=True)
    new.run_until(12 * 60)
    write_results(old, old_dir)
    write_results(new, new_dir)
    console = Console(file=open(os.devnull, "w"))
    write_results(old, target)
    start = time.perf_counter()  # how long the write phase takes, as the kills will see it
    pid = os.fork()
    if pid == 0:
        emit(new, False, target, console)
        os._exit(0)
    os.waitpid(pid, 0)
    print(time.perf_counter() - start, flush=True)

    for line in sys.stdin:
        if line.startswith("reset"):
            write_results(old, target)
        elif line.startswith("kill"):
            delay = float(line.split()[1])
            pid = os.fork()
            if pid == 0:
                emit(new, False, target, console)
                os._exit(0)
            time.sleep(delay)
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        elif line.startswith("finish"):
            emit(new, False, target, console)
        print("done", flush=True)
    """
)


def _read(folder: Path) -> dict[str, bytes]:
    return {n: (folder / n).read_bytes() for n in NAMES if (folder / n).exists()}


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_twenty_kills_of_run_out_never_leave_a_mixed_set(tmp_path):
    target, old_dir, new_dir = tmp_path / "out", tmp_path / "old", tmp_path / "new"
    helper = subprocess.Popen(
        [sys.executable, "-c", HELPER, str(target), str(old_dir), str(new_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert helper.stdin is not None and helper.stdout is not None

    def ask(command: str) -> None:
        helper.stdin.write(command + "\n")  # type: ignore[union-attr]
        helper.stdin.flush()  # type: ignore[union-attr]
        assert helper.stdout.readline() == "done\n"  # type: ignore[union-attr]

    try:
        write_time = float(helper.stdout.readline())
        old, new = _read(old_dir), _read(new_dir)
        assert old != new and all(old[n] != new[n] for n in NAMES)
        rng = random.Random(14)
        outcomes = {"old": 0, "new": 0}
        ask("reset")
        for _ in range(KILLS):
            ask(f"kill {rng.uniform(0.2, 1.15) * write_time:.4f}")
            if not target.exists():  # killed between the renames: the next write restores
                clean_leftovers(target, NAMES)
            found = _read(target)
            assert found in (old, new), "a mixed set"
            outcomes["old" if found == old else "new"] += 1
            if found == new:
                ask("reset")
        ask("finish")
        assert _read(target) == new
        assert sorted(p.name for p in tmp_path.iterdir()) == [
            "new",
            "old",
            "out",
        ]
        assert sorted(p.name for p in target.iterdir()) == sorted(NAMES)
        print(f"write phase {write_time * 1000:.0f} ms; after the kills: {outcomes}")
    finally:
        helper.stdin.close()
        helper.wait(timeout=30)
