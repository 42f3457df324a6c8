"""What a weight-decay number means in each convention: claim
follow-up.convention.per-step-shrink, page /follow-up/."""

import math

from snippets.evidence import claim, report
from snippets.follow_up.published import PUBLISHED

OLMO = PUBLISHED["olmo-7b"]
RESNET = PUBLISHED["resnet"]


# --8<-- [start:convert]
def adamw_shrink_per_step(lr, weight_decay):
    """torch.optim.AdamW multiplies every weight by (1 - lr * weight_decay) each step."""
    return lr * weight_decay


def paper_lambda(lr, weight_decay):
    """Loshchilov & Hutter's lambda, applied as eta_t * lambda * theta with no alpha:
    the same shrink at schedule multiplier eta_t = 1."""
    return lr * weight_decay


def coupled_l2_for_same_shrink(shrink, sgd_lr):
    """lambda' such that plain SGD on f + (lambda'/2)||theta||^2 at step sgd_lr shrinks as much."""
    return shrink / sgd_lr


def sgd_momentum_shrink_per_step(lr, weight_decay, momentum):
    """Coupled L2 feeds the momentum buffer: the steady shrink is amplified by 1 / (1 - mu)."""
    return lr * weight_decay / (1 - momentum)


def half_life_steps(shrink):
    return math.log(2) / -math.log1p(-shrink)


# --8<-- [end:convert]


@claim(
    "follow-up.convention.per-step-shrink",
    statement=(
        "torch AdamW at lr {lr} and weight_decay {wd} shrinks every weight by {shrink_per_step} "
        "per step (half-life {half_life_steps} steps); Loshchilov & Hutter's lambda for the same "
        "decay is {paper_lambda}; plain SGD at lr {sgd_lr} needs a coupled L2 coefficient of "
        "{sgd_l2_equivalent}. ResNet's SGD (lr {resnet_lr}, momentum {resnet_momentum}, L2 "
        "{resnet_wd}) shrinks by {resnet_shrink_per_step} per step."
    ),
)
def per_step_shrink():
    lr, wd = OLMO["learning_rate"], OLMO["weight_decay"]
    shrink = adamw_shrink_per_step(lr, wd)
    resnet = sgd_momentum_shrink_per_step(
        RESNET["learning_rate"], RESNET["weight_decay"], RESNET["momentum"]
    )
    return {
        "lr": lr,
        "wd": wd,
        "shrink_per_step": shrink,
        "keep_per_step": 1 - shrink,
        "half_life_steps": round(half_life_steps(shrink)),
        "paper_lambda": paper_lambda(lr, wd),
        "sgd_lr": RESNET["learning_rate"],
        "sgd_l2_equivalent": coupled_l2_for_same_shrink(shrink, RESNET["learning_rate"]),
        "resnet_lr": RESNET["learning_rate"],
        "resnet_momentum": RESNET["momentum"],
        "resnet_wd": RESNET["weight_decay"],
        "resnet_shrink_per_step": resnet,
        "resnet_half_life_steps": round(half_life_steps(resnet)),
        "resnet_over_olmo": resnet / shrink,
    }


if __name__ == "__main__":
    report(__name__)
