"""The whole-site PDF: ``python -m engine.printing.pdf SITE_DIR`` prints SITE_DIR's print page
(see engine/printing/print_site.py) with headless Chromium to SITE_DIR/l1-vs-l2-regularization.pdf, where
every page's "PDF" link points: a tagged PDF (its structure for screen readers and reflow).
Then qpdf, through pikepdf, adds its bookmarks, the page numbers of its table of contents and
its metadata (from CITATION.cff), and writes it compactly.

Not a build hook: it runs after the build (`make pdf`), and the tests and the benchmark call
``export``. Chromium runs as the tests run it (``CHROMIUM``, ``CHROMIUM_ARGS``).
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
import time
from pathlib import Path

from engine.names import PDF_NAME, PRINT_PAGE, SITE_CSS, Paper, paper
from engine.publishing.publication import author_names, read_citation
from engine.server import serve

MAX_PDF_BYTES = 10_000_000  # the budget: a PDF that a reader downloads without thinking
CHROMIUM = "/usr/bin/chromium"
# Chromium as root, on a machine whose only network is loopback.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Material's script: nothing it does shows on paper (search, navigation, copy buttons,
# tooltips), and on the long print page it costs seconds of layout. The export opens the
# folds it would have opened for printing.
MATERIAL_BUNDLE = re.compile(r".*/assets/javascripts/bundle\.[0-9a-f]+\.min\.js$")
PREPARE = """
async () => {
  document.querySelectorAll("details").forEach((fold) => { fold.open = true; });
  // Links to files of the site (a lab, claims.json) leave the PDF: give them the published
  // address instead of the exporter's local server. A site built without SITE_URL has no
  // published address (no canonical link): such a link becomes plain text naming the file.
  const canonical = document.querySelector("link[rel=canonical]");
  const published = canonical && new URL("..", canonical.href).href;
  const root = new URL("..", location.href).pathname;  // the print page is one level down
  document.querySelectorAll("a[href]").forEach((a) => {
    const target = new URL(a.getAttribute("href"), location.href);
    if (target.origin !== location.origin) return;
    if (target.pathname === location.pathname && target.hash) {
      a.setAttribute("href", target.hash);
      return;
    }
    const path = target.pathname.slice(root.length);
    if (published) {
      a.setAttribute("href", new URL(path + target.hash, published).href);
      return;
    }
    const name = path.split("/").filter(Boolean).pop() || "";
    const text = document.createElement("span");
    text.className = "unlinked";
    text.append(...a.childNodes);
    if (name && !text.textContent.includes(name)) text.append(` (${name})`);
    a.replaceWith(text);
  });
  // A display formula wider than the column cannot wrap and does not scroll on paper:
  // it is set smaller until it fits.
  document.querySelectorAll(".math-display").forEach((display) => {
    const math = display.querySelector("math");
    if (!math || display.scrollWidth <= display.clientWidth) return;
    const size = parseFloat(getComputedStyle(math).fontSize);
    math.style.fontSize = `${Math.floor((size * display.clientWidth * 0.98) / display.scrollWidth)}px`;
  });
  await window.sizeFiguresForPrint();
}
"""


# -- printing --------------------------------------------------------------------------

# The PDF's bookmarks, as (depth, title, anchor): the print page's table of contents (which
# print-site copies from the sidebar: the navigation's sections, their pages, and each page's
# sections, as engine/printing/print_site.py lists them).
CONTENTS = """
() => [...document.querySelectorAll("#print-page-toc nav a[href^='#']")].map((a) => {
  let depth = 0;
  for (let list = a.closest("ul"); list; list = list.parentElement.closest("#print-page-toc ul")) depth++;
  return [depth, a.textContent.trim(), a.getAttribute("href").slice(1)];
})
"""


@contextlib.contextmanager
def print_page(site_dir: Path, browser=None):
    """The print page of ``site_dir`` as it is printed (served, at the print column, its
    figures drawn, its folds open, its links to the site's files resolved), in Chromium:
    ``browser``, a running playwright Chromium to use (the tests have one), else one starts."""
    from playwright.sync_api import sync_playwright

    with contextlib.ExitStack() as stack:
        server = stack.enter_context(serve(site_dir))
        if browser is None:
            playwright = stack.enter_context(sync_playwright())
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            stack.callback(browser.close)
        site_paper = site_paper_of(site_dir)
        context = browser.new_context(
            viewport={"width": site_paper.column_px, "height": 1000}, color_scheme="light"
        )
        stack.callback(context.close)
        page = context.new_page()
        page.route(
            MATERIAL_BUNDLE, lambda route: route.fulfill(body="", content_type="text/javascript")
        )
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.emulate_media(media="print", color_scheme="light")
        page.goto(f"{server}/{PRINT_PAGE}/")
        page.evaluate("window.drawAllFigures()")
        page.wait_for_selector("body[data-figures-done]", state="attached", timeout=60_000)
        page.evaluate(PREPARE)
        if errors:
            raise RuntimeError(f"the print page raised: {errors}")
        yield page


def print_to_pdf(site_dir: Path, inspect=None, browser=None) -> tuple[bytes, list[list]]:
    """The print page of ``site_dir`` printed by Chromium, and its table of contents.

    ``inspect(page)``, if given, sees the page as it is printed (the tests measure it)."""
    with print_page(site_dir, browser) as page:
        contents = page.evaluate(CONTENTS)
        if inspect:
            inspect(page)
        site_paper = site_paper_of(site_dir)
        # Tagged: headings, paragraphs, lists, tables, links and figures (with their text
        # alternatives) for screen readers and reflow. No outline from Chromium: the
        # bookmarks follow the printed contents (``finish``).
        pdf = page.pdf(
            format=site_paper.size,
            print_background=True,
            prefer_css_page_size=True,
            margin=site_paper.margins,
            tagged=True,
        )
    return pdf, contents


def site_paper_of(site_dir: Path) -> Paper:
    """The paper of the built site's stylesheet (the @page rule of site.css)."""
    css = site_dir / SITE_CSS
    return paper(css.read_text(), str(css))


# -- finishing: bookmarks, the table of contents' page numbers, metadata ----------------
# With qpdf (pikepdf): a tagged PDF of this site has some 48,000 objects, most of them the
# tags' structure elements (one per code token and MathML node), which Chromium writes as
# plain-text objects; pypdf took seconds to read and rewrite them. qpdf does it in a fraction
# of a second, and writes them into compressed object streams (PDF 1.5): a third of the size.


def finish(pdf: bytes, contents: list[list], target: Path, root: Path) -> None:
    """Adds bookmarks (the table of contents), its page numbers and the document's metadata
    to Chromium's PDF, and writes it to ``target`` compactly."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        page_of = {page.objgen: number for number, page in enumerate(document.pages)}
        destinations = document.Root.get("/Dests", pikepdf.Dictionary())
        pages: dict[str, int] = {}
        for _, _, anchor in contents:
            if f"/{anchor}" not in destinations:
                raise RuntimeError(f"the table of contents points to #{anchor}, not in the PDF")
            pages[anchor] = page_of[destinations[f"/{anchor}"][0].objgen]
        with document.open_outline() as outline:
            parents = {0: outline.root}
            for depth, text, anchor in contents:
                item = pikepdf.OutlineItem(text, pages[anchor])
                parents[depth - 1 if depth - 1 in parents else 0].append(item)
                parents[depth] = item.children
        number_contents(document, pages, before=min(pages.values(), default=0))
        describe(document, root)
        document.Root.PageMode = pikepdf.Name.UseOutlines
        document.save(target, object_stream_mode=pikepdf.ObjectStreamMode.generate)


def number_contents(document, pages: dict[str, int], before: int) -> None:
    """Writes each entry's page number at the right end of its line in the table of contents.

    Chromium cannot compute them (no target-counter()); the PDF knows where every anchor
    landed, and each line of the table of contents is a link as wide as the column."""
    import pikepdf

    font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
    )
    for page in document.pages[:before]:
        numbers = []
        for link in page.get("/Annots", []):
            anchor = str(link.get("/Dest", "")).removeprefix("/")
            if anchor not in pages:
                continue
            _, bottom, right, top = (float(v) for v in link.Rect)
            number = str(pages[anchor] + 1)
            size = 8.5
            width = 0.556 * size * len(number)  # Helvetica's digits are 556/1000 em wide
            baseline = (bottom + top) / 2 - 0.35 * size  # centred on the line, like its title
            numbers.append(
                f"BT /TocNumbers {size:.2f} Tf {right - width:.2f} {baseline:.2f} Td ({number}) Tj ET"
            )
        if not numbers:
            continue
        if "/Font" not in page.Resources:
            page.Resources.Font = pikepdf.Dictionary()
        page.Resources.Font.TocNumbers = font
        # Chromium's drawing in a saved graphics state, so that ours starts from the default;
        # ours is an artifact for the tags (each line's link leads to its page already).
        page.contents_add(pikepdf.Stream(document, b"q\n"), prepend=True)
        drawing = f"\nQ\n/Artifact BMC q 0.35 g {' '.join(numbers)} Q EMC\n"
        page.contents_add(pikepdf.Stream(document, drawing.encode()))


def describe(document, root: Path) -> None:
    """The document's title, author, subject and keywords, from CITATION.cff (the citation's
    one source), in its XMP metadata and its information dictionary; its language is the
    print page's (Chromium writes it)."""
    citation = read_citation(root)
    authors, _ = author_names(citation["authors"])
    keywords = [str(keyword) for keyword in citation.get("keywords", [])]
    with document.open_metadata(set_pikepdf_as_editor=False) as xmp:  # the information too
        xmp["dc:title"] = citation["title"]
        xmp["dc:creator"] = authors
        xmp["dc:description"] = " ".join(str(citation.get("abstract", "")).split())
        xmp["dc:subject"] = keywords
        xmp["pdf:Keywords"] = ", ".join(keywords)
        if "/Lang" in document.Root:
            xmp["dc:language"] = [str(document.Root.Lang)]


def export(
    site_dir: Path, target: Path, inspect=None, browser=None, root: Path | None = None
) -> float:
    """Print the print page of ``site_dir`` to ``target``, described by the citation of the
    project at ``root`` (the working directory by default); returns the seconds it took."""
    start = time.perf_counter()
    pdf, contents = print_to_pdf(site_dir, inspect, browser)
    finish(pdf, contents, target, root or Path.cwd())
    return time.perf_counter() - start


def main() -> None:
    """From the project's root (as `make pdf` runs it): the PDF of SITE_DIR, ./site by default."""
    site_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    target = site_dir / PDF_NAME
    seconds = export(site_dir, target)
    print(f"{target}: {target.stat().st_size / 1e6:.1f} MB in {seconds:.1f} s")


if __name__ == "__main__":
    main()
