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


def decay_timescale_steps(lr, weight_decay):
    """Steps for decay alone to shrink a weight by a factor e (at a constant lr): 1 / (lr wd)."""
    return 1 / (lr * weight_decay)


def linear_with_warmup(step, peak_lr, warmup, total, final_fraction):
    """OLMo's schedule: linear warmup to the peak, then linear decay to final_fraction of it."""
    if step < warmup:
        return peak_lr * step / warmup
    return peak_lr * (1 - (1 - final_fraction) * (step - warmup) / (total - warmup))


def kept_under_decay_alone(schedule, weight_decay):
    """The fraction of a weight left after a whole run of decay alone: prod_t (1 - lr_t wd)."""
    return math.exp(sum(math.log1p(-lr * weight_decay) for lr in schedule))


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


def olmo_schedule():
    steps = round(OLMO["max_duration_tokens"] / (OLMO["batch_sequences"] * OLMO["sequence_length"]))
    lrs = [
        linear_with_warmup(
            t, OLMO["learning_rate"], OLMO["warmup_steps"], steps, OLMO["final_lr_fraction"]
        )
        for t in range(steps)
    ]
    return steps, lrs


@claim(
    "follow-up.convention.decay-timescale",
    statement=(
        "OLMo-7B's released configuration: weight_decay {wd} at peak lr {lr} is a decay "
        "timescale 1/(lr wd) of {timescale_steps} steps (half-life {half_life_steps}); the run "
        "is {run_steps} steps ({tokens} tokens in batches of {batch_tokens}), "
        "{run_over_timescale} timescales at the peak rate. Over its schedule (warmup "
        "{warmup_steps} steps, then linear decay to {final_lr_fraction} of the peak), decay "
        "alone would leave {kept_after_run} of a weight."
    ),
)
def decay_timescale():
    lr, wd = OLMO["learning_rate"], OLMO["weight_decay"]
    steps, lrs = olmo_schedule()
    timescale = decay_timescale_steps(lr, wd)
    return {
        "lr": lr,
        "wd": wd,
        "timescale_steps": round(timescale),
        "half_life_steps": round(half_life_steps(adamw_shrink_per_step(lr, wd))),
        "tokens": OLMO["max_duration_tokens"],
        "batch_tokens": OLMO["batch_sequences"] * OLMO["sequence_length"],
        "run_steps": steps,
        "run_over_timescale": steps / timescale,
        "half_life_over_run": half_life_steps(adamw_shrink_per_step(lr, wd)) / steps,
        "warmup_steps": OLMO["warmup_steps"],
        "final_lr_fraction": OLMO["final_lr_fraction"],
        "kept_after_run": kept_under_decay_alone(lrs, wd),
        "kept_at_constant_peak": kept_under_decay_alone([lr] * steps, wd),
        "decay_exponent": wd * sum(lrs),
    }


if __name__ == "__main__":
    report(__name__)
