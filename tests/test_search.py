"""Search finds the answers first: a query a candidate would type leads first to the page that
answers it, run as Material's search runs it (typed into the search box of the built site, in
Chromium), not to the claims ledger or the references, which repeat every topic's words (their
front matter demotes them), nor to the print page (which search does not index). And search
quotes the screen's wording only: no wording for paper is in the index."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from urllib.parse import urlparse

import pytest

from tests.support import PRINT_PAGE_URL, page_files

# A query, as a candidate types it -> the page that must come first.
ANSWERED_BY = {
    "soft thresholding": "/l6/proximal/",  # not /references/, whose heading "Software" matches
    "proximal": "/l6/proximal/",
    "ISTA": "/l6/proximal/",
    "AdamW": "/l6/adamw/",
    "decoupled weight decay": "/l6/adamw/",  # not a page whose heading says "weight decay"
    "elastic net": "/l6/elastic-net/",
    "grouping effect": "/l6/elastic-net/",
    "early stopping": "/l6/implicit/",
    "minimum norm": "/l6/implicit/",
    "batch norm": "/l6/implicit/",
    "Laplace prior": "/l5/priors/",
    "posterior mean": "/l5/priors/",
    "diamond": "/l5/geometry/",
    "lasso path": "/l5/paths/",
    "lambda convention": "/l5/conventions/",
    "correlated features": "/l5/practitioners-rule/",
    "turn off weight decay": "/follow-up/",
    "weight decay 0.1": "/follow-up/",
    "strong hire": "/tells/",
    "flashcards": "/practice/",
    "Muon": "/reference/optimizers/",
    "notebook": "/labs/",
}


def search_index(site) -> dict:
    return json.loads((site / "search" / "search_index.json").read_text())


def test_the_print_page_is_not_searched(site):
    locations = {entry["location"].partition("#")[0] for entry in search_index(site)["docs"]}
    assert PRINT_PAGE_URL.strip("/") + "/" not in locations
    assert "claims/" in locations  # the ledger is found, only after the pages that explain


@pytest.mark.browser
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


# -- wording for paper is not searched ---------------------------------------------------------

WINDOW = 4  # words: a phrase this long with a word for paper in it, that the screen never says


class Words(HTMLParser):
    """A page's content as words, each marked whether it is wording for paper (inside an
    element of the class print-only)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.words: list[tuple[str, bool]] = []
        self.open: list[tuple[str, bool]] = []  # (tag, print-only) of the open elements
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        classes = (dict(attrs).get("class") or "").split()
        self.open.append((tag, "print-only" in classes))
        self.skipping += tag in ("script", "style")

    def handle_endtag(self, tag):
        while self.open:
            closed, _ = self.open.pop()
            self.skipping -= closed in ("script", "style")
            if closed == tag:
                break

    def handle_data(self, data):
        if not self.skipping:
            paper = any(printed for _, printed in self.open)
            self.words += [(word, paper) for word in normalised(data)]


def normalised(text: str) -> list[str]:
    """Words as the index and the page both write them: lower case, without punctuation."""
    return [w for w in (re.sub(r"\W+", "", word.lower()) for word in text.split()) if w]


def content(page_html: str) -> str:
    """What Material's search indexes of a page: its article."""
    start = page_html.find("<article")
    return page_html[start : page_html.find("</article>", start)]


def paper_phrases(page_html: str) -> list[str]:
    """The phrases of ``WINDOW`` words, each holding a word for paper, that the screen's
    wording never says: what the index would hold if it held the wording for paper."""
    parser = Words()
    parser.feed(content(page_html))
    words = parser.words
    screen = " " + " ".join(word for word, paper in words if not paper) + " "
    phrases = []
    for start in range(len(words) - WINDOW + 1):
        window = words[start : start + WINDOW]
        phrase = " ".join(word for word, _ in window)
        if any(paper for _, paper in window) and f" {phrase} " not in screen:
            phrases.append(phrase)
    return phrases


def indexed_text(index: dict, path: str) -> str:
    """Every word the search index holds for the page at ``path`` ("/l4/")."""
    page = path.strip("/") + "/" if path != "/" else ""
    texts = [
        f"{entry['title']} {entry['text']}"
        for entry in index["docs"]
        if entry["location"].partition("#")[0] == page
    ]
    return " " + " ".join(normalised(html.unescape(re.sub(r"<[^>]+>", " ", " ".join(texts))))) + " "


def test_no_wording_for_paper_is_in_the_search_index(site, pages):
    index = search_index(site)
    printed, found = 0, {}
    for path in page_files(site):
        if path == PRINT_PAGE_URL:
            continue
        phrases = paper_phrases(pages[path])
        printed += bool(phrases)
        text = indexed_text(index, path)
        leaked = [phrase for phrase in phrases if f" {phrase} " in text]
        if leaked:
            found[path] = leaked[:3]
    # The answer pages' cards, /practice/ and the home page say things for paper only.
    assert printed >= 6, f"only {printed} pages have wording for paper"
    assert not found, f"wording for paper in the search index: {found}"


def test_the_check_for_wording_for_paper_can_fail():
    page = (
        '<article><p>Answer aloud first, then <span class="screen-only">open</span> '
        '<span class="print-only">read</span> the L4 answer.</p></article>'
    )
    index = {"docs": [{"location": "", "title": "", "text": "then open read the L4 answer"}]}
    phrases = paper_phrases(page)
    assert "then open read the" in phrases
    assert "then open read the" in indexed_text(index, "/")
