"""Claims of /l4/ about lasso and ridge on the diabetes data (snippets/l4/diabetes.py)."""

import numpy as np
import pytest
from sklearn.datasets import load_diabetes

from snippets.l4 import diabetes


@pytest.mark.claim("l4.diabetes.zeros")
def test_lasso_zeros_are_exact_and_ridge_has_none():
    values = diabetes.diabetes_zeros()
    assert values["n_features"] == 10
    assert values["lasso_zeros"] > 0
    assert values["ridge_zeros"] == 0
    assert values["smallest_ridge_abs"] > 1.0


@pytest.mark.claim("l4.diabetes.kkt")
def test_lasso_zeros_satisfy_the_optimality_conditions():
    """A zero is a true optimum, not a small number: |x_j^T r| / n <= alpha (KKT)."""
    values = diabetes.diabetes_kkt()
    assert values["max_zero_gradient"] <= values["alpha"]
    # Active coefficients sit on the boundary |x_j^T r| / n = alpha, up to the solver's
    # tolerance (coordinate descent stops at a duality gap of 1e-4 relative to ||y||^2 / n).
    assert values["active_gap"] < 1e-2 * values["alpha"]


def test_kkt_computation_matches_an_independent_residual():
    X, y = load_diabetes(return_X_y=True)
    _, lasso, _, _ = diabetes.fit_diabetes()
    intercept = y.mean() - X.mean(axis=0) @ lasso
    residual = y - intercept - X @ lasso
    gradient = np.abs(X.T @ residual) / len(y)
    assert np.max(gradient[lasso == 0]) == pytest.approx(
        diabetes.diabetes_kkt()["max_zero_gradient"], rel=1e-9
    )
