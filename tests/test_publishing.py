"""Publishing: where the site lives, its previews, its version, its citation and its workflow.

- The session's build (tests/conftest.py) is published under a sub-path with a repository: its
  canonical links, sitemap, previews, footer, "Cite this" block, source links and 404 page are
  checked here; the link, offline and browser tests run against it under that sub-path.
- A build with no SITE_URL nor REPO_URL names no invented address, in the site or its PDF.
- CITATION.cff is valid against the CFF 1.2.0 schema (tests/cff-schema-1.2.0.json, the
  schema published by the Citation File Format project, unchanged).
- The GitHub Pages workflow passes actionlint, and runs the tests before it publishes.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import shutil
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import jsonschema
import pytest
import yaml
from PIL import Image

from engine.cache import Cache
from engine.names import PDF_NAME
from engine.printing import pdf as pdf_hook
from engine.publishing import previews
from engine.publishing.publication import LICENCES, NO_SITE_URL, last_commit
from tests.support import REPO_URL, ROOT, SUB_PATH, once

SITE_NAME = "L1 vs L2 regularization, computed"
SCHEMA = ROOT / "tests" / "cff-schema-1.2.0.json"
WORKFLOWS = ROOT / ".github" / "workflows"
# Addresses no site is published at: the domains reserved for examples and tests (RFC 2606,
# RFC 6761) and this machine's own, which a build might have been given.
INVENTED_HOST = re.compile(
    r"(^|\.)(example\.(com|org|net)|example|test|invalid|localhost)$|^127\.|^0\.0\.0\.0$"
)
# An address: with a scheme, or scheme-relative in a quoted string (not a regex like /\//.test).
ADDRESS = re.compile(rb"(?:[a-z][a-z0-9+.-]*:|[\"'(])//([A-Za-z0-9.-]+)")


class Head(HTMLParser):
    """A page's <title>, <meta> tags and canonical link."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "meta":
            key = attributes.get("property") or attributes.get("name")
            if key:
                self.meta[key] = attributes.get("content") or ""
        elif tag == "link" and attributes.get("rel") == "canonical":
            self.canonical = attributes.get("href")
        self._in_title = tag == "title"

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag):
        self._in_title = False


def head(text: str) -> Head:
    parser = Head()
    parser.feed(text)
    return parser


def every_page(site: Path) -> dict[str, str]:
    """Every HTML page of a build, the 404 page included: its path -> its text."""
    return {p.relative_to(site).as_posix(): p.read_text() for p in sorted(site.rglob("*.html"))}


# -- CITATION.cff ------------------------------------------------------------------------


def citation_errors(data) -> list[str]:
    schema = json.loads(SCHEMA.read_text())
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


def test_citation_cff_is_valid_against_the_cff_schema():
    data = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert citation_errors(data) == []
    assert data["title"] == SITE_NAME
    assert data["license"] == "CC-BY-4.0"


def test_the_citation_check_can_fail():
    data = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    broken = {key: value for key, value in data.items() if key != "authors"}
    broken["license"] = "CC-BY-4"
    errors = citation_errors(broken)
    assert any("authors" in e for e in errors) and any("license" in e for e in errors)


def test_each_licence_the_site_states_has_its_text_in_the_repository():
    first_lines = {
        "CC BY 4.0": "Creative Commons Attribution 4.0 International Public License",
        "MIT": "MIT License",
    }
    assert {licence["covers"] for licence in LICENCES} == {"text and figures", "code"}
    for licence in LICENCES:
        text = (ROOT / licence["file"]).read_text()
        assert text.startswith(first_lines[licence["name"]]), licence["file"]


# -- the published build: sub-path, repository -------------------------------------------


