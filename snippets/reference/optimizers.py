"""Numpy reference steps for SGD, Adam, AdamW, Adafactor, Lion, matched against torch.optim:
claims reference.optimizers.*, page /reference/optimizers/."""

import inspect
import math
import re

import numpy as np
from plotly.subplots import make_subplots

from snippets.evidence import cited, claim, figure, report
from snippets.style import BLUE, GREEN, GREY, PURPLE, layout

STEPS = 25
# Each step is a handful of float64 operations on O(1) numbers; 25 steps accumulate rounding
# of order 1e-15 at most. 1e-12 leaves three orders of magnitude and still catches any
# formula difference (a misplaced bias correction or eps moves the result by > 1e-6).
TORCH_MATCH_TOLERANCE = 1e-12
VECTOR_SHAPE = (7,)
MATRIX_SHAPE = (5, 4)


# --8<-- [start:sgd]
def sgd_momentum_step(
    theta, grad, state, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False
):
    """torch.optim.SGD: the L2 term enters the gradient (coupled), before the momentum buffer."""
    g = grad + weight_decay * theta
    if momentum:
        buf = state.get("buf")
        buf = g.copy() if buf is None else momentum * buf + (1 - dampening) * g
        state["buf"] = buf
        g = g + momentum * buf if nesterov else buf
    return theta - lr * g


def sutskever_momentum_step(theta, grad_fn, state, lr, momentum, nesterov=False):
    """Sutskever et al. (2013), eqs. 1-4: the velocity carries the learning rate."""
    v = state.get("v", np.zeros_like(theta))
    lookahead = theta + momentum * v if nesterov else theta
    v = momentum * v - lr * grad_fn(lookahead)
    state["v"] = v
    return theta + v


# --8<-- [end:sgd]


# --8<-- [start:adam]
def _adam_direction(grad, state, betas, eps):
    beta1, beta2 = betas
    t = state["t"] = state.get("t", 0) + 1
    m = state["m"] = beta1 * state.get("m", 0.0) + (1 - beta1) * grad
    v = state["v"] = beta2 * state.get("v", 0.0) + (1 - beta2) * grad**2
    m_hat = m / (1 - beta1**t)
    return m_hat / (np.sqrt(v) / math.sqrt(1 - beta2**t) + eps)


