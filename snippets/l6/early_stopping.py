"""Early stopping (gradient flow) against ridge at lambda = 1/t: claims
l6.implicit.early-stopping-vs-ridge, early-stopping-path-gap and early-stopping-bound, page
/l6/implicit/ (#early-stopping)."""

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from snippets.evidence import cited, claim, figure, report
from snippets.style import GREY, L2_COLOR, PURPLE, layout

FLOW_LINE = {"color": PURPLE, "dash": "dash"}  # gradient flow, in every figure here

GRID_POINTS = 200
SIGNAL, NOISE = 1.0, 0.05  # r^2 and sigma^2: enough signal for a U-shaped risk curve

ALI_KOLTER_TIBSHIRANI = {
    "constant": 1.6862,
    "rounded": 1.69,
    "risk": "estimation risk E||b_hat - b||^2",
    "scope": "for every X, every true b and every t",
    "prediction": "for prediction risk the same factor holds on average over the true b",
}
cited(
    "l6.implicit.early-stopping-bound",
    statement=(
        "Gradient flow on (1/(2n))||y - Xb||^2 from b = 0 at time t, against ridge at "
        "lambda = 1/t, with y = Xb + noise of mean zero and covariance sigma^2 I: {scope}, the "
        "{risk} of gradient flow is at most {constant} times ridge's ({rounded} in the "
        "abstract); {prediction}. A bound, not an equality."
    ),
    values=ALI_KOLTER_TIBSHIRANI,
    source="ali-kolter-tibshirani2019",
    locator=(
        "abstract (1.69, finite samples, no assumption on X; prediction risk on average over "
        "the signal) and the paper's estimation-risk comparison theorem (the constant 1.6862)"
    ),
)
ALI_KOLTER_TIBSHIRANI_CONSTANT = ALI_KOLTER_TIBSHIRANI[
    "constant"
]  # as published: just above the exact maximum


def random_design(seed=0, n=100, p=60, decay=1.0):
    """Gaussian rows with covariance eigenvalues j^-decay, j = 1..p: an uneven spectrum."""
    rng = np.random.default_rng(seed)
    scales = np.arange(1, p + 1) ** (-decay / 2)
    return rng.standard_normal((n, p)) * scales


# --8<-- [start:paths]
def spectrum(X):
    """Eigendecomposition of X^T X / n, the Hessian of (1/(2n))||y - Xb||^2."""
    eigenvalues, V = np.linalg.eigh(X.T @ X / len(X))
    return np.clip(eigenvalues, 0.0, None), V


def gradient_flow(X, y, t):
    """b(t) solving db/dt = X^T (y - X b) / n from b(0) = 0. In the eigenbasis each
    coordinate relaxes independently: b_i(t) = (1 - exp(-s_i t)) / s_i * (X^T y / n)_i."""
    s, V = spectrum(X)
    z = V.T @ X.T @ y / len(X)
    safe = np.where(s > 0, s, 1.0)
    gain = np.where(s > 0, -np.expm1(-s * t) / safe, t)  # limit s -> 0 is t
    return V @ (gain * z)


def ridge(X, y, lam):
    """argmin (1/(2n))||y - Xb||^2 + (lam / 2)||b||^2 = (X^T X / n + lam I)^-1 X^T y / n."""
    s, V = spectrum(X)
    z = V.T @ X.T @ y / len(X)
    return V @ (z / (s + lam))


# --8<-- [end:paths]


# --8<-- [start:risk]
def bayes_risks(s, t, r2=SIGNAL, sigma2=NOISE, n=100):
    """E||b_hat - b||^2 over b ~ N(0, (r2/p) I) and noise N(0, sigma2 I), given X, for
    gradient flow at time t and ridge at lam = 1/t. Per eigenvalue s_i of X^T X / n:
      flow:  (r2/p) exp(-2 s t)          + (sigma2/n) (1 - exp(-s t))^2 / s
      ridge: (r2/p) (lam / (s + lam))^2  + (sigma2/n) s / (s + lam)^2
    """
    p = len(s)
    s, t = s[:, None], np.asarray(t)[None, :]
    lam = 1.0 / t
    safe = np.where(s > 0, s, 1.0)
    flow_variance = np.where(s > 0, np.expm1(-s * t) ** 2 / safe, 0.0)
    flow = (r2 / p) * np.exp(-2 * s * t) + (sigma2 / n) * flow_variance
    ridge_ = (r2 / p) * (lam / (s + lam)) ** 2 + (sigma2 / n) * s / (s + lam) ** 2
    return flow.sum(axis=0), ridge_.sum(axis=0)


def risk_ratio_over_time(X, r2=SIGNAL, sigma2=NOISE, grid_points=GRID_POINTS):
    s, _ = spectrum(X)
    positive = s[s > 1e-12 * s.max()]
    # From well before the fastest direction moves to well after the slowest has converged.
    t = np.geomspace(1e-2 / positive.max(), 1e2 / positive.min(), grid_points)
    flow, ridge_ = bayes_risks(s, t, r2, sigma2, len(X))
    return t, flow, ridge_, flow / ridge_


