"""Claims of /reference/optimizers/: numpy reference steps against torch.optim
(snippets/reference/optimizers.py)."""

import numpy as np
import pytest
import torch

from snippets.evidence import REGISTRY
from snippets.reference import optimizers as opt

MATCH = opt.TORCH_MATCH_TOLERANCE  # why 1e-12: see its definition
SEEDS = range(10)


# claim id -> the function that computes it, and the differences it reports (each below MATCH)
MATCHES = {
    "reference.optimizers.sgd-momentum-matches-torch": (
        opt.sgd_momentum_matches_torch,
        ("max_abs_diff", "max_abs_diff_nesterov"),
    ),
    "reference.optimizers.adam-matches-torch": (opt.adam_matches_torch, ("max_abs_diff",)),
    "reference.optimizers.adamw-matches-torch": (opt.adamw_matches_torch, ("max_abs_diff",)),
    "reference.optimizers.adafactor-matches-torch": (
        opt.adafactor_matches_torch,
        ("max_abs_diff_matrix", "max_abs_diff_vector"),
    ),
}


@pytest.mark.claim(
    "reference.optimizers.sgd-momentum-matches-torch",
    "reference.optimizers.adam-matches-torch",
    "reference.optimizers.adamw-matches-torch",
    "reference.optimizers.adafactor-matches-torch",
)
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("claim_id", MATCHES)
def test_the_reference_step_matches_torch(claim_id, seed):
    compute, differences = MATCHES[claim_id]
    values = compute(seed)
    for difference in differences:
        assert values[difference] < MATCH, (difference, values[difference])


def test_the_comparison_can_fail():
    """A deliberately wrong step (decay coupled instead of decoupled) is caught."""
    theta0, grads = opt.random_problem(opt.VECTOR_SHAPE, 0)
    ours = opt.run_numpy(opt.adam_l2_step, theta0, grads, **opt.ADAM_HYPER)
    theirs = opt.run_torch(torch.optim.AdamW, theta0, grads, **opt.ADAM_HYPER)
    assert np.max(np.abs(ours - theirs)) > 1e-6


@pytest.mark.claim("reference.optimizers.momentum-forms")
@pytest.mark.parametrize("seed", SEEDS)
def test_momentum_forms_agree_until_the_learning_rate_changes(seed):
    values = opt.momentum_forms(seed)
    assert values["classical_max_diff"] < MATCH
    assert values["nesterov_max_diff"] < MATCH
    assert values["diff_after_drop"] > 1e-3


@pytest.mark.claim("reference.optimizers.zero-gradient-decay")
def test_where_the_decay_enters():
    values = opt.zero_gradient_decay()
    lr_wd = values["lr"] * values["wd"]
    # Decoupled, lr-scaled decay: the factor (1 - lr * wd) up to float64 rounding.
    for name in ("adamw_shrink", "adafactor_shrink", "muon_shrink", "sgd_first_step_shrink"):
        assert values[name] == pytest.approx(lr_wd, rel=1e-9), name
    assert values["adamw_shrink_spread"] < 1e-12  # the same factor for every magnitude
    # Momentum amplifies coupled decay by 1 / (1 - mu); second-order terms are ~lr * wd.
    assert values["sgd_momentum_shrink"] == pytest.approx(
        values["sgd_momentum_predicted"], rel=2e-2
    )
    # Adam + L2 moves every weight by ~lr, whatever its size or the decay coefficient
    # (|g| / (|g| + eps) with |g| >= 1e-6 leaves a relative gap of at most 1e-2).
    for name in ("adam_l2_move_small", "adam_l2_move_large", "adam_l2_move_tiny_wd"):
        assert values[name] == pytest.approx(values["lr"], rel=1e-2), name


@pytest.mark.claim("reference.optimizers.muon-buffer")
@pytest.mark.parametrize("seed", SEEDS)
def test_muon_buffer_is_an_exponential_average(seed):
    values = opt.muon_buffer(seed)
    assert values["buffer_over_grad"] == pytest.approx(1 - values["momentum"], rel=1e-12)
    assert values["buffer_over_grad_spread"] < 1e-12


@pytest.mark.claim("reference.optimizers.lion-sign-update")
@pytest.mark.parametrize("seed", SEEDS)
def test_lion_moves_every_coordinate_by_lr(seed):
    values = opt.lion_sign_update(seed)
    # |theta| < 8 for normal draws: float64 spacing there is <= 1.8e-15.
    assert values["max_deviation"] < 2e-15


def test_lion_decay_is_lr_scaled():
    theta = np.array([2.0, -4.0])
    # A zero gradient gives sign(0) = 0: only the decay moves the weights.
    new = opt.lion_step(theta, np.zeros(2), {}, lr=1e-3, weight_decay=0.5)
    assert np.allclose(new, theta * (1 - 1e-3 * 0.5), rtol=1e-15, atol=0)


