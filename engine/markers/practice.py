"""The tells' tables (/tells/) and the parts of /practice/, from their one source each: the
answers (snippets/say_it.py), the tells (snippets/tells.py) and the interviewer's next
questions (snippets/probes.py). The evidence hook expands these markers before it replaces
claims (the kinds that quote, engine/markers/kinds.py):

    {{ tells <table> }}     a table of /tells/: strong-hire, down-level or follow-up
    {{ practice }}          the practice tool's controls: a level to rehearse, what to review
                            next, a reset (made to work by docs/assets/practice.js; not shown without it)
    {{ questions }}         every question of /practice/, numbered: the page a reader of the
                            PDF answers before turning to the model answers
    {{ rehearse <level> }}  a level's rehearsal: its timer, its "Say it" card, its rubric (one
                            checkbox per tell) and its score
    {{ probes }}            the interviewer's next questions, each folded over its model answer
    {{ deck }}              the links to the flashcard deck (engine/publishing/deck.py writes it)

What the browser needs to know travels in the page: each level's target time (the value of
its card's length claim, as shown), each tell's kind, the model answer's score, the storage key,
and the review queue: every item in the order of a first visit, named, each with why it is
there. The script only reorders that queue from the reader's progress (its rule, Leitner boxes,
is docs/assets/practice.js's alone), with the words for why and the number of boxes given here.
"""

from __future__ import annotations

import posixpath

from engine.escaping import (
    attribute,
    json_attribute,
    markdown_cell,
    markdown_with_markers,
    text,
)
from engine.evidence.store import EvidenceError
from engine.markers import answers
from engine.names import DECK_FILES, PRACTICE_STORAGE_KEY
from snippets import probes as probe_bank
from snippets import say_it, tells

QUEUE_LENGTH = 5  # what to review next: the first few, not the whole bank
BOXES = 5  # Leitner boxes: a low grade sends an item to box 1; each one it had moves it up one
# Why an item is in the review queue, as its line says it: {box} is the item's box.
REASONS = {"low": "graded low", "new": "new", "due": "due: box {box} of " + str(BOXES)}
BOXES_EXPLAINED = (
    f"Each item you grade sits in one of {BOXES} Leitner boxes: a low grade puts it back in box 1, "
    "which comes first; each time you had it, it moves up a box, and the higher its box, the "
    "later it comes back."
)


def link(label: str, target: str) -> str:
    """A Markdown link to a page of docs/ (``l4.md#gradients``) from a page at its root."""
    return f"[{label}]({target})"


def page_only(source: str, kind: str) -> None:
    if "/" in source:  # the links in these parts are relative to docs/
        raise EvidenceError(f"{source}: a {kind} marker may only be placed on a page in docs/")


def known(value: str, options, what: str, source: str) -> None:
    if value not in options:
        raise EvidenceError(
            f"{source}: unknown {what} {value!r}. Known {what}s: {', '.join(options)}"
        )


# -- /tells/ -----------------------------------------------------------------------------


def tells_table(name: str, source: str) -> str:
    """One table of /tells/: a box to tick, the tell (its anchor on its name) and what backs
    it, or, for a down-level tell of the answer, what to say instead."""
    known(name, tells.TABLES, "table of tells", source)
    page_only(source, "tells")
    last = "what to say instead" if name == "down-level" else "what backs it"
    rows = [f"| tick | the tell | {last} |", "| --- | --- | --- |"]
    for tell in tells.table(name):
        flag = "*Down-level:* " if name == "follow-up" and tell.kind == tells.DOWN else ""
        tell_cell = markdown_cell(f"{flag}**{tell.name}**{{ #{tell.anchor} }} {tell.detail}")
        rows.append(f"| ☐ | {tell_cell} | {markdown_cell(tell.backing)} |")
    # A checklist: on a phone site.css puts the box beside the tell and the last column under it.
    return '<div class="checklist" markdown>\n\n' + "\n".join(rows) + "\n\n</div>\n"


# -- /practice/ ----------------------------------------------------------------------------


def target_seconds(level: str) -> str:
    """The value of the card's length claim that times a rehearsal: the whole answer aloud
    (an answer said on top of another counts both)."""
    return "seconds_together" if say_it.ANSWERS[level].builds_on else "seconds"


def queue_items() -> list[tuple[str, str]]:
    """Everything the reader can review, as (id, name), in the order of a first visit (nothing
    graded yet): the page's order, the levels then the interviewer's questions."""
    items = [(level, answer.title) for level, answer in say_it.ANSWERS.items()]
    items += [
        (probe.anchor, f"“{probe.question}”")
        for level in probe_bank.LEVELS
        for probe in probe_bank.of_level(level)
    ]
    return items