def adam_l2_step(theta, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
    """torch.optim.Adam(weight_decay=...): coupled L2, later divided by sqrt(v_hat) + eps."""
    return theta - lr * _adam_direction(grad + weight_decay * theta, state, betas, eps)


def adamw_step(theta, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
    """torch.optim.AdamW: shrink by (1 - lr * weight_decay), then the plain Adam step."""
    theta = theta * (1 - lr * weight_decay)
    return theta - lr * _adam_direction(grad, state, betas, eps)


# --8<-- [end:adam]


# --8<-- [start:adafactor]
def rms(x):
    return math.sqrt(float(np.mean(x**2)))


def adafactor_step(
    theta, grad, state, lr=1e-2, beta2_decay=-0.8, eps1=None, eps2=1e-3, d=1.0, weight_decay=0.0
):
    """torch.optim.Adafactor (torch >= 2.5): Shazeer & Stern's Algorithms 4-5 without momentum,
    with lr capping the relative step and scaling a decoupled weight decay."""
    eps1 = np.finfo(theta.dtype).eps if eps1 is None else eps1
    t = state["t"] = state.get("t", 0) + 1
    one_minus_beta2 = t**beta2_decay  # beta2_t = 1 - t^(-0.8): no bias correction needed
    rho = min(lr, 1 / math.sqrt(t))
    alpha = max(eps2, rms(theta)) * rho  # relative step: scaled by the parameter's own RMS
    theta = theta * (1 - lr * weight_decay)
    g2 = grad**2
    if theta.ndim > 1:  # factored: keep row and column means of g^2, not the full matrix
        row, col = state.get("row", 0.0), state.get("col", 0.0)
        row = state["row"] = row + one_minus_beta2 * (g2.mean(-1, keepdims=True) - row)
        col = state["col"] = col + one_minus_beta2 * (g2.mean(-2, keepdims=True) - col)
        v_hat = row @ col / np.maximum(row.mean(-2, keepdims=True), eps1)
    else:
        v = state.get("v", 0.0)
        v_hat = state["v"] = v + one_minus_beta2 * (g2 - v)
    u = grad / np.sqrt(np.maximum(v_hat, eps1 * eps1))
    return theta - alpha / max(1.0, rms(u) / d) * u  # update clipping at RMS d


# --8<-- [end:adafactor]


# --8<-- [start:lion]
def lion_step(theta, grad, state, lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0):
    """Lion (Chen et al. 2023, Algorithm 2): the update is a sign, the decay is lr-scaled."""
    beta1, beta2 = betas
    m = state.get("m", np.zeros_like(theta))
    c = beta1 * m + (1 - beta1) * grad
    state["m"] = beta2 * m + (1 - beta2) * grad
    return theta - lr * (np.sign(c) + weight_decay * theta)


# --8<-- [end:lion]


# -- matching torch ---------------------------------------------------------------------


def run_numpy(step, theta0, grads, **hyper):
    state, theta, path = {}, theta0.copy(), []
    for g in grads:
        theta = step(theta, g, state, **hyper)
        path.append(theta)
    return np.array(path)


def run_torch(optimizer_class, theta0, grads, **hyper):
    import torch  # here, not at the top: other pages import the numpy steps without torch

    param = torch.nn.Parameter(torch.tensor(theta0, dtype=torch.float64))
    optimizer = optimizer_class([param], **hyper)
    path = []
    for g in grads:
        param.grad = torch.tensor(g, dtype=torch.float64)
        optimizer.step()
        path.append(param.detach().numpy().copy())
    return np.array(path)


def random_problem(shape, seed):
    rng = np.random.default_rng(seed)
    return rng.normal(size=shape), rng.normal(size=(STEPS, *shape))


def max_abs_diff(numpy_step, torch_name, shape, seed, numpy_hyper, torch_hyper):
    import torch

    theta0, grads = random_problem(shape, seed)
    ours = run_numpy(numpy_step, theta0, grads, **numpy_hyper)
    theirs = run_torch(getattr(torch.optim, torch_name), theta0, grads, **torch_hyper)
    return float(np.max(np.abs(ours - theirs)))


SGD_HYPER = {"lr": 0.05, "momentum": 0.9, "weight_decay": 0.01}
ADAM_HYPER = {"lr": 0.01, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.1}
ADAFACTOR_HYPER = {"lr": 0.01, "weight_decay": 0.1}


@claim(
    "reference.optimizers.sgd-momentum-matches-torch",
    statement=(
        "Over {steps} steps with random float64 gradients (lr {lr}, momentum {momentum}, "
        "weight_decay {weight_decay}), the numpy SGD step and torch.optim.SGD differ by at most "
        "{max_abs_diff} (heavy-ball) and {max_abs_diff_nesterov} (Nesterov); the test's "
        "tolerance is {tolerance}."
    ),
)
def sgd_momentum_matches_torch(seed=0):
    return {
        **SGD_HYPER,
        "steps": STEPS,
        "tolerance": TORCH_MATCH_TOLERANCE,
        "max_abs_diff": max_abs_diff(
            sgd_momentum_step, "SGD", VECTOR_SHAPE, seed, SGD_HYPER, SGD_HYPER
        ),
        "max_abs_diff_nesterov": max_abs_diff(
            sgd_momentum_step,
            "SGD",
            VECTOR_SHAPE,
            seed,
            {**SGD_HYPER, "nesterov": True},
            {**SGD_HYPER, "nesterov": True},
        ),
    }


def adam_comparison(step, torch_name: str, seed: int) -> dict:
    """Our ``step`` against ``torch.optim.<torch_name>``, both with ``ADAM_HYPER``."""
    return {
        "steps": STEPS,
        "lr": ADAM_HYPER["lr"],
        "weight_decay": ADAM_HYPER["weight_decay"],
        "max_abs_diff": max_abs_diff(step, torch_name, VECTOR_SHAPE, seed, ADAM_HYPER, ADAM_HYPER),
    }


@claim(
    "reference.optimizers.adam-matches-torch",
    statement=(
        "Over {steps} steps with random float64 gradients, the numpy Adam + L2 step and "
        "torch.optim.Adam(weight_decay={weight_decay}) differ by at most {max_abs_diff}."
    ),
)
def adam_matches_torch(seed=0):
    return adam_comparison(adam_l2_step, "Adam", seed)


@claim(
    "reference.optimizers.adamw-matches-torch",
    statement=(
        "Over {steps} steps with random float64 gradients, the numpy AdamW step and "
        "torch.optim.AdamW(weight_decay={weight_decay}) differ by at most {max_abs_diff}."
    ),
)
def adamw_matches_torch(seed=0):
    return adam_comparison(adamw_step, "AdamW", seed)


@claim(
    "reference.optimizers.adafactor-matches-torch",
    statement=(
        "Over {steps} steps with random float64 gradients, the numpy Adafactor step and "
        "torch.optim.Adafactor(lr={lr}, weight_decay={weight_decay}) differ by at most "
        "{max_abs_diff} (a factored {rows}x{cols} matrix and a vector together)."
    ),
)
def adafactor_matches_torch(seed=0):
    matrix = max_abs_diff(
        adafactor_step,
        "Adafactor",
        MATRIX_SHAPE,
        seed,
        ADAFACTOR_HYPER,
        {**ADAFACTOR_HYPER, "foreach": False},
    )
    vector = max_abs_diff(
        adafactor_step,
        "Adafactor",
        VECTOR_SHAPE,
        seed,
        ADAFACTOR_HYPER,
        {**ADAFACTOR_HYPER, "foreach": False},
    )
    return {
        "steps": STEPS,
        **ADAFACTOR_HYPER,
        "rows": MATRIX_SHAPE[0],
        "cols": MATRIX_SHAPE[1],
        "max_abs_diff": max(matrix, vector),
        "max_abs_diff_matrix": matrix,
        "max_abs_diff_vector": vector,
    }


# -- the two momentum conventions ---------------------------------------------------------


def quadratic_gradient(seed):
    rng = np.random.default_rng(seed)
    Q = rng.normal(size=(6, 6))
    A = Q @ Q.T / 6 + 0.1 * np.eye(6)  # a positive-definite quadratic, f = (1/2) x^T A x
    return (lambda x: A @ x), rng.normal(size=6)


def momentum_paths(seed, lrs, momentum, nesterov):
    grad_fn, theta0 = quadratic_gradient(seed)
    ours, theirs = theta0.copy(), theta0.copy()
    s_ours, s_theirs = {}, {}
    diffs = []
    for lr in lrs:
        ours = sgd_momentum_step(ours, grad_fn(ours), s_ours, lr, momentum, nesterov=nesterov)
        theirs = sutskever_momentum_step(theirs, grad_fn, s_theirs, lr, momentum, nesterov)
        # PyTorch's Nesterov iterate is Sutskever's look-ahead point theta + mu v.
        compare = theirs + momentum * s_theirs["v"] if nesterov else theirs
        diffs.append(np.max(np.abs(ours - compare)))
    return np.array(diffs)


@claim(
    "reference.optimizers.momentum-forms",
    statement=(
        "At a constant learning rate, PyTorch's momentum and Sutskever et al.'s agree to "
        "{classical_max_diff} (heavy ball) and {nesterov_max_diff} (Nesterov, comparing "
        "PyTorch's iterate with the look-ahead point) over {steps} steps; after the learning rate "
        "drops {drop_factor}-fold they differ by {diff_after_drop}."
    ),
)
def momentum_forms(seed=0):
    steps, drop_factor, momentum, lr = 40, 10, 0.9, 0.1
    constant = [lr] * steps
    dropped = [lr] * (steps // 2) + [lr / drop_factor] * (steps // 2)
    return {
        "steps": steps,
        "momentum": momentum,
        "lr": lr,
        "drop_factor": drop_factor,
        "classical_max_diff": float(momentum_paths(seed, constant, momentum, False).max()),
        "nesterov_max_diff": float(momentum_paths(seed, constant, momentum, True).max()),
        "diff_after_drop": float(momentum_paths(seed, dropped, momentum, False)[-1]),
    }


# -- where the decay enters: a zero loss gradient ---------------------------------------------

DECAY_LR, DECAY_WD, DECAY_MOMENTUM = 1e-3, 0.1, 0.9
DECAY_THETA = (0.01, 1.0, 100.0)


def torch_zero_gradient_path(name, steps, theta0=DECAY_THETA, **hyper):
    """Weights under torch.optim.<name> when the loss gradient is exactly zero."""
    import torch

    shape = (1, len(theta0)) if name == "Muon" else (len(theta0),)  # Muon takes 2-D weights only
    param = torch.nn.Parameter(torch.tensor(theta0, dtype=torch.float64).reshape(shape))
    optimizer = getattr(torch.optim, name)([param], **hyper)
    path = [param.detach().numpy().ravel().copy()]
    for _ in range(steps):
        param.grad = torch.zeros_like(param)
        optimizer.step()
        path.append(param.detach().numpy().ravel().copy())
    return np.array(path)


def one_step_shrink(name, **hyper):
    path = torch_zero_gradient_path(name, 1, lr=DECAY_LR, weight_decay=DECAY_WD, **hyper)
    return float(np.max(1 - path[1] / path[0])), float(np.min(1 - path[1] / path[0]))


@claim(
    "reference.optimizers.zero-gradient-decay",
    statement=(
        "With a zero loss gradient, lr {lr} and weight_decay {wd}, one step of torch's AdamW, "
        "Adafactor and Muon multiplies every weight by 1 - {adamw_shrink}; SGD's coupled L2 "
        "does the same on the first step, but with momentum {momentum} its steady shrink is "
        "{sgd_momentum_shrink} per step; Adam + L2 instead moves every weight by about lr "
        "({adam_l2_move_small} at w = {w_small}, {adam_l2_move_large} at w = {w_large}), "
        "and by {adam_l2_move_tiny_wd} even at weight_decay {tiny_wd}."
    ),
)
def zero_gradient_decay():
    adamw, adamw_min = one_step_shrink("AdamW")
    adafactor, _ = one_step_shrink("Adafactor")
    muon, _ = one_step_shrink("Muon")
    sgd_first, _ = one_step_shrink("SGD", momentum=DECAY_MOMENTUM)
    sgd_path = torch_zero_gradient_path(
        "SGD", 400, lr=DECAY_LR, weight_decay=DECAY_WD, momentum=DECAY_MOMENTUM
    )
    adam = torch_zero_gradient_path("Adam", 1, lr=DECAY_LR, weight_decay=DECAY_WD)
    tiny_wd = 1e-4
    adam_tiny = torch_zero_gradient_path("Adam", 1, lr=DECAY_LR, weight_decay=tiny_wd)
    moves = adam[0] - adam[1]
    return {
        "lr": DECAY_LR,
        "wd": DECAY_WD,
        "momentum": DECAY_MOMENTUM,
        "lr_times_wd": DECAY_LR * DECAY_WD,
        "adamw_shrink": adamw,
        "adamw_shrink_spread": adamw - adamw_min,
        "adafactor_shrink": adafactor,
        "muon_shrink": muon,
        "sgd_first_step_shrink": sgd_first,
        "sgd_momentum_shrink": float(1 - sgd_path[-1][1] / sgd_path[-2][1]),
        "sgd_momentum_predicted": DECAY_LR * DECAY_WD / (1 - DECAY_MOMENTUM),
        "w_small": DECAY_THETA[0],
        "w_large": DECAY_THETA[-1],
        "adam_l2_move_small": float(moves[0]),
        "adam_l2_move_large": float(moves[-1]),
        "tiny_wd": tiny_wd,
        "adam_l2_move_tiny_wd": float((adam_tiny[0] - adam_tiny[1])[-1]),
    }


@claim(
    "reference.optimizers.muon-buffer",
    statement=(
        "After one torch.optim.Muon step from a zero buffer, the momentum buffer holds "
        "{buffer_over_grad} x the gradient (momentum {momentum}): an exponential moving average."
    ),
)
def muon_buffer(seed=0):
    import torch

    rng = np.random.default_rng(seed)
    param = torch.nn.Parameter(torch.tensor(rng.normal(size=MATRIX_SHAPE)))
    optimizer = torch.optim.Muon([param])
    grad = torch.tensor(rng.normal(size=MATRIX_SHAPE))
    param.grad = grad.clone()
    optimizer.step()
    buffer = optimizer.state[param]["momentum_buffer"]
    ratio = (buffer / grad).numpy()
    return {
        "momentum": optimizer.param_groups[0]["momentum"],
        "buffer_over_grad": float(ratio.mean()),
        "buffer_over_grad_spread": float(ratio.max() - ratio.min()),
    }


# -- Muon's Newton-Schulz iteration and learning-rate scaling ---------------------------------

MUON_SHAPE, MUON_SQUARE = (64, 256), (128, 128)
MUON_SEEDS = range(10)
NS_GRID_START = 1e-2  # singular values, relative to the Frobenius norm, from here to 1


def newton_schulz_polynomial(x, coefficients):
    """One Newton-Schulz step on a singular value: p(x) = a x + b x^3 + c x^5."""
    a, b, c = coefficients
    return a * x + b * x**3 + c * x**5


def ns_singular_values(shape, seed):
    """Singular values after torch.optim.Muon's orthogonalization of a Gaussian matrix (the
    same function the optimizer calls, bfloat16 inside), measured in float64."""
    import torch
    from torch.optim import _muon

    gradient = torch.from_numpy(np.random.default_rng(seed).normal(size=shape))
    group = torch.optim.Muon([torch.nn.Parameter(torch.zeros(shape))]).param_groups[0]
    update = _muon._zeropower_via_newtonschulz(
        gradient, group["ns_coefficients"], group["ns_steps"], group["eps"]
    )
    return np.linalg.svd(update.double().numpy(), compute_uv=False)


@claim(
    "reference.optimizers.muon-spread",
    statement=(
        "torch.optim.Muon's Newton-Schulz quintic has coefficients {coefficients}; "
        "p(1) = {p_at_one}, so 1 is not a fixed point. After {ns_steps} steps, singular values "
        "starting between {grid_start} and 1 (relative to the Frobenius norm) end between "
        "{scalar_min} and {scalar_max}; on {rows}x{cols} Gaussian matrices over {seeds} seeds "
        "they end between {matrix_min} and {matrix_max}. A {square}x{square} Gaussian matrix, "
        "whose smallest singular values start far below, keeps one at {square_min}. The "
        "docstring says the result is like Uniform({docstring_range})."
    ),
)
def muon_spread():
    import torch

    group = torch.optim.Muon([torch.nn.Parameter(torch.zeros(MUON_SHAPE))]).param_groups[0]
    coefficients, steps = group["ns_coefficients"], group["ns_steps"]
    x = np.linspace(NS_GRID_START, 1.0, 100_001)
    for _ in range(steps):
        x = newton_schulz_polynomial(x, coefficients)
    spectra = np.concatenate([ns_singular_values(MUON_SHAPE, seed) for seed in MUON_SEEDS])
    square = ns_singular_values(MUON_SQUARE, 0)
    doc = re.search(r"Uniform\(([^)]+)\)", torch.optim._muon._zeropower_via_newtonschulz.__doc__)
    return {
        "a": coefficients[0],
        "b": coefficients[1],
        "c": coefficients[2],
        "coefficients": "({:g}, {:g}, {:g})".format(*coefficients),
        "p_at_one": float(newton_schulz_polynomial(1.0, coefficients)),
        "ns_steps": steps,
        "grid_start": NS_GRID_START,
        "scalar_min": float(x.min()),
        "scalar_max": float(x.max()),
        "rows": MUON_SHAPE[0],
        "cols": MUON_SHAPE[1],
        "seeds": len(MUON_SEEDS),
        "matrix_min": float(spectra.min()),
        "matrix_max": float(spectra.max()),
        "square": MUON_SQUARE[0],
        "square_min": float(square.min()),
        "docstring_range": doc.group(1) if doc else "not stated",
    }


def muon_update(shape, adjust_lr_fn, seed=0):
    """The change one torch.optim.Muon step (lr 1, no decay, no momentum) makes to a weight."""
    import torch

    rng = np.random.default_rng(seed)
    param = torch.nn.Parameter(torch.from_numpy(rng.normal(size=shape)))
    before = param.detach().clone()
    optimizer = torch.optim.Muon(
        [param], lr=1.0, weight_decay=0.0, momentum=0.0, nesterov=False, adjust_lr_fn=adjust_lr_fn
    )
    param.grad = torch.from_numpy(rng.normal(size=shape))
    optimizer.step()
    return (param.detach() - before).numpy()


MUON_LR_SHAPES = ((64, 256), (256, 64), (100, 100), (8, 512))

cited(
    "reference.optimizers.muon-rms-paper",
    statement=(
        "Liu et al. scale Muon's orthogonalized update by {rms_factor} sqrt(max(A, B)) for an "
        "A x B matrix, to match the update RMS of AdamW, so that AdamW's learning rate and "
        "weight decay can be reused."
    ),
    values={"rms_factor": 0.2},
    source="liu2025-muon",
    locator="section 2.2 (consistent update RMS): the update 0.2 * O_t * sqrt(max(A, B))",
)


@claim(
    "reference.optimizers.muon-lr-scale",
    statement=(
        "torch.optim.Muon scales its update by sqrt(max(1, A/B)) for an A x B weight by default, "
        "and by {rms_factor} sqrt(max(A, B)) with adjust_lr_fn='match_rms_adamw', measured "
        "from the updates of {shapes} weight shapes (spread {rms_factor_spread})."
    ),
)
def muon_lr_scale():
    factors, default_errors = [], []
    for A, B in MUON_LR_SHAPES:
        default = muon_update((A, B), None)
        matched = muon_update((A, B), "match_rms_adamw")
        # Same gradient, same orthogonalization: the updates differ only by the scale factor.
        ratio = float(np.median(matched / default))
        factors.append(ratio * np.sqrt(max(1, A / B)) / np.sqrt(max(A, B)))
        default_errors.append(np.max(np.abs(matched - ratio * default)))
    return {
        "shapes": len(MUON_LR_SHAPES),
        "rms_factor": float(np.mean(factors)),
        "rms_factor_spread": float(np.max(factors) - np.min(factors)),
        "max_proportionality_error": float(np.max(default_errors)),
    }


@claim(
    "reference.optimizers.lion-sign-update",
    statement=(
        "With weight_decay 0, every coordinate of one Lion step moves by exactly lr = {lr}: "
        "the largest deviation of a step size from lr over {coordinates} coordinates is {max_deviation}."
    ),
)
def lion_sign_update(seed=0):
    rng = np.random.default_rng(seed)
    theta, lr, state = rng.normal(size=200), 1e-4, {}
    for _ in range(3):
        new = lion_step(theta, rng.normal(size=theta.shape), state, lr=lr)
        deviation = np.max(np.abs(np.abs(new - theta) - lr))
        theta = new
    return {"lr": lr, "coordinates": theta.size, "max_deviation": float(deviation)}


# -- defaults, read from torch itself ---------------------------------------------------------


def signature_defaults(cls):
    return {
        name: p.default
        for name, p in inspect.signature(cls.__init__).parameters.items()
        if p.default is not inspect.Parameter.empty
    }


@claim(
    "reference.optimizers.torch-defaults",
    statement=(
        "torch {torch_version}: SGD lr {sgd_lr}, momentum {sgd_momentum}, weight_decay "
        "{sgd_weight_decay}; Adam lr {adam_lr}, betas ({adam_beta1}, {adam_beta2}), eps {adam_eps}, "
        "weight_decay {adam_weight_decay}; AdamW weight_decay {adamw_weight_decay}; Adafactor lr "
        "{adafactor_lr}, beta2_decay {adafactor_beta2_decay}, eps2 {adafactor_eps2}, d "
        "{adafactor_d}, weight_decay {adafactor_weight_decay} (docstring: "
        "{adafactor_weight_decay_doc}); Muon lr {muon_lr}, momentum {muon_momentum}, "
        "weight_decay {muon_weight_decay}; Lion in torch.optim: {lion_in_torch}."
    ),
)
def torch_defaults():
    import torch

    sgd = signature_defaults(torch.optim.SGD)
    adam = signature_defaults(torch.optim.Adam)
    adamw = signature_defaults(torch.optim.AdamW)
    adafactor = signature_defaults(torch.optim.Adafactor)
    muon = signature_defaults(torch.optim.Muon)
    doc = re.search(
        r"weight_decay \(float, optional\): weight decay coefficient \(default: ([^)]+)\)",
        torch.optim.Adafactor.__doc__ or "",
    )
    return {
        "torch_version": torch.__version__,
        "sgd_lr": sgd["lr"],
        "sgd_momentum": sgd["momentum"],
        "sgd_dampening": sgd["dampening"],
        "sgd_weight_decay": sgd["weight_decay"],
        "adam_lr": adam["lr"],
        "adam_beta1": adam["betas"][0],
        "adam_beta2": adam["betas"][1],
        "adam_eps": adam["eps"],
        "adam_weight_decay": adam["weight_decay"],
        "adamw_lr": adamw["lr"],
        "adamw_weight_decay": adamw["weight_decay"],
        "adafactor_lr": adafactor["lr"],
        "adafactor_beta2_decay": adafactor["beta2_decay"],
        "adafactor_eps2": adafactor["eps"][1],
        "adafactor_d": adafactor["d"],
        "adafactor_weight_decay": adafactor["weight_decay"],
        "adafactor_weight_decay_doc": doc.group(1) if doc else "not stated",
        "muon_lr": muon["lr"],
        "muon_momentum": muon["momentum"],
        "muon_weight_decay": muon["weight_decay"],
        "muon_nesterov": muon["nesterov"],
        "muon_ns_steps": muon["ns_steps"],
        "lion_in_torch": hasattr(torch.optim, "Lion"),
    }


# -- published defaults ----------------------------------------------------------------------

cited(
    "reference.optimizers.adam-paper-defaults",
    statement="Kingma & Ba suggest alpha = {alpha}, beta1 = {beta1}, beta2 = {beta2}, eps = {eps}.",
    values={"alpha": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
    source="kingma-ba2015",
    locator="Algorithm 1 (its caption gives the default settings)",
)
cited(
    "reference.optimizers.adafactor-paper-defaults",
    statement=(
        "Shazeer & Stern propose eps1 = {eps1}, eps2 = {eps2}, d = {d}, "
        "rho_t = min({rho_max}, 1/sqrt(t)), beta2_t = 1 - t^({decay_exponent})."
    ),
    values={"eps1": 1e-30, "eps2": 1e-3, "d": 1.0, "rho_max": 1e-2, "decay_exponent": -0.8},
    source="shazeer-stern2018",
    locator="Algorithm 6 in the arXiv version (proposed hyperparameters for Adafactor)",
)
cited(
    "reference.optimizers.lion-defaults",
    statement=(
        "Chen et al. use beta1 = {beta1}, beta2 = {beta2} for Lion, a learning rate {lr_vs_adamw} "
        "than AdamW's and a decoupled lambda {wd_vs_adamw}, because the effective decay is lr x lambda."
    ),
    values={
        "beta1": 0.9,
        "beta2": 0.99,
        "lr_vs_adamw": "3-10x smaller",
        "wd_vs_adamw": "3-10x larger",
    },
    source="chen2023-lion",
    locator="Section 5 (hyperparameter tuning); the update is Algorithm 2",
)


# -- figure ------------------------------------------------------------------------------------

PATH_STEPS, PATH_LR, PATH_WD, PATH_SCALES = 300, 1e-2, 0.1, (1.0, 10.0)
PATH_LABELS = ("AdamW", "Adam + L2", "SGD + L2, momentum")


def zero_gradient_paths(
    steps=PATH_STEPS, lr=PATH_LR, wd=PATH_WD, momentum=DECAY_MOMENTUM, scales=PATH_SCALES
):
    """theta_t / theta_0 under each optimizer's decay alone, for two starting magnitudes."""
    hyper = {
        "AdamW": (adamw_step, {"lr": lr, "weight_decay": wd}),
        "Adam + L2": (adam_l2_step, {"lr": lr, "weight_decay": wd}),
        "SGD + L2, momentum": (
            sgd_momentum_step,
            {"lr": lr, "weight_decay": wd, "momentum": momentum},
        ),
    }
    paths = {}
    for scale in scales:
        for label in PATH_LABELS:
            step, kwargs = hyper[label]
            path = run_numpy(step, np.array([scale]), np.zeros((steps, 1)), **kwargs)[:, 0]
            paths[(label, scale)] = np.concatenate([[1.0], path / scale])
    return paths


@claim(
    "reference.optimizers.decay-paths",
    statement=(
        "Under decay alone (lr {lr}, weight_decay {wd}, SGD momentum {momentum}), after {steps} "
        "steps AdamW keeps {adamw_final} of a weight whatever its size, SGD + L2 keeps "
        "{sgd_final}; Adam + L2 keeps {adam_small_final} of a weight of {small} and "
        "{adam_large_final} of a weight of {large}."
    ),
)
def decay_paths():
    paths = zero_gradient_paths()
    small, large = PATH_SCALES
    adam_small = paths[("Adam + L2", small)]
    return {
        "lr": PATH_LR,
        "wd": PATH_WD,
        "momentum": DECAY_MOMENTUM,
        "steps": PATH_STEPS,
        "small": small,
        "large": large,
        "adamw_final": float(paths[("AdamW", small)][-1]),
        "adamw_final_large": float(paths[("AdamW", large)][-1]),
        "sgd_final": float(paths[("SGD + L2, momentum", small)][-1]),
        "sgd_final_large": float(paths[("SGD + L2, momentum", large)][-1]),
        "adam_small_final": float(adam_small[-1]),
        "adam_first_move_small": float(1 - adam_small[1]) * small,
        "adam_first_move_large": float(1 - paths[("Adam + L2", large)][1]) * large,
        "adam_large_final": float(paths[("Adam + L2", large)][-1]),
    }


@figure(
    "reference.optimizers.zero-gradient-paths",
    caption=(
        "Weight decay alone (zero loss gradient): lr {{ claim reference.optimizers.decay-paths lr }}, "
        "weight_decay {{ claim reference.optimizers.decay-paths wd }}, momentum "
        "{{ claim reference.optimizers.decay-paths momentum }} for SGD; top: a weight starting at "
        "{{ claim reference.optimizers.decay-paths small }}, bottom: at "
        "{{ claim reference.optimizers.decay-paths large }}. AdamW and SGD shrink "
        "geometrically whatever the weight's size. Adam + L2 first moves every weight by about "
        "lr per step, so the larger weight decays relatively slower; the smaller one then slows "
        "down as the second-moment average remembers the larger gradients of earlier steps."
    ),
    alt=(
        "Two panels of weight divided by its starting value over "
        "{{ claim reference.optimizers.decay-paths steps }} steps, for a weight starting at "
        "{{ claim reference.optimizers.decay-paths small }} (top) and at "
        "{{ claim reference.optimizers.decay-paths large }} (bottom). AdamW ends at "
        "{{ claim reference.optimizers.decay-paths adamw_final .2f }} in both panels and SGD with "
        "momentum and L2 at {{ claim reference.optimizers.decay-paths sgd_final .2f }} in both. "
        "Adam with L2 differs between them: the smaller weight ends at "
        "{{ claim reference.optimizers.decay-paths adam_small_final .1e }} of its start, the "
        "larger one falls almost linearly to "
        "{{ claim reference.optimizers.decay-paths adam_large_final .2f }}."
    ),
)
def zero_gradient_figure():
    paths = zero_gradient_paths()
    colours = {"AdamW": GREEN, "Adam + L2": PURPLE, "SGD + L2, momentum": BLUE}
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08)
    for row, scale in enumerate(PATH_SCALES, start=1):
        for label in PATH_LABELS:
            fig.add_scatter(
                y=paths[(label, scale)],
                mode="lines",
                name=label,
                legendgroup=label,
                showlegend=row == 1,
                line={"color": colours[label], "width": 2.5},
                row=row,
                col=1,
            )
    for row, scale in enumerate(PATH_SCALES, start=1):
        fig.update_yaxes(title_text="w / w₀", range=[-0.05, 1.08], row=row, col=1)
        fig.add_annotation(
            text=f"w₀ = {scale:g}",
            x=1,
            y=1,
            xref="x domain",
            yref="y domain",
            xanchor="right",
            yanchor="top",
            showarrow=False,
            row=row,
            col=1,
        )
    fig.add_hline(y=0, line_color=GREY, line_width=1, row="all", col=1)
    fig.update_xaxes(title_text="step", row=2, col=1)
    # Two legend rows on a phone: room above the top panel.
    fig.update_layout(layout(height=540, margin={"l": 56, "r": 16, "t": 72, "b": 48}))
    return fig


if __name__ == "__main__":
    report(__name__)
