"""Every published address (tests/published_urls.txt) in a real browser: loaded as a reader
loads it, it ends on its page with the element it names. A page whose sections moved to
pages under it (/l6/#adamw, now /l6/adamw/#adamw) sends its old anchors on
(engine/publishing/addresses.py, docs/assets/addresses.js), on first load and after instant navigation;
an address of an answer's card opens the card."""

from __future__ import annotations

import time
from urllib.parse import unquote, urlparse

import pytest
from playwright.sync_api import Error as PlaywrightError

pytestmark = pytest.mark.browser

PUBLISHED = "tests/published_urls.txt"
# Addresses of the spoken answers before each answer page opened with its card.
TO_THE_CARD = {"/l4/#answer", "/follow-up/#answer", "/l5/#summary", "/l6/#summary"}
CARD = "say-it"
ANSWER_PAGES = ["/l4/", "/l5/", "/l6/", "/follow-up/"]

# Where the tab is, and what the address it ended on names.
WHERE = """(id) => {
  const target = document.getElementById(id);
  return {
    path: location.pathname,
    hash: decodeURIComponent(location.hash.slice(1)),
    found: !!target,
    open: !!target && !!target.closest("details") && target.closest("details").open,
    folded: !!target && !!target.closest("details:not([open])"),
  };
}"""


def listed() -> list[str]:
    from tests.support import ROOT

    lines = (ROOT / PUBLISHED).read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def expected_id(url: str) -> str:
    return CARD if url in TO_THE_CARD else unquote(url.partition("#")[2])


def settle(tab, wanted: str, timeout: float = 10.0) -> dict:
    """Where the tab ends once the page's script has sent it on (a new page may load)."""
    deadline = time.monotonic() + timeout
    where: dict = {}
    while time.monotonic() < deadline:
        try:
            tab.wait_for_load_state("domcontentloaded")
            where = tab.evaluate(WHERE, wanted)
            if where["hash"] == wanted and where["found"]:
                return where
        except PlaywrightError:  # the page was replaced while we asked
            pass
        time.sleep(0.05)
    return where


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    # What is tested is the page and the site's own scripts; without the figures' library,
    # Material's script (its search index alone is a megabyte) and the styles, a page loads
    # in a fraction of the time. Instant navigation, which needs Material, is tested below.
    page.route("**/plotly.min.js", lambda route: route.abort())
    page.route("**/assets/javascripts/**", lambda route: route.abort())
    page.route("**/*.css", lambda route: route.abort())
    yield page
    context.close()


# Within a page loaded once: each of its addresses in turn, as a reader following links within
# the page (only the fragment changes), and where it ended. An address that the page's map sends
# to another page is left to a load of its own.
WITHIN_THE_PAGE = """async (addresses) => {
  const map = JSON.parse(
    (document.querySelector("[data-moved-anchors]") || { getAttribute: () => "{}" })
      .getAttribute("data-moved-anchors"));
  const ended = [];
  for (const [id, wanted] of addresses) {
    if (!document.getElementById(id) && map[id] &&
        new URL(map[id], location.href).pathname !== location.pathname) {
      ended.push(null);  // it leads on to another page
      continue;
    }
    location.hash = "#" + id;
    await new Promise((done) => setTimeout(done, 0));  // the page's hashchange has run
    const target = document.getElementById(wanted);
    ended.push({
      hash: decodeURIComponent(location.hash.slice(1)),
      found: !!target,
      folded: !!target && !!target.closest("details:not([open])"),
    });
  }
  return ended;
}"""


