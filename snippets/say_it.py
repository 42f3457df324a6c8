"""The answers to say aloud: the one source of each answer page's "Say it" card, read by the
pages, /practice/ and the PDF (the build expands ``{{ answer <level> }}``: hooks/answers.py),
and by anything else that needs the text (a flashcard deck reads ``ANSWERS``). Each card's
length and speaking time is a claim of its page, ``<level>.say-it.length``, computed here by
``length`` (snippets/l4/say_it.py and its kin declare them).
"""

from __future__ import annotations

from dataclasses import dataclass

from snippets.contract import markers

# A conversational pace: an answer of 140 words takes about a minute to say.
WORDS_PER_MINUTE = 140
# Speaking times are shown to the nearest 5 s: nobody times an answer more finely.
SECONDS_STEP = 5

QUESTION = "L1 vs L2 regularization: what's the difference, and when do you use which?"
FOLLOW_UP_QUESTION = "You said weight decay is the default. When would you turn it off?"


@dataclass(frozen=True)
class Answer:
    """One answer to say aloud. ``points`` are its bullets, in plain spoken words; a number
    in them is a claim value, written with the page marker ``{{ claim <id> <value> }}``.
    ``adds`` and the links in it are Markdown, relative to docs/."""

    level: str  # "l4", "l5", "l6", "follow-up": the page it opens, and its claims' prefix
    title: str  # how the card names it: "the L5 answer"
    question: str
    points: tuple[str, ...]
    budget: int  # the most words ``points`` may take
    adds: str  # what this answer adds over the one below it, with links to the evidence
    builds_on: str = ""  # the level whose answer this one is said on top of

    @property
    def page(self) -> str:
        """The page that opens with this card (docs/<level>.md)."""
        return f"{self.level}.md"

    @property
    def length_claim(self) -> str:
        return f"{self.level}.say-it.length"


L4 = Answer(
    level="l4",
    title="the L4 answer",
    question=QUESTION,
    points=(
        "Both add a penalty on the weights to the loss: L1 sums their absolute values, L2 "
        "their squares.",
        "L1 sets some weights exactly to zero, so it selects features; L2 shrinks every weight "
        "but zeroes none.",
        "Use L1 to select a few features; L2 is the default when many features each help a little.",
    ),
    budget=60,
    adds=(
        "The formulas with their conventions, and why L1 gives exact zeros: its pull on a "
        "weight does not fade near zero ([the pull near zero](l4.md#gradients), "
        "[on real data](l4.md#diabetes))."
    ),
)

L5 = Answer(
    level="l5",
    title="the L5 answer",
    question=QUESTION,
    points=(
        "Both penalize the weights: L1 by the sum of absolute values, L2 by the sum of "
        "squares. Neither is scale-invariant, so standardize the features, then choose lambda "
        "by cross-validation.",
        "Give the convention with the number: scikit-learn's Lasso divides the squared error "
        "by 2n and its Ridge does not, so the same alpha is a different strength.",
        "As priors, with Gaussian noise: L1 is the MAP estimate under a Laplace prior, L2 under "
        "a Gaussian one, and a narrower prior or noisier data means a larger lambda. Only the "
        "mode is sparse, not the posterior mean.",
        "As geometry, the penalty is a constraint. The L1 ball has corners on the axes, and "
        "the loss contours often touch it first at a corner, where weights are exactly zero; "
        "on the round L2 ball an exact zero has probability zero.",
        "In practice: weight decay by default, L1 for a sparse, readable model. With "
        "correlated features L2 shares the weight and stays stable, while the lasso keeps one "
        "arbitrarily: use the elastic net when you still want selection.",
    ),
    budget=180,
    adds=(
        "Over L4, the reasons: [the conventions](l5/conventions.md#conventions), "
        "[the priors](l5/priors.md#bayesian-view), "
        "[the geometry](l5/geometry.md#geometry) and how often it gives zeros "
        "([measured](l5/geometry.md#corner-experiment)), [the paths](l5/paths.md#paths), "
        "and [when to use which](l5/practitioners-rule.md#practitioners-rule)."
    ),
)

