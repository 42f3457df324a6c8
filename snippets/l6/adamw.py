"""Adam + L2 against AdamW, written from Loshchilov & Hutter's Algorithm 2 and checked against
torch.optim: claims l6.adamw.matches-torch, l6.adamw.effective-decay, l6.adamw.sgd-equivalence,
l6.adamw.quadratic-fixed-point and l6.adamw.interior-optimum, page /l6/adamw/."""

from functools import lru_cache

import numpy as np
import plotly.graph_objects as go

from snippets.evidence import claim, figure, report
from snippets.style import BLUE, GREY, VERMILION, layout

ADAM_L2_COLOR, ADAMW_COLOR = BLUE, VERMILION


# --8<-- [start:updates]
def adam_l2_step(theta, grad, m, v, t, alpha, lam, beta1=0.9, beta2=0.999, eps=1e-8):
    """Algorithm 2 with L2: the decay joins the gradient, so Adam rescales it too."""
    g = grad + lam * theta
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g**2
    m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
    theta = theta - alpha * m_hat / (np.sqrt(v_hat) + eps)
    return theta, m, v


def adamw_step(theta, grad, m, v, t, alpha, lam, beta1=0.9, beta2=0.999, eps=1e-8):
    """Algorithm 2 with decoupled decay (schedule multiplier eta_t = 1): lam * theta bypasses Adam."""
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
    theta = theta - (alpha * m_hat / (np.sqrt(v_hat) + eps) + lam * theta)
    return theta, m, v


# --8<-- [end:updates]


MATCH_STEPS, MATCH_DIM, MATCH_LR, MATCH_WD = 100, 50, 1e-2, 0.1
SCALE_DECADES = 4  # curvatures and noise scales drawn log-uniformly over this many decades


def noisy_quadratic_gradients(seed, dim=MATCH_DIM, steps=MATCH_STEPS):
    """grad f_t(theta) = h * (theta - c) + s * xi_t, coordinate scales spanning SCALE_DECADES."""
    rng = np.random.default_rng(seed)
    half = SCALE_DECADES / 2
    h = 10.0 ** rng.uniform(-half, half, dim)
    c = rng.standard_normal(dim)
    s = 10.0 ** rng.uniform(-half, half, dim)
    xi = rng.standard_normal((steps, dim))
    theta0 = rng.standard_normal(dim)
    return theta0, lambda theta, t: h * (theta - c) + s * xi[t - 1]


# --8<-- [start:match]
def numpy_trajectory(step, theta0, gradient, steps, alpha, lam):
    theta, m, v = theta0.copy(), np.zeros_like(theta0), np.zeros_like(theta0)
    path = []
    for t in range(1, steps + 1):
        theta, m, v = step(theta, gradient(theta, t), m, v, t, alpha, lam)
        path.append(theta)
    return np.array(path)


def torch_trajectory(optimizer_class, theta0, gradient, steps, lr, weight_decay):
    import torch  # imported here: decoupling.py reuses the numpy updates without paying for torch

    theta = torch.tensor(theta0, dtype=torch.float64, requires_grad=True)
    optimizer = optimizer_class([theta], lr=lr, weight_decay=weight_decay)
    path = []
    for t in range(1, steps + 1):
        theta.grad = torch.from_numpy(gradient(theta.detach().numpy(), t))
        optimizer.step()
        path.append(theta.detach().numpy().copy())
    return np.array(path)


def compare_with_torch(seed=0, steps=MATCH_STEPS, lr=MATCH_LR, weight_decay=MATCH_WD):
    from torch.optim import Adam, AdamW

    theta0, gradient = noisy_quadratic_gradients(seed, steps=steps)
    ours_l2 = numpy_trajectory(adam_l2_step, theta0, gradient, steps, lr, weight_decay)
    torch_l2 = torch_trajectory(Adam, theta0, gradient, steps, lr, weight_decay)
    # torch's AdamW multiplies its decay by lr: the paper's lambda is lr * weight_decay.
    ours_w = numpy_trajectory(adamw_step, theta0, gradient, steps, lr, lr * weight_decay)
    torch_w = torch_trajectory(AdamW, theta0, gradient, steps, lr, weight_decay)
    return ours_l2, torch_l2, ours_w, torch_w


# --8<-- [end:match]


