"""Arrival-time generators (sim.engine.arrivals): rate shapes, thinning, kernels, cascades.

The statistical tests use fixed seeds and tolerances of 4 standard errors (or a
chi-square false-alarm level of 1e-4), so each one could fail if the generator were off.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import pytest
from scipy import integrate, stats

from sim.engine import arrivals as A

Z = 4.0  # standard errors allowed in every statistical comparison
ALARM = 1e-4  # false-alarm probability of the chi-square checks

# A consumer-like daily profile (quiet nights, evening peak) and a weekly cycle with a
# busy Friday and quiet weekend; starting Friday 20:17 makes windows cross the hour
# boundaries off-grid and cross the week's end (Sunday -> Monday).
DAILY = tuple(0.3 if h < 6 else 1.6 if 18 <= h < 22 else 1.0 + 0.05 * (h % 5) for h in range(24))
WEEKLY = (1.0, 1.0, 1.0, 1.1, 1.3, 0.7, 0.5)
FRIDAY_2017 = 4 * 1440 + 20 * 60 + 17


def _baseline() -> A.Baseline:
    return A.Baseline(600.0, DAILY, WEEKLY, FRIDAY_2017)


# (id, shape, breakpoints where the rate is discontinuous or kinked)
SHAPES: list[tuple[str, A.RateShape, list[float]]] = [
    ("baseline", _baseline(), [60 * k - 17.0 for k in range(1, 200)]),
    ("step", A.Step(100.0, 300.0, 240.0), [100.0, 340.0]),
    ("ramp-up", A.Ramp(50.0, 60.0, 900.0, 300.0), [50.0, 350.0]),
    ("ramp-down", A.Ramp(20.0, 800.0, 100.0, 500.0), [20.0, 520.0]),
    ("shock-exp", A.ShockExponential(30.0, 900.0, 120.0), [30.0]),
    ("shock-exp-cut", A.ShockExponential(30.0, 900.0, 120.0, 400.0), [30.0, 430.0]),
    ("shock-pow", A.ShockPowerLaw(10.0, 900.0, 15.0, 0.4), [10.0]),
    ("shock-pow-cut", A.ShockPowerLaw(10.0, 900.0, 15.0, 0.4, 600.0), [10.0, 610.0]),
    ("wave", A.Wave(60.0, 600.0, 180.0), [60.0, 240.0, 420.0]),
]
SHAPE_IDS = [s[0] for s in SHAPES]


def _rate(shape: A.RateShape, x: float) -> float:
    return float(shape.rate(np.array([x]))[0])


def _numeric_integral(shape: A.RateShape, t0: float, t1: float, breaks: list[float]) -> float:
    """Adaptive quadrature piece by piece between the shape's breakpoints."""
    cuts = sorted({t0, t1, *(b for b in breaks if t0 < b < t1)})
    total = 0.0
    for a, b in itertools.pairwise(cuts):
        value, _ = integrate.quad(lambda x: _rate(shape, x), a, b, epsabs=1e-12, epsrel=1e-10)
        total += float(value)
    return total


def _random_windows(seed: int, n: int) -> list[tuple[float, float]]:
    rng = np.random.default_rng(seed)
    t0 = rng.uniform(-100.0, 1500.0, n)
    length = np.exp(rng.uniform(math.log(0.5), math.log(1500.0), n))
    return [(float(a), float(a + d)) for a, d in zip(t0, length, strict=True)]


# ------------------------------------------------------------------------------ shapes


@pytest.mark.parametrize(("name", "shape", "breaks"), SHAPES, ids=SHAPE_IDS)
def test_expected_is_the_integral_of_the_rate(
    name: str, shape: A.RateShape, breaks: list[float]
) -> None:
    for t0, t1 in _random_windows(1, 15):
        numeric = _numeric_integral(shape, t0, t1, breaks)
        assert shape.expected(t0, t1) == pytest.approx(numeric, rel=1e-7, abs=1e-9), (t0, t1)