def review_queue() -> str:
    """The review queue as a first visit shows it: every item, named, each "new", the first
    few shown. The script reorders these lines from the reader's progress and says why each is
    there; written here whole, the page does not move when the script starts."""
    return "".join(
        f'<li data-item="{attribute(id_)}"{" hidden" if number > QUEUE_LENGTH else ""}>'
        f'<button type="button" class="practice-queue-item" data-item="{attribute(id_)}">'
        f"{text(name)}</button> "
        f'<span class="practice-reason">({REASONS["new"]})</span></li>'
        for number, (id_, name) in enumerate(queue_items(), 1)
    )


def controls(source: str) -> str:
    """The tool's controls, as the script shows them on a first visit (without JavaScript
    they are not shown: site.css); "data-ready" says when they work."""
    page_only(source, "practice")
    levels = "".join(
        f'<button type="button" class="md-button" data-level="{level}" aria-pressed="false">'
        f"{say_it.ANSWERS[level].name}</button> "
        for level in say_it.ANSWERS
    )
    # The controls and the queue are not the page's content: each is left out of search
    # (Material's search plugin ends an exclusion at the first closing tag of the same name, so
    # the attribute goes on the parts, not on the <div> holding them).
    return (
        f'<div class="practice-tool" data-storage-key="{PRACTICE_STORAGE_KEY}" '
        f'data-queue-length="{QUEUE_LENGTH}" data-boxes="{BOXES}" '
        f'data-reasons="{json_attribute(REASONS)}">\n'
        '<div class="practice-levels" role="group" aria-label="Rehearse a level" '
        f"data-search-exclude>{levels}</div>\n"
        '<div class="practice-review"><p id="practice-queue-title">What to review next: what '
        "you graded low, then what you have not tried, then what is due.</p>"
        '<ol class="practice-queue" aria-labelledby="practice-queue-title" data-search-exclude>'
        f"{review_queue()}</ol>"
        f'<p class="practice-boxes">{BOXES_EXPLAINED}</p></div>\n'
        '<p class="practice-actions" data-search-exclude>'
        '<button type="button" class="md-button" data-action="everything" hidden>'
        "Show every question</button> "
        '<button type="button" class="md-button" data-action="reset">Reset my progress</button>'
        "</p>\n"
        '<p class="practice-reset-status" role="status" data-search-exclude></p>\n'
        "</div>\n"
    )


def questions(source: str) -> str:
    """Every question of the page, in the order of its model answers, each linked to its
    answer: the question, at each level and in the follow-up, then the interviewer's next."""
    page_only(source, "questions")
    question = text(say_it.QUESTION)
    levels = [
        level for level in say_it.ANSWERS if say_it.ANSWERS[level].question == say_it.QUESTION
    ]
    at = ", ".join(f"[{say_it.ANSWERS[level].name}](#rehearse-{level})" for level in levels)
    follow_up = text(say_it.FOLLOW_UP_QUESTION)
    lines = [
        '<div class="practice-questions" markdown>',
        "",
        f'<p class="practice-question" markdown="span">**The question:** “{question}” '
        f"Answer it at {at}.</p>",
        "",
        f'<p class="practice-question" markdown="span">**The follow-up:** “{follow_up}” '
        "[Its answer](#rehearse-follow-up).</p>",
        "",
        '<p class="practice-question"><strong>The interviewer\'s next questions</strong>, '
        "by the answer that prompts them:</p>",
        "",
    ]
    number = 1
    for level, heading in probe_bank.LEVELS.items():
        items = probe_bank.of_level(level)
        lines.append(f'<p class="practice-probe-group">{text(heading)}</p>')
        lines.append(f'<ol class="practice-probe-list" start="{number}" markdown>')
        lines += [
            f'<li markdown="span">[{markdown_with_markers(p.question)}](#{p.anchor})</li>'
            for p in items
        ]
        lines += ["</ol>", ""]
        number += len(items)
    return "\n".join(lines + ["</div>"]) + "\n"