L6 = Answer(
    level="l6",
    title="the L6 answer",
    question=QUESTION,
    points=(
        "SGD on an L1 term leaves weights hovering near zero; exact zeros come from a "
        "proximal step, the soft threshold in ISTA, FISTA or coordinate descent. The lasso "
        "also shrinks the weights it keeps: refit them by least squares, or use the relaxed "
        "or adaptive lasso. It keeps at most n features; the elastic net lifts that cap and "
        "keeps correlated groups together.",
        "Under Adam, an L2 term's gradient is divided by each weight's gradient scale, so "
        "weights with large gradients are barely regularized. AdamW decouples it: each step "
        "multiplies the weights by one minus learning rate times weight decay. Full-batch, "
        "its fixed point minimizes a convex loss inside a max-norm box of one over weight "
        "decay.",
        "That shrink follows the learning-rate schedule: its strength is the timescale, one "
        "over learning rate times weight decay, against the run's length.",
        "Exclude biases and normalization gains from decay: they are few, and a gain's "
        "natural value is one, not zero. Keep it on weights that normalization follows, tuned "
        "with the learning rate.",
        "Much regularization is implicit. In least squares, early stopping at time t has at "
        "most {{ claim l6.implicit.early-stopping-bound rounded }} times the risk of ridge at "
        "lambda one over t, a bound; gradient descent from zero finds the minimum-norm "
        "solution. At LLM scale, weight decay serves optimization and stability, not "
        "overfitting.",
    ),
    budget=220,
    builds_on="l5",
    adds=(
        "Over L5, what optimizers do: [proximal methods](l6/proximal.md#proximal-methods), "
        "[the lasso's shrunk survivors](l6/proximal.md#lasso-bias) "
        "and [what frameworks do](l6/proximal.md#frameworks), "
        "[Adam + L2 against AdamW](l6/adamw.md#adamw) and "
        "[where each converges](l6/adamw.md#adamw-fixed-point), "
        "[the elastic net](l6/elastic-net.md#elastic-net), "
        "[implicit regularization](l6/implicit.md#implicit-regularization) and "
        "[weight decay at scale](l6/implicit.md#large-scale)."
    ),
)

FOLLOW_UP = Answer(
    level="follow-up",
    title="the answer to the follow-up",
    question=FOLLOW_UP_QUESTION,
    points=(
        "Where it has nothing to regularize and nothing to stabilize, and I would decide that "
        "with a sweep that includes zero.",
        "First, biases and normalization gains: most training code excludes them, because "
        "they are few and a gain's natural value is one, not zero. I keep it on weights that "
        "normalization follows: there it controls the effective learning rate.",
        "Second, data-rich runs with no gap between training and held-out loss, if training "
        "stays stable without it. LLM pretraining still typically uses "
        "{{ claim follow-up.published-weight-decay.llama weight_decay }} in AdamW, not "
        "against overfitting but for a lower training loss and against divergences in "
        "bfloat16.",
        "Third, short fine-tunes: decay pulls towards zero, not towards the pretrained "
        "weights, and its timescale, one over learning rate times weight decay, is usually "
        "longer than the run.",
        "And I give the convention: in PyTorch's AdamW, "
        "{{ claim follow-up.published-weight-decay.llama weight_decay }} means a shrink of "
        "learning rate times {{ claim follow-up.published-weight-decay.llama weight_decay }} "
        "per step.",
    ),
    budget=150,
    adds=(
        "Over the L6 answer, the regime: [why, in full](follow-up.md#reasoning), "
        "[published values](follow-up.md#published-values), "
        "[what a value means in each convention](follow-up.md#conventions) and "
        "[a regime change you can compute](follow-up.md#regime)."
    ),
)

ANSWERS: dict[str, Answer] = {a.level: a for a in (L4, L5, L6, FOLLOW_UP)}


def spoken_words(text: str) -> list[str]:
    """The words of ``text`` as said aloud: a claim value counts as one word."""
    out, position = [], 0
    for marker in markers(text):
        out += text[position : marker.start].split() + ["N"]
        position = marker.end
    out += text[position:].split()
    # A dash or a bare symbol between spaces is not said.
    return [word for word in out if any(c.isalnum() for c in word)]


def word_count(answer: Answer) -> int:
    return sum(len(spoken_words(point)) for point in answer.points)


def speaking_seconds(words: int) -> int:
    """Seconds to say ``words`` at ``WORDS_PER_MINUTE``, to the nearest ``SECONDS_STEP``."""
    return SECONDS_STEP * round(words * 60 / WORDS_PER_MINUTE / SECONDS_STEP)


def length(level: str) -> dict:
    answer = ANSWERS[level]
    words = word_count(answer)
    values = {
        "words": words,
        "budget": answer.budget,
        "seconds": speaking_seconds(words),
        "words_per_minute": WORDS_PER_MINUTE,
        "points": len(answer.points),
    }
    if answer.builds_on:  # said on top of the answer below it
        together = words + word_count(ANSWERS[answer.builds_on])
        values |= {"words_together": together, "seconds_together": speaking_seconds(together)}
    return values


def statement(answer: Answer) -> str:
    """The statement of an answer's length claim, with its values as ``{fields}``."""
    together = ""
    if answer.builds_on:
        together = (
            f"; with {ANSWERS[answer.builds_on].title}, which it builds on, {{words_together}} "
            "words, about {seconds_together} s"
        )
    return (
        f"{answer.title[0].upper()}{answer.title[1:]} to say aloud is {{words}} words in "
        f"{{points}} points (its budget: {{budget}}), about {{seconds}} s at "
        f"{{words_per_minute}} words a minute{together}."
    )
