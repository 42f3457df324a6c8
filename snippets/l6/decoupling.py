"""A learning-rate x weight-decay grid for Adam + L2 and AdamW on scikit-learn's digits: claim
l6.adamw.decoupling-grid, page /l6/adamw/."""

import importlib.util
from functools import lru_cache
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots
from threadpoolctl import threadpool_limits

from snippets.evidence import claim, figure, report
from snippets.l6.adamw import adam_l2_step, adamw_step
from snippets.style import BLUE, GREY, VERMILION, layout

N_TRAIN, STEPS = 300, 200
LEARNING_RATES = np.logspace(-1.5, 0, 4)
WEIGHT_DECAYS = np.logspace(-5, 0, 11)  # Adam + L2: lambda' of the loss; AdamW: the paper's lambda
SPLITS = range(10)  # the random train/validation splits (seeds) the claim's test runs


def load_digits():
    """scikit-learn's digits (1797 images, 8 x 8 pixels valued 0..16), read from the file that
    sklearn.datasets.load_digits reads, without importing scikit-learn (seconds of startup)."""
    sklearn_dir = Path(importlib.util.find_spec("sklearn").submodule_search_locations[0])
    data = np.loadtxt(sklearn_dir / "datasets" / "data" / "digits.csv.gz", delimiter=",")
    return data[:, :-1], data[:, -1].astype(int)


def digits_split(seed=0, n_train=N_TRAIN):
    """A random 300-image training set (so that regularization matters), the rest for validation;
    features standardised on the training set, plus a constant column for the bias."""
    X, y = load_digits()
    order = np.random.default_rng(seed).permutation(len(y))
    train, valid = order[:n_train], order[n_train:]
    mean, scale = X[train].mean(axis=0), X[train].std(axis=0) + 1.0  # pixel values 0..16
    design = lambda rows: np.hstack([(X[rows] - mean) / scale, np.ones((len(rows), 1))])  # noqa: E731
    return design(train), y[train], design(valid), y[valid]


# --8<-- [start:grid]
def softmax_probabilities(W, A):
    """Softmax regression for a stack of models: W has shape (features, models, classes)."""
    features, models, classes = W.shape
    logits = (A @ W.reshape(features, -1)).reshape(len(A), models, classes)
    logits -= logits.max(axis=-1, keepdims=True)
    probabilities = np.exp(logits)
    return probabilities / probabilities.sum(axis=-1, keepdims=True)


def softmax_gradient(W, A, onehot):
    """Gradient of the mean cross-entropy, for every model at once."""
    residual = softmax_probabilities(W, A) - onehot[:, None, :]
    return (A.T @ residual.reshape(len(A), -1)).reshape(W.shape) / len(A)


def cross_entropy(W, A, labels):
    probabilities = softmax_probabilities(W, A)
    return -np.mean(np.log(probabilities[np.arange(len(labels)), :, labels]), axis=0)


def validation_grid(step, seed=0, lrs=LEARNING_RATES, decays=WEIGHT_DECAYS, steps=STEPS):
    """Full-batch training of one softmax regression per (lr, decay) cell, all cells at once:
    the Algorithm 2 updates broadcast over the stack of models. The bias is not decayed."""
    A, labels, A_valid, labels_valid = digits_split(seed)
    lr, decay = (grid.reshape(1, -1, 1) for grid in np.meshgrid(lrs, decays, indexing="ij"))
    decay = decay * (np.arange(A.shape[1]) < A.shape[1] - 1)[:, None, None]
    onehot = np.eye(10)[labels]
    W = np.zeros((A.shape[1], lr.shape[1], 10))
    m, v = np.zeros_like(W), np.zeros_like(W)
    for t in range(1, steps + 1):
        W, m, v = step(W, softmax_gradient(W, A, onehot), m, v, t, lr, decay)
    return cross_entropy(W, A_valid, labels_valid).reshape(len(lrs), len(decays))


# --8<-- [end:grid]


# --8<-- [start:coupling]
def best_log_decay(losses, decays=WEIGHT_DECAYS):
    """Per learning rate, the log10 decay of least validation loss, refined by a parabola through
    the best grid point and its two neighbours (a grid-edge minimum is left as it is)."""
    log_decay, spacing = np.log10(decays), np.log10(decays[1] / decays[0])
    best = []
    for row in losses:
        j = int(np.argmin(row))
        offset = 0.0
        if 0 < j < len(row) - 1:
            left, middle, right = row[j - 1 : j + 2]
            offset = 0.5 * (left - right) / (left - 2 * middle + right)
        best.append(log_decay[j] + offset * spacing)
    return np.array(best)


