"""Claims of /l5/ about the parameter crosswalk (snippets/l5/crosswalk.py)."""

import pytest

from snippets.l5 import crosswalk

SEEDS = range(10)
# Both sides of every row are solved to machine precision (closed forms, Newton, coordinate
# descent until no coordinate moves by 1e-15, library tol=1e-14): they agree to ~1e-14.
# 1e-10 leaves room for conditioning, and is 10^8 below what a wrong mapping costs.
AGREE = 1e-10
WRONG = 1e-2  # plugging the unmapped parameter in moves some coefficient by more than this


def assert_row(values):
    assert values["max_abs_diff"] < AGREE
    assert values["naive_diff"] > WRONG


@pytest.mark.claim("l5.crosswalk.lasso-half")
@pytest.mark.parametrize("seed", SEEDS)
def test_lasso_alpha_is_lambda_over_n(seed):
    values = crosswalk.lasso_half(seed)
    assert values["alpha"] == pytest.approx(values["lam"] / values["n"], rel=1e-15)
    assert_row(values)


@pytest.mark.claim("l5.crosswalk.lasso-mean")
@pytest.mark.parametrize("seed", SEEDS)
def test_lasso_alpha_is_lambda_under_the_mean_loss(seed):
    assert_row(crosswalk.lasso_mean(seed))


@pytest.mark.claim("l5.crosswalk.ridge-sum")
@pytest.mark.parametrize("seed", SEEDS)
def test_ridge_alpha_is_lambda_without_halves(seed):
    assert_row(crosswalk.ridge_sum(seed))


@pytest.mark.claim("l5.crosswalk.ridge-half")
@pytest.mark.parametrize("seed", SEEDS)
def test_ridge_alpha_is_two_lambda_with_a_half_on_the_loss(seed):
    values = crosswalk.ridge_half(seed)
    assert values["alpha"] == 2 * values["lam"]
    assert_row(values)


@pytest.mark.claim("l5.crosswalk.ridge-mean")
@pytest.mark.parametrize("seed", SEEDS)
def test_ridge_alpha_is_n_lambda_under_the_mean_loss(seed):
    values = crosswalk.ridge_mean(seed)
    assert values["alpha"] == pytest.approx(values["n"] * values["lam"], rel=1e-15)
    assert_row(values)


@pytest.mark.claim("l5.crosswalk.elastic-net")
@pytest.mark.parametrize("seed", SEEDS)
def test_elastic_net_mapping_from_the_naive_criterion(seed):
    values = crosswalk.elastic_net(seed)
    assert values["l1_ratio"] == pytest.approx(
        values["lam1"] / (values["lam1"] + 2 * values["lam2"]), rel=1e-15
    )
    assert_row(values)


@pytest.mark.claim("l5.crosswalk.logistic-l2")
@pytest.mark.parametrize("seed", SEEDS)
def test_logistic_c_is_one_over_lambda(seed):
    values = crosswalk.logistic_l2(seed)
    assert values["C"] == 1 / values["lam"]
    assert_row(values)


@pytest.mark.claim("l5.crosswalk.logistic-l2-mean")
@pytest.mark.parametrize("seed", SEEDS)
def test_logistic_c_is_one_over_n_lambda_under_the_mean_loss(seed):
    assert_row(crosswalk.logistic_l2_mean(seed))


@pytest.mark.claim("l5.crosswalk.logistic-l1")
@pytest.mark.parametrize("seed", SEEDS)
def test_l1_logistic_c_is_one_over_lambda(seed):
    values = crosswalk.logistic_l1_row(seed)
    assert_row(values)


@pytest.mark.claim("l5.crosswalk.torch-sgd")
@pytest.mark.parametrize("seed", SEEDS)
def test_sgd_weight_decay_is_two_lambda_over_n(seed):
    values = crosswalk.torch_sgd(seed)
    assert values["weight_decay"] == pytest.approx(2 * values["lam"] / values["n"], rel=1e-15)
    assert_row(values)


def test_coordinate_descent_satisfies_the_lasso_optimality_conditions():
    """|X_j^T r| <= lam where w_j = 0 and X_j^T r = lam sign(w_j) elsewhere (KKT)."""
    import numpy as np

    X, y = crosswalk.regression_data(3)
    lam = 20.0
    w = crosswalk.coordinate_descent(X, y, l1=lam)
    correlation = X.T @ (y - X @ w)
    zero = w == 0
    assert zero.any() and (~zero).any()
    assert np.all(np.abs(correlation[zero]) <= lam + 1e-9)
    assert np.allclose(correlation[~zero], lam * np.sign(w[~zero]), atol=1e-9)


def test_functional_sgd_is_what_the_optimizer_class_does():
    """torch.optim.SGD(weight_decay=...) and the functional update make identical steps."""
    import numpy as np
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
