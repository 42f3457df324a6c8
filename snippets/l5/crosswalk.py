"""Textbook lambda vs scikit-learn alpha/C and PyTorch weight_decay: claims l5.crosswalk.*, page /l5/.

Each row solves the textbook objective with a solver written here and fits the library
estimator at the mapped parameter on the same data; the claim is how far apart they land.
"""

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
def coordinate_descent(X, y, l1, l2=0.0, sweeps=10_000):
    """argmin (1/2)||y - Xw||^2 + l1 ||w||_1 + (l2/2) ||w||^2, coordinate by coordinate."""
    w, residual, squared_norms = np.zeros(X.shape[1]), y.astype(float), (X**2).sum(axis=0)
    for _ in range(sweeps):
        largest_step = 0.0
        for j in range(X.shape[1]):
            rho = X[:, j] @ residual + squared_norms[j] * w[j]
            new = np.sign(rho) * max(abs(rho) - l1, 0.0) / (squared_norms[j] + l2)
            residual -= X[:, j] * (new - w[j])
            largest_step = max(largest_step, abs(new - w[j]))
            w[j] = new
        if largest_step < 1e-15:
            break
    return w


def ridge_closed_form(X, y, lam):
    """argmin ||y - Xw||^2 + lam ||w||^2."""
    return np.linalg.solve(X.T @ X + lam * np.eye(X.shape[1]), X.T @ y)


def logistic_l2_newton(X, y, lam, steps=50):
    """argmin sum_i log(1 + exp(-s_i x_i.w)) + (lam/2) ||w||^2, labels y in {0, 1}."""
    w = np.zeros(X.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-X @ w))
        gradient = X.T @ (p - y) + lam * w
        hessian = X.T @ (X * (p * (1 - p))[:, None]) + lam * np.eye(X.shape[1])
        w -= np.linalg.solve(hessian, gradient)
    return w


