"""Claims of /l6/ about early stopping against ridge (snippets/l6/early_stopping.py)."""

import numpy as np
import pytest
from sklearn.linear_model import Ridge

from snippets.l6 import early_stopping as es

SETTINGS = [  # (n, p, r2, sigma2): the page's, p > n, high and low signal-to-noise
    (100, 60, 1.0, 0.05),
    (100, 60, 1.0, 1.0),
    (50, 200, 1.0, 1.0),
    (100, 60, 1.0, 0.01),
    (100, 60, 0.1, 10.0),
]


@pytest.mark.claim("l6.implicit.early-stopping-vs-ridge")
@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize(("n", "p", "r2", "sigma2"), SETTINGS)
def test_flow_risk_within_published_factor_of_ridge(seed, n, p, r2, sigma2):
    values = es.early_stopping_vs_ridge(seed, n, p, r2, sigma2, grid_points=120)
    assert values["max_risk_ratio"] <= es.ALI_KOLTER_TIBSHIRANI_CONSTANT
    # Close, not equal: above 1 where variance dominates, below 1 where bias does.
    assert values["max_risk_ratio"] > 1.0
    assert values["min_risk_ratio"] < 1.0
    # Ridge at lam = sigma2 p / (r2 n) is the posterior mean, the Bayes rule: nothing beats it
    # (1e-12 relative: rounding in the sums).
    bayes = values["bayes_ridge_risk"] * (1 - 1e-12)
    assert bayes <= values["best_flow_risk"] and bayes <= values["best_ridge_risk"]


def test_per_direction_constant_is_the_published_one():
    # Published as 1.6862 (rounded up); the maximum of ((1 - e^-x)(1 + x)/x)^2 is 1.68591.
    assert 1.6858 < es.variance_ratio_constant() <= es.ALI_KOLTER_TIBSHIRANI_CONSTANT


@pytest.mark.parametrize("seed", range(3))
def test_bayes_risk_formula_matches_monte_carlo(seed):
    n, p, r2, sigma2, t, draws = 40, 30, 2.0, 0.5, 3.0, 20_000
    rng = np.random.default_rng(seed)
    X = es.random_design(seed, n, p)
    s, V = es.spectrum(X)
    gain_flow = V @ np.diag(-np.expm1(-s * t) / s) @ V.T @ X.T / n  # b_hat = gain @ y
    gain_ridge = V @ np.diag(1 / (s + 1 / t)) @ V.T @ X.T / n
    b = rng.normal(0, np.sqrt(r2 / p), (draws, p))
    y = b @ X.T + rng.normal(0, np.sqrt(sigma2), (draws, n))
    flow_err = np.sum((y @ gain_flow.T - b) ** 2, axis=1)
    ridge_err = np.sum((y @ gain_ridge.T - b) ** 2, axis=1)
    flow, ridge = es.bayes_risks(s, [t], r2, sigma2, n)
    # Five Monte Carlo standard errors: a false alarm has probability below 1e-6.
    assert abs(flow_err.mean() - flow[0]) < 5 * flow_err.std() / np.sqrt(draws)
    assert abs(ridge_err.mean() - ridge[0]) < 5 * ridge_err.std() / np.sqrt(draws)


def test_gradient_flow_is_the_small_step_limit_of_gradient_descent():
    X, y = es.path_example()
    n, step, t = len(y), 1e-3, 2.0
    b = np.zeros(X.shape[1])
    for _ in range(round(t / step)):
        b += step * X.T @ (y - X @ b) / n
    # Euler's global error is O(step): 1e-3 relative is the expected size.
    np.testing.assert_allclose(b, es.gradient_flow(X, y, t), rtol=2e-3, atol=1e-6)


def test_ridge_matches_scikit_learn():
    X, y = es.path_example()
    lam = 0.37
    # scikit-learn's Ridge minimizes ||y - Xb||^2 + alpha||b||^2: alpha = n lam.
    theirs = Ridge(alpha=len(y) * lam, fit_intercept=False).fit(X, y).coef_
    np.testing.assert_allclose(es.ridge(X, y, lam), theirs, rtol=1e-10)


def gap_bracket(values):
    """In the eigenbasis each direction's gap is (1 - e^-x - x/(1+x)) times its least-squares
    coefficient, at most gap_constant times it. So the largest gap in norm lies between
    gap_constant times the largest eigen-coefficient (reached near x = 2.5 for that direction;
    0.99 allows for the time grid, 12% apart, around a flat maximum) and gap_constant times
    the least-squares norm."""
    c = values["gap_constant"]
    low = 0.99 * c * values["largest_eigen_coefficient"]
    return low <= values["max_gap_norm"] <= c * values["least_squares_norm"]


@pytest.mark.claim("l6.implicit.early-stopping-path-gap")
@pytest.mark.parametrize("seed", range(10))
def test_paths_close_but_not_equal(seed):
    values = es.early_stopping_path_gap(seed)
    assert values["start_gap"] < 0.05 * values["largest_coefficient"]  # both start at 0
    assert values["end_gap"] < 1e-3 * values["largest_coefficient"]  # both end at OLS
    assert values["max_gap"] <= values["max_gap_norm"]  # a coordinate is at most the norm
    assert gap_bracket(values)


def test_gap_constant_is_the_filters_maximum():
    constant, peak = es.path_gap_constant()
    # Where 1 - e^-x - x/(1+x) peaks, its derivative e^-x - 1/(1+x)^2 is zero.
    assert np.exp(-peak) == pytest.approx(1 / (1 + peak) ** 2, rel=1e-3)
    assert constant == pytest.approx(es.flow_minus_ridge_filter(peak), rel=1e-12)
    assert 0 < constant < 1


@pytest.mark.parametrize("calibration", [0.5, 2.0])
def test_the_gap_bracket_fails_for_a_wrong_calibration(calibration):
    """Ridge at lam = 2/t or 1/(2t) instead of 1/t: the gap leaves the bracket."""
    assert not gap_bracket(es.early_stopping_path_gap(0, calibration=calibration))


def test_cited_constant_is_the_computed_one_rounded_up():
    cited = es.ALI_KOLTER_TIBSHIRANI
    assert cited["constant"] == es.ALI_KOLTER_TIBSHIRANI_CONSTANT
    assert round(cited["constant"], 2) == cited["rounded"]
