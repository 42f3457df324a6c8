"""Claims of /l6/proximal/ about subgradient descent, ISTA and FISTA on a lasso, their
iterations, and the shrinkage of the weights the lasso keeps (snippets/l6/prox.py)."""

import re

import numpy as np
import pytest

from engine.markers.figures import payload
from snippets.l6 import prox

SEEDS = range(10)


@pytest.mark.claim("l6.prox.exact-zeros")
@pytest.mark.parametrize("seed", SEEDS)
def test_proximal_methods_leave_exact_zeros_and_subgradient_descent_none(seed):
    values = prox.exact_zeros(seed)
    assert (values["n"], values["p"]) == (80, 200)
    assert values["ista_zeros"] > 0
    assert values["fista_zeros"] > 0
    assert values["subgradient_zeros"] == 0
    # ISTA's zeros are the solution's: the same coordinates, not only as many (FISTA's too).
    _, _, _, w_star, paths, _ = prox.solve_all(seed, values["iterations"])
    assert np.array_equal(paths["ista"][-1] == 0, w_star == 0)
    assert np.array_equal(paths["fista"][-1] == 0, w_star == 0)
    assert values["ista_zero_set_is_solutions"] is True
    assert values["ista_zeros"] == values["fista_zeros"] == values["solution_zeros"]
    # A lasso solution has at most n non-zeros (general position), so at least p - n zeros.
    assert values["solution_zeros"] >= values["p"] - values["n"]
    # "Near zero": the true non-zero coefficients have |w| >= 1, these hover 20 times lower.
    assert 0 < values["subgradient_median_abs"] < 0.05


@pytest.mark.claim("l6.prox.rates")
@pytest.mark.parametrize("seed", SEEDS)
def test_beck_teboulle_bounds_hold_at_every_iteration(seed):
    values = prox.rates(seed)
    assert values["bound_holds"] is True
    assert values["ista_max_gap_over_bound"] <= 1
    assert values["fista_max_gap_over_bound"] <= 1
    # The reference x* is optimal: the KKT conditions hold to rounding on the support
    # (1e-10 lam: solve() in float64 on a well-conditioned support) and strictly off it.
    assert values["kkt_on_support"] < 1e-10
    assert values["kkt_off_support"] < 1
    # ISTA with step 1/L is a descent method; FISTA is not.
    assert values["ista_increases"] == 0
    assert values["fista_increases"] > 0
    # Subgradient descent with a constant step stalls: less than a factor 2 gained over the
    # second half of the run, while ISTA and FISTA gain orders of magnitude.
    assert values["subgradient_gap"] > 0.5 * values["subgradient_gap_halfway"]
    assert values["subgradient_gap"] > values["ista_gap"]


def test_soft_threshold_is_the_prox_of_the_l1_norm():
    """prox_t(z) = argmin_x (1/2)(x - z)^2 + t|x|, checked against a dense grid search."""
    grid = np.linspace(-3, 3, 600_001)  # spacing 1e-5
    for z in (-2.0, -0.3, 0.0, 0.2, 0.5, 1.7):
        t = 0.5
        brute = grid[np.argmin(0.5 * (grid - z) ** 2 + t * np.abs(grid))]
        assert prox.soft_threshold(z, t) == pytest.approx(brute, abs=1e-5)
    assert prox.soft_threshold(np.array([0.3, -0.49]), 0.5).tolist() == [0.0, 0.0]


def test_fista_reaches_the_reference_solution():
    X, y, lam, _ = prox.lasso_problem(0)
    w_star = prox.lasso_solution(X, y, lam)
    w = prox.fista(X, y, lam, 2000)[-1]
    assert np.array_equal(w == 0, w_star == 0)
    assert np.max(np.abs(w - w_star)) < 1e-8  # linear convergence once the support is found


@pytest.mark.claim("l6.prox.lasso-bias")
@pytest.mark.parametrize("seed", SEEDS)
def test_the_lasso_shrinks_what_it_keeps_and_a_refit_undoes_most_of_it(seed):
    values = prox.lasso_bias(seed)
    # The selection is right enough to refit: every true feature kept, among few others.
    assert values["true_kept"] == values["true_nonzeros"] <= values["kept"] < 80
    assert values["false_kept"] == values["kept"] - values["true_kept"]
    # The lasso's estimates of the true features fall short of them...
    assert values["lasso_shortfall"] > 0.05
    # ...and least squares on the kept features takes back most of the shortfall,
    assert abs(values["refit_shortfall"]) < values["lasso_shortfall"] / 2
    # and most of the error.
    assert values["refit_error"] < 0.75 * values["lasso_error"]


