"""Claims of /l5/conventions/ about the parameter crosswalk (snippets/l5/crosswalk.py)."""

import numpy as np
import pytest

from snippets.l5 import crosswalk

SEEDS = range(10)
# Both sides of every row are solved to machine precision (closed forms, Newton, coordinate
# descent until no coordinate moves by 1e-15, library tol=1e-14): they agree to ~1e-14.
# 1e-10 leaves room for conditioning, and is 10^8 below what a wrong mapping costs.
AGREE = 1e-10
WRONG = 1e-2  # plugging the unmapped parameter in moves some coefficient by more than this

LASSO_HALF = "l5.crosswalk.lasso-half"
ROWS = {  # claim id -> the function that computes its row
    "l5.crosswalk.lasso-half": crosswalk.lasso_half,
    "l5.crosswalk.lasso-mean": crosswalk.lasso_mean,
    "l5.crosswalk.ridge-sum": crosswalk.ridge_sum,
    "l5.crosswalk.ridge-half": crosswalk.ridge_half,
    "l5.crosswalk.ridge-mean": crosswalk.ridge_mean,
    "l5.crosswalk.elastic-net": crosswalk.elastic_net_row,
    "l5.crosswalk.logistic-l2": crosswalk.logistic_l2,
    "l5.crosswalk.logistic-l2-mean": crosswalk.logistic_l2_mean,
    "l5.crosswalk.logistic-l1": crosswalk.logistic_l1_row,
    "l5.crosswalk.torch-sgd": crosswalk.torch_sgd,
}


def assert_row(values):
    assert values["max_abs_diff"] < AGREE
    assert values["naive_diff"] > WRONG


@pytest.mark.claim("l5.crosswalk.lasso-half")
@pytest.mark.parametrize("seed", SEEDS)
def test_lasso_alpha_is_lambda_over_n(seed):
    values = crosswalk.lasso_half(seed)
    assert_row(values)
    assert values["unmapped_nonzeros"] == 0  # Lasso(alpha=lambda) zeroes the whole model


@pytest.mark.claim(
    "l5.crosswalk.lasso-mean",
    "l5.crosswalk.ridge-sum",
    "l5.crosswalk.ridge-half",
    "l5.crosswalk.ridge-mean",
    "l5.crosswalk.elastic-net",
    "l5.crosswalk.logistic-l2",
    "l5.crosswalk.logistic-l2-mean",
    "l5.crosswalk.logistic-l1",
    "l5.crosswalk.torch-sgd",
)
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("claim_id", [claim_id for claim_id in ROWS if claim_id != LASSO_HALF])
def test_the_mapped_parameter_fits_the_textbook_objective(claim_id, seed):
    """Each row's library, given the parameter its mapping computes from lambda, fits the
    objective as written (its statement on /l5/conventions/); the unmapped value does not."""
    assert_row(ROWS[claim_id](seed))


def factor_two_slip(mapping):
    """The mapping with the commonest slip: a factor of 2 (a 1/2 put on the wrong side)."""

    def slipped(*args):
        parameter = mapping(*args)
        if isinstance(parameter, tuple):  # ElasticNet: (alpha, l1_ratio), alpha slips
            return (2 * parameter[0], *parameter[1:])
        return 2 * parameter

    return slipped


@pytest.mark.parametrize("claim_id", ROWS)
def test_the_comparison_fails_on_a_wrong_mapping(claim_id):
    """The solvers see only the textbook objective, so a wrong mapping cannot cancel out: fed a
    mapping off by a factor of 2, every row lands far from the library's fit."""
    row = ROWS[claim_id]
    mapping = crosswalk.MAPPING[claim_id.rsplit(".", 1)[1]]
    for seed in range(3):
        assert row(seed, mapping=factor_two_slip(mapping))["max_abs_diff"] > WRONG, seed


def test_every_row_has_a_mapping_and_a_test():
    assert {claim_id.rsplit(".", 1)[1] for claim_id in ROWS} == set(crosswalk.MAPPING)


