"""Lasso and ridge on scikit-learn's diabetes data, at one strength and along a slider over it:
claims l4.diabetes.zeros, l4.diabetes.kkt and l4.diabetes.lambda-frames, page /l4/."""

import numpy as np
import plotly.graph_objects as go
from sklearn.datasets import load_diabetes
from sklearn.linear_model import Lasso, LinearRegression, Ridge

from snippets.evidence import claim, figure, report
from snippets.l5.paths import diabetes_centred, lasso_at, lasso_path_exact, ridge_path
from snippets.style import L1_COLOR, L2_COLOR, layout, reference_mark, slider_layout

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


# --8<-- [start:frames]
# The slider's values of lambda, in this page's convention (no 1/2, no 1/n):
#   lasso ||y - ybar - Xw||^2 + lam ||w||_1, which is Lasso(alpha = lam / (2n)),
#   ridge ||y - ybar - Xw||^2 + lam ||w||^2, which is Ridge(alpha = lam).
# Four a decade, log-spaced through lam = 2n * ALPHA (Lasso(alpha=ALPHA) above), from where
# both are nearly least squares up to above lam_max, where the lasso is all zeros.
STEPS_PER_DECADE = 4
FRAME_POWERS = np.arange(-24, 4)


def slider_lambdas(n):
    return 2 * n * ALPHA * 10.0 ** (FRAME_POWERS / STEPS_PER_DECADE)


def coefficient_frames():
    """Both models' coefficients at each of the slider's lambdas, smallest lambda first: the
    lasso from its exact path (LARS, whose knots are returned in this page's lambda with the
    coefficients at each), ridge from its closed form (one SVD)."""
    X, y, names = diabetes_centred()
    n = len(y)
    knots, coefs = lasso_path_exact(X, y)  # knots in Lasso's alpha: lam / (2n)
    lams = slider_lambdas(n)
    lasso = np.array([lasso_at(knots, coefs, lam / (2 * n)) for lam in lams])
    return names, lams, lasso, ridge_path(X, y, lams), (2 * n * knots, coefs)


# --8<-- [end:frames]


@claim(
    "l4.diabetes.lambda-frames",
    statement=(
        "On {frames} values of lam, {per_decade} a decade from {lam_smallest} to {lam_largest} "
        "(lasso ||y - ybar - Xw||^2 + lam ||w||_1, ridge ||y - ybar - Xw||^2 + lam ||w||^2), "
        "the lasso's count of exact zeros is 0 at the {frames_none_zero} smallest, then "
        "{lasso_zero_counts}: it keeps all {n_features} below {lam_all_kept}, keeps "
        "{kept_default} at lam = {lam_default} (Lasso alpha = {alpha}), and is all zeros above "
        "lam_max = 2 max_j |x_j^T (y - ybar)| = {lam_max}, where {first_feature} enters as lam "
        "falls, then {second_feature} at {lam_second}. Ridge has no exact zero at any of them "
        "(smallest magnitude {ridge_smallest_abs}); the length of its coefficient vector falls "
        "as lam grows, while {ridge_growing} each grow in magnitude somewhere on the way."
    ),
)
def lambda_frames():
    names, lams, lasso, ridge, (knots, coefs) = coefficient_frames()
    X, y, _ = diabetes_centred()
    p, n = len(names), len(y)
    # The path's order of entry as lam falls: the first knot at which each is non-zero.
    entered = np.argmax(coefs != 0.0, axis=1)
    first, second = np.argsort(entered, kind="stable")[:2]
    lasso_zeros = np.sum(lasso == 0.0, axis=1)
    ridge_zeros = np.sum(ridge == 0.0, axis=1)
    default = int(np.argmin(np.abs(lams - 2 * n * ALPHA)))
    norms = np.linalg.norm(ridge, axis=1)
    none_zero = int(np.argmax(lasso_zeros > 0))  # the smallest lambdas, where none is zero
    # |w_j| larger at the larger of two neighbouring lambdas.
    grows = np.any(np.abs(ridge[1:]) > np.abs(ridge[:-1]), axis=0)
    return {
        "frames": len(lams),
        "per_decade": STEPS_PER_DECADE,
        "lam_largest": float(lams[-1]),
        "lam_smallest": float(lams[0]),
        "n_samples": n,
        "n_features": p,
        "lam_max": float(knots[0]),
        "lam_max_formula": float(2 * np.max(np.abs(X.T @ y))),
        "first_feature": names[first],
        "largest_correlation": names[int(np.argmax(np.abs(X.T @ y)))],
        "second_feature": names[second],
        "lam_second": float(knots[entered[second] - 1]),
        "lam_first": float(knots[entered[first] - 1]),
        "frames_above_lam_max": int(np.sum(lams > knots[0])),
        "all_zero_frames": int(np.sum(lasso_zeros == p)),
        # The counts as lam grows, after the smallest lambdas where there are none.
        "frames_none_zero": none_zero,
        "lasso_zero_counts": ", ".join(str(int(z)) for z in lasso_zeros[none_zero:]),
        "alpha": ALPHA,
        "lam_default": float(lams[default]),
        "zeros_default": int(lasso_zeros[default]),
        "kept_default": ", ".join(n for n, c in zip(names, lasso[default]) if c != 0.0),
        "lam_all_kept": float(knots[-2]),  # the path's last knot before lam = 0
        "ridge_zeros_max": int(ridge_zeros.max()),
        "ridge_smallest_abs": float(np.min(np.abs(ridge))),
        "ridge_norm_falls": bool(np.all(norms[1:] < norms[:-1])),  # smaller at larger lam
        "ridge_growing": ", ".join(n for n, g in zip(names, grows) if g),
        "ridge_growing_count": int(grows.sum()),
    }


