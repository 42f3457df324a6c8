"""Elastic net under correlated features: claims l6.enet.duplicate-column, bootstrap-stability,
grouping-bound and at-most-n, page /l6/elastic-net/ (#elastic-net)."""

from functools import lru_cache

import numpy as np
import plotly.graph_objects as go
from sklearn.linear_model import ElasticNet, ElasticNetCV, Lasso, LassoCV, lars_path

from snippets.evidence import claim, figure, report
from snippets.style import ENET_COLOR, GREY, L1_COLOR, layout

DUPLICATE_ALPHA = 0.1
L1_RATIO = 0.5
GROUP_RHOS = (0.9, 0.95, 0.99)
GROUP_SIZE = 4
NOISE_FEATURES = 8
GROUP_SAMPLES = 200
RESAMPLES = 100
CV_FOLDS = 5
BOUND_RHO = 0.9
BOUND_LAM2 = 1.0
PAIR_COEFFICIENTS = (3.0, 1.0)
PATH_N, PATH_P, PATH_LAM2 = 20, 60, 1.0


# --8<-- [start:duplicate]
def duplicate_column_data(seed=0, n=50):
    rng = np.random.default_rng(seed)
    x, z = rng.standard_normal((2, n))
    X = np.column_stack([x, x, z])  # columns 1 and 2 are the same feature, twice
    y = 3 * x + z + rng.standard_normal(n)
    X = (X - X.mean(0)) / X.std(0)
    return X, y - y.mean()


def lasso_objective(X, y, w, alpha):
    """scikit-learn's Lasso criterion: (1/(2n))||y - Xw||^2 + alpha ||w||_1."""
    return np.sum((y - X @ w) ** 2) / (2 * len(y)) + alpha * np.sum(np.abs(w))


def fit_duplicate_column(seed=0, alpha=DUPLICATE_ALPHA, l1_ratio=L1_RATIO):
    X, y = duplicate_column_data(seed)
    lasso = Lasso(alpha=alpha, fit_intercept=False, tol=1e-12, max_iter=100_000).fit(X, y)
    # (1/(2n))||y - Xw||^2 + alpha r ||w||_1 + (alpha (1 - r) / 2)||w||^2, r = l1_ratio
    enet = ElasticNet(
        alpha=alpha, l1_ratio=l1_ratio, fit_intercept=False, tol=1e-14, max_iter=100_000
    ).fit(X, y)
    return X, y, lasso.coef_, enet.coef_


# --8<-- [end:duplicate]


@claim(
    "l6.enet.duplicate-column",
    statement=(
        "With one feature entered twice, Lasso(alpha={alpha}) returns weights {lasso_w1} and "
        "{lasso_w2} on the two copies (the equal split has the same lasso objective, to within "
        "{lasso_objective_gap}); ElasticNet(alpha={alpha}, l1_ratio={l1_ratio}) returns "
        "{enet_w1} and {enet_w2}."
    ),
)
def duplicate_column(seed=0):
    X, y, lasso, enet = fit_duplicate_column(seed)
    split = lasso.copy()
    split[:2] = (lasso[0] + lasso[1]) / 2
    gap = lasso_objective(X, y, split, DUPLICATE_ALPHA) - lasso_objective(
        X, y, lasso, DUPLICATE_ALPHA
    )
    return {
        "alpha": DUPLICATE_ALPHA,
        "l1_ratio": L1_RATIO,
        "lasso_w1": float(lasso[0]),
        "lasso_w2": float(lasso[1]),
        "enet_w1": float(enet[0]),
        "enet_w2": float(enet[1]),
        "lasso_objective_gap": float(abs(gap)),
    }


# --8<-- [start:groups]
def correlated_groups_data(
    seed=0,
    n=GROUP_SAMPLES,
    rhos=GROUP_RHOS,
    group_size=GROUP_SIZE,
    n_noise=NOISE_FEATURES,
    sigma=3.0,
):
    """Groups of features sharing one latent factor (population correlation rho within a
    group), every grouped feature with coefficient 1, then pure-noise features."""
    rng = np.random.default_rng(seed)
    columns = []
    for rho in rhos:
        factor = rng.standard_normal(n)
        for _ in range(group_size):
            columns.append(np.sqrt(rho) * factor + np.sqrt(1 - rho) * rng.standard_normal(n))
    columns.extend(rng.standard_normal((n_noise, n)))
    X = np.column_stack(columns)
    beta = np.r_[np.ones(len(rhos) * group_size), np.zeros(n_noise)]
    y = X @ beta + sigma * rng.standard_normal(n)
    X = (X - X.mean(0)) / X.std(0)
    return X, y - y.mean()


