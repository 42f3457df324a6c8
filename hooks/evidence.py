"""The evidence hook: replaces the markers of every page's Markdown (their grammar is in
snippets/contract.py, documented in README.md) and writes claims.json.

    {{ claim <id> <value> [<format>] }}   a computed or cited value, linked to its ledger row
    {{ figure <id> }}                     a figure (alone on its line)
    {{ answer <level> }}                  the "Say it" card of an answer (hooks/answers.py)
    {{ tells <table> }}, {{ practice }}, {{ questions }}, {{ rehearse <level> }}, {{ probes }},
    {{ deck }}                            the tells and the parts of /practice/ (hooks/practice.py)
    {{ ledger }}                          the ledger of every claim and figure (/claims/ only)
    {{ cite }}                            how to cite the site (hooks/publishing.py)

In link text a claim marker gives the bare value (a link inside a link is no link); a heading
that quotes one gets an anchor made of its other words, which the value cannot change. Code,
comments and ``\\{{ ... }}`` are left as written (``markers`` in snippets/contract.py).

The evidence comes from hooks/evidence_store.py, the ledger from hooks/ledger.py, the
figure's HTML from hooks/figure_html.py, the cards and the other quoting markers from
hooks/expansions.py (expanded first: they quote claims). Nothing here computes science.

Each claim has one home: the page that states it (hooks a claim's row in the ledger and
claims.json to it, and gives the claim its anchor there). Other pages, and the cards, quote it.
"""

from __future__ import annotations

import posixpath
import re
import shutil
import sys
from collections import Counter
from pathlib import Path

from markdown.extensions import toc
from mkdocs.utils import get_relative_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `hooks`, `snippets`

from hooks import expansions, ledger
from hooks.evidence_store import (
    Citation,
    EvidenceError,
    failures,
    load_evidence,
    lookup,
    store,
)
from hooks.figure_html import FigureTooLargeError, figure_html
from hooks.formatting import marker_value, plain_text, statement_of, title_attribute
from hooks.names import LEDGER_PAGE, LEDGER_URL
from hooks.plotly_js import SERVED_AS, PlotlyBundleError, bundle
from hooks.publishing import cite_block
from snippets.contract import SYNTAX, Marker, markers, replace_markers

# -- hooks -------------------------------------------------------------------------------


def on_pre_build(config):
    load_evidence()
    expansions.load()
    ledger.start_highlighter(config)


def on_files(files, config):
    """Read every page's markers first, so that the ledger knows where each claim is stated."""
    store.citations.clear()
    ranks: dict[str, tuple] = {}
    for file in files.documentation_pages():
        if not file.src_uri.endswith(".md"):
            continue
        text, cards = expansions.expand(Path(file.abs_src_path).read_text(), file.src_uri)
        stated = [m for m in markers(text) if m.kind == "claim" and m.args and m.context != "link"]
        mentions = Counter(m.args[0] for m in stated)
        for marker in stated:  # (a value in link text is not linked, and so is no anchor)
            claim_id = marker.args[0]
            rank = home_rank(file.src_uri, claim_id, in_card(marker, cards), mentions[claim_id])
            if claim_id not in ranks or rank > ranks[claim_id]:
                ranks[claim_id] = rank
                store.citations[claim_id] = Citation(file.src_uri, "/" + file.url, claim_id)
    return files


def on_page_markdown(text, page, config, files):
    source = page.file.src_uri
    # Headings first (an id of their own), then the cards: positions are the final text's.
    text, cards = expansions.expand(anchor_headings(text, config), source)
    anchors = anchor_positions(text, cards, source)
    figures = 0

    def render(marker: Marker) -> str:
        nonlocal figures
        if not marker.known:
            raise EvidenceError(
                f"{source}: unknown marker {marker.text!r}; expected {', '.join(SYNTAX.values())} "
                "(to show braces as written, put them in code or escape them: \\{{ ... }})"
            )
        if not marker.well_formed:
            raise EvidenceError(
                f"{source}: a {marker.kind} marker is {SYNTAX[marker.kind]}, got {list(marker.args)}"
            )
        if marker.kind == "claim":
            return render_claim(
                marker, source, anchored=anchors.get(marker.args[0]) == marker.start
            )
        if marker.kind == "figure":
            figures += 1
            return render_figure(marker, text, page, figures)
        if marker.kind == "cite":
            return cite_block(config)
        return ledger.render_ledger(source)  # the quoting markers were expanded above

    return replace_markers(text, render)


def on_post_build(config):
    failed = failures()
    if failed:  # the pages did not ask for these, but a snippet that raises is still a bug
        raise EvidenceError(
            "\n".join(
                f"{i['kind']} {i['id']!r} failed in {i['snippet']}:\n{i['error']}" for i in failed
            )
        )
    ledger.forget_stale_highlights()
    site = Path(config["site_dir"])
    ledger.write_claims_json(site, config.site_url or None)
    try:
        shutil.copyfile(bundle(), site / "assets" / SERVED_AS)
    except PlotlyBundleError as error:
        raise EvidenceError(str(error)) from None


# -- helper functions --------------------------------------------------------------------


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


def anchor_positions(text: str, cards: list[tuple[int, int]], source: str) -> dict[str, int]:
    """Claim id -> the position of the marker that carries the claim's anchor on this page:
    on the claim's home only, its first mention outside the cards (a card quotes), or in a
    card for a claim that only a card states (the card's length)."""
    stated: dict[str, int] = {}
    quoted: dict[str, int] = {}
    for marker in markers(text):
        if marker.kind != "claim" or not marker.well_formed or marker.context == "link":
            continue
        home = store.citations.get(marker.args[0])
        if home is None or home.page != source:
            continue
        mentions = quoted if in_card(marker, cards) else stated
        mentions.setdefault(marker.args[0], marker.start)
    return quoted | stated


def render_claim(marker: Marker, source: str, anchored: bool) -> str:
    """The value as a Markdown link to the claim's ledger row, titled with its statement;
    ``anchored``, it also carries the claim's id (its anchor on this page). In link text, the
    bare value."""
    item_id = marker.args[0]
    text = marker_value(marker, source)
    if marker.context == "link":
        return text
    statement = title_attribute(statement_of(store.items[item_id]))
    attributes = f"#{item_id} .claim" if anchored else ".claim"
    ledger_link = posixpath.relpath(LEDGER_PAGE, posixpath.dirname(source) or ".")
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


def render_figure(marker: Marker, text: str, page, number: int) -> str:
    """The figure as one line of raw HTML (print-site reads it as one block)."""
    source = page.file.src_uri
    line_start = text.rfind("\n", 0, marker.start) + 1
    line_end = text.find("\n", marker.end)
    if text[line_start : None if line_end < 0 else line_end].strip() != marker.text:
        raise EvidenceError(f"{source}: {marker.text} must stand alone on its line")
    item = lookup(marker.args[0], ("figure",), source)
    try:
        return figure_html(
            item["result"],
            figure_id=item["id"],
            alt=plain_text(item["alt"], source),
            caption=plain_text(item["caption"], source),
            number=number,
            code_href=get_relative_url(LEDGER_URL, page.url) + "#" + item["id"],
        )
    except (FigureTooLargeError, PlotlyBundleError) as error:
        raise EvidenceError(f"{source}: {error} ({item['snippet']})") from None
