"""Claims of /l5/priors/ about MAP estimates and the posterior mean (snippets/l5/bayes.py)."""

import numpy as np
import pytest
from scipy.stats import norm

from engine.markers.figures import payload
from snippets.l5 import bayes

SEEDS = range(10)
# L-BFGS-B stops when f no longer decreases in float64: |f| ~ 10^2 resolves to ~1e-14, so
# w is determined to ~sqrt(1e-14 / curvature) ~ 1e-8. 1e-7 is that floor, not a fudge.
GENERAL_PURPOSE = 1e-7


@pytest.mark.claim("l5.map.laplace-is-lasso")
@pytest.mark.parametrize("seed", SEEDS)
def test_laplace_map_is_the_lasso(seed):
    values = bayes.laplace_is_lasso(seed)
    assert values["alpha"] == pytest.approx(
        values["sigma"] ** 2 / (values["n"] * values["b"]), rel=1e-15
    )
    assert values["max_abs_diff"] < GENERAL_PURPOSE
    # The bound-constrained split finds the same exact zeros as coordinate descent.
    assert values["zeros_map"] == values["zeros_lasso"] > 0
    assert values["naive_diff"] > 0.1  # forgetting the 1/n gives a different model


@pytest.mark.claim("l5.map.gaussian-is-ridge")
@pytest.mark.parametrize("seed", SEEDS)
def test_gaussian_map_is_ridge(seed):
    values = bayes.gaussian_is_ridge(seed)
    assert values["alpha"] == pytest.approx(values["sigma"] ** 2 / values["tau"] ** 2, rel=1e-15)
    assert values["lam_half"] == pytest.approx(values["alpha"] / 2, rel=1e-15)
    assert values["max_abs_diff"] < GENERAL_PURPOSE
    assert values["naive_diff"] > 1e-3


def posterior_mean_closed_form(z, sigma, b):
    """Mixture of two truncated normals: N(z - s^2/b, s^2) on w > 0, N(z + s^2/b, s^2) on w < 0."""
    plus, minus = z - sigma**2 / b, z + sigma**2 / b
    # log weights: exponent constants plus log of the truncated normal masses
    log_wp = (plus**2 - z**2) / (2 * sigma**2) + norm.logcdf(plus / sigma)
    log_wm = (minus**2 - z**2) / (2 * sigma**2) + norm.logcdf(-minus / sigma)
    mean_p = plus + sigma * np.exp(norm.logpdf(plus / sigma) - norm.logcdf(plus / sigma))
    mean_m = minus - sigma * np.exp(norm.logpdf(minus / sigma) - norm.logcdf(-minus / sigma))
    top = max(log_wp, log_wm)
    wp, wm = np.exp(log_wp - top), np.exp(log_wm - top)
    return (wp * mean_p + wm * mean_m) / (wp + wm)


@pytest.mark.claim("l5.map.posterior-mean-not-sparse")
def test_posterior_mean_is_not_sparse():
    values = bayes.posterior_mean_not_sparse()
    assert (values["z"], values["sigma"], values["b"]) == (0.5, 1.0, 1.0)
    assert values["map"] == 0.0  # |z| below the threshold sigma^2 / b
    assert 0 < values["posterior_mean"] < values["z"]  # shrunk, but not to zero
    # Only z = 0 gives a zero posterior mean; the MAP is zero on the whole band |z| <= 1.
    assert values["grid_zeros_posterior_mean"] == 1
    assert values["grid_zeros_map"] > 1
    # The grid is symmetric and reaches past the threshold on both sides, so it holds both
    # the MAP's zero band and non-zero MAPs.
    assert values["z_min"] == -values["z_max"] and values["z_max"] > values["threshold"]
    assert values["min_abs_posterior_mean_off_zero"] > 1e-3


@pytest.mark.parametrize("z", [-3.0, -0.7, 0.0, 0.2, 0.5, 1.0, 2.5, 6.0])
@pytest.mark.parametrize("sigma,b", [(1.0, 1.0), (0.5, 2.0), (2.0, 0.3)])
def test_quadrature_matches_the_closed_form(z, sigma, b):
    # quad at epsrel=1e-13 on smooth halves: agreement to ~1e-12.
    assert bayes.laplace_posterior_mean(z, sigma, b) == pytest.approx(
        posterior_mean_closed_form(z, sigma, b), abs=1e-10
    )


@pytest.mark.claim("l5.map.laplace-is-lasso")
@pytest.mark.parametrize("seed", SEEDS)
def test_the_laplace_map_meets_the_lasso_conditions_checked_here(seed):
    # Beside the snippet's report of its difference from scikit-learn: the MAP checked against
    # the lasso's optimality conditions for alpha = sigma^2 / (n b), computed here.
    X, y = bayes.regression_data(seed)
    n = len(y)
    alpha = bayes.SIGMA**2 / (n * bayes.LAPLACE_SCALE)
    w = bayes.laplace_map(X, y, bayes.SIGMA, bayes.LAPLACE_SCALE)
    pull = X.T @ (y - X @ w) / n
    kept = w != 0
    # w resolves to ~1e-8 (above), the pull to that times the curvature X^T X / n (~1).
    assert np.max(np.abs(pull[kept] - alpha * np.sign(w[kept]))) < 1e-6
    assert np.max(np.abs(pull[~kept])) <= alpha + 1e-6 and (~kept).any()


