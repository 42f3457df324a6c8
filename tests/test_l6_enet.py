"""Claims of /l6/ about the elastic net under correlated features (snippets/l6/enet.py)."""

import numpy as np
import pytest
from sklearn.linear_model import ElasticNet, lars_path

from snippets.l6 import enet

SEEDS = range(10)


@pytest.mark.claim("l6.enet.duplicate-column")
@pytest.mark.parametrize("seed", SEEDS)
def test_lasso_picks_one_copy_and_the_elastic_net_splits(seed):
    values = enet.duplicate_column(seed)
    lasso = sorted([abs(values["lasso_w1"]), abs(values["lasso_w2"])])
    # The unused copy sits exactly on the KKT boundary |x^T r| / n = alpha, so coordinate
    # descent leaves it at 0 up to the last bits of that comparison (1e-12 relative).
    assert lasso[0] <= 1e-12 * lasso[1]
    assert lasso[1] > 0
    # Any same-sign split is a lasso optimum: the objective does not see the difference.
    assert values["lasso_objective_gap"] < 1e-12
    # ... checked here too, with the objective written out apart from the snippet's.
    X, y, lasso_w, _ = enet.fit_duplicate_column(seed)
    split = lasso_w.copy()
    split[:2] = (lasso_w[0] + lasso_w[1]) / 2
    alpha = values["alpha"]
    objective = [np.mean((y - X @ w) ** 2) / 2 + alpha * np.abs(w).sum() for w in (lasso_w, split)]
    assert abs(objective[1] - objective[0]) < 1e-12
    uneven = split.copy()
    uneven[:2] = (-lasso_w[0], 2 * lasso_w[0]) if lasso_w[0] else (2 * lasso_w[1], -lasso_w[1])
    assert np.mean((y - X @ uneven) ** 2) / 2 + alpha * np.abs(uneven).sum() > objective[0] + 1e-6
    # The ridge term makes the elastic net strictly convex: the split is equal, to the
    # solver's tolerance (tol=1e-14 on the coefficient updates).
    assert values["enet_w1"] > 0
    assert values["enet_w1"] == pytest.approx(values["enet_w2"], rel=1e-9)


@pytest.mark.claim("l6.enet.bootstrap-stability")
@pytest.mark.parametrize("seed", SEEDS)
def test_elastic_net_selection_is_more_stable(seed):
    values = enet.bootstrap_stability(seed, resamples=30)
    assert values["enet_stability"] > values["lasso_stability"]
    # Inside the groups the lasso drops members from resample to resample; the elastic net's
    # least-kept grouped feature is kept more often than the lasso's.
    assert values["enet_grouped_min_rate"] > values["lasso_grouped_min_rate"]
    # The elastic net buys its stability by keeping whole groups: it selects more features,
    # noise features included.
    assert values["enet_mean_selected"] > values["lasso_mean_selected"]
    assert values["enet_noise_rate"] > values["lasso_noise_rate"]


def test_mean_pairwise_jaccard_by_hand():
    selected = np.array([[1, 1, 0], [1, 0, 0], [0, 0, 0], [0, 0, 0]], dtype=bool)
    # Pairs: {1,2}|{1} = 1/2, with empty sets 0 (four pairs), empty with empty = 1.
    assert enet.mean_pairwise_jaccard(selected) == pytest.approx((0.5 + 0 + 0 + 0 + 0 + 1) / 6)


