"""The engine's version: which runs this engine can replay exactly.

A run is reproducible from scenario, seed and actions within one engine version. When a
change to the engine changes results, even in the last digit of a float, the version
moves, and the run store records it with each run (`sim.store`), so a replay of a run
stored by another version says plainly that it cannot reproduce it exactly instead of
reporting a difference as if something were wrong.

1. Runs stored before the store kept the engine's version.
2. Lightweight slotted events (`sim.engine.due`); handle times and delays drawn by scalar
   inverse CDFs (`sim.engine.draws`), which may round the last bit differently from the
   vectorised ones; occupancy summed from the teams' busy and staffed minutes. Outcome
   counts of the bundled scenarios are unchanged; some times and means differ in their
   last digits.
"""

from __future__ import annotations

ENGINE_VERSION = 2
FIRST = 1  # a run stored without a version was played by this one

__all__ = ["ENGINE_VERSION", "FIRST"]
