"""Subgradient descent, ISTA and FISTA on a lasso with p > n, and the shrinkage of the weights
the lasso keeps: claims l6.prox.exact-zeros, l6.prox.rates and l6.prox.lasso-bias, page
/l6/proximal/."""

from functools import lru_cache

import numpy as np
import plotly.graph_objects as go

from snippets.evidence import claim, figure, report
from snippets.style import BLUE, GREY, PURPLE, VERMILION, layout

N, P, K_TRUE = 80, 200, 10
LAMBDA_FRACTION = 0.05  # of lambda_max = ||X^T y||_inf, the smallest lambda with w = 0
ITERATIONS = 300
REFERENCE_ITERATIONS = 5000


def lasso_problem(seed=0, n=N, p=P, k=K_TRUE):
    """Gaussian design, k non-zero true coefficients, noise sd 0.5."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p))
    w_true = np.zeros(p)
    support = rng.choice(p, k, replace=False)
    w_true[support] = rng.choice([-1.0, 1.0], k) * rng.uniform(1.0, 3.0, k)
    y = X @ w_true + 0.5 * rng.standard_normal(n)
    lam = LAMBDA_FRACTION * np.max(np.abs(X.T @ y))
    return X, y, lam, w_true


# --8<-- [start:objective]
def lasso_objective(X, y, lam, w):
    """F(w) = (1/2)||Xw - y||^2 + lam ||w||_1, for one w or a stack of them (rows)."""
    residual = w @ X.T - y
    return 0.5 * np.sum(residual**2, axis=-1) + lam * np.sum(np.abs(w), axis=-1)


def lipschitz_constant(X):
    return np.linalg.eigvalsh(X.T @ X)[-1]  # lambda_max(X^T X): the gradient's Lipschitz constant


def soft_threshold(z, t):
    return np.sign(z) * np.maximum(np.abs(z) - t, 0.0)


# --8<-- [end:objective]


# --8<-- [start:subgradient]
def subgradient_descent(X, y, lam, iterations):
    L = lipschitz_constant(X)
    w = np.zeros(X.shape[1])
    path = [w]
    for _ in range(iterations):
        subgradient = X.T @ (X @ w - y) + lam * np.sign(w)  # np.sign(0) = 0
        w = w - subgradient / L
        path.append(w)
    return np.array(path)


# --8<-- [end:subgradient]


# --8<-- [start:ista]
def ista(X, y, lam, iterations):
    L = lipschitz_constant(X)
    w = np.zeros(X.shape[1])
    path = [w]
    for _ in range(iterations):
        w = soft_threshold(w - X.T @ (X @ w - y) / L, lam / L)
        path.append(w)
    return np.array(path)


# --8<-- [end:ista]


# --8<-- [start:fista]
def fista(X, y, lam, iterations):
    L = lipschitz_constant(X)
    x = np.zeros(X.shape[1])
    z, t = x, 1.0  # y_1 = x_0, t_1 = 1 (Beck & Teboulle's notation: z is their y)
    path = [x]
    for _ in range(iterations):
        x_next = soft_threshold(z - X.T @ (X @ z - y) / L, lam / L)
        t_next = (1 + np.sqrt(1 + 4 * t**2)) / 2
        z = x_next + (t - 1) / t_next * (x_next - x)
        x, t = x_next, t_next
        path.append(x)
    return np.array(path)


# --8<-- [end:fista]


# --8<-- [start:reference]
def lasso_solution(X, y, lam):
    """x* to machine precision: a long FISTA run finds the support and signs, then the
    optimality condition on the support, X_S^T (y - X_S w_S) = lam sign(w_S), is solved exactly."""
    w = fista(X, y, lam, REFERENCE_ITERATIONS)[-1]
    support = w != 0
    signs = np.sign(w[support])
    XS = X[:, support]
    w_star = np.zeros_like(w)
    w_star[support] = np.linalg.solve(XS.T @ XS, XS.T @ y - lam * signs)
    return w_star


# --8<-- [end:reference]


def optimality_violation(X, y, lam, w_star):
    """KKT check, in units of lam: on the support X_j^T r = lam sign(w_j); off it |X_j^T r| <= lam."""
    correlation = X.T @ (y - X @ w_star)
    support = w_star != 0
    on_support = np.max(np.abs(correlation[support] - lam * np.sign(w_star[support])))
    off_support = np.max(np.abs(correlation[~support]))
    return on_support / lam, off_support / lam


@lru_cache(maxsize=16)
def solve_all(seed, iterations):
    X, y, lam, _ = lasso_problem(seed)
    w_star = lasso_solution(X, y, lam)
    paths = {
        "subgradient": subgradient_descent(X, y, lam, iterations),
        "ista": ista(X, y, lam, iterations),
        "fista": fista(X, y, lam, iterations),
    }
    f_star = lasso_objective(X, y, lam, w_star)
    gaps = {name: lasso_objective(X, y, lam, path) - f_star for name, path in paths.items()}
    return X, y, lam, w_star, paths, gaps


# --8<-- [start:bounds]
def beck_teboulle_bounds(X, w0, w_star, iterations):
    """Thm 3.1 (ISTA) and Thm 4.4 (FISTA), constant step 1/L, for k = 1..iterations."""
    L = lipschitz_constant(X)
    distance2 = np.sum((w0 - w_star) ** 2)
    k = np.arange(1, iterations + 1)
    return L * distance2 / (2 * k), 2 * L * distance2 / (k + 1) ** 2


# --8<-- [end:bounds]


@claim(
    "l6.prox.exact-zeros",
    statement=(
        "Lasso with n = {n}, p = {p}, lambda = {lam_fraction} ||X^T y||_inf, after {iterations} "
        "iterations at step 1/L: ISTA leaves {ista_zeros} coefficients exactly zero, FISTA "
        "{fista_zeros}, subgradient descent {subgradient_zeros}; the solution has "
        "{solution_zeros}."
    ),
)
def exact_zeros(seed=0, iterations=ITERATIONS):
    X, y, lam, w_star, paths, _ = solve_all(seed, iterations)
    should_be_zero = w_star == 0
    subgradient = paths["subgradient"][-1]
    return {
        "n": X.shape[0],
        "p": X.shape[1],
        "true_nonzeros": K_TRUE,
        "lam_fraction": LAMBDA_FRACTION,
        "iterations": iterations,
        "ista_zeros": int(np.sum(paths["ista"][-1] == 0)),
        "fista_zeros": int(np.sum(paths["fista"][-1] == 0)),
        "subgradient_zeros": int(np.sum(subgradient == 0)),
        "solution_zeros": int(np.sum(should_be_zero)),
        "solution_nonzeros": int(np.sum(~should_be_zero)),
        "subgradient_median_abs": float(np.median(np.abs(subgradient[should_be_zero]))),
        "subgradient_max_abs": float(np.max(np.abs(subgradient[should_be_zero]))),
    }


# --8<-- [start:refit]
def refit_on_support(X, y, w):
    """Least squares on the features the lasso kept: the relaxed lasso at its limit (phi = 0),
    Efron et al.'s LARS-OLS hybrid. The lasso selects; least squares estimates."""
    support = w != 0
    refit = np.zeros_like(w)
    refit[support] = np.linalg.lstsq(X[:, support], y, rcond=None)[0]
    return refit


