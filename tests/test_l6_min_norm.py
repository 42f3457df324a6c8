"""Claim of /l6/ about gradient descent's minimum-norm limit (snippets/l6/min_norm.py)."""

import numpy as np
import pytest

from snippets.l6 import min_norm


def min_norm_interpolant(X, y):
    """The minimum-norm solution of Xw = y for X of full row rank, computed apart from the
    snippet's pinv: the solution in the row space, X^T (X X^T)^-1 y."""
    return X.T @ np.linalg.solve(X @ X.T, y)


@pytest.mark.claim("l6.implicit.min-norm")
@pytest.mark.parametrize("seed", range(10))
def test_gradient_descent_limit_is_min_norm_plus_null_space_of_start(seed):
    values = min_norm.min_norm(seed)
    # 3000 steps contract the row-space error by (1 - s_min/s_max)^3000, far below rounding.
    assert values["max_abs_diff_zero_init"] < 1e-10
    assert values["max_abs_diff_nonzero_init_with_nullspace"] < 1e-10
    # Both interpolate, but only the start from zero is the minimum-norm solution.
    assert values["residual_zero_init"] < 1e-10 and values["residual_nonzero_init"] < 1e-10
    assert values["distance_from_min_norm"] > 0.1
    assert values["norm_zero_init"] < values["norm_nonzero_init"]


@pytest.mark.claim("l6.implicit.min-norm")
@pytest.mark.parametrize("seed", range(10))
def test_the_limits_agree_with_a_computation_of_their_own(seed):
    # Beside the snippet's report of its error, the same limits computed here by another route:
    # the row-space solution from the normal equations of X X^T, and the start's null-space
    # component as the start minus its projection on the row space.
    X, y, w0 = min_norm.problem(seed)
    assert np.linalg.matrix_rank(X) == X.shape[0] < X.shape[1]  # full row rank, p > n
    interpolant = min_norm_interpolant(X, y)
    null_part = w0 - X.T @ np.linalg.solve(X @ X.T, X @ w0)
    from_zero = min_norm.least_squares_gd(X, y, np.zeros(X.shape[1]))
    from_w0 = min_norm.least_squares_gd(X, y, w0)
    assert np.max(np.abs(from_zero - interpolant)) < 1e-10
    assert np.max(np.abs(from_w0 - (interpolant + null_part))) < 1e-10
    values = min_norm.min_norm(seed)
    assert values["distance_from_min_norm"] == pytest.approx(
        np.max(np.abs(from_w0 - interpolant)), rel=1e-6
    )


def test_the_independent_check_fails_on_a_wrong_limit():
    X, y, w0 = min_norm.problem(0)
    # Another interpolant (the start's null-space part kept) is not the minimum-norm one.
    wrong = min_norm.least_squares_gd(X, y, w0)
    assert np.max(np.abs(wrong - min_norm_interpolant(X, y))) > 0.1