def one_standard_error_alpha(cv_model):
    """The largest alpha whose cross-validated error is within one standard error of the best."""
    mse = cv_model.mse_path_.mean(axis=1)
    se = cv_model.mse_path_.std(axis=1) / np.sqrt(cv_model.mse_path_.shape[1])
    best = np.argmin(mse)
    return float(cv_model.alphas_[mse <= mse[best] + se[best]].max())


def mean_pairwise_jaccard(selected):
    """Mean over pairs of resamples of |A and B| / |A or B| (two empty sets count as 1)."""
    S = selected.astype(float)
    both = S @ S.T
    sizes = S.sum(axis=1)
    either = sizes[:, None] + sizes[None, :] - both
    jaccard = np.divide(both, either, out=np.ones_like(both), where=either > 0)
    upper = np.triu_indices(len(S), k=1)
    return float(jaccard[upper].mean())


@lru_cache(maxsize=32)
def bootstrap_selections(seed=0, resamples=RESAMPLES):
    X, y = correlated_groups_data(seed)
    lasso_alpha = one_standard_error_alpha(LassoCV(cv=CV_FOLDS).fit(X, y))
    enet_alpha = one_standard_error_alpha(ElasticNetCV(l1_ratio=L1_RATIO, cv=CV_FOLDS).fit(X, y))
    rng = np.random.default_rng(seed + 1)
    lasso_sel, enet_sel = [], []
    for _ in range(resamples):
        rows = rng.integers(0, len(y), len(y))
        lasso_sel.append(Lasso(alpha=lasso_alpha).fit(X[rows], y[rows]).coef_ != 0)
        enet = ElasticNet(alpha=enet_alpha, l1_ratio=L1_RATIO).fit(X[rows], y[rows])
        enet_sel.append(enet.coef_ != 0)
    return np.array(lasso_sel), np.array(enet_sel)


# --8<-- [end:groups]


@claim(
    "l6.enet.bootstrap-stability",
    statement=(
        "Over {resamples} bootstrap resamples of data with {groups} groups of {group_size} correlated "
        "features (rho {rho_low} to {rho_high}) and {noise_features} noise features, the mean "
        "pairwise Jaccard similarity of the selected sets is {lasso_stability} for the lasso and "
        "{enet_stability} for the elastic net (l1_ratio {l1_ratio}), each at its one-standard-"
        "error alpha; they select {lasso_mean_selected} and {enet_mean_selected} features on "
        "average, and pick a noise feature {lasso_noise_rate} and {enet_noise_rate} of the time."
    ),
)
def bootstrap_stability(seed=0, resamples=RESAMPLES):
    lasso_sel, enet_sel = bootstrap_selections(seed, resamples)
    grouped = len(GROUP_RHOS) * GROUP_SIZE
    return {
        "resamples": resamples,
        "samples": GROUP_SAMPLES,
        "groups": len(GROUP_RHOS),
        "group_size": GROUP_SIZE,
        "cv_folds": CV_FOLDS,
        "rho_low": min(GROUP_RHOS),
        "rho_high": max(GROUP_RHOS),
        "group_rhos": ", ".join(f"{rho:g}" for rho in GROUP_RHOS),
        "noise_features": NOISE_FEATURES,
        "l1_ratio": L1_RATIO,
        "lasso_stability": mean_pairwise_jaccard(lasso_sel),
        "enet_stability": mean_pairwise_jaccard(enet_sel),
        "lasso_mean_selected": float(lasso_sel.sum(axis=1).mean()),
        "enet_mean_selected": float(enet_sel.sum(axis=1).mean()),
        "lasso_noise_rate": float(lasso_sel[:, grouped:].mean()),
        "enet_noise_rate": float(enet_sel[:, grouped:].mean()),
        "lasso_grouped_min_rate": float(lasso_sel[:, :grouped].mean(axis=0).min()),
        "enet_grouped_min_rate": float(enet_sel[:, :grouped].mean(axis=0).min()),
    }