# --8<-- [end:refit]


@claim(
    "l6.prox.lasso-bias",
    statement=(
        "On the same lasso, the exact solution keeps {kept} features, all {true_kept} true ones "
        "among them; their magnitudes fall short of the truth by {lasso_shortfall} on average. "
        "Least squares refitted on the kept features falls short by {refit_shortfall}, and its "
        "error ||w - w_true|| is {refit_error} against the lasso's {lasso_error}."
    ),
)
def lasso_bias(seed=0):
    X, y, lam, w_true = lasso_problem(seed)
    w = lasso_solution(X, y, lam)
    refit = refit_on_support(X, y, w)
    true = w_true != 0
    return {
        "kept": int(np.sum(w != 0)),
        "true_kept": int(np.sum((w != 0) & true)),
        "false_kept": int(np.sum((w != 0) & ~true)),
        "true_nonzeros": int(np.sum(true)),
        # Mean of |w_true| - |w| over the true features: how far the estimate falls short.
        "lasso_shortfall": float(np.mean(np.abs(w_true[true]) - np.abs(w[true]))),
        "refit_shortfall": float(np.mean(np.abs(w_true[true]) - np.abs(refit[true]))),
        "lasso_error": float(np.linalg.norm(w - w_true)),
        "refit_error": float(np.linalg.norm(refit - w_true)),
        "smallest_true_magnitude": float(np.min(np.abs(w_true[true]))),
    }


