"""Claim of /l6/ that dropout on linear regression is a weighted ridge (snippets/l6/dropout.py)."""

import itertools

import numpy as np
import pytest

from snippets.l6 import dropout


@pytest.mark.claim("l6.implicit.dropout-is-ridge")
@pytest.mark.parametrize("seed", range(10))
def test_monte_carlo_agrees_with_closed_form(seed):
    values = dropout.dropout_is_ridge(seed)
    # The mean of 20,000 independent draws is normal to a good approximation: a miss by more
    # than 5 standard errors has probability below 1e-6 per seed.
    assert values["z_score"] < 5
    assert values["rel_err"] < 5 * values["rel_standard_error"]
    assert values["penalty_share"] > 0  # the penalty term is a visible part of the objective


def test_closed_form_is_exact_by_enumerating_every_mask():
    rng = np.random.default_rng(0)
    X, y, w, keep = rng.standard_normal((2, 3)), rng.standard_normal(2), rng.standard_normal(3), 0.7
    expected = 0.0
    for bits in itertools.product([0, 1], repeat=X.size):
        mask = np.array(bits).reshape(X.shape)
        probability = np.prod(np.where(mask, keep, 1 - keep))
        expected += probability * np.sum((y - (mask * X) @ w) ** 2)
    closed = dropout.dropout_objective_closed_form(X, y, w, keep)
    assert closed == pytest.approx(expected, rel=1e-12)
