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


def test_lasso_zeros_satisfy_the_optimality_conditions():
    """A zero is a true optimum, not a small number: |X_j^T r| / n <= alpha (KKT)."""
    X, y = load_diabetes(return_X_y=True)
    _, lasso, _, _ = diabetes.fit_diabetes()
    residual = y - y.mean() - X @ lasso
    correlation = np.abs(X.T @ residual) / len(y)
    zero = lasso == 0
    assert np.all(correlation[zero] <= diabetes.ALPHA + 1e-6)
    # Active coefficients sit exactly on the boundary |X_j^T r| / n = alpha.
    assert np.allclose(correlation[~zero], diabetes.ALPHA, rtol=1e-3)
