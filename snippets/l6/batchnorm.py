"""Batch normalization makes a layer's output invariant to the scale of its weights: claim
l6.implicit.batchnorm-scale-invariance, page /l6/implicit/ (#batch-norm)."""

import numpy as np
import torch
import torch.nn.functional as F  # noqa: N812 (the PyTorch convention)

from snippets.evidence import claim, report

SCALE = 10.0
LR = 0.1
TINY_EPS = 1e-12  # PyTorch rejects eps = 0 in training mode; in float64 this one is invisible


# --8<-- [start:bn]
def bn_network_loss(W, head, X, y, eps=TINY_EPS):
    """Mean squared error of head(relu(batchnorm(X W^T))), batch norm in training mode
    (batch statistics). batchnorm(c z) = batchnorm(z) for c > 0, up to the eps in the
    denominator sqrt(var + eps)."""
    hidden = F.batch_norm(X @ W.T, None, None, training=True, eps=eps)
    return F.mse_loss(F.relu(hidden) @ head, y)


def loss_and_gradient(W, head, X, y, eps=TINY_EPS):
    W = W.detach().clone().requires_grad_(True)
    loss = bn_network_loss(W, head, X, y, eps)
    (gradient,) = torch.autograd.grad(loss, W)
    return loss.detach(), gradient


# --8<-- [end:bn]


def bn_problem(seed=0, batch=64, d_in=10, width=16):
    rng = np.random.default_rng(seed)
    X = torch.from_numpy(rng.standard_normal((batch, d_in)))
    W = torch.from_numpy(rng.standard_normal((width, d_in)) / np.sqrt(d_in))
    head = torch.from_numpy(rng.standard_normal(width) / np.sqrt(width))
    y = torch.from_numpy(rng.standard_normal(batch))
    return W, head, X, y


@claim(
    "l6.implicit.batchnorm-scale-invariance",
    statement=(
        "Scaling the weights before a batch-norm layer by c = {c} changes the loss by "
        "{loss_diff} and its normalized outputs by {max_abs_output_diff} (eps = {tiny_eps}; the "
        "loss changes by {default_eps_diff} with PyTorch's default eps = {default_eps}) "
        "and scales the gradient norm by {grad_scale_ratio} = 1/c; the gradient is orthogonal "
        "to W (inner product {gradient_dot_weights}). One SGD step of "
        "learning rate {lr} c^2 from c W lands, up to the factor c, where a step of {lr} from W "
        "does (largest difference {one_step_diff})."
    ),
)
def batchnorm_scale_invariance(seed=0, c=SCALE):
    W, head, X, y = bn_problem(seed)
    with torch.no_grad():
        hidden = F.batch_norm(X @ W.T, None, None, training=True, eps=TINY_EPS)
        hidden_scaled = F.batch_norm(X @ (c * W).T, None, None, training=True, eps=TINY_EPS)
    loss, gradient = loss_and_gradient(W, head, X, y)
    loss_scaled, gradient_scaled = loss_and_gradient(c * W, head, X, y)
    default_eps = torch.nn.BatchNorm1d(1).eps
    loss_eps, _ = loss_and_gradient(W, head, X, y, eps=default_eps)
    loss_eps_scaled, _ = loss_and_gradient(c * W, head, X, y, eps=default_eps)
    step = W - LR * gradient
    step_scaled = c * W - LR * c**2 * gradient_scaled
    return {
        "c": c,
        "lr": LR,
        "tiny_eps": TINY_EPS,
        "default_eps": default_eps,
        "max_abs_output_diff": float((hidden_scaled - hidden).abs().max()),
        "loss_diff": float(abs(loss_scaled - loss)),
        "default_eps_diff": float(abs(loss_eps_scaled - loss_eps)),
        "grad_scale_ratio": float(gradient_scaled.norm() / gradient.norm()),
        "max_abs_grad_diff": float((c * gradient_scaled - gradient).abs().max()),
        "gradient_dot_weights": float((gradient * W).sum()),
        "one_step_diff": float((step_scaled / c - step).abs().max()),
    }


if __name__ == "__main__":
    report(__name__)
