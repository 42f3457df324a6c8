"""MAP under Laplace and Gaussian priors is the lasso and ridge; the posterior mean is not sparse.

Claims l5.map.laplace-is-lasso, l5.map.gaussian-is-ridge, l5.map.posterior-mean-not-sparse,
l5.map.prior-scale; page /l5/priors/.
"""

import functools

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots
from scipy.integrate import quad
from scipy.optimize import minimize
from sklearn.linear_model import Lasso, Ridge

from snippets.evidence import claim, figure, report
from snippets.style import GREY, L1_COLOR, L2_COLOR, layout, slider_layout

N_SAMPLES, N_FEATURES = 50, 8
TRUE_WEIGHTS = np.array([1.5, -1.0, 0.0, 0.0, 0.5, 0.0, 0.0, 0.8])
SIGMA = 1.0  # noise standard deviation
LAPLACE_SCALE = 0.1  # b: prior density exp(-|w|/b) / (2b)
GAUSS_SCALE = 0.5  # tau: prior N(0, tau^2)
OPTIONS = {"ftol": 0.0, "gtol": 1e-13, "maxiter": 10_000}  # run until f stops decreasing


def regression_data(seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((N_SAMPLES, N_FEATURES))
    return X, X @ TRUE_WEIGHTS + SIGMA * rng.standard_normal(N_SAMPLES)


# --8<-- [start:map]
def laplace_map(X, y, sigma, b):
    """argmin of -log p(w | y) = ||y - Xw||^2 / (2 sigma^2) + ||w||_1 / b + const.

    |w| has a kink at 0, so write w = u - v with u, v >= 0: the objective becomes smooth,
    sum(u + v) replaces ||w||_1 at the optimum, and L-BFGS-B handles the bounds.
    """
    p = X.shape[1]

    def negative_log_posterior(uv):
        residual = y - X @ (uv[:p] - uv[p:])
        gradient_w = -X.T @ residual / sigma**2
        value = residual @ residual / (2 * sigma**2) + uv.sum() / b
        return value, np.concatenate([gradient_w + 1 / b, -gradient_w + 1 / b])

    uv = minimize(
        negative_log_posterior,
        np.zeros(2 * p),
        jac=True,
        method="L-BFGS-B",
        bounds=[(0, None)] * (2 * p),
        options=OPTIONS,
    ).x
    return uv[:p] - uv[p:]


def gaussian_map(X, y, sigma, tau):
    """argmin of -log p(w | y) = ||y - Xw||^2 / (2 sigma^2) + ||w||^2 / (2 tau^2) + const."""

    def negative_log_posterior(w):
        residual = y - X @ w
        value = residual @ residual / (2 * sigma**2) + w @ w / (2 * tau**2)
        return value, -X.T @ residual / sigma**2 + w / tau**2

    return minimize(
        negative_log_posterior, np.zeros(X.shape[1]), jac=True, method="L-BFGS-B", options=OPTIONS
    ).x


# --8<-- [end:map]


@claim(
    "l5.map.laplace-is-lasso",
    statement="With noise sigma = {sigma} and Laplace prior scale b = {b}, the MAP found by "
    "L-BFGS-B and Lasso(alpha = sigma^2/(n b) = {alpha}) differ by at most {max_abs_diff}; "
    "both set {zeros_lasso} of {p} coefficients exactly to zero.",
)
def laplace_is_lasso(seed=0):
    X, y = regression_data(seed)
    n, p = X.shape
    sigma, b = SIGMA, LAPLACE_SCALE
    alpha = sigma**2 / (n * b)  # Lasso: (1/(2n))||y - Xw||^2 + alpha ||w||_1
    lasso = Lasso(alpha=alpha, fit_intercept=False, tol=1e-14, max_iter=100_000).fit(X, y)
    w_map = laplace_map(X, y, sigma, b)
    naive = Lasso(alpha=sigma**2 / b, fit_intercept=False, tol=1e-14, max_iter=100_000).fit(X, y)
    return {
        "sigma": sigma,
        "b": b,
        "alpha": alpha,
        "lam": sigma**2 / b,
        "n": n,
        "p": p,
        "max_abs_diff": float(np.max(np.abs(w_map - lasso.coef_))),
        "zeros_map": int(np.sum(w_map == 0.0)),
        "zeros_lasso": int(np.sum(lasso.coef_ == 0.0)),
        "naive_diff": float(np.max(np.abs(w_map - naive.coef_))),
    }


@claim(
    "l5.map.gaussian-is-ridge",
    statement="With noise sigma = {sigma} and Gaussian prior scale tau = {tau}, the MAP found "
    "by L-BFGS-B and Ridge(alpha = sigma^2/tau^2 = {alpha}) differ by at most {max_abs_diff}.",
)
def gaussian_is_ridge(seed=0):
    X, y = regression_data(seed)
    sigma, tau = SIGMA, GAUSS_SCALE
    alpha = sigma**2 / tau**2  # Ridge: ||y - Xw||^2 + alpha ||w||^2, no 1/n and no 1/2
    ridge = Ridge(alpha=alpha, fit_intercept=False).fit(X, y)
    w_map = gaussian_map(X, y, sigma, tau)
    naive = Ridge(alpha=sigma**2 / (2 * tau**2), fit_intercept=False).fit(X, y)
    return {
        "sigma": sigma,
        "tau": tau,
        "alpha": alpha,
        "lam_half": sigma**2 / (2 * tau**2),
        "max_abs_diff": float(np.max(np.abs(w_map - ridge.coef_))),
        "naive_diff": float(np.max(np.abs(w_map - naive.coef_))),
    }


# --8<-- [start:posterior-mean]
def soft_threshold(z, threshold):
    return np.sign(z) * np.maximum(np.abs(z) - threshold, 0.0)


def laplace_posterior_mean(z, sigma=1.0, b=1.0):
    """E[w | z] for z = w + N(0, sigma^2) noise and w ~ Laplace(0, b), by quadrature."""

    w_map = float(soft_threshold(z, sigma**2 / b))
    peak = -((z - w_map) ** 2) / (2 * sigma**2) - abs(w_map) / b

    def log_unnormalized(w):  # shifted by its value at the MAP so exp() never underflows
        return -((z - w) ** 2) / (2 * sigma**2) - abs(w) / b - peak

    halves = [(-np.inf, 0.0), (0.0, np.inf)]  # split at the kink of |w|
    mass = sum(
        quad(lambda w: np.exp(log_unnormalized(w)), lo, hi, epsabs=0, epsrel=1e-13)[0]
        for lo, hi in halves
    )
    first = sum(
        quad(lambda w: w * np.exp(log_unnormalized(w)), lo, hi, epsabs=0, epsrel=1e-13)[0]
        for lo, hi in halves
    )
    return first / mass


# --8<-- [end:posterior-mean]


Z_GRID = np.linspace(-4, 4, 161)


@functools.cache
def posterior_means_on_grid(sigma=1.0, b=1.0):
    """The posterior mean at every z of Z_GRID (the claim and the figure share it)."""
    return np.array([laplace_posterior_mean(v, sigma, b) for v in Z_GRID])


@claim(
    "l5.map.posterior-mean-not-sparse",
    statement="For z = w + noise with sigma = {sigma} and a Laplace(0, b = {b}) prior, at "
    "z = {z} the MAP (soft threshold at sigma^2/b = {threshold}) is {map}, the posterior mean "
    "{posterior_mean}. On {grid_points} values of z in [{z_min}, {z_max}] the MAP is zero at "
    "{grid_zeros_map}, the posterior mean at {grid_zeros_posterior_mean} (z = 0 only).",
)
def posterior_mean_not_sparse(z=0.5, sigma=1.0, b=1.0):
    means = posterior_means_on_grid(sigma, b)
    maps = soft_threshold(Z_GRID, sigma**2 / b)
    return {
        "z": z,
        "sigma": sigma,
        "b": b,
        "threshold": sigma**2 / b,
        "map": float(soft_threshold(z, sigma**2 / b)),
        "posterior_mean": laplace_posterior_mean(z, sigma, b),
        "grid_points": len(Z_GRID),
        "z_min": float(Z_GRID[0]),
        "z_max": float(Z_GRID[-1]),
        "grid_zeros_map": int(np.sum(maps == 0.0)),
        "grid_zeros_posterior_mean": int(np.sum(np.abs(means) < 1e-12)),
        "min_abs_posterior_mean_off_zero": float(np.min(np.abs(means[Z_GRID != 0]))),
    }


@figure(
    "l5.bayes.priors",
    caption=(
        "Left: a Laplace prior (scale b = 1) and a Gaussian prior with the same variance "
        "(τ = √2). Right: their negative logs, shifted to 0 at w = 0: |w|/b is the L1 "
        "penalty, w²/(2τ²) the L2 penalty. The Laplace density has a cusp at 0, which is "
        "the kink that lets the MAP sit exactly at zero."
    ),
    alt=(
        "Two plots over w from -4 to 4. Left: the Laplace density has a sharp peak at 0; the "
        "Gaussian density is lower and rounded there, with lighter tails. Right: the negative "
        "log of the Laplace prior is a V, |w|; that of the Gaussian is a parabola, w²/4."
    ),
)
def priors_figure(b=1.0):
    tau = np.sqrt(2) * b  # Laplace(0, b) has variance 2 b^2
    w = np.linspace(-4, 4, 161)
    laplace = np.exp(-np.abs(w) / b) / (2 * b)
    gauss = np.exp(-(w**2) / (2 * tau**2)) / (tau * np.sqrt(2 * np.pi))
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.14)
    priors = [("Laplace (L1)", "l1", L1_COLOR), ("Gaussian (L2)", "l2", L2_COLOR)]
    for col, curves in enumerate([(laplace, gauss), (np.abs(w) / b, w**2 / (2 * tau**2))], start=1):
        for curve, (name, group, colour) in zip(curves, priors):
            fig.add_scatter(
                x=w.tolist(),
                y=curve.tolist(),
                name=name,
                legendgroup=group,
                showlegend=col == 1,
                line_color=colour,
                row=1,
                col=col,
            )
    fig.update_yaxes(title_text="density", row=1, col=1)
    fig.update_yaxes(title_text="−log density", row=1, col=2)
    fig.update_xaxes(title_text="w")
    fig.update_layout(layout(height=340))
    return fig


