"""The built site with the network off: every page opened straight from disk (file://) draws
its figures and formulas with no error and no request to a network, and its links lead to
pages rather than directory listings; over the local server, Material's search answers.

Search from disk needs Material's offline plugin, which turns instant navigation off: the
site keeps instant navigation, so searching is an online (or local server) feature, as
README.md says.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_every_page_works_from_disk_with_no_network(disk_pages, pages):
    assert set(disk_pages) == set(pages)
    problems = []
    for path, page in disk_pages.items():
        if page["network"]:
            problems.append(f"{path} asked the network for {page['network']}")
        if page["errors"]:
            problems.append(f"{path} logged errors: {page['errors']}")
        if page["drawn"] != page["figures"] or page["fallbacks"]:
            problems.append(f"{path}: {page['drawn']} of {page['figures']} figures drawn")
        if page["directory_links"]:
            problems.append(f"{path} links to directory listings: {page['directory_links'][:3]}")
        if page["latex"] or page["maths_laid_out"] != page["maths"]:
            problems.append(
                f"{path}: {page['maths_laid_out']} of {page['maths']} formulas laid out as "
                f"MathML, {page['latex']} left as LaTeX"
            )
    assert not problems, "\n".join(problems)
    assert sum(page["figures"] for page in disk_pages.values()) > 0
    assert sum(page["maths"] for page in disk_pages.values()) > 0


def test_search_answers_over_the_local_server(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    try:
        tab.goto(server + "/")
        field = tab.locator("input.md-search__input")
        field.click()
        field.press_sequentially("lasso", delay=20)  # typed, as a reader does
        results = tab.locator(".md-search-result__item")
        results.first.wait_for(timeout=20_000)
        assert "lasso" in results.first.inner_text().lower()
        field.fill("")
        field.press_sequentially("qwzxv", delay=20)  # a word of no page
        tab.locator(".md-search-result__meta").filter(has_text="No matching").wait_for()
        assert results.count() == 0
    finally:
        context.close()
    assert errors == []