def slope(best, lrs=LEARNING_RATES):
    """Slope of best log10 decay against log10 lr: 0 = the best decay ignores lr, 1 = it
    moves in proportion to lr, -1 = in inverse proportion."""
    return np.polyfit(np.log10(lrs), best, 1)[0]


def coupling(best, lrs=LEARNING_RATES):
    """|slope|: how strongly the best decay depends on the learning rate, either way."""
    return abs(slope(best, lrs))


# --8<-- [end:coupling]


@lru_cache(maxsize=8)
def grids(seed):
    with threadpool_limits(1):  # small matrices: a second BLAS thread only adds contention
        return validation_grid(adam_l2_step, seed), validation_grid(adamw_step, seed)


@claim(
    "l6.adamw.decoupling-grid",
    statement=(
        "Softmax regression on {n_train} digits, full batch, {steps} steps, grid {grid}: against "
        "log lr, the best log decay has slope {slope_adam_l2} for Adam + L2 (lambda' of the "
        "loss: it falls {adam_l2_fold}-fold over a {lr_range}-fold range of lr), "
        "{slope_adamw} for AdamW with the paper's lambda and {slope_adamw_torch} for AdamW "
        "with PyTorch's weight_decay = lambda / lr."
    ),
)
def decoupling_grid(seed=0):
    adam_l2, adamw = grids(seed)
    best_l2, best_w = best_log_decay(adam_l2), best_log_decay(adamw)
    log_lr = np.log10(LEARNING_RATES)
    interior = lambda losses: bool(  # noqa: E731
        np.all(
            (np.argmin(losses, axis=1) > 0) & (np.argmin(losses, axis=1) < len(WEIGHT_DECAYS) - 1)
        )
    )
    return {
        "n_train": N_TRAIN,
        "steps": STEPS,
        "grid": f"{len(LEARNING_RATES)} learning rates x {len(WEIGHT_DECAYS)} decays",
        "learning_rates": len(LEARNING_RATES),
        "lr_range": float(LEARNING_RATES[-1] / LEARNING_RATES[0]),
        "splits_checked": len(SPLITS),
        "slope_adam_l2": float(slope(best_l2)),
        "slope_adamw": float(slope(best_w)),
        "slope_adamw_torch": float(slope(best_w - log_lr)),
        "adam_l2_fold": float(10 ** (best_l2[0] - best_l2[-1])),
        "lr_min": float(LEARNING_RATES[0]),
        "lr_max": float(LEARNING_RATES[-1]),
        "decay_min": float(WEIGHT_DECAYS[0]),
        "decay_max": float(WEIGHT_DECAYS[-1]),
        "coupling_adam_l2": float(coupling(best_l2)),
        "coupling_adamw": float(coupling(best_w)),
        "coupling_adamw_torch": float(coupling(best_w - log_lr)),
        "minima_interior": interior(adam_l2) and interior(adamw),
        "best_loss_adam_l2": float(adam_l2.min()),
        "best_loss_adamw": float(adamw.min()),
        "best_decay_adam_l2_low_lr": float(10 ** best_l2[0]),
        "best_decay_adam_l2_high_lr": float(10 ** best_l2[-1]),
        "best_decay_adamw_low_lr": float(10 ** best_w[0]),
        "best_decay_adamw_high_lr": float(10 ** best_w[-1]),
    }


