"""Random-number streams: one per source of randomness, all from one seed.

Each stream is rebuilt from (seed, replication, stream key) rather than taken from
`SeedSequence.spawn`, which is stateful: a second call silently hands out different
children and breaks common random numbers between runs that must share them.
"""

from __future__ import annotations

import numpy as np

# Stream keys. Sources of mentions get SOURCE_BASE + their index, and their three
# streams (arrival times and attributes, handle-time draws, patience draws) are
# distinguished by a second key, so adding a surge never shifts the baseline's draws.
FOLLOWUPS = 1
ADVOCATES = 2
FAQ = 3
LISTENING = 4
OFFLINE = 5
HOLDING = 6
CASCADES = 7  # cascades seeded by missed influencers, keyed by their source
LEVEL = 8  # the baseline's random (Cox) level
SOURCE_BASE = 100
TRIGGERED_BASE = 10_000
BACKLOG_BASE = 20_000  # the scenario's initial backlog, one key per `[[backlog]]` table

ARRIVALS, HANDLE, PATIENCE = 0, 1, 2


def stream(seed: int, *key: int, replication: int = 0) -> np.random.Generator:
    """The generator for one named source of randomness in one replication."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(replication, *key)))


class Uniforms:
    """One stream's uniforms read one at a time, drawn from numpy a block at a time.

    `Generator.random()` costs about a microsecond a call; `random(n)` makes the same
    values in the same order (each is the next 64 bits of the stream, scaled), so handing
    out a block's values one by one gives exactly the draws of one call each. The stream's
    state runs ahead by the rest of a block: use this only for a stream nothing else
    reads (the FAQ's deflection draws).
    """

    __slots__ = ("_next", "_rng", "_size")

    def __init__(self, rng: np.random.Generator, size: int = 512) -> None:
        self._rng = rng
        self._size = size
        self._next = iter(()).__next__

    def __call__(self) -> float:
        try:
            value: float = self._next()
        except StopIteration:
            self._next = iter(self._rng.random(self._size).tolist()).__next__
            value = self._next()
        return value
