"""The Erlang baselines against first principles.

Erlang C is checked against the formula in exact rational arithmetic and the M/M/1 closed
forms. Erlang A is checked against an independent computation that shares nothing with the
module but the model: the birth-death chain solved by linear algebra for the queue an arrival
finds, and the tagged arrival's own Markov chain (customers ahead, served, abandoned) pushed
through a matrix exponential for the chance of being served within the SLA.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from fractions import Fraction

import numpy as np
import pytest
from scipy.linalg import expm

from sim.analysis.erlang import (
    QueueFigures,
    _waiting,
    erlang_a,
    erlang_c,
    staff_erlang_a,
    staff_erlang_c,
)


def chain_reference(
    rate: float, handle: float, agents: int, patience: float, sla: float
) -> dict[str, float]:
    """Erlang A figures from the M/M/c+M chain, truncated where the queue is 15 sd past its mode."""
    mu, theta = 1 / handle, 1 / patience
    births, deaths = rate / theta, agents * mu / theta  # queue's mode is near births - deaths
    extra = int(max(0.0, births - deaths) + 15 * math.sqrt(births + deaths) + 50)
    size = agents + extra + 1
    gen = np.zeros((size, size))
    for i in range(size):
        if i + 1 < size:
            gen[i, i + 1] = rate
        if i > 0:
            gen[i, i - 1] = min(i, agents) * mu + max(i - agents, 0) * theta
        gen[i, i] = -gen[i].sum()
    system = gen.T.copy()
    system[-1, :] = 1.0
    rhs = np.zeros(size)
    rhs[-1] = 1.0
    pi = np.linalg.solve(system, rhs)
    assert pi[-1] < 1e-13, "truncation too tight"
    queue = np.maximum(np.arange(size) - agents, 0)

    # The tagged arrival (PASTA: it finds the stationary state) with j customers ahead moves
    # up one place when anyone is served or anyone ahead abandons; it abandons at rate theta.
    places = extra + 1
    served, abandoned = places, places + 1
    tagged = np.zeros((places + 2, places + 2))
    for j in range(places):
        advance = agents * mu + j * theta
        tagged[j, served if j == 0 else j - 1] = advance
        tagged[j, abandoned] = theta
        tagged[j, j] = -(advance + theta)
    start = np.zeros(places + 2)
    start[:places] = pi[agents:]
    in_sla = (start @ expm(tagged * sla))[served]
    transient = tagged[:places, :places]
    absorb = -np.linalg.solve(transient, tagged[:places, places:])
    return {
        "p_wait": float(pi[agents:].sum()),
        "p_abandon": float(start[:places] @ absorb[:, 1]),
        "mean_wait": float((queue * pi).sum() / rate),  # Little's law on the queue
        "service_level": float(pi[:agents].sum() + in_sla),
    }


def erlang_c_exact(load: Fraction, agents: int) -> Fraction:
    """P(wait) in M/M/c, straight from the textbook formula, in exact rationals."""
    top = load**agents / math.factorial(agents) * agents / (agents - load)
    idle = sum(load**k / math.factorial(k) for k in range(agents))
    return top / (idle + top)


# arrivals per hour, mean handle, agents, mean patience, SLA (minutes) -> P(abandon), SL
REQUIRED = [
    (60, 5, 8, 10, 2, 0.016252, 0.961676),
    (120, 8, 18, 15, 5, 0.039455, 0.952261),
    (1200, 6, 65, 30, 5, 0.458333, 0.000000),
]


@pytest.mark.parametrize(
    ("per_hour", "handle", "agents", "patience", "sla", "p_ab", "sl"), REQUIRED
)
def test_erlang_a_required_values(per_hour, handle, agents, patience, sla, p_ab, sl):
    figures = erlang_a(per_hour / 60, handle, agents, patience, sla)
    assert figures.p_abandon == pytest.approx(p_ab, abs=1e-5)
    assert figures.service_level == pytest.approx(sl, abs=1e-5)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("per_hour", "handle", "agents", "patience", "sla", "p_ab", "sl"), REQUIRED
)
def test_erlang_a_matches_the_chain(per_hour, handle, agents, patience, sla, p_ab, sl):
    rate = per_hour / 60
    figures = erlang_a(rate, handle, agents, patience, sla)
    ref = chain_reference(rate, handle, agents, patience, sla)
    for name, value in ref.items():
        assert getattr(figures, name) == pytest.approx(value, abs=1e-9, rel=1e-9), name


@pytest.mark.slow
@pytest.mark.parametrize(
    ("rate", "handle", "agents", "patience", "sla"),
    [
        (0.5, 1.0, 1, 2.0, 0.5),  # M/M/1+M
        (1.5, 1.0, 1, 0.5, 1.0),  # M/M/1+M overloaded
        (1.0, 5.0, 3, 1.0, 0.25),  # heavily overloaded, impatient
        (0.9, 10.0, 10, 60.0, 0.0),  # SLA of zero: service level is P(no wait)
        (2.0, 4.0, 6, 0.3, 3.0),  # patience much shorter than service
        (0.7, 3.0, 4, 20.0, 10.0),
        (1.0, 1.0, 0, 5.0, 1.0),  # nobody on shift: everyone abandons
        (48.0, 6.0, 300, 30.0, 0.5),  # many agents, load below capacity (series branch)
        (60.0, 6.0, 300, 30.0, 0.5),  # many agents, overloaded (incomplete gamma branch)
    ],
)
def test_erlang_a_matches_the_chain_elsewhere(rate, handle, agents, patience, sla):
    figures = erlang_a(rate, handle, agents, patience, sla)
    ref = chain_reference(rate, handle, agents, patience, sla)
    for name, value in ref.items():
        assert getattr(figures, name) == pytest.approx(value, abs=1e-9, rel=1e-8), name


@pytest.mark.parametrize(
    ("rate", "handle", "agents", "patience"),
    [(1.0, 5.0, 8, 10.0), (2.0, 8.0, 18, 15.0), (20.0, 6.0, 65, 30.0), (48.0, 6.0, 300, 240.0)],
)
def test_erlang_a_littles_law(rate, handle, agents, patience):
    """Abandonments happen at rate theta * E[queue] = lambda * theta * E[W] (Little)."""
    figures = erlang_a(rate, handle, agents, patience, 1.0)
    assert figures.p_abandon == pytest.approx(figures.mean_wait / patience, rel=1e-12)
    assert figures.occupancy == pytest.approx(rate * handle * (1 - figures.p_abandon) / agents)


@pytest.mark.parametrize(
    ("load", "agents"),
    [
        (Fraction(1, 2), 1),
        (Fraction(3, 2), 2),
        (Fraction(5, 2), 3),
        (Fraction(7), 8),
        (Fraction(99, 10), 12),
        (Fraction(280), 300),
        (Fraction(1000), 1050),
    ],
)
def test_erlang_c_p_wait_matches_exact_rationals(load, agents):
    exact = float(erlang_c_exact(load, agents))
    figures = erlang_c(float(load) / 4, 4.0, agents, 1.0)
    assert figures.p_wait == pytest.approx(exact, rel=1e-10)
    assert figures.occupancy == pytest.approx(float(load) / agents)


def test_erlang_c_textbook_example():
    """A classic: 100 calls per 30 min, 3 min handle (10 erlangs), 12 agents, 20 s target."""
    figures = erlang_c(100 / 30, 3.0, 12, 20 / 60)
    p_wait = float(erlang_c_exact(Fraction(10), 12))
    assert p_wait == pytest.approx(0.4494, abs=1e-4)
    assert figures.p_wait == pytest.approx(p_wait, rel=1e-12)
    assert figures.mean_wait == pytest.approx(p_wait * 3.0 / (12 - 10), rel=1e-12)
    assert figures.service_level == pytest.approx(1 - p_wait * math.exp(-(2 / 3) / 3), rel=1e-12)


@pytest.mark.parametrize(("rate", "mu", "sla"), [(0.2, 1.0, 1.0), (0.9, 1.0, 3.0), (1.0, 4.0, 0.1)])
def test_erlang_c_mm1_closed_forms(rate, mu, sla):
    rho = rate / mu
    figures = erlang_c(rate, 1 / mu, 1, sla)
    assert figures.p_wait == pytest.approx(rho, rel=1e-12)
    assert figures.mean_wait == pytest.approx(rho / (mu - rate), rel=1e-12)
    assert figures.service_level == pytest.approx(1 - rho * math.exp(-(mu - rate) * sla))
    assert figures.p_abandon == 0.0


@pytest.mark.parametrize(("rate", "agents"), [(2.0, 10), (2.5, 10), (1000.0, 300), (1.0, 0)])
def test_erlang_c_unstable_has_no_negative_waits(rate, agents):
    figures = erlang_c(rate, 5.0, agents, 1.0)
    assert figures == QueueFigures(
        p_wait=1.0, p_abandon=0.0, mean_wait=math.inf, service_level=0.0, occupancy=1.0
    )


def test_erlang_c_far_overstaffed_is_finite():
    figures = erlang_c(1.0, 5.0, 3000, 0.0)
    assert figures.p_wait == 0.0
    assert figures.service_level == 1.0


def test_no_arrivals():
    assert erlang_c(0.0, 5.0, 0, 1.0).service_level == 1.0
    assert erlang_a(0.0, 5.0, 3, 10.0, 1.0).p_wait == 0.0


@pytest.mark.parametrize(("rate", "agents"), [(1.0, 8), (2.0, 18), (48.0, 300), (20.0, 65)])
def test_infinite_patience_is_erlang_c(rate, agents):
    assert erlang_a(rate, 6.0, agents, math.inf, 2.0) == erlang_c(rate, 6.0, agents, 2.0)


@pytest.mark.parametrize(("rate", "agents"), [(1.0, 8), (2.0, 18), (48.0, 300)])
def test_long_patience_tends_to_erlang_c(rate, agents):
    figures = erlang_a(rate, 6.0, agents, 1e7, 2.0)
    classic = erlang_c(rate, 6.0, agents, 2.0)
    assert figures.p_wait == pytest.approx(classic.p_wait, abs=1e-5)
    assert figures.service_level == pytest.approx(classic.service_level, abs=1e-5)
    assert figures.mean_wait == pytest.approx(classic.mean_wait, rel=1e-5, abs=1e-9)
    assert figures.p_abandon < 1e-5


def test_long_patience_overloaded_sheds_the_excess():
    """With load above capacity, the agents stay busy and the excess abandons: 1 - c/a."""
    figures = erlang_a(1.2, 10.0, 10, 1e4, 1.0)
    assert figures.p_abandon == pytest.approx(1 - 10 / 12, abs=1e-6)
    assert figures.occupancy == pytest.approx(1.0, abs=1e-6)


@pytest.mark.parametrize("x", [0.5, 3.0, 64.0, 1e3, 1e5, 1e7])
def test_both_branches_agree_where_they_meet(x):
    """_waiting switches from incomplete gammas to series at y = x; both are exact."""
    for theta_sla in (0.0, 1e-3, 0.1, 2.0):
        gamma_side = _waiting(x, x, theta_sla)
        series_side = _waiting(x, x * (1 - 1e-13), theta_sla)
        assert series_side == pytest.approx(gamma_side, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("patience", [0.5, 30.0, 1e4])
def test_monotone_in_agents(patience):
    rate, handle = 20.0, 6.0  # 120 erlangs
    a_runs = [erlang_a(rate, handle, n, patience, 0.5) for n in range(0, 200)]
    c_runs = [erlang_c(rate, handle, n, 0.5) for n in range(121, 200)]
    slack = 1e-12  # rounding
    for runs in (a_runs, c_runs):
        for fewer, more in itertools.pairwise(runs):
            assert more.p_wait <= fewer.p_wait + slack
            assert more.p_abandon <= fewer.p_abandon + slack
            assert more.mean_wait <= fewer.mean_wait * (1 + slack)
            assert more.service_level >= fewer.service_level - slack
            assert 0 <= more.service_level <= 1 - more.p_abandon + slack


def test_large_systems_are_sane():
    calls = [
        (rate, n, patience)
        for rate in (40.0, 50.0, 160.0)
        for n in (250, 300)
        for patience in (2.0, 240.0, 1e4)
    ]
    results = [erlang_a(rate, 6.0, n, patience, 0.5) for rate, n, patience in calls]
    for (rate, n, _), figures in zip(calls, results, strict=True):
        assert 0 <= figures.p_wait <= 1 and 0 <= figures.service_level <= 1
        assert 0 <= figures.occupancy <= 1
        assert figures.p_abandon >= max(0.0, 1 - n / (rate * 6.0)) - 1e-9


def brute_force(meets: Callable[[int], bool], limit: int = 2000) -> int:
    return next(n for n in range(limit) if meets(n))


@pytest.mark.parametrize(
    ("rate", "handle", "sla", "target"),
    [(20.0, 6.0, 1 / 3, 0.8), (1.0, 5.0, 2.0, 0.95), (160.0, 6.0, 0.5, 0.9)],
)
def test_staff_erlang_c_is_the_fewest(rate, handle, sla, target):
    found = staff_erlang_c(rate, handle, sla, target)
    assert found == brute_force(lambda n: erlang_c(rate, handle, n, sla).service_level >= target)


@pytest.mark.parametrize(
    ("rate", "handle", "patience", "sla", "target", "max_ab"),
    [
        (20.0, 6.0, 3.0, 1 / 3, 0.8, 0.1),
        (20.0, 6.0, 3.0, 1 / 3, 0.0, 0.01),
        (1.0, 5.0, 10.0, 2.0, 0.95, 0.05),
        (160.0, 6.0, 240.0, 0.5, 0.9, 0.02),
    ],
)
def test_staff_erlang_a_is_the_fewest(rate, handle, patience, sla, target, max_ab):
    def meets(n):
        figures = erlang_a(rate, handle, n, patience, sla)
        return figures.service_level >= target and figures.p_abandon <= max_ab

    assert staff_erlang_a(rate, handle, patience, sla, target, max_ab) == brute_force(meets)


def test_erlang_c_overstaffs_when_customers_give_up():
    """Abandoners leave the queue shorter for the rest, which Erlang C cannot see."""
    classic = staff_erlang_c(20.0, 6.0, 1 / 3, 0.8)
    with_abandonment = staff_erlang_a(20.0, 6.0, 3.0, 1 / 3, 0.8, 0.1)
    assert (classic, with_abandonment) == (129, 120)


def test_abandonment_target_can_bind():
    loose = staff_erlang_a(20.0, 6.0, 3.0, 1 / 3, 0.8, 1.0)
    tight = staff_erlang_a(20.0, 6.0, 3.0, 1 / 3, 0.8, 0.001)
    assert tight > loose
    assert erlang_a(20.0, 6.0, tight, 3.0, 1 / 3).p_abandon <= 0.001


@pytest.mark.parametrize(
    "call",
    [
        lambda: erlang_c(-1.0, 5.0, 3, 1.0),
        lambda: erlang_c(1.0, 0.0, 3, 1.0),
        lambda: erlang_c(1.0, 5.0, -1, 1.0),
        lambda: erlang_c(1.0, 5.0, 3, -1.0),
        lambda: erlang_a(1.0, 5.0, 3, 0.0, 1.0),
        lambda: staff_erlang_c(1.0, 5.0, 1.0, 1.0),
        lambda: staff_erlang_a(1.0, 5.0, 10.0, 1.0, 0.8, 0.0),
    ],
)
def test_rejects_nonsense(call):
    with pytest.raises(ValueError):
        call()
