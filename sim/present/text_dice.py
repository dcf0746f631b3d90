"""The uniform draws one mention's text is made from, in a stream of their own.

Text draws never reuse the uniforms the engine may derive from the same
(run_seed, mention_id): otherwise, say, the draw that made a mention very negative would
also always pick the first template.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

import numpy as np

__all__ = ["Dice", "dice_for"]

_TEXT_STREAM = 0x7E47
_BATCH = 48  # uniforms per numpy call; one render uses ~30

_T = TypeVar("_T")


class Dice:
    """Uniform draws consumed in order.

    Drawn in batches because numpy's per-call overhead, not the arithmetic, is the cost
    at this size.
    """

    __slots__ = ("_i", "_rng", "_u")

    def __init__(self, rng: np.random.Generator) -> None:
        self._rng = rng
        self._u: list[float] = rng.random(_BATCH).tolist()
        self._i = 0

    def uniform(self) -> float:
        if self._i == len(self._u):
            self._u = self._rng.random(_BATCH).tolist()
            self._i = 0
        u = self._u[self._i]
        self._i += 1
        return u

    def pick(self, options: Sequence[_T]) -> _T:
        return options[int(self.uniform() * len(options))]

    def chance(self, p: float) -> bool:
        return self.uniform() < p

    def integer(self, low: int, high: int) -> int:
        """Inclusive of both ends."""
        return low + int(self.uniform() * (high - low + 1))


def dice_for(run_seed: int, mention_id: int) -> Dice:
    """The draws of one mention: the same mention always gets the same ones."""
    seq = np.random.SeedSequence([run_seed, mention_id], spawn_key=(_TEXT_STREAM,))
    return Dice(np.random.default_rng(seq))