@pytest.mark.claim("l5.map.gaussian-is-ridge")
@pytest.mark.parametrize("seed", SEEDS)
def test_the_gaussian_map_is_the_ridge_solved_here(seed):
    # Beside the snippet's report: ridge from its normal equations, (X^T X + alpha I) w = X^T y.
    X, y = bayes.regression_data(seed)
    alpha = bayes.SIGMA**2 / bayes.GAUSS_SCALE**2
    ridge = np.linalg.solve(X.T @ X + alpha * np.eye(X.shape[1]), X.T @ y)
    w = bayes.gaussian_map(X, y, bayes.SIGMA, bayes.GAUSS_SCALE)
    assert np.max(np.abs(w - ridge)) < GENERAL_PURPOSE
    # A prior of another width is another ridge: the check can fail.
    wider = np.linalg.solve(X.T @ X + alpha / 2 * np.eye(X.shape[1]), X.T @ y)
    assert np.max(np.abs(w - wider)) > 1e-3


@pytest.mark.claim("l5.map.prior-scale")
@pytest.mark.parametrize("seed", SEEDS)
def test_the_laplace_map_is_zero_exactly_where_the_soft_threshold_says(seed):
    """One weight, n observations of variance sigma^2, a Laplace(0, b) prior: the MAP that
    L-BFGS-B finds is 0 if and only if |mean| <= sigma^2 / (n b), at every scale of the slider."""
    values = bayes.prior_scale(seed)
    y = bayes.one_weight_data(seed)
    n, sigma = len(y), values["sigma"]
    found = [bayes.one_weight_posteriors(y, b) for b in bayes.SCALES]
    maps = np.array([f["laplace_map"] for f in found])
    threshold_says = np.abs(y.mean()) <= sigma**2 / (n * bayes.SCALES)
    assert np.array_equal(maps == 0.0, threshold_says)
    assert values["frames_match_threshold"] is True
    assert values["map_zero_frames"] == int(threshold_says.sum())
    # Off zero, the MAP is the soft threshold's value, to the optimizer's precision.
    assert values["map_gap_to_soft_threshold"] < GENERAL_PURPOSE
    assert values["b_star"] == pytest.approx(sigma**2 / (n * abs(y.mean())), rel=1e-15)


@pytest.mark.claim("l5.map.prior-scale")
@pytest.mark.parametrize("seed", SEEDS)
def test_the_posterior_mean_and_the_gaussian_map_are_never_zero(seed):
    values = bayes.prior_scale(seed)
    y = bayes.one_weight_data(seed)
    found = [bayes.one_weight_posteriors(y, b) for b in bayes.SCALES]
    means = np.array([f["laplace_mean"] for f in found])
    gaussian = np.array([f["gaussian_map"] for f in found])
    assert values["mean_zero_frames"] == values["gaussian_zero_frames"] == 0
    # Shrunk towards zero, never to it: strictly between 0 and the sample mean, and closer to
    # the sample mean the wider the prior.
    for estimate in (means, gaussian):
        share = estimate / y.mean()
        assert np.all((share > 0) & (share < 1))
        assert np.all(np.diff(share) > 0)
    assert values["smallest_abs_mean"] == pytest.approx(abs(means[0]), rel=1e-12)


def test_the_slider_crosses_b_star_and_the_gaussian_map_is_its_mean():
    values = bayes.prior_scale()
    # Seed 0's data: the slider shows the MAP at zero and off it.
    assert 0 < values["map_zero_frames"] < values["frames"]
    assert values["b_last_zero"] <= values["b_star"] < values["b_first_nonzero"]
    # The Gaussian prior N(0, 2 b^2): its MAP, by the general optimizer, is the closed form.
    y = bayes.one_weight_data(0)
    for b in bayes.SCALES[::4]:
        tau = np.sqrt(2) * b
        general = bayes.gaussian_map(np.ones((len(y), 1)), y, bayes.SIGMA, tau)[0]
        assert general == pytest.approx(bayes.one_weight_posteriors(y, b)["gaussian_map"], abs=1e-7)


def test_the_figure_draws_the_map_at_zero_exactly_where_the_threshold_says():
    """As the page gets it (rounded), frame by frame: the Laplace MAP's stem stands at w = 0
    exactly when |mean| <= sigma^2 / (n b); the posterior mean's never does."""
    y = bayes.one_weight_data(0)
    spec = payload(bayes.prior_scale_figure().to_plotly_json())
    assert len(spec["frames"]) == len(bayes.SCALES)
    for b, frame in zip(bayes.SCALES, spec["frames"]):
        laplace_map, laplace_mean, gaussian_map = (frame["data"][i]["x"] for i in (2, 3, 6))
        at_zero = abs(y.mean()) <= bayes.SIGMA**2 / (len(y) * b)
        assert (laplace_map == [0.0, 0.0]) == at_zero, b
        assert ("MAP exactly 0" in frame["layout"]["title"]["text"]) == at_zero
        assert laplace_mean[0] != 0.0 and gaussian_map[0] != 0.0
    printed = [f for f in spec["frames"] if f.get("group") == "paper"]
    # On paper: the MAP at zero and off it, either side of b*.
    assert {f["data"][2]["x"][0] == 0.0 for f in printed} == {True, False}