@pytest.mark.parametrize(("name", "shape", "breaks"), SHAPES, ids=SHAPE_IDS)
def test_max_rate_bounds_the_rate_and_is_tight(
    name: str, shape: A.RateShape, breaks: list[float]
) -> None:
    for t0, t1 in _random_windows(2, 40):
        grid = np.linspace(t0, t1, 5001)[:-1]
        edges = [b for b in breaks if t0 <= b < t1]
        probe = np.concatenate([grid, edges, np.nextafter(np.array(edges), math.inf), [t1 - 1e-9]])
        probe = probe[(probe >= t0) & (probe < t1)]
        bound = shape.max_rate(t0, t1)
        highest = float(shape.rate(probe).max())
        assert highest <= bound * (1 + 1e-12) + 1e-15, (t0, t1)
        assert bound <= highest * (1 + 1e-4) + 1e-12, (t0, t1)  # tight: efficient thinning


def test_baseline_rate_follows_the_clock() -> None:
    shape = _baseline()
    per_min = 600.0 / 60
    # t = 0 is Friday 20:17 (hour 20 of day 4); t = 43 is Friday 21:00.
    assert _rate(shape, 0.0) == pytest.approx(per_min * DAILY[20] * WEEKLY[4])
    assert _rate(shape, 43.0) == pytest.approx(per_min * DAILY[21] * WEEKLY[4])
    # Two days and 3h43 later is Monday 00:00 of the next week.
    monday = 2 * 1440 + 3 * 60 + 43.0
    assert _rate(shape, monday) == pytest.approx(per_min * DAILY[0] * WEEKLY[0])
    assert _rate(shape, monday - 1e-6) == pytest.approx(per_min * DAILY[23] * WEEKLY[6])
    week = 7 * 1440
    assert shape.expected(0.0, week) == pytest.approx(
        per_min * week * np.mean(DAILY) * np.mean(WEEKLY), rel=1e-12
    )
    assert shape.expected(500.0, 500.0 + 3 * week) == pytest.approx(3 * shape.expected(0, week))


def test_shock_totals_are_closed_form() -> None:
    exp = A.ShockExponential(30.0, 900.0, 120.0)
    assert exp.expected(30.0, math.inf) == pytest.approx(900 / 60 * 120 / math.log(2), rel=1e-12)
    assert exp.expected(0.0, math.inf) == exp.expected(30.0, math.inf)
    assert exp.expected(30.0, 150.0) == pytest.approx(exp.expected(30.0, math.inf) / 2)
    pow_ = A.ShockPowerLaw(10.0, 900.0, 15.0, 0.4)
    assert pow_.expected(0.0, math.inf) == pytest.approx(900 / 60 * 15 / 0.4, rel=1e-12)
    wave = A.Wave(60.0, 600.0, 180.0)
    bell = 600 / 60 * 60.0 * math.sqrt(2 * math.pi)
    assert wave.expected(0.0, 1e4) == pytest.approx(bell * math.erf(3 / math.sqrt(2)))
    assert _rate(wave, 60.0) == pytest.approx(10.0 * math.exp(-4.5))  # ~1% of the peak
    assert _rate(wave, 59.999) == 0.0
    assert _rate(wave, 420.0) == 0.0


@pytest.mark.parametrize(
    "make",
    [
        lambda: A.Step(0.0, -1.0, 10.0),
        lambda: A.Step(0.0, 10.0, 0.0),
        lambda: A.Ramp(0.0, 1.0, 2.0, math.inf),
        lambda: A.ShockExponential(0.0, 100.0, 0.0),
        lambda: A.ShockPowerLaw(0.0, 100.0, 5.0, 0.0),
        lambda: A.Wave(0.0, 100.0, -1.0),
        lambda: A.Baseline(100.0, (1.0,) * 23),
        lambda: A.Baseline(math.nan),
    ],
)
def test_bad_shape_parameters_are_rejected(make: object) -> None:
    with pytest.raises(ValueError):
        make()  # type: ignore[operator]


# -------------------------------------------------------------------------- sample_nhpp