@figure(
    "l6.adamw.decoupling-heatmaps",
    caption=(
        "Validation cross-entropy after {{ claim l6.adamw.decoupling-grid steps }} full-batch "
        "steps on {{ claim l6.adamw.decoupling-grid n_train }} digits (seed 0). Left: Adam + L2, "
        "decay = λ′ in the loss f + (λ′/2)‖w‖². Right: AdamW, decay = the paper's λ per step "
        "(PyTorch weight_decay = λ / lr). White dots: the best decay of each row."
    ),
    alt=(
        "Two heatmaps, learning rate on the vertical axis, weight decay on the horizontal axis. For "
        "Adam + L2 the valley of low loss leans against the learning rate: the best decay falls "
        "from {{ claim l6.adamw.decoupling-grid best_decay_adam_l2_low_lr .1e }} at the lowest "
        "learning rate to {{ claim l6.adamw.decoupling-grid best_decay_adam_l2_high_lr .1e }} at "
        "the highest (slope {{ claim l6.adamw.decoupling-grid slope_adam_l2 .2f }}). For AdamW the "
        "valley is diagonal: the best decay grows from "
        "{{ claim l6.adamw.decoupling-grid best_decay_adamw_low_lr .1e }} to "
        "{{ claim l6.adamw.decoupling-grid best_decay_adamw_high_lr .1e }} (slope "
        "{{ claim l6.adamw.decoupling-grid slope_adamw .2f }})."
    ),
)
def heatmaps_figure():
    losses = grids(0)
    fig = make_subplots(
        rows=1,
        cols=2,
        shared_yaxes=True,
        horizontal_spacing=0.06,
        subplot_titles=("Adam + L2", "AdamW"),
    )
    log_lr, log_decay = np.log10(LEARNING_RATES), np.log10(WEIGHT_DECAYS)
    low, high = (
        min(g.min() for g in losses),
        np.quantile(np.concatenate([g.ravel() for g in losses]), 0.8),
    )
    for column, grid in enumerate(losses, start=1):
        fig.add_heatmap(
            x=log_decay,
            y=log_lr,
            z=np.minimum(grid, high),
            zmin=low,
            zmax=high,
            colorscale="Viridis",
            reversescale=True,
            showscale=column == 2,
            colorbar={"title": {"text": "val. loss", "side": "right"}, "thickness": 10},
            hovertemplate="log₁₀ decay %{x:.1f}<br>log₁₀ lr %{y:.1f}<br>loss %{z:.3f}<extra></extra>",
            row=1,
            col=column,
        )
        fig.add_scatter(
            x=best_log_decay(grid),
            y=log_lr,
            mode="markers+lines",
            showlegend=False,
            marker={"color": "white", "size": 8, "line": {"color": GREY, "width": 1}},
            line={"color": "white", "width": 1},
            row=1,
            col=column,
        )
        fig.update_xaxes(title_text="log₁₀ decay", row=1, col=column)
    fig.update_yaxes(title_text="log₁₀ lr", row=1, col=1)
    fig.update_layout(layout(height=360, margin={"l": 56, "r": 8, "t": 40, "b": 48}))
    return fig


@figure(
    "l6.adamw.best-decay",
    caption=(
        "The best decay of each learning rate, from the grids above, in three parametrisations: "
        "Adam + L2's λ′, AdamW's λ (the paper's, not multiplied by lr) and AdamW's PyTorch "
        "weight_decay = λ / lr. A flat line means the best decay does not depend on the learning rate."
    ),
    alt=(
        "Best decay against learning rate, log-log. Adam + L2's λ′ falls as the learning rate "
        "rises (slope {{ claim l6.adamw.decoupling-grid slope_adam_l2 .2f }}), AdamW's paper λ "
        "rises with slope {{ claim l6.adamw.decoupling-grid slope_adamw .2f }}, and the same "
        "AdamW optimum expressed as PyTorch's weight_decay is nearly flat (slope "
        "{{ claim l6.adamw.decoupling-grid slope_adamw_torch .2f }})."
    ),
)
def best_decay_figure():
    adam_l2, adamw = grids(0)
    best_w = 10 ** best_log_decay(adamw)
    fig = go.Figure()
    for values, name, colour, dash in (
        (10 ** best_log_decay(adam_l2), "Adam + L2: λ′", BLUE, "solid"),
        (best_w, "AdamW: paper λ", VERMILION, "solid"),
        (best_w / LEARNING_RATES, "AdamW: torch wd = λ/lr", VERMILION, "dot"),
    ):
        fig.add_scatter(
            x=LEARNING_RATES,
            y=values,
            mode="markers+lines",
            name=name,
            line={"color": colour, "dash": dash},
            marker={"size": 8},
        )
    fig.update_layout(
        layout(
            xaxis={"type": "log", "title": "learning rate", "exponentformat": "power"},
            yaxis={"type": "log", "title": "best decay", "exponentformat": "power"},
        )
    )
    return fig


if __name__ == "__main__":
    report(__name__)
