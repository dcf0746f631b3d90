"""The SimPy engine: arrivals, the team, the community, feedback and what is counted.

`core` holds the engine and its per-mention fast path; the parts it holds each have their
own module: `sources` and `arrivals` (where and when mentions come from), `team` and
`rota` (who serves them), `community` and `feedback` (what else answers them, and what
comes back), `steering` and `applied` (what actions change), `recorder` and `metrics`
(what is counted), `clock` (the calendar and the log), `streams` (the random numbers).
"""
