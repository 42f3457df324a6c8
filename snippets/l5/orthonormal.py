"""Orthonormal design: the lasso soft-thresholds, ridge shrinks proportionally.

Claim l5.orthonormal.soft-threshold, page /l5/paths/.
"""

import numpy as np
import plotly.graph_objects as go
from sklearn.linear_model import Lasso, Ridge

from snippets.evidence import claim, figure, report
from snippets.style import GREY, L1_COLOR, L2_COLOR, layout

N_SAMPLES, N_FEATURES = 100, 10
TRUE_WEIGHTS = np.array([4.0, -3.0, 2.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0])
LAM = 1.5
NOISE = 0.5


def orthonormal_data(seed=0):
    """X with orthonormal columns (X^T X = I, from a QR decomposition) and y = X w + noise."""
    rng = np.random.default_rng(seed)
    X, _ = np.linalg.qr(rng.standard_normal((N_SAMPLES, N_FEATURES)))
    return X, X @ TRUE_WEIGHTS + NOISE * rng.standard_normal(N_SAMPLES)


# --8<-- [start:closed-forms]
def soft_threshold(z, lam):
    """Lasso, (1/2)||y - Xw||^2 + lam ||w||_1, when X^T X = I and z = X^T y."""
    return np.sign(z) * np.maximum(np.abs(z) - lam, 0.0)


def proportional_shrinkage(z, lam):
    """Ridge, ||y - Xw||^2 + lam ||w||^2 (no 1/2), when X^T X = I and z = X^T y."""
    return z / (1 + lam)


# --8<-- [end:closed-forms]


# --8<-- [start:check]
def library_fits(X, y, lam):
    """scikit-learn's lasso, (1/(2n))||y - Xw||^2 + alpha||w||_1 (so alpha = lam/n), and ridge,
    ||y - Xw||^2 + alpha||w||^2 (alpha = lam): their coefficients."""
    lasso = Lasso(alpha=lam / len(y), fit_intercept=False, tol=1e-14, max_iter=100_000)
    ridge = Ridge(alpha=lam, fit_intercept=False)
    return lasso.fit(X, y).coef_, ridge.fit(X, y).coef_


@claim(
    "l5.orthonormal.soft-threshold",
    statement=(
        "With X^T X = I (n = {n}, p = {p}) and lam = {lam}, Lasso(alpha = lam/n) equals the soft "
        "threshold of z = X^T y and Ridge(alpha = lam) equals z/(1 + lam), to {max_abs_diff}. "
        "The lasso has {zeros_lasso} exact zeros, ridge {zeros_ridge}. Reading ridge's "
        "z/(1 + lam) in the (1/2) convention instead is off by up to {mixed_convention_diff}."
    ),
)
def orthonormal_closed_forms(seed=0, lam=LAM):
    X, y = orthonormal_data(seed)
    n, p = X.shape
    z = X.T @ y
    lasso, ridge = library_fits(X, y, lam)
    lasso_diff = np.max(np.abs(lasso - soft_threshold(z, lam)))
    ridge_diff = np.max(np.abs(ridge - proportional_shrinkage(z, lam)))
    # (1/2)||y - Xw||^2 + lam||w||^2 is Ridge(alpha = 2 lam): z / (1 + 2 lam).
    ridge_half = Ridge(alpha=2 * lam, fit_intercept=False).fit(X, y).coef_
    return {
        "n": n,
        "p": p,
        "lam": lam,
        "max_abs_diff": float(max(lasso_diff, ridge_diff)),
        "lasso_diff": float(lasso_diff),
        "ridge_diff": float(ridge_diff),
        "ridge_half_diff": float(np.max(np.abs(ridge_half - z / (1 + 2 * lam)))),
        "mixed_convention_diff": float(np.max(np.abs(ridge_half - proportional_shrinkage(z, lam)))),
        "zeros_lasso": int(np.sum(lasso == 0.0)),
        "zeros_ridge": int(np.sum(ridge == 0.0)),
        "orthonormality_error": float(np.max(np.abs(X.T @ X - np.eye(p)))),
    }


# --8<-- [end:check]


@figure(
    "l5.orthonormal.maps",
    caption=(
        "The map from the least-squares coefficient z = Xᵀy to the penalized one when "
        "XᵀX = I, λ = {{ claim l5.orthonormal.soft-threshold lam }}. Lasso, with "
        "(1/2)‖y − Xw‖²: soft threshold. Ridge, with ‖y − Xw‖²: z/(1 + λ); with "
        "(1/2)‖y − Xw‖² the same λ gives z/(1 + 2λ). Markers: the coefficients "
        "scikit-learn fitted on one orthonormal design."
    ),
    alt=(
        "Lines over z from -5 to 5. The soft threshold is zero for |z| <= λ, then parallel to "
        "the identity, shifted by λ. Both ridge maps are straight lines through the origin with "
        "slopes below one, zero only at z = 0. The fitted lasso coefficients fall on the soft "
        "threshold, {{ claim l5.orthonormal.soft-threshold zeros_lasso }} of them at exactly "
        "zero; the ridge coefficients fall on z/(1 + λ), none at zero."
    ),
)
def maps_figure(seed=0, lam=LAM):
    X, y = orthonormal_data(seed)
    z = X.T @ y
    lasso, ridge = library_fits(X, y, lam)
    grid = np.linspace(-5, 5, 201)
    fig = go.Figure()
    fig.add_scatter(
        x=grid.tolist(),
        y=grid.tolist(),
        name="z (no penalty)",
        line={"color": GREY, "dash": "dot", "width": 1},
    )
    fig.add_scatter(
        x=grid.tolist(),
        y=soft_threshold(grid, lam).tolist(),
        name="lasso: soft threshold",
        line_color=L1_COLOR,
    )
    fig.add_scatter(
        x=grid.tolist(),
        y=proportional_shrinkage(grid, lam).tolist(),
        name="ridge: z/(1+λ)",
        line_color=L2_COLOR,
    )
    fig.add_scatter(
        x=grid.tolist(),
        y=(grid / (1 + 2 * lam)).tolist(),
        name="ridge, ½ convention: z/(1+2λ)",
        line={"color": L2_COLOR, "dash": "dash", "width": 1.5},
    )
    fig.add_scatter(
        x=z.tolist(),
        y=lasso.tolist(),
        mode="markers",
        name="Lasso fit",
        marker={"color": L1_COLOR, "size": 9, "symbol": "diamond-open", "line": {"width": 2}},
    )
    fig.add_scatter(
        x=z.tolist(),
        y=ridge.tolist(),
        mode="markers",
        name="Ridge fit",
        marker={"color": L2_COLOR, "size": 8, "symbol": "circle-open", "line": {"width": 2}},
    )
    fig.update_layout(
        layout(height=440, xaxis={"title": "z = Xᵀy"}, yaxis={"title": "penalized w"})
    )
    return fig


if __name__ == "__main__":
    report(__name__)