def feature_labels():
    labels = [f"{'ABC'[g]}{j + 1}" for g in range(len(GROUP_RHOS)) for j in range(GROUP_SIZE)]
    return labels + [f"N{j + 1}" for j in range(NOISE_FEATURES)]


@figure(
    "l6.enet.bootstrap-selection",
    caption=(
        "How often each feature is selected across {{ claim l6.enet.bootstrap-stability "
        "resamples }} bootstrap resamples. Groups A, B and C hold "
        "{{ claim l6.enet.bootstrap-stability group_size }} features each, with "
        "within-group correlation {{ claim l6.enet.bootstrap-stability group_rhos }}; the N "
        "features are noise. Each model uses its one-standard-error alpha from "
        "{{ claim l6.enet.bootstrap-stability cv_folds }}-fold cross-validation on the full sample."
    ),
    alt=(
        "Grouped bars of selection frequency per feature. Inside each correlated group the "
        "lasso's frequencies differ from feature to feature, down to "
        "{{ claim l6.enet.bootstrap-stability lasso_grouped_min_rate .0% }}, so which members it "
        "keeps changes from resample to resample. The elastic net's least-selected grouped "
        "feature is selected in {{ claim l6.enet.bootstrap-stability enet_grouped_min_rate .0% }} "
        "of resamples, and it selects noise features more often than the lasso does. Mean "
        "pairwise Jaccard similarity: lasso "
        "{{ claim l6.enet.bootstrap-stability lasso_stability .2f }}, elastic net "
        "{{ claim l6.enet.bootstrap-stability enet_stability .2f }}."
    ),
)
def bootstrap_selection_figure():
    lasso_sel, enet_sel = bootstrap_selections(0, RESAMPLES)
    labels = feature_labels()
    fig = go.Figure()
    fig.add_bar(x=labels, y=lasso_sel.mean(axis=0), name="lasso", marker_color=L1_COLOR)
    fig.add_bar(
        x=labels,
        y=enet_sel.mean(axis=0),
        name=f"elastic net (l1_ratio {L1_RATIO})",
        marker_color=ENET_COLOR,
    )
    fig.update_layout(
        layout(
            barmode="group",
            yaxis_title="selected in",
            xaxis_title="feature",
            yaxis={"tickformat": ".0%", "range": [0, 1.02]},
        )
    )
    return fig


# --8<-- [start:naive]
def standardized_pair_data(seed=0, n=100, rho=BOUND_RHO, p=6):
    """Columns centred with unit Euclidean norm, y centred: Zou & Hastie's standardization.
    Columns 0 and 1 have population correlation rho and different true coefficients."""
    rng = np.random.default_rng(seed)
    factor = rng.standard_normal(n)
    X = rng.standard_normal((n, p))
    X[:, 0] = np.sqrt(rho) * factor + np.sqrt(1 - rho) * X[:, 0]
    X[:, 1] = np.sqrt(rho) * factor + np.sqrt(1 - rho) * X[:, 1]
    beta = np.r_[PAIR_COEFFICIENTS, 1.0, -1.0, np.zeros(p - 4)]
    y = X @ beta + rng.standard_normal(n)
    X -= X.mean(axis=0)
    X /= np.linalg.norm(X, axis=0)
    return X, y - y.mean()


def soft_threshold(z, threshold):
    return np.sign(z) * np.maximum(np.abs(z) - threshold, 0.0)


