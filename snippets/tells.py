"""The tells: what an interviewer hears as a strong hire, and what gets an answer down-levelled.
The one source of /tells/ (its tables, placed by ``{{ tells <table> }}``), of the rubric each
level is graded on at /practice/ (``{{ rehearse <level> }}``: engine/markers/practice.py) and of
anything else that needs them. Links are Markdown, relative to docs/.
"""

from __future__ import annotations

from dataclasses import dataclass

STRONG, DOWN = "strong", "down-level"
# The tables of /tells/, in page order: the answer's two, then the follow-up's.
TABLES = ("strong-hire", "down-level", "follow-up")


@dataclass(frozen=True)
class Tell:
    anchor: str  # its address on /tells/ ("tell-priors"), and its key in the practice's marks
    kind: str  # STRONG or DOWN
    table: str  # one of TABLES
    name: str  # the tell in a sentence (Markdown): bold on /tells/, the rubric's checkbox label
    detail: str  # what it means (Markdown)
    backing: str  # links to what backs it, or to what to say instead (Markdown)
    short: str  # what it takes, or what to say instead, in at most 35 words: its flashcard
    shown_by: tuple[str, ...] = ()  # the levels whose model answer ("Say it" card) shows it
    level: str = ""  # the level that teaches it, if no model answer shows it: the deck's tag

    @property
    def question(self) -> str:
        """The rubric it belongs to: the question's ("question") or the follow-up's."""
        return "follow-up" if self.table == "follow-up" else "question"

    @property
    def taught_at(self) -> str:
        """The level that teaches it: the first whose model answer shows it, or ``level``."""
        return self.shown_by[0] if self.shown_by else self.level