# --8<-- [end:risk]


def flow_minus_ridge_filter(x):
    """Per eigen-direction, (flow - ridge) / least squares at x = s t: (1 - e^-x) - x / (1 + x)."""
    return -np.expm1(-x) - x / (1 + x)


def path_gap_constant():
    """max over x > 0 of the filter gap, and where it peaks: the largest share of a direction's
    least-squares coefficient by which gradient flow at t and ridge at 1/t can differ."""
    x = np.linspace(1e-3, 20, 200_001)
    gap = flow_minus_ridge_filter(x)
    return float(gap.max()), float(x[np.argmax(gap)])


def variance_ratio_constant():
    """max over x > 0 of ((1 - e^-x)(1 + x) / x)^2: the per-direction variance ratio at x = s t."""
    x = np.linspace(1e-3, 20, 200_001)
    return float(np.max((-np.expm1(-x) * (1 + x) / x) ** 2))


@claim(
    "l6.implicit.early-stopping-vs-ridge",
    statement=(
        "On a random design (n = {n}, p = {p}, signal r^2 = {r2}, noise sigma^2 = {sigma2}), "
        "over {grid_points} times t the Bayes estimation risk of gradient flow is between "
        "{min_risk_ratio} and {max_risk_ratio} times that of ridge at lambda = 1/t "
        "(Ali, Kolter & Tibshirani bound it by {published_bound}; the per-direction constant "
        "is {constant})."
    ),
)
def early_stopping_vs_ridge(seed=0, n=100, p=60, r2=SIGNAL, sigma2=NOISE, grid_points=GRID_POINTS):
    X = random_design(seed, n, p)
    t, flow, ridge_, ratio = risk_ratio_over_time(X, r2, sigma2, grid_points)
    # Under this prior the posterior mean is ridge with lam = sigma2 p / (r2 n): the Bayes rule.
    bayes_lam = sigma2 * p / (r2 * n)
    _, bayes_ridge = bayes_risks(spectrum(X)[0], [1 / bayes_lam], r2, sigma2, n)
    return {
        "n": n,
        "p": p,
        "r2": r2,
        "sigma2": sigma2,
        "grid_points": grid_points,
        "max_risk_ratio": float(ratio.max()),
        "min_risk_ratio": float(ratio.min()),
        "t_at_max": float(t[np.argmax(ratio)]),
        "best_flow_risk": float(flow.min()),
        "best_ridge_risk": float(ridge_.min()),
        "bayes_ridge_risk": float(bayes_ridge[0]),
        "null_risk": float(flow[0]),
        "final_risk": float(flow[-1]),
        "final_ratio": float(ratio[-1]),
        "constant": variance_ratio_constant(),
        "published_bound": ALI_KOLTER_TIBSHIRANI_CONSTANT,
    }


PATH_BETA = np.array([1.5, -1.0, 0.8, 0.5, -0.3])
PATH_TIMES = np.geomspace(1e-2, 1e4, 120)


def path_example(seed=0, n=100):
    rng = np.random.default_rng(seed)
    X = random_design(seed, n, len(PATH_BETA))
    y = X @ PATH_BETA + rng.standard_normal(n)
    return X, y


def coefficient_paths(seed=0, calibration=1.0):
    """Gradient flow at each t and ridge at lam = calibration / t (the page's is 1 / t)."""
    X, y = path_example(seed)
    flow = np.array([gradient_flow(X, y, t) for t in PATH_TIMES])
    ridge_ = np.array([ridge(X, y, calibration / t) for t in PATH_TIMES])
    least_squares = np.linalg.lstsq(X, y, rcond=None)[0]
    return flow, ridge_, least_squares


@claim(
    "l6.implicit.early-stopping-path-gap",
    statement=(
        "On a {features}-feature regression, gradient flow at time t and ridge at lambda = 1/t "
        "differ by at most {max_gap} in any coefficient along the path, while the least-squares "
        "coefficients reach {largest_coefficient}; at t = {t_end} both are within {end_gap} of "
        "least squares. In norm the gap peaks at {max_gap_norm}, between {gap_constant} times the "
        "largest least-squares coefficient in the eigenbasis ({largest_eigen_coefficient}) and "
        "{gap_constant} times the least-squares norm ({least_squares_norm})."
    ),
)
def early_stopping_path_gap(seed=0, calibration=1.0):
    flow, ridge_, least_squares = coefficient_paths(seed, calibration)
    X, _ = path_example(seed)
    _, V = spectrum(X)
    constant, peak = path_gap_constant()
    return {
        "features": len(PATH_BETA),
        "max_gap": float(np.abs(flow - ridge_).max()),
        "max_gap_norm": float(np.linalg.norm(flow - ridge_, axis=1).max()),
        "gap_constant": constant,
        "gap_peak_x": peak,
        "least_squares_norm": float(np.linalg.norm(least_squares)),
        "largest_eigen_coefficient": float(np.abs(V.T @ least_squares).max()),
        "largest_coefficient": float(np.abs(least_squares).max()),
        "t_end": float(PATH_TIMES[-1]),
        "end_gap": float(
            max(np.abs(flow[-1] - least_squares).max(), np.abs(ridge_[-1] - least_squares).max())
        ),
        "start_gap": float(np.abs(np.r_[flow[0], ridge_[0]]).max()),
    }


