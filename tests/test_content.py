"""The build's rewrites of a page's HTML (engine/content/, engine/printing/print_site.py,
engine/labs/pages.py) on hostile pages: each does its work in one pass, whatever a page holds.

A pattern that scans on from every place it could start (a run of white space before an
asset's tag, an unclosed fold, table or formula) takes time that grows with the square of the
page: a page of a hundred thousand spaces kept the build busy for minutes. Each rewrite here
gets two hundred thousand characters of such text and must be done well within the bound (a
scan of the square takes many minutes). This bounds a hang, not a speed: `make bench`
measures the build's time.
"""

from __future__ import annotations

import time

import pytest

from engine.content import accessibility, folds, mathml
from engine.labs.pages import outside_links
from engine.printing import print_site

SIZE = 200_000  # characters: about a page of the site
BOUND = 10.0  # seconds; a linear pass takes a fraction of one


class Page:
    class file:  # noqa: N801 (as MkDocs' Page has it)
        dest_uri = "l4/index.html"


REWRITES = {
    "print-site's assets": lambda html: print_site.without_assets(html, Page),
    "the print page's anchors": print_site.repair_print_page,
    "ids prefixed": lambda html: print_site.prefix_ids(html, "key"),
    "headings' ids renamed": lambda html: print_site.update_anchor_ids(html, "key"),
    "folded code": folds.fold_code,
    "tables repaired": accessibility.repair,
    "formulas": lambda html: mathml.render(html, "page.md"),
    "a notebook's links": lambda markdown: outside_links(markdown, "labs/l4/", ""),
}
HOSTILE = {
    "white space": " ",
    "unclosed tags": '<h2 class="x" ',
    "unclosed folds": "<details><summary>x</summary><pre>",
    "unclosed tables": "<table><thead>",
    "unclosed sections": "<section ",
    "unclosed formulas": '<span class="arithmatex">\\(',
    "unclosed display formulas": '<div class="arithmatex">\\[',
    "unclosed links": "[a](b ",
}


@pytest.mark.parametrize("rewrite", REWRITES)
@pytest.mark.parametrize("hostile", HOSTILE)
def test_each_rewrite_of_a_page_ends_on_any_page(rewrite, hostile):
    unit = HOSTILE[hostile]
    page = unit * (SIZE // len(unit))
    started = time.monotonic()
    try:
        REWRITES[rewrite](page)
    except Exception:  # a page that cannot be rewritten may be refused; it may not hang
        pass
    assert time.monotonic() - started < BOUND


def test_print_sites_assets_still_leave_every_page_but_the_print_page():
    page = '<head>\n    <link rel="stylesheet" href="../css/print-site.css">\n</head>'
    assert print_site.without_assets(page, Page) == "<head>\n</head>"