def rehearsal(level: str, source: str) -> str:
    """A level's rehearsal: the timer (hidden until the script shows it), the "Say it" card,
    the rubric and the score."""
    known(level, say_it.ANSWERS, "answer", source)
    page_only(source, "rehearse")
    answer = say_it.ANSWERS[level]
    rubric = tells.rubric(level)
    marks = {kind: [t for t in rubric if t.kind == kind] for kind in (tells.STRONG, tells.DOWN)}
    groups = []
    for kind, heading in ((tells.STRONG, "Strong-hire tells"), (tells.DOWN, "Down-level tells")):
        items = "\n".join(
            f'<li markdown="span"><label><input type="checkbox" value="{t.anchor}" '
            f'data-kind="{t.kind}"> {text(t.name)}</label> <span class="practice-backing">'
            f"([the tell](tells.md#{t.anchor}): {t.backing})</span></li>"
            for t in marks[kind]
        )
        groups.append(
            f'<p class="practice-rubric-kind">{heading}</p>\n<ul class="practice-marks" markdown>\n'
            f"{items}\n</ul>"
        )
    shown = [t for t in rubric if level in t.shown_by]
    model = {
        "score": tells.model_score(level),
        "strong": sum(t.kind == tells.STRONG for t in shown),
        "down": sum(t.kind == tells.DOWN for t in shown),
    }
    attributes = (
        f'data-level="{level}" data-model="{json_attribute(model)}" '
        f'data-title="{attribute(answer.title)}"'
    )
    return (
        f'<div class="practice-rehearsal" id="rehearse-{level}" {attributes} markdown>\n\n'
        f'<div class="practice-timer" hidden markdown>\n'
        # The timer's target is the number shown here: the script reads it from the page.
        f'<p class="practice-target" markdown="span">Target: about <span class="practice-seconds">'
        f"{{{{ claim {answer.length_claim} {target_seconds(level)} }}}}</span> s, the model "
        "answer's length.</p>\n"
        f'<p class="practice-clock-row">'
        f'<button type="button" class="md-button md-button--primary" data-action="timer">'
        f"Start the timer</button> "
        f'<span class="practice-clock" aria-hidden="true">0:00</span> '
        f'<button type="button" class="md-button" data-action="reveal">'
        f"Reveal the model answer</button></p>\n"
        f'<p class="practice-timer-status" role="status"></p>\n'
        f"</div>\n\n"
        f"{answers.card(level, source)}\n"
        f'<fieldset class="practice-rubric" markdown>\n'
        f"<legend>Grade {text(answer.title)}: tick what yours did</legend>\n"
        + "\n".join(groups)
        + "\n</fieldset>\n\n"
        '<div class="practice-grading" hidden>\n'
        '<p><button type="button" class="md-button md-button--primary" data-action="score">'
        "Score this attempt</button> "
        '<button type="button" class="md-button" data-action="draw">'
        "The interviewer asks…</button></p>\n"
        '<p class="practice-score" role="status"></p>\n'
        "</div>\n\n"
        "</div>\n"
    )


def probes(source: str) -> str:
    """The interviewer's next questions, by the level whose answer prompts them: each a fold
    of its question over its model answer and the section that answers it in depth."""
    page_only(source, "probes")
    out = []
    for level, heading in probe_bank.LEVELS.items():
        out.append(f"### {heading} {{ #probes-{level} }}\n")
        for probe in probe_bank.of_level(level):
            label, target = probe.depth
            out.append(
                f'<details class="question probe" id="{probe.anchor}" data-probe="{probe.id}" '
                f'data-level="{level}" markdown>\n'
                f'<summary markdown="span">“{markdown_with_markers(probe.question)}”</summary>\n\n'
                f"{markdown_with_markers(probe.answer)}\n\n"
                f"In depth: {link(text(label), target)}.\n\n"
                f"</details>\n"
            )
    out.append(
        '<div class="practice-probe-grading" hidden>\n'
        '<p id="practice-probe-grade-title">How well did you answer it?</p>\n'
        '<p role="group" aria-labelledby="practice-probe-grade-title">'
        '<button type="button" class="md-button" data-grade="1">I missed it</button> '
        '<button type="button" class="md-button" data-grade="2">Partly</button> '
        '<button type="button" class="md-button" data-grade="3">I had it</button> '
        '<button type="button" class="md-button" data-action="draw">Another question</button>'
        "</p>\n"
        '<p class="practice-probe-status" role="status"></p>\n'
        "</div>\n"
    )
    return "\n".join(out)


def deck_links(source: str) -> str:
    """Links to the deck's two files, written beside the pages by engine/publishing/deck.py."""
    page_only(source, "deck")
    # The page's address is its folder (docs/practice.md is /practice/); the deck is at the top.
    apkg, csv = (posixpath.relpath(name, source.removesuffix(".md")) for name in DECK_FILES)
    return (
        f'<p class="practice-deck">Every question on this page as a flashcard, its model '
        f"answer on the back with the claim values and a link to its section: "
        f'<a href="{apkg}" download>an Anki deck ({DECK_FILES[0]})</a> and '
        f'<a href="{csv}" download>the same cards as CSV</a>.</p>\n'
    )