TELLS: tuple[Tell, ...] = (
    Tell(
        anchor="tell-priors",
        kind=STRONG,
        table="strong-hire",
        name="You name the priors.",
        detail=(
            "L1 is the MAP estimate under independent Laplace priors on the weights, L2 under "
            "Gaussian priors, with λ tied to the noise and prior scales. The sharp version adds "
            "that only the posterior *mode* is sparse: the posterior mean under a Laplace prior "
            "is exactly zero only by coincidence."
        ),
        backing=(
            "[L5: the Bayesian view](l5/priors.md#bayesian-view); "
            "[the posterior mean](l5/priors.md#posterior-mean)"
        ),
        short=(
            "L1 is the MAP estimate under Laplace priors, L2 under Gaussian priors, with λ "
            "set by the noise and prior scales; only the posterior mode is sparse, not the "
            "mean."
        ),
        shown_by=("l5", "l6"),
    ),
    Tell(
        anchor="tell-geometry",
        kind=STRONG,
        table="strong-hire",
        name="You give the geometric argument, not only the result.",
        detail=(
            "The penalized problem equals a constrained one; the L1 ball has corners on the "
            "axes where the loss contours tend to touch it first, the L2 ball has none. Better "
            "still, you say how often that happens and why the L2 ball gives exact zeros with "
            "probability zero."
        ),
        backing=(
            "[L5: the geometry of sparsity](l5/geometry.md#geometry); "
            "[measuring the corner argument](l5/geometry.md#corner-experiment); "
            "[the gradient near zero](l4.md#l4.penalty.gradient-near-zero)"
        ),
        short=(
            "The penalty is a constraint: the L1 ball's corners sit on the axes, where the "
            "loss's contours often touch first; on the round L2 ball an exact zero has "
            "probability zero."
        ),
        shown_by=("l5", "l6"),
    ),
    Tell(
        anchor="tell-adamw",
        kind=STRONG,
        table="strong-hire",
        name="You distinguish AdamW from Adam with weight decay.",
        detail=(
            "An L2 term in the loss (or `Adam(weight_decay=...)`) is divided by Adam's "
            "per-coordinate normalization; AdamW applies the decay to the weights directly, "
            "outside the adaptive step. You know which one a framework's `weight_decay` means."
        ),
        backing=(
            "[L6: Adam + L2 is not AdamW](l6/adamw.md#adamw); "
            "[where each converges](l6/adamw.md#adamw-fixed-point); "
            "[where decay enters](reference/optimizers.md#where-decay-enters)"
        ),
        short=(
            "Adam divides an L2 term's gradient by each weight's gradient scale; AdamW "
            "shrinks the weights directly, outside the adaptive step. PyTorch's "
            "Adam(weight_decay) is the first, its AdamW the second."
        ),
        shown_by=("l6",),
    ),
    Tell(
        anchor="tell-implicit",
        kind=STRONG,
        table="strong-hire",
        name="You say implicit regularization often matters more in deep networks.",
        detail=(
            "Early stopping, the minimum-norm bias of gradient descent, dropout, normalization "
            "and SGD noise shape the solution, often more than an explicit penalty; at large "
            "scale weight decay is about optimization and stability more than overfitting."
        ),
        backing=(
            "[L6: implicit regularization](l6/implicit.md#implicit-regularization); "
            "[early stopping](l6/implicit.md#early-stopping); "
            "[at very large scale](l6/implicit.md#large-scale)"
        ),
        short=(
            "How a model is trained shapes its solution, often more than a penalty: early "
            "stopping, the minimum-norm bias, dropout, normalization. At scale, weight "
            "decay serves optimization and stability."
        ),
        shown_by=("l6",),
    ),
    Tell(
        anchor="tell-no-reason",
        kind=DOWN,
        table="down-level",
        name='"L1 is sparse, L2 is small", and nothing more.',
        detail="The rule without the reason.",
        backing=(
            "The mechanism: near zero the L1 pull stays at λ while the L2 pull vanishes "
            "([L4](l4.md#l4.penalty.gradient-near-zero)); the corners "
            "([L5](l5/geometry.md#geometry)); exact zeros you can count "
            "([L4](l4.md#l4.diabetes.zeros))"
        ),
        short=(
            "The reason: near zero the L1 pull stays at λ while the L2 pull fades, and the "
            "L1 ball's corners sit on the axes."
        ),
        # The L4 answer states the rule; its page gives the reason.
        shown_by=("l4",),
    ),
    Tell(
        anchor="tell-adamw-confusion",
        kind=DOWN,
        table="down-level",
        name="Confusing AdamW with Adam + weight decay.",
        detail=(
            "Treating `Adam` and `AdamW` given the same `weight_decay` (say "
            "{{ claim reference.optimizers.torch-defaults adamw_weight_decay }}, AdamW's default) "
            'as the same optimizer, or calling AdamW "Adam with an L2 term".'
        ),
        backing=(
            "[L6: Adam + L2 is not AdamW](l6/adamw.md#adamw); "
            "[the two update rules](reference/optimizers.md#adam)"
        ),
        short=(
            "They differ: Adam's weight_decay is an L2 term that Adam divides by each "
            "weight's gradient scale; AdamW shrinks the weights directly, outside the "
            "adaptive step."
        ),
        level="l6",
    ),
    Tell(
        anchor="tell-l1-default",
        kind=DOWN,
        table="down-level",
        name="Suggesting L1 as the default for deep networks.",
        detail=(
            "In practice the default is L2 or decoupled weight decay; L1 is for when you want "
            "sparsity (feature selection, interpretability, sparse computation), and plain SGD "
            "would not deliver the zeros anyway."
        ),
        backing=(
            "[L5: the practitioner's rule](l5/practitioners-rule.md#practitioners-rule); "
            "[L6: what frameworks actually do](l6/proximal.md#frameworks)"
        ),
        short=(
            "The default for deep networks is L2 or decoupled weight decay; L1 is for when "
            "sparsity is the goal, and plain SGD would not give exact zeros anyway."
        ),
        level="l5",
    ),
    Tell(
        anchor="tell-l1-optimizer",
        kind=DOWN,
        table="down-level",
        name="No awareness that L1 needs special optimizers for exact zeros.",
        detail=(
            "Subgradient descent leaves weights hovering near zero; exact zeros come from a "
            "proximal step (soft thresholding: ISTA, FISTA, coordinate descent), thresholding "
            'or pruning, not from "numerical noise".'
        ),
        backing=(
            "[L6: proximal methods](l6/proximal.md#proximal-methods); "
            "[what frameworks do](l6/proximal.md#frameworks)"
        ),
        short=(
            "Exact zeros need an operation that sets them: a proximal step (a soft "
            "threshold), thresholding or pruning. Subgradient descent leaves weights "
            "hovering near zero."
        ),
        level="l6",
    ),
    Tell(
        anchor="tell-regime",
        kind=STRONG,
        table="follow-up",
        name="You separate regularization from optimization.",
        detail=(
            "Small supervised models with few samples per parameter: decay closes a "
            "train/held-out gap. Trillion-token pretraining seen about once: no gap, the model "
            "underfits, and decay is kept for optimization and stability."
        ),
        backing=(
            "[Follow-up: why, in full](follow-up.md#reasoning); "
            "[a regime change you can compute](follow-up.md#regime)"
        ),
        short=(
            "With few samples per parameter, decay closes a train/held-out gap; in "
            "pretraining seen about once there is no gap, and decay is kept for "
            "optimization and stability."
        ),
        shown_by=("follow-up",),
    ),
    Tell(
        anchor="tell-convention",
        kind=STRONG,
        table="follow-up",
        name="You quote a value with its convention.",
        detail=(
            "\"{{ claim follow-up.published-weight-decay.olmo-7b weight_decay }} in PyTorch's "
            'AdamW" is a shrink of learning rate × '
            "{{ claim follow-up.published-weight-decay.olmo-7b weight_decay }} per step, not an "
            "L2 coefficient, and not the paper's λ."
        ),
        backing=(
            "[Follow-up: conventions](follow-up.md#conventions); "
            "[published values](follow-up.md#published-values)"
        ),
        short=(
            "In PyTorch's AdamW, {{ claim follow-up.published-weight-decay.olmo-7b "
            "weight_decay }} shrinks each weight by learning rate times {{ claim "
            "follow-up.published-weight-decay.olmo-7b weight_decay }} per step: not an L2 "
            "coefficient, not the paper's λ."
        ),
        shown_by=("follow-up",),
    ),
    Tell(
        anchor="tell-zero",
        kind=STRONG,
        table="follow-up",
        name="You say when zero is fine, and how you would check.",
        detail=(
            "Data-rich training with no gap, biases and normalization gains (not the weights a "
            "normalization layer follows), short fine-tuning; decided by a sweep that includes "
            "zero."
        ),
        backing="[Follow-up: why, in full](follow-up.md#reasoning)",
        short=(
            "Zero is fine where decay has no job: data-rich training with no gap, biases "
            "and normalization gains, often short fine-tunes. A sweep that includes zero "
            "decides."
        ),
        shown_by=("follow-up",),
    ),
    Tell(
        anchor="tell-pointless",
        kind=DOWN,
        table="follow-up",
        name='"Big models cannot overfit, so weight decay is pointless."',
        detail="Tick this if you said it: it ignores the optimization and stability effects.",
        backing="[Follow-up: why, in full](follow-up.md#reasoning)",
        short=(
            "Decay does more than fight overfitting there: it lowers the training loss and "
            "keeps low-precision training stable. A sweep that includes zero decides."
        ),
        level="follow-up",
    ),
)


def table(name: str) -> list[Tell]:
    """The tells of one table of /tells/, in order."""
    return [tell for tell in TELLS if tell.table == name]


def rubric(level: str) -> list[Tell]:
    """The tells a rehearsal of ``level`` is graded on: the question's for L4, L5 and L6, the
    follow-up's for the follow-up; strong-hire tells first."""
    question = "follow-up" if level == "follow-up" else "question"
    chosen = [tell for tell in TELLS if tell.question == question]
    return sorted(chosen, key=lambda tell: tell.kind != STRONG)


def score(level: str, ticked: set[str]) -> int:
    """An attempt's score: each strong-hire tell ticked counts one, each down-level tell
    ticked costs one (each costs a level)."""
    return sum(
        (1 if tell.kind == STRONG else -1) for tell in rubric(level) if tell.anchor in ticked
    )


def model_score(level: str) -> int:
    """The score of the level's model answer, by the tells it shows."""
    return score(level, {tell.anchor for tell in rubric(level) if level in tell.shown_by})
