"""Claims of /l6/adamw/ about Adam + L2 and AdamW (snippets/l6/adamw.py)."""

import numpy as np
import pytest

from snippets.l6 import adamw

SEEDS = range(10)


@pytest.mark.claim("l6.adamw.matches-torch")
@pytest.mark.parametrize("seed", SEEDS)
def test_numpy_algorithm_2_matches_torch_step_by_step(seed):
    values = adamw.matches_torch(seed)
    assert values["steps"] == 100
    # float64, 100 steps, |theta| ~ 1-10: rounding alone stays near 1e-14.
    assert values["max_abs_diff_adam_l2"] < 1e-12
    assert values["max_abs_diff_adamw"] < 1e-12
    # ... while the two optimizers themselves end far apart.
    assert values["adam_l2_vs_adamw"] > 1e-3


def test_the_convention_matters():
    """Feeding torch's weight_decay to the paper's lambda (no lr factor) breaks the match."""
    theta0, gradient = adamw.noisy_quadratic_gradients(0)
    _, _, _, torch_w = adamw.compare_with_torch(0)
    wrong = adamw.numpy_trajectory(adamw.adamw_step, theta0, gradient, 100, 1e-2, 0.1)
    assert np.max(np.abs(wrong - torch_w)) > 1e-3


@pytest.mark.claim("l6.adamw.sgd-equivalence")
@pytest.mark.parametrize("seed", SEEDS)
def test_decoupled_sgd_equals_l2_sgd_with_rescaled_lambda(seed):
    values = adamw.sgd_equivalence_claim(seed)
    assert values["lambda_prime"] == pytest.approx(values["lam"] / values["lr"])
    assert values["max_abs_diff"] < 1e-12  # float64 rounding, |theta| ~ 10


@pytest.mark.claim("l6.adamw.effective-decay")
@pytest.mark.parametrize("seed", SEEDS)
def test_adam_divides_the_l2_decay_by_the_gradient_scale(seed):
    values = adamw.effective_decay_claim(seed)
    # AdamW: lr * wd at every scale. The measurement is first order in lr * wd * steps
    # = 0.02, so it reads about 1% low.
    assert values["adamw_max_rel_dev"] < 0.02
    # Adam + L2 follows lr * wd / sqrt(s^2 + wd^2) within 10% (the prediction replaces
    # sqrt(v_hat) by its expectation; 256 replicates per scale).
    assert values["adam_l2_max_rel_dev_from_prediction"] < 0.10
    assert values["adam_l2_small"] > 5 * values["adamw_small"]
    assert values["large_ratio"] > 50
    # The page's two directions: less decay than AdamW where gradients are large, more where
    # they are small.
    assert values["large_ratio"] == values["adamw_large"] / values["adam_l2_large"] > 1
    assert values["small_ratio"] == values["adam_l2_small"] / values["adamw_small"] > 1


@pytest.mark.claim("l6.adamw.quadratic-fixed-point")
def test_each_optimizer_converges_to_its_own_fixed_point():
    values = adamw.quadratic_fixed_point()
    D, wd, c = adamw.CURVATURES, values["wd"], values["target"]
    assert [values["d1"], values["d2"], values["d3"]] == list(D)  # the page quotes these
    # Adam + L2 reaches the ridge solution to rounding, then, with a constant lr, hovers around
    # it: a few tenths of one step (lr) at most.
    assert values["adam_l2_first_step_within_1e_12"] < values["steps"] / 2
    assert values["adam_l2_band_over_lr"] < 0.5
    for i, d in enumerate(D, start=1):
        # Adam + L2: the minimiser of f + (wd/2)||w||^2, up to the hover.
        ridge = c * d / (d + wd)
        assert values[f"ridge_w{i}"] == pytest.approx(ridge, rel=1e-15)
        assert abs(values[f"adam_l2_w{i}"] - ridge) <= values["adam_l2_band"]
        # AdamW: |w| = 1/wd up to eps/D, matched to 1e-8 (the run is 40 second-moment
        # time constants long; measured distance ~1e-9).
        assert abs(values[f"adamw_w{i}"] - values[f"adamw_analytic_w{i}"]) < 1e-8
        # ... and that fixed point sits eps / (D_i (wd c - 1)) below 1 / wd, to first order.
        first_order = values["eps"] / (d * values["lambda_c_minus_one"])
        assert 1 / wd - values[f"adamw_analytic_w{i}"] == pytest.approx(first_order, rel=1e-2)
    # The page's lambda c - 1, from the values it quotes beside it.
    assert values["lambda_c_minus_one"] == wd * c - 1
    # On the box's faces AdamW settles: over the second half it is within a thousandth of a
    # step of its fixed point, and ends far closer still (Adam + L2 hovers a quarter of a step).
    assert values["adamw_band"] < 1e-3 * values["lr"] < values["adam_l2_band"]
    assert values["adamw_distance"] < 1e-3 * values["adamw_band"]
    # AdamW's weights are not a ridge solution: the lambda' each would need differs.
    implied = [d * (c - values[f"adamw_w{i}"]) / values[f"adamw_w{i}"] for i, d in enumerate(D, 1)]
    assert max(implied) / min(implied) > 1e3


def test_adamw_fixed_point_moves_with_weight_decay_not_curvature():
    path = adamw.run_to_fixed_point(adamw.adamw_step, adamw.FIXED_POINT_LR * 4.0)
    assert np.allclose(path[-1], 0.25, atol=1e-6)  # |w| = 1 / wd for wd = 4
    assert np.allclose(adamw.adamw_fixed_point(wd=4.0, eps=0.0), 0.25)