@figure(
    "l5.bayes.posterior-mean",
    caption=(
        "One observation z = w + noise, σ = {{ claim l5.map.posterior-mean-not-sparse sigma }}, "
        "Laplace prior with b = {{ claim l5.map.posterior-mean-not-sparse b }}. The MAP is the "
        "soft threshold: exactly zero for |z| up to σ²/b. The posterior mean, computed by "
        "quadrature, shrinks every z but is zero only at z = 0."
    ),
    alt=(
        "Curves over z from -4 to 4. The MAP is flat at zero for |z| up to "
        "{{ claim l5.map.posterior-mean-not-sparse threshold }}, then rises with slope 1. The posterior mean is a smooth S-shaped curve through the origin, non-zero "
        "everywhere else: at z = {{ claim l5.map.posterior-mean-not-sparse z }} it is "
        "{{ claim l5.map.posterior-mean-not-sparse posterior_mean }} while the MAP is "
        "{{ claim l5.map.posterior-mean-not-sparse map }}. The identity line is drawn for reference."
    ),
)
def posterior_mean_figure(sigma=1.0, b=1.0, z_marked=0.5):
    z, means = Z_GRID.tolist(), posterior_means_on_grid(sigma, b).tolist()
    fig = go.Figure()
    fig.add_scatter(x=z, y=z, name="no shrinkage", line={"color": GREY, "dash": "dot"})
    fig.add_scatter(
        x=z,
        y=soft_threshold(Z_GRID, sigma**2 / b).tolist(),
        name="MAP (soft threshold)",
        line_color=L1_COLOR,
    )
    fig.add_scatter(x=z, y=means, name="posterior mean", line={"color": L1_COLOR, "dash": "dash"})
    fig.add_scatter(
        x=[z_marked, z_marked],
        y=[0.0, laplace_posterior_mean(z_marked, sigma, b)],
        mode="markers",
        name=f"z = {z_marked}",
        marker={"color": GREY, "size": 9, "symbol": "circle-open"},
    )
    fig.update_xaxes(title_text="observation z")
    fig.update_yaxes(title_text="estimate of w")
    fig.update_layout(layout(height=380))
    return fig


