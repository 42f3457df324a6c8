"""Search finds the answers first: a reader's query leads first to the page that answers it,
not to the claims ledger, which repeats every statement of the site (its front matter
demotes it), nor to the print page (which search does not index)."""

from __future__ import annotations

import json
from urllib.parse import urlparse

import pytest

from tests.support import PRINT_PAGE_URL

pytestmark = pytest.mark.browser

ANSWERED_BY = {
    "AdamW": "/l6/adamw/",
    "elastic net": "/l6/elastic-net/",
    "proximal": "/l6/proximal/",
    "Laplace prior": "/l5/priors/",
    "turn off weight decay": "/follow-up/",
}


def test_the_print_page_is_not_searched(site):
    index = json.loads((site / "search" / "search_index.json").read_text())
    locations = {entry["location"].partition("#")[0] for entry in index["docs"]}
    assert PRINT_PAGE_URL.strip("/") + "/" not in locations
    assert "claims/" in locations  # the ledger is found, only after the pages that explain


def test_each_query_leads_first_to_the_page_that_answers_it(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    found = {}
    try:
        tab.goto(server + "/")
        field = tab.locator("input.md-search__input")
        field.click()
        for query in ANSWERED_BY:
            field.fill("")
            field.press_sequentially(query, delay=20)  # typed, as a reader does
            first = tab.locator(".md-search-result__item > a.md-search-result__link").first
            first.wait_for(timeout=20_000)
            # Results follow the typing: wait until they are for the whole query.
            tab.wait_for_function(
                "q => document.querySelector('.md-search-result__meta')"
                " && document.querySelector('input.md-search__input').value === q",
                arg=query,
            )
            tab.wait_for_timeout(300)
            found[query] = urlparse(first.get_attribute("href") or "").path
    finally:
        context.close()
    wrong = {q: path for q, path in found.items() if not path.endswith(ANSWERED_BY[q])}
    assert not wrong, f"the first result is not the page that answers the query: {wrong}"
