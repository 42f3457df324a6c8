"""Random problems that more than one snippet draws from."""

import numpy as np


def sparse_weights(rng: np.random.Generator, p: int, k: int, low: float, high: float):
    """A weight vector of length p with k non-zeros at random places: random signs, sizes
    uniform in [low, high]. Draws from ``rng`` in that order: places, signs, sizes."""
    w = np.zeros(p)
    support = rng.choice(p, k, replace=False)
    w[support] = rng.choice([-1.0, 1.0], k) * rng.uniform(low, high, k)
    return w