def test_every_page_has_link_previews_with_an_image_of_its_own(site, site_url):
    images = set()
    for path, text in every_page(site).items():
        tags = head(text)
        assert tags.title.count(SITE_NAME) == 1, f"{path}: title {tags.title!r}"
        for key in ("og:title", "og:description", "og:image", "og:image:alt", "twitter:card"):
            assert tags.meta.get(key), f"{path} has no {key}"
        assert tags.meta["twitter:card"] == "summary_large_image"
        assert tags.meta["og:description"] == tags.meta["description"], path
        image = tags.meta["og:image"]
        assert image.startswith(site_url + "assets/previews/"), f"{path}: {image}"
        with Image.open(site / image.removeprefix(site_url)) as png:
            assert (png.format, png.size) == ("PNG", (1200, 630)), f"{path}: {image}"
        images.add(image)
        if path == "404.html":  # served in place of any missing page: no address of its own
            assert "og:url" not in tags.meta and tags.canonical is None
        else:
            assert tags.meta["og:url"] == tags.canonical, path
            assert tags.canonical.startswith(site_url), path
    assert len(images) == len(every_page(site)), "two pages share a preview image"
    assert head((site / "index.html").read_text()).title == SITE_NAME


def test_the_sitemap_lists_the_pages_at_their_published_addresses(site, site_url):
    locations = re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text())
    assert site_url in locations and f"{site_url}l4/" in locations
    assert all(location.startswith(site_url) for location in locations)


def version_in_footer(text: str) -> str:
    found = re.search(r'<span class="site-version">(.*?)</span>', text, re.S)
    assert found, "no version in the footer"
    return re.sub(r"<[^>]+>", "", found.group(1))


