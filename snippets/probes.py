"""The interviewer's next questions: the bank of mock follow-ups that /practice/ draws from
after an answer (``{{ probes }}``: engine/markers/practice.py), and the flashcard deck prints.
Each goes with the level whose answer prompts it (after an L4 answer, the probes that lead to
L5), has a short model answer in words a person can say, plain text shown as written (a number
in it is a claim value, written with the page marker ``{{ claim <id> <value> }}``), and the
section that answers it in depth (a page of docs/ and its anchor).
"""

from __future__ import annotations

from dataclasses import dataclass

from snippets.say_it import ANSWERS

# The levels, in the order the bank lists them (the answers'), and how the bank names each
# one's probes: "After the L4 answer".
LEVELS = {level: f"After {answer.title}" for level, answer in ANSWERS.items()}


@dataclass(frozen=True)
class Probe:
    id: str  # its anchor on /practice/ ("probe-<id>") and its key in the reader's progress
    level: str  # one of LEVELS
    question: str
    answer: str  # plain text, shown as written; numbers as claim markers
    short: str  # the answer in at most 35 words, the idea first: its flashcard's back
    depth: tuple[str, str]  # the section that answers it in depth: (its name, "<page>.md#<anchor>")

    @property
    def anchor(self) -> str:
        return f"probe-{self.id}"