def naive_elastic_net(X, y, lam1, lam2, tol=1e-13, max_sweeps=100_000):
    """Coordinate descent on ||y - Xb||^2 + lam2 ||b||^2 + lam1 ||b||_1 (Zou & Hastie's naive
    criterion, no 1/2, no 1/n). Setting the coordinate derivative to zero gives
    b_j = S(x_j^T r_j, lam1 / 2) / (||x_j||^2 + lam2), r_j the residual without feature j."""
    b = np.zeros(X.shape[1])
    residual = y.astype(float).copy()
    squared_norms = np.sum(X**2, axis=0)
    for _ in range(max_sweeps):
        largest_step = 0.0
        for j in range(X.shape[1]):
            partial = X[:, j] @ residual + squared_norms[j] * b[j]
            new = soft_threshold(partial, lam1 / 2) / (squared_norms[j] + lam2)
            residual -= X[:, j] * (new - b[j])
            largest_step = max(largest_step, abs(new - b[j]))
            b[j] = new
        if largest_step < tol:
            return b
    raise RuntimeError("coordinate descent did not converge")


# --8<-- [end:naive]


def grouping_effect(seed=0, lam2=BOUND_LAM2, rho=BOUND_RHO, solver_lam2=None):
    """The naive elastic net on a correlated pair. solver_lam2 (default lam2) is the lambda2
    the solver is actually given: a test mis-scales it to show the checks catch the slip."""
    X, y = standardized_pair_data(seed, rho=rho)
    lam1 = 0.2 * 2 * np.max(np.abs(X.T @ y))  # a fifth of the lam1 that zeroes every coefficient
    b = naive_elastic_net(X, y, lam1, lam2 if solver_lam2 is None else solver_lam2)
    sample_rho = float(X[:, 0] @ X[:, 1])
    lhs = abs(b[0] - b[1]) / np.sum(np.abs(y))
    bound = np.sqrt(2 * (1 - sample_rho)) / lam2
    return X, y, b, lam1, sample_rho, float(lhs), float(bound)


@claim(
    "l6.enet.grouping-bound",
    statement=(
        "For the naive elastic net with lambda2 = {lam2} on standardized columns with sample "
        "correlation rho = {rho} and same-sign coefficients ({b_i} and {b_j}: ratio "
        "{fitted_ratio}, against {least_squares_ratio} for least squares and {true_ratio} in the "
        "model that generated the data), "
        "|b_i - b_j| / ||y||_1 = {lhs} is below Zou & Hastie's bound "
        "sqrt(2 (1 - rho)) / lambda2 = {bound}. Its proof starts from an identity of the "
        "optimality conditions, lambda2 (b_i - b_j) = (x_i - x_j)^T r: here {identity_lhs} and "
        "{identity_rhs} (relative gap {identity_rel_gap})."
    ),
)
def grouping_bound(seed=0, lam2=BOUND_LAM2, rho=BOUND_RHO, solver_lam2=None):
    X, y, b, lam1, sample_rho, lhs, bound = grouping_effect(seed, lam2, rho, solver_lam2)
    least_squares = np.linalg.lstsq(X, y, rcond=None)[0]
    # Subtracting the optimality conditions of b_i and b_j (same sign, so the L1 terms cancel):
    # -2 (x_i - x_j)^T r + 2 lam2 (b_i - b_j) = 0. Exact, with the lam2 of the criterion.
    residual = y - X @ b
    identity_lhs = lam2 * (b[0] - b[1])
    identity_rhs = (X[:, 0] - X[:, 1]) @ residual
    # Then Cauchy-Schwarz, ||x_i - x_j|| = sqrt(2 (1 - rho)), and ||r||_2 <= ||y||_2 <= ||y||_1.
    cauchy_schwarz = np.sqrt(2 * (1 - sample_rho)) * np.linalg.norm(residual) / lam2
    return {
        "lam1": float(lam1),
        "lam2": lam2,
        "true_ratio": PAIR_COEFFICIENTS[0] / PAIR_COEFFICIENTS[1],
        "rho": sample_rho,
        "b_i": float(b[0]),
        "b_j": float(b[1]),
        "same_sign": bool(b[0] * b[1] > 0),
        "lhs": lhs,
        "bound": bound,
        "fitted_ratio": float(b[0] / b[1]),
        "least_squares_ratio": float(least_squares[0] / least_squares[1]),
        "slack": bound / lhs,
        "identity_lhs": float(identity_lhs),
        "identity_rhs": float(identity_rhs),
        "identity_rel_gap": float(abs(identity_lhs - identity_rhs) / abs(identity_rhs)),
        "cauchy_schwarz_slack": float(cauchy_schwarz / abs(b[0] - b[1])),
        "residual_to_l1_slack": float(np.sum(np.abs(y)) / np.linalg.norm(residual)),
    }


