"""Questions asked of many runs: Erlang formulas, staffing plans, sweeps, replications."""