NHPP_CASES = [
    ("baseline", _baseline(), 200.0, 560.0),
    ("step", A.Step(100.0, 300.0, 240.0), 0.0, 400.0),
    ("ramp-up", A.Ramp(50.0, 60.0, 900.0, 300.0), 0.0, 400.0),
    ("shock-exp", A.ShockExponential(30.0, 900.0, 120.0), 0.0, 600.0),
    ("shock-pow", A.ShockPowerLaw(10.0, 900.0, 15.0, 0.4), 0.0, 600.0),
    ("wave", A.Wave(60.0, 600.0, 180.0), 0.0, 480.0),
]


def _replicate(shape: A.RateShape, t0: float, t1: float, reps: int, seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [A.sample_nhpp(rng, shape, t0, t1) for _ in range(reps)]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "shape", "t0", "t1"), NHPP_CASES, ids=[c[0] for c in NHPP_CASES])
def test_nhpp_counts_are_poisson_with_the_expected_mean(
    name: str, shape: A.RateShape, t0: float, t1: float
) -> None:
    reps = 2000
    runs = _replicate(shape, t0, t1, reps, seed=10)
    for times in runs:
        assert np.all(np.diff(times) >= 0)
        assert times.size == 0 or (times[0] >= t0 and times[-1] < t1)
    counts = np.array([len(t) for t in runs], dtype=np.float64)
    mu = shape.expected(t0, t1)
    assert abs(counts.mean() - mu) <= Z * counts.std(ddof=1) / math.sqrt(reps)
    # Poisson: variance equals mean; Var(s^2) ~ (mu + 2 mu^2) / R for Poisson counts.
    assert abs(counts.var(ddof=1) - mu) <= Z * math.sqrt((mu + 2 * mu * mu) / reps)


def _chi_square_against_rate(
    shape: A.RateShape, t0: float, t1: float, times: np.ndarray, bins: int
) -> float:
    """p-value of the pooled event times against the normalised rate, in equal bins."""
    edges = np.linspace(t0, t1, bins + 1)
    observed = np.histogram(times, edges)[0]
    share = np.array([shape.expected(a, b) for a, b in itertools.pairwise(edges)])
    expected = share / share.sum() * len(times)
    live = share > 0
    assert observed[~live].sum() == 0, "events where the rate is zero"
    observed, expected = observed[live], expected[live]
    assert expected.min() >= 5, "bins too thin for a chi-square test"
    return float(stats.chisquare(observed, expected).pvalue)


@pytest.mark.parametrize(("name", "shape", "t0", "t1"), NHPP_CASES, ids=[c[0] for c in NHPP_CASES])
def test_nhpp_timing_follows_the_rate(name: str, shape: A.RateShape, t0: float, t1: float) -> None:
    times = np.concatenate(_replicate(shape, t0, t1, 200, seed=11))
    assert _chi_square_against_rate(shape, t0, t1, times, bins=24) > ALARM


def test_half_the_shock_arrives_in_its_first_half_life() -> None:
    half_life, at = 90.0, 15.0
    shape = A.ShockExponential(at, 600.0, half_life)
    t1 = at + 20 * half_life
    times = np.concatenate(_replicate(shape, 0.0, t1, 300, seed=12))
    share = float(np.mean(times < at + half_life))
    p = 0.5 / (1 - 2.0**-20)
    assert abs(share - p) <= Z * math.sqrt(p * (1 - p) / len(times))
    assert times.min() >= at


