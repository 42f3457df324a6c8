"""Addresses that never break when a page's sections move to pages under it.

/l6/ once held the whole L6 answer; its sections and claims now live on pages under it
(/l6/adamw/ and so on). An old address such as /l6/#adamw reaches the server as /l6/ (the
browser keeps the fragment to itself), so the page itself carries a map of its old anchors,
which docs/assets/addresses.js follows on first load and after instant navigation.

The map is made, not typed: every heading and claim anchor of the pages under a page, and
the aliases its front matter lists under ``moved_anchors`` for an anchor that no page has any
more (``summary: "#say-it"``: the spoken answer is now the card). The template
(overrides/main.html) writes it into the page as ``data-moved-anchors``.
"""

from __future__ import annotations

from mkdocs.utils import get_relative_url

from engine.evidence.store import Store

META_KEY = "moved_anchors"


def map_moved_anchors(page, nav, store: Store) -> None:
    """Writes the page's map of moved anchors into its meta. Called once every page's content
    exists (MkDocs renders all pages before any template)."""
    moved = dict(page.meta.get(META_KEY) or {})
    if page.url:  # the home page is no level: the pages under it are the whole site
        for below in nav.pages:
            if below is page or not below.url.startswith(page.url):
                continue
            where = get_relative_url(below.url, page.url)
            for anchor in anchors(below, store):
                moved.setdefault(anchor, f"{where}#{anchor}")
    if moved:
        page.meta[META_KEY] = moved


def anchors(page, store: Store) -> list[str]:
    """The page's headings and the claims it states (their anchors are there)."""
    found = []
    pending = list(page.toc)
    while pending:
        heading = pending.pop(0)
        found.append(heading.id)
        pending.extend(heading.children)
    found += sorted(c.anchor for c in store.citations.values() if c.url == "/" + page.url)
    return found