def test_solvers_read_the_objective_as_written():
    """The same model written three ways (halved, summed, averaged) is one solution."""
    X, y = crosswalk.regression_data(4)
    n, lam = len(y), 7.0
    Objective = crosswalk.Objective
    halved = crosswalk.coordinate_descent(X, y, Objective(fit=1 / 2, l1=lam, l2=lam / 4))
    summed = crosswalk.coordinate_descent(X, y, Objective(fit=1, l1=2 * lam, l2=lam / 2))
    averaged = crosswalk.coordinate_descent(
        X, y, Objective(fit=1 / (2 * n), l1=lam / n, l2=lam / (4 * n))
    )
    np.testing.assert_allclose(summed, halved, rtol=0, atol=1e-12)
    np.testing.assert_allclose(averaged, halved, rtol=0, atol=1e-12)
    ridge = Objective(fit=1 / n, l2=0.3)
    np.testing.assert_allclose(
        crosswalk.coordinate_descent(X, y, ridge),
        crosswalk.ridge_closed_form(X, y, ridge),
        atol=1e-12,
    )


def test_smooth_solvers_refuse_an_l1_term():
    X, y = crosswalk.regression_data(0)
    with pytest.raises(ValueError, match="L1 term"):
        crosswalk.ridge_closed_form(X, y, crosswalk.Objective(fit=1, l1=1.0))
    with pytest.raises(ValueError, match="L1 term"):
        crosswalk.logistic_newton(X, y > 0, crosswalk.Objective(fit=1, l1=1.0))


def test_coordinate_descent_satisfies_the_lasso_optimality_conditions():
    """For (1/2)||y - Xw||^2 + lam||w||_1: |X_j^T r| <= lam where w_j = 0 and
    X_j^T r = lam sign(w_j) elsewhere (KKT)."""
    X, y = crosswalk.regression_data(3)
    lam = 20.0
    w = crosswalk.coordinate_descent(X, y, crosswalk.Objective(fit=1 / 2, l1=lam))
    correlation = X.T @ (y - X @ w)
    zero = w == 0
    assert zero.any() and (~zero).any()
    assert np.all(np.abs(correlation[zero]) <= lam + 1e-9)
    assert np.allclose(correlation[~zero], lam * np.sign(w[~zero]), atol=1e-9)


def test_logistic_solvers_satisfy_their_optimality_conditions():
    """Gradient of fit * sum log-loss + l2 ||w||^2 is zero; with l1, KKT on and off the support."""
    X, y = crosswalk.classification_data(2)
    n = len(y)
    smooth = crosswalk.Objective(fit=1 / n, l2=0.05)
    w = crosswalk.logistic_newton(X, y, smooth)
    p = 1 / (1 + np.exp(-X @ w))
    assert np.max(np.abs(X.T @ (p - y) / n + 2 * 0.05 * w)) < 1e-12
    sparse = crosswalk.Objective(fit=1, l1=3.0)
    w = crosswalk.logistic_l1(X, y, sparse)
    g = X.T @ (1 / (1 + np.exp(-X @ w)) - y)
    zero = w == 0
    assert zero.any() and (~zero).any()
    assert np.all(np.abs(g[zero]) <= 3.0 + 1e-9)
    assert np.allclose(g[~zero], -3.0 * np.sign(w[~zero]), atol=1e-9)


def test_functional_sgd_is_what_the_optimizer_class_does():
    """torch.optim.SGD(weight_decay=...) and the functional update make identical steps."""
    import torch

    X, y = crosswalk.regression_data(1)
    weight_decay, steps, lr = 0.1, 25, 0.05
    w = torch.zeros(X.shape[1], dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([w], lr=lr, weight_decay=weight_decay)
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    for _ in range(steps):
        optimizer.zero_grad()
        torch.mean((Xt @ w - yt) ** 2).backward()
        optimizer.step()
    # The same recursion by hand: w <- w - lr * (grad of the mean loss + weight_decay * w).
    v = np.zeros(X.shape[1])
    for _ in range(steps):
        v = v - lr * (2 * X.T @ (X @ v - y) / len(y) + weight_decay * v)
    # Same arithmetic in a different order: agreement to rounding.
    assert np.allclose(w.detach().numpy(), v, rtol=0, atol=1e-12)
    functional = crosswalk.sgd_weight_decay(X, y, weight_decay, max_steps=steps, lr=lr)
    assert np.array_equal(functional, w.detach().numpy())  # the very same update, bit for bit