@pytest.mark.slow
def test_nhpp_hourly_windows_match_one_big_window() -> None:
    """The engine draws hour by hour; that must not change the process."""
    shapes: list[A.RateShape] = [
        A.Baseline(120.0, DAILY, WEEKLY, FRIDAY_2017),
        A.ShockExponential(95.0, 300.0, 200.0),
    ]
    horizon, reps = 24 * 60.0, 300
    for shape in shapes:
        rng_w, rng_b = np.random.default_rng(20), np.random.default_rng(21)
        edges = np.arange(0.0, horizon + 1, 60.0)
        by_window = np.zeros((reps, 24))
        by_big = np.zeros((reps, 24))
        for r in range(reps):
            hourly = [A.sample_nhpp(rng_w, shape, a, a + 60.0) for a in edges[:-1]]
            whole = A.sample_nhpp(rng_b, shape, 0.0, horizon)
            by_window[r] = np.histogram(np.concatenate(hourly), edges)[0]
            by_big[r] = np.histogram(whole, edges)[0]
        per_hour = np.array([shape.expected(a, a + 60.0) for a in edges[:-1]])
        for counts in (by_window, by_big):
            total = counts.sum(axis=1)
            mu = shape.expected(0.0, horizon)
            assert abs(total.mean() - mu) <= Z * total.std(ddof=1) / math.sqrt(reps)
            assert abs(total.var(ddof=1) - mu) <= Z * math.sqrt((mu + 2 * mu * mu) / reps)
        table = np.vstack([by_window.sum(axis=0), by_big.sum(axis=0)])
        table = table[:, per_hour > 0]
        assert stats.chi2_contingency(table).pvalue > ALARM
        fitted = by_window.sum(axis=0) / by_window.sum() * per_hour.sum()
        assert np.allclose(fitted, per_hour, rtol=0.1)  # coarse sanity of the hourly shape


def test_nhpp_edge_cases() -> None:
    rng = np.random.default_rng(0)
    step = A.Step(100.0, 300.0, 60.0)
    assert A.sample_nhpp(rng, step, 0.0, 100.0).size == 0  # rate zero: no draws needed
    assert A.sample_nhpp(rng, step, 50.0, 50.0).size == 0
    with pytest.raises(ValueError):
        A.sample_nhpp(rng, step, 0.0, math.inf)


# ------------------------------------------------------------------------------ kernels

SURVIVAL_CASES = [
    (A.ExponentialKernel(10.0), [1.0, 10.0, 30.0]),
    (A.PowerLawKernel(2.0, 0.4), [0.5, 5.0, 100.0, 1e4]),
    (A.SeismicKernel(), [1.0, 4.9, 5.0, 20.0, 1e3, 1e5]),
]


@pytest.mark.parametrize(("kernel", "points"), SURVIVAL_CASES, ids=["exp", "power", "seismic"])
def test_kernel_samples_follow_the_survival_function(kernel: A.Kernel, points: list[float]) -> None:
    n = 200_000
    delays = kernel.sample(np.random.default_rng(30), n)
    assert delays.shape == (n,)
    assert delays.min() >= 0
    assert np.all(np.isfinite(delays))
    for s in points:
        p = float(kernel.survival(np.array([s]))[0])
        assert abs(float(np.mean(delays > s)) - p) <= Z * math.sqrt(p * (1 - p) / n) + 1e-12, s
    assert kernel.survival(np.array([0.0]))[0] == 1.0
    assert kernel.survival(np.array([1e300]))[0] == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize(
    "kernel",
    [A.ExponentialKernel(7.0), A.PowerLawKernel(2.0, 3.5), A.SeismicKernel(5.0, 3.0)],
    ids=["exp", "power", "seismic"],
)
def test_kernel_sample_mean_matches_mean(kernel: A.Kernel) -> None:
    n = 400_000
    delays = kernel.sample(np.random.default_rng(31), n)
    assert abs(delays.mean() - kernel.mean()) <= Z * delays.std(ddof=1) / math.sqrt(n)


def test_heavy_kernels_have_infinite_mean() -> None:
    assert A.PowerLawKernel(1.0, 0.2).mean() == math.inf
    assert A.SeismicKernel().mean() == math.inf


def test_seismic_kernel_matches_the_published_density() -> None:
    """CRAN seismic: c = 6.27e-4 per second for s <= 300 s, then c (s/s0)^-(1+theta)."""
    kernel = A.SeismicKernel()
    h = 1e-6

    def density(s: float) -> float:
        below = kernel.survival(np.array([s - h, s + h]))
        return float(below[0] - below[1]) / (2 * h)

    per_second = density(2.0) / 60
    assert per_second == pytest.approx(6.27e-4, rel=1e-3)
    for s in (10.0, 100.0, 1000.0):
        assert density(s) == pytest.approx(density(2.0) * (s / 5.0) ** -1.2315, rel=1e-5)
    # Continuous at s0, and the flat part holds theta / (1 + theta) of the mass.
    left, right = kernel.survival(np.array([5.0 - 1e-9, 5.0 + 1e-9]))
    assert left == pytest.approx(right, abs=1e-8)
    assert right == pytest.approx(1 / 1.2315, rel=1e-8)


