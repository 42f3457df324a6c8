"""Lasso and ridge paths on the diabetes data, and penalized = constrained: claims
l5.paths.lasso-exit-order, l5.paths.ridge-never-zero, l5.paths.constrained-equals-penalized; page /l5/paths/."""

import numpy as np
import plotly.graph_objects as go
from sklearn.datasets import load_diabetes
from sklearn.linear_model import lars_path

from snippets.evidence import claim, figure, report
from snippets.style import L1_COLOR, L2_COLOR, layout

LAM = 0.1  # Lasso convention: (1/(2n))||y - Xw||^2 + lam ||w||_1
LAMBDA_MIN = 1e-3  # left end of both plotted paths


def diabetes_centred():
    """The diabetes data as shipped, centred: the intercept is then unpenalized and drops out."""
    data = load_diabetes()
    X, y = data.data, data.target
    return X - X.mean(axis=0), y - y.mean(), list(data.feature_names)


# --8<-- [start:lasso-path]
def lasso_path_exact(X, y):
    """LARS with the lasso modification: the exact path, linear in lam between its knots.
    Knots are in Lasso's convention, lam from max_j |X_j^T y| / n down to 0."""
    knots, _, coefs = lars_path(X, y, method="lasso")
    return knots, coefs


def lasso_at(knots, coefs, lam):
    """w(lam) by linear interpolation between the knots: exact, the path is piecewise linear."""
    return np.array([np.interp(lam, knots[::-1], c[::-1]) for c in coefs])


def exit_lambdas(knots, coefs):
    """For each feature, the lam above which it is zero for good: the knot where it last
    entered the path when lam decreases from the top."""
    exits = []
    for row in coefs != 0:
        first_active = np.argmax(row)  # first knot (largest lam first) with w_j != 0
        exits.append(knots[first_active - 1])
    return np.array(exits)


# --8<-- [end:lasso-path]


@claim(
    "l5.paths.lasso-exit-order",
    statement=(
        "On the diabetes data the lasso path has {knots} knots. As lam grows, the features "
        "reach zero for good in the order {order}; the last, {last}, leaves at lam = {lam_max}. "
        "One feature, {drop_feature}, is also zero on the short interval [{drop_from}, {drop_to}] "
        "before re-entering."
    ),
)
def lasso_exit_order():
    X, y, names = diabetes_centred()
    knots, coefs = lasso_path_exact(X, y)
    exits = exit_lambdas(knots, coefs)
    order = np.argsort(exits)
    # Knots strictly inside the path where some active feature returns to zero (a "drop").
    zero = coefs == 0
    drops = [
        (j, k)
        for k in range(1, len(knots) - 1)
        for j in range(len(names))
        if zero[j, k] and not zero[j, k - 1]
    ]
    j_drop, k_drop = drops[0]
    k_back = k_drop + int(np.argmin(zero[j_drop, k_drop:]))  # first knot where it is back
    return {
        "knots": len(knots),
        "n_features": len(names),
        "order": ", ".join(names[j] for j in order),
        "first": names[order[0]],
        "last": names[order[-1]],
        "lam_max": float(knots[0]),
        "lam_max_formula": float(np.max(np.abs(X.T @ y)) / len(y)),
        "drops": len(drops),
        "drop_feature": names[j_drop],
        "drop_from": float(knots[k_back - 1]),
        "drop_to": float(knots[k_drop]),
        "exits_distinct": bool(len(np.unique(exits)) == len(exits)),
    }


# --8<-- [start:ridge-path]
def ridge_path(X, y, lams):
    """argmin ||y - Xw||^2 + lam ||w||^2 for each lam, from one SVD: w = V diag(s/(s^2+lam)) U^T y."""
    U, s, Vt = np.linalg.svd(X, full_matrices=False)
    return np.array([Vt.T @ (s / (s**2 + lam) * (U.T @ y)) for lam in lams])


# --8<-- [end:ridge-path]


RIDGE_LAMS = np.logspace(-3, 3.5, 66)


