"""A scenario from a team's own mention history: read it, fit it, check it, alert on it.

`reading` turns a listening tool's export into counts per bucket; `series` bins them by
hour; `baseline` fits the everyday level, its daily and weekly profiles and its Cox
volatility; `bursts` finds the surges; `shapes` fits each as a shock or a viral cascade
by maximum likelihood (`likelihood` holds the optimiser and the intervals); `fitting`
runs the steps; `writing` (with `tomlout`) makes the scenario file; `check` simulates
the fit against what happened; `alerts` is the spike rule, `labels` the windows it is
scored on, and `live` runs it on a running simulation. FITTING.md has the figures.
"""