# -------------------------------------------------------------------------------- reach


def test_power_law_reach_is_pareto() -> None:
    n, alpha, minimum = 300_000, 2.016, 50.0
    reach = A.power_law_reach(np.random.default_rng(40), n, alpha, minimum)
    assert reach.dtype == np.int64
    assert reach.min() >= 50
    for x in (60, 200, 5_000, 100_000):
        # reach is rounded, so reach > x means the continuous draw was >= x + 0.5
        p = ((x + 0.5) / minimum) ** -(alpha - 1)
        assert abs(float(np.mean(reach > x)) - p) <= Z * math.sqrt(p * (1 - p) / n), x


def test_pareto_reach_moment() -> None:
    law = A.ParetoReach(2.016, 50.0)
    beta, n = 0.3, 400_000
    m = law(np.random.default_rng(41), n).astype(np.float64) ** beta
    assert abs(m.mean() - law.moment(beta)) <= Z * m.std(ddof=1) / math.sqrt(n)
    assert law.moment(0.0) == 1.0
    with pytest.raises(ValueError):
        law.moment(1.016)


# ----------------------------------------------------------------------------- cascades


def _cascade_stats(
    kernel: A.Kernel,
    branching: float,
    seeds: np.ndarray,
    t_end: float,
    reps: int,
    seed: int,
    **kw: object,
) -> tuple[np.ndarray, np.ndarray]:
    """Per replication: the event count, and the sum of times minus the seeds' times."""
    rng = np.random.default_rng(seed)
    sizes, lags = np.empty(reps), np.empty(reps)
    for r in range(reps):
        times, reach = A.hawkes_cascade(rng, seeds, branching, kernel, t_end, **kw)  # type: ignore[arg-type]
        assert len(reach) == len(times)
        sizes[r] = len(times)
        lags[r] = times.sum() - seeds.sum()
    return sizes, lags


def _assert_mean(sample: np.ndarray, theory: float) -> None:
    se = sample.std(ddof=1) / math.sqrt(len(sample))
    assert abs(sample.mean() - theory) <= Z * se, (sample.mean(), theory, se)


@pytest.mark.slow
@pytest.mark.parametrize(
    "kernel",
    [A.ExponentialKernel(10.0), A.PowerLawKernel(2.0, 0.3), A.SeismicKernel()],
    ids=["exp", "power", "seismic"],
)
def test_cascade_mean_size_is_seeds_over_one_minus_n(kernel: A.Kernel) -> None:
    seeds, n = np.zeros(10), 0.6
    sizes, _ = _cascade_stats(kernel, n, seeds, math.inf, reps=3000, seed=50)
    _assert_mean(sizes, len(seeds) / (1 - n))


def test_cascade_truncated_at_t_end_matches_theory() -> None:
    """Exponential kernel from seeds at 0: E N(T) = s (1 + n/(1-n) (1 - e^{-(1-n) T / d}))."""
    seeds, n, d, t_end = np.zeros(10), 0.7, 10.0, 15.0
    sizes, _ = _cascade_stats(A.ExponentialKernel(d), n, seeds, t_end, reps=3000, seed=51)
    theory = len(seeds) * (1 + n / (1 - n) * (1 - math.exp(-(1 - n) * t_end / d)))
    _assert_mean(sizes, theory)


