"""Markers that quote a source of text: the "Say it" cards (hooks/answers.py), the tells and
the parts of /practice/ (hooks/practice.py). The evidence hook expands them first, in
``on_files`` and ``on_page_markdown``, because what they quote holds claim markers; a claim
quoted there is quoted, not stated (its home is elsewhere).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from hooks import answers, practice
from snippets import formulas, probes, say_it, tells
from snippets.contract import markers

# Each kind of quoting marker, and what it becomes: (its arguments..., the page) -> Markdown.
EXPANDERS: dict[str, Callable[..., str]] = {
    "answer": answers.card,
    "tells": practice.tells_table,
    "practice": practice.controls,
    "questions": practice.questions,
    "rehearse": practice.rehearsal,
    "probes": practice.probes,
    "deck": practice.deck_links,
}


def load() -> None:
    """The texts as they are now: ``mkdocs serve`` keeps modules imported between builds."""
    for source in (say_it, tells, probes, formulas):
        importlib.reload(source)


def expand(text: str, source: str) -> tuple[str, list[tuple[int, int]]]:
    """``text`` with each well-formed quoting marker replaced by what it quotes, and where
    each expansion is in the result (a malformed marker is left for the evidence hook to
    report)."""
    out, spans, position, length = [], [], 0, 0
    for marker in markers(text):
        if marker.kind not in EXPANDERS or not marker.well_formed:
            continue
        before = text[position : marker.start]
        made = EXPANDERS[marker.kind](*marker.args, source)
        out += [before, made]
        spans.append((length + len(before), length + len(before) + len(made)))
        length += len(before) + len(made)
        position = marker.end
    out.append(text[position:])
    return "".join(out), spans
