"""Claims of /follow-up/ about weight-decay conventions (snippets/follow_up/convention.py)."""

import pytest
import torch

from snippets.follow_up import convention


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


@pytest.mark.claim("follow-up.convention.per-step-shrink")
def test_conventions_name_the_same_shrink():
    values = convention.per_step_shrink()
    # Loshchilov & Hutter's decoupled line, theta <- theta - eta_t * lambda * theta, at eta_t = 1.
    theta = torch.tensor([0.5, -3.0, 40.0], dtype=torch.float64)
    assert torch.allclose(
        theta - values["paper_lambda"] * theta,
        theta * (1 - values["shrink_per_step"]),
        rtol=1e-15,
        atol=0,
    )
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
