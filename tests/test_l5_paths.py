"""Claims of /l5/paths/ about the lasso and ridge paths on the diabetes data (snippets/l5/paths.py)."""

import numpy as np
import pytest
from sklearn.linear_model import Lasso, Ridge

from snippets.l5 import paths


@pytest.mark.claim("l5.paths.lasso-exit-order")
def test_features_leave_the_lasso_in_the_stated_order():
    values = paths.lasso_exit_order()
    X, y, names = paths.diabetes_centred()
    order = values["order"].split(", ")
    assert sorted(order) == sorted(names) and values["exits_distinct"]
    # Everything is zero above lam_max = max_j |X_j^T y| / n.
    assert values["lam_max"] == pytest.approx(values["lam_max_formula"], rel=1e-12)
    # Between consecutive exits (above the drop interval), an independent solver keeps
    # exactly the features that have not left yet.
    knots, coefs = paths.lasso_path_exact(X, y)
    exits = dict(zip(names, paths.exit_lambdas(knots, coefs)))
    levels = sorted(v for v in exits.values() if v > values["drop_to"])
    for low, high in zip(levels, levels[1:]):
        lam = np.sqrt(low * high)
        w = Lasso(alpha=lam, tol=1e-12, max_iter=100_000).fit(X, y).coef_
        kept = {n for n, c in zip(names, w) if c != 0}
        assert kept == {n for n in names if exits[n] > lam}
    # Inside the drop interval the dropped feature is exactly zero.
    lam = np.sqrt(values["drop_from"] * values["drop_to"])
    w = paths.lasso_at(knots, coefs, lam)
    assert w[names.index(values["drop_feature"])] == 0.0


@pytest.mark.claim("l5.paths.ridge-never-zero")
def test_ridge_path_has_no_zero_coefficient():
    values = paths.ridge_never_zero()
    assert values["zeros_on_grid"] == 0
    assert values["min_abs_coef"] > 0
    # Ridge shrinks the vector, not each coefficient: ||w(lam)||^2 = sum_i (d_i u_i^T y /
    # (d_i^2 + lam))^2 falls with lam term by term, while single coefficients may grow.
    assert values["norm_decreasing"] is True
    assert values["count_growing"] >= 1
    assert values["sign_changes"] >= 1
    X, y, _ = paths.diabetes_centred()
    for lam in (1e-3, 1.0, 1e3):
        ours = paths.ridge_path(X, y, [lam])[0]
        theirs = Ridge(alpha=lam, fit_intercept=False).fit(X, y).coef_
        assert np.allclose(ours, theirs, rtol=1e-9, atol=1e-9)


@pytest.mark.claim("l5.paths.constrained-equals-penalized")
@pytest.mark.parametrize("lam", [0.03, paths.LAM, 0.25, 1.0])
def test_constrained_solution_equals_penalized(lam):
    values = paths.constrained_equals_penalized(lam)
    # Both are exact up to rounding amplified by conditioning (cond(X^T X) ~ 500):
    # relative agreement 1e-12 is what float64 allows; 1e-10 is a margin, not slack.
    assert values["max_abs_diff"] <= 1e-10 * values["max_abs_coef"]
    assert values["constrained_zeros_match"]
    X, y, _ = paths.diabetes_centred()
    knots, coefs = paths.lasso_path_exact(X, y)
    lasso = Lasso(alpha=lam, tol=1e-14, max_iter=1_000_000).fit(X, y).coef_
    assert np.allclose(paths.lasso_at(knots, coefs, lam), lasso, rtol=0, atol=1e-8)


def test_l1_projection_lands_on_the_ball():
    rng = np.random.default_rng(0)
    for _ in range(20):
        v, t = rng.standard_normal(10) * 5, rng.uniform(0.5, 10)
        w = paths.project_l1_ball(v, t)
        assert np.abs(w).sum() <= t + 1e-12
        if np.abs(v).sum() > t:
            assert np.abs(w).sum() == pytest.approx(t, rel=1e-12)