def test_the_footer_and_the_cite_block_show_the_same_version(pages, site_url):
    commit = subprocess.run(
        ["git", "log", "-1", "--format=%cs %h", "--abbrev=7"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    label = f"{commit[0]} ({commit[1]})"
    assert last_commit(ROOT).label == label
    for path, text in pages.items():
        assert version_in_footer(text) == label, path
        for licence in LICENCES:
            assert f'href="{licence["url"]}" rel="license">{licence["name"]}</a>' in text, path
    home = pages["/"]
    cite = home[home.index('id="cite"') :]
    plain = re.search(r'<p class="citation">(.*?)</p>', cite, re.S).group(1)
    assert f"Version {label}. {site_url}" in html.unescape(plain)
    bibtex = html.unescape(re.sub(r"<[^>]+>", "", re.search(r"<code>(.*?)</code>", cite, re.S)[1]))
    assert bibtex.startswith("@misc{") and bibtex.rstrip().endswith("}")
    fields = dict(re.findall(r"^\s+(\w+)\s+= \{(.*)\},?$", bibtex, re.M))
    assert fields["note"] == f"Version {label}" and fields["url"] == site_url
    assert fields["year"] == commit[0][:4]


def test_the_cite_block_is_in_the_pdf_page(pages):
    assert pages["/print_page/"].count('<p class="citation">') == 1
    assert "```" not in pages["/"] and "{{ cite" not in pages["/"]


def test_with_a_repository_pages_link_their_source_and_labs_the_repository(pages):
    commit = last_commit(ROOT).commit
    for path, text in pages.items():
        links = re.findall(r'<a href="([^"]+)">Source of this page</a>', text)
        if path == "/print_page/":  # made by a plugin: no file of its own
            assert not links
            continue
        assert len(links) == 1, f"{path} does not link its source"
        prefix = f"{REPO_URL}/blob/{commit}/"
        assert links[0].startswith(prefix), links[0]
        assert (ROOT / links[0].removeprefix(prefix)).is_file(), f"{path}: {links[0]}"
    for lab in ("/labs/l4/", "/labs/l5/", "/labs/l6/"):
        assert f'<a href="{REPO_URL}">the site\'s repository</a>' in pages[lab]


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value and not value.startswith(("#", "data:")):
                self.urls.append(value)


def test_the_404_page_works_at_any_depth_under_the_sub_path(site, site_url):
    """Hosts serve 404.html in place of any missing page: its links must not be relative."""
    parser = Links()
    parser.feed((site / "404.html").read_text())
    missing = site_url + "no/such/page/"
    local = [
        u for u in parser.urls if urlparse(urljoin(missing, u)).netloc == urlparse(site_url).netloc
    ]
    assert len(local) > 10
    for url in local:
        path = urlparse(urljoin(missing, url)).path
        assert path.startswith(SUB_PATH), f"404.html: {url} leads outside the site"
        relative = path.removeprefix(SUB_PATH)
        target = (
            site / relative / "index.html"
            if relative.endswith("/") or not relative
            else site / relative
        )
        assert target.is_file() or relative == PDF_NAME, f"404.html: {url}"


@pytest.mark.browser
def test_the_404_page_is_styled_and_searchable_at_a_missing_address(browser, server, site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    failed = []
    tab.on("requestfailed", lambda request: failed.append(request.url))
    tab.on("response", lambda response: response.status >= 400 and failed.append(response.url))
    missing = server + "/no/such/page/"
    tab.route(
        missing,
        lambda route: route.fulfill(
            status=404, body=(site / "404.html").read_bytes(), content_type="text/html"
        ),
    )
    try:
        tab.goto(missing)
        tab.wait_for_load_state("networkidle")
        assert [url for url in failed if url != missing] == []
        assert tab.locator("h1").first.inner_text() == "404 - Not found"
        field = tab.locator("input.md-search__input")
        field.click()
        field.press_sequentially("lasso", delay=20)
        tab.locator(".md-search-result__item").first.wait_for(timeout=20_000)
    finally:
        context.close()


# -- a build with no site URL ------------------------------------------------------------


@pytest.fixture(scope="module")
def unaddressed() -> tuple[Path, str]:
    """A build with neither SITE_URL nor REPO_URL, and its output (made once for the session:
    ``build_without_addresses`` in tests/support.py)."""
    made = once("unaddressed")
    return made / "site", (made / "output.txt").read_text()


def invented_addresses(name: str, data: bytes) -> list[str]:
    return [
        f"{name}: {host.decode()}"
        for host in ADDRESS.findall(data)
        if INVENTED_HOST.search(host.decode().lower())
    ]


def files_of(site: Path):
    """(name, bytes) of every file of a build, inside its compressed files too."""
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        name = path.relative_to(site).as_posix()
        data = path.read_bytes()
        if path.suffix == ".gz":
            yield name, gzip.decompress(data)
        elif path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    yield f"{name}/{member}", archive.read(member)
        else:
            yield name, data


def test_the_invented_address_check_can_fail():
    assert invented_addresses("x", b'<a href="https://l1-vs-l2.example.org/l4/">')
    assert invented_addresses("x", b"fetch('//localhost:8000/a')")
    assert not invented_addresses("x", b'<a href="https://doi.org/10.1/x">')


def test_without_a_site_url_nothing_names_an_invented_address(unaddressed):
    site, output = unaddressed
    found = [hit for name, data in files_of(site) for hit in invented_addresses(name, data)]
    assert not found, "\n".join(found[:20])
    assert output.count(NO_SITE_URL) == 1, "the build does not say what a site URL would add"
    for path, text in every_page(site).items():
        tags = head(text)
        assert tags.canonical is None and "og:url" not in tags.meta, path
        assert tags.meta["og:image"] and not urlparse(tags.meta["og:image"]).netloc, path
        assert "Source of this page" not in text, path
    assert "<url>" not in (site / "sitemap.xml").read_text()
    citation = re.search(r'<p class="citation">(.*?)</p>', (site / "index.html").read_text(), re.S)
    assert citation and "://" not in citation.group(1)


def test_without_a_site_url_claims_json_gives_pages_from_the_sites_root(unaddressed):
    """Relative to where claims.json is, so that they hold however deep the site is served."""
    site, _ = unaddressed
    rows = json.loads((site / "claims.json").read_text())["claims"]
    assert rows and all(row["page"] for row in rows)
    for row in rows:
        assert not urlparse(row["page"]).scheme and not row["page"].startswith("/"), row["page"]
        target = site / row["page"] / "index.html"
        assert target.is_file() and f'id="{row["anchor"]}"' in target.read_text(), row["id"]


def test_a_build_that_is_not_exported_to_the_pdf_does_not_link_to_it(unaddressed):
    """`make pdf` builds with WITH_PDF, and its pages link to the PDF (tests/test_pdf.py); a
    build the PDF will not follow (`make build`, `make serve`) links to no PDF."""
    site, _ = unaddressed
    linking = [path for path, text in every_page(site).items() if PDF_NAME in text]
    assert not linking, f"pages link to a PDF that this build does not have: {linking}"


# What the export leaves of the links to the site's files, on the print page it prints.
SITE_FILE_LINKS = """() => ({
  links: [...document.querySelectorAll("a[href]")].map((a) => a.href)
    .filter((href) => /\\.(zip|json|ipynb|pdf)$/.test(new URL(href).pathname)),
  unlinked: [...document.querySelectorAll("article span.unlinked")].map((s) => s.textContent),
})"""


# Every link that leaves the print page (a PDF's link annotations are these).
EXTERNAL_LINKS = """() => [...document.querySelectorAll("a[href]")].map((a) => a.href)
  .filter((href) => new URL(href).origin !== location.origin)"""


@pytest.mark.browser
def test_without_a_site_url_the_pdf_names_the_sites_files_as_text(unaddressed, browser):
    """The print page as the export prints it (tests/test_pdf.py prints the PDF itself)."""
    site, _ = unaddressed
    with pdf_hook.print_page(site, browser) as page:
        printed = page.evaluate(SITE_FILE_LINKS)
        leaving = page.evaluate(EXTERNAL_LINKS)
    assert printed["links"] == [], "links to the site's files, with no address to give them"
    for name in ("l4.zip", "l5.zip", "l6.zip", "claims.json"):
        assert any(name in text for text in printed["unlinked"]), f"{name} is not named"
    assert leaving, "the print page links to no other site at all: the references link to DOIs"
    hosts = {urlparse(uri).hostname or "" for uri in leaving}
    assert not [host for host in hosts if INVENTED_HOST.search(host)], hosts


# -- previews ----------------------------------------------------------------------------


def test_a_title_the_preview_font_cannot_draw_stops_the_build_naming_the_page():
    with pytest.raises(previews.PreviewError, match=r"l9\.md.*'λ'"):
        cache = Cache(ROOT, "unused")
        previews.cached_card(cache, SITE_NAME, "The λ of L9", "A description.", "l9.md")


def test_long_titles_and_descriptions_fit_the_card():
    face, lines = previews.fit_title("word " * 40)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(face.getlength(line) <= previews.TEXT_WIDTH for line in lines)


# -- the workflow ------------------------------------------------------------------------


def actionlint() -> str:
    found = shutil.which("actionlint", path=str(Path(sys.executable).parent))
    if not found:
        pytest.fail("actionlint is missing: run `make test` (requirements.txt pins it)")
    return found


def test_the_publishing_workflow_passes_actionlint():
    workflows = sorted(WORKFLOWS.glob("*.yml"))
    assert workflows, "no workflow in .github/workflows"
    result = subprocess.run(
        [actionlint(), "-no-color", *map(str, workflows)], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_fails_a_broken_workflow(tmp_path):
    broken = (WORKFLOWS / "pages.yml").read_text().replace("needs: build", "needs: biuld")
    (tmp_path / "pages.yml").write_text(broken)
    result = subprocess.run(
        [actionlint(), "-no-color", str(tmp_path / "pages.yml")], capture_output=True, text=True
    )
    assert result.returncode == 1 and "biuld" in result.stdout


def test_the_workflow_tests_then_publishes_the_pdf_build_at_the_pages_address():
    workflow = yaml.safe_load((WORKFLOWS / "pages.yml").read_text())
    build = workflow["jobs"]["build"]
    runs = [step.get("run", "") for step in build["steps"]]
    tests = next(i for i, run in enumerate(runs) if run.strip() == "make test")
    pdf = next(i for i, run in enumerate(runs) if run.startswith("make pdf"))
    assert tests < pdf
    assert "steps.pages.outputs.base_url" in build["steps"][pdf]["env"]["SITE_URL"]
    assert 'SITE_URL="$SITE_URL"' in runs[pdf]
    upload = next(s for s in build["steps"] if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "site"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert any("deploy-pages" in step.get("uses", "") for step in deploy["steps"])
