"""The vocabulary: words, units, actions, the scenario's sections, loading, errors and positions."""