@claim(
    "l6.adamw.matches-torch",
    statement=(
        "Over {steps} float64 steps on {dim} coordinates with random gradients (scales over "
        "{scale_decades} decades), the numpy "
        "Algorithm 2 updates follow torch.optim.Adam(weight_decay={weight_decay}) to within "
        "{max_abs_diff_adam_l2} and torch.optim.AdamW(weight_decay={weight_decay}) to within "
        "{max_abs_diff_adamw}, with paper lambda = lr x weight_decay = {paper_lambda} for AdamW; "
        "the two optimizers themselves end {adam_l2_vs_adamw} apart."
    ),
)
def matches_torch(seed=0):
    ours_l2, torch_l2, ours_w, torch_w = compare_with_torch(seed)
    return {
        "steps": MATCH_STEPS,
        "dim": MATCH_DIM,
        "scale_decades": SCALE_DECADES,
        "lr": MATCH_LR,
        "weight_decay": MATCH_WD,
        "paper_lambda": MATCH_LR * MATCH_WD,
        "max_abs_diff_adam_l2": float(np.max(np.abs(ours_l2 - torch_l2))),
        "max_abs_diff_adamw": float(np.max(np.abs(ours_w - torch_w))),
        "adam_l2_vs_adamw": float(np.max(np.abs(torch_l2[-1] - torch_w[-1]))),
    }


DECAY_LR, DECAY_WD, DECAY_STEPS, DECAY_REPLICATES = 1e-3, 0.1, 200, 256
GRADIENT_SCALES = np.logspace(-3, 3, 31)


# --8<-- [start:effective-decay]
def effective_decay(
    step,
    lam,
    scales=GRADIENT_SCALES,
    seed=0,
    steps=DECAY_STEPS,
    replicates=DECAY_REPLICATES,
    alpha=DECAY_LR,
):
    """Fraction of theta removed per step by the decay term, for pure-noise gradients of each
    scale: two runs on the same noise, with and without decay, theta_0 = 1."""
    rng = np.random.default_rng(seed)
    noise = scales[None, :, None] * rng.standard_normal((steps, scales.size, replicates))
    theta = {}
    for decay in (lam, 0.0):
        th, m, v = np.ones(noise.shape[1:]), np.zeros(noise.shape[1:]), np.zeros(noise.shape[1:])
        for t in range(1, steps + 1):
            th, m, v = step(th, noise[t - 1], m, v, t, alpha, decay)
        theta[decay] = th
    return np.mean(theta[0.0] - theta[lam], axis=1) / steps


# --8<-- [end:effective-decay]


@lru_cache(maxsize=16)
def decay_curves(seed):
    adam_l2 = effective_decay(adam_l2_step, DECAY_WD, seed=seed)
    adamw = effective_decay(adamw_step, DECAY_LR * DECAY_WD, seed=seed)
    # Adam divides the decay wd * theta by sqrt(v_hat) ~ sqrt(s^2 + (wd theta)^2) for noise of scale s.
    predicted = DECAY_LR * DECAY_WD / np.sqrt(GRADIENT_SCALES**2 + DECAY_WD**2)
    return adam_l2, adamw, predicted


@claim(
    "l6.adamw.effective-decay",
    statement=(
        "With lr = {lr} and weight_decay = {weight_decay} (torch convention), pure-noise gradients "
        "of scale s: AdamW removes {adamw_small} of theta per step at s = {small_scale} and "
        "{adamw_large} at s = {large_scale}; Adam + L2 removes {adam_l2_small} and {adam_l2_large}: "
        "{small_ratio} times more than AdamW at the small scale, {large_ratio} times less at the "
        "large one."
    ),
)
def effective_decay_claim(seed=0):
    adam_l2, adamw, predicted = decay_curves(seed)
    small, large = np.searchsorted(GRADIENT_SCALES, [1e-2, 1e2])
    return {
        "lr": DECAY_LR,
        "weight_decay": DECAY_WD,
        "lr_times_wd": DECAY_LR * DECAY_WD,
        "small_scale": float(GRADIENT_SCALES[small]),
        "large_scale": float(GRADIENT_SCALES[large]),
        "adamw_small": float(adamw[small]),
        "adamw_large": float(adamw[large]),
        "adam_l2_small": float(adam_l2[small]),
        "adam_l2_large": float(adam_l2[large]),
        "adamw_max_rel_dev": float(np.max(np.abs(adamw / (DECAY_LR * DECAY_WD) - 1))),
        "adam_l2_max_rel_dev_from_prediction": float(np.max(np.abs(adam_l2 / predicted - 1))),
        "large_ratio": float(adamw[large] / adam_l2[large]),
        "small_ratio": float(adam_l2[small] / adamw[small]),
    }