# --8<-- [start:one-weight]
# One weight w, observed n times with Gaussian noise: y_i = w + N(0, sigma^2). Its negative log
# posterior under a Laplace(0, b) prior is n (w - ybar)^2 / (2 sigma^2) + |w| / b + const:
# the lasso of one feature, whose MAP is the soft threshold of ybar at sigma^2 / (n b).
N_OBSERVATIONS, ONE_WEIGHT = 5, 0.5
SCALES = 0.05 * 10.0 ** (np.arange(17) / 8)  # the slider's b, 8 a decade from 0.05 to 5


def one_weight_data(seed=0, n=N_OBSERVATIONS):
    rng = np.random.default_rng(seed)
    return ONE_WEIGHT + SIGMA * rng.standard_normal(n)


def one_weight_posteriors(y, b, sigma=SIGMA):
    """The MAP and the posterior mean of w under a Laplace(0, b) prior, and under the Gaussian
    prior of the same variance, N(0, 2 b^2), whose MAP is its mean. The Laplace MAP comes from
    the general optimizer above (laplace_map), not from the soft threshold."""
    n, mean = len(y), float(np.mean(y))
    tau = np.sqrt(2) * b
    return {
        "laplace_map": float(laplace_map(np.ones((n, 1)), y, sigma, b)[0]),
        "laplace_mean": laplace_posterior_mean(mean, sigma / np.sqrt(n), b),
        "gaussian_map": mean * (n / sigma**2) / (n / sigma**2 + 1 / tau**2),
    }


