"""`Categorical` draws what `Generator.choice(k, size, p)` draws, and leaves the generator
where `choice` leaves it: the engine's arrivals must not change by being made faster."""

from __future__ import annotations

import numpy as np
import pytest

from sim.engine.categorical import Categorical


def _tables() -> list[dict[str, float]]:
    meta = np.random.default_rng(2026)
    out: list[dict[str, float]] = [{"only": 1.0}, {"a": 0.5, "b": 0.5}, {"a": 0.0, "b": 1.0}]
    for k in (2, 3, 5, 9):
        for _ in range(20):
            p = meta.random(k)
            p /= p.sum()
            out.append({f"n{i}": float(x) for i, x in enumerate(p)})
    out.append({"question": 0.45, "complaint": 0.3, "praise": 0.15, "spam": 0.1})
    return out


@pytest.mark.parametrize("n", [0, 1, 7, 600, 5000])
def test_batches_are_choices_bit_for_bit_and_leave_the_same_state(n: int) -> None:
    for i, shares in enumerate(_tables()):
        table = Categorical(shares)
        ours, theirs = np.random.default_rng(i), np.random.default_rng(i)
        got = table.indices(ours, n)
        want = theirs.choice(len(shares), size=n, p=list(shares.values()))
        assert np.array_equal(got, want)
        assert ours.bit_generator.state == theirs.bit_generator.state


def test_one_draw_is_a_scalar_choice_by_name() -> None:
    for i, shares in enumerate(_tables()):
        table = Categorical(shares)
        ours, theirs = np.random.default_rng(i), np.random.default_rng(i)
        names = list(shares)
        for _ in range(50):
            assert table.one(ours) == names[int(theirs.choice(len(names), p=list(shares.values())))]
        assert ours.bit_generator.state == theirs.bit_generator.state


@pytest.mark.parametrize("shares", [{}, {"a": -0.1, "b": 1.1}, {"a": 0.5, "b": 0.4}])
def test_shares_that_choice_would_refuse_are_refused_at_once(shares: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="sum to 1"):
        Categorical(shares)
