"""Killing a drill process mid-write, for the tests that prove the store survives it.

Shared by the store's tests and the command line's; test modules do not import each other.
"""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _child(db: Path, steps_then_pause: int | None) -> subprocess.Popen[str]:
    """A drill in another process: steps an engine, logs actions and state, prints each step.

    With `steps_then_pause`, it stops stepping after that many steps and waits (a paused
    drill), so the kill lands at a known point; without, it writes as fast as it can.
    """
    script = textwrap.dedent(
        f"""
        import sys, time, tomllib
        from pathlib import Path
        from sim.model import actions as act
        from sim.engine.core import Engine
        from sim.model.library import resolve
        from sim.model.loading import load_scenario
        from sim.store.runs import RunStore

        path = resolve("recall")
        text = path.read_text(encoding="utf-8")
        store = RunStore(Path(sys.argv[1]))
        run = store.start(kind="drill", name="killed drill", seed=5, scenario_text=text,
                          scenario_source="recall", scenario_data=tomllib.loads(text))
        engine = Engine(load_scenario(path), 5)
        step = 0
        while True:
            step += 1
            engine.run_until(step * 45.0)
            if step % 2 == 0:
                a = act.AddAgents("care", 1) if step % 4 else act.HoldingStatement(cut=0.5)
                engine.apply(a)
                store.add_action(run, engine.now, a, "key")
            store.add_event(run, engine.now, "log", "engine",
                            {{"step": step, "summary": engine.summary().as_dict()}})
            print(step, flush=True)
            if step == {steps_then_pause!r}:
                time.sleep(60)
            time.sleep(0.01 if {steps_then_pause!r} else 0)
        """
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", script, str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )


def kill_after(db: Path, steps: int, *, pause: bool) -> None:
    """Start a drill in a child process and SIGKILL it once `steps` steps are committed."""
    child = _child(db, steps if pause else None)
    assert child.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(child.stdout, selectors.EVENT_READ)
    try:
        seen = 0
        while seen < steps:
            if not selector.select(timeout=30):
                pytest.fail("the drill process printed nothing for 30 s")
            line = child.stdout.readline()
            if not line:
                pytest.fail(
                    f"the drill process died: {child.stderr.read() if child.stderr else ''}"
                )
            seen = int(line)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait(timeout=30)
        selector.close()
        child.stdout.close()
        if child.stderr:
            child.stderr.close()
    assert child.returncode == -signal.SIGKILL