# --8<-- [end:one-weight]


@claim(
    "l5.map.prior-scale",
    statement=(
        "One weight observed n = {n} times with noise sigma = {sigma} (sample mean "
        "{sample_mean}), under a Laplace(0, b) prior: on {frames} values of b from {b_min} to "
        "{b_max}, the MAP (found by L-BFGS-B) is exactly zero at the {map_zero_frames} with "
        "b <= sigma^2 / (n |mean|) = {b_star} and non-zero at the others ({frames_match_threshold}); "
        "the posterior mean is non-zero at all of them (smallest {smallest_abs_mean}), and so "
        "is the Gaussian prior's MAP, its mean (smallest {smallest_abs_gaussian})."
    ),
)
def prior_scale(seed=0):
    y = one_weight_data(seed)
    n, mean = len(y), float(np.mean(y))
    found = [one_weight_posteriors(y, b) for b in SCALES]
    maps = np.array([f["laplace_map"] for f in found])
    means = np.array([f["laplace_mean"] for f in found])
    gaussian = np.array([f["gaussian_map"] for f in found])
    at_zero = maps == 0.0
    return {
        "n": n,
        "sigma": SIGMA,
        "sample_mean": mean,
        "b_star": SIGMA**2 / (n * abs(mean)),
        "frames": len(SCALES),
        "b_min": float(SCALES[0]),
        "b_max": float(SCALES[-1]),
        "map_zero_frames": int(at_zero.sum()),
        "frames_match_threshold": bool(
            np.array_equal(at_zero, abs(mean) <= SIGMA**2 / (n * SCALES))
        ),
        "b_last_zero": float(SCALES[at_zero].max()),
        "b_first_nonzero": float(SCALES[~at_zero].min()),
        "map_first_nonzero": float(maps[~at_zero][0]),
        "map_gap_to_soft_threshold": float(
            np.max(np.abs(maps - soft_threshold(mean, SIGMA**2 / (n * SCALES))))
        ),
        "mean_zero_frames": int(np.sum(means == 0.0)),
        "smallest_abs_mean": float(np.min(np.abs(means))),
        "largest_mean_share": float(np.max(means / mean)),
        "gaussian_zero_frames": int(np.sum(gaussian == 0.0)),
        "smallest_abs_gaussian": float(np.min(np.abs(gaussian))),
    }