def test_every_published_address_ends_on_its_element(tab, server):
    """In the list's order, page by page: a page's first address is a fresh load, its next
    ones change only the fragment (as a reader following links within the page), and an
    address that a page sends on to another page loads that page."""
    problems = []
    base = urlparse(server).path  # the site's sub-path
    by_page: dict[str, list[str]] = {}
    for url in listed():
        by_page.setdefault(url.partition("#")[0], []).append(url)
    for page, urls in by_page.items():
        tab.goto(server + page, wait_until="domcontentloaded")
        if urlparse(tab.url).path != base + page:
            problems.append(f"{page} ended on {tab.url}")
            continue
        fragments = [url for url in urls if "#" in url]
        addresses = [[unquote(url.partition("#")[2]), expected_id(url)] for url in fragments]
        ended = tab.evaluate(WITHIN_THE_PAGE, addresses)
        for url, where in zip(fragments, ended):
            wanted = expected_id(url)
            if where is None:  # sent on to another page: a load of its own
                tab.goto(server + url, wait_until="domcontentloaded")
                where = settle(tab, wanted)
            if where.get("hash") != wanted or not where.get("found"):
                problems.append(f"{url} ended on #{where.get('hash')} without #{wanted}")
            elif where["folded"]:
                problems.append(f"{url} ended on #{wanted} inside a closed fold")
    assert not problems, f"{len(problems)} addresses lead nowhere:\n" + "\n".join(problems)


def follow_a_link(tab, href: str) -> None:
    """Follow a link to ``href`` placed in the page, as a study guide's link is followed from
    inside the site (Material's instant navigation sees the click)."""
    tab.evaluate(
        """(href) => {
          const link = document.createElement("a");
          link.href = href;
          link.id = "old-address";
          link.textContent = "old address";
          document.querySelector("article").prepend(link);
        }""",
        href,
    )
    tab.click("#old-address")


@pytest.mark.parametrize(
    ("old", "ends_on"),
    [
        ("/l6/#adamw", "/l6/adamw/"),  # a section, now a page under the level
        ("/l6/#l6.prox.exact-zeros", "/l6/proximal/"),  # a claim, stated there now
        ("/l5/#corner-experiment", "/l5/geometry/"),
        ("/l5/#summary", "/l5/"),  # the spoken answer: now the card on the same page
    ],
)
def test_old_addresses_lead_on_after_instant_navigation(browser, server, old, ends_on):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto(server + "/")
    tab.wait_for_load_state("networkidle")  # instant navigation starts once the sitemap is in
    tab.evaluate("window.sameDocument = true")
    follow_a_link(tab, server + old)
    wanted = expected_id(old)
    where = settle(tab, wanted)
    same_document = where and tab.evaluate("window.sameDocument === true")
    context.close()
    ends_at = urlparse(server).path + ends_on
    assert where.get("path") == ends_at and where.get("hash") == wanted and where.get("found")
    if old == "/l5/#summary":  # same page: instant navigation all the way, card opened
        assert same_document and where["open"]


@pytest.mark.parametrize("page", ANSWER_PAGES)
def test_an_address_of_a_card_opens_it(browser, server, page):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    tab = context.new_page()
    try:
        tab.goto(server + page)
        assert tab.evaluate(f"document.getElementById('{CARD}').open") is False  # answer first
        tab.goto("about:blank")
        tab.goto(server + page + "#" + CARD)  # a link from elsewhere: a fresh load
        first_load = settle(tab, CARD)
        tab.evaluate(f"document.getElementById('{CARD}').open = false")
        tab.goto(server + page)
        tab.goto(server + page + "#" + CARD)  # a link within the page: the fragment changes
        same_page = settle(tab, CARD)
    finally:
        context.close()
    assert first_load["found"] and first_load["open"], f"{page}#{CARD} left the card folded"
    assert same_page["found"] and same_page["open"], f"#{CARD} on {page} left it folded"


@pytest.mark.parametrize("old", sorted(TO_THE_CARD))
def test_a_link_to_an_old_anchor_of_the_page_it_is_on_leads_on(browser, server, old):
    """On /l4/, with its card open, a link to /l4/#answer (published before the card): instant
    navigation would look for #answer on the page it is on, and drop it."""
    page = old.partition("#")[0]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    try:
        tab.goto(server + page + "#" + CARD)
        tab.wait_for_load_state("networkidle")  # instant navigation starts once the sitemap is in
        assert settle(tab, CARD).get("open"), f"{page}#{CARD} did not open the card"
        tab.evaluate("window.sameDocument = true")
        follow_a_link(tab, server + old)
        where = settle(tab, CARD)
        same_document = tab.evaluate("window.sameDocument === true")
    finally:
        context.close()
    assert where.get("path") == urlparse(server).path + page, where
    assert where.get("hash") == CARD and where.get("open"), where
    assert same_document, "the page was loaded again"
