"""Gradient descent on underdetermined least squares finds the minimum-norm solution from zero:
claim l6.implicit.min-norm, page /l6/implicit/ (#min-norm)."""

import numpy as np

from snippets.evidence import claim, report

N, P, STEPS = 20, 50, 3000


# --8<-- [start:gd]
def least_squares_gd(X, y, w0, steps=STEPS):
    """Gradient descent on (1/2)||y - Xw||^2 with step 1/L, L = largest eigenvalue of X^T X.
    Every gradient X^T (Xw - y) lies in the row space of X, so the component of w0 in the
    null space of X is never touched."""
    step = 1.0 / np.linalg.norm(X, ord=2) ** 2
    w = w0.astype(float).copy()
    for _ in range(steps):
        w -= step * X.T @ (X @ w - y)
    return w


def null_space_projection(X, w):
    return w - np.linalg.pinv(X) @ (X @ w)


# --8<-- [end:gd]


def problem(seed=0):
    """A Gaussian design with more features than samples (of full row rank with probability
    one), targets, and a random start."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((N, P))
    y = rng.standard_normal(N)
    w0 = rng.standard_normal(P)
    return X, y, w0


@claim(
    "l6.implicit.min-norm",
    statement=(
        "On a {n} x {p} least-squares problem, {steps} gradient-descent steps from zero end "
        "within {max_abs_diff_zero_init} of pinv(X) y; from a random start they end "
        "{distance_from_min_norm} away from it, and within "
        "{max_abs_diff_nonzero_init_with_nullspace} of pinv(X) y plus the start's null-space "
        "component."
    ),
)
def min_norm(seed=0):
    X, y, w0 = problem(seed)
    minimum_norm = np.linalg.pinv(X) @ y
    from_zero = least_squares_gd(X, y, np.zeros(P))
    from_w0 = least_squares_gd(X, y, w0)
    return {
        "n": N,
        "p": P,
        "steps": STEPS,
        "max_abs_diff_zero_init": float(np.abs(from_zero - minimum_norm).max()),
        "max_abs_diff_nonzero_init_with_nullspace": float(
            np.abs(from_w0 - (minimum_norm + null_space_projection(X, w0))).max()
        ),
        "distance_from_min_norm": float(np.abs(from_w0 - minimum_norm).max()),
        "residual_zero_init": float(np.abs(X @ from_zero - y).max()),
        "residual_nonzero_init": float(np.abs(X @ from_w0 - y).max()),
        "norm_zero_init": float(np.linalg.norm(from_zero)),
        "norm_nonzero_init": float(np.linalg.norm(from_w0)),
    }


if __name__ == "__main__":
    report(__name__)
