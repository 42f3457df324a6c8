"""The whole-site PDF (`make pdf`): exported once from the test build, then read with pypdf.

It holds every page, claim and figure of the site; its figures are vectors; it has a cover, a
table of contents, page numbers and working internal links; code wraps instead of being cut;
the practice questions come on a page before their answers.
"""

from __future__ import annotations

import functools
import html
import re
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import pytest
from mkdocs_print_site_plugin.urls import get_page_key
from pypdf import PdfReader

from engine.names import PDF_NAME, WITH_PDF
from engine.printing import pdf as pdf_export
from engine.publishing.publication import author_names, last_commit, read_citation
from snippets.probes import PROBES
from snippets.say_it import ANSWERS, FOLLOW_UP_QUESTION, QUESTION
from tests.support import PRINT_PAGE_URL, ROOT, as_read, figures_in

pytestmark = pytest.mark.browser

# A rasterized figure would be an image hundreds of pixels wide. plotly draws a heatmap as an
# image of one pixel per cell (11 x 4 on the L6 page), scaled up: data, not a rasterized figure.
MAX_IMAGE_SIDE = 64
# A figure drawn as vectors is dozens of path operators or more (axes, ticks, curves, bars):
# the sparsest, a bar chart of twelve bars on a page of its own (/l5/geometry/'s last figure),
# draws 65; a page of text without formulas, fewer than ten.
MIN_FIGURE_PATH_OPERATORS = 50

# What the exporter's browser sees as it prints: the layout on paper.
LAYOUT = """() => {
  const column = document.documentElement.clientWidth;
  const right = (el) => el.getBoundingClientRect().right;
  const visible = (el) => el.getClientRects().length > 0;
  const codes = [...document.querySelectorAll("pre > code")].filter(visible);
  const keyword = document.querySelector(".highlight .k, .highlight .kn");
  return {
    column,
    scheme: document.body.dataset.mdColorScheme,
    page_width: document.documentElement.scrollWidth,
    cut_code: codes.filter((c) => c.scrollWidth > c.clientWidth + 1).length,
    codes: codes.length,
    wide_tables: [...document.querySelectorAll("table")].filter(visible)
      .filter((t) => right(t) > column + 1).map((t) => t.innerText.slice(0, 60)),
    wide_formulas: [...document.querySelectorAll(".math-display")].filter(visible)
      .filter((m) => m.scrollWidth > m.clientWidth + 1 || right(m) > column + 1)
      .map((m) => m.textContent.slice(0, 60)),
    figures: [...document.querySelectorAll("div[data-plotly]")].filter(visible).map((div) => ({
      div: div.clientWidth,
      svg: div.querySelector("svg.main-svg").getBoundingClientRect().width,
      lab: !!div.closest(".jp-Cell"),
    })),
    toolbars_shown: [...document.querySelectorAll(".modebar-container")].filter(visible).length,
    code_colour: getComputedStyle(document.querySelector(".highlight code")).color,
    keyword_colour: keyword ? getComputedStyle(keyword).color : null,
    heading_break: getComputedStyle(document.querySelector("article h2")).breakAfter,
    figure_break: getComputedStyle(document.querySelector(".evidence-figure")).breakInside,
  };
}"""


# Instructions that only a screen can follow, as the site writes them. On paper each has its
# own wording (README, "Wording for the screen and for paper"): none may reach the PDF.
WEB_ONLY = [
    "Hover for values",
    "drag to zoom",
    "click a legend entry",
    "hover a heading and click its ¶ mark",
    "open the card (it starts folded)",
    "Answer aloud first, then open",  # the prompt of every "Say it" card
    "Move the slider",  # a slider figure's caption, and the geometry page
]
# Any other sentence that asks for a pointer or a finger: none is expected on paper. The verbs
# appear in another sense only: weights that hover near zero, and plotly's hover settings in
# code shown on the pages.
SCREEN_VERB = re.compile(
    r"(\w+\s+)?\b(hover|drag|click|tap|zoom|scroll)\w*(\s+\w+)?", re.IGNORECASE
)
NOT_AN_INSTRUCTION = re.compile(
    r"hover(s|ing)?\s+(near|within)|not\s+hover\b|hover(template|info|mode)", re.IGNORECASE
)


