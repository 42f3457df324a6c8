"""Claims of /l6/proximal/ about L1 terms in PyTorch (snippets/l6/frameworks.py)."""

import pytest

from snippets.l6 import frameworks

SEEDS = range(10)


@pytest.mark.claim("l6.torch.abs-grad-at-zero")
def test_torch_abs_has_zero_gradient_at_zero():
    values = frameworks.abs_grad_at_zero()
    assert values["grad_at_zero"] == 0.0
    assert values["grad_at_positive"] == 1.0
    assert values["norm_grad_at_zero"] == 0.0


@pytest.mark.claim("l6.torch.l1-sgd-zeros")
@pytest.mark.parametrize("seed", SEEDS)
def test_sgd_with_l1_in_the_loss_leaves_no_exact_zero_but_a_prox_step_does(seed):
    values = frameworks.l1_sgd_zeros(seed)
    assert values["n_weights"] == 200
    assert values["exact_zeros"] == 0
    assert values["below_0_01"] > 0  # weights below values["small"] in absolute value
    assert values["prox_exact_zeros"] > 0
    # The prox step zeroes weights the lasso solution also zeroes (almost all of them):
    assert values["prox_zeros_in_solution_zeros"] >= 0.95 * values["prox_exact_zeros"]
