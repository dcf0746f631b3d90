"""The same M/M/c+M queue in Ciw, a queueing-network library built for exactly this.

Ciw describes the queue declaratively and keeps one data record per customer; reneging
(abandonment) is part of its model since version 3. It is the second reference point:
a purpose-built queue simulator rather than hand-written SimPy.
"""

from __future__ import annotations

import math

import ciw

from bench.case import Case, Counts


def run_ciw(case: Case, seed: int) -> Counts:
    """Simulate `case` until its duration and count the post-warm-up customers.

    Ciw draws from its own module-level generators, which only `ciw.seed` sets; that global
    state is acceptable here because this model exists only for the benchmark and its tests,
    never inside `sim/`.
    """
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate=case.rate)],
        service_distributions=[ciw.dists.Exponential(rate=1.0 / case.mean_handle)],
        number_of_servers=[case.agents],
        reneging_time_distributions=[ciw.dists.Exponential(rate=1.0 / case.mean_patience)],
    )
    ciw.seed(seed)
    sim = ciw.Simulation(network)
    sim.simulate_until_max_time(case.duration)
    # Incomplete records are the customers still in the system at the end: those already in
    # service were served (their wait is known), those still queued are neither outcome.
    records = sim.get_all_records(include_incomplete=True)
    arrivals = served = abandoned = in_sla = 0
    for rec in records:
        if rec.arrival_date < case.warmup:
            continue
        arrivals += 1
        if rec.record_type == "renege":
            abandoned += 1
        elif rec.waiting_time is not None and not math.isnan(rec.waiting_time):
            served += 1
            if rec.waiting_time <= case.sla:
                in_sla += 1
    return Counts(arrivals, served, abandoned, in_sla, total=len(records))
