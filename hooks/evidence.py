"""The evidence hook: replaces the markers of every page's Markdown (their grammar is in
snippets/contract.py, documented in README.md) and writes claims.json.

    {{ claim <id> <value> [<format>] }}   a computed or cited value, linked to its ledger row
    {{ figure <id> }}                     a figure (alone on its line)
    {{ ledger }}                          the ledger of every claim and figure (/claims/ only)
    {{ cite }}                            how to cite the site (hooks/publishing.py)

In link text a claim marker gives the bare value (a link inside a link is no link); a heading
that quotes one gets an anchor made of its other words, which the value cannot change. Code,
comments and ``\\{{ ... }}`` are left as written (``markers`` in snippets/contract.py).

The evidence comes from hooks/evidence_store.py, the ledger from hooks/ledger.py, the
figure's HTML from hooks/figure_html.py. Nothing here computes science.
"""

from __future__ import annotations

import posixpath
import re
import shutil
import sys
from pathlib import Path

from markdown.extensions import toc
from mkdocs.utils import get_relative_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `hooks`, `snippets`

from hooks import ledger
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
from hooks.publishing import cite_block
from snippets.contract import SYNTAX, Marker, markers, replace_markers

# -- hooks -------------------------------------------------------------------------------


def on_pre_build(config):
    load_evidence()
    ledger.start_highlighter(config)


def on_files(files, config):
    """Read every page's markers first, so that the ledger knows where each claim is cited."""
    store.citations.clear()
    for file in files.documentation_pages():
        if not file.src_uri.endswith(".md"):
            continue
        for marker in markers(Path(file.abs_src_path).read_text()):
            if marker.kind != "claim" or not marker.args or marker.context == "link":
                continue  # (a value in link text is not linked, and so is no anchor)
            claim_id = marker.args[0]
            here = Citation(file.src_uri, "/" + file.url, claim_id)
            current = store.citations.get(claim_id)
            if current is None or (is_home(here, claim_id) and not is_home(current, claim_id)):
                store.citations[claim_id] = here
    return files


def on_page_markdown(text, page, config, files):
    source = page.file.src_uri
    anchored: set[str] = set()  # claims whose anchor this page already has
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
            return render_claim(marker, source, anchored)
        if marker.kind == "figure":
            figures += 1
            return render_figure(marker, text, page, figures)
        if marker.kind == "cite":
            return cite_block(config)
        return ledger.render_ledger(source)

    return replace_markers(anchor_headings(text, config), render)


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
    import plotly

    plotly_js = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    shutil.copyfile(plotly_js, site / "assets" / "plotly.min.js")


# -- helper functions --------------------------------------------------------------------


def is_home(citation: Citation, claim_id: str) -> bool:
    """A claim's home is the page its id names: l5.map.x lives on l5.md, reference.optimizers.x
    on reference/optimizers.md. Other pages may quote it; the anchor stays at home."""
    page = citation.page.removesuffix(".md").replace("/", ".")
    return claim_id.startswith(page + ".")


def render_claim(marker: Marker, source: str, anchored: set[str]) -> str:
    """The value as a Markdown link to the claim's ledger row, titled with its statement."""
    item_id = marker.args[0]
    text = marker_value(marker, source)
    if marker.context == "link":
        return text
    statement = title_attribute(statement_of(store.items[item_id]))
    attributes = ".claim"
    if item_id not in anchored:  # the first mention on a page is the claim's anchor there
        anchored.add(item_id)
        attributes = f"#{item_id} .claim"
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
    except FigureTooLargeError as too_large:
        raise EvidenceError(f"{source}: {too_large} ({item['snippet']})") from None
