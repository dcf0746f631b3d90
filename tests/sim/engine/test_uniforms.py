"""A stream read through `Uniforms` gives the values one `random()` call each would."""

from __future__ import annotations

import numpy as np

from sim.engine.streams import Uniforms, stream


def test_block_drawn_uniforms_are_the_one_at_a_time_draws_in_order() -> None:
    for size in (1, 3, 512):
        one_by_one = stream(7, 3)
        blocks = Uniforms(stream(7, 3), size=size)
        assert [blocks() for _ in range(1300)] == [one_by_one.random() for _ in range(1300)]


def test_values_are_plain_floats_in_the_unit_interval() -> None:
    draw = Uniforms(np.random.default_rng(1))
    values = [draw() for _ in range(2000)]
    assert all(type(v) is float and 0.0 <= v < 1.0 for v in values)
