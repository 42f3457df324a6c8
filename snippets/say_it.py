"""The answers to say aloud: the one source of each answer page's "Say it" card, read by the
pages, /practice/ and the PDF (the build expands ``{{ answer <level> }}``: engine/markers/answers.py),
and by anything else that needs the text (the flashcard deck reads ``ANSWERS``). Each card's
length and speaking time is a claim of its page, ``<level>.say-it.length``, computed by
``length``, which first checks the rules of words written for the ear (``problems``): a card
that breaks one stops the build. snippets/<level>/say_it.py declares it (``length_claim``).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass

from snippets.contract import markers, replace_markers
from snippets.evidence import claim

# A conversational pace: an answer of 140 words takes about a minute to say.
WORDS_PER_MINUTE = 140
# Speaking times are shown to the nearest 5 s: nobody times an answer more finely.
SECONDS_STEP = 5

# Words for the ear: a cue a listener can hold, then one or two sentences that are said in a
# breath. A cue is a sentence of its own.
CUE_WORDS = 7
SENTENCES_PER_POINT = 2
SENTENCE_WORDS = 30
# A listener keeps up to three names in one sentence; a fourth makes a list to read, not to hear.
NAMES_PER_LIST = 3
# A name, in a list: an item of at most this many words (a method, an optimizer, a paper).
NAME_WORDS = 3

QUESTION = "L1 vs L2 regularization: what's the difference, and when do you use which?"
FOLLOW_UP_QUESTION = "You said weight decay is the default. When would you turn it off?"


@dataclass(frozen=True)
class Point:
    """One point of an answer: the cue the candidate remembers (bold on the card, said first,
    a sentence of at most ``CUE_WORDS`` words), then what is said to make it precise (at most
    ``SENTENCES_PER_POINT`` sentences). Both are plain text, shown as written; a number in them
    is a claim value, written with the page marker ``{{ claim <id> <value> }}``. ``ask`` is the
    question the cue answers: the front of its flashcard."""

    cue: str
    said: str
    ask: str

    @property
    def text(self) -> str:
        """The point as it is said: the cue, then the sentences."""
        return f"{self.cue} {self.said}"


@dataclass(frozen=True)
class Answer:
    """One answer to say aloud, a few ``points`` in spoken words. ``adds`` (Markdown, its links
    relative to docs/) says what this answer adds over the one below it, and how to say it: it
    is printed under the card, not said."""

    level: str  # "l4", "l5", "l6", "follow-up": the page it opens, and its claims' prefix
    name: str  # the level's name wherever the level is named: "L5", "Follow-up"
    title: str  # how the card names it: "the L5 answer"
    question: str
    points: tuple[Point, ...]
    budget: int  # the most words ``points`` may take, cues included
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
    name="L4",
    title="the L4 answer",
    question=QUESTION,
    points=(
        Point(
            cue="L1 sums absolute values, L2 sums squares.",
            said="Each penalty is added to the loss.",
            ask="What are the L1 and L2 penalties?",
        ),
        Point(
            cue="L1 can set weights exactly to zero.",
            said="So it selects features.",
            ask="What does L1 do to the weights that L2 does not?",
        ),
        Point(
            cue="L2 shrinks the weights as a whole.",
            said="It zeroes almost none, and single weights can even grow.",
            ask="What does L2 do to the weights?",
        ),
        Point(
            cue="Use L1 to select, L2 by default.",
            said="L2 suits many features that each help a little.",
            ask="When do you use L1, and when L2?",
        ),
    ),
    budget=60,
    adds=(
        "The formulas with their conventions, and why L1 gives exact zeros: its pull on a "
        "weight does not fade near zero ([the pull near zero](l4.md#gradients), "
        "[on real data](l4.md#diabetes)). Ridge shrinks the vector, not each coefficient "
        "([the ridge path](l5/paths.md#paths))."
    ),
)

L5 = Answer(
    level="l5",
    name="L5",
    title="the L5 answer",
    question=QUESTION,
    points=(
        Point(
            cue="Conventions decide what lambda means.",
            said=(
                "Neither penalty is scale-invariant, so I standardize first and tune lambda by "
                "cross-validation. In scikit-learn, Lasso divides the squared error by 2n and "
                "Ridge does not, so one alpha is two strengths."
            ),
            ask="Why does the same lambda not mean the same strength everywhere?",
        ),
        Point(
            cue="Each penalty is a prior.",
            said=(
                "With Gaussian noise, L1 gives the MAP estimate under a Laplace prior, L2 under "
                "a Gaussian one. Only the mode is sparse, not the posterior mean."
            ),
            ask="What is the Bayesian reading of L1 and L2?",
        ),
        Point(
            cue="L1's ball has corners on the axes.",
            said=(
                "As a constraint, the loss's contours often first touch it at a corner, where "
                "weights are exactly zero. On the round L2 ball an exact zero has probability "
                "zero."
            ),
            ask="Why, geometrically, does L1 give zeros and L2 not?",
        ),
        Point(
            cue="L2 by default, L1 for sparsity.",
            said=(
                "Weight decay is the default for deep networks, and L1 gives a sparse, readable "
                "model. With correlated features the lasso tends to keep one arbitrarily, and "
                "the elastic net selects more stably."
            ),
            ask="Which penalty do you reach for, and when?",
        ),
    ),
    budget=170,
    adds=(
        "Over L4, the reasons: [the conventions](l5/conventions.md#conventions) (say a strength "
        "with its convention), [the priors](l5/priors.md#bayesian-view), "
        "[the geometry](l5/geometry.md#geometry) and how often it gives zeros "
        "([measured](l5/geometry.md#corner-experiment)), [the paths](l5/paths.md#paths), "
        "and [when to use which](l5/practitioners-rule.md#practitioners-rule)."
    ),
)

L6 = Answer(
    level="l6",
    name="L6",
    title="the L6 answer",
    question=QUESTION,
    points=(
        Point(
            cue="Exact zeros need a proximal step.",
            said=(
                "SGD on an L1 term leaves weights hovering near zero; a soft threshold sets "
                "them exactly to zero."
            ),
            ask="Does SGD on an L1 term give exact zeros?",
        ),
        Point(
            cue="AdamW decouples decay from Adam.",
            said=(
                "Adam divides an L2 term's gradient by each weight's gradient scale, so large "
                "gradients mean less decay and small ones more. In PyTorch, AdamW multiplies "
                "each weight by one minus learning rate times weight decay."
            ),
            ask="How does AdamW differ from Adam with an L2 term?",
        ),
        Point(
            cue="Decay acts on a timescale.",
            said=(
                "It is one over learning rate times weight decay, against the run's length. At "
                "LLM scale, decay is for optimization and stability, not overfitting."
            ),
            ask="How strong is weight decay over a run, and what is it for at LLM scale?",
        ),
        Point(
            cue="I exclude biases and normalization gains.",
            said="They are few, and a gain's natural value is one.",
            ask="Which parameters do you exclude from weight decay?",
        ),
        Point(
            cue="Much regularization is implicit.",
            said=(
                "In least squares, gradient flow from zero, stopped at time t, has at most "
                "{{ claim l6.implicit.early-stopping-bound rounded }} times the estimation risk "
                "of ridge at lambda one over t."
            ),
            ask="How close is early stopping to ridge?",
        ),
    ),
    budget=140,
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
    name="Follow-up",
    title="the answer to the follow-up",
    question=FOLLOW_UP_QUESTION,
    points=(
        Point(
            cue="Off where it has no job.",
            said=(
                "Nothing to regularize, nothing to stabilize: I would check that with a sweep "
                "that includes zero."
            ),
            ask="When is weight decay not worth it?",
        ),
        Point(
            cue="Biases and gains are commonly excluded.",
            said=(
                "They are few, and a gain's natural value is one. PyTorch's AdamW, by default, "
                "decays every parameter it is given."
            ),
            ask="Which parameters usually go without weight decay, and why?",
        ),
        Point(
            cue="Data-rich runs may not need it.",
            said=(
                "With no held-out gap and stable training, zero can do as well. LLM "
                "pretraining still typically uses "
                "{{ claim follow-up.published-weight-decay.llama weight_decay }} in AdamW, for a "
                "lower training loss and stability in bfloat16."
            ),
            ask="Does a data-rich run need weight decay?",
        ),
        Point(
            cue="Short fine-tunes barely feel it.",
            said=(
                "Decay pulls towards zero, not the pretrained weights, and its timescale is "
                "usually longer than the run."
            ),
            ask="Do you keep weight decay when fine-tuning?",
        ),
        Point(
            cue="A decay value needs its convention.",
            said=(
                "In PyTorch's AdamW, "
                "{{ claim follow-up.published-weight-decay.olmo-7b weight_decay }} means "
                "multiplying each weight by one minus learning rate times "
                "{{ claim follow-up.published-weight-decay.olmo-7b weight_decay }}, every step."
            ),
            ask="What does a weight decay of 0.1 mean?",
        ),
    ),
    budget=130,
    adds=(
        "Over the L6 answer, the regime: [why, in full](follow-up.md#reasoning), "
        "[published values](follow-up.md#published-values), "
        "[what a value means in each convention](follow-up.md#conventions) and "
        "[a regime change you can compute](follow-up.md#regime)."
    ),
)

ANSWERS: dict[str, Answer] = {a.level: a for a in (L4, L5, L6, FOLLOW_UP)}


# -- words for the ear ---------------------------------------------------------------------


def spoken_words(text: str) -> list[str]:
    """The words of ``text`` as said aloud: a claim value counts as one word."""
    out, position = [], 0
    for marker in markers(text):
        out += text[position : marker.start].split() + ["N"]
        position = marker.end
    out += text[position:].split()
    # A dash or a bare symbol between spaces is not said.
    return [word for word in out if any(c.isalnum() for c in word)]


# A sentence ends at a full stop, a question or an exclamation mark before a space or the end.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def sentences(text: str) -> list[str]:
    """The sentences of ``text``, each claim value written as one word ("N": a value's own
    dots, 1.69, end nothing)."""
    plain = replace_markers(text, lambda marker: "N")
    return [s for s in SENTENCE_END.split(plain.strip()) if s]


def point_sentences(point: Point) -> list[str]:
    return sentences(point.cue) + sentences(point.said)


def word_count(answer: Answer) -> int:
    """The words said: every cue and sentence of every point."""
    return sum(len(spoken_words(point.text)) for point in answer.points)


def longest_sentence(answer: Answer) -> int:
    """The length, in words, of the answer's longest sentence (a cue is a sentence)."""
    return max(len(spoken_words(s)) for p in answer.points for s in point_sentences(p))


