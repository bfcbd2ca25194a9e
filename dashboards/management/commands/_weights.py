"""Page weights (placeholder)."""


def measure(stdout, envs, sessions, *, port, workers):
    return {}


def print_weights(stdout, result, scale):
    pass
