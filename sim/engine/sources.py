"""Where mentions come from: the baseline and each surge, as independent sources.

A source owns its random streams, so adding a surge to a scenario never changes the
baseline's mentions, and two runs that differ only in staffing see identical arrivals.
The engine asks each source for one window of simulated time at a time, which keeps
memory flat on long runs.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sim.engine import arrivals, streams
from sim.engine.categorical import Categorical
from sim.engine.due import NORMAL, Schedule
from sim.engine.mentions import KIND_SENTIMENT, SENTIMENT_NOISE, Mention
from sim.model.scenario import Scenario
from sim.model.surge import Surge
from sim.model.traffic import Reach
from sim.model.units import _Dist
from sim.model.vocabulary import KINDS

Patience = _Dist | Mapping[Any, _Dist] | None
"""One distribution, one per channel (with `default`), or None: nobody gives up."""

_KIND_BASE = np.array([KIND_SENTIMENT[k] for k in KINDS])


@dataclass
class Batch:
    """One window of one source's mentions, as columns."""

    t: NDArray[np.float64]
    channel: list[str]
    kind: list[str]
    topic: list[str]
    sentiment: NDArray[np.float64]
    reach: NDArray[np.int64]
    direct: NDArray[np.bool_]
    u_handle: NDArray[np.float64]
    patience: NDArray[np.float64]
    source: int = 0

    def __len__(self) -> int:
        return len(self.t)


@dataclass
class Mix:
    """The attributes a source gives its mentions."""

    channels: dict[str, float]
    kinds: dict[str, float]
    topics: dict[str, float]
    sentiment: float
    direct: float
    reach: Reach
    # The share tables, checked and summed once: what every window draws from.
    pick_channel: Categorical = field(init=False, repr=False, compare=False)
    pick_kind: Categorical = field(init=False, repr=False, compare=False)
    pick_topic: Categorical = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.pick_channel = Categorical(self.channels)
        self.pick_kind = Categorical(self.kinds)
        self.pick_topic = Categorical(self.topics)


@dataclass
class Source:
    index: int
    name: str
    mix: Mix
    patience: Patience
    shape: arrivals.RateShape | None = None
    cascade: tuple[NDArray[np.float64], NDArray[np.int64]] | None = None
    rng: np.random.Generator = field(default_factory=np.random.default_rng)
    rng_handle: np.random.Generator = field(default_factory=np.random.default_rng)
    rng_patience: np.random.Generator = field(default_factory=np.random.default_rng)

    def window(self, t0: float, t1: float) -> Batch:
        """This source's mentions with intake in [t0, t1)."""
        reach: NDArray[np.int64] | None = None
        if self.shape is not None:
            t = arrivals.sample_nhpp(self.rng, self.shape, t0, t1)
        elif self.cascade is not None:
            times, all_reach = self.cascade
            lo, hi = np.searchsorted(times, [t0, t1], side="left")
            t, reach = times[lo:hi], all_reach[lo:hi]
        else:
            t = np.empty(0)
        return draw_batch(self, t, reach)


def draw_batch(source: Source, t: NDArray[np.float64], reach: NDArray[np.int64] | None) -> Batch:
    n = len(t)
    rng, mix = source.rng, source.mix
    channel = _choose(rng, mix.pick_channel, n)
    kind_names = mix.pick_kind.names
    kind_idx = mix.pick_kind.indices(rng, n)
    kind = [kind_names[i] for i in kind_idx.tolist()]
    topic = _choose(rng, mix.pick_topic, n)
    base = _KIND_BASE[[KINDS.index(k) for k in kind_names]][kind_idx] if n else np.empty(0)
    sentiment = np.clip(base + mix.sentiment + SENTIMENT_NOISE * rng.standard_normal(n), -1, 1)
    if reach is None:
        reach = arrivals.power_law_reach(rng, n, alpha=mix.reach.alpha, minimum=mix.reach.minimum)
    direct = rng.random(n) < mix.direct
    u_handle = source.rng_handle.random(n)
    u_patience = source.rng_patience.random(n)
    return Batch(
        t=t,
        channel=channel,
        kind=kind,
        topic=topic,
        sentiment=sentiment,
        reach=reach,
        direct=direct,
        u_handle=u_handle,
        patience=patience_of(source.patience, channel, u_patience),
        source=source.index,
    )


def schedule_arrivals(
    schedule: Schedule,
    now: float,
    batches: list[Batch],
    next_id: int,
    arrive: tuple[Callable[[Mention], None], ...],
) -> int:
    """Make the mentions of some batches in time order, numbered from `next_id`, and
    schedule each one's arrival (`arrive` gets its event). Returns the next free id."""
    made = in_order(batches, next_id)
    for m in made:
        m.callbacks = arrive  # the mention is its own arrival event
        schedule(m, NORMAL, m.t - now)
    return next_id + len(made)