def logistic_l1(X, y, lam):
    """argmin sum_i log-loss + lam ||w||_1: split w = u - v (u, v >= 0) so the objective is
    smooth, solve with L-BFGS-B, then Newton on the support with the signs fixed."""
    p = X.shape[1]

    def objective(uv):
        z = X @ (uv[:p] - uv[p:])
        gradient_w = X.T @ (1 / (1 + np.exp(-z)) - y)
        value = np.sum(np.logaddexp(0, z) - y * z) + lam * uv.sum()
        return value, np.concatenate([gradient_w + lam, -gradient_w + lam])

    uv = minimize(
        objective,
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
        gradient = Xs.T @ (prob - y) + lam * signs
        w[support] -= np.linalg.solve(Xs.T @ (Xs * (prob * (1 - prob))[:, None]), gradient)
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


def agreement(ours, theirs, naive):
    return {
        "max_abs_diff": float(np.max(np.abs(ours - theirs))),
        "naive_diff": float(np.max(np.abs(ours - naive))),
    }


# --8<-- [start:rows]
@claim(
    "l5.crosswalk.lasso-half",
    statement="(1/2)‖y - Xw‖^2 + lambda‖w‖_1 with lambda = {lam}, n = {n}, equals "
    "Lasso(alpha = lambda/n = {alpha}): largest difference {max_abs_diff}.",
)
def lasso_half(seed=0, lam=20.0):
    X, y = regression_data(seed)
    n = len(y)
    ours = coordinate_descent(X, y, l1=lam)
    theirs = Lasso(alpha=lam / n, **TIGHT).fit(X, y).coef_
    naive = Lasso(alpha=lam, **TIGHT).fit(X, y).coef_
    return {"lam": lam, "n": n, "alpha": lam / n, **agreement(ours, theirs, naive)}


@claim(
    "l5.crosswalk.lasso-mean",
    statement="(1/(2n))‖y - Xw‖^2 + lambda‖w‖_1 with lambda = {lam} equals "
    "Lasso(alpha = lambda = {alpha}): largest difference {max_abs_diff}.",
)
def lasso_mean(seed=0, lam=0.3):
    X, y = regression_data(seed)
    ours = coordinate_descent(X, y, l1=len(y) * lam)  # times n: the (1/2) form
    theirs = Lasso(alpha=lam, **TIGHT).fit(X, y).coef_
    naive = Lasso(alpha=lam / len(y), **TIGHT).fit(X, y).coef_
    return {"lam": lam, "alpha": lam, **agreement(ours, theirs, naive)}


@claim(
    "l5.crosswalk.ridge-sum",
    statement="‖y - Xw‖^2 + lambda‖w‖^2 with lambda = {lam} equals "
    "Ridge(alpha = lambda = {alpha}): largest difference {max_abs_diff}.",
)
def ridge_sum(seed=0, lam=10.0):
    X, y = regression_data(seed)
    ours = ridge_closed_form(X, y, lam)
    theirs = Ridge(alpha=lam, fit_intercept=False).fit(X, y).coef_
    naive = Ridge(alpha=lam / 2, fit_intercept=False).fit(X, y).coef_
    return {"lam": lam, "alpha": lam, **agreement(ours, theirs, naive)}


@claim(
    "l5.crosswalk.ridge-half",
    statement="(1/2)‖y - Xw‖^2 + lambda‖w‖^2 with lambda = {lam} equals "
    "Ridge(alpha = 2 lambda = {alpha}): largest difference {max_abs_diff}.",
)
def ridge_half(seed=0, lam=5.0):
    X, y = regression_data(seed)
    ours = ridge_closed_form(X, y, 2 * lam)  # times 2: the no-1/2 form
    theirs = Ridge(alpha=2 * lam, fit_intercept=False).fit(X, y).coef_
    naive = Ridge(alpha=lam, fit_intercept=False).fit(X, y).coef_
    return {"lam": lam, "alpha": 2 * lam, **agreement(ours, theirs, naive)}


@claim(
    "l5.crosswalk.ridge-mean",
    statement="(1/n)‖y - Xw‖^2 + lambda‖w‖^2 with lambda = {lam}, n = {n}, equals "
    "Ridge(alpha = n lambda = {alpha}): largest difference {max_abs_diff}.",
)
def ridge_mean(seed=0, lam=0.2):
    X, y = regression_data(seed)
    n = len(y)
    ours = ridge_closed_form(X, y, n * lam)
    theirs = Ridge(alpha=n * lam, fit_intercept=False).fit(X, y).coef_
    naive = Ridge(alpha=lam, fit_intercept=False).fit(X, y).coef_
    return {"lam": lam, "n": n, "alpha": n * lam, **agreement(ours, theirs, naive)}


@claim(
    "l5.crosswalk.elastic-net",
    statement="Zou and Hastie's naive criterion ‖y - Xw‖^2 + lambda2‖w‖^2 + "
    "lambda1‖w‖_1 (lambda1 = {lam1}, lambda2 = {lam2}) equals ElasticNet(alpha = {alpha}, "
    "l1_ratio = {l1_ratio}): largest difference {max_abs_diff}.",
)
def elastic_net(seed=0, lam1=20.0, lam2=10.0):
    X, y = regression_data(seed)
    n = len(y)
    # Halve the criterion: (1/2)||r||^2 + (lam1/2)||w||_1 + (lam2/2)||w||^2.
    ours = coordinate_descent(X, y, l1=lam1 / 2, l2=lam2)
    alpha, l1_ratio = lam1 / (2 * n) + lam2 / n, lam1 / (lam1 + 2 * lam2)
    theirs = ElasticNet(alpha=alpha, l1_ratio=l1_ratio, **TIGHT).fit(X, y).coef_
    naive_alpha = (lam1 + lam2) / n  # forgets that sklearn's L2 term carries a 1/2
    naive = ElasticNet(alpha=naive_alpha, l1_ratio=lam1 / (lam1 + lam2), **TIGHT).fit(X, y).coef_
    return {
        "lam1": lam1,
        "lam2": lam2,
        "alpha": alpha,
        "l1_ratio": l1_ratio,
        **agreement(ours, theirs, naive),
    }


@claim(
    "l5.crosswalk.logistic-l2",
    statement="sum_i log-loss + (lambda/2)‖w‖^2 with lambda = {lam} equals "
    "LogisticRegression(C = 1/lambda = {C}): largest difference {max_abs_diff}.",
)
def logistic_l2(seed=0, lam=2.0):
    X, y = classification_data(seed)
    ours = logistic_l2_newton(X, y, lam)
    fit = {"l1_ratio": 0.0, "solver": "newton-cholesky", **TIGHT}
    theirs = LogisticRegression(C=1 / lam, **fit).fit(X, y).coef_.ravel()
    naive = LogisticRegression(C=lam, **fit).fit(X, y).coef_.ravel()
    return {"lam": lam, "C": 1 / lam, **agreement(ours, theirs, naive)}


@claim(
    "l5.crosswalk.logistic-l2-mean",
    statement="(1/n) sum_i log-loss + (lambda/2)‖w‖^2 with lambda = {lam}, n = {n}, "
    "equals LogisticRegression(C = 1/(n lambda) = {C}): largest difference {max_abs_diff}.",
)
def logistic_l2_mean(seed=0, lam=0.05):
    X, y = classification_data(seed)
    n = len(y)
    ours = logistic_l2_newton(X, y, n * lam)
    fit = {"l1_ratio": 0.0, "solver": "newton-cholesky", **TIGHT}
    theirs = LogisticRegression(C=1 / (n * lam), **fit).fit(X, y).coef_.ravel()
    naive = LogisticRegression(C=1 / lam, **fit).fit(X, y).coef_.ravel()
    return {"lam": lam, "n": n, "C": 1 / (n * lam), **agreement(ours, theirs, naive)}


@claim(
    "l5.crosswalk.logistic-l1",
    statement="sum_i log-loss + lambda‖w‖_1 with lambda = {lam} equals "
    "LogisticRegression(l1_ratio = 1, C = 1/lambda = {C}): largest difference {max_abs_diff}.",
)
def logistic_l1_row(seed=0, lam=3.0):
    X, y = classification_data(seed)
    ours = logistic_l1(X, y, lam)
    fit = {"l1_ratio": 1.0, "solver": "saga", "random_state": 0, **TIGHT}  # saga samples rows
    theirs = LogisticRegression(C=1 / lam, **fit).fit(X, y).coef_.ravel()
    naive = LogisticRegression(C=lam, **fit).fit(X, y).coef_.ravel()
    return {
        "lam": lam,
        "C": 1 / lam,
        "zeros": int(np.sum(ours == 0)),
        **agreement(ours, theirs, naive),
    }


@claim(
    "l5.crosswalk.torch-sgd",
    statement="‖y - Xw‖^2 + lambda‖w‖^2 with lambda = {lam}, n = {n}, equals full-batch "
    "torch.optim.SGD on the mean squared error with weight_decay = 2 lambda/n = "
    "{weight_decay}: largest difference {max_abs_diff}.",
)
def torch_sgd(seed=0, lam=3.0):
    X, y = regression_data(seed)
    n = len(y)
    weight_decay = 2 * lam / n  # (1/n)||r||^2 + (wd/2)||w||^2 is the textbook form over n
    ours = ridge_closed_form(X, y, lam)
    theirs = sgd_weight_decay(X, y, weight_decay)
    naive = sgd_weight_decay(X, y, lam)  # weight_decay read as the textbook lambda
    return {"lam": lam, "n": n, "weight_decay": weight_decay, **agreement(ours, theirs, naive)}


# --8<-- [end:rows]


if __name__ == "__main__":
    report(__name__)