class Exported:
    def __init__(self, path, seconds, layout):
        self.path, self.seconds, self.layout = path, seconds, layout
        self.reader = PdfReader(path)
        self.texts = page_texts(self.reader)
        self.flat = squash("".join(self.texts))


@pytest.fixture(scope="module")
def exported(site, browser) -> Exported:
    """The PDF of the test build, exported once, where the site's PDF link points."""
    layout = {}
    target = site / PDF_NAME
    seconds = pdf_export.export(
        site, target, inspect=lambda page: layout.update(page.evaluate(LAYOUT)), browser=browser
    )
    return Exported(target, seconds, layout)


# -- reading the PDF -------------------------------------------------------------------

TEXT_OBJECT = re.compile(rb"^BT$.*?^ET$", re.S | re.M)
TEXT_TOKEN = re.compile(
    rb"/([^\s/\[\]<>()]+)\s+[-\d.]+\s+Tf"  # a font
    rb"|<([0-9A-Fa-f]*)>\s*Tj"  # glyphs
    rb"|[-\d.]+\s+[-\d.]+\s+[-\d.]+\s+[-\d.]+\s+[-\d.]+\s+([-\d.]+)\s+Tm"  # a new position
)
HEX = re.compile(rb"<([0-9A-Fa-f]+)>")


def to_unicode(font) -> dict[int, str]:
    """A font's glyph codes -> text, from its ToUnicode CMap (bfchar and bfrange)."""
    table: dict[int, str] = {}
    if "/ToUnicode" not in font:
        return table
    cmap = font["/ToUnicode"].get_object().get_data()
    decode = lambda hexa: bytes.fromhex(hexa.decode()).decode("utf-16-be", "replace")  # noqa: E731
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            table[int(code, 16)] = decode(text)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, target in re.findall(
            rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])", block
        ):
            low, high = int(low, 16), int(high, 16)
            if target.startswith(b"["):
                for offset, text in enumerate(HEX.findall(target)):
                    table[low + offset] = decode(text)
            else:
                first = bytes.fromhex(target[1:-1].decode())
                start = int.from_bytes(first, "big")
                for offset in range(high - low + 1):
                    table[low + offset] = (
                        (start + offset).to_bytes(len(first), "big").decode("utf-16-be", "replace")
                    )
    return table


def page_texts(reader: PdfReader) -> list[str]:
    """The text of each page, one line per baseline.

    Chromium writes text as two-byte glyph codes (``<0012> Tj``) in fonts with a ToUnicode
    map; decoding those directly takes a second where pypdf's general extract_text takes
    tens of seconds on a PDF this size."""
    cmaps: dict[int, dict[int, str]] = {}
    texts = []
    for page in reader.pages:
        fonts = {}
        for name, ref in ((page.get("/Resources") or {}).get("/Font") or {}).items():
            key = getattr(ref, "idnum", id(ref))
            if key not in cmaps:
                cmaps[key] = to_unicode(ref.get_object())
            fonts[name.lstrip("/")] = cmaps[key]
        contents = page.get_contents()
        data = contents.get_data() if contents is not None else b""
        data = b"\n".join(TEXT_OBJECT.findall(data))
        parts, table, baseline = [], {}, None
        for token in TEXT_TOKEN.finditer(data):
            font, glyphs, y = token.groups()
            if font is not None:
                table = fonts.get(font.decode(), {})
            elif glyphs is not None:
                parts.append(
                    "".join(
                        table.get(int(glyphs[i : i + 4], 16), "") for i in range(0, len(glyphs), 4)
                    )
                )
            else:
                parts.append("\n" if baseline is not None and y != baseline else " ")
                baseline = y
        texts.append("".join(parts))
    return texts


def squash(text: str) -> str:
    """Text without white space: lines and words break differently on paper."""
    return re.sub(r"\s+", "", html.unescape(text))


# -- what the site has -----------------------------------------------------------------


