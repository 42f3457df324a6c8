"""The "Say it" cards: each ``{{ answer <level> }}`` marker becomes the card of that answer,
from the one source of the answers' text (``ANSWERS`` in snippets/say_it.py). The evidence
build expands the cards first (a kind that quotes: engine/markers/kinds.py), then replaces the claim markers in them
like any other.

A card is a fold (``<details>``): the question and the prompt show, the answer opens on a
click, a key or an address that targets it. On its own page (docs/<level>.md) its anchor
is ``#say-it``; on another page (/practice/) ``#say-it-<level>``.
"""

from __future__ import annotations

import html

from engine.escaping import markdown_with_markers
from engine.evidence.store import EvidenceError
from snippets import say_it

CARD_ID = "say-it"


def card(level: str, source: str) -> str:
    """The card of the answer ``level`` as Markdown, for the page ``source``."""
    answer = say_it.ANSWERS.get(level)
    if answer is None:
        raise EvidenceError(
            f"{source}: unknown answer {level!r}. Known answers: {', '.join(say_it.ANSWERS)}"
        )
    if "/" in source:  # the links under the card are relative to docs/
        raise EvidenceError(f"{source}: an answer card may only be placed on a page in docs/")
    card_id = CARD_ID if source == answer.page else f"{CARD_ID}-{level}"
    # Under the fold, not in it: a summary holds no links (nor so the claim values).
    length = answer.length_claim
    after = ""
    if answer.builds_on:
        below = say_it.ANSWERS[answer.builds_on]
        after = f", said after {below.title}"
        size = (
            f"{{{{ claim {length} words }}}} words said after [{below.title}]"
            f"({below.page}#{CARD_ID}), {{{{ claim {length} words_together }}}} in all: "
            f"about {{{{ claim {length} seconds_together }}}} s aloud"
        )
    else:
        size = (
            f"{{{{ claim {length} words }}}} words, about {{{{ claim {length} seconds }}}} s aloud"
        )
    size += f"; its longest sentence is {{{{ claim {length} longest_sentence }}}} words."
    points = "\n".join(
        f"- **{markdown_with_markers(point.cue)}** {markdown_with_markers(point.said)}"
        for point in answer.points
    )
    return (
        f'<details class="say-it" id="{card_id}" markdown>\n'
        f'<summary markdown="span">'
        f'<span class="say-it-question">“{html.escape(answer.question, quote=False)}”</span> '
        f'<span class="say-it-prompt">**Say it.** Answer aloud first, then '
        f'<span class="screen-only">open</span> <span class="print-only">read</span> '
        f"{answer.title}{after}.</span></summary>\n\n"
        f"{points}\n\n"
        f"</details>\n\n"
        f'<p class="say-it-note" markdown="span">{size} {answer.adds}</p>\n'
    )