# Items of a list are separated by commas or by "and"/"or" (after a comma or not). A colon, a
# semicolon, a dash or a bracket ends a list.
LIST_SEPARATOR = re.compile(r"\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+")
CLAUSE_BREAK = re.compile(r"[:;()—–]|\s-\s")


def longest_list(sentence: str) -> list[str]:
    """The longest list of names in ``sentence``: a run of consecutive items joined by commas,
    "and" or "or", each a name (at most ``NAME_WORDS`` words). A longer phrase ends a run with
    its first words and starts the next with its last ones ("the soft threshold in ISTA, FISTA,
    coordinate descent, the relaxed and the adaptive lasso" is a list of five, from "threshold
    in ISTA"). The check cannot tell a name from another short phrase, so it errs towards
    shorter lists."""
    best: list[str] = []
    for clause in CLAUSE_BREAK.split(sentence.rstrip(".!?")):
        run: list[str] = []
        for item in LIST_SEPARATOR.split(clause.strip()):
            words = item.split()
            if len(spoken_words(item)) > NAME_WORDS:
                run.append(" ".join(words[:NAME_WORDS]))
                best = max(best, run, key=len)
                run = [" ".join(words[-NAME_WORDS:])]
            elif words:
                run.append(item)
                best = max(best, run, key=len)
    return best if len(best) > 1 else []


