"""Claim values in the pages: ``{{ claim <id> <value> [<format>] }}`` becomes the value,
linked to the claim's row in the ledger and titled with its statement.

In link text a claim marker gives the bare value (a link inside a link is no link); a heading
that quotes one gets an anchor made of its other words, which the value cannot change. Code,
comments and ``\\{{ ... }}`` are left as written (``markers`` in snippets/contract.py).

Each claim has one home: the page that states it (which its row in the ledger and
claims.json link to, and which gives the claim its anchor). Other pages, and the cards,
quote it. ``homes`` reads every page's markers before any page is rendered.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from collections.abc import Callable, Iterable

from markdown.extensions import toc

from engine.escaping import markdown_title
from engine.evidence.store import Citation
from engine.markers.values import marker_value, statement_of
from engine.names import LEDGER_PAGE
from snippets.contract import Marker, markers, replace_markers

# -- where each claim is stated -----------------------------------------------------------


def homes(
    pages: Iterable[tuple[str, str, str]],
    expand: Callable[[str, str], tuple[str, list[tuple[int, int]]]],
) -> dict[str, Citation]:
    """Claim id -> its home, from every page's (source, url, Markdown); ``expand`` gives a
    page's text with its quoting markers expanded, and where the expansions are."""
    found: dict[str, Citation] = {}
    ranks: dict[str, tuple] = {}
    for source, url, markdown in pages:
        text, cards = expand(markdown, source)
        stated = [m for m in markers(text) if m.kind == "claim" and m.args and m.context != "link"]
        mentions = Counter(m.args[0] for m in stated)
        for marker in stated:  # (a value in link text is not linked, and so is no anchor)
            claim_id = marker.args[0]
            rank = home_rank(source, claim_id, in_card(marker, cards), mentions[claim_id])
            if claim_id not in ranks or rank > ranks[claim_id]:
                ranks[claim_id] = rank
                found[claim_id] = Citation(source, "/" + url, claim_id)
    return found


def home_rank(page: str, claim_id: str, quoted: bool, mentions: int) -> tuple:
    """How well ``page``, which cites the claim, fits as its home (the best fit wins): a page
    that states it rather than quotes it in a card; then the page whose path shares most of
    the claim's id (reference/optimizers.md for reference.optimizers.x); then the deeper page
    (l5/priors.md before l5.md, which quotes its evidence); then the page that mentions it
    most."""
    path = page.removesuffix(".md").split("/")
    shared = 0
    for part, id_part in zip(path, claim_id.split(".")):
        if part != id_part:
            break
        shared += 1
    return (not quoted, shared, len(path), mentions)


def in_card(marker: Marker, cards: list[tuple[int, int]]) -> bool:
    return any(start <= marker.start < end for start, end in cards)


def anchor_positions(page) -> dict[str, int]:
    """Claim id -> the position of the marker that carries the claim's anchor on this page:
    on the claim's home only, its first mention outside the cards (a card quotes), or in a
    card for a claim that only a card states (the card's length)."""
    stated: dict[str, int] = {}
    quoted: dict[str, int] = {}
    for marker in markers(page.text):
        if marker.kind != "claim" or not marker.args or marker.context == "link":
            continue
        home = page.store.citations.get(marker.args[0])
        if home is None or home.page != page.source:
            continue
        mentions = quoted if in_card(marker, page.cards) else stated
        mentions.setdefault(marker.args[0], marker.start)
    return quoted | stated


# -- a claim value in a page ---------------------------------------------------------------


def render(marker: Marker, page) -> str:
    """The value as a Markdown link to the claim's ledger row, titled with its statement;
    the marker that carries the claim's anchor on this page also carries the claim's id. In
    link text, the bare value."""
    item_id = marker.args[0]
    text = marker_value(marker, page.store, page.source)
    if marker.context == "link":
        return text
    statement = markdown_title(statement_of(page.store.items[item_id]))
    anchored = page.anchors.get(item_id) == marker.start
    attributes = f"#{item_id} .claim" if anchored else ".claim"
    ledger_link = posixpath.relpath(LEDGER_PAGE, posixpath.dirname(page.source) or ".")
    return f'[{text}]({ledger_link}#{item_id} "{statement}"){{ {attributes} }}'


# An attribute list that gives the heading its id: `{ #id }`, `{: #id .class }`.
EXPLICIT_ID = re.compile(r"\{:?[^{}]*#[^{}\s]+[^{}]*\}\s*$")


def anchor_headings(text: str, config) -> str:
    """Gives each heading that quotes a claim value, and has no id of its own, an id made
    from its other words (or, with none, from the marker), so that its address does not change
    when the value does."""
    settings = config.mdx_configs.get("toc", {})
    slugify = settings.get("slugify", toc.slugify)
    separator = settings.get("separator", "-")
    headings: dict[int, list[Marker]] = {}
    for marker in markers(text):
        if marker.context == "heading":
            headings.setdefault(text.rfind("\n", 0, marker.start) + 1, []).append(marker)
    out, position = [], 0
    for start, quoted in sorted(headings.items()):
        end = text.find("\n", start) % (len(text) + 1)  # -1 (the last line) -> len(text)
        line = text[start:end]
        if not EXPLICIT_ID.search(line):
            words = replace_markers(line, lambda _: " ").strip().strip("#").strip()
            words = words or " ".join(" ".join(m.args) for m in quoted)
            line = f"{line.rstrip().rstrip('#').rstrip()} {{ #{slugify(words, separator)} }}"
        out += [text[position:start], line]
        position = end
    out.append(text[position:])
    return "".join(out)
