"""Claims of /l4/ about lasso and ridge on the diabetes data, at one strength and along the
slider over lambda (snippets/l4/diabetes.py)."""

import re

import numpy as np
import pytest
from sklearn.datasets import load_diabetes
from sklearn.linear_model import Lasso, Ridge

from engine.markers.figures import payload
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


@pytest.mark.claim("l4.diabetes.lambda-frames")
def test_the_lasso_is_all_zeros_exactly_above_lambda_max_and_ridge_never():
    values = diabetes.lambda_frames()
    names, lams, lasso, ridge, (knots, _) = diabetes.coefficient_frames()
    p = len(names)
    # LARS's first knot is the closed form 2 max_j |x_j^T (y - ybar)| (this page's lambda).
    assert values["lam_max"] == pytest.approx(values["lam_max_formula"], rel=1e-12)
    # All p coefficients exactly zero at a frame if and only if its lambda is above lam_max.
    lasso_zeros = np.sum(lasso == 0.0, axis=1)
    assert np.array_equal(lasso_zeros == p, lams >= values["lam_max"])
    assert values["all_zero_frames"] == values["frames_above_lam_max"] >= 1
    assert lams[-1] > values["lam_max"] > lams[-2]  # the slider ends above lam_max
    # Ridge: not one exact zero in any frame.
    assert values["ridge_zeros_max"] == 0 and np.all(ridge != 0.0)
    assert values["ridge_smallest_abs"] == np.min(np.abs(ridge)) > 0
    # The first to enter is the feature with the largest pull on the fit at w = 0.
    assert values["first_feature"] == values["largest_correlation"]
    assert values["lam_first"] == values["lam_max"] > values["lam_second"]
    # The counts the page quotes, from the frames themselves: none at the smallest lambdas,
    # then growing with lambda, to all p.
    none = values["frames_none_zero"]
    counts = [int(c) for c in values["lasso_zero_counts"].split(", ")]
    assert np.all(lasso_zeros[:none] == 0) and counts == lasso_zeros[none:].tolist()
    assert 0 < counts[0] and counts[-1] == p and counts == sorted(counts)


def test_the_slider_is_log_spaced_from_above_lambda_max_to_nearly_least_squares():
    values = diabetes.lambda_frames()
    names, lams, lasso, ridge, _ = diabetes.coefficient_frames()
    ratios = lams[1:] / lams[:-1]
    assert ratios == pytest.approx(np.full_like(ratios, 10 ** (1 / values["per_decade"])))
    X, y, _ = diabetes.diabetes_centred()
    least_squares = np.linalg.lstsq(X, y, rcond=None)[0]
    scale = np.max(np.abs(least_squares))
    # Nearly unpenalized at the bottom: within 5% of least squares' largest coefficient.
    assert np.max(np.abs(lasso[0] - least_squares)) < 0.05 * scale
    assert np.max(np.abs(ridge[0] - least_squares)) < 0.05 * scale


def test_the_slider_uses_the_stated_conventions():
    """This page's lambda is Lasso(alpha = lam / (2n)) and Ridge(alpha = lam)."""
    names, lams, lasso, ridge, _ = diabetes.coefficient_frames()
    X, y = load_diabetes(return_X_y=True)
    n = len(y)
    for i in (1, 3, 8, 15):
        fitted = Ridge(alpha=lams[i]).fit(X, y).coef_
        assert np.max(np.abs(ridge[i] - fitted)) < 1e-8 * np.max(np.abs(fitted))
        cd = Lasso(alpha=lams[i] / (2 * n), tol=1e-12, max_iter=1_000_000).fit(X, y).coef_
        assert np.array_equal(cd == 0.0, lasso[i] == 0.0)
        # Coordinate descent stops at a duality gap: agreement to its tolerance, not rounding.
        assert np.max(np.abs(cd - lasso[i])) < 1e-3 * np.max(np.abs(cd))


def test_the_slider_opens_at_the_lasso_fitted_above():
    values = diabetes.lambda_frames()
    names, lams, lasso, _, _ = diabetes.coefficient_frames()
    n = values["n_samples"]
    assert values["lam_default"] == pytest.approx(2 * n * values["alpha"], rel=1e-12)
    at_default = lasso[int(np.argmin(np.abs(lams - values["lam_default"])))]
    _, fitted, _, _ = diabetes.fit_diabetes(values["alpha"])
    assert np.array_equal(at_default == 0.0, fitted == 0.0)
    assert values["kept_default"] == diabetes.diabetes_zeros()["lasso_kept"]


def test_every_feature_is_kept_below_the_last_knot_and_not_just_above_it():
    values = diabetes.lambda_frames()
    X, y, _ = diabetes.diabetes_centred()
    knots, coefs = diabetes.lasso_path_exact(X, y)  # Lasso's alpha = lam / (2n)
    last = values["lam_all_kept"] / (2 * len(y))
    assert np.all(diabetes.lasso_at(knots, coefs, last * (1 - 1e-6)) != 0.0)
    assert np.any(diabetes.lasso_at(knots, coefs, last * (1 + 1e-6)) == 0.0)


@pytest.mark.claim("l4.diabetes.lambda-frames")
def test_ridge_shrinks_the_vector_while_single_coefficients_may_grow():
    values = diabetes.lambda_frames()
    _, _, _, ridge, _ = diabetes.coefficient_frames()
    norms = np.linalg.norm(ridge, axis=1)  # frames run from the smallest lambda up
    assert values["ridge_norm_falls"] is True and np.all(np.diff(norms) < 0)
    # "Every coefficient shrinks" is false here: some grow in magnitude as lambda grows.
    growing = np.any(np.diff(np.abs(ridge), axis=0) > 0, axis=0)
    assert values["ridge_growing_count"] == int(growing.sum()) > 0


def test_the_figure_writes_the_counts_its_frames_draw():
    """As the page gets it (rounded): each frame's lasso bars have as many exact zeros as its
    title says, and as many hollow markers; its ridge bars none."""
    spec = payload(diabetes.coefficients_figure().to_plotly_json())
    frames = spec["frames"]
    assert len(frames) == diabetes.lambda_frames()["frames"]
    for frame in frames:
        lasso, ridge, markers = frame["data"]
        said = re.search(r"lasso (\d+) of 10, ridge (\d+) of 10", frame["layout"]["title"]["text"])
        assert sum(v == 0 for v in lasso["y"]) == int(said[1]) == len(markers["x"])
        assert sum(v == 0 for v in ridge["y"]) == int(said[2]) == 0
    printed = [frame for frame in frames if frame.get("group") == "paper"]
    assert len(printed) >= 3
    assert "lasso 10 of 10" in printed[-1]["layout"]["title"]["text"]
    assert "lasso 0 of 10" in printed[0]["layout"]["title"]["text"]