class Outline(HTMLParser):
    """Page titles (h1), headings, figure captions and figures of a built page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headings: list[tuple[str, str]] = []
        self.captions: list[str] = []
        self.figures = 0
        self._open: list[str] | None = None
        self._tag = ""
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "div" and "plotly-figure" in classes and "screen-only" not in classes:
            self.figures += 1  # the figures on paper (a slider's are small multiples)
        if self._open is not None and tag == "a" and "figure-code" in classes:
            self._skip += 1
        if self._open is not None and tag == "span" and "screen-only" in classes:
            self._skip += 1  # a caption's instruction for the screen
        if tag in ("h1", "h2", "h3", "h4", "figcaption") and self._open is None:
            self._open, self._tag = [], tag
        elif self._open is not None and tag == "a" and {"headerlink", "anchor-link"} & set(classes):
            self._skip += 1

    def handle_endtag(self, tag):
        if self._skip and tag in ("a", "span"):
            self._skip -= 1
        elif self._open is not None and tag == self._tag:
            text = " ".join("".join(self._open).split())
            if tag == "figcaption":
                self.captions.append(text)
            else:
                self.headings.append((tag, text))
            self._open = None

    def handle_data(self, data):
        if self._open is not None and not self._skip:
            self._open.append(data)


@functools.cache  # the print page is parsed by several tests
def outline(text: str) -> Outline:
    parser = Outline()
    parser.feed(text)
    return parser


def content_pages(pages) -> dict[str, str]:
    return {path: text for path, text in pages.items() if path != PRINT_PAGE_URL}


# -- the tests -------------------------------------------------------------------------


def test_the_pdf_is_under_budget(exported):
    size = exported.path.stat().st_size
    assert size < pdf_export.MAX_PDF_BYTES, f"{size / 1e6:.1f} MB"


def test_every_page_title_and_claim_is_in_the_pdf(exported, pages, claims):
    missing = []
    for path, text in content_pages(pages).items():
        titles = [h for tag, h in outline(text).headings if tag == "h1"]
        assert titles, f"{path} has no title"
        if squash(titles[0]) not in exported.flat:
            missing.append(f"{path}: {titles[0]}")
    missing += [row["id"] for row in claims if squash(row["id"]) not in exported.flat]
    assert not missing, f"not in the PDF: {missing}"


def test_every_figure_is_in_the_pdf_with_its_caption(exported, pages):
    printed = outline(pages[PRINT_PAGE_URL])
    on_pages = sum(outline(text).figures for text in content_pages(pages).values())
    assert printed.figures == on_pages, "the print page lacks figures of the pages"
    found = [c for c in printed.captions if squash(c) in exported.flat]
    missing = [c for c in printed.captions if squash(c) not in exported.flat]
    assert not missing, f"figure captions not in the PDF: {missing}"
    assert len(found) == printed.figures
    labels = re.findall(r"Figure\d+\.", exported.flat)
    numbered = sum(1 for c in printed.captions if re.match(r"Figure \d+\.", c))
    assert len(labels) >= numbered


def path_operators(page) -> int:
    contents = page.get_contents()
    data = contents.get_data() if contents is not None else b""
    return len(re.findall(rb"\s(?:l|c|re|m)\n", data))


def test_figures_are_vectors_at_the_width_of_their_column(exported, pages):
    images = []
    for number, page in enumerate(exported.reader.pages, 1):
        for name, xobject in ((page.get("/Resources") or {}).get("/XObject") or {}).items():
            xobject = xobject.get_object()
            if (
                xobject.get("/Subtype") == "/Image"
                and max(xobject["/Width"], xobject["/Height"]) > MAX_IMAGE_SIDE
            ):
                images.append((number, name, xobject["/Width"], xobject["/Height"]))
    assert not images, f"raster images in the PDF: {images}"
    # The page of each caption holds its figure (never split from it), drawn as paths. (A
    # caption's words may also appear elsewhere, e.g. in a lab's code: one page must do.)
    flat_pages = [squash(text) for text in exported.texts]
    for caption in outline(pages[PRINT_PAGE_URL]).captions:
        start = squash(caption)[:60]
        operators = [
            path_operators(exported.reader.pages[i])
            for i, text in enumerate(flat_pages)
            if start in text
        ]
        assert max(operators, default=0) >= MIN_FIGURE_PATH_OPERATORS, (
            f"{caption[:50]!r}: pages with {operators} path operators"
        )
    layout = exported.layout
    for figure in layout["figures"]:
        assert abs(figure["svg"] - figure["div"]) <= 2, figure  # drawn at its own width
        if not figure["lab"]:
            assert figure["div"] >= 0.95 * layout["column"], figure  # the page's width
    assert layout["toolbars_shown"] == 0, "the plotly toolbar shows on paper"


def test_code_tables_and_formulas_fit_the_paper(exported):
    layout = exported.layout
    assert layout["column"] == pdf_export.site_paper_of(exported.path.parent).column_px
    assert layout["page_width"] <= layout["column"], "something is wider than the paper"
    assert layout["codes"] > 0 and layout["cut_code"] == 0, "code is cut instead of wrapped"
    assert layout["wide_tables"] == [], layout["wide_tables"]
    assert layout["wide_formulas"] == [], layout["wide_formulas"]
    assert layout["keyword_colour"] and layout["keyword_colour"] != layout["code_colour"], (
        "code is not highlighted"
    )
    assert layout["scheme"] == "default", "printed in the dark palette"
    assert layout["heading_break"] == "avoid" and layout["figure_break"] == "avoid"


def test_cover_and_page_numbers(exported):
    texts = exported.texts
    total = len(texts)
    assert "L1 vs L2 regularization, computed" in texts[0]
    assert squash(f"Version {last_commit(ROOT).label}") in squash(texts[0])
    assert "Table of Contents" in texts[1].splitlines()[:3]
    for number, text in enumerate(texts[1:], 2):
        assert re.search(rf"(^|\s){number}\s+/\s+{total}(\s|$)", text), (
            f"page {number} has no number"
        )


# A page number the export writes at the right end of a line of the contents (engine/printing/pdf.py).
CONTENTS_NUMBER = re.compile(rb"/TocNumbers [\d.]+ Tf ([\d.]+) ([\d.]+) Td \((\d+)\) Tj")
H2_ID = re.compile(r'<h2 id="([^"]+)"')


def contents_pages(reader) -> list:
    """The pages of the printed contents: those the export writes page numbers on."""
    return [page for page in reader.pages if "/TocNumbers" in page["/Resources"].get("/Font", {})]


def test_the_contents_list_every_page_and_section_with_its_page_number(exported, pages):
    reader = exported.reader
    destinations = reader.named_destinations
    contents = contents_pages(reader)
    assert contents and contents[0] == reader.pages[1], "the contents follow the cover"
    listed, wrong = {}, []
    for page in contents:
        numbers = [
            (float(x), float(y), int(n))
            for x, y, n in CONTENTS_NUMBER.findall(page.get_contents().get_data())
        ]
        for annotation in page.get("/Annots") or []:
            link = annotation.get_object()
            if "/Dest" not in link:
                continue
            anchor = str(link["/Dest"]).removeprefix("/")
            _, bottom, right, top = (float(v) for v in link["/Rect"])
            on_line = [n for x, y, n in numbers if bottom <= y <= top and right - 30 < x < right]
            target = reader.get_destination_page_number(destinations[link["/Dest"]]) + 1
            listed[anchor] = on_line
            if on_line != [target]:
                wrong.append(f"#{anchor}: numbered {on_line}, on page {target}")
    assert not wrong, wrong
    # Every part of the navigation (print-site's section-<n>: Reference, Labs...), every page
    # of the site and every section (h2) of it, under print-site's key of the page.
    parts = re.findall(
        r"<section class='print-page md-section' id='([^']+)'", pages[PRINT_PAGE_URL]
    )
    assert len(parts) >= 4, parts
    missing = [part for part in parts if part not in listed]
    for path, text in content_pages(pages).items():
        key = get_page_key(path.strip("/"))
        missing += [key] if key not in listed else []
        missing += [f"{key}-{h2}" for h2 in H2_ID.findall(text) if f"{key}-{h2}" not in listed]
    assert not missing, f"not in the contents: {missing}"


def test_the_bookmarks_follow_the_contents(exported, pages):
    bookmarks, pending = [], list(exported.reader.outline)
    while pending:
        item = pending.pop()
        pending.extend(item) if isinstance(item, list) else bookmarks.append(item)
    total = len(exported.reader.pages)
    assert len(bookmarks) >= len(content_pages(pages)) - 1
    assert all(0 <= exported.reader.get_destination_page_number(b) < total for b in bookmarks)
    titles = [h for tag, h in outline(pages[PRINT_PAGE_URL]).headings if tag == "h1"]
    for path, text in content_pages(pages).items():
        title = [h for tag, h in outline(text).headings if tag == "h1"][0]
        assert title in titles, f"{path}: {title} is not a page of the print page"


def test_links_inside_the_pdf_lead_somewhere(exported, pages, site_url):
    destinations = exported.reader.named_destinations
    internal, external, broken = 0, [], []
    for number, page in enumerate(exported.reader.pages, 1):
        for annotation in page.get("/Annots") or []:
            link = annotation.get_object()
            if link.get("/Subtype") != "/Link":
                continue
            if "/Dest" in link:
                internal += 1
                if link["/Dest"] not in destinations:
                    broken.append((number, link["/Dest"]))
            elif "/A" in link and "/URI" in link["/A"]:
                external.append((number, str(link["/A"]["/URI"])))
    assert not broken, f"links to nowhere: {broken[:20]}"
    claim_links = pages[PRINT_PAGE_URL].count('class="claim"')
    assert internal >= claim_links > 0  # every claim value links to its ledger row
    for number, uri in external:
        parsed = urlparse(uri)
        assert parsed.scheme in ("http", "https") and parsed.netloc, (number, uri)
        assert PRINT_PAGE_URL not in parsed.path, f"page {number}: {uri} should be internal"
        if parsed.hostname in ("127.0.0.1", "localhost"):
            assert uri.startswith(site_url), f"page {number}: {uri} points to the exporter"
    # The site's files (the labs' bundles, claims.json) at their published addresses.
    published = {uri for _, uri in external}
    assert f"{site_url}claims.json" in published and f"{site_url}labs/l4/l4.zip" in published


def test_no_heading_ends_a_page(exported, pages):
    headings = {
        squash(text)
        for tag, text in outline(pages[PRINT_PAGE_URL]).headings
        if tag in ("h2", "h3", "h4")
    }
    alone = []
    first = 1 + len(contents_pages(exported.reader))  # after the cover and contents
    for number, text in enumerate(exported.texts[first:], first + 1):
        lines = [
            line
            for line in text.splitlines()
            if line.strip() and not re.fullmatch(r"\s*\d+\s+/\s+\d+\s*", line)
        ]
        if not lines:
            continue
        for tail in (lines[-1:], lines[-2:]):
            if squash("".join(tail)) in headings:
                alone.append((number, " ".join(tail)))
    assert not alone, f"headings alone at the foot of a page: {alone}"


def test_formulas_are_rendered(exported, pages):
    assert "\\lambda" not in exported.flat and "$$" not in exported.flat, "raw LaTeX in the PDF"
    assert "λ" in exported.flat


def test_every_page_links_to_the_pdf_where_make_pdf_writes_it(exported, pages, site):
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^pdf:.*\n(\t.*\n)*\t.*-m engine\.printing\.pdf site\b", makefile, re.M), (
        "`make pdf` no longer prints site/ with engine.printing.pdf"
    )
    assert re.search(rf"^pdf:.*\n(\t.*\n)*\t{WITH_PDF}=1 .*mkdocs build", makefile, re.M), (
        "`make pdf` no longer builds the pages that link to the PDF"
    )
    for path, text in content_pages(pages).items():
        links = re.findall(r'<p class="pdf-link">\s*<a href="([^"]+)"', text)
        assert links, f"{path} does not link to the PDF"
        target = urlparse(urljoin(f"http://site{path}", html.unescape(links[0]))).path
        assert target == f"/{PDF_NAME}", f"{path} links to {target}"
    assert (site / PDF_NAME).exists()


def test_the_ledger_in_the_pdf_says_where_its_code_is(exported, claims):
    # The ledger's code folds are left out of the PDF (they would double its length): it
    # says so, and every computed claim still names its function and test.
    assert squash("the code of each function is shown on the site's claims page") in exported.flat
    computed = [row for row in claims if row["kind"] == "computed"]
    assert all(squash(row["snippet"]) in exported.flat for row in computed)


def test_practice_prints_its_questions_on_one_page_and_the_answers_after_it(exported, claims):
    """A reader of the PDF answers first: every question of /practice/ on one page, and no
    model answer before the page after it."""
    by_id = {row["id"]: row for row in claims}
    flat_pages = [squash(text) for text in exported.texts]
    questions = [squash(probe.question) for probe in PROBES]
    pages = [i for i, text in enumerate(flat_pages) if all(q in text for q in questions)]
    assert len(pages) == 1, f"the questions are not together on one page: {pages}"
    question_page = pages[0]
    assert squash(QUESTION) in flat_pages[question_page]
    assert squash(FOLLOW_UP_QUESTION) in flat_pages[question_page]
    # Each answer's opening words, found only after the page of questions.
    openings = [squash(as_read(p.answer, by_id))[:60] for p in PROBES]
    openings += [squash(as_read(a.points[0].text, by_id))[:60] for a in ANSWERS.values()]
    practice_pages = range(question_page - 1, len(flat_pages))
    for opening in openings:
        where = [i for i in practice_pages if opening in flat_pages[i]]
        assert where and min(where) > question_page, f"{opening[:30]}…: pages {where}"


def test_no_web_only_instruction_reaches_the_pdf(exported, pages):
    on_screen = squash(re.sub(r"<[^>]+>", "", " ".join(pages.values())))
    stale = [phrase for phrase in WEB_ONLY if squash(phrase) not in on_screen]
    assert not stale, f"not on any page any more (update the list): {stale}"
    printed = [phrase for phrase in WEB_ONLY if squash(phrase) in exported.flat]
    assert not printed, f"web-only instructions in the PDF: {printed}"
    asking = [
        (number, match.group(0))
        for number, text in enumerate(exported.texts, 1)
        for match in SCREEN_VERB.finditer(text)
        if not NOT_AN_INSTRUCTION.search(match.group(0))
    ]
    assert not asking, f"the PDF asks for a pointer or a finger: {asking}"


def structure(reader) -> tuple[Counter, list[str]]:
    """The tags: how many structure elements of each type, and each Figure's alternate text."""
    types, alternates = Counter(), []
    pending = [reader.trailer["/Root"]["/StructTreeRoot"]["/K"]]
    while pending:
        element = pending.pop()
        element = element.get_object() if hasattr(element, "get_object") else element
        if isinstance(element, list):
            pending.extend(element)
            continue
        if not isinstance(element, dict) or "/S" not in element:
            continue  # marked content, an annotation's reference
        types[element["/S"]] += 1
        if element["/S"] == "/Figure" and "/Alt" in element:
            alternates.append(str(element["/Alt"]))
        pending.append(element.get("/K", []))
    return types, alternates


