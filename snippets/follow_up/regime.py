"""Weight decay helps with few samples per parameter and not with many:
claim follow-up.regime.weight-decay-benefit, page /follow-up/."""

import functools
import math

import numpy as np
import plotly.graph_objects as go
from threadpoolctl import threadpool_limits

from snippets.evidence import claim, figure, report
from snippets.reference.optimizers import adamw_step
from snippets.style import BLUE, GREY, layout

FEATURES = 20
PARAMS = FEATURES + 1  # the weights and an intercept
WEIGHT_DECAYS = (0.0, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
N_SMALL, N_LARGE = 40, 2000
SIZES = (10, 20, 40, 100, 200, 500, 2000)
N_HELD_OUT = 2000
STEPS, PEAK_LR = 200, 0.05
SEEDS = 10


# --8<-- [start:data]
def logistic_data(seed, n_train, n_held_out=N_HELD_OUT, signal=3.0):
    """Gaussian features, labels from a logistic model whose logits have std about `signal`."""
    rng = np.random.default_rng(seed)
    w_true = rng.normal(size=FEATURES) * signal / math.sqrt(FEATURES)

    def draw(m):
        X = np.c_[rng.normal(size=(m, FEATURES)), np.ones(m)]
        y = (rng.random(m) < 1 / (1 + np.exp(-X[:, :-1] @ w_true))).astype(float)
        return X, y

    return draw(n_train), draw(n_held_out), draw(n_held_out)


def mean_log_loss(X, y, thetas):
    """Mean cross-entropy in nats over the samples, one value per model in `thetas`."""
    logits = X @ np.swapaxes(thetas, -1, -2)
    return np.mean(np.logaddexp(0, logits) - y[..., None] * logits, axis=-2)


# --8<-- [end:data]


# --8<-- [start:train]
def train_adamw(X, y, weight_decays, steps=STEPS, peak_lr=PEAK_LR):
    """Full-batch AdamW on the mean log loss, one model per weight decay, cosine schedule.

    adamw_step is the numpy step that matches torch.optim.AdamW (see /reference/optimizers/).
    Leading axes of X and y are independent problems (seeds), trained side by side."""
    wd = np.asarray(weight_decays)[:, None]
    thetas, state = np.zeros((*X.shape[:-2], len(wd), X.shape[-1])), {}
    for t in range(steps):
        lr = peak_lr * 0.5 * (1 + math.cos(math.pi * t / steps))
        p = 1 / (1 + np.exp(-(X @ np.swapaxes(thetas, -1, -2))))
        grads = np.swapaxes(p - y[..., None], -1, -2) @ X / y.shape[-1]
        thetas = adamw_step(thetas, grads, state, lr=lr, weight_decay=wd)
    return thetas


def weight_decay_gains(n_train, seeds):
    """Per seed: test loss at wd = 0 minus test loss at the wd chosen on a validation set."""
    splits = [logistic_data(seed, n_train) for seed in seeds]

    def stacked(part):  # 0, 1, 2: training, validation, test
        return np.stack([s[part][0] for s in splits]), np.stack([s[part][1] for s in splits])

    (X, y), (X_val, y_val), (X_test, y_test) = stacked(0), stacked(1), stacked(2)
    with threadpool_limits(1):  # tiny matrices: BLAS threads only add overhead
        thetas = train_adamw(X, y, WEIGHT_DECAYS)
    chosen = np.argmin(mean_log_loss(X_val, y_val, thetas), axis=-1)
    test = mean_log_loss(X_test, y_test, thetas)
    return {
        "gain": test[:, 0] - test[np.arange(len(chosen)), chosen],
        "chosen_wd": np.asarray(WEIGHT_DECAYS)[chosen],
        "test_loss": test,
    }


# --8<-- [end:train]


@functools.cache
def gains(n_train, seeds=SEEDS):
    result = weight_decay_gains(n_train, range(seeds))
    return result["gain"], result["chosen_wd"]


@claim(
    "follow-up.regime.weight-decay-benefit",
    statement=(
        "Logistic regression with {params} parameters, full-batch AdamW, weight decay chosen on a "
        "validation set: with {n_small} training samples ({per_param_small} per parameter) weight "
        "decay lowers the held-out log loss by {gain_small} nats (std {gain_small_std}, min "
        "{gain_small_min}); with {n_large} samples ({per_param_large} per parameter) by "
        "{gain_large} (std {gain_large_std}), over {seeds} seeds."
    ),
)
def weight_decay_benefit(seeds=SEEDS):
    small, small_wd = gains(N_SMALL, seeds)
    large, large_wd = gains(N_LARGE, seeds)
    return {
        "params": PARAMS,
        "seeds": seeds,
        "steps": STEPS,
        "peak_lr": PEAK_LR,
        "n_small": N_SMALL,
        "n_large": N_LARGE,
        "per_param_small": round(N_SMALL / PARAMS, 1),
        "per_param_large": round(N_LARGE / PARAMS, 1),
        "gain_small": float(small.mean()),
        "gain_small_std": float(small.std()),
        "gain_small_min": float(small.min()),
        "gain_large": float(large.mean()),
        "gain_large_std": float(large.std()),
        "gain_large_min": float(large.min()),
        "gain_large_max": float(large.max()),
        "gain_ratio": float(large.mean() / small.mean()),
        "chosen_wd_small_median": float(np.median(small_wd)),
        "chosen_wd_large_median": float(np.median(large_wd)),
        "largest_wd": WEIGHT_DECAYS[-1],
    }


@figure(
    "follow-up.regime.gain-vs-samples",
    caption=(
        "Held-out log-loss gain from a validation-tuned weight decay over no weight decay, "
        "against training samples per parameter (logistic regression, "
        "{{ claim follow-up.regime.weight-decay-benefit params }} parameters, full-batch AdamW). "
        "Line: mean over {{ claim follow-up.regime.weight-decay-benefit seeds }} seeds; "
        "band: smallest to largest seed."
    ),
    alt=(
        "Mean gain (line) and the range over seeds (band) against training samples per "
        "parameter on a log axis. The gain is large at the smallest sizes "
        "({{ claim follow-up.regime.weight-decay-benefit gain_small .2f }} nats at "
        "{{ claim follow-up.regime.weight-decay-benefit per_param_small }} samples per "
        "parameter), falls steeply over the next decade of sizes, and is "
        "{{ claim follow-up.regime.weight-decay-benefit gain_large .4f }} at "
        "{{ claim follow-up.regime.weight-decay-benefit per_param_large }} samples per "
        "parameter, where the band straddles zero."
    ),
)
def gain_vs_samples_figure():
    per_param = np.array(SIZES) / PARAMS
    stats = [gains(n, SEEDS)[0] for n in SIZES]
    mean = np.array([s.mean() for s in stats])
    low, high = np.array([s.min() for s in stats]), np.array([s.max() for s in stats])
    fig = go.Figure()
    fig.add_scatter(
        x=np.r_[per_param, per_param[::-1]],
        y=np.r_[high, low[::-1]],
        fill="toself",
        mode="lines",
        fillcolor="rgba(0, 114, 178, 0.2)",
        line={"width": 0},
        name="min to max over seeds",
        hoverinfo="skip",
    )
    fig.add_scatter(x=per_param, y=mean, mode="lines+markers", name="mean gain", line_color=BLUE)
    fig.add_hline(y=0, line_color=GREY, line_width=1, line_dash="dash")
    fig.update_layout(
        layout(
            xaxis={
                "title": "training samples per parameter",
                "type": "log",
                "tickvals": [0.5, 1, 2, 5, 10, 20, 50, 100],
            },
            yaxis_title="gain (nats)",
        )
    )
    return fig


if __name__ == "__main__":
    report(__name__)
