"""Subgradient descent, ISTA and FISTA on a lasso with p > n, and the shrinkage of the weights
the lasso keeps: claims l6.prox.exact-zeros, l6.prox.zero-set, l6.prox.rates and
l6.prox.lasso-bias, page /l6/proximal/."""

from functools import lru_cache

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from snippets.evidence import claim, figure, report
from snippets.problems import sparse_weights
from snippets.style import BLUE, GREY, PURPLE, VERMILION, layout, reference_mark, slider_layout

N, P, K_TRUE = 80, 200, 10
LAMBDA_FRACTION = 0.05  # of lambda_max = ||X^T y||_inf, the smallest lambda with w = 0
ITERATIONS = 300
REFERENCE_ITERATIONS = 5000


def lasso_problem(seed=0, n=N, p=P, k=K_TRUE):
    """Gaussian design, k non-zero true coefficients, noise sd 0.5."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p))
    w_true = sparse_weights(rng, p, k, 1.0, 3.0)
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
        # Not only as many zeros: the same coordinates.
        "ista_zero_set_is_solutions": bool(np.array_equal(paths["ista"][-1] == 0, should_be_zero)),
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


# --8<-- [start:zero-sets]
def zero_set_reached(path, w_star):
    """The first iteration from which the iterates' exact zeros are the solution's, at every
    iteration to the end of the path (None if the last iterate's are not)."""
    same = np.all((path == 0) == (w_star == 0), axis=1)
    if not same[-1]:
        return None
    return int(len(same) - np.argmin(same[::-1])) if not same.all() else 0


# --8<-- [end:zero-sets]

SLIDER_ITERATIONS = [1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 70, 100, 150, 200, 250, ITERATIONS]


def slider_iterations(reached):
    """The slider's iterations, roughly log-spaced, with the two either side of the one where
    ISTA's zeros become the solution's."""
    return sorted(set(SLIDER_ITERATIONS) | {reached - 1, reached})


@claim(
    "l6.prox.zero-set",
    statement=(
        "On the same lasso, seed {seed}: ISTA's exactly-zero coordinates are the solution's "
        "{solution_zeros} from iteration {ista_reached} to the last, {iterations} ({ista_final}); "
        "FISTA's from iteration {fista_reached}. Subgradient descent, started like them at "
        "w = 0, has at most {subgradient_most_zeros} exact zeros at any iteration from 1 on; no "
        "weight of it is smaller than {subgradient_smallest_abs} in size."
    ),
)
def zero_set(seed=0, iterations=ITERATIONS):
    _, _, _, w_star, paths, _ = solve_all(seed, iterations)
    should_be_zero = w_star == 0
    reached = {name: zero_set_reached(path, w_star) for name, path in paths.items()}
    subgradient = paths["subgradient"][1:]  # from the first step on: all start at w = 0
    return {
        "seed": seed,
        "iterations": iterations,
        "solution_zeros": int(should_be_zero.sum()),
        "ista_reached": -1 if reached["ista"] is None else reached["ista"],
        "ista_final": bool(np.array_equal(paths["ista"][-1] == 0, should_be_zero)),
        "fista_reached": -1 if reached["fista"] is None else reached["fista"],
        "ista_first_zeros": int(np.sum(paths["ista"][1] == 0)),
        "subgradient_reached": reached["subgradient"] is not None,
        "subgradient_most_zeros": int(np.max(np.sum(subgradient == 0, axis=1))),
        "subgradient_smallest_abs": float(np.min(np.abs(subgradient))),
        "frames": len(slider_iterations(reached["ista"])) if reached["ista"] else 0,
    }


# The sizes of the weights the solution sets to zero: exactly 0, then by decade.
SIZE_BINS = [0.0, 1e-4, 1e-3, 1e-2, 1e-1]
SIZE_LABELS = [
    "exactly<br>0",
    "below<br>10⁻⁴",
    "10⁻⁴ to<br>10⁻³",
    "10⁻³ to<br>10⁻²",
    "10⁻² to<br>10⁻¹",
    "10⁻¹<br>or more",
]


def size_counts(w):
    """How many of ``w`` are exactly 0, and how many in each decade above it."""
    size = np.abs(w)
    exact = int(np.sum(size == 0.0))
    edges = np.searchsorted(SIZE_BINS[1:], size[size > 0.0], side="right")
    return [exact] + np.bincount(edges, minlength=len(SIZE_BINS)).tolist()


def iteration_frame(k, paths, w_star, order):
    should_be_zero = w_star == 0
    ista, subgradient = paths["ista"][k], paths["subgradient"][k]
    same = np.array_equal(ista == 0, should_be_zero)
    title = (
        f"k = {k}: exact zeros: ISTA {int(np.sum(ista == 0))}, subgradient "
        f"{int(np.sum(subgradient == 0))} (the solution: {int(should_be_zero.sum())})<br>"
        f"ISTA's zeros are the solution's: {'yes' if same else 'not yet'}"
    )
    data = [
        {"y": ista[order].tolist()},
        {"y": subgradient[order].tolist()},
        {"y": size_counts(ista[should_be_zero])},
        {"y": size_counts(subgradient[should_be_zero])},
    ]
    return data, title


@figure(
    "l6.prox.iterations",
    caption=(
        "ISTA and subgradient descent on the lasso above (seed 0), both from w = 0 with step "
        "1/L, iteration by iteration. Top: all {{ claim l6.prox.exact-zeros p }} weights, "
        "sorted by their value in the solution (grey dashes). Bottom: the sizes of the "
        "{{ claim l6.prox.zero-set solution_zeros }} weights that are zero in the solution: "
        "how many are exactly 0, and how many in each decade above it."
    ),
    alt=(
        "Two plots, one position per iteration k from 1 to "
        "{{ claim l6.prox.zero-set iterations }}, {{ claim l6.prox.zero-set frames }} in all. "
        "Top: the weights of ISTA and subgradient descent, which approach the solution's. "
        "Bottom: bars counting, among the {{ claim l6.prox.zero-set solution_zeros }} weights "
        "that are zero in the solution, those exactly 0 and those in each decade of size. "
        "ISTA's bar at exactly 0 grows until, from k = "
        "{{ claim l6.prox.zero-set ista_reached }} on, its exact zeros are the solution's "
        "{{ claim l6.prox.zero-set solution_zeros }}; subgradient descent's stays at "
        "{{ claim l6.prox.zero-set subgradient_most_zeros }}: its weights shrink and then "
        "hover near zero, none smaller than {{ claim l6.prox.zero-set subgradient_smallest_abs .1e }} "
        "in size at any iteration (median {{ claim l6.prox.exact-zeros subgradient_median_abs .2g }} "
        "at the end)."
    ),
)
def iterations_figure():
    _, _, _, w_star, paths, _ = solve_all(0, ITERATIONS)
    reached = zero_set_reached(paths["ista"], w_star)
    ks = slider_iterations(reached)
    order = np.argsort(w_star, kind="stable")
    rank = np.arange(1, len(w_star) + 1).tolist()
    on_paper = {ks[0], 20, reached, ks[-1]}  # the start, on the way, arrived, the end
    start = ks.index(20)
    frames = []
    for i, k in enumerate(ks):
        data, title = iteration_frame(k, paths, w_star, order)
        frames.append(
            go.Frame(
                data=[
                    go.Scatter(**data[0]),
                    go.Scatter(**data[1]),
                    go.Bar(**data[2]),
                    go.Bar(**data[3]),
                ],
                name=f"{i}",
                traces=[0, 1, 2, 3],
                layout={"title": {"text": title}},
                group="paper" if k in on_paper else None,
            )
        )
    data, title = iteration_frame(ks[start], paths, w_star, order)
    fig = make_subplots(rows=2, cols=1, vertical_spacing=0.16, row_heights=[0.6, 0.4])
    methods = [  # traces 0 and 1 (top), 2 and 3 (bottom), as the frames number them
        ("ISTA", BLUE, {"size": 6, "symbol": "circle-open"}),
        ("subgradient", PURPLE, {"size": 4}),
    ]
    for trace, (name, color, style) in enumerate(methods):
        marker = {"color": color, **style}
        fig.add_scatter(
            x=rank, y=data[trace]["y"], mode="markers", name=name, marker=marker, row=1, col=1
        )
    for trace, (name, color, _) in enumerate(methods, start=2):
        bar = {"name": name, "marker_color": color, "showlegend": False}
        fig.add_bar(x=SIZE_LABELS, y=data[trace]["y"], **bar, row=2, col=1)
    fig.add_scatter(
        x=rank,
        y=w_star[order].tolist(),
        mode="markers",
        name="solution",
        marker=reference_mark(8, 1.5),
        row=1,
        col=1,
    )
    fig.frames = frames
    fig.update_xaxes(title_text="weights, sorted by their value in the solution", row=1, col=1)
    fig.update_yaxes(title_text="value at iteration k", range=[-3.2, 3.2], row=1, col=1)
    fig.update_xaxes(
        title_text="size of the weights that are 0 in the solution",
        tickangle=0,
        automargin=True,  # the labels take two lines
        row=2,
        col=1,
    )
    fig.update_yaxes(title_text="weights", range=[0, 1.05 * int(np.sum(w_star == 0))], row=2, col=1)
    margin = {"l": 56, "r": 16, "t": 110, "b": 56}
    fig.update_layout(layout(height=640, barmode="group", margin=margin))
    fig.update_layout(slider_layout([f"{k}" for k in ks], "iteration k = ", start, title))
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