# What a speaker is told to do, not what they say: a sentence that opens with one of these verbs
# in the imperative ("Give the convention with the number: ..."), or speaks of the answer, the
# interviewer or the candidate.
SPEAKER_VERBS = (
    "say",
    "give",
    "mention",
    "name",
    "state",
    "quote",
    "explain",
    "cite",
    "tell",
    "answer",
    "start",
    "finish",
    "end",
    "stress",
    "emphasize",
    "remember",
    "note",
    "point",
    "describe",
    "add",
    "talk",
    "draw",
)
ABOUT_THE_ANSWER = re.compile(
    r"\b(?:the interviewer|your answer|this answer|the candidate)\b", re.I
)


def stage_direction(sentence: str) -> bool:
    """Whether ``sentence`` tells the speaker what to do rather than saying something: it opens
    with an imperative verb of speaking, or speaks of the answer or the interviewer."""
    words = sentence.split()
    first = words[0].strip("\"'“”(").lower() if words else ""
    return first in SPEAKER_VERBS or bool(ABOUT_THE_ANSWER.search(sentence))


def problems(answer: Answer) -> list[str]:
    """Every rule of words for the ear that ``answer`` breaks, each in a sentence naming the
    answer and the point; none for an answer that keeps them all."""
    found = []
    words = word_count(answer)
    if words > answer.budget:
        found.append(f"{answer.level}: {words} words, over its budget of {answer.budget}")
    for number, point in enumerate(answer.points, 1):
        where = f"{answer.level}, point {number} ({point.cue!r})"
        cue = sentences(point.cue)
        if len(cue) != 1 or len(spoken_words(point.cue)) > CUE_WORDS:
            found.append(f"{where}: the cue is not one sentence of at most {CUE_WORDS} words")
        said = sentences(point.said)
        if not 1 <= len(said) <= SENTENCES_PER_POINT:
            found.append(f"{where}: {len(said)} sentences after the cue, not 1 to 2")
        for sentence in cue + said:
            length = len(spoken_words(sentence))
            if length > SENTENCE_WORDS:
                found.append(f"{where}: a sentence of {length} words: {sentence!r}")
            names = longest_list(sentence)
            if len(names) > NAMES_PER_LIST:
                found.append(f"{where}: a list of {len(names)} names: {names}")
            if stage_direction(sentence):
                found.append(f"{where}: a stage direction, not words to say: {sentence!r}")
    return found