PROBES: tuple[Probe, ...] = (
    # -- after L4: the reasons behind the rule ------------------------------------------
    Probe(
        id="why-exact-zeros",
        level="l4",
        question="Why does L1 give exact zeros, and L2 not?",
        answer=(
            "Look at the pull near zero. The L2 penalty's gradient, 2λw, fades with the "
            "weight, so it never finishes the job; the L1 pull stays at λ. At zero every "
            "subgradient between −λ and λ is allowed, so a weight stays exactly at zero "
            "whenever the loss's own gradient there is no larger than λ in size. At a weight of "
            "{{ claim l4.penalty.gradient-near-zero w }} with the same λ, L1 pulls "
            "{{ claim l4.penalty.gradient-near-zero ratio }} times harder."
        ),
        short=(
            "Near zero the L1 pull stays at λ while the L2 pull, 2λw, fades. So under L1 a "
            "weight stays exactly at zero whenever the loss's gradient there is at most λ."
        ),
        depth=("L4: the pull near zero", "l4.md#gradients"),
    ),
    Probe(
        id="bayesian-reading",
        level="l4",
        question="What's the Bayesian reading of the two penalties?",
        answer=(
            "With Gaussian noise, L1 is the MAP estimate under independent Laplace priors on "
            "the weights, L2 under Gaussian priors; λ grows with the noise variance and "
            "shrinks as the prior widens. Only the mode is sparse: for one weight observed "
            "with noise, on {{ claim l5.map.posterior-mean-not-sparse grid_points }} "
            "observed values the MAP is zero at "
            "{{ claim l5.map.posterior-mean-not-sparse grid_zeros_map }}, the posterior mean "
            "at {{ claim l5.map.posterior-mean-not-sparse grid_zeros_posterior_mean }}."
        ),
        short=(
            "With Gaussian noise, L1 is the MAP estimate under Laplace priors, L2 under "
            "Gaussian priors; λ grows with the noise and falls as the prior widens. Only "
            "the mode is sparse."
        ),
        depth=("L5: the Bayesian view", "l5/priors.md#bayesian-view"),
    ),
    Probe(
        id="geometric-picture",
        level="l4",
        question="Can you draw why L1 is sparse?",
        answer=(
            "Write the penalty as a constraint: minimize the loss inside an L1 ball, a "
            "diamond, or an L2 ball. The loss's contours grow until they touch the ball. The "
            "diamond's corners sit on the axes and each has a whole wedge of normal directions, so "
            "many losses touch there first, with a coordinate exactly zero; on the round ball that "
            "needs a gradient pointing exactly along an axis, probability zero. On random "
            "two-dimensional losses: {{ claim l5.geometry.axis-fraction l1_general .0% }} "
            "against {{ claim l5.geometry.axis-fraction l2_general .0% }}."
        ),
        short=(
            "As a constraint, the L1 ball is a diamond with corners on the axes: many "
            "losses touch it first at a corner, where a weight is zero. On the round L2 "
            "ball, almost none."
        ),
        depth=("L5: the geometry of sparsity", "l5/geometry.md#geometry"),
    ),
    Probe(
        id="standardize",
        level="l4",
        question="Do you need to scale the features first?",
        answer=(
            "Yes: neither penalty is scale-invariant. A feature in millimetres needs a weight "
            "a thousand times smaller than the same feature in metres, and the penalty then "
            "barely touches it. Standardize the features, leave the intercept unpenalized, "
            "then choose λ by cross-validation."
        ),
        short=(
            "Yes: neither penalty is scale-invariant, so a feature in small units pays "
            "almost no penalty. Standardize, leave the intercept unpenalized, then choose λ "
            "by cross-validation."
        ),
        depth=(
            "L5: standardize, then cross-validate",
            "l5/practitioners-rule.md#standardize-then-cv",
        ),
    ),
    Probe(
        id="same-alpha",
        level="l4",
        question="Is the same alpha the same strength in scikit-learn's Lasso and Ridge?",
        answer=(
            "No, and not only because the penalties differ: the conventions do. Lasso divides "
            "the squared error by 2n, Ridge does not divide it at all. The textbook lasso "
            "with a halved loss and λ = {{ claim l5.crosswalk.lasso-half lam }} on "
            "{{ claim l5.crosswalk.lasso-half n }} samples is Lasso with alpha = "
            "{{ claim l5.crosswalk.lasso-half alpha }}. Quote a strength with its convention."
        ),
        short=(
            "No: scikit-learn's Lasso divides the squared error by 2n and Ridge does not, "
            "so one alpha is two strengths. Quote a strength with its convention."
        ),
        depth=("L5: the crosswalk", "l5/conventions.md#crosswalk"),
    ),
    Probe(
        id="paths",
        level="l4",
        question="What happens to the coefficients as λ grows?",
        answer=(
            "Lasso coefficients reach zero one by one: on the diabetes data the last to "
            "leave, {{ claim l5.paths.lasso-exit-order last }}, goes at λ = "
            "{{ claim l5.paths.lasso-exit-order lam_max .3f }} in scikit-learn's convention (above it "
            "every coefficient is zero). "
            "Ridge shrinks the whole vector and sets nothing to zero: along its path the "
            "smallest coefficient is {{ claim l5.paths.ridge-never-zero min_abs_coef .3f }} "
            "in size."
        ),
        short=(
            "Lasso coefficients reach exactly zero one by one and stay there. Ridge shrinks "
            "the whole vector and holds none at zero; single coefficients can grow or "
            "change sign on the way."
        ),
        depth=("L5: regularization paths", "l5/paths.md#paths"),
    ),
    # -- after L5: what optimizers do ---------------------------------------------------
    Probe(
        id="sgd-l1-zeros",
        level="l5",
        question="You add an L1 term to a PyTorch loss and train with SGD. Do you get exact zeros?",
        answer=(
            "No. Autograd gives a subgradient, zero at zero, so this is subgradient descent, "
            "and its steps overshoot zero: on the site's lasso, "
            "{{ claim l6.torch.l1-sgd-zeros exact_zeros }} of "
            "{{ claim l6.torch.l1-sgd-zeros n_weights }} weights end exactly zero. A "
            "soft-threshold step after each update, proximal SGD, gives "
            "{{ claim l6.torch.l1-sgd-zeros prox_exact_zeros }}; ISTA reaches the solution's "
            "{{ claim l6.prox.exact-zeros ista_zeros }}."
        ),
        short=(
            "No: autograd's subgradient is zero at zero, so this is subgradient descent, "
            "and weights hover near zero. A soft-threshold step after each update (proximal "
            "SGD) gives exact zeros."
        ),
        depth=("L6: what frameworks actually do", "l6/proximal.md#frameworks"),
    ),
    Probe(
        id="adamw-change",
        level="l5",
        question="What does AdamW change compared with Adam and an L2 term?",
        answer=(
            "Where the decay enters. An L2 term's gradient goes through Adam's normalization, "
            "divided by each weight's running gradient scale, so weights with large gradients "
            "get less decay and weights with small ones more. AdamW multiplies the weights by "
            "one minus learning rate times "
            "weight decay, outside the adaptive step. At learning rate "
            "{{ claim l6.adamw.effective-decay lr }} and weight decay "
            "{{ claim l6.adamw.effective-decay weight_decay }}, with noise gradients of scale "
            "{{ claim l6.adamw.effective-decay small_scale }} and "
            "{{ claim l6.adamw.effective-decay large_scale }}, AdamW removes "
            "{{ claim l6.adamw.effective-decay adamw_small .1e }} and "
            "{{ claim l6.adamw.effective-decay adamw_large .1e }} of a weight per step, Adam "
            "+ L2 {{ claim l6.adamw.effective-decay adam_l2_small .1e }} and "
            "{{ claim l6.adamw.effective-decay adam_l2_large .1e }}."
        ),
        short=(
            "Where the decay enters. Adam divides an L2 term's gradient by each weight's "
            "gradient scale: less decay for large gradients, more for small. AdamW shrinks "
            "the weights directly."
        ),
        depth=(
            "L6: Adam divides the decay by the gradient scale",
            "l6/adamw.md#adamw-effective-decay",
        ),
    ),
    Probe(
        id="l1-deep-net",
        level="l5",
        question="Why not L1 on a deep network?",
        answer=(
            "Three reasons. SGD and Adam on an L1 term leave weights near zero, not at zero: "
            "exact zeros need a proximal step, thresholding or pruning. Scattered zeros in a "
            "dense matrix save nothing on dense kernels; useful sparsity in networks is "
            "structured. And the practice is weight decay, mostly decoupled. L1 is for when "
            "sparsity is the goal."
        ),
        short=(
            "SGD gives no exact zeros, scattered zeros save nothing on dense kernels, and "
            "the practice is weight decay. L1 is for when sparsity is the goal."
        ),
        depth=("L5: the practitioner's rule", "l5/practitioners-rule.md#practitioners-rule"),
    ),
    Probe(
        id="correlated-features",
        level="l5",
        question="Two features are near copies of each other. What do the lasso and ridge do?",
        answer=(
            "Ridge shares the weight between them and has one stable solution. The lasso "
            "cannot tell the splits apart and keeps one: with a feature entered twice it "
            "returns {{ claim l6.enet.duplicate-column lasso_w1 .3f }} and "
            "{{ claim l6.enet.duplicate-column lasso_w2 .0e }}, the elastic net "
            "{{ claim l6.enet.duplicate-column enet_w1 .3f }} and "
            "{{ claim l6.enet.duplicate-column enet_w2 .3f }}. Across bootstrap resamples the "
            "sets the lasso selects agree less: Jaccard similarity "
            "{{ claim l6.enet.bootstrap-stability lasso_stability .2f }} against "
            "{{ claim l6.enet.bootstrap-stability enet_stability .2f }}."
        ),
        short=(
            "Ridge shares the weight between them and has one stable solution; the lasso "
            "keeps one, arbitrarily. The elastic net splits the weight and selects more "
            "stably."
        ),
        depth=("L6: one feature, entered twice", "l6/elastic-net.md#duplicate-column"),
    ),
    Probe(
        id="decay-is-l2",
        level="l5",
        question="Are weight decay and L2 regularization the same thing?",
        answer=(
            "For plain SGD, yes, after rescaling: decoupled decay λ at learning rate η is "
            "an L2 coefficient of λ over η (Loshchilov and Hutter's Proposition 1); the "
            "site's two runs agree to {{ claim l6.adamw.sgd-equivalence max_abs_diff .0e }}. "
            "Under Adam they are not: the L2 gradient is rescaled per coordinate, the decay "
            "is not."
        ),
        short=(
            "For plain SGD, yes: decoupled decay λ at learning rate η is an L2 coefficient "
            "λ/η. Under Adam, no: the L2 gradient is rescaled per coordinate, the decay is "
            "not."
        ),
        depth=("L6: for SGD they are the same", "l6/adamw.md#sgd-equivalence"),
    ),
    Probe(
        id="more-features-than-samples",
        level="l5",
        question="There are more features than samples. How many can the lasso keep?",
        answer=(
            "At most n, for data in general position, and one fewer once the data are "
            "centred. With {{ claim l6.enet.at-most-n n }} samples and "
            "{{ claim l6.enet.at-most-n p }} features, the exact lasso path never has more "
            "than {{ claim l6.enet.at-most-n lasso_max_nonzeros }} non-zero coefficients. "
            "The elastic net's L2 part lifts the cap: its path reaches all "
            "{{ claim l6.enet.at-most-n enet_max_nonzeros }}."
        ),
        short=(
            "At most n, for X in general position, and one fewer with an intercept. The "
            "elastic net's L2 part lifts the cap."
        ),
        depth=("L6: more features than samples", "l6/elastic-net.md#at-most-n"),
    ),
    # -- after L6: deeper -------------------------------------------------------------------
    Probe(
        id="early-stopping",
        level="l6",
        question="Is early stopping a regularizer? How does it compare with ridge?",
        answer=(
            "In least squares, gradient flow from zero stopped at time t is close to ridge at "
            "λ = 1/t. Ali, Kolter and Tibshirani bound its estimation risk by "
            "{{ claim l6.implicit.early-stopping-bound constant }} times ridge's, for every "
            "design, every true coefficient vector and every t: a bound, not an equality. On "
            "the site's random design the ratio of their Bayes risks stays between "
            "{{ claim l6.implicit.early-stopping-vs-ridge min_risk_ratio .2f }} and "
            "{{ claim l6.implicit.early-stopping-vs-ridge max_risk_ratio .2f }}."
        ),
        short=(
            "Yes: in least squares, gradient flow from zero stopped at time t is close to "
            "ridge at λ = 1/t. Its estimation risk is at most {{ claim "
            "l6.implicit.early-stopping-bound constant g }} times ridge's: a bound, not an "
            "equality."
        ),
        depth=("L6: early stopping is almost ridge", "l6/implicit.md#early-stopping"),
    ),
    Probe(
        id="min-norm",
        level="l6",
        question="With more parameters than samples, which solution does gradient descent find?",
        answer=(
            "On least squares from zero, the minimum-L2-norm interpolant: its iterates never "
            "leave the row space of X. On a {{ claim l6.implicit.min-norm n }} by "
            "{{ claim l6.implicit.min-norm p }} problem it ends within "
            "{{ claim l6.implicit.min-norm max_abs_diff_zero_init .0e }} of the "
            "pseudo-inverse solution. From a random start it ends "
            "{{ claim l6.implicit.min-norm distance_from_min_norm .2f }} away: the start's "
            "null-space component never changes."
        ),
        short=(
            "On least squares from zero, the minimum-L2-norm interpolant: every gradient "
            "lies in the row space of X, so the start's null-space part never changes."
        ),
        depth=("L6: gradient descent finds the minimum-norm solution", "l6/implicit.md#min-norm"),
    ),
    Probe(
        id="batch-norm-decay",
        level="l6",
        question="What does weight decay do to a weight followed by batch norm?",
        answer=(
            "It cannot change the function, which ignores that weight's scale. It changes the "
            "effective learning rate: scaling the weights by c scales the gradient by 1/c "
            "(measured: {{ claim l6.implicit.batchnorm-scale-invariance grad_scale_ratio .3f }} "
            "at c = {{ claim l6.implicit.batchnorm-scale-invariance c }}), so a step of η turns "
            "the direction as much as a step of η over the squared norm would at unit norm. "
            "Decay keeps the norm small and the effective rate up: tune the two together."
        ),
        short=(
            "It cannot change the function, which ignores that weight's scale. It keeps the "
            "norm small, which raises the effective learning rate: tune decay and learning "
            "rate together."
        ),
        depth=("L6: batch normalization", "l6/implicit.md#batch-norm"),
    ),
    Probe(
        id="dropout-ridge",
        level="l6",
        question="How is dropout related to L2?",
        answer=(
            "For a linear model with squared loss, averaging over dropout masks gives the "
            "loss at scaled-down weights plus a ridge penalty that weights each coefficient by "
            "its feature's sum of squares: a data-dependent ridge. The closed form and the "
            "mean over {{ claim l6.implicit.dropout-is-ridge samples }} masks agree to a "
            "relative error of {{ claim l6.implicit.dropout-is-ridge rel_err .1% }}."
        ),
        short=(
            "For linear regression, averaged over masks, dropout adds a ridge penalty that "
            "weights each coefficient by its feature's sum of squares: a data-dependent "
            "ridge."
        ),
        depth=("L6: dropout is a data-dependent ridge", "l6/implicit.md#dropout"),
    ),
    Probe(
        id="lasso-bias",
        level="l6",
        question="The lasso picked your features. Can you trust its coefficients?",
        answer=(
            "Not their size: the soft threshold that makes the zeros also shrinks the "
            "survivors. On the site's lasso its estimates of the true coefficients fall short of "
            "them in size by {{ claim l6.prox.lasso-bias lasso_shortfall .2f }} on average; "
            "least squares refitted on the kept features, by "
            "{{ claim l6.prox.lasso-bias refit_shortfall .2f }}. "
            "Refit, or use the relaxed or adaptive lasso. And the selection keeps false "
            "features: {{ claim l6.prox.lasso-bias false_kept }} of "
            "{{ claim l6.prox.lasso-bias kept }} here."
        ),
        short=(
            "Trust the selection more than the sizes: the soft threshold also shrinks the "
            "survivors. Refit least squares on the kept features, or use the relaxed or "
            "adaptive lasso."
        ),
        depth=("L6: exact zeros, shrunk survivors", "l6/proximal.md#lasso-bias"),
    ),
    Probe(
        id="ista-fista",
        level="l6",
        question="ISTA or FISTA: what is the difference?",
        answer=(
            "Both take a gradient step on the smooth loss, then soft-threshold. FISTA adds "
            "Nesterov momentum, which improves the worst-case bound on the objective gap from "
            "order 1/k to order 1/k², at the cost of monotonicity. On the site's lasso after "
            "{{ claim l6.prox.rates iterations }} iterations the gaps are "
            "{{ claim l6.prox.rates ista_gap .1e }} and {{ claim l6.prox.rates fista_gap .1e }}; "
            "subgradient descent stalls at {{ claim l6.prox.rates subgradient_gap .3g }}."
        ),
        short=(
            "Both take a gradient step, then soft-threshold. FISTA adds Nesterov momentum: "
            "a worst-case bound of order 1/k² instead of 1/k, but the objective may rise."
        ),
        depth=("L6: convergence rates", "l6/proximal.md#prox-rates"),
    ),
    Probe(
        id="adamw-fixed-point",
        level="l6",
        question="Where does AdamW converge on a convex problem?",
        answer=(
            "With exact gradients, if it converges, to the minimizer of the loss inside a "
            "max-norm box of radius one over weight decay, in PyTorch's convention, as ε goes "
            "to zero. Adam + L2's fixed point is the ridge solution; at a constant learning "
            "rate it reaches it, then hovers within "
            "{{ claim l6.adamw.quadratic-fixed-point adam_l2_band .1e }} of it. On the site's "
            "three-weight quadratic, Adam + L2 ends at "
            "{{ claim l6.adamw.quadratic-fixed-point adam_l2_w1 .3f }}, "
            "{{ claim l6.adamw.quadratic-fixed-point adam_l2_w2 .3f }} and "
            "{{ claim l6.adamw.quadratic-fixed-point adam_l2_w3 .3f }}, AdamW at about "
            "{{ claim l6.adamw.quadratic-fixed-point adamw_box }} in all three: a box, not a ball."
        ),
        short=(
            "With exact gradients, if it converges, to the loss's minimizer inside a "
            "max-norm box of radius one over PyTorch's weight decay, up to a correction "
            "that vanishes as ε goes to zero."
        ),
        depth=("L6: where each one converges", "l6/adamw.md#adamw-fixed-point"),
    ),
    Probe(
        id="implicit-l1",
        level="l6",
        question="Can gradient descent be sparse without any L1 term?",
        answer=(
            "Yes, through the parameterization. Write w = u⊙u − v⊙v and run gradient descent "
            "from a small start: on a noiseless system with a "
            "{{ claim l6.implicit.diagonal-net k }}-sparse truth it ends within "
            "{{ claim l6.implicit.diagonal-net small_gap_to_min_l1 .4f }} of the minimum-L1 "
            "interpolant. From a large start it ends at the minimum-L2 one instead: same "
            "model, same loss, another path."
        ),
        short=(
            "Yes, through the parameterization: gradient descent on w = u⊙u − v⊙v from a "
            "small start ends near the minimum-L1 interpolant; from a large start, near the "
            "minimum-L2 one."
        ),
        depth=("L6: SGD noise and architecture", "l6/implicit.md#sgd-noise"),
    ),
    # -- after the follow-up ------------------------------------------------------------
    Probe(
        id="what-0-1-means",
        level="follow-up",
        question="What does “weight decay 0.1” mean?",
        answer=(
            "Nothing until you give the convention. In PyTorch's AdamW it is a shrink of "
            "learning rate times {{ claim follow-up.convention.per-step-shrink wd }} per step: at OLMo-7B's peak learning rate of "
            "{{ claim follow-up.convention.per-step-shrink lr }}, "
            "{{ claim follow-up.convention.per-step-shrink shrink_per_step }} per step. "
            "Loshchilov and Hutter's λ for the same decay is "
            "{{ claim follow-up.convention.per-step-shrink paper_lambda }}; plain SGD at "
            "learning rate {{ claim follow-up.convention.per-step-shrink sgd_lr }} needs an "
            "L2 coefficient of {{ claim follow-up.convention.per-step-shrink sgd_l2_equivalent }}. "
            "For Adam with an L2 term no number converts."
        ),
        short=(
            "Nothing without its convention. In PyTorch's AdamW, {{ claim "
            "follow-up.published-weight-decay.olmo-7b weight_decay }} is a shrink of "
            "learning rate times {{ claim follow-up.published-weight-decay.olmo-7b "
            "weight_decay }} per step; the paper's λ and coupled L2 are other numbers."
        ),
        depth=("Follow-up: what a value means", "follow-up.md#conventions"),
    ),
    Probe(
        id="decay-timescale",
        level="follow-up",
        question="How strong is weight decay over a whole training run?",
        answer=(
            "Compare its timescale, one over learning rate times weight decay, with the run. "
            "OLMo-7B: {{ claim follow-up.convention.decay-timescale timescale_steps }} steps "
            "at the peak rate, against {{ claim follow-up.convention.decay-timescale run_steps }} "
            "steps, {{ claim follow-up.convention.decay-timescale run_over_timescale .1f }} "
            "timescales. Over its schedule, decay alone would leave "
            "{{ claim follow-up.convention.decay-timescale kept_after_run .1e }} of a weight. "
            "So a weight decay transfers only with its learning rate, schedule and length."
        ),
        short=(
            "Compare its timescale, one over learning rate times weight decay, with the "
            "run's length. A weight decay transfers only with its learning rate, schedule "
            "and run length."
        ),
        depth=("Follow-up: conventions and timescale", "follow-up.md#conventions"),
    ),
    Probe(
        id="exclusions",
        level="follow-up",
        question="Which parameters do you exclude from weight decay, and why?",
        answer=(
            "Biases and normalization gains and offsets: they are few, so they carry little "
            "capacity, and a gain's natural value is one, not zero. Weights that a "
            "normalization layer follows keep their decay: the function ignores their scale, "
            "and decay keeps their norm small, which raises the effective learning rate."
        ),
        short=(
            "Biases and normalization gains and offsets: they are few, and a gain's natural "
            "value is one. Weights that normalization follows keep their decay: it raises "
            "their effective learning rate."
        ),
        depth=("Follow-up: why, in full", "follow-up.md#reasoning"),
    ),
    Probe(
        id="fine-tuning",
        level="follow-up",
        question="Would you keep weight decay when fine-tuning a pretrained model?",
        answer=(
            "It often barely matters, and it pulls the wrong way: towards zero, not towards "
            "the pretrained weights. With a fine-tuning learning rate, its timescale, one "
            "over learning rate times weight decay, is usually much longer than the run. I "
            "would include zero in the sweep."
        ),
        short=(
            "It often barely matters, and it pulls towards zero, not the pretrained "
            "weights; its timescale is usually longer than the run. Include zero in the "
            "sweep."
        ),
        depth=("Follow-up: why, in full", "follow-up.md#reasoning"),
    ),
    Probe(
        id="cannot-overfit",
        level="follow-up",
        question="A big model sees each token once, so it cannot overfit. Why keep weight decay?",
        answer=(
            "Because there it is not a regularizer. With no train/held-out gap, D'Angelo et "
            "al. find it lowers the training loss, by controlling the effective learning "
            "rate, and prevents loss divergences in bfloat16 training; Muon needed it to work "
            "at scale. LLaMA still used {{ claim follow-up.published-weight-decay.llama weight_decay }} "
            "in AdamW. Decide with a sweep that includes zero, not by belief."
        ),
        short=(
            "There it is not a regularizer: it lowers the training loss and prevents loss "
            "divergences in bfloat16. Decide with a sweep that includes zero, not by "
            "belief."
        ),
        depth=("L6: at very large scale", "l6/implicit.md#large-scale"),
    ),
    Probe(
        id="when-it-helps",
        level="follow-up",
        question="When does weight decay help most?",
        answer=(
            "When there is a gap between training and held-out loss to close: few samples per "
            "parameter, many passes. On the site's logistic regression, tuned decay lowers "
            "the held-out loss by {{ claim follow-up.regime.weight-decay-benefit gain_small .2f }} "
            "nats with {{ claim follow-up.regime.weight-decay-benefit per_param_small }} "
            "samples per parameter, and by nothing measurable, "
            "{{ claim follow-up.regime.weight-decay-benefit gain_large .4f }}, with "
            "{{ claim follow-up.regime.weight-decay-benefit per_param_large }}."
        ),
        short=(
            "When there is a gap between training and held-out loss to close: few samples "
            "per parameter, many passes over the data."
        ),
        depth=("Follow-up: a regime change you can compute", "follow-up.md#regime"),
    ),
)

BY_ID: dict[str, Probe] = {probe.id: probe for probe in PROBES}


def of_level(level: str) -> list[Probe]:
    return [probe for probe in PROBES if probe.level == level]
