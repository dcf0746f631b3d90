"""Exercises people play: drill files, their injects and notes, scoring, counterfactual re-runs."""
