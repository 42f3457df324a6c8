"""The whole-site PDF: the print page (mkdocs-print-site-plugin) printed by headless Chromium.

As a hook, it repairs the print page's anchors: print-site renames the ids of headings to
``<page>-<id>`` and points every internal link there, but leaves other ids (claim values,
figures) as they were, so links to them would lead nowhere inside the print page or the PDF.

As a program, ``python -m hooks.pdf SITE_DIR`` prints SITE_DIR/print_page/ to
SITE_DIR/l1-vs-l2-regularization.pdf, where every page's "PDF" link points.
"""

from __future__ import annotations

import datetime
import functools
import http.server
import io
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parent.parent
PDF_NAME = "l1-vs-l2-regularization.pdf"
PRINT_PAGE = "print_page/index.html"
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
# A4 with the margins of docs/assets/site.css (@page); the page numbers are CSS margin boxes.
PAGE_WIDTH_MM, MARGIN_SIDE_MM = 210, 14
MARGINS = {"top": "16mm", "bottom": "18mm", "left": "14mm", "right": "14mm"}
# The print column in CSS pixels (96 per inch): the browser lays the page out at this width,
# so that what it measures (figure widths) is what the PDF gets.
COLUMN_PX = round((PAGE_WIDTH_MM - 2 * MARGIN_SIDE_MM) / 25.4 * 96)
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


def build_date() -> str:
    """SOURCE_DATE_EPOCH if set, else the last commit's date, else today: the date of the
    site's version (hooks/publishing.py), so that two builds of one commit are identical."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        moment = datetime.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), datetime.UTC)
        return moment.date().isoformat()
    try:
        return subprocess.run(
            ["git", "log", "-1", "--format=%cs"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return datetime.date.today().isoformat()


# print-site prefixes the ids of headings, footnotes and list items with the page's key, with
# a regex that scans from every "<" to the end of its line: quadratic on this site's long
# lines (formulas, claim links), it took 10 of a warm build's 17 s. The same renaming in one
# pass. (A newer print-site without the function fails here, loudly.)
PRINT_SITE_RENAMED_TAG = re.compile(r'<(h[1-6]|sup|li)(\s[^>]*?)?\sid="([^"]*)"', re.IGNORECASE)


def update_anchor_ids(page_html: str, page_key: str) -> str:
    def rename(match: re.Match) -> str:
        head = match.group(0)[: match.start(3) - match.start(0)]
        return f'{head}{page_key}-{match.group(3)}"'

    return PRINT_SITE_RENAMED_TAG.sub(rename, page_html)


def on_config(config):
    from mkdocs_print_site_plugin import urls

    assert callable(urls.update_anchor_ids), "print-site no longer has update_anchor_ids"
    urls.update_anchor_ids = update_anchor_ids
    return config


# -- the print page's anchors ----------------------------------------------------------

SECTION_TAG = re.compile(r"<section\b[^>]*>|</section>")
PAGE_SECTION = re.compile(r'<section class="print-page" id="([^"]+)"')
ID_ATTRIBUTE = re.compile(r'<([a-zA-Z][\w-]*)\b[^>]*?\sid="([^"]+)"')
REFERENCE = re.compile(r'\s(for|aria-labelledby|aria-describedby|aria-controls)="([^"]+)"')
# The tags whose ids print-site already prefixes (headings, footnotes, tab inputs).
RENAMED_BY_PRINT_SITE = {"h1", "h2", "h3", "h4", "h5", "h6", "sup", "li", "input"}
LEDGER_SECTION = "claims"
LEDGER_NOTE = (
    '<p class="print-only ledger-note">In this PDF each row gives the claim\'s statement, its '
    "values, the page that states it and the function and test behind it; the code of each "
    "function is shown on the site's claims page.</p>"
)


def page_sections(html: str) -> list[tuple[str, int, int]]:
    """(page key, start, end) of each page's content on the print page."""
    stack: list[tuple[int, str | None]] = []
    found = []
    for tag in SECTION_TAG.finditer(html):
        if tag.group(0) != "</section>":
            page = PAGE_SECTION.match(tag.group(0))
            stack.append((tag.end(), page.group(1) if page else None))
        elif stack:
            start, key = stack.pop()
            if key:
                found.append((key, start, tag.start()))
    return sorted(found, key=lambda section: section[1])