@figure(
    "l6.adamw.decay-vs-scale",
    caption=(
        "Decay per step, measured as the difference between runs with and without the decay on "
        "the same noise, divided by the number of steps (θ₀ = 1, "
        "{{ claim l6.adamw.effective-decay lr }} learning rate, weight_decay "
        "{{ claim l6.adamw.effective-decay weight_decay }} in PyTorch's convention, mean of "
        "256 coordinates per scale). Dashed: lr · wd / √(s² + wd²)."
    ),
    alt=(
        "Log-log plot of decay per step against gradient scale from 0.001 to 1000. AdamW is flat "
        "at lr times weight decay, {{ claim l6.adamw.effective-decay lr_times_wd }}, at every "
        "scale. Adam + L2 sits on the dashed prediction: it decays "
        "{{ claim l6.adamw.effective-decay adam_l2_small .2g }} per step at scale 0.01 and only "
        "{{ claim l6.adamw.effective-decay adam_l2_large .2g }} at scale 100, "
        "{{ claim l6.adamw.effective-decay large_ratio .0f }} times less than AdamW."
    ),
)
def effective_decay_figure():
    adam_l2, adamw, predicted = decay_curves(0)
    fig = go.Figure()
    fig.add_scatter(
        x=GRADIENT_SCALES,
        y=predicted,
        mode="lines",
        name="lr·wd/√(s²+wd²)",
        line={"color": GREY, "dash": "dash", "width": 1.5},
    )
    optimizers = [
        (adam_l2, "Adam + L2", ADAM_L2_COLOR, "circle"),
        (adamw, "AdamW", ADAMW_COLOR, "square"),
    ]
    for decay, name, colour, symbol in optimizers:
        fig.add_scatter(
            x=GRADIENT_SCALES,
            y=decay,
            mode="markers+lines",
            name=name,
            line={"color": colour},
            marker={"size": 6, "symbol": symbol},
        )
    fig.update_layout(
        layout(
            xaxis={"type": "log", "title": "gradient scale s", "exponentformat": "power"},
            yaxis={"type": "log", "title": "decay per step", "exponentformat": "power"},
        )
    )
    return fig


SGD_LR, SGD_LAMBDA, SGD_STEPS = 1e-2, 1e-4, 100


# --8<-- [start:sgd-equivalence]
def sgdw_step(theta, grad, alpha, lam):
    return (1 - lam) * theta - alpha * grad  # Proposition 1's decoupled decay


def sgd_equivalence(seed=0, alpha=SGD_LR, lam=SGD_LAMBDA, steps=SGD_STEPS):
    from torch.optim import SGD

    theta0, gradient = noisy_quadratic_gradients(seed, steps=steps)
    ours = [theta0]
    for t in range(1, steps + 1):
        ours.append(sgdw_step(ours[-1], gradient(ours[-1], t), alpha, lam))
    # SGD on f + (lam'/2)||theta||^2 with lam' = lam / alpha; torch adds lam' * theta to the gradient.
    theirs = torch_trajectory(SGD, theta0, gradient, steps, alpha, lam / alpha)
    return np.array(ours[1:]), theirs


# --8<-- [end:sgd-equivalence]


@claim(
    "l6.adamw.sgd-equivalence",
    statement=(
        "SGD with decoupled decay lambda = {lam} at lr = {lr} and torch.optim.SGD(weight_decay="
        "{lambda_prime}) agree to within {max_abs_diff} over {steps} steps (Proposition 1, "
        "lambda' = lambda / lr)."
    ),
)
def sgd_equivalence_claim(seed=0):
    ours, theirs = sgd_equivalence(seed)
    return {
        "lr": SGD_LR,
        "lam": SGD_LAMBDA,
        "lambda_prime": SGD_LAMBDA / SGD_LR,
        "steps": SGD_STEPS,
        "max_abs_diff": float(np.max(np.abs(ours - theirs))),
        "max_abs_theta": float(np.max(np.abs(theirs))),
    }


CURVATURES = np.array([100.0, 1.0, 0.01])
TARGET = 2.0
FIXED_POINT_LR, FIXED_POINT_WD, FIXED_POINT_STEPS, EPS = 1e-2, 1.0, 40_000, 1e-8