@claim(
    "l5.paths.ridge-never-zero",
    statement=(
        "Along the ridge path ({points} values of lam from {smallest_lam} to {largest_lam}) no "
        "coefficient is "
        "exactly zero: the smallest magnitude is {min_abs_coef}. {features_changing_sign} change "
        "sign on the way ({sign_changes} crossings), so each is zero only at isolated values of lam. "
        "The norm of the whole vector falls at every step of lam ({norm_decreasing}), while "
        "single coefficients can grow: {features_growing} do somewhere on the path."
    ),
)
def ridge_never_zero():
    X, y, names = diabetes_centred()
    W = ridge_path(X, y, RIDGE_LAMS)
    crossings = np.sum(np.diff(np.sign(W), axis=0) != 0, axis=0)
    norms = np.linalg.norm(W, axis=1)
    grows = np.any(np.diff(np.abs(W), axis=0) > 0, axis=0)  # |w_j| larger at a larger lam
    return {
        "points": len(RIDGE_LAMS),
        "zeros_on_grid": int(np.sum(W == 0.0)),
        "min_abs_coef": float(np.min(np.abs(W))),
        "sign_changes": int(crossings.sum()),
        "features_changing_sign": ", ".join(n for n, c in zip(names, crossings) if c),
        "smallest_lam": float(RIDGE_LAMS[0]),
        "largest_lam": float(RIDGE_LAMS[-1]),
        "norm_decreasing": bool(np.all(np.diff(norms) < 0)),
        "features_growing": ", ".join(n for n, g in zip(names, grows) if g),
        "count_growing": int(grows.sum()),
    }


# --8<-- [start:constrained]
def project_l1_ball(v, t):
    """Euclidean projection onto {w : ||w||_1 <= t} (sort-based, Duchi et al. 2008)."""
    if np.abs(v).sum() <= t:
        return v
    u = np.sort(np.abs(v))[::-1]
    cumulative = np.cumsum(u)
    k = np.nonzero(u > (cumulative - t) / np.arange(1, len(u) + 1))[0][-1]
    theta = (cumulative[k] - t) / (k + 1)
    return np.sign(v) * np.maximum(np.abs(v) - theta, 0.0)


def constrained_least_squares(X, y, t, iterations=2_000):
    """argmin ||y - Xw||^2 subject to ||w||_1 <= t: accelerated projected gradient with
    adaptive restart (O'Donoghue & Candes), which keeps convergence linear here."""
    G, b = X.T @ X, X.T @ y
    step = 1 / np.linalg.eigvalsh(G)[-1]
    w = z = np.zeros(X.shape[1])
    momentum = 1.0
    for _ in range(iterations):
        new = project_l1_ball(z - step * (G @ z - b), t)
        if (z - new) @ (new - w) > 0:  # the momentum points uphill: restart it
            w, z, momentum = new, new, 1.0
            continue
        next_momentum = (1 + np.sqrt(1 + 4 * momentum**2)) / 2
        z = new + (momentum - 1) / next_momentum * (new - w)
        w, momentum = new, next_momentum
    return w


# --8<-- [end:constrained]


# --8<-- [start:same-solution]
@claim(
    "l5.paths.constrained-equals-penalized",
    statement=(
        "On the diabetes data the lasso at lam = {lam} (Lasso convention) has "
        "t = ‖w(lam)‖_1 = {t} and {nonzero} non-zero coefficients; the constrained problem "
        "with that t, solved by projected gradient, returns the same w to {max_abs_diff}."
    ),
)
def constrained_equals_penalized(lam=LAM):
    X, y, _ = diabetes_centred()
    knots, coefs = lasso_path_exact(X, y)
    penalized = lasso_at(knots, coefs, lam)
    t = np.abs(penalized).sum()
    constrained = constrained_least_squares(X, y, t)
    return {
        "lam": lam,
        "t": float(t),
        "nonzero": int(np.sum(penalized != 0)),
        "max_abs_diff": float(np.max(np.abs(penalized - constrained))),
        "max_abs_coef": float(np.max(np.abs(penalized))),
        "constrained_zeros_match": bool(np.array_equal(penalized == 0, constrained == 0)),
    }


# --8<-- [end:same-solution]


def spread(values, gap):
    """Label heights near ``values`` but at least ``gap`` apart, so that labels do not overlap."""
    order = np.argsort(values)
    heights = np.asarray(values, dtype=float)[order]
    for i in range(1, len(heights)):
        heights[i] = max(heights[i], heights[i - 1] + gap)
    placed = np.empty_like(heights)
    placed[order] = heights
    return placed


