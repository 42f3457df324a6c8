"""The table of marker kinds: each kind's syntax, its arguments and what renders it, in one
place. A page's markers are found by the one scanner (``markers`` in snippets/contract.py);
an unknown kind, or a kind without a renderer, stops the build naming the page and the marker.

    {{ claim <id> <value> [<format>] }}   a computed or cited value, linked to its ledger row
    {{ figure <id> }}                     a figure (alone on its line)
    {{ answer <level> }}                  the "Say it" card of an answer
    {{ tells <table> }}, {{ practice }}, {{ questions }}, {{ rehearse <level> }}, {{ probes }},
    {{ deck }}                            the tells and the parts of /practice/
    {{ ledger }}                          the ledger of every claim and figure (/claims/ only)
    {{ cite }}                            how to cite the site

A kind that quotes a text (an answer, the tells, the parts of /practice/) is expanded first,
because what it quotes holds claim markers: a claim quoted there is quoted, not stated (its
home is elsewhere). Then every other marker is rendered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from engine.evidence.store import EvidenceError, Store
from engine.markers import answers, claims, figures, ledger, practice, values
from engine.publishing import publication
from snippets.contract import Marker, markers, replace_markers


@dataclass
class Page:
    """What a renderer knows of the page it writes into."""

    store: Store
    source: str  # the page's path under docs/, e.g. "l4.md"
    url: str  # its published path, e.g. "l4/"
    config: object  # MkDocs' configuration
    root: Path  # the project's
    highlighter: ledger.Highlighter | None = None  # for the ledger's code
    text: str = ""  # its Markdown, its quoting markers expanded
    cards: list[tuple[int, int]] = field(default_factory=list)  # where the expansions are
    anchors: dict[str, int] = field(default_factory=dict)  # claim id -> its anchored marker
    figures: int = 0  # figures numbered so far


@dataclass(frozen=True)
class Kind:
    syntax: str  # as a page writes it
    arguments: range  # how many words may follow the kind
    render: Callable[[Marker, Page], str]  # the marker -> Markdown
    quotes: bool = False  # what it becomes quotes claim markers: expanded first


def _quoting(make: Callable[..., str]) -> Callable[[Marker, Page], str]:
    """A quoting kind's renderer: (its arguments..., the page's source) -> Markdown."""
    return lambda marker, page: make(*marker.args, page.source)


KINDS: dict[str, Kind] = {
    "claim": Kind("{{ claim <id> <value> [<format>] }}", values.CLAIM_ARGUMENTS, claims.render),
    "figure": Kind("{{ figure <id> }}", range(1, 2), figures.render),
    "answer": Kind("{{ answer <level> }}", range(1, 2), _quoting(answers.card), quotes=True),
    "ledger": Kind("{{ ledger }}", range(0, 1), lambda _, page: ledger.render(page)),
    "cite": Kind("{{ cite }}", range(0, 1), lambda _, page: publication.cite_block(page.config)),
    "tells": Kind("{{ tells <table> }}", range(1, 2), _quoting(practice.tells_table), True),
    "practice": Kind("{{ practice }}", range(0, 1), _quoting(practice.controls), True),
    "questions": Kind("{{ questions }}", range(0, 1), _quoting(practice.questions), True),
    "rehearse": Kind("{{ rehearse <level> }}", range(1, 2), _quoting(practice.rehearsal), True),
    "probes": Kind("{{ probes }}", range(0, 1), _quoting(practice.probes), True),
    "deck": Kind("{{ deck }}", range(0, 1), _quoting(practice.deck_links), True),
}


def well_formed(marker: Marker) -> bool:
    kind = KINDS.get(marker.kind)
    return kind is not None and len(marker.args) in kind.arguments


def check(marker: Marker, source: str) -> Kind:
    """The marker's kind; an unknown or malformed marker fails naming the page."""
    kind = KINDS.get(marker.kind)
    if kind is None:
        raise EvidenceError(
            f"{source}: unknown marker {marker.text!r}; expected "
            f"{', '.join(k.syntax for k in KINDS.values())} "
            "(to show braces as written, put them in code or escape them: \\{{ ... }})"
        )
    if len(marker.args) not in kind.arguments:
        raise EvidenceError(
            f"{source}: a {marker.kind} marker is {kind.syntax}, got {list(marker.args)}"
        )
    return kind


def expand(text: str, page: Page) -> tuple[str, list[tuple[int, int]]]:
    """``text`` with each well-formed quoting marker replaced by what it quotes, and where
    each expansion is in the result (a malformed marker is left for ``render`` to report)."""
    out, spans, position, length = [], [], 0, 0
    for marker in markers(text):
        if not (well_formed(marker) and KINDS[marker.kind].quotes):
            continue
        before = text[position : marker.start]
        made = KINDS[marker.kind].render(marker, page)
        out += [before, made]
        spans.append((length + len(before), length + len(before) + len(made)))
        length += len(before) + len(made)
        position = marker.end
    out.append(text[position:])
    return "".join(out), spans


def render(markdown: str, page: Page) -> str:
    """The page's Markdown with every marker rendered: headings that quote a value get an
    anchor of their own first, then the quoting markers are expanded, then the claims'
    anchors on this page are placed, then every marker is rendered."""
    page.text, page.cards = expand(claims.anchor_headings(markdown, page.config), page)
    page.anchors = claims.anchor_positions(page)
    return replace_markers(
        page.text, lambda marker: check(marker, page.source).render(marker, page)
    )
