"""The formulas a candidate should know by heart, each with its convention: the one source of
the flashcard deck's formula cards (engine/publishing/deck.py makes each a cloze card: the formula is the
gap). Written as readable plain text, not LaTeX, since a card is read in Anki or a spreadsheet;
the pages derive each formula in LaTeX beside its evidence (the section named here).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Formula:
    name: str  # what the formula gives, as the card's prompt says it
    formula: str  # plain text: the gap of the cloze card
    convention: str  # where the 1/2 and the 1/n sit, or what the symbols are
    level: str  # the answer level that needs it: "l4", "l5", "l6", "follow-up"
    section: tuple[str, str]  # where it is derived: (its name, "<page>.md#<anchor>")


FORMULAS: tuple[Formula, ...] = (
    Formula(
        name="The L1 penalty",
        formula="λ‖w‖₁ = λ Σⱼ |wⱼ|",
        convention="added to the loss as is",
        level="l4",
        section=("L4: the two objectives", "l4.md#objectives"),
    ),
    Formula(
        name="The L2 penalty",
        formula="λ‖w‖₂² = λ Σⱼ wⱼ²",
        convention="added to the loss as is",
        level="l4",
        section=("L4: the two objectives", "l4.md#objectives"),
    ),
    Formula(
        name="The pull of each penalty on a weight w ≠ 0",
        formula="L1: λ·sign(w); L2: 2λw",
        convention="penalties λ|w| and λw²",
        level="l4",
        section=("L4: the pull near zero", "l4.md#gradients"),
    ),
    Formula(
        name="A weight wⱼ = 0 is optimal under λ‖w‖₁ when",
        formula="|∂L/∂wⱼ| ≤ λ at wⱼ = 0",
        convention="a convex loss L, the other weights at their optimum",
        level="l4",
        section=("L4: the pull near zero", "l4.md#gradients"),
    ),
    Formula(
        name="What scikit-learn's Lasso minimizes",
        formula="(1/(2n))‖y − Xw‖² + α‖w‖₁",
        convention="n samples; the 1/(2n) is on the squared error",
        level="l5",
        section=("L5: the crosswalk", "l5/conventions.md#crosswalk"),
    ),
    Formula(
        name="What scikit-learn's Ridge minimizes",
        formula="‖y − Xw‖² + α‖w‖²",
        convention="no 1/2, no 1/n",
        level="l5",
        section=("L5: the crosswalk", "l5/conventions.md#crosswalk"),
    ),
    Formula(
        name="The lasso's λ as a prior: noise variance σ², Laplace scale b",
        formula="λ = σ²/b",
        convention="for ½‖y − Xw‖² + λ‖w‖₁",
        level="l5",
        section=("L5: the Bayesian view", "l5/priors.md#bayesian-view"),
    ),
    Formula(
        name="Ridge's λ as a prior: noise variance σ², Gaussian prior variance τ²",
        formula="λ = σ²/τ²",
        convention="for ‖y − Xw‖² + λ‖w‖²",
        level="l5",
        section=("L5: the Bayesian view", "l5/priors.md#bayesian-view"),
    ),
    Formula(
        name="The lasso with orthonormal features, z = Xᵀy",
        formula="wⱼ = sign(zⱼ)·max(|zⱼ| − λ, 0)",
        convention="½‖y − Xw‖² + λ‖w‖₁, XᵀX = I",
        level="l5",
        section=("L5: the closed forms", "l5/paths.md#orthonormal"),
    ),
    Formula(
        name="Ridge with orthonormal features, z = Xᵀy",
        formula="wⱼ = zⱼ/(1 + λ)",
        convention="‖y − Xw‖² + λ‖w‖², XᵀX = I",
        level="l5",
        section=("L5: the closed forms", "l5/paths.md#orthonormal"),
    ),
    Formula(
        name="The soft threshold, the proximal map of t|x|",
        formula="sign(z)·max(|z| − t, 0)",
        convention="argmin over x of ½(x − z)² + t|x|",
        level="l6",
        section=("L6: proximal methods", "l6/proximal.md#proximal-methods"),
    ),
    Formula(
        name="PyTorch's Adam(weight_decay=wd), coupled L2",
        formula="g ← ∇f(θ) + wd·θ, then the Adam step on g",
        convention="the decay is divided by √v̂ + ε with the rest",
        level="l6",
        section=("L6: Adam + L2 is not AdamW", "l6/adamw.md#adamw"),
    ),
    Formula(
        name="PyTorch's AdamW(weight_decay=wd), decoupled",
        formula="θ ← θ·(1 − lr·wd), then the Adam step on ∇f(θ)",
        convention="the paper's λ is lr·wd",
        level="l6",
        section=("L6: Adam + L2 is not AdamW", "l6/adamw.md#adamw"),
    ),
    Formula(
        name="The L2 coefficient λ′ of SGD that equals decoupled decay λ at learning rate η",
        formula="λ′ = λ/η",
        convention="SGD on f + (λ′/2)‖θ‖²; Loshchilov & Hutter's Proposition 1",
        level="l6",
        section=("L6: for SGD they are the same", "l6/adamw.md#sgd-equivalence"),
    ),
    Formula(
        name="The box that full-batch AdamW's limit minimizes the loss in",
        formula="‖w‖∞ ≤ 1/wd",
        convention="PyTorch's weight_decay; if it converges, as ε → 0",
        level="l6",
        section=("L6: where each one converges", "l6/adamw.md#adamw-fixed-point"),
    ),
    Formula(
        name="What scikit-learn's ElasticNet minimizes, r = l1_ratio",
        formula="(1/(2n))‖y − Xw‖² + αr‖w‖₁ + (α(1 − r)/2)‖w‖²",
        convention="n samples",
        level="l6",
        section=("L6: elastic net", "l6/elastic-net.md#elastic-net"),
    ),
    Formula(
        name="The ridge that gradient flow stopped at time t compares with",
        formula="λ = 1/t",
        convention="on (1/(2n))‖y − Xb‖², ridge with (λ/2)‖b‖²",
        level="l6",
        section=("L6: early stopping is almost ridge", "l6/implicit.md#early-stopping"),
    ),
    Formula(
        name="The timescale of weight decay, in steps",
        formula="1/(lr·wd)",
        convention="PyTorch's AdamW weight_decay wd at learning rate lr",
        level="follow-up",
        section=("Follow-up: what a value means", "follow-up.md#conventions"),
    ),
)