# --8<-- [start:paths]
def path_data(seed=0, n=PATH_N, p=PATH_P):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p))
    beta = np.r_[rng.standard_normal(p // 2), np.zeros(p - p // 2)]
    y = X @ beta + rng.standard_normal(n)
    # Centring stands in for an intercept; it costs one dimension: rank(X) = n - 1.
    return X - X.mean(axis=0), y - y.mean()


def augmented_data(X, y, lam2):
    """Zou & Hastie's Lemma 1: the naive elastic net on (X, y) is a lasso on these
    n + p rows, whose p columns are linearly independent."""
    p = X.shape[1]
    X_aug = np.vstack([X, np.sqrt(lam2) * np.eye(p)]) / np.sqrt(1 + lam2)
    return X_aug, np.r_[y, np.zeros(p)]


def nonzeros_along_paths(seed=0, lam2=PATH_LAM2):
    X, y = path_data(seed)
    _, _, lasso_coefs = lars_path(X, y, method="lasso")  # exact piecewise-linear path
    _, _, enet_coefs = lars_path(*augmented_data(X, y, lam2), method="lasso")
    return (lasso_coefs != 0).sum(axis=0), (enet_coefs != 0).sum(axis=0)


# --8<-- [end:paths]


@claim(
    "l6.enet.at-most-n",
    statement=(
        "With n = {n} centred samples and p = {p} features, the exact lasso path (LARS) never "
        "has more than {lasso_max_nonzeros} non-zero coefficients (n - 1 = {rank}); the elastic "
        "net path (lambda2 = {lam2}, LARS on the augmented data) reaches {enet_max_nonzeros}."
    ),
)
def at_most_n(seed=0):
    lasso_counts, enet_counts = nonzeros_along_paths(seed)
    return {
        "n": PATH_N,
        "p": PATH_P,
        "rank": PATH_N - 1,
        "lam2": PATH_LAM2,
        "lasso_max_nonzeros": int(lasso_counts.max()),
        "enet_max_nonzeros": int(enet_counts.max()),
        "lasso_knots": len(lasso_counts),
        "lasso_drops": int(np.sum(np.diff(lasso_counts) < 0)),
        "enet_knots": len(enet_counts),
    }


@figure(
    "l6.enet.nonzeros-along-path",
    caption=(
        "Number of non-zero coefficients at each knot of the exact LARS paths, n = "
        "{{ claim l6.enet.at-most-n n }} centred samples, p = {{ claim l6.enet.at-most-n p }} "
        "features. The elastic net path is the lasso path of Zou & Hastie's augmented data "
        "(lambda2 = {{ claim l6.enet.at-most-n lam2 }})."
    ),
    alt=(
        "Two step curves against the LARS step. The lasso's count climbs, falls back whenever a "
        "coefficient leaves the active set (steps that fall: "
        "{{ claim l6.enet.at-most-n lasso_drops }}), and never exceeds {{ claim l6.enet.at-most-n lasso_max_nonzeros }}, "
        "the rank n - 1 of the centred data, drawn as a grey line. The elastic net's count keeps "
        "climbing to {{ claim l6.enet.at-most-n enet_max_nonzeros }}."
    ),
)
def nonzeros_figure():
    lasso_counts, enet_counts = nonzeros_along_paths()
    fig = go.Figure()
    fig.add_scatter(
        y=lasso_counts, mode="lines", line_shape="hv", name="lasso", line_color=L1_COLOR
    )
    fig.add_scatter(
        y=enet_counts, mode="lines", line_shape="hv", name="elastic net", line_color=ENET_COLOR
    )
    steps = max(len(lasso_counts), len(enet_counts))
    fig.add_scatter(
        x=[0, steps - 1],
        y=[PATH_N - 1, PATH_N - 1],
        mode="lines",
        name="n − 1",
        line={"color": GREY, "dash": "dash"},
    )
    fig.update_layout(layout(xaxis_title="LARS step", yaxis_title="non-zero coefficients"))
    return fig


if __name__ == "__main__":
    report(__name__)
