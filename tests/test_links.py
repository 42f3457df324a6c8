"""Links that never break.

- Every internal link of every built page (the print page included) leads to a file of the
  site, and its #fragment to an element of that page.
- External links are well-formed (https, a host); the test lists them all when one is not.
- The site's URL scheme (SITE_URLS) exists, and no published URL or anchor of
  tests/published_urls.txt ever disappears. New ones are suggested (a warning) for the list.

`python -m tests.test_links SITE_DIR` prints what a build publishes, in the list's format.
"""

from __future__ import annotations

import json
import re
import sys
import warnings
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest

from engine.names import PDF_NAME
from tests.support import PRINT_PAGE_URL, ROOT, SUB_PATH, page_url

PUBLISHED = ROOT / "tests" / "published_urls.txt"
HOST = "site.invalid"  # stands for the site's own host while resolving relative links
SITE_URLS = ["/", "/l4/", "/l5/", "/l6/", "/follow-up/", "/tells/", "/claims/"]
SITE_PREFIXES = ["/reference/", "/labs/"]
ANSWER_PAGES = ["/l4/", "/l5/", "/l6/", "/follow-up/"]
EVIDENCE_PAGES = ("/l5/", "/l6/")  # the pages under these hold their level's evidence
CARD = "say-it"  # the anchor of an answer page's "Say it" card
# Written by `make pdf` after the build, not by the build the tests check (tests/test_pdf.py
# checks that every page links to it and that the export writes it there).
AFTER_THE_BUILD = {f"/{PDF_NAME}"}


class Page(HTMLParser):
    """The ids (and <a name>s), link targets and headings of one HTML page, and where its
    moved anchors are now."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.headings: list[str] = []
        self.moved: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("data-moved-anchors"):
            self.moved = json.loads(attributes["data-moved-anchors"])
        if attributes.get("id"):
            self.ids.add(attributes["id"])
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                self.headings.append(attributes["id"])
        if tag == "a" and attributes.get("name"):
            self.ids.add(attributes["name"])
        if tag == "a" and attributes.get("href") is not None:
            self.links.append(attributes["href"])


def parse_site(site: Path) -> dict[str, Page]:
    """Published path ("/", "/l4/", "/404.html") -> its parsed page."""
    parsed = {}
    for path in sorted(site.rglob("*.html")):
        page = Page()
        page.feed(path.read_text())
        parsed[page_url(site, path)] = page
    return parsed


def target_file(site: Path, path: str) -> Path | None:
    """The file a URL path is served from, if the site has it."""
    candidate = site / unquote(path).lstrip("/")
    if path.endswith("/"):
        candidate = candidate / "index.html"
    elif candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def check_internal(
    site: Path, parsed: dict[str, Page], root: str = "/"
) -> tuple[list[str], list[tuple]]:
    """(broken internal links, external links as (page, href)), for a site served at ``root``
    (404.html links from there: it is served in place of any missing page)."""
    broken, external = [], []
    for url, page in parsed.items():
        base = f"https://{HOST}{root.rstrip('/')}{url}"
        for href in page.links:
            if href.startswith("javascript:"):
                broken.append(f"{url}: {href} (a script, not a link)")
                continue
            target = urlparse(urljoin(base, href))
            if target.netloc != HOST:
                external.append((url, href))
                continue
            if not target.path.startswith(root):
                broken.append(f"{url}: {href} (outside the site, served at {root})")
                continue
            target = target._replace(path="/" + target.path.removeprefix(root))
            if target.path in AFTER_THE_BUILD:
                continue
            file = target_file(site, target.path)
            if file is None:
                broken.append(f"{url}: {href} (no file {target.path})")
                continue
            fragment = unquote(target.fragment)
            if fragment and file.suffix == ".html":
                ids = parsed[page_url(site, file)].ids
                if fragment not in ids:
                    broken.append(f"{url}: {href} (no #{fragment} on {page_url(site, file)})")
    return broken, external


def published(site: Path, parsed: dict[str, Page], claims: list[dict], root: str = "/") -> set[str]:
    """What a build publishes: every page, the headings of the answer pages and of the pages
    of evidence under them, every claim (a site served at ``root``)."""
    urls = {url for url in parsed if url.endswith("/") and url != PRINT_PAGE_URL}
    for url in parsed:
        if url in ANSWER_PAGES or url.startswith(EVIDENCE_PAGES):
            urls.update(f"{url}#{anchor}" for anchor in parsed[url].headings)
        if url in ANSWER_PAGES and CARD in parsed[url].ids:
            urls.add(f"{url}#{CARD}")
    for row in claims:
        urls.add(f"/claims/#{row['id']}")
        if row["page"] and row["anchor"]:
            urls.add(f"{site_path(row['page'], root)}#{row['anchor']}")
    return urls


def site_path(address: str, root: str = "/") -> str:
    """A page's address in claims.json (full, or relative to the site's root) as a path from
    the site's root: "https://example.org/guide/l4/" (served at /guide/) or "l4/" -> "/l4/"."""
    if urlparse(address).scheme:
        return "/" + urlparse(address).path.removeprefix(root).lstrip("/")
    return "/" + address.removeprefix("./")


