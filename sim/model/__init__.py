"""The vocabulary: units, actions, the scenario model and its loading, errors and file positions."""