def prefix_ids(content: str, key: str) -> str:
    """Gives the ids print-site left alone the ``<key>-`` prefix its links expect."""
    renamed = set()

    def rename(match: re.Match) -> str:
        tag, value = match.group(1).lower(), match.group(2)
        if tag in RENAMED_BY_PRINT_SITE or value.startswith(f"{key}-"):
            return match.group(0)
        renamed.add(value)
        head = match.group(0)[: match.start(2) - match.start(0)]
        return f'{head}{key}-{value}"'

    content = ID_ATTRIBUTE.sub(rename, content)

    def point(match: re.Match) -> str:
        values = [f"{key}-{v}" if v in renamed else v for v in match.group(2).split()]
        return f' {match.group(1)}="{" ".join(values)}"'

    return REFERENCE.sub(point, content)


def repair_print_page(html: str) -> str:
    out, position = [], 0
    for key, start, end in page_sections(html):
        content = prefix_ids(html[start:end], key)
        if key == LEDGER_SECTION:  # the note goes under the ledger's title
            title = content.find("</h1>")
            title_end = title + len("</h1>") if title >= 0 else 0
            content = content[:title_end] + LEDGER_NOTE + content[title_end:]
        out += [html[position:start], content]
        position = end
    out.append(html[position:])
    return "".join(out)


# print-site adds its stylesheets and script to every page; only the print page uses them.
# Elsewhere they are two more render-blocking requests. (No page links to the print page, and
# it is not in the sitemap, so instant navigation never brings it in without its own head.)
PRINT_SITE_ASSETS = re.compile(
    r'\s*<link rel="stylesheet" href="[^"]*css/print-site[\w-]*\.css">'
    r'|\s*<script src="[^"]*js/print-site\.js"></script>'
)


def on_post_page(output, page, config):
    if page.file.dest_uri == PRINT_PAGE:
        return output
    return PRINT_SITE_ASSETS.sub("", output)


@event_priority(-50)  # after print-site (priority 0) writes the print page
def on_post_build(config):
    path = Path(config["site_dir"]) / PRINT_PAGE
    if path.exists():
        path.write_text(repair_print_page(path.read_text()))


# -- the export ------------------------------------------------------------------------

# The PDF's bookmarks, as (depth, title, anchor): the print page's table of contents (which
# print-site copies from the sidebar: one entry per page) and each page's sections.
CONTENTS = """
() => [...document.querySelectorAll("#print-page-toc nav a[href^='#']")].flatMap((a) => {
  let depth = 0;
  for (let list = a.closest("ul"); list; list = list.parentElement.closest("#print-page-toc ul")) depth++;
  const anchor = a.getAttribute("href").slice(1);
  const entries = [[depth, a.textContent.trim(), anchor]];
  // Under a page, its sections (h2).
  const page = document.getElementById(anchor);
  if (page && page.matches("section.print-page:not(.md-section)")) {
    page.querySelectorAll(":scope > h2[id]").forEach((h) => {
      entries.push([depth + 1, h.textContent.replace(/\u00b6/g, "").trim(), h.id]);
    });
  }
  return entries;
})
"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def print_to_pdf(site_dir: Path, inspect=None, browser=None) -> tuple[bytes, list[list], str]:
    """The print page of ``site_dir`` printed by Chromium, its table of contents and title.

    ``inspect(page)``, if given, sees the page as it is printed (the tests measure it);
    ``browser``, a running playwright Chromium to use (the tests have one), else one starts."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        if browser is not None:
            return _print(browser, f"http://127.0.0.1:{httpd.server_address[1]}", inspect)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                return _print(browser, f"http://127.0.0.1:{httpd.server_address[1]}", inspect)
            finally:
                browser.close()
    finally:
        httpd.shutdown()


