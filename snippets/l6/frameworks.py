"""What PyTorch does with an L1 term: claims l6.torch.abs-grad-at-zero and l6.torch.l1-sgd-zeros,
page /l6/proximal/."""

from functools import lru_cache

import numpy as np
import plotly.graph_objects as go
import torch

from snippets.evidence import claim, figure, report
from snippets.l6.prox import lasso_problem, lasso_solution, lipschitz_constant
from snippets.style import BLUE, GREY, PURPLE, layout

EPOCHS, BATCH = 200, 40
LR_FRACTION = 0.5  # of n / L, the largest stable full-batch step for the mean-squared loss below
SMALL = 1e-2  # "small": below this in absolute value


@claim(
    "l6.torch.abs-grad-at-zero",
    statement=(
        "torch.autograd gives d|w|/dw = {grad_at_zero} at w = 0 (and {grad_at_positive} at "
        "w = 1e-30); the gradient of torch.linalg.vector_norm(w, 1) at w = 0 is {norm_grad_at_zero}."
    ),
)
def abs_grad_at_zero():
    # --8<-- [start:abs-grad]
    w = torch.zeros(1, requires_grad=True)
    (grad_at_zero,) = torch.autograd.grad(torch.abs(w).sum(), w)
    # --8<-- [end:abs-grad]
    tiny = torch.full((1,), 1e-30, requires_grad=True)
    (grad_at_positive,) = torch.autograd.grad(torch.abs(tiny).sum(), tiny)
    zeros = torch.zeros(3, requires_grad=True)
    (norm_grad,) = torch.autograd.grad(torch.linalg.vector_norm(zeros, 1), zeros)
    return {
        "grad_at_zero": float(grad_at_zero.item()),
        "grad_at_positive": float(grad_at_positive.item()),
        "norm_grad_at_zero": float(norm_grad.abs().max().item()),
    }


# --8<-- [start:train]
def soft_threshold_(weight, threshold):
    with torch.no_grad():
        weight.copy_(torch.sign(weight) * torch.clamp(weight.abs() - threshold, min=0.0))


def train_lasso_sgd(X, y, lam, lr, proximal, seed=0, epochs=EPOCHS, batch=BATCH):
    """Mini-batch SGD on (1/(2n))||Xw - y||^2 + (lam/n)||w||_1 (the lasso F divided by n).
    proximal=False: the L1 term is in the loss and autograd differentiates it.
    proximal=True: the loss is the smooth part only; a soft threshold follows each step."""
    generator = torch.Generator().manual_seed(seed)
    X, y = torch.tensor(X, dtype=torch.float32), torch.tensor(y, dtype=torch.float32)
    n, p = X.shape
    model = torch.nn.Linear(p, 1, bias=False)
    torch.nn.init.zeros_(model.weight)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    for _ in range(epochs):
        for batch_rows in torch.randperm(n, generator=generator).split(batch):
            loss = 0.5 * torch.mean((model(X[batch_rows]).squeeze(1) - y[batch_rows]) ** 2)
            if not proximal:
                loss = loss + lam / n * model.weight.abs().sum()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            if proximal:
                soft_threshold_(model.weight, lr * lam / n)  # the prox of lr * (lam/n)||w||_1
    return model.weight.detach().double().numpy().ravel()


# --8<-- [end:train]


@lru_cache(maxsize=16)
def train_both(seed):
    torch.set_num_threads(1)
    X, y, lam, _ = lasso_problem(seed)
    lr = LR_FRACTION * X.shape[0] / lipschitz_constant(X)
    plain = train_lasso_sgd(X, y, lam, lr, proximal=False, seed=seed)
    proximal = train_lasso_sgd(X, y, lam, lr, proximal=True, seed=seed)
    return plain, proximal, lasso_solution(X, y, lam), lr


@claim(
    "l6.torch.l1-sgd-zeros",
    statement=(
        "torch.optim.SGD on the lasso above with the L1 term in the loss ({epochs} epochs, batch "
        "{batch}): {exact_zeros} of {n_weights} weights exactly zero, {below_0_01} below {small} in "
        "absolute value. With a soft-threshold step after each SGD step: {prox_exact_zeros} exact "
        "zeros (the lasso solution has {solution_zeros})."
    ),
)
def l1_sgd_zeros(seed=0):
    plain, proximal, w_star, lr = train_both(seed)
    return {
        "epochs": EPOCHS,
        "batch": BATCH,
        "lr": float(lr),
        "n_weights": plain.size,
        "small": SMALL,
        "exact_zeros": int(np.sum(plain == 0)),
        "below_0_01": int(np.sum(np.abs(plain) < SMALL)),
        "prox_exact_zeros": int(np.sum(proximal == 0)),
        "prox_below_0_01": int(np.sum(np.abs(proximal) < SMALL)),
        "solution_zeros": int(np.sum(w_star == 0)),
        "prox_zeros_in_solution_zeros": int(np.sum((proximal == 0) & (w_star == 0))),
        "smallest_plain_abs": float(np.min(np.abs(plain))),
    }


@figure(
    "l6.torch.l1-sgd-weights",
    caption=(
        "The {{ claim l6.torch.l1-sgd-zeros n_weights }} weights after "
        "{{ claim l6.torch.l1-sgd-zeros epochs }} epochs of torch.optim.SGD, sorted by "
        "magnitude (seed 0). Dotted line: |w| = {{ claim l6.torch.l1-sgd-zeros small }}. "
        "Points on the bottom edge are "
        "exact zeros, which a log axis cannot show."
    ),
    alt=(
        "Sorted absolute weights on a log axis. With the L1 term in the loss, no weight is exactly "
        "zero; the smallest is {{ claim l6.torch.l1-sgd-zeros smallest_plain_abs .1e }} and "
        "{{ claim l6.torch.l1-sgd-zeros below_0_01 }} are below "
        "{{ claim l6.torch.l1-sgd-zeros small }}. With a soft-threshold step, "
        "{{ claim l6.torch.l1-sgd-zeros prox_exact_zeros }} weights are exactly zero."
    ),
)
def l1_sgd_weights_figure():
    plain, proximal, _, _ = train_both(0)
    floor = 1e-7  # where exact zeros are drawn on the log axis
    fig = go.Figure()
    for weights, name, colour, symbol in (
        (plain, "L1 in the loss", PURPLE, "circle"),
        (proximal, "soft threshold after each step", BLUE, "diamond"),
    ):
        magnitude = np.sort(np.abs(weights))
        fig.add_scatter(
            x=np.arange(1, magnitude.size + 1),
            y=np.where(magnitude == 0, floor, magnitude),
            mode="markers",
            name=name,
            marker={"color": colour, "size": 5, "symbol": symbol},
        )
    fig.add_hline(y=SMALL, line_color=GREY, line_dash="dot")
    fig.update_layout(
        layout(
            xaxis={"title": "weight (sorted by |w|)"},
            yaxis={"type": "log", "title": "|w|", "exponentformat": "power"},
        )
    )
    return fig


if __name__ == "__main__":
    report(__name__)
