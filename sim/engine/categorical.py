"""Draws from a fixed share table, exactly as `Generator.choice(k, size, p=shares)` makes
them, without the checks `choice` repeats on every call.

numpy's `choice` with `p` converts the shares, checks them and builds their cumulative sum
on every call: about a tenth of a millisecond, where the draw itself is a few microseconds.
The engine draws from the same few tables (a source's channels, kinds and topics, the
follow-ups' channels) hundreds of times a run. `Categorical` checks and sums a table once;
its draws then take the path `choice` takes after its checks (one uniform per value from
`Generator.random`, then `searchsorted` on the normalised cumulative sum, right side), so
the values drawn and the generator's state after them are those of `choice`, bit for bit
(`tests/sim/engine/test_categorical.py` holds it to that against `choice` itself).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray

ATOL = math.sqrt(float(np.finfo(np.float64).eps))  # how far from 1 `choice` lets shares sum


class Categorical:
    """A share table's names and normalised cumulative sum, made once."""

    __slots__ = ("cdf", "names")

    def __init__(self, shares: Mapping[str, float]) -> None:
        self.names = list(shares)
        p = np.asarray(list(shares.values()), dtype=np.float64)
        if p.size == 0 or bool((p < 0).any()) or abs(float(p.sum()) - 1.0) > ATOL:
            raise ValueError(f"shares must be 0 or more and sum to 1, got {dict(shares)}")
        cdf = p.cumsum()
        cdf /= cdf[-1]
        self.cdf = cdf

    def indices(self, rng: np.random.Generator, n: int) -> NDArray[np.intp]:
        """`n` draws, as positions in the table: `rng.choice(len(names), n, p=shares)`."""
        return self.cdf.searchsorted(rng.random(n), side="right")

    def one(self, rng: np.random.Generator) -> str:
        """One draw, by name: `names[rng.choice(len(names), p=shares)]`."""
        return self.names[int(self.cdf.searchsorted(rng.random(), side="right"))]
