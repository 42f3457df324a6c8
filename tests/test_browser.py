"""The built site in headless Chromium: figures after instant navigation and in each palette.

Every page's loading (no console error, no other host, plotly.js only where there are figures,
every figure drawn) is checked once, over HTTP by tests/test_accessibility.py and from disk by
tests/test_offline.py."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.support import FIGURES_DONE, draw_all

pytestmark = pytest.mark.browser

BLUE, SKY = "rgb(0, 114, 178)", "rgb(86, 180, 233)"  # Okabe-Ito blue and its dark-mode twin


@pytest.fixture
def page(browser, server):
    """A fresh page that records console errors and blocks (and records) other hosts."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.errors = []
    tab.foreign = []
    tab.requested = []
    tab.on("console", lambda m: m.type == "error" and tab.errors.append(m.text))
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    local = urlparse(server).netloc

    def route(request_route):
        url = request_route.request.url
        tab.requested.append(url)
        if urlparse(url).scheme in ("http", "https") and urlparse(url).netloc != local:
            tab.foreign.append(url)
            return request_route.abort()
        return request_route.continue_()

    tab.route("**/*", route)
    yield tab
    context.close()


def test_figures_render_after_instant_navigation(page, server):
    page.goto(server + "/")
    page.wait_for_selector(FIGURES_DONE, state="attached")
    # Instant navigation starts intercepting links once Material has fetched the sitemap.
    page.wait_for_load_state("networkidle")
    page.evaluate("window.sameDocument = true")  # gone if the browser loads a new document
    page.locator("nav.md-nav--primary a[href$='l4/']").first.click()
    page.wait_for_url("**/l4/")
    page.wait_for_selector("div[data-plotly]", state="attached")
    assert page.evaluate("window.sameDocument === true"), "the navigation was not instant"
    figures = page.locator("div[data-plotly]:not(.print-only)")  # a slider's paper drawing
    for index in range(figures.count()):  # as a reader scrolls: each is drawn as it nears
        figures.nth(index).scroll_into_view_if_needed()
    page.wait_for_selector(FIGURES_DONE, state="attached", timeout=20_000)
    assert page.locator("div[data-plotly] svg.main-svg").count() >= 2
    assert page.errors == []


def line_colours(tab) -> list[str]:
    return tab.eval_on_selector_all(
        "div[data-plotly] .scatterlayer path.js-line",
        "paths => paths.map(p => getComputedStyle(p).stroke)",
    )


def test_palette_toggle_restyles_figures(page, server):
    page.emulate_media(color_scheme="light")
    page.goto(server + "/l4/")
    draw_all(page)
    light_ink = page.eval_on_selector(
        "div[data-plotly] .xtick text", "t => getComputedStyle(t).fill"
    )
    assert BLUE in line_colours(page)
    page.locator("label[for^='__palette']:visible").first.click()
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    page.wait_for_function(
        "() => [...document.querySelectorAll('div[data-plotly] .xtick text')]"
        f".some(t => getComputedStyle(t).fill !== '{light_ink}')"
    )
    colours = line_colours(page)
    assert SKY in colours and BLUE not in colours
    dark_ink = page.eval_on_selector(
        "div[data-plotly] .xtick text", "t => getComputedStyle(t).fill"
    )
    assert dark_ink != light_ink
    assert page.errors == []


def test_palette_follows_the_system_preference(browser, server):
    for scheme, expected in (("light", "default"), ("dark", "slate")):
        context = browser.new_context(color_scheme=scheme)
        tab = context.new_page()
        tab.goto(server + "/")
        assert tab.evaluate("document.body.dataset.mdColorScheme") == expected
        context.close()


# Records, from before the page's first script, what changes once the page has content: a
# stylesheet's address (the stylesheet is loaded and applied again) and the body's
# palette-switching mark (a rule of Material's restyles every element when it changes).
STARTUP_CHANGES = """
window.startupChanges = [];
new MutationObserver((records) => {
  const content = document.querySelector("article") !== null;
  for (const r of records) {
    if (!content) continue;
    if (r.target.matches("link[rel=stylesheet]") && r.attributeName === "href") {
      window.startupChanges.push(`stylesheet ${r.oldValue} -> ${r.target.getAttribute("href")}`);
    }
    if (r.target === document.body && r.attributeName === "data-md-color-switching"
        && r.oldValue === null && document.body.hasAttribute("data-md-color-switching")) {
      window.startupChanges.push("palette-switching mark added");
    }
  }
}).observe(document, {
  subtree: true, attributes: true, attributeOldValue: true,
  attributeFilter: ["href", "data-md-color-switching"],
});
"""


@pytest.mark.parametrize("path", ["/", "/l6/"])
def test_startup_does_not_restyle_the_whole_page_needlessly(page, server, path):
    page.add_init_script(STARTUP_CHANGES)
    page.goto(server + path)
    page.wait_for_load_state("networkidle")  # Material fetches the sitemap for instant navigation
    assert page.evaluate("window.startupChanges") == []
    # Material's script still starts: it built the search and then took the switching mark off.
    assert page.locator(".md-search[role=dialog]").count() == 1
    assert page.evaluate("document.body.hasAttribute('data-md-color-switching')") is False


def test_folded_code_joins_the_page_when_opened_and_before_printing(page, server):
    page.goto(server + "/l6/adamw/")
    assert page.locator("details > template.folded").count() >= 3
    assert page.locator("details pre").count() == 0  # folded code is not in the page
    page.locator("details:has(> template.folded) > summary").first.click()
    page.wait_for_selector("details[open] pre > code")
    # With the copy button Material gives the code it finds at page load.
    assert page.locator("details[open] pre [data-clipboard-target]").count() == 1
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator("details:not([open])").count() == 0
    assert page.locator("template.folded").count() == 0
    assert page.errors == []


# How many elements of a class the page shows (laid out, not display: none).
SHOWN = """(selector) => [...document.querySelectorAll(selector)]
    .filter((element) => element.getClientRects().length > 0).length"""


def test_wording_for_one_medium_shows_in_that_medium_only(page, server):
    page.goto(server + "/")
    screen_only = page.locator(".screen-only").count()
    print_only = page.locator(".print-only").count()
    assert screen_only > 0 and print_only > 0, "the home page words its instructions twice"
    assert page.evaluate(SHOWN, ".screen-only") == screen_only
    assert page.evaluate(SHOWN, ".print-only") == 0
    page.emulate_media(media="print")
    assert page.evaluate(SHOWN, ".screen-only") == 0
    assert page.evaluate(SHOWN, ".print-only") == print_only


def test_plotly_is_fetched_when_a_figure_comes_into_view_not_when_it_is_only_near(page, server):
    """A reader who has not moved is reading the text above the first figure: plotly.js, the
    site's largest script, waits until a figure is in view, or within 300 px once the reader
    scrolls."""
    page.goto(server + "/l4/")
    top = page.evaluate("document.querySelector('div[data-plotly]').getBoundingClientRect().top")
    # The first figure 100 px below the bottom of the screen: near, not in view.
    page.set_viewport_size({"width": 1280, "height": int(top) - 100})
    page.goto(server + "/l4/")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    assert not [url for url in page.requested if url.endswith("/plotly.min.js")]
    assert page.locator("div[data-plotly] svg.main-svg").count() == 0
    page.mouse.wheel(0, 10)  # the reader moves: the figure, now within 300 px, is drawn
    page.wait_for_selector("div[data-plotly] svg.main-svg", timeout=20_000)
    assert [url for url in page.requested if url.endswith("/plotly.min.js")]
    assert page.errors == []