def in_order(batches: list[Batch], next_id: int) -> list[Mention]:
    """The mentions of some batches in time order, numbered from `next_id`.

    Equal times keep the batches' order, then their own (a stable sort). The batches are
    merged as columns, so each mention is made once, already in its place and numbered.
    """
    full = [b for b in batches if len(b)]
    if not full:
        return []
    if len(full) == 1:
        src, ch, kd, tp, se, re, di, uh, pa = columns(full[0])
        t = full[0].t.tolist()
        source = [src] * len(t)
    else:
        t, source, ch, kd, tp, se, re, di, uh, pa = merged(full)
    ids = range(next_id, next_id + len(t))
    rows = zip(ids, t, source, ch, kd, tp, se, re, di, uh, pa, strict=True)
    return [Mention(*row) for row in rows]


def merged(batches: list[Batch]) -> tuple[list[Any], ...]:
    """Several batches' columns as one set of lists in time order (stable: equal times
    keep the batches' order, then their own); the source first after the time."""
    t = np.concatenate([b.t for b in batches])
    order = np.argsort(t, kind="stable")
    idx = order.tolist()
    source = np.repeat([b.source for b in batches], [len(b) for b in batches])

    def text(lists: list[list[str]]) -> list[str]:
        joined = [x for one in lists for x in one]
        return [joined[j] for j in idx]

    def number(arrays: list[NDArray[Any]]) -> list[Any]:
        return np.concatenate(arrays)[order].tolist()  # type: ignore[no-any-return]

    return (
        t[order].tolist(),
        source[order].tolist(),
        text([b.channel for b in batches]),
        text([b.kind for b in batches]),
        text([b.topic for b in batches]),
        number([b.sentiment for b in batches]),
        number([b.reach for b in batches]),
        number([b.direct for b in batches]),
        number([b.u_handle for b in batches]),
        number([b.patience for b in batches]),
    )


# source, channel, kind, topic, sentiment, reach, direct, u_handle, patience
Columns = tuple[
    int,
    list[str],
    list[str],
    list[str],
    list[float],
    list[int],
    list[bool],
    list[float],
    list[float],
]


def columns(b: Batch) -> Columns:
    """A batch as plain lists, in `Mention`'s order after id and time: Python floats and
    strings, read once per batch rather than once per mention from numpy."""
    return (
        b.source,
        b.channel,
        b.kind,
        b.topic,
        b.sentiment.tolist(),
        b.reach.tolist(),
        b.direct.tolist(),
        b.u_handle.tolist(),
        b.patience.tolist(),
    )


def patience_of(spec: Patience, channels: list[str], u: NDArray[np.float64]) -> NDArray[np.float64]:
    """Patience per mention; `None` means nobody gives up (the Erlang C case)."""
    if spec is None:
        return np.full(len(u), math.inf)
    if isinstance(spec, _Dist):
        return spec.quantile(u)
    out = np.full(len(u), math.inf)
    names = set(channels)
    ch = np.array(channels) if len(names) > 1 else None  # fixed-width text: a fast compare
    for name in names:
        dist = spec.get(name, spec.get("default"))
        if dist is not None:
            if ch is None:
                out = np.asarray(dist.quantile(u), dtype=np.float64)
            else:
                mask = ch == name
                out[mask] = dist.quantile(u[mask])
    return out


def shares(mapping: Mapping[Any, float]) -> dict[str, float]:
    """A plain str-keyed copy of a validated share table."""
    return {str(k): float(v) for k, v in mapping.items()}


def _choose(rng: np.random.Generator, table: Categorical, n: int) -> list[str]:
    names = table.names
    if len(names) == 1:  # nothing to draw
        return [names[0]] * n
    return [names[i] for i in table.indices(rng, n).tolist()]


