"""Dropout on linear regression is, in expectation, a ridge penalty weighted by diag(X^T X):
claim l6.implicit.dropout-is-ridge, page /l6/implicit/ (#dropout)."""

import numpy as np

from snippets.evidence import claim, report

KEEP = 0.8
SAMPLES = 20_000


# --8<-- [start:dropout]
def dropout_objective_closed_form(X, y, w, keep):
    """E_R ||y - (R * X) w||^2 with R_ij ~ Bernoulli(keep), independent:
    ||y - keep X w||^2 + keep (1 - keep) sum_j (X^T X)_jj w_j^2."""
    column_norms = np.sum(X**2, axis=0)  # diag(X^T X)
    return np.sum((y - keep * X @ w) ** 2) + keep * (1 - keep) * np.sum(column_norms * w**2)


def dropout_objective_samples(X, y, w, keep, samples, rng, chunk=2_000):
    """||y - (R * X) w||^2 for independent masks R, drawn in chunks to bound memory."""
    values = []
    for start in range(0, samples, chunk):
        masks = rng.random((min(chunk, samples - start), *X.shape)) < keep
        values.append(np.sum((y - (masks * X) @ w) ** 2, axis=1))
    return np.concatenate(values)


# --8<-- [end:dropout]


@claim(
    "l6.implicit.dropout-is-ridge",
    statement=(
        "For keep probability q = {keep}, the closed form ||y - qXw||^2 + q(1 - q) sum_j "
        "(X^T X)_jj w_j^2 = {closed_form}; the mean over {samples} dropout masks is "
        "{monte_carlo} (relative error {rel_err}, {z_score} Monte Carlo standard errors)."
    ),
)
def dropout_is_ridge(seed=0, samples=SAMPLES, n=30, p=8, keep=KEEP):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p)) * rng.uniform(0.5, 2.0, p)  # unequal column norms
    w = rng.standard_normal(p)
    y = X @ w + rng.standard_normal(n)
    closed_form = dropout_objective_closed_form(X, y, w, keep)
    draws = dropout_objective_samples(X, y, w, keep, samples, rng)
    monte_carlo = draws.mean()
    standard_error = draws.std(ddof=1) / np.sqrt(samples)
    return {
        "keep": keep,
        "samples": samples,
        "closed_form": float(closed_form),
        "monte_carlo": float(monte_carlo),
        "rel_err": float(abs(monte_carlo - closed_form) / closed_form),
        "standard_error": float(standard_error),
        "rel_standard_error": float(standard_error / closed_form),
        "z_score": float(abs(monte_carlo - closed_form) / standard_error),
        "penalty_share": float(1 - np.sum((y - keep * X @ w) ** 2) / closed_form),
    }


if __name__ == "__main__":
    report(__name__)
