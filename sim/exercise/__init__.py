"""Exercises people play: drill files, scoring and counterfactual re-runs."""