def path_figure(lams, W, names, colour, lam_top):
    """A coefficient path: a curve per feature over λ on a log axis, named at its left end."""
    fig = go.Figure()
    for j, name in enumerate(names):
        line = {"color": colour, "width": 1.5}
        fig.add_scatter(
            x=lams.tolist(),
            y=W[:, j].tolist(),
            name=name,
            mode="lines",
            line=line,
            showlegend=False,
        )
    heights = spread(W[0], gap=0.045 * (W[0].max() - W[0].min()))
    fig.add_scatter(
        x=[LAMBDA_MIN] * len(names),
        y=heights.tolist(),
        text=names,
        mode="text",
        textposition="middle left",
        textfont={"color": colour, "size": 11},
        showlegend=False,
        hoverinfo="skip",
    )
    log_axis = {"title": "λ (log scale)", "type": "log", "range": [-3.7, np.log10(lam_top)]}
    return fig.update_layout(
        layout(height=440, xaxis=log_axis | {"dtick": 1}, yaxis={"title": "coefficient"})
    )


@figure(
    "l5.paths.lasso",
    caption=(
        "The lasso path on the diabetes data, λ in Lasso's convention "
        "(1/(2n))‖y − Xw‖² + λ‖w‖₁, log scale, computed exactly by LARS. Each coefficient "
        "reaches exactly zero at a finite λ (hollow markers) and stays there; above "
        "λ = {{ claim l5.paths.lasso-exit-order lam_max .4g }} all coefficients are zero."
    ),
    alt=(
        "One piecewise-linear curve per feature, λ on a log axis. As λ grows "
        "they reach zero one at a time, in the order {{ claim l5.paths.lasso-exit-order order }}; "
        "{{ claim l5.paths.lasso-exit-order drop_feature }} is also zero for λ between "
        "{{ claim l5.paths.lasso-exit-order drop_from .2g }} and "
        "{{ claim l5.paths.lasso-exit-order drop_to .2g }}, then comes back."
    ),
)
def lasso_path_figure():
    X, y, names = diabetes_centred()
    knots, coefs = lasso_path_exact(X, y)
    top = 1.15 * knots[0]
    lams = np.union1d(np.geomspace(LAMBDA_MIN, top, 90), knots[(knots > LAMBDA_MIN)])
    W = np.array([lasso_at(knots, coefs, lam) for lam in lams])
    exits = exit_lambdas(knots, coefs)
    fig = path_figure(lams, W, names, L1_COLOR, top)
    fig.add_scatter(
        x=exits.tolist(),
        y=[0.0] * len(names),
        mode="markers",
        text=names,
        name="reaches zero",
        hovertemplate="%{text} leaves at λ = %{x:.4g}",
        marker={"color": L1_COLOR, "size": 8, "symbol": "circle-open", "line": {"width": 2}},
    )
    return fig


@figure(
    "l5.paths.ridge",
    caption=(
        "The ridge path on the same data, λ in Ridge's convention ‖y − Xw‖² + λ‖w‖², log "
        "scale. The coefficients shrink towards zero as a whole as λ grows (their norm falls), "
        "though single ones can grow on the way; none stays at zero. The few that cross zero "
        "do so while changing sign."
    ),
    alt=(
        "One smooth curve per feature, λ on a log axis, all tending to zero as λ grows "
        "without reaching it: the smallest |coefficient| on the grid is "
        "{{ claim l5.paths.ridge-never-zero min_abs_coef }}. "
        "{{ claim l5.paths.ridge-never-zero count_growing }} grow in size somewhere on the way; "
        "{{ claim l5.paths.ridge-never-zero features_changing_sign }} cross zero once or twice "
        "as their sign flips."
    ),
)
def ridge_path_figure():
    X, y, names = diabetes_centred()
    W = ridge_path(X, y, RIDGE_LAMS)
    fig = path_figure(RIDGE_LAMS, W, names, L2_COLOR, 10**3.5)  # the axis ends at 10^3.5
    return fig


if __name__ == "__main__":
    report(__name__)
