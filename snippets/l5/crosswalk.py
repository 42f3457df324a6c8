"""Textbook lambda vs scikit-learn alpha/C and PyTorch weight_decay: claims l5.crosswalk.*, page /l5/conventions/.

Each row solves the textbook objective exactly as written (its data-fit scale and its penalty
scale) with a solver written here, and fits the library estimator at the mapped parameter on
the same data; the claim is how far apart they land. The mapping appears only in the library
call, so a wrong mapping shows up as a difference.
"""

from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize
from sklearn.linear_model import ElasticNet, Lasso, LogisticRegression, Ridge

from snippets.evidence import claim, report

N_SAMPLES, N_FEATURES = 60, 6
TRUE_WEIGHTS = np.array([2.0, -1.5, 0.0, 0.0, 0.8, 0.0])
TIGHT = {"fit_intercept": False, "tol": 1e-14, "max_iter": 100_000}  # converge to ~1e-14


def regression_data(seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((N_SAMPLES, N_FEATURES))
    return X, X @ TRUE_WEIGHTS + rng.standard_normal(N_SAMPLES)


def classification_data(seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((N_SAMPLES, N_FEATURES))
    probability = 1 / (1 + np.exp(-X @ TRUE_WEIGHTS))
    return X, (rng.random(N_SAMPLES) < probability).astype(float)


# --8<-- [start:solvers]
@dataclass(frozen=True)
class Objective:
    """fit * loss(w) + l1 ||w||_1 + l2 ||w||_2^2, with the scales exactly as a textbook writes
    them: fit = 1/2 for a halved loss, 1/n for a mean; l2 = lam/2 for a (lam/2)||w||^2 penalty."""

    fit: float
    l1: float = 0.0
    l2: float = 0.0


def coordinate_descent(X, y, objective, sweeps=10_000):
    """argmin fit ||y - Xw||^2 + l1 ||w||_1 + l2 ||w||^2, one coordinate at a time. In w_j the
    objective is fit (||x_j||^2 w_j^2 - 2 rho_j w_j) + l1 |w_j| + l2 w_j^2 + const, minimized
    by w_j = S(2 fit rho_j, l1) / (2 fit ||x_j||^2 + 2 l2), S the soft threshold."""
    fit, l1, l2 = objective.fit, objective.l1, objective.l2
    w, residual, squared_norms = np.zeros(X.shape[1]), y.astype(float), (X**2).sum(axis=0)
    for _ in range(sweeps):
        largest_step = 0.0
        for j in range(X.shape[1]):
            rho = X[:, j] @ residual + squared_norms[j] * w[j]
            new = np.sign(rho) * max(2 * fit * abs(rho) - l1, 0.0)
            new /= 2 * fit * squared_norms[j] + 2 * l2
            residual -= X[:, j] * (new - w[j])
            largest_step = max(largest_step, abs(new - w[j]))
            w[j] = new
        if largest_step < 1e-15:
            break
    return w


def ridge_closed_form(X, y, objective):
    """argmin fit ||y - Xw||^2 + l2 ||w||^2: the gradient 2 fit X^T (Xw - y) + 2 l2 w is zero."""
    if objective.l1:
        raise ValueError(f"ridge_closed_form: {objective} has an L1 term, and no closed form")
    gram = objective.fit * X.T @ X + objective.l2 * np.eye(X.shape[1])
    return np.linalg.solve(gram, objective.fit * X.T @ y)


def logistic_newton(X, y, objective, steps=50):
    """argmin fit sum_i log(1 + exp(-s_i x_i.w)) + l2 ||w||^2, labels y in {0, 1}."""
    if objective.l1:
        raise ValueError(f"logistic_newton: {objective} has an L1 term; use logistic_l1")
    fit, l2 = objective.fit, objective.l2
    w = np.zeros(X.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-X @ w))
        gradient = fit * X.T @ (p - y) + 2 * l2 * w
        hessian = fit * X.T @ (X * (p * (1 - p))[:, None]) + 2 * l2 * np.eye(X.shape[1])
        w -= np.linalg.solve(hessian, gradient)
    return w


def logistic_l1(X, y, objective):
    """argmin fit sum_i log-loss + l1 ||w||_1 + l2 ||w||^2: split w = u - v (u, v >= 0) so the
    objective is smooth, solve with L-BFGS-B, then Newton on the support with the signs fixed."""
    fit, l1, l2 = objective.fit, objective.l1, objective.l2
    p = X.shape[1]

    def value_and_gradient(uv):
        w = uv[:p] - uv[p:]
        z = X @ w
        gradient_w = fit * X.T @ (1 / (1 + np.exp(-z)) - y) + 2 * l2 * w
        value = fit * np.sum(np.logaddexp(0, z) - y * z) + l1 * uv.sum() + l2 * w @ w
        return value, np.concatenate([gradient_w + l1, -gradient_w + l1])

    uv = minimize(
        value_and_gradient,
        np.zeros(2 * p),
        jac=True,
        method="L-BFGS-B",
        bounds=[(0, None)] * (2 * p),
        options={"ftol": 1e-16, "gtol": 1e-12},
    ).x
    w = uv[:p] - uv[p:]
    support = np.abs(w) > 1e-6  # L-BFGS-B leaves the zeros at its bounds, exactly or nearly
    w[~support] = 0.0
    signs = np.sign(w[support])
    for _ in range(20):  # on the support the objective is smooth: Newton polishes to 1e-15
        prob = 1 / (1 + np.exp(-X @ w))
        Xs = X[:, support]
        gradient = fit * Xs.T @ (prob - y) + l1 * signs + 2 * l2 * w[support]
        hessian = fit * Xs.T @ (Xs * (prob * (1 - prob))[:, None]) + 2 * l2 * np.eye(len(signs))
        w[support] -= np.linalg.solve(hessian, gradient)
    return w


def sgd_weight_decay(X, y, weight_decay, max_steps=2_000, lr=None):
    """Full-batch SGD on the mean squared error with PyTorch's coupled weight_decay.

    torch.optim.sgd.sgd is the update torch.optim.SGD.step applies to each parameter group;
    calling it directly skips the optimizer object, whose first use imports torch's
    compiler stack (seconds). A test checks that both give the same iterates.
    """
    import torch  # slow to import: only this row needs it
    from torch.optim.sgd import sgd

    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    w = torch.zeros(X.shape[1], dtype=torch.float64, requires_grad=True)
    if lr is None:  # 1 / smoothness of the objective: monotone, linear convergence
        lr = 1 / (2 * np.linalg.eigvalsh(X.T @ X)[-1] / len(y) + weight_decay)
    for _ in range(max_steps):
        before = w.detach().clone()
        w.grad = None
        torch.mean((Xt @ w - yt) ** 2).backward()
        with torch.no_grad():  # SGD adds weight_decay * w to the gradient, then steps
            sgd(
                [w],
                [w.grad],
                [None],
                weight_decay=weight_decay,
                momentum=0.0,
                lr=lr,
                dampening=0.0,
                nesterov=False,
                maximize=False,
            )
        if torch.max(torch.abs(w.detach() - before)) < 1e-15:  # a fixed point in float64
            break
    return w.detach().numpy()


# --8<-- [end:solvers]


def lasso(X, y, alpha):
    return Lasso(alpha=alpha, **TIGHT).fit(X, y).coef_


def ridge(X, y, alpha):
    return Ridge(alpha=alpha, fit_intercept=False).fit(X, y).coef_


def elastic_net(X, y, alpha_and_l1_ratio):
    alpha, l1_ratio = alpha_and_l1_ratio
    return ElasticNet(alpha=alpha, l1_ratio=l1_ratio, **TIGHT).fit(X, y).coef_


def logistic(X, y, C, l1_ratio):
    solver = {0.0: "newton-cholesky", 1.0: "saga"}[l1_ratio]  # saga samples rows: seeded
    fit = LogisticRegression(C=C, l1_ratio=l1_ratio, solver=solver, random_state=0, **TIGHT)
    return fit.fit(X, y).coef_.ravel()


def agreement(ours, theirs, unmapped):
    """How far the library lands from our solution at the mapped parameter, and at the
    textbook number plugged in unmapped."""
    return {
        "max_abs_diff": float(np.max(np.abs(ours - theirs))),
        "naive_diff": float(np.max(np.abs(ours - unmapped))),
    }


# --8<-- [start:rows]
# The library parameter for each textbook objective: the table's second column. Only the
# library calls use it; our solvers are given the objectives as written.
MAPPING = {
    "lasso-half": lambda lam, n: lam / n,  # Lasso's alpha
    "lasso-mean": lambda lam, n: lam,
    "ridge-sum": lambda lam, n: lam,  # Ridge's alpha
    "ridge-half": lambda lam, n: 2 * lam,
    "ridge-mean": lambda lam, n: n * lam,
    "elastic-net": lambda lam1, lam2, n: (lam1 / (2 * n) + lam2 / n, lam1 / (lam1 + 2 * lam2)),
    "logistic-l2": lambda lam, n: 1 / lam,  # LogisticRegression's C
    "logistic-l2-mean": lambda lam, n: 1 / (n * lam),
    "logistic-l1": lambda lam, n: 1 / lam,
    "torch-sgd": lambda lam, n: 2 * lam / n,  # SGD's weight_decay, on the mean squared error
}


@claim(
    "l5.crosswalk.lasso-half",
    statement="(1/2)‖y - Xw‖^2 + lambda‖w‖_1 with lambda = {lam}, n = {n}, equals "
    "Lasso(alpha = lambda/n = {alpha}): largest difference {max_abs_diff}.",
)
def lasso_half(seed=0, lam=20.0, mapping=MAPPING["lasso-half"]):
    X, y = regression_data(seed)
    n = len(y)
    ours = coordinate_descent(X, y, Objective(fit=1 / 2, l1=lam))
    alpha = mapping(lam, n)
    unmapped = lasso(X, y, lam)
    return {
        "lam": lam,
        "n": n,
        "alpha": alpha,
        "unmapped_nonzeros": int(np.count_nonzero(unmapped)),
        **agreement(ours, lasso(X, y, alpha), unmapped),
    }


@claim(
    "l5.crosswalk.lasso-mean",
    statement="(1/(2n))‖y - Xw‖^2 + lambda‖w‖_1 with lambda = {lam} equals "
    "Lasso(alpha = lambda = {alpha}): largest difference {max_abs_diff}.",
)
def lasso_mean(seed=0, lam=0.3, mapping=MAPPING["lasso-mean"]):
    X, y = regression_data(seed)
    n = len(y)
    ours = coordinate_descent(X, y, Objective(fit=1 / (2 * n), l1=lam))
    alpha = mapping(lam, n)
    # The unmapped reading here: taking the (1/2)-form lambda for Lasso's alpha, lam / n.
    return {"lam": lam, "alpha": alpha, **agreement(ours, lasso(X, y, alpha), lasso(X, y, lam / n))}


@claim(
    "l5.crosswalk.ridge-sum",
    statement="‖y - Xw‖^2 + lambda‖w‖^2 with lambda = {lam} equals "
    "Ridge(alpha = lambda = {alpha}): largest difference {max_abs_diff}.",
)
def ridge_sum(seed=0, lam=10.0, mapping=MAPPING["ridge-sum"]):
    X, y = regression_data(seed)
    ours = ridge_closed_form(X, y, Objective(fit=1, l2=lam))
    alpha = mapping(lam, len(y))
    return {"lam": lam, "alpha": alpha, **agreement(ours, ridge(X, y, alpha), ridge(X, y, lam / 2))}


@claim(
    "l5.crosswalk.ridge-half",
    statement="(1/2)‖y - Xw‖^2 + lambda‖w‖^2 with lambda = {lam} equals "
    "Ridge(alpha = 2 lambda = {alpha}): largest difference {max_abs_diff}.",
)
def ridge_half(seed=0, lam=5.0, mapping=MAPPING["ridge-half"]):
    X, y = regression_data(seed)
    ours = ridge_closed_form(X, y, Objective(fit=1 / 2, l2=lam))
    alpha = mapping(lam, len(y))
    return {"lam": lam, "alpha": alpha, **agreement(ours, ridge(X, y, alpha), ridge(X, y, lam))}


@claim(
    "l5.crosswalk.ridge-mean",
    statement="(1/n)‖y - Xw‖^2 + lambda‖w‖^2 with lambda = {lam}, n = {n}, equals "
    "Ridge(alpha = n lambda = {alpha}): largest difference {max_abs_diff}.",
)
def ridge_mean(seed=0, lam=0.2, mapping=MAPPING["ridge-mean"]):
    X, y = regression_data(seed)
    n = len(y)
    ours = ridge_closed_form(X, y, Objective(fit=1 / n, l2=lam))
    alpha = mapping(lam, n)
    return {
        "lam": lam,
        "n": n,
        "alpha": alpha,
        **agreement(ours, ridge(X, y, alpha), ridge(X, y, lam)),
    }


@claim(
    "l5.crosswalk.elastic-net",
    statement="Zou and Hastie's naive criterion ‖y - Xw‖^2 + lambda2‖w‖^2 + "
    "lambda1‖w‖_1 (lambda1 = {lam1}, lambda2 = {lam2}) equals ElasticNet(alpha = {alpha}, "
    "l1_ratio = {l1_ratio}): largest difference {max_abs_diff}.",
)
def elastic_net_row(seed=0, lam1=20.0, lam2=10.0, mapping=MAPPING["elastic-net"]):
    X, y = regression_data(seed)
    n = len(y)
    ours = coordinate_descent(X, y, Objective(fit=1, l1=lam1, l2=lam2))
    alpha, l1_ratio = mapping(lam1, lam2, n)
    # The unmapped reading forgets that ElasticNet's L2 term carries a 1/2.
    unmapped = ((lam1 + lam2) / n, lam1 / (lam1 + lam2))
    return {
        "lam1": lam1,
        "lam2": lam2,
        "alpha": alpha,
        "l1_ratio": l1_ratio,
        **agreement(ours, elastic_net(X, y, (alpha, l1_ratio)), elastic_net(X, y, unmapped)),
    }


@claim(
    "l5.crosswalk.logistic-l2",
    statement="sum_i log-loss + (lambda/2)‖w‖^2 with lambda = {lam} equals "
    "LogisticRegression(C = 1/lambda = {C}): largest difference {max_abs_diff}.",
)
def logistic_l2(seed=0, lam=2.0, mapping=MAPPING["logistic-l2"]):
    X, y = classification_data(seed)
    ours = logistic_newton(X, y, Objective(fit=1, l2=lam / 2))
    C = mapping(lam, len(y))
    return {"lam": lam, "C": C, **agreement(ours, logistic(X, y, C, 0.0), logistic(X, y, lam, 0.0))}


@claim(
    "l5.crosswalk.logistic-l2-mean",
    statement="(1/n) sum_i log-loss + (lambda/2)‖w‖^2 with lambda = {lam}, n = {n}, "
    "equals LogisticRegression(C = 1/(n lambda) = {C}): largest difference {max_abs_diff}.",
)
def logistic_l2_mean(seed=0, lam=0.05, mapping=MAPPING["logistic-l2-mean"]):
    X, y = classification_data(seed)
    n = len(y)
    ours = logistic_newton(X, y, Objective(fit=1 / n, l2=lam / 2))
    C = mapping(lam, n)
    unmapped = logistic(X, y, 1 / lam, 0.0)
    return {"lam": lam, "n": n, "C": C, **agreement(ours, logistic(X, y, C, 0.0), unmapped)}


@claim(
    "l5.crosswalk.logistic-l1",
    statement="sum_i log-loss + lambda‖w‖_1 with lambda = {lam} equals "
    "LogisticRegression(l1_ratio = 1, C = 1/lambda = {C}): largest difference {max_abs_diff}.",
)
def logistic_l1_row(seed=0, lam=3.0, mapping=MAPPING["logistic-l1"]):
    X, y = classification_data(seed)
    ours = logistic_l1(X, y, Objective(fit=1, l1=lam))
    C = mapping(lam, len(y))
    return {
        "lam": lam,
        "C": C,
        "zeros": int(np.sum(ours == 0)),
        **agreement(ours, logistic(X, y, C, 1.0), logistic(X, y, lam, 1.0)),
    }


@claim(
    "l5.crosswalk.torch-sgd",
    statement="‖y - Xw‖^2 + lambda‖w‖^2 with lambda = {lam}, n = {n}, equals full-batch "
    "torch.optim.SGD on the mean squared error with weight_decay = 2 lambda/n = "
    "{weight_decay}: largest difference {max_abs_diff}.",
)
def torch_sgd(seed=0, lam=3.0, mapping=MAPPING["torch-sgd"]):
    X, y = regression_data(seed)
    n = len(y)
    ours = ridge_closed_form(X, y, Objective(fit=1, l2=lam))
    weight_decay = mapping(lam, n)
    theirs = sgd_weight_decay(X, y, weight_decay)
    unmapped = sgd_weight_decay(X, y, lam)  # weight_decay read as the textbook lambda
    return {"lam": lam, "n": n, "weight_decay": weight_decay, **agreement(ours, theirs, unmapped)}


# --8<-- [end:rows]


if __name__ == "__main__":
    report(__name__)
