"""The parameterization decides the implicit penalty: gradient descent on w = u*u - v*v from a
small start lands near the minimum-L1 interpolant. Claim l6.implicit.diagonal-net, page /l6/implicit/."""

from functools import lru_cache

import numpy as np
import plotly.graph_objects as go
from scipy.optimize import linprog

from snippets.evidence import claim, figure, report
from snippets.problems import sparse_weights
from snippets.style import GREY, L1_COLOR, L2_COLOR, layout

N, P, K = 40, 100, 5
SMALL_INIT, LARGE_INIT = 1e-6, 10.0
SMALL_STEPS, LARGE_STEPS = 5000, 1000
SIZE_THRESHOLD = 0.01  # a coefficient "counts" above this; the true ones are 1 to 2 in size


def sparse_problem(seed=0, n=N, p=P, k=K):
    """A noiseless underdetermined system whose true w has k non-zeros of size 1 to 2."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p))
    w = sparse_weights(rng, p, k, 1.0, 2.0)
    return X, X @ w, w


# --8<-- [start:diagonal]
def diagonal_net_gd(X, y, init, steps):
    """Gradient descent on (1/(2n))||y - X(u*u - v*v)||^2 from u = v = init (so w starts at 0).
    The step is scaled to the curvature, about 4 init^2 ||X||^2 / n at the start."""
    n, p = X.shape
    curvature = np.linalg.norm(X, ord=2) ** 2 / n
    lr = 0.5 / curvature / max(1.0, 4 * init**2)
    u, v = np.full(p, init), np.full(p, init)
    for _ in range(steps):
        g = X.T @ (X @ (u * u - v * v) - y) / n  # gradient with respect to w
        u *= 1 - 2 * lr * g  # chain rule: d/du = 2u g, d/dv = -2v g
        v *= 1 + 2 * lr * g
    return u * u - v * v


def minimum_l1_interpolant(X, y):
    """Basis pursuit, min ||w||_1 subject to Xw = y, as a linear program in w = a - b, a, b >= 0."""
    p = X.shape[1]
    result = linprog(
        np.ones(2 * p), A_eq=np.hstack([X, -X]), b_eq=y, bounds=(0, None), method="highs"
    )
    return result.x[:p] - result.x[p:]


# --8<-- [end:diagonal]


@lru_cache(maxsize=32)
def diagonal_net_solutions(seed=0):
    X, y, truth = sparse_problem(seed)
    return {
        "truth": truth,
        "small": diagonal_net_gd(X, y, SMALL_INIT, SMALL_STEPS),
        "large": diagonal_net_gd(X, y, LARGE_INIT, LARGE_STEPS),
        "min_l1": minimum_l1_interpolant(X, y),
        "min_l2": np.linalg.pinv(X) @ y,
        "X": X,
        "y": y,
    }


@claim(
    "l6.implicit.diagonal-net",
    statement=(
        "On a noiseless {n} x {p} system with a {k}-sparse truth, gradient descent on "
        "w = u*u - v*v from u = v = {small_init} ends within {small_gap_to_min_l1} of the "
        "minimum-L1 interpolant ({small_nonzeros} coefficients above {threshold} in size); from "
        "u = v = {large_init} it ends within {large_gap_to_min_l2} of the minimum-L2 "
        "interpolant ({large_nonzeros} above {threshold}). Errors against the truth: {small_error} "
        "and {large_error}."
    ),
)
def diagonal_net(seed=0):
    s = diagonal_net_solutions(seed)

    def gap(a, b):
        return float(np.abs(s[a] - s[b]).max())

    return {
        "n": N,
        "p": P,
        "k": K,
        "small_init": SMALL_INIT,
        "large_init": LARGE_INIT,
        "small_gap_to_min_l1": gap("small", "min_l1"),
        "small_gap_to_min_l2": gap("small", "min_l2"),
        "large_gap_to_min_l2": gap("large", "min_l2"),
        "large_gap_to_min_l1": gap("large", "min_l1"),
        "threshold": SIZE_THRESHOLD,
        "small_nonzeros": int(np.sum(np.abs(s["small"]) > SIZE_THRESHOLD)),
        "large_nonzeros": int(np.sum(np.abs(s["large"]) > SIZE_THRESHOLD)),
        "small_error": gap("small", "truth"),
        "large_error": gap("large", "truth"),
        "small_residual": float(np.abs(s["X"] @ s["small"] - s["y"]).max()),
        "large_residual": float(np.abs(s["X"] @ s["large"] - s["y"]).max()),
    }


@figure(
    "l6.implicit.diagonal-net-coefficients",
    caption=(
        "The same data, loss, optimizer and parameterization; only the starting scale differs. "
        "Gradient descent on w = u⊙u − v⊙v from u = v = "
        "{{ claim l6.implicit.diagonal-net small_init }} against from "
        "{{ claim l6.implicit.diagonal-net large_init }}, with the true coefficients "
        "(n = {{ claim l6.implicit.diagonal-net n }}, p = {{ claim l6.implicit.diagonal-net p }})."
    ),
    alt=(
        "Coefficients against their index. The small-start solution sits on the "
        "{{ claim l6.implicit.diagonal-net k }} true spikes and is near zero elsewhere ({{ claim l6.implicit.diagonal-net "
        "small_nonzeros }} coefficients above {{ claim l6.implicit.diagonal-net threshold }}); "
        "the large-start solution spreads over "
        "{{ claim l6.implicit.diagonal-net large_nonzeros }} coefficients and misses the spikes "
        "by up to {{ claim l6.implicit.diagonal-net large_error .2f }}."
    ),
)
def diagonal_net_figure():
    s = diagonal_net_solutions(0)
    index = np.arange(1, P + 1)
    fig = go.Figure()
    fig.add_scatter(
        x=index,
        y=s["truth"],
        mode="markers",
        name="truth",
        marker={"color": GREY, "size": 11, "symbol": "circle-open"},
    )
    fig.add_scatter(
        x=index,
        y=s["large"],
        mode="markers",
        name=f"start {LARGE_INIT:g} (≈ min L2)",
        marker={"color": L2_COLOR, "size": 5},
    )
    fig.add_scatter(
        x=index,
        y=s["small"],
        mode="markers",
        name=f"start {SMALL_INIT:g} (≈ min L1)",
        marker={"color": L1_COLOR, "size": 6, "symbol": "diamond"},
    )
    fig.update_layout(layout(xaxis_title="coefficient index", yaxis_title="w"))
    return fig


if __name__ == "__main__":
    report(__name__)
