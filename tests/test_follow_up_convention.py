"""Claims of /follow-up/ about weight-decay conventions (snippets/follow_up/convention.py)."""

import math

import numpy as np
import pytest
import torch

from snippets.follow_up import convention
from snippets.l6 import adamw


def zero_gradient_path(optimizer_class, steps, **hyper):
    param = torch.nn.Parameter(torch.tensor([0.5, -3.0, 40.0], dtype=torch.float64))
    optimizer = optimizer_class([param], **hyper)
    path = [param.detach().clone()]
    for _ in range(steps):
        param.grad = torch.zeros_like(param)
        optimizer.step()
        path.append(param.detach().clone())
    return path


@pytest.mark.claim("follow-up.convention.per-step-shrink")
def test_torch_adamw_shrinks_by_exactly_one_minus_lr_times_wd():
    values = convention.per_step_shrink()
    lr, wd = values["lr"], values["wd"]
    assert values["shrink_per_step"] == lr * wd
    path = zero_gradient_path(torch.optim.AdamW, 5, lr=lr, weight_decay=wd)
    for before, after in zip(path, path[1:]):
        # Bitwise: with a zero gradient Adam's step is 0 / eps = 0, only the decay acts.
        assert torch.equal(after, before * (1 - lr * wd))


def paper_against_torch(paper_lambda, lr, weight_decay, steps=50):
    """The paper's AdamW (Algorithm 2, eta_t = 1, written in snippets/l6/adamw.py) with
    ``paper_lambda``, against torch.optim.AdamW with ``lr`` and ``weight_decay``, on the same
    non-zero gradients: the largest difference along the way."""
    theta0 = np.array([0.5, -3.0, 40.0])
    gradient = lambda theta, t: np.array([1.0, -0.3, 2.0]) * theta + np.sin(t)  # noqa: E731
    paper = adamw.numpy_trajectory(adamw.adamw_step, theta0, gradient, steps, lr, paper_lambda)
    ours = adamw.torch_trajectory(torch.optim.AdamW, theta0, gradient, steps, lr, weight_decay)
    return float(np.max(np.abs(paper - ours)))


@pytest.mark.claim("follow-up.convention.per-step-shrink")
def test_conventions_name_the_same_shrink():
    values = convention.per_step_shrink()
    # Loshchilov & Hutter's lambda is the one that makes their Algorithm 2 take torch AdamW's
    # steps at lr and weight_decay: checked on a run, not by the expression that defines it.
    # (The same decay at a larger lr would need a larger paper lambda: lr is in it.)
    lr, wd = values["lr"], values["wd"]
    assert paper_against_torch(values["paper_lambda"], lr, wd) < 1e-12
    assert paper_against_torch(values["paper_lambda"], 1e-2, wd) > 1e-6
    # Plain SGD with the coupled coefficient shrinks as much per step (rtol: float64 rounding).
    sgd = zero_gradient_path(
        torch.optim.SGD, 3, lr=values["sgd_lr"], weight_decay=values["sgd_l2_equivalent"]
    )
    for before, after in zip(sgd, sgd[1:]):
        assert torch.allclose(
            1 - after / before,
            torch.full((3,), values["shrink_per_step"], dtype=torch.float64),
            rtol=1e-9,
            atol=0,
        )
    assert (1 - values["shrink_per_step"]) ** values["half_life_steps"] == pytest.approx(
        0.5, rel=1e-4
    )


@pytest.mark.claim("follow-up.convention.per-step-shrink")
def test_momentum_amplifies_coupled_decay():
    values = convention.per_step_shrink()
    path = zero_gradient_path(
        torch.optim.SGD,
        300,
        lr=values["resnet_lr"],
        weight_decay=values["resnet_wd"],
        momentum=values["resnet_momentum"],
    )
    steady = float((1 - path[-1] / path[-2])[0])
    # 1 / (1 - mu) is the steady state of the buffer; second-order terms in lr * wd are ~1e-4.
    assert steady == pytest.approx(values["resnet_shrink_per_step"], rel=1e-2)
    assert values["resnet_over_olmo"] > 1


@pytest.mark.claim("follow-up.convention.decay-timescale")
def test_olmo_run_lasts_many_decay_timescales():
    values = convention.decay_timescale()
    lr, wd, T, warmup = values["lr"], values["wd"], values["run_steps"], values["warmup_steps"]
    assert values["timescale_steps"] == round(1 / (lr * wd))
    assert values["run_steps"] * values["batch_tokens"] == pytest.approx(values["tokens"], rel=1e-6)
    # The integral of the schedule in closed form: half the peak over the warmup, then the
    # mean of peak and final rate over the rest. The sum over whole steps differs by O(1/T).
    closed_form = wd * lr * (warmup / 2 + (T - warmup) * (1 + values["final_lr_fraction"]) / 2)
    assert values["decay_exponent"] == pytest.approx(closed_form, rel=1e-3)
    # prod (1 - x_t) = exp(-sum x_t - sum x_t^2 / 2 - ...), and sum x_t^2 < T (lr wd)^2 ~ 4e-4.
    assert values["kept_after_run"] == pytest.approx(math.exp(-values["decay_exponent"]), rel=1e-3)
    # What the page says: the run lasts many timescales, and decay alone would erase a weight.
    assert values["run_over_timescale"] > 10
    assert values["kept_after_run"] < 1e-3
    assert values["half_life_over_run"] < 0.1
    # The decaying schedule decays less than a constant peak rate would.
    assert values["kept_at_constant_peak"] == pytest.approx(
        math.exp(-values["run_over_timescale"]), rel=1e-3
    )
    assert values["kept_at_constant_peak"] < values["kept_after_run"]


def test_linear_with_warmup_schedule_endpoints():
    peak, warmup, total, final = 3e-4, 50, 1000, 0.1
    schedule = [convention.linear_with_warmup(t, peak, warmup, total, final) for t in range(total)]
    assert schedule[0] == 0 and schedule[warmup] == pytest.approx(peak, rel=1e-12)
    assert schedule[-1] == pytest.approx(peak * (final + (1 - final) / (total - warmup)), rel=1e-9)
    assert all(a <= b for a, b in zip(schedule[:warmup], schedule[1 : warmup + 1]))
    assert all(a >= b for a, b in zip(schedule[warmup:], schedule[warmup + 1 :]))


def test_the_paper_lambda_check_fails_on_a_wrong_conversion():
    values = convention.per_step_shrink()
    lr, wd = values["lr"], values["wd"]
    # torch's weight_decay taken for the paper's lambda (no lr factor): the runs part.
    assert paper_against_torch(wd, lr, wd) > 1e-3
    assert paper_against_torch(lr * wd / 2, lr, wd) > 1e-6
