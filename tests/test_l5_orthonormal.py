"""Claim of /l5/ about the orthonormal-design closed forms (snippets/l5/orthonormal.py)."""

import numpy as np
import pytest

from snippets.l5 import orthonormal


@pytest.mark.claim("l5.orthonormal.soft-threshold")
@pytest.mark.parametrize("seed", range(10))
def test_lasso_soft_thresholds_and_ridge_shrinks(seed):
    values = orthonormal.orthonormal_closed_forms(seed)
    assert values["orthonormality_error"] < 1e-12  # QR: orthonormal to rounding
    # The closed forms are exact; scikit-learn's solvers reach them to rounding (tol=1e-14,
    # and coordinate descent on orthogonal columns is exact after one sweep).
    assert values["max_abs_diff"] < 1e-12
    assert values["ridge_half_diff"] < 1e-12
    assert values["zeros_lasso"] > 0
    assert values["zeros_ridge"] == 0
    # Table 3.4's ridge formula read in the (1/2) convention is a different estimator.
    assert values["mixed_convention_diff"] > 1e-2


def test_soft_threshold_is_zero_exactly_inside_the_band():
    z = np.linspace(-3, 3, 61)
    w = orthonormal.soft_threshold(z, 1.0)
    assert np.all(w[np.abs(z) <= 1.0] == 0.0)
    assert np.all(w[np.abs(z) > 1.0] != 0.0)
    assert np.all(orthonormal.proportional_shrinkage(z[z != 0], 1.0) != 0.0)


@pytest.mark.claim("l5.orthonormal.soft-threshold")
@pytest.mark.parametrize("seed", range(10))
def test_the_closed_forms_agree_with_fits_made_here(seed):
    # Beside the snippet's report of its differences: the fits and the closed forms computed
    # here, ridge from its normal equations (no orthonormality assumed).
    from sklearn.linear_model import Lasso

    X, y = orthonormal.orthonormal_data(seed)
    lam, (n, p) = orthonormal.LAM, X.shape
    z = X.T @ y
    lasso = Lasso(alpha=lam / n, fit_intercept=False, tol=1e-14, max_iter=100_000).fit(X, y)
    assert np.max(np.abs(lasso.coef_ - np.sign(z) * np.maximum(np.abs(z) - lam, 0))) < 1e-12
    ridge = np.linalg.solve(X.T @ X + lam * np.eye(p), X.T @ y)
    assert np.max(np.abs(ridge - z / (1 + lam))) < 1e-12
    assert np.max(np.abs(ridge - z / (1 + 2 * lam))) > 1e-2  # the other convention is not it
