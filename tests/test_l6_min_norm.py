"""Claim of /l6/ about gradient descent's minimum-norm limit (snippets/l6/min_norm.py)."""

import pytest

from snippets.l6 import min_norm


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