def test_the_refit_is_least_squares_on_the_support_only():
    X, y, lam, _ = prox.lasso_problem(0)
    w = prox.lasso_solution(X, y, lam)
    refit = prox.refit_on_support(X, y, w)
    assert np.array_equal(refit != 0, w != 0)
    # Its residual is orthogonal to the kept features (the normal equations), unlike the
    # lasso's, whose correlation with them is lam in size (the optimality condition).
    kept = w != 0
    assert np.max(np.abs(X[:, kept].T @ (y - X @ refit))) < 1e-8 * lam
    assert np.allclose(np.abs(X[:, kept].T @ (y - X @ w)), lam)


@pytest.mark.claim("l6.prox.zero-set")
@pytest.mark.parametrize("seed", SEEDS)
def test_ista_reaches_the_solutions_zero_set_and_subgradient_descent_never_does(seed):
    values = prox.zero_set(seed)
    _, _, _, w_star, paths, _ = prox.solve_all(seed, values["iterations"])
    should_be_zero = w_star == 0
    same = [np.array_equal(w == 0, should_be_zero) for w in paths["ista"]]
    k = values["ista_reached"]
    assert values["ista_final"] is True and same[-1]
    # From iteration k on, the same coordinates; at k - 1, not yet.
    assert 0 < k <= values["iterations"] and all(same[k:]) and not same[k - 1]
    # FISTA gets there first.
    assert 0 < values["fista_reached"] < k
    # ISTA has exact zeros from its first step on.
    assert values["ista_first_zeros"] == int(np.sum(paths["ista"][1] == 0)) > 0
    # Subgradient descent: no exact zero at any iteration after the start at w = 0.
    assert values["subgradient_most_zeros"] == 0 and values["subgradient_reached"] is False
    assert np.all(paths["subgradient"][1:] != 0) and values["subgradient_smallest_abs"] > 0


def test_zero_set_reached_is_none_unless_the_last_iterate_has_the_solutions_zeros():
    w_star = np.array([0.0, 1.0, 0.0])
    path = np.array([[0.0, 0.0, 0.0], [0.0, 0.5, 0.1], [0.0, 0.9, 0.0], [0.0, 1.0, 0.0]])
    assert prox.zero_set_reached(path, w_star) == 2
    assert prox.zero_set_reached(path[:2], w_star) is None
    # As many zeros in the wrong places is not the solution's zero set.
    assert prox.zero_set_reached(np.array([[1.0, 0.0, 0.0]]), np.array([0.0, 1.0, 0.0])) is None


def test_the_figure_writes_the_zeros_its_frames_draw():
    """As the page gets it (rounded): each frame's title counts the zeros its weights have;
    ISTA's zeros are the solution's from the frame the claim names on."""
    values = prox.zero_set()
    spec = payload(prox.iterations_figure().to_plotly_json())
    steps = spec["layout"]["sliders"][0]["steps"]
    assert len(spec["frames"]) == len(steps) == values["frames"]
    ks = [int(step["label"]) for step in steps]
    assert ks == sorted(ks) and ks[-1] == values["iterations"]
    assert {values["ista_reached"] - 1, values["ista_reached"]} <= set(ks)
    for k, frame in zip(ks, spec["frames"]):
        ista, subgradient, ista_sizes, subgradient_sizes = frame["data"]
        title = frame["layout"]["title"]["text"]
        said = re.search(r"ISTA (\d+), subgradient (\d+)", title)
        assert sum(v == 0 for v in ista["y"]) == int(said[1])
        assert sum(v == 0 for v in subgradient["y"]) == int(said[2]) == 0
        assert subgradient_sizes["y"][0] == 0  # the bar of exact zeros
        assert sum(ista_sizes["y"]) == sum(subgradient_sizes["y"]) == values["solution_zeros"]
        reached = k >= values["ista_reached"]
        assert ("solution's: yes" in title) == reached
        assert (ista_sizes["y"][0] == values["solution_zeros"]) == reached
