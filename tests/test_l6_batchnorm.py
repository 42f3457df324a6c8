"""Claim of /l6/ about batch norm's scale invariance (snippets/l6/batchnorm.py)."""

import numpy as np
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


def numpy_loss(W, head, X, y, eps=batchnorm.TINY_EPS):
    """The snippet's network written again in numpy: batch norm with the batch's mean and
    biased variance, ReLU, the linear head, the mean squared error."""
    z = X @ W.T
    hidden = (z - z.mean(axis=0)) / np.sqrt(z.var(axis=0) + eps)
    return float(np.mean((np.maximum(hidden, 0) @ head - y) ** 2))


@pytest.mark.claim("l6.implicit.batchnorm-scale-invariance")
@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("c", [0.1, 10.0, 1000.0])
def test_the_loss_written_here_does_not_see_the_scale(seed, c):
    # Beside the snippet's report of its differences: the loss computed here, apart from
    # PyTorch, is the snippet's, and the same at W and at c W.
    W, head, X, y = (t.numpy() for t in batchnorm.bn_problem(seed))
    loss = numpy_loss(W, head, X, y)
    torch_loss = float(batchnorm.bn_network_loss(*batchnorm.bn_problem(seed)))
    assert loss == pytest.approx(torch_loss, rel=1e-12)
    assert abs(numpy_loss(c * W, head, X, y) - loss) < 1e-9
    # Without the normalization the scale shows: the check can fail.
    unnormalized = float(np.mean((np.maximum(X @ W.T, 0) @ head - y) ** 2))
    scaled = float(np.mean((np.maximum(X @ (c * W).T, 0) @ head - y) ** 2))
    assert abs(scaled - unnormalized) > 1e-3
