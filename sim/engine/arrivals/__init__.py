"""When mentions arrive: rate shapes for Poisson surges, and self-exciting cascades.

Only times are made here (plus author reach for cascades, which drives the branching);
the sources attach every other attribute. Time is in minutes from scenario start, rates
are per minute inside. One module per concept: `rates` (rate shapes and the thinning that
samples them), `cox` (the baseline's random level), `reach` (author reach), `kernels`
(cascade delay laws), `cascades` (Hawkes cascades by branching); this package gives their
public names in one place.
"""

from __future__ import annotations

from sim.engine.arrivals.cascades import (
    MAX_CASCADE_EVENTS,
    MAX_GENERATIONS,
    CascadeTooLarge,
    hawkes_cascade,
)
from sim.engine.arrivals.cox import CoxLevel, ar1_levels, two_scale_levels
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
    "CoxLevel",
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
    "ar1_levels",
    "hawkes_cascade",
    "power_law_reach",
    "sample_nhpp",
    "two_scale_levels",
]
