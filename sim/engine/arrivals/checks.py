"""Argument checks and array types shared by the rate shapes, reach laws and kernels."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


def as_times(t: ArrayLike) -> FloatArray:
    return np.asarray(t, dtype=np.float64)


def check_rate(name: str, value: float) -> None:
    if not (value >= 0 and math.isfinite(value)):
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")


def check_positive(name: str, value: float, *, finite: bool = True) -> None:
    if not value > 0 or (finite and not math.isfinite(value)):
        kind = "a finite number" if finite else "a number"
        raise ValueError(f"{name} must be {kind} > 0, got {value!r}")