@pytest.mark.claim("l6.enet.grouping-bound")
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(("lam2", "rho"), [(1.0, 0.9), (0.3, 0.95), (5.0, 0.99)])
def test_zou_hastie_grouping_bound_holds(seed, lam2, rho):
    values = enet.grouping_bound(seed, lam2=lam2, rho=rho)
    assert values["same_sign"]  # the theorem's condition
    assert values["lhs"] <= values["bound"]
    # The ridge term pulls the pair's coefficients closer together than least squares does.
    assert abs(np.log(values["fitted_ratio"])) < abs(np.log(values["least_squares_ratio"]))
    # The bound has a lot of slack; the identity it starts from has none. Coordinate descent
    # stops when no coordinate moves by 1e-13, so both sides agree to ~1e-13 relative.
    assert values["identity_rel_gap"] < 1e-9
    # The two relaxations after it (Cauchy-Schwarz, then ||r||_2 <= ||y||_1) make up the slack.
    assert values["cauchy_schwarz_slack"] >= 1 and values["residual_to_l1_slack"] >= 1
    assert values["cauchy_schwarz_slack"] * values["residual_to_l1_slack"] == pytest.approx(
        values["slack"], rel=1e-9
    )


@pytest.mark.parametrize("factor", [0.5, 2.0])
def test_a_factor_two_slip_in_lambda2_breaks_the_identity_not_the_bound(factor):
    """Solve with lambda2 off by a factor of 2 (a 1/2 on the wrong side of the ridge term) and
    check at the stated lambda2: the bound, loose by far more than 2, still holds; the identity
    does not."""
    for seed in range(3):
        values = enet.grouping_bound(seed, solver_lam2=factor * enet.BOUND_LAM2)
        assert values["lhs"] <= values["bound"]
        assert values["identity_rel_gap"] > 0.4


@pytest.mark.parametrize("seed", range(3))
def test_naive_elastic_net_matches_scikit_learn_mapped(seed):
    """||y - Xb||^2 + lam2||b||^2 + lam1||b||_1 is 2n times scikit-learn's criterion with
    alpha = lam1/(2n) + lam2/n and l1_ratio = (lam1/2) / (lam1/2 + lam2)."""
    X, y = enet.standardized_pair_data(seed)
    n = len(y)
    lam1, lam2 = 0.3 * 2 * np.max(np.abs(X.T @ y)), 0.7
    ours = enet.naive_elastic_net(X, y, lam1, lam2)
    alpha = lam1 / (2 * n) + lam2 / n
    theirs = ElasticNet(
        alpha=alpha,
        l1_ratio=(lam1 / 2) / (lam1 / 2 + lam2),
        fit_intercept=False,
        tol=1e-14,
        max_iter=1_000_000,
    ).fit(X, y)
    # Both solvers run to 1e-13-level tolerances on a well-conditioned problem.
    np.testing.assert_allclose(ours, theirs.coef_, atol=1e-8)


@pytest.mark.claim("l6.enet.at-most-n")
@pytest.mark.parametrize("seed", SEEDS)
def test_lasso_path_never_exceeds_rank_but_elastic_net_does(seed):
    values = enet.at_most_n(seed)
    assert values["p"] > values["n"]
    assert values["lasso_max_nonzeros"] <= values["n"] - 1  # centred data: rank n - 1
    # The probe says the elastic net's path reaches all p features: more than n is not enough.
    assert values["enet_max_nonzeros"] == values["p"] > values["n"]


@pytest.mark.parametrize("seed", range(3))
def test_lars_on_augmented_data_is_the_naive_elastic_net(seed):
    """Zou & Hastie's Lemma 1, checked at a knot of the augmented LARS path. LARS minimizes
    (1/(2 m))||y* - X* b*||^2 + a||b*||_1 over m = n + p rows, so gamma = 2 m a,
    lam1 = gamma sqrt(1 + lam2) and the naive estimate is b* / sqrt(1 + lam2)."""
    lam2 = enet.PATH_LAM2
    X, y = enet.path_data(seed)
    X_aug, y_aug = enet.augmented_data(X, y, lam2)
    alphas, _, coefs = lars_path(X_aug, y_aug, method="lasso")
    knot = len(alphas) // 2
    lam1 = 2 * len(y_aug) * alphas[knot] * np.sqrt(1 + lam2)
    naive = enet.naive_elastic_net(X, y, lam1, lam2)
    np.testing.assert_allclose(coefs[:, knot] / np.sqrt(1 + lam2), naive, atol=1e-8)