def test_adamw_fixed_point_solves_its_equation():
    w = adamw.adamw_fixed_point()
    g = adamw.quadratic_gradient(w)
    # Bisection to the last bit: the residual is rounding (1e-15 for values near 1).
    assert np.allclose(g / (np.abs(g) + adamw.EPS), -adamw.FIXED_POINT_WD * w, rtol=0, atol=1e-14)


def own_adamw_band(c, lr, wd, steps, D=adamw.CURVATURES, beta1=0.9, beta2=0.999, eps=1e-8):
    """PyTorch's AdamW written here again, apart from the snippet: w <- w (1 - lr wd), then the
    Adam step. Its largest distance from the analytic fixed point over the second half."""
    w, m, v = np.zeros(3), np.zeros(3), np.zeros(3)
    fixed = adamw.adamw_fixed_point(wd=wd, D=D, eps=eps, c=c)
    band = 0.0
    for t in range(1, steps + 1):
        g = D * (w - c)
        m, v = beta1 * m + (1 - beta1) * g, beta2 * v + (1 - beta2) * g * g
        step = (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps)
        w = w * (1 - lr * wd) - lr * step
        if t > steps // 2:
            band = max(band, float(np.max(np.abs(w - fixed))))
    return band


@pytest.mark.claim("l6.adamw.interior-optimum")
def test_with_the_optimum_inside_the_box_adamw_hovers_too():
    values = adamw.inside_box_hover()
    lr, wd, steps = adamw.FIXED_POINT_LR, adamw.FIXED_POINT_WD, adamw.FIXED_POINT_STEPS
    assert values["box"] == 1 / wd and 0 < values["target"] < values["box"]
    # Its fixed point is inside the box: the unconstrained optimum, up to a gradient of the
    # order of eps. (w resolves to 1e-16, so g = D (w - c) to D 1e-16: a millionth of g for the
    # stiffest coordinate, hence the tolerance.)
    fixed = adamw.adamw_fixed_point(c=values["target"])
    g = adamw.quadratic_gradient(fixed, c=values["target"])
    assert np.all(np.abs(g) < 10 * adamw.EPS)
    assert np.allclose(g / (np.abs(g) + adamw.EPS), -wd * fixed, rtol=0, atol=1e-6)
    assert values["fixed_point_gap_to_target"] < 1e-5
    # It hovers: a visible fraction of a step, like Adam + L2, far above the faces' case.
    assert 0.05 < values["band_over_lr"] < 1
    assert values["band"] > 100 * values["face_band"]
    # An AdamW written apart from the snippet hovers as much (the bursts depend on rounding:
    # the same size, not the same digits).
    own = own_adamw_band(values["target"], lr, wd, steps)
    assert 0.5 < own / values["band"] < 2
    # ... and with the optimum outside the box, as on the page's problem, it settles.
    assert own_adamw_band(adamw.TARGET, lr, wd, steps) < 1e-3 * lr


@pytest.mark.claim("l6.adamw.matches-torch")
@pytest.mark.parametrize("seed", SEEDS)
def test_the_first_step_of_each_matches_its_closed_form(seed):
    # Beside the snippet's report of its differences from torch: the first step of each
    # optimizer in closed form, computed here. With m = v = 0, m_hat = g and v_hat = g^2, so
    # the Adam step is lr g / (|g| + eps).
    lr, wd, eps = adamw.MATCH_LR, adamw.MATCH_WD, 1e-8
    theta0, gradient = adamw.noisy_quadratic_gradients(seed, steps=1)
    ours_l2, torch_l2, ours_w, torch_w = adamw.compare_with_torch(seed, steps=1)
    g = gradient(theta0, 1) + wd * theta0  # Adam + L2: the decay joins the gradient
    adam_l2 = theta0 - lr * g / (np.abs(g) + eps)
    g = gradient(theta0, 1)  # AdamW (torch): shrink by 1 - lr wd, then the Adam step
    adamw_first = theta0 * (1 - lr * wd) - lr * g / (np.abs(g) + eps)
    for found, expected in ((ours_l2, adam_l2), (torch_l2, adam_l2)):
        assert np.max(np.abs(found[0] - expected)) < 1e-14
    for found in (ours_w, torch_w):
        assert np.max(np.abs(found[0] - adamw_first)) < 1e-14
    assert np.max(np.abs(adam_l2 - adamw_first)) > 1e-6  # the check tells them apart


@pytest.mark.claim("l6.adamw.sgd-equivalence")
@pytest.mark.parametrize("seed", SEEDS)
def test_both_trajectories_agree_with_coupled_sgd_written_here(seed):
    # Beside the snippet's report: SGD on f + (lambda'/2)||theta||^2 written out here.
    lr, lam = adamw.SGD_LR, adamw.SGD_LAMBDA
    theta0, gradient = adamw.noisy_quadratic_gradients(seed, steps=adamw.SGD_STEPS)
    theta, path = theta0.copy(), []
    for t in range(1, adamw.SGD_STEPS + 1):
        theta = theta - lr * (gradient(theta, t) + (lam / lr) * theta)
        path.append(theta)
    ours, theirs = adamw.sgd_equivalence(seed)
    assert np.max(np.abs(ours - np.array(path))) < 1e-12
    assert np.max(np.abs(theirs - np.array(path))) < 1e-12