W_GRID = np.linspace(-1.0, 2.0, 151)  # through w = 0 exactly, where the Laplace cusp is


def scale_frame(y, b, sigma=SIGMA):
    """The moving traces at prior scale b (densities relative to their peaks), and the title."""
    n, mean = len(y), float(np.mean(y))
    found = one_weight_posteriors(y, b, sigma)
    w_map, w_mean, g_map = found["laplace_map"], found["laplace_mean"], found["gaussian_map"]
    tau = np.sqrt(2) * b

    def laplace(w):  # the posterior relative to its value at the MAP, its peak
        return np.exp(
            -n * ((w - mean) ** 2 - (w_map - mean) ** 2) / (2 * sigma**2)
            - (np.abs(w) - abs(w_map)) / b
        )

    gaussian_sd = 1 / np.sqrt(n / sigma**2 + 1 / tau**2)

    def gaussian(w):
        return np.exp(-((w - g_map) ** 2) / (2 * gaussian_sd**2))

    def stem(x, height):  # a line up from the axis, its marker at the top
        return {"x": [x, x], "y": [0.0, float(height)]}

    said = "exactly 0" if w_map == 0.0 else f"{w_map:.3g}"
    title = (
        f"b = {b:.3g}, λ = σ²/b = {sigma**2 / b:.3g}: Laplace MAP {said}, mean "
        f"{w_mean:.3g}<br>Gaussian prior (τ = √2 b = {tau:.3g}): MAP = mean = {g_map:.3g}"
    )

    def curve(y):  # on W_GRID, which every frame shares; to 1e-4 of the peak, finer is unseen
        return {"y": np.round(y, 4)}

    traces = [
        curve(laplace(W_GRID)),
        curve(np.exp(-np.abs(W_GRID) / b)),
        stem(w_map, 1.0),
        stem(w_mean, laplace(w_mean)),
        curve(gaussian(W_GRID)),
        curve(np.exp(-(W_GRID**2) / (2 * tau**2))),
        stem(g_map, 1.0),
    ]
    return [{k: np.asarray(v).tolist() for k, v in t.items()} for t in traces], title


def printed_scales(b_star):
    """The scales that print: the narrowest prior, the last MAP at zero and the first off
    it (either side of b*), and the widest."""
    return {SCALES[0], SCALES[SCALES <= b_star][-1], SCALES[SCALES > b_star][0], SCALES[-1]}