# --8<-- [start:fixed-point]
def quadratic_gradient(w, D=CURVATURES, c=TARGET):
    return D * (w - c)  # f(w) = (1/2) sum_i D_i (w_i - c)^2


def run_to_fixed_point(step, lam, lr=FIXED_POINT_LR, steps=FIXED_POINT_STEPS, c=TARGET):
    w, m, v = np.zeros(3), np.zeros(3), np.zeros(3)
    path = []
    for t in range(1, steps + 1):
        w, m, v = step(w, quadratic_gradient(w, c=c), m, v, t, lr, lam)
        path.append(w)
    return np.array(path)


def adam_l2_fixed_point(wd=FIXED_POINT_WD, D=CURVATURES):
    return TARGET * D / (D + wd)  # the minimiser of f + (wd/2)||w||^2: the total gradient is zero


def adamw_fixed_point(wd=FIXED_POINT_WD, D=CURVATURES, eps=EPS, c=TARGET):
    """Stationary AdamW (torch convention), deterministic gradient g = D (w - c) held fixed, so
    m_hat = g and v_hat = g^2: the step lr g / (|g| + eps) balances the decay lr wd w.
    Solved by bisection: the Adam side falls and the decay side rises with w on (0, min(c, 1/wd))."""
    low, high = np.zeros_like(D), np.full_like(D, min(c, 1 / wd))
    for _ in range(200):
        w = (low + high) / 2
        adam_side = D * (c - w) / (D * (c - w) + eps)
        low, high = np.where(adam_side > wd * w, w, low), np.where(adam_side > wd * w, high, w)
    return (low + high) / 2


# --8<-- [end:fixed-point]


@lru_cache(maxsize=4)
def fixed_point_runs():
    adam_l2 = run_to_fixed_point(adam_l2_step, FIXED_POINT_WD)
    adamw = run_to_fixed_point(adamw_step, FIXED_POINT_LR * FIXED_POINT_WD)
    return adam_l2, adamw


