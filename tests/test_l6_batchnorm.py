"""Claim of /l6/ about batch norm's scale invariance (snippets/l6/batchnorm.py)."""

import pytest

from snippets.l6 import batchnorm


@pytest.mark.claim("l6.implicit.batchnorm-scale-invariance")
@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("c", [0.1, 10.0, 1000.0])
def test_output_invariant_gradient_scales_as_one_over_c(seed, c):
    values = batchnorm.batchnorm_scale_invariance(seed, c=c)
    # float64 with eps = 1e-12: the only difference left is rounding (and eps / var ~ 1e-12).
    assert values["max_abs_output_diff"] < 1e-9
    assert values["loss_diff"] < 1e-9
    assert values["grad_scale_ratio"] == pytest.approx(1 / c, rel=1e-9)
    # Scale invariance makes the gradient orthogonal to the weights (Euler's theorem).
    assert abs(values["gradient_dot_weights"]) < 1e-9
    # A step of lr c^2 at scale c is a step of lr at scale 1, so shrinking W raises the rate.
    assert values["one_step_diff"] < 1e-9
    # PyTorch's default eps breaks the invariance slightly; that is why eps is tiny above.
    assert values["default_eps"] > values["tiny_eps"]
    assert values["default_eps_diff"] > values["loss_diff"]


def test_default_eps_is_what_batch_norm_layers_use():
    import torch

    default = batchnorm.batchnorm_scale_invariance()["default_eps"]
    for layer in (torch.nn.BatchNorm1d(3), torch.nn.BatchNorm2d(3), torch.nn.LayerNorm(3)):
        assert layer.eps == default
