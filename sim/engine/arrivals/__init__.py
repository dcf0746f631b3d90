"""When mentions arrive: rate shapes for Poisson surges, and self-exciting cascades.

Only times are made here (plus author reach for cascades, which drives the branching);
the engine attaches every other attribute. Time is in minutes from scenario start, and
rates are per minute inside; scenario files speak per hour, so shapes take `per_hour`
values and divide by 60 once, at construction.

Two generators cover every surge:

- `sample_nhpp` draws a non-homogeneous Poisson process from any `RateShape` by
  Lewis–Shedler thinning. It is exact for any rate with a known upper bound, and cheap
  when called window by window (the engine asks for one simulated hour at a time), because
  each shape bounds its rate per window rather than globally.
- `hawkes_cascade` draws a self-exciting (Hawkes) cascade by the branching method: each
  event has Poisson(n) children at its own time plus a kernel delay. That is exact for any
  delay law we can sample from, and it vectorises generation by generation, where Ogata
  thinning would need a Python loop per event.
"""

from __future__ import annotations

from sim.engine.arrivals.cascades import (
    MAX_CASCADE_EVENTS,
    MAX_GENERATIONS,
    CascadeTooLarge,
    hawkes_cascade,
)
from sim.engine.arrivals.kernels import ExponentialKernel, Kernel, PowerLawKernel, SeismicKernel
from sim.engine.arrivals.rates import (
    Baseline,
    Ramp,
    RateShape,
    ShockExponential,
    ShockPowerLaw,
    Step,
    Wave,
    sample_nhpp,
)
from sim.engine.arrivals.reach import (
    REACH_CAP,
    ParetoReach,
    ReachLaw,
    ReachSampler,
    power_law_reach,
)

__all__ = [
    "MAX_CASCADE_EVENTS",
    "MAX_GENERATIONS",
    "REACH_CAP",
    "Baseline",
    "CascadeTooLarge",
    "ExponentialKernel",
    "Kernel",
    "ParetoReach",
    "PowerLawKernel",
    "Ramp",
    "RateShape",
    "ReachLaw",
    "ReachSampler",
    "SeismicKernel",
    "ShockExponential",
    "ShockPowerLaw",
    "Step",
    "Wave",
    "hawkes_cascade",
    "power_law_reach",
    "sample_nhpp",
]