@claim(
    "l6.adamw.quadratic-fixed-point",
    statement=(
        "On f(w) = (1/2) sum_i D_i (w_i - {target})^2 with D = ({d1}, {d2}, {d3}) and "
        "weight_decay = {wd} "
        "(torch convention), lr = {lr}, {steps} steps: Adam + L2 ends at ({adam_l2_w1}, "
        "{adam_l2_w2}, {adam_l2_w3}), AdamW at ({adamw_w1}, {adamw_w2}, {adamw_w3}); "
        "final distances to the analytic fixed points {adam_l2_distance} and {adamw_distance}; "
        "over the second half of the run Adam + L2 hovers within {adam_l2_band} of its own."
    ),
)
def quadratic_fixed_point():
    adam_l2, adamw = fixed_point_runs()
    target_l2, target_w = adam_l2_fixed_point(), adamw_fixed_point()
    values = {"lr": FIXED_POINT_LR, "wd": FIXED_POINT_WD, "steps": FIXED_POINT_STEPS, "eps": EPS}
    values["target"] = TARGET
    for i in range(3):
        values[f"d{i + 1}"] = float(CURVATURES[i])
        values[f"adam_l2_w{i + 1}"] = float(adam_l2[-1, i])
        values[f"adamw_w{i + 1}"] = float(adamw[-1, i])
        values[f"ridge_w{i + 1}"] = float(target_l2[i])
        values[f"adamw_analytic_w{i + 1}"] = float(target_w[i])
    values["adam_l2_distance"] = float(np.max(np.abs(adam_l2[-1] - target_l2)))
    values["adamw_distance"] = float(np.max(np.abs(adamw[-1] - target_w)))
    # With a constant lr and exact gradients Adam + L2 does not settle: it reaches the ridge
    # solution, then v_hat decays, the normalized step grows and overshoots, and it hovers.
    distance_l2 = np.max(np.abs(adam_l2 - target_l2), axis=1)
    values["adam_l2_first_step_within_1e_12"] = int(np.argmax(distance_l2 < 1e-12)) + 1
    values["adam_l2_band"] = float(np.max(distance_l2[FIXED_POINT_STEPS // 2 :]))
    values["adam_l2_band_over_lr"] = values["adam_l2_band"] / FIXED_POINT_LR
    values["adamw_one_minus_w3"] = float(1 - adamw[-1, 2])
    values["eps_over_d3"] = float(EPS / CURVATURES[2])
    values["adamw_box"] = 1 / FIXED_POINT_WD
    values["lambda_c_minus_one"] = FIXED_POINT_WD * TARGET - 1  # in the first-order correction
    # On the box's faces the gradient does not vanish: AdamW settles instead of hovering.
    distance_w = np.max(np.abs(adamw - target_w), axis=1)
    values["adamw_band"] = float(np.max(distance_w[FIXED_POINT_STEPS // 2 :]))
    for i, d in enumerate(CURVATURES, start=1):
        # The ridge lambda' that would put w_i where AdamW did: D_i (2 - w_i) / w_i.
        w = adamw[-1, i - 1]
        values[f"implied_ridge_lambda_w{i}"] = float(d * (TARGET - w) / w)
    return values


INSIDE_TARGET = 0.5  # c inside the box |w| <= 1/wd = 1: the optimum is not on a face


@claim(
    "l6.adamw.interior-optimum",
    statement=(
        "With c = {target} inside the box of radius {box} (the same D, weight_decay, lr and "
        "steps), AdamW's fixed point is an interior one, where the gradient nearly vanishes, and "
        "AdamW hovers within {band} of it over the second half of the run ({band_over_lr} "
        "of the learning rate), against {face_band} when every coordinate sits on a face."
    ),
)
def inside_box_hover():
    path = run_to_fixed_point(adamw_step, FIXED_POINT_LR * FIXED_POINT_WD, c=INSIDE_TARGET)
    fixed = adamw_fixed_point(c=INSIDE_TARGET)
    distance = np.max(np.abs(path - fixed), axis=1)
    band = float(np.max(distance[FIXED_POINT_STEPS // 2 :]))
    return {
        "target": INSIDE_TARGET,
        "box": 1 / FIXED_POINT_WD,
        "fixed_point_gap_to_target": float(np.max(np.abs(fixed - INSIDE_TARGET))),
        "band": band,
        "band_over_lr": band / FIXED_POINT_LR,
        "face_band": quadratic_fixed_point()["adamw_band"],
    }


@figure(
    "l6.adamw.fixed-point-distance",
    caption=(
        "Largest distance max_i |w_i − w_i*| to each optimizer's own analytic fixed point on "
        "f(w) = ½ Σ D_i (w_i − c)², c = {{ claim l6.adamw.quadratic-fixed-point target }}, "
        "D = ({{ claim l6.adamw.quadratic-fixed-point d1 }}, "
        "{{ claim l6.adamw.quadratic-fixed-point d2 }}, "
        "{{ claim l6.adamw.quadratic-fixed-point d3 }}), weight_decay = "
        "{{ claim l6.adamw.quadratic-fixed-point wd }} in PyTorch's convention, "
        "lr = {{ claim l6.adamw.quadratic-fixed-point lr }}."
    ),
    alt=(
        "Distance to the fixed point against step, log-log. Adam + L2 reaches its fixed point "
        "(the ridge solution) to machine precision by step "
        "{{ claim l6.adamw.quadratic-fixed-point adam_l2_first_step_within_1e_12 }}, then leaves it "
        "in bursts and hovers within {{ claim l6.adamw.quadratic-fixed-point adam_l2_band .1e }} of it. "
        "AdamW approaches its own fixed point smoothly, at the pace of the second-moment average, "
        "and ends within {{ claim l6.adamw.quadratic-fixed-point adamw_distance .1e }} after "
        "{{ claim l6.adamw.quadratic-fixed-point steps }} steps."
    ),
)
def fixed_point_figure():
    adam_l2, adamw = fixed_point_runs()
    steps = np.unique(np.geomspace(1, FIXED_POINT_STEPS, 200).astype(int))
    fig = go.Figure()
    for path, target, name, colour in (
        (adam_l2, adam_l2_fixed_point(), "Adam + L2", ADAM_L2_COLOR),
        (adamw, adamw_fixed_point(), "AdamW", ADAMW_COLOR),
    ):
        distance = np.max(np.abs(path[steps - 1] - target), axis=1)
        fig.add_scatter(
            x=steps, y=np.maximum(distance, 1e-16), mode="lines", name=name, line={"color": colour}
        )
    fig.update_layout(
        layout(
            xaxis={"type": "log", "title": "step"},
            yaxis={"type": "log", "title": "max |w − w*|", "exponentformat": "power"},
        )
    )
    return fig


if __name__ == "__main__":
    report(__name__)