@pytest.mark.claim("reference.optimizers.torch-defaults")
def test_defaults_are_what_torch_uses():
    values = opt.torch_defaults()
    assert values["adam_weight_decay"] == 0
    assert values["adamw_weight_decay"] > 0
    assert values["muon_weight_decay"] > 0
    assert values["lion_in_torch"] is False
    param = torch.nn.Parameter(torch.zeros(2, 2))
    for name, keys in (
        (
            "SGD",
            {
                "lr": "sgd_lr",
                "momentum": "sgd_momentum",
                "dampening": "sgd_dampening",
                "weight_decay": "sgd_weight_decay",
            },
        ),
        ("Adam", {"lr": "adam_lr", "eps": "adam_eps", "weight_decay": "adam_weight_decay"}),
        ("AdamW", {"lr": "adamw_lr", "weight_decay": "adamw_weight_decay"}),
        (
            "Adafactor",
            {"lr": "adafactor_lr", "d": "adafactor_d", "weight_decay": "adafactor_weight_decay"},
        ),
        (
            "Muon",
            {"lr": "muon_lr", "momentum": "muon_momentum", "weight_decay": "muon_weight_decay"},
        ),
    ):
        group = getattr(torch.optim, name)([param]).param_groups[0]
        for key, value_name in keys.items():
            assert group[key] == values[value_name], (name, key)


def test_adafactor_factored_moment_keeps_row_and_column_sums():
    """On the first step the factored estimate is rank one and keeps the row and column sums
    of g^2 (Shazeer & Stern's rank-one approximation)."""
    rng = np.random.default_rng(0)
    grad, state = rng.normal(size=(5, 4)), {}
    opt.adafactor_step(rng.normal(size=(5, 4)), grad, state)
    v_hat = state["row"] @ state["col"] / state["row"].mean()
    assert np.linalg.matrix_rank(v_hat) == 1
    assert np.allclose(v_hat.sum(axis=1), (grad**2).sum(axis=1), rtol=1e-12)
    assert np.allclose(v_hat.sum(axis=0), (grad**2).sum(axis=0), rtol=1e-12)


@pytest.mark.claim("reference.optimizers.decay-paths")
def test_decay_paths_separate_only_under_adam_l2():
    values = opt.decay_paths()
    keep = (1 - values["lr"] * values["wd"]) ** values["steps"]
    # Decoupled decay is scale-free: the same geometric factor for both sizes.
    assert values["adamw_final"] == pytest.approx(keep, rel=1e-12)
    assert values["adamw_final_large"] == pytest.approx(keep, rel=1e-12)
    assert values["sgd_final"] == pytest.approx(values["sgd_final_large"], rel=1e-12)
    assert values["sgd_final"] < values["adamw_final"]  # momentum amplifies coupled decay
    # Adam + L2: the first step moves both weights by ~lr in absolute terms (eps-limited)...
    for name in ("adam_first_move_small", "adam_first_move_large"):
        assert values[name] == pytest.approx(values["lr"], rel=1e-6)
    # ...so relative decay depends on the weight's size.
    assert values["adam_small_final"] < 0.1 * values["adam_large_final"]


@pytest.mark.claim("reference.optimizers.muon-spread")
def test_muon_singular_values_end_near_one_not_at_one():
    values = opt.muon_spread()
    # The quintic does not have 1 as a fixed point: its coefficients trade that for speed.
    assert abs(values["p_at_one"] - 1) > 0.2
    # In exact arithmetic, values starting in [grid_start, 1] end in a band that straddles 1,
    # inside the range the docstring gives.
    low, high = (float(x) for x in values["docstring_range"].split(","))
    assert low < values["scalar_min"] < 1 < values["scalar_max"] < high
    # Random 64 x 256 gradients over ten seeds (every singular value above grid_start relative
    # to the Frobenius norm) land in that band, up to bfloat16 rounding (8 bits: 0.4% a step).
    assert values["scalar_min"] - 0.02 < values["matrix_min"]
    assert values["matrix_max"] < values["scalar_max"] + 0.02
    # Singular values that start far below are not lifted into the band in five steps.
    assert values["square_min"] < low


@pytest.mark.claim("reference.optimizers.muon-lr-scale")
def test_match_rms_adamw_scales_with_the_larger_dimension_by_liu_et_als_factor():
    values = opt.muon_lr_scale()
    # One constant across shapes: the scale is proportional to sqrt(max(A, B)) ...
    assert values["rms_factor_spread"] < 1e-12
    assert values["max_proportionality_error"] < 1e-12
    # ... and the constant is the one Liu et al. publish.
    paper = REGISTRY["reference.optimizers.muon-rms-paper"].values["rms_factor"]
    assert values["rms_factor"] == pytest.approx(paper, rel=1e-12)