def frame_title(lam, n, lasso, ridge):
    p = len(lasso)
    return (
        f"λ = {slider_label(lam)} (Lasso alpha {slider_label(lam / (2 * n))}, Ridge alpha "
        f"{slider_label(lam)})<br>exactly zero: lasso {int(np.sum(lasso == 0.0))} of {p}, "
        f"ridge {int(np.sum(ridge == 0.0))} of {p}"
    )


def slider_label(value):
    return f"{value:.0f}" if value >= 1000 else f"{value:.3g}"


@figure(
    "l4.diabetes.coefficients",
    caption=(
        "The lasso's and ridge's coefficients on the diabetes data (features centred, each of "
        "norm 1, so that their sizes compare) at the same λ in this page's convention, "
        "‖y − ȳ − Xw‖² + λ‖w‖₁ and ‖y − ȳ − Xw‖² + λ‖w‖², from "
        "λ = {{ claim l4.diabetes.lambda-frames lam_smallest .2g }} up to "
        "{{ claim l4.diabetes.lambda-frames lam_largest .0f }}. Hollow markers on the axis are "
        "the lasso's exact zeros; grey dashes, least squares. The same λ is not the same "
        "strength for the two penalties: compare each model with itself as λ changes, not the "
        "two at one λ."
    ),
    alt=(
        "Grouped bars, lasso and ridge, for the {{ claim l4.diabetes.lambda-frames n_features }} "
        "diabetes features, one position per λ, "
        "{{ claim l4.diabetes.lambda-frames frames }} in all, from "
        "{{ claim l4.diabetes.lambda-frames lam_smallest .2g }}, where both are close to least "
        "squares, to {{ claim l4.diabetes.lambda-frames lam_largest .0f }}. The lasso's count of "
        "exact zeros is 0 at the {{ claim l4.diabetes.lambda-frames frames_none_zero }} "
        "smallest values of λ, then {{ claim l4.diabetes.lambda-frames lasso_zero_counts }} "
        "as λ grows: at λ = {{ claim l4.diabetes.lambda-frames lam_default .0f }} it keeps "
        "{{ claim l4.diabetes.lambda-frames kept_default }}, and above λ_max = "
        "{{ claim l4.diabetes.lambda-frames lam_max .0f }} every lasso bar is zero, "
        "{{ claim l4.diabetes.lambda-frames first_feature }} the last to go. Ridge has no "
        "exact zero at any λ (smallest magnitude "
        "{{ claim l4.diabetes.lambda-frames ridge_smallest_abs .2g }}); its bars shrink "
        "towards zero as λ grows, though {{ claim l4.diabetes.lambda-frames ridge_growing_count }} "
        "of them also grow somewhere on the way."
    ),
)
def coefficients_figure():
    names, lams, lasso, ridge, _ = coefficient_frames()
    X, y, _ = diabetes_centred()
    n = len(y)
    least_squares = np.linalg.lstsq(X, y, rcond=None)[0]
    start = int(np.argmin(np.abs(lams - 2 * n * ALPHA)))  # Lasso(alpha=ALPHA), as above
    # Printed: nearly least squares, the page's strength, the last frame with a feature,
    # and all zeros (above lam_max).
    last_in = int(np.nonzero(np.any(lasso != 0.0, axis=1))[0][-1])
    on_paper = {0, start, last_in, len(lams) - 1}

    def moving(i):
        zero = lasso[i] == 0.0
        return [
            go.Bar(x=names, y=lasso[i].tolist()),
            go.Bar(x=names, y=ridge[i].tolist()),
            go.Scatter(x=[m for m, z in zip(names, zero) if z], y=[0.0] * int(zero.sum())),
        ]

    frames = [
        go.Frame(
            data=moving(i),
            name=f"{i}",
            traces=[0, 1, 2],
            layout={"title": {"text": frame_title(lam, n, lasso[i], ridge[i])}},
            group="paper" if i in on_paper else None,
        )
        for i, lam in enumerate(lams)
    ]
    lasso_bars, ridge_bars, zeros = moving(start)
    fig = go.Figure(frames=frames)
    fig.add_bar(x=names, y=lasso_bars.y, name="lasso", marker_color=L1_COLOR)
    fig.add_bar(x=names, y=ridge_bars.y, name="ridge", marker_color=L2_COLOR)
    fig.add_scatter(
        x=zeros.x,
        y=zeros.y,
        mode="markers",
        name="lasso: exactly 0",
        marker={"color": L1_COLOR, "size": 10, "symbol": "circle-open", "line": {"width": 2}},
    )
    fig.add_scatter(
        x=names,
        y=least_squares.tolist(),
        mode="markers",
        name="least squares",
        marker=reference_mark(16, 2),
    )
    fig.update_layout(
        layout(
            height=520,
            barmode="group",
            margin={"l": 56, "r": 16, "t": 110, "b": 48},
            xaxis={"title": "feature"},
            yaxis={"title": "coefficient", "range": [-900, 900]},
        )
    )
    title = frame_title(lams[start], n, lasso[start], ridge[start])
    labels = [slider_label(lam) for lam in lams]
    fig.update_layout(slider_layout(labels, "penalty strength λ = ", start, title, title_size=13))
    return fig


if __name__ == "__main__":
    report(__name__)