def served_at(site: Path) -> str:
    """The path a build is served at, from its canonical links ("/" without a site URL)."""
    found = re.search(r'<link rel="canonical" href="([^"]+)"', (site / "index.html").read_text())
    return urlparse(found.group(1)).path if found else "/"


def exists(site: Path, parsed: dict[str, Page], url: str, follow: bool = True) -> bool:
    """The address is on the site: its page, and its anchor on the page or, once, where the
    page's map of moved anchors says it is now."""
    path, _, fragment = url.partition("#")
    file = target_file(site, path)
    if file is None:
        return False
    page = parsed[page_url(site, file)]
    if not fragment or fragment in page.ids:
        return True
    moved = page.moved.get(fragment)
    if not follow or moved is None:
        return False
    target = urlparse(urljoin(f"https://{HOST}{page_url(site, file)}", moved))
    return exists(site, parsed, f"{target.path}#{unquote(target.fragment)}", follow=False)


def listed() -> list[str]:
    lines = PUBLISHED.read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


# -- the tests -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def parsed(site) -> dict[str, Page]:
    return parse_site(site)


def test_every_internal_link_and_anchor_resolves(site, parsed):
    broken, _ = check_internal(site, parsed, root=SUB_PATH)
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(broken[:60])


def test_external_links_are_well_formed(site, parsed):
    _, external = check_internal(site, parsed, root=SUB_PATH)
    assert external, "no external link at all: the references page links to DOIs"
    bad = [
        (url, href)
        for url, href in external
        if urlparse(href).scheme != "https" or not urlparse(href).hostname
    ]
    listing = "\n".join(f"{url}: {href}" for url, href in sorted(set(external)))
    assert not bad, f"malformed external links {bad}\nall external links:\n{listing}"


def test_the_url_scheme_is_kept(pages):
    missing = [url for url in SITE_URLS if url not in pages]
    for prefix in SITE_PREFIXES:
        if not any(url.startswith(prefix) for url in pages):
            missing.append(prefix + "...")
    assert not missing, f"published URLs missing: {missing}"


def test_published_urls_and_anchors_never_disappear(site, parsed, claims):
    promised = listed()
    assert promised, f"{PUBLISHED} lists nothing"
    gone = [url for url in promised if not exists(site, parsed, url)]
    assert not gone, (
        f"published URLs or anchors gone from the site (keep them, or redirect): {gone}"
    )
    new = sorted(published(site, parsed, claims, root=SUB_PATH) - set(promised))
    if new:
        warnings.warn(
            f"{len(new)} URLs or anchors are published but not in {PUBLISHED.name}; "
            "add them (python -m tests.test_links SITE_DIR lists them all):\n" + "\n".join(new),
            stacklevel=1,
        )


def test_a_moved_anchor_counts_only_where_it_leads_to_an_element(site, parsed):
    hubs = [url for url, page in parsed.items() if page.moved]
    assert {"/l4/", "/l5/", "/l6/", "/follow-up/"} <= set(hubs), hubs
    for url in hubs:
        for anchor in parsed[url].moved:
            assert anchor not in parsed[url].ids, f"{url}#{anchor} is on its page and in its map"
            assert exists(site, parsed, f"{url}#{anchor}"), f"{url}#{anchor} leads nowhere"
    # A map entry whose target is gone does not count as the address existing.
    parsed["/l6/"].moved["nowhere"] = "adamw/#no-such-anchor"
    try:
        assert not exists(site, parsed, "/l6/#nowhere")
    finally:
        del parsed["/l6/"].moved["nowhere"]


def test_the_published_list_has_no_duplicates():
    promised = listed()
    assert len(promised) == len(set(promised)), "duplicates in published_urls.txt"
    assert all(url.startswith("/") for url in promised)


def main() -> None:
    site = Path(sys.argv[1])
    claims = json.loads((site / "claims.json").read_text())["claims"]
    for url in sorted(published(site, parse_site(site), claims, root=served_at(site))):
        print(url)


if __name__ == "__main__":
    main()
