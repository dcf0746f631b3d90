"""The SimPy engine: arrivals, the team, the community, feedback and what is counted."""