@claim(
    "l6.prox.rates",
    statement=(
        "Over k = 1..{iterations}, F(x_k) - F* stays below the Beck-Teboulle bound at every k "
        "for both ISTA and FISTA: {bound_holds}. Last gaps: ISTA {ista_gap}, FISTA {fista_gap}, "
        "subgradient descent {subgradient_gap}. FISTA's objective went up at {fista_increases} "
        "of the {iterations} iterations."
    ),
)
def rates(seed=0, iterations=ITERATIONS):
    X, y, lam, w_star, paths, gaps = solve_all(seed, iterations)
    ista_bound, fista_bound = beck_teboulle_bounds(X, paths["ista"][0], w_star, iterations)
    ista_ratio = gaps["ista"][1:] / ista_bound
    fista_ratio = gaps["fista"][1:] / fista_bound
    on_support, off_support = optimality_violation(X, y, lam, w_star)
    f_star = lasso_objective(X, y, lam, w_star)
    # Rises smaller than 1e-12 F* are rounding, not the method.
    rises = np.diff(lasso_objective(X, y, lam, paths["fista"])) > 1e-12 * f_star
    return {
        "iterations": iterations,
        "bound_holds": bool(np.all(ista_ratio <= 1) and np.all(fista_ratio <= 1)),
        "ista_max_gap_over_bound": float(np.max(ista_ratio)),
        "fista_max_gap_over_bound": float(np.max(fista_ratio)),
        "ista_gap": float(gaps["ista"][-1]),
        "fista_gap": float(gaps["fista"][-1]),
        "subgradient_gap": float(gaps["subgradient"][-1]),
        "subgradient_gap_halfway": float(gaps["subgradient"][iterations // 2]),
        "fista_increases": int(np.sum(rises)),
        "ista_increases": int(
            np.sum(np.diff(lasso_objective(X, y, lam, paths["ista"])) > 1e-12 * f_star)
        ),
        "kkt_on_support": float(on_support),
        "kkt_off_support": float(off_support),
        "f_star": float(f_star),
    }


@figure(
    "l6.prox.zero-coefficients",
    caption=(
        "The {{ claim l6.prox.exact-zeros solution_zeros }} coefficients that are zero in the "
        "lasso solution, after {{ claim l6.prox.exact-zeros iterations }} iterations of each "
        "method (seed 0), sorted by the subgradient value."
    ),
    alt=(
        "Dots for the coefficients whose optimal value is zero. Subgradient descent's values "
        "scatter around zero (median absolute value "
        "{{ claim l6.prox.exact-zeros subgradient_median_abs .2g }}, largest "
        "{{ claim l6.prox.exact-zeros subgradient_max_abs .2g }}), none of them exactly zero; "
        "ISTA's lie on the zero line: it leaves {{ claim l6.prox.exact-zeros ista_zeros }} "
        "coefficients exactly zero, FISTA {{ claim l6.prox.exact-zeros fista_zeros }}."
    ),
)
def zero_coefficients_figure():
    _, _, _, w_star, paths, _ = solve_all(0, ITERATIONS)
    should_be_zero = w_star == 0
    subgradient = paths["subgradient"][-1][should_be_zero]
    order = np.argsort(subgradient)
    rank = np.arange(1, order.size + 1)
    fig = go.Figure()
    fig.add_hline(y=0, line_color=GREY, line_width=1)
    fig.add_scatter(
        x=rank,
        y=subgradient[order],
        mode="markers",
        name="subgradient",
        marker={"color": PURPLE, "size": 5},
    )
    fig.add_scatter(
        x=rank,
        y=paths["ista"][-1][should_be_zero][order],
        mode="markers",
        name="ISTA",
        marker={"color": BLUE, "size": 6, "symbol": "circle-open"},
    )
    fig.update_layout(
        layout(xaxis_title="coefficient (sorted)", yaxis_title="value at last iterate")
    )
    return fig


@figure(
    "l6.prox.convergence",
    caption=(
        "F(x_k) - F* for F = (1/2)||Xw - y||² + λ||w||₁, step 1/L, seed 0, with the "
        "Beck-Teboulle bounds L||x₀ - x*||²/(2k) (ISTA) and 2L||x₀ - x*||²/(k + 1)² (FISTA) dashed."
    ),
    alt=(
        "Log-log curves of the objective gap over {{ claim l6.prox.rates iterations }} iterations. "
        "ISTA falls below its dashed 1/k bound and ends at {{ claim l6.prox.rates ista_gap .2g }}; "
        "FISTA falls faster, below its 1/k² bound, with small bumps where the objective rises, and "
        "ends at {{ claim l6.prox.rates fista_gap .2g }}; subgradient descent with the same step "
        "stalls at {{ claim l6.prox.rates subgradient_gap .2g }}."
    ),
)
def convergence_figure():
    X, _, _, w_star, paths, gaps = solve_all(0, ITERATIONS)
    ista_bound, fista_bound = beck_teboulle_bounds(X, paths["ista"][0], w_star, ITERATIONS)
    k = np.arange(1, ITERATIONS + 1)
    shown = (
        np.unique(np.geomspace(1, ITERATIONS, 60).astype(int)) - 1
    )  # smooth curves need few points
    floor = 1e-13  # below this the gap is rounding in F
    fig = go.Figure()
    for name, label, colour in (
        ("subgradient", "subgradient", PURPLE),
        ("ista", "ISTA", BLUE),
        ("fista", "FISTA", VERMILION),
    ):
        gap = gaps[name][1:]
        fig.add_scatter(
            x=k,
            y=np.where(gap > floor, gap, np.nan),
            mode="lines",
            name=label,
            line={"color": colour, "width": 2},
        )
    fig.add_scatter(
        x=k[shown],
        y=ista_bound[shown],
        mode="lines",
        name="ISTA bound",
        line={"color": BLUE, "dash": "dash", "width": 1.5},
    )
    fig.add_scatter(
        x=k[shown],
        y=fista_bound[shown],
        mode="lines",
        name="FISTA bound",
        line={"color": VERMILION, "dash": "dash", "width": 1.5},
    )
    fig.update_layout(
        layout(
            xaxis={
                "type": "log",
                "title": "iteration k",
                "range": [0, np.log10(1.1 * ITERATIONS)],
            },
            yaxis={"type": "log", "title": "F(x_k) − F*", "exponentformat": "power"},
        )
    )
    return fig


if __name__ == "__main__":
    report(__name__)
