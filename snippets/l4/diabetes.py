"""Lasso and ridge on scikit-learn's diabetes data: claim l4.diabetes.zeros, page /l4/."""

import numpy as np
import plotly.graph_objects as go
from sklearn.datasets import load_diabetes
from sklearn.linear_model import Lasso, LinearRegression, Ridge

from snippets.evidence import claim, figure, report
from snippets.style import GREY, L1_COLOR, L2_COLOR, layout

ALPHA = 0.5


# --8<-- [start:fit]
def fit_diabetes(alpha=ALPHA):
    data = load_diabetes()  # features centred and scaled to unit norm, as shipped
    X, y = data.data, data.target
    lasso = Lasso(alpha=alpha).fit(X, y)  # (1/2n)||y - Xw||^2 + alpha ||w||_1
    ridge = Ridge(alpha=alpha).fit(X, y)  # ||y - Xw||^2 + alpha ||w||^2
    ols = LinearRegression().fit(X, y)
    return data.feature_names, lasso.coef_, ridge.coef_, ols.coef_


# --8<-- [end:fit]


@claim(
    "l4.diabetes.zeros",
    statement=(
        "On scikit-learn's diabetes data ({n_features} features), Lasso(alpha={alpha}) sets "
        "{lasso_zeros} coefficients exactly to zero; Ridge(alpha={alpha}) sets {ridge_zeros}."
    ),
)
def diabetes_zeros():
    names, lasso, ridge, _ = fit_diabetes()
    return {
        "alpha": ALPHA,
        "n_samples": len(load_diabetes().target),
        "n_features": len(names),
        "lasso_zeros": int(np.sum(lasso == 0.0)),
        "ridge_zeros": int(np.sum(ridge == 0.0)),
        "lasso_kept": ", ".join(n for n, c in zip(names, lasso) if c != 0.0),
        "smallest_ridge_abs": float(np.min(np.abs(ridge))),
    }


@claim(
    "l4.diabetes.kkt",
    statement=(
        "At the lasso solution (alpha={alpha}), the largest data-fit gradient |x_j^T r| / n of a "
        "zeroed feature is {max_zero_gradient}, below alpha; every kept feature sits at "
        "alpha to within {active_gap}."
    ),
)
def diabetes_kkt():
    X, y = load_diabetes(return_X_y=True)
    _, lasso, _, _ = fit_diabetes()
    residual = y - y.mean() - X @ lasso  # Lasso fits an unpenalized intercept: the mean of y
    gradient = np.abs(X.T @ residual) / len(y)
    zero = lasso == 0.0
    return {
        "alpha": ALPHA,
        "max_zero_gradient": float(gradient[zero].max()),
        "active_gap": float(np.max(np.abs(gradient[~zero] - ALPHA))),
    }


@figure(
    "l4.diabetes.coefficients",
    caption=(
        "Coefficients on the diabetes data, alpha = {{ claim l4.diabetes.zeros alpha }} for both "
        "models (each in its own scikit-learn convention), with unpenalized least squares for "
        "reference. "
        "Hollow markers on the axis are the lasso's exact zeros."
    ),
    alt=(
        "Grouped bars for the 10 diabetes features. The lasso keeps "
        "{{ claim l4.diabetes.zeros lasso_kept }} and sets the other "
        "{{ claim l4.diabetes.zeros lasso_zeros }} to exactly zero; every ridge coefficient is "
        "non-zero, the smallest in magnitude being {{ claim l4.diabetes.zeros smallest_ridge_abs }}."
    ),
)
def coefficients_figure():
    names, lasso, ridge, ols = fit_diabetes()
    fig = go.Figure()
    fig.add_bar(x=names, y=ols, name="least squares", marker_color=GREY, opacity=0.35)
    fig.add_bar(x=names, y=ridge, name=f"Ridge(alpha={ALPHA})", marker_color=L2_COLOR)
    fig.add_bar(x=names, y=lasso, name=f"Lasso(alpha={ALPHA})", marker_color=L1_COLOR)
    zero = lasso == 0.0
    fig.add_scatter(
        x=[n for n, z in zip(names, zero) if z],
        y=np.zeros(zero.sum()),
        mode="markers",
        name="lasso: exactly 0",
        marker={"color": L1_COLOR, "size": 10, "symbol": "circle-open", "line": {"width": 2}},
    )
    fig.update_layout(layout(barmode="group", yaxis_title="coefficient", xaxis_title="feature"))
    return fig


if __name__ == "__main__":
    report(__name__)
