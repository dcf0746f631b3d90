"""A scenario from a team's own mention history: read it, fit it, check it, alert on it.

`reading` turns a listening tool's export into counts per bucket; `series` bins them by
hour; `baseline` fits the everyday level, its daily and weekly profiles and its Cox
volatility; `bursts` finds the surges; `shapes` fits each as a shock or a viral cascade
by maximum likelihood; `alerts` is the spike rule; `writing` makes the scenario file;
`check` simulates the fit against what happened.
"""