def test_the_pdf_is_tagged_and_its_figures_have_their_text_alternatives(exported, pages):
    root = exported.reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"], "not a tagged PDF"  # what pdfinfo reports as Tagged
    types, alternates = structure(exported.reader)
    printed = outline(pages[PRINT_PAGE_URL])
    headings = Counter(tag for tag, _ in printed.headings)
    assert types["/H1"] >= headings["h1"] and types["/H2"] >= headings["h2"], types
    assert types["/Table"] > 0 and types["/L"] > 0 and types["/Link"] > 0, types
    # Each figure is one Figure whose alternate text is the figure's text alternative.
    expected = sorted(
        squash(figure.alt)
        for figure in figures_in(pages[PRINT_PAGE_URL])
        if figure.medium != "screen"
    )
    assert sorted(squash(alternate) for alternate in alternates) == expected


def test_the_pdf_says_what_it_is_from_the_citation(exported, pages):
    citation = read_citation(ROOT)
    reader = exported.reader
    info, xmp = reader.metadata, reader.xmp_metadata
    authors, _ = author_names(citation["authors"])
    assert info.title == citation["title"] and xmp.dc_title == {"x-default": citation["title"]}
    assert info.author == "; ".join(authors) and xmp.dc_creator == authors
    assert squash(info.subject) == squash(citation["abstract"])
    assert info["/Keywords"] == ", ".join(citation["keywords"])
    assert xmp.dc_subject == citation["keywords"]
    language = re.search(r'<html lang="([^"]+)"', pages[PRINT_PAGE_URL]).group(1)
    assert reader.trailer["/Root"]["/Lang"] == language and xmp.dc_language == [language]
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"