def build_sources(sc: Scenario, seed: int, replication: int = 0) -> list[Source]:
    """The baseline (index 0, even if absent: then it is empty) and each surge in file order."""
    start = sc.meta.start
    minute_of_week = start.weekday() * 1440 + start.hour * 60 + start.minute
    patience = sc.protocol.patience
    base = sc.baseline
    default_channels = shares(base.channels) if base else {"twitter": 1.0}
    reach = base.reach if base else Reach()
    sources: list[Source] = []
    if base is not None:
        mix = Mix(
            shares(base.channels),
            shares(base.kinds),
            shares(base.topics),
            base.sentiment,
            base.direct,
            base.reach,
        )
        shape: arrivals.RateShape = arrivals.Baseline(
            base.per_hour, base.daily(), base.weekly(), minute_of_week
        )
        if base.volatility > 0 or base.slow_volatility > 0:  # a Cox baseline: own stream
            rng = streams.stream(seed, streams.LEVEL, replication=replication)
            hours = math.ceil(sc.meta.duration / 60) + 1
            fast = (base.volatility, base.level_half_life)
            slow = (base.slow_volatility, base.slow_half_life)
            levels = arrivals.two_scale_levels(rng, hours, fast, slow)
            shape = arrivals.CoxLevel(shape, levels)
        sources.append(with_streams(Source(0, "baseline", mix, patience, shape), seed, replication))
    else:
        empty = Mix({"twitter": 1.0}, {"question": 1.0}, {"general": 1.0}, 0.0, 1.0, reach)
        sources.append(with_streams(Source(0, "baseline", empty, patience), seed, replication))
    for i, surge in enumerate(sc.surges, start=1):
        src = surge_source(
            i, surge, surge.at, sc.meta.duration, default_channels, reach, patience, base
        )
        sources.append(with_streams(src, seed, replication))
        if surge.shape == "viral":
            make_cascade(src, surge, surge.at, sc.meta.duration)
    return sources


def with_streams(src: Source, seed: int, replication: int, key: int | None = None) -> Source:
    k = streams.SOURCE_BASE + src.index if key is None else key
    src.rng = streams.stream(seed, k, streams.ARRIVALS, replication=replication)
    src.rng_handle = streams.stream(seed, k, streams.HANDLE, replication=replication)
    src.rng_patience = streams.stream(seed, k, streams.PATIENCE, replication=replication)
    return src


def surge_source(
    index: int,
    surge: Surge,
    at: float,
    duration: float,
    default_channels: Mapping[Any, float],
    reach: Reach,
    patience: Patience,
    base: object | None = None,
) -> Source:
    """A source for one surge starting at minute `at` (its cascade, if viral, comes later)."""
    direct = surge.direct
    if direct is None:
        direct = getattr(base, "direct", 1.0)
    mix = Mix(
        shares(surge.channels) if surge.channels else shares(default_channels),
        shares(surge.kinds) if surge.kinds else {"question": 0.5, "complaint": 0.5},
        {surge.topic: 1.0},
        surge.sentiment,
        float(direct),
        reach,
    )
    return Source(index, surge.name or f"{surge.shape} surge", mix, patience, rate_shape(surge, at))


def rate_shape(surge: Surge, at: float) -> arrivals.RateShape | None:
    """The non-homogeneous Poisson rate of a surge, or None for a viral cascade."""
    match surge.shape:
        case "step":
            assert surge.per_hour is not None and surge.duration is not None
            return arrivals.Step(at, surge.per_hour, surge.duration)
        case "ramp":
            assert surge.to_per_hour is not None and surge.duration is not None
            return arrivals.Ramp(at, surge.from_per_hour, surge.to_per_hour, surge.duration)
        case "shock":
            assert surge.peak_per_hour is not None
            span = surge.duration if surge.duration is not None else math.inf
            if surge.half_life is not None:
                return arrivals.ShockExponential(at, surge.peak_per_hour, surge.half_life, span)
            assert surge.tau is not None and surge.theta is not None
            return arrivals.ShockPowerLaw(at, surge.peak_per_hour, surge.tau, surge.theta, span)
        case "wave":
            assert surge.peak_per_hour is not None and surge.rise is not None
            return arrivals.Wave(at, surge.peak_per_hour, surge.rise)
    return None


def kernel_of(surge: Surge) -> arrivals.Kernel:
    if surge.kernel == "exponential":
        assert surge.mean_delay is not None
        return arrivals.ExponentialKernel(surge.mean_delay)
    if surge.kernel == "power_law":
        assert surge.tau is not None and surge.theta is not None
        return arrivals.PowerLawKernel(surge.tau, surge.theta)
    return arrivals.SeismicKernel()


def make_cascade(src: Source, surge: Surge, at: float, duration: float) -> None:
    assert surge.seed_posts is not None and surge.branching is not None
    reach = src.mix.reach
    seeds = np.full(surge.seed_posts, at, dtype=np.float64)
    src.cascade = arrivals.hawkes_cascade(
        src.rng,
        seeds,
        surge.branching,
        kernel_of(surge),
        duration,
        reach=arrivals.ParetoReach(reach.alpha, reach.minimum),
        reach_exponent=surge.reach_exponent,
    )