def check(answer: Answer) -> None:
    """Stops with every rule ``answer`` breaks (``problems``)."""
    found = problems(answer)
    if found:
        raise ValueError(
            "snippets/say_it.py: the answer to say aloud breaks its rules:\n  " + "\n  ".join(found)
        )


def speaking_seconds(words: int) -> int:
    """Seconds to say ``words`` at ``WORDS_PER_MINUTE``, to the nearest ``SECONDS_STEP``."""
    return SECONDS_STEP * round(words * 60 / WORDS_PER_MINUTE / SECONDS_STEP)


def length(level: str) -> dict:
    """The length claim of an answer: its words (checked against its rules first), speaking
    time, points and longest sentence; with the answer it is said on top of, both together."""
    answer = ANSWERS[level]
    check(answer)
    words = word_count(answer)
    values = {
        "words": words,
        "budget": answer.budget,
        "seconds": speaking_seconds(words),
        "words_per_minute": WORDS_PER_MINUTE,
        "points": len(answer.points),
        "longest_sentence": longest_sentence(answer),
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
        f"{{words_per_minute}} words a minute; its longest sentence is {{longest_sentence}} "
        f"words{together}."
    )


def length_claim(level: str) -> Callable[[], dict]:
    """Declare the length claim of ``level``'s answer, ``<level>.say-it.length``, for the
    module that calls this: snippets/<level>/say_it.py, as a claim lives under its page's
    folder. Computed by ``length``."""
    module = sys._getframe(1).f_globals["__name__"]  # the caller's (inspect.stack is slow)

    def answer_length() -> dict:
        return length(level)

    answer_length.__module__ = module
    answer_length.__name__ = answer_length.__qualname__ = f"{level.replace('-', '_')}_answer_length"
    answer = ANSWERS[level]
    return claim(answer.length_claim, statement=statement(answer))(answer_length)