@figure(
    "l5.bayes.prior-scale",
    caption=(
        "The posterior of one weight, observed n = {{ claim l5.map.prior-scale n }} times with "
        "noise σ = {{ claim l5.map.prior-scale sigma }}, as the prior's scale b changes. Top: a "
        "Laplace(0, b) prior; bottom: the Gaussian prior of the same variance, N(0, 2b²). Each "
        "density is drawn relative to its peak: solid the posterior, dotted the prior, grey "
        "the likelihood (centred on the sample mean); the diamond marks the MAP, the circle "
        "the posterior mean."
    ),
    alt=(
        "Two stacked plots over w from -1 to 2, one position per prior scale b, "
        "{{ claim l5.map.prior-scale frames }} from {{ claim l5.map.prior-scale b_min }} to "
        "{{ claim l5.map.prior-scale b_max }}. The likelihood is centred on the sample mean, "
        "{{ claim l5.map.prior-scale sample_mean .3f }}. With the Laplace prior the "
        "posterior has a cusp at 0, and for b up to "
        "{{ claim l5.map.prior-scale b_star .3f }} ({{ claim l5.map.prior-scale map_zero_frames }} "
        "positions) its peak, the MAP, is exactly at 0; above, the peak moves off 0, to "
        "{{ claim l5.map.prior-scale map_first_nonzero .2g }} at b = "
        "{{ claim l5.map.prior-scale b_first_nonzero .3f }}. The posterior mean is never 0: "
        "at least {{ claim l5.map.prior-scale smallest_abs_mean .2g }}. With the Gaussian "
        "prior the posterior is a bell whose MAP and mean coincide, never at 0: at least "
        "{{ claim l5.map.prior-scale smallest_abs_gaussian .2g }}."
    ),
)
def prior_scale_figure(seed=0):
    y = one_weight_data(seed)
    on_paper = printed_scales(prior_scale(seed)["b_star"])
    start = int(np.argmin(np.abs(SCALES - 0.2)))  # a narrow prior: the MAP at zero
    frames = []
    for i, b in enumerate(SCALES):
        moving, title = scale_frame(y, b)
        frames.append(
            go.Frame(
                data=[go.Scatter(**xy) for xy in moving],
                name=f"{i}",
                traces=list(range(len(moving))),
                layout={"title": {"text": title}},
                group="paper" if b in on_paper else None,
            )
        )
    moving, title = scale_frame(y, SCALES[start])
    for xy in moving:
        xy.setdefault("x", W_GRID.tolist())
    likelihood = np.exp(-len(y) * (W_GRID - np.mean(y)) ** 2 / (2 * SIGMA**2)).tolist()
    lines = {"mode": "lines", "hoverinfo": "skip"}
    stems = {"mode": "lines+markers", "marker": {"size": [0, 11]}}
    styles = [
        {"name": "posterior", "line": {"color": L1_COLOR, "width": 2.5}, **lines},
        {"name": "prior", "line": {"color": L1_COLOR, "width": 1.5, "dash": "dot"}, **lines},
        {
            "name": "MAP",
            "line": {"color": L1_COLOR, "width": 2},
            **stems,
            "marker": {"size": [0, 12], "symbol": "diamond", "color": L1_COLOR},
        },
        {
            "name": "posterior mean",
            "line": {"color": L1_COLOR, "width": 1.5, "dash": "dash"},
            **stems,
            "marker": {"size": [0, 10], "symbol": "circle-open", "color": L1_COLOR},
        },
        {"showlegend": False, "line": {"color": L2_COLOR, "width": 2.5}, **lines},
        {"showlegend": False, "line": {"color": L2_COLOR, "width": 1.5, "dash": "dot"}, **lines},
        {
            "showlegend": False,
            "line": {"color": L2_COLOR, "width": 2},
            **stems,
            "marker": {"size": [0, 12], "symbol": "diamond", "color": L2_COLOR},
        },
    ]
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.1)
    for position, (xy, style) in enumerate(zip(moving, styles)):
        fig.add_scatter(**xy, **style, row=1 if position < 4 else 2, col=1)
    for row in (1, 2):
        fig.add_scatter(
            x=W_GRID.tolist(),
            y=likelihood,
            name="likelihood",
            showlegend=row == 1,
            line={"color": GREY, "width": 1.5, "dash": "dot"},
            **lines,
            row=row,
            col=1,
        )
    fig.frames = frames
    fig.update_yaxes(range=[0, 1.08], title_text="Laplace prior", row=1, col=1)
    fig.update_yaxes(range=[0, 1.08], title_text="Gaussian prior", row=2, col=1)
    fig.update_xaxes(range=[-1, 2], zeroline=True)
    fig.update_xaxes(title_text="w", row=2, col=1)
    fig.update_layout(layout(height=600, margin={"l": 56, "r": 16, "t": 120, "b": 48}))
    fig.update_layout(slider_layout([f"{b:.3g}" for b in SCALES], "prior scale b = ", start, title))
    return fig


if __name__ == "__main__":
    report(__name__)
