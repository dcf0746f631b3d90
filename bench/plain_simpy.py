"""The benchmark's yardstick: the M/M/c+M queue as a plain, idiomatic SimPy model.

This is how the SimPy documentation writes a queue with reneging (its "bank renege"
example): a `Resource` for the agents and one process per customer that races its request
against a patience timeout. It is written the way a careful user would write it, neither
tuned nor handicapped: each customer's three random numbers come from one vectorised draw.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass

import numpy as np
import simpy

from bench.case import Case, Counts


@dataclass
class _Tally:
    arrivals: int = 0
    served: int = 0
    abandoned: int = 0
    served_in_sla: int = 0
    total: int = 0


def _customer(
    env: simpy.Environment,
    agents: simpy.Resource,
    patience: float,
    handle: float,
    case: Case,
    tally: _Tally,
) -> Generator[simpy.Event, object, None]:
    arrived = env.now
    counted = arrived >= case.warmup
    # Leaving the `with` block cancels a request still queued, or releases a granted one.
    with agents.request() as req:
        result = yield req | env.timeout(patience)
        if req in result:  # type: ignore[operator]
            if counted:
                tally.served += 1
                if env.now - arrived <= case.sla:
                    tally.served_in_sla += 1
            yield env.timeout(handle)
        elif counted:
            tally.abandoned += 1


def _source(
    env: simpy.Environment,
    agents: simpy.Resource,
    case: Case,
    rng: np.random.Generator,
    tally: _Tally,
) -> Generator[simpy.Event, object, None]:
    means = np.array([1.0 / case.rate, case.mean_patience, case.mean_handle])
    while True:
        gap, patience, handle = rng.exponential(means).tolist()
        yield env.timeout(gap)
        tally.total += 1
        if env.now >= case.warmup:
            tally.arrivals += 1
        env.process(_customer(env, agents, patience, handle, case, tally))


def run_plain_simpy(case: Case, rng: np.random.Generator) -> Counts:
    """Simulate `case` until its duration and count the post-warm-up customers."""
    env = simpy.Environment()
    agents = simpy.Resource(env, capacity=case.agents)
    tally = _Tally()
    env.process(_source(env, agents, case, rng, tally))
    env.run(until=case.duration)
    return Counts(tally.arrivals, tally.served, tally.abandoned, tally.served_in_sla, tally.total)


def main(argv: list[str] | None = None) -> None:
    """`python -m bench.plain_simpy`: the queue as a script of its own, for the whole-process
    comparison (`bench.startup`); prints the counts as JSON."""
    import argparse
    import json
    from dataclasses import asdict

    from bench.case import BENCH_CASE

    parser = argparse.ArgumentParser(prog="python -m bench.plain_simpy")
    parser.add_argument("--customers", type=int, default=BENCH_CASE.customers)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    counts = run_plain_simpy(BENCH_CASE.scaled(args.customers), np.random.default_rng(args.seed))
    print(json.dumps(asdict(counts)))


if __name__ == "__main__":
    main()