@pytest.mark.slow
def test_cascade_mean_lag_grows_one_delay_per_generation() -> None:
    """Each seed s has n/(1-n) descendants on average, at s plus d per generation, so
    E[sum of times - seed times] = sum(s) n/(1-n) + seeds * d * n/(1-n)^2."""
    seeds = np.random.default_rng(5).uniform(0, 100, 8)
    n, d = 0.5, 6.0
    _, lags = _cascade_stats(A.ExponentialKernel(d), n, seeds, math.inf, reps=4000, seed=52)
    _assert_mean(lags, seeds.sum() * n / (1 - n) + len(seeds) * d * n / (1 - n) ** 2)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("law", "beta"),
    [(None, 0.3), (A.ParetoReach(3.5, 10.0), 0.5)],
    ids=["default-pareto", "steep-pareto"],
)
def test_marked_cascade_keeps_the_mean_size(law: A.ParetoReach | None, beta: float) -> None:
    seeds, n = np.zeros(10), 0.6
    sizes, _ = _cascade_stats(
        A.ExponentialKernel(10.0),
        n,
        seeds,
        math.inf,
        reps=3000,
        seed=53,
        reach=law,
        reach_exponent=beta,
    )
    _assert_mean(sizes, len(seeds) / (1 - n))


@dataclass
class _SeedReach:
    """A reach law whose first draw (the seeds) is fixed, to follow one known author."""

    seed_reach: int
    law: A.ParetoReach
    calls: int = 0

    def __call__(self, rng: np.random.Generator, n: int) -> np.ndarray:
        out = self.law(rng, n)
        if self.calls == 0:
            out[:] = self.seed_reach
        self.calls += 1
        return out

    def moment(self, beta: float) -> float:
        return self.law.moment(beta)


@pytest.mark.slow
@pytest.mark.parametrize("seed_reach", [50, 100_000])
def test_marked_cascade_follows_the_seed_authors_reach(seed_reach: int) -> None:
    """One seed of reach m: E[size] = 1 + n m^beta / E[m^beta] / (1 - n)."""
    rng = np.random.default_rng(54)
    law, n, beta, reps = A.ParetoReach(3.0, 50.0), 0.5, 0.8, 1500
    sizes = np.empty(reps)
    for r in range(reps):
        reach = _SeedReach(seed_reach, law)
        times, marks = A.hawkes_cascade(
            rng, [0.0], n, A.ExponentialKernel(10.0), math.inf, reach, beta
        )
        assert marks[0] == seed_reach
        sizes[r] = len(times)
    _assert_mean(sizes, 1 + n * seed_reach**beta / law.moment(beta) / (1 - n))


def test_cascade_output_shape() -> None:
    rng = np.random.default_rng(55)
    seeds = np.array([5.0, 1.0, 3.0])
    times, reach = A.hawkes_cascade(rng, seeds, 0.8, A.SeismicKernel(), 200.0)
    assert np.all(np.diff(times) >= 0)
    assert times[0] == 1.0
    assert np.all(times[~np.isin(times, seeds)] < 200.0)
    assert reach.dtype == np.int64
    assert reach.min() >= 50
    # A lone seed comes first, so the engine can drop it with times[1:].
    times, _ = A.hawkes_cascade(rng, [7.0], 0.9, A.ExponentialKernel(1.0), 100.0)
    assert times[0] == 7.0
    empty, empty_reach = A.hawkes_cascade(rng, [], 0.5, A.SeismicKernel(), 100.0)
    assert empty.size == 0 and empty_reach.size == 0


@pytest.mark.parametrize("branching", [1.0, 1.5, -0.1])
def test_cascade_rejects_critical_branching(branching: float) -> None:
    with pytest.raises(ValueError, match="branching"):
        A.hawkes_cascade(np.random.default_rng(0), [0.0], branching, A.SeismicKernel(), 10.0)


def test_cascade_rejects_bad_marks() -> None:
    rng = np.random.default_rng(0)
    kernel = A.SeismicKernel()
    with pytest.raises(ValueError, match="alpha - 1"):
        A.hawkes_cascade(rng, [0.0], 0.5, kernel, 10.0, reach_exponent=1.2)
    with pytest.raises(ValueError, match="moments"):
        A.hawkes_cascade(
            rng,
            [0.0],
            0.5,
            kernel,
            10.0,
            reach=lambda g, n: A.power_law_reach(g, n),
            reach_exponent=0.5,
        )


def test_runaway_cascade_raises_instead_of_hanging() -> None:
    rng = np.random.default_rng(0)
    with pytest.raises(A.CascadeTooLarge):
        A.hawkes_cascade(
            rng, np.zeros(1000), 0.99, A.ExponentialKernel(1.0), math.inf, max_events=20_000
        )