def _print(browser, server: str, inspect) -> tuple[bytes, list[list], str]:
    context = browser.new_context(
        viewport={"width": COLUMN_PX, "height": 1000}, color_scheme="light"
    )
    try:
        page = context.new_page()
        page.route(
            MATERIAL_BUNDLE, lambda route: route.fulfill(body="", content_type="text/javascript")
        )
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.emulate_media(media="print", color_scheme="light")
        page.goto(f"{server}/print_page/")
        page.evaluate("window.drawAllFigures()")
        page.wait_for_selector("body[data-figures-done]", state="attached", timeout=60_000)
        page.evaluate(PREPARE)
        contents = page.evaluate(CONTENTS)
        title = page.locator(".print-cover h1").inner_text()
        if errors:
            raise RuntimeError(f"the print page raised: {errors}")
        if inspect:
            inspect(page)
        # Untagged: a tagged PDF of this site (one structure element per code token and
        # MathML node) is four times larger. The bookmarks are added afterwards instead.
        pdf = page.pdf(
            format="A4", print_background=True, prefer_css_page_size=True, margin=MARGINS
        )
        return pdf, contents, title
    finally:
        context.close()


def finish(pdf: bytes, contents: list[list], title: str, target: Path) -> None:
    """Adds bookmarks (the table of contents) and the title to Chromium's PDF."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(pdf))
    destinations = reader.named_destinations
    writer = PdfWriter(clone_from=reader)
    pages: dict[str, int] = {}
    parents: dict[int, object] = {}
    for depth, text, anchor in contents:
        if f"/{anchor}" not in destinations:
            raise RuntimeError(f"the table of contents points to #{anchor}, not in the PDF")
        pages[anchor] = reader.get_destination_page_number(destinations[f"/{anchor}"])
        parents[depth] = writer.add_outline_item(
            title=text, page_number=pages[anchor], parent=parents.get(depth - 1)
        )
    number_contents(writer, pages, before=min(pages.values(), default=0))
    writer.add_metadata({"/Title": title})
    writer.page_mode = "/UseOutlines"
    with target.open("wb") as out:
        writer.write(out)


def number_contents(writer, pages: dict[str, int], before: int) -> None:
    """Writes each entry's page number at the right end of its line in the table of contents.

    Chromium cannot compute them (no target-counter()); the PDF knows where every anchor
    landed, and each line of the table of contents is a link as wide as the column."""
    from pypdf.generic import DictionaryObject, NameObject

    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    for page in writer.pages[:before]:
        numbers = []
        for annotation in page.get("/Annots") or []:
            link = annotation.get_object()
            anchor = str(link.get("/Dest") or "").removeprefix("/")
            if anchor not in pages:
                continue
            _, bottom, right, top = (float(v) for v in link["/Rect"])
            number = str(pages[anchor] + 1)
            size = 8.5
            width = 0.556 * size * len(number)  # Helvetica's digits are 556/1000 em wide
            baseline = (bottom + top) / 2 - 0.35 * size  # centred on the line, like its title
            numbers.append(
                f"BT /TocNumbers {size:.2f} Tf {right - width:.2f} {baseline:.2f} Td ({number}) Tj ET"
            )
        contents = page.get_contents()
        if not numbers or contents is None:
            continue
        resources = page["/Resources"].get_object()
        fonts = resources.setdefault(NameObject("/Font"), DictionaryObject()).get_object()
        fonts[NameObject("/TocNumbers")] = font
        # Chromium's drawing in a saved graphics state, so that ours starts from the default.
        drawing = (
            b"q\n" + contents.get_data() + b"\nQ\nq 0.35 g " + " ".join(numbers).encode() + b" Q\n"
        )
        contents.set_data(drawing)
        page.replace_contents(contents)


def export(site_dir: Path, target: Path, inspect=None, browser=None) -> float:
    """Print the print page of ``site_dir`` to ``target``; returns the seconds it took."""
    start = time.perf_counter()
    pdf, contents, title = print_to_pdf(site_dir, inspect, browser)
    finish(pdf, contents, title, target)
    return time.perf_counter() - start


def main() -> None:
    site_dir = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "site")
    target = site_dir / PDF_NAME
    seconds = export(site_dir, target)
    print(f"{target}: {target.stat().st_size / 1e6:.1f} MB in {seconds:.1f} s")


if __name__ == "__main__":
    main()