@figure(
    "l6.implicit.early-stopping-paths",
    caption=(
        "Coefficient paths on a 5-feature regression: gradient flow on (1/(2n))||y − Xb||² from "
        "zero, against time t, and ridge with penalty (λ/2)||b||², against 1/λ. The paths are "
        "close, not equal: at the same t = 1/λ, gradient flow has moved further in every "
        "eigen-direction, since 1 − exp(−st) > st/(1 + st)."
    ),
    alt=(
        "Five pairs of curves on a logarithmic horizontal axis from 0.01 to 10,000. Each solid "
        "ridge curve and its dashed gradient-flow twin start at zero and level off at the same "
        "least-squares value; in between they differ by at most "
        "{{ claim l6.implicit.early-stopping-path-gap max_gap .2f }}, with least-squares "
        "coefficients up to {{ claim l6.implicit.early-stopping-path-gap largest_coefficient .2f }}."
    ),
)
def early_stopping_paths_figure():
    flow, ridge_, _ = coefficient_paths()
    times = PATH_TIMES
    fig = go.Figure()
    paths = [
        (ridge_, "ridge, against 1/λ", "ridge", {"color": L2_COLOR}),
        (flow, "gradient flow, against t", "flow", FLOW_LINE),
    ]
    for j in range(len(PATH_BETA)):
        for path, name, group, line in paths:
            fig.add_scatter(
                x=times,
                y=path[:, j],
                mode="lines",
                name=name,
                legendgroup=group,
                showlegend=j == 0,
                line=line,
            )
    fig.update_layout(
        layout(xaxis={"type": "log", "title": "t  or  1/λ"}, yaxis_title="coefficient")
    )
    return fig


@figure(
    "l6.implicit.early-stopping-risk",
    caption=(
        "Top: Bayes estimation risk of gradient flow at time t and of ridge at λ = 1/t, computed "
        "in closed form from the spectrum of X (n = {{ claim l6.implicit.early-stopping-vs-ridge "
        "n }}, p = {{ claim l6.implicit.early-stopping-vs-ridge p }}). Bottom: their ratio, with "
        "Ali, Kolter & Tibshirani's bound."
    ),
    alt=(
        "Top: two U-shaped risk curves against t on a log axis, close to each other: from "
        "{{ claim l6.implicit.early-stopping-vs-ridge null_risk .2f }} at t near 0 down to a "
        "best of {{ claim l6.implicit.early-stopping-vs-ridge best_flow_risk .3f }} for gradient "
        "flow and {{ claim l6.implicit.early-stopping-vs-ridge best_ridge_risk .3f }} for ridge, "
        "then up to {{ claim l6.implicit.early-stopping-vs-ridge final_risk .2f }}. "
        "Bottom: the ratio starts at 1, dips to "
        "{{ claim l6.implicit.early-stopping-vs-ridge min_risk_ratio .3f }} while bias "
        "dominates, rises to "
        "{{ claim l6.implicit.early-stopping-vs-ridge max_risk_ratio .3f }} when variance "
        "dominates, and comes back to "
        "{{ claim l6.implicit.early-stopping-vs-ridge final_ratio .3f }}, below the grey line at "
        "{{ claim l6.implicit.early-stopping-vs-ridge published_bound g }}."
    ),
)
def early_stopping_risk_figure():
    t, flow, ridge_, ratio = risk_ratio_over_time(random_design())
    keep = slice(None, None, 2)  # 100 points per curve is plenty for smooth curves
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08)
    fig.add_scatter(
        x=t[keep], y=ridge_[keep], name="ridge, λ = 1/t", line_color=L2_COLOR, row=1, col=1
    )
    fig.add_scatter(x=t[keep], y=flow[keep], name="gradient flow", line=FLOW_LINE, row=1, col=1)
    fig.add_scatter(
        x=t[keep], y=ratio[keep], name="risk ratio", line_color=GREY, showlegend=False, row=2, col=1
    )
    fig.add_scatter(
        x=[t[0], t[-1]],
        y=[ALI_KOLTER_TIBSHIRANI_CONSTANT] * 2,
        mode="lines",
        name=f"bound {ALI_KOLTER_TIBSHIRANI_CONSTANT:g}",
        line={"color": GREY, "dash": "dot"},
        row=2,
        col=1,
    )
    fig.update_xaxes(type="log")
    fig.update_xaxes(title_text="t", row=2, col=1)
    fig.update_yaxes(title_text="risk", row=1, col=1)
    fig.update_yaxes(title_text="flow / ridge", row=2, col=1)
    fig.update_layout(layout(height=520))
    return fig


if __name__ == "__main__":
    report(__name__)
