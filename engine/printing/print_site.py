"""The print page (mkdocs-print-site-plugin's page of the whole site, which `make pdf` prints),
and every use this site makes of print-site's internals, behind this one door: ``patch``
checks that each internal it relies on is still there, and stops the build naming it if
print-site changed under it (tests/test_print_site.py calls it on the installed print-site).

- print-site renames the ids of headings to ``<page>-<id>`` and points every internal link
  there, but leaves other ids (claim values, figures) as they were: links to them would lead
  nowhere inside the print page or the PDF. They are renamed the same way.
- Its renaming of heading ids is done here in one pass (print-site's own is quadratic).
- Its table of contents (the PDF's printed contents and bookmarks) lists each page's sections
  (h2) under the page: print-site's lists the pages only.
- print-site's stylesheets and script are left out of every other page.
- Under the ledger's title, a note says where the ledger's code is (the PDF leaves it out).
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.toc import AnchorLink

from engine.names import LEDGER_URL, PRINT_PAGE, PRINT_PAGE_FILE

PLUGIN = "print-site"


class PrintSiteChangedError(PluginError):
    """print-site no longer has an internal this site relies on."""


def internals():
    """print-site's module of URL helpers, after checking that it still has the functions
    this site uses (it replaces ``update_anchor_ids``, reads ``get_page_key``)."""
    from mkdocs_print_site_plugin import urls

    for name in ("update_anchor_ids", "get_page_key"):
        if not callable(getattr(urls, name, None)):
            raise PrintSiteChangedError(
                f"engine/printing/print_site.py uses print-site's urls.{name}, which this "
                "version of mkdocs-print-site-plugin does not have"
            )
    return urls


def name_print_page(config) -> None:
    """The print page's title (the PDF's) is the site's name. Set before print-site's
    on_config, which makes the page with it."""
    print_site = config.plugins.get(PLUGIN)
    if print_site is not None:
        print_site.config["print_page_title"] = config.site_name


def patch(config) -> None:
    """Each build's patches of print-site: its heading ids renamed in one pass, each page's
    sections in its table of contents. Called after print-site's on_config, which makes the
    renderer anew."""
    internals().update_anchor_ids = update_anchor_ids
    print_site = config.plugins.get(PLUGIN)
    if print_site is None:
        return
    if print_site.config["print_page_basename"] != PRINT_PAGE:
        raise PluginError(f"print-site's print_page_basename must be {PRINT_PAGE!r}")
    if not callable(getattr(getattr(print_site, "renderer", None), "write_combined", None)):
        raise PrintSiteChangedError(
            "engine/printing/print_site.py adds each page's sections to the table of contents "
            "that print-site's renderer.write_combined returns, which this version of "
            "mkdocs-print-site-plugin does not have"
        )
    list_sections(print_site.renderer)


def without_assets(output: str, page) -> str:
    """Every page but the print page, without print-site's stylesheets and script."""
    if page.file.dest_uri == PRINT_PAGE_FILE:
        return output
    return PRINT_SITE_ASSETS.sub("", output)


def repair(config) -> None:
    """The print page as print-site wrote it, its anchors repaired (after print-site's
    on_post_build)."""
    path = Path(config["site_dir"]) / PRINT_PAGE_FILE
    if path.exists():
        path.write_text(repair_print_page(path.read_text()))


# -- print-site's renaming of heading ids, in one pass -----------------------------------

# print-site prefixes the ids of headings, footnotes and list items with the page's key, with
# a regex that scans from every "<" to the end of its line: quadratic on this site's long
# lines (formulas, claim links), it took 10 of a warm build's 17 s. The same renaming in one
# pass. (A newer print-site without the function fails the build in on_config.)
PRINT_SITE_RENAMED_TAG = re.compile(r'<(h[1-6]|sup|li)(\s[^<>]*?)?\sid="([^"]*)"', re.IGNORECASE)


def update_anchor_ids(page_html: str, page_key: str) -> str:
    def rename(match: re.Match) -> str:
        head = match.group(0)[: match.start(3) - match.start(0)]
        return f'{head}{page_key}-{match.group(3)}"'

    return PRINT_SITE_RENAMED_TAG.sub(rename, page_html)


# -- the table of contents: pages and their sections --------------------------------------


def list_sections(renderer) -> None:
    """Makes print-site's ``renderer`` (made anew for each build) list each page's sections
    in the table of contents it returns with the print page."""
    combine = renderer.write_combined

    def write_combined():
        html, contents = combine()
        add_sections(contents.items, pages_by_key(renderer.items))
        return html, contents

    renderer.write_combined = write_combined


def pages_by_key(items) -> dict:
    """print-site's key of each page of the navigation (its id on the print page) -> page."""
    get_page_key = internals().get_page_key
    found = {}
    for item in items:
        if item.is_page:
            found[get_page_key(item.url)] = item
        elif item.is_section:
            found |= pages_by_key(item.children)
    return found


def add_sections(links, pages: dict) -> None:
    """Under each page's entry, an entry per section (h2) of the page, in its order."""
    for link in links:
        add_sections(link.children, pages)
        page = pages.get(link.id)
        if page is None or page.toc is None:
            continue
        link.children = [
            AnchorLink(heading.title, f"{link.id}-{heading.id}", link.level + 1)
            for heading in headings(page.toc, level=2)
        ]


def headings(links, level: int) -> list:
    """The headings of one level in a page's table of contents, in their order."""
    found = []
    for link in links:
        found += [link] if link.level == level else headings(link.children, level)
    return found


# -- the print page's other anchors ------------------------------------------------------

SECTION_TAG = re.compile(r"<section\b[^<>]*>|</section>")
PAGE_SECTION = re.compile(r'<section class="print-page" id="([^"]+)"')
ID_ATTRIBUTE = re.compile(r'<([a-zA-Z][\w-]*)\b[^<>]*?\sid="([^"]+)"')
REFERENCE = re.compile(r'\s(for|aria-labelledby|aria-describedby|aria-controls)="([^"]+)"')
# The tags whose ids print-site already prefixes (headings, footnotes, tab inputs).
RENAMED_BY_PRINT_SITE = {"h1", "h2", "h3", "h4", "h5", "h6", "sup", "li", "input"}
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
    ledger = internals().get_page_key(LEDGER_URL)
    out, position = [], 0
    for key, start, end in page_sections(html):
        content = prefix_ids(html[start:end], key)
        if key == ledger:  # the note goes under the ledger's title
            title = content.find("</h1>")
            title_end = title + len("</h1>") if title >= 0 else 0
            content = content[:title_end] + LEDGER_NOTE + content[title_end:]
        out += [html[position:start], content]
        position = end
    out.append(html[position:])
    return "".join(out)


# -- print-site's assets, on the print page only -----------------------------------------

# print-site adds its stylesheets and script to every page; only the print page uses them.
# Elsewhere they are two more render-blocking requests. (No page links to the print page, and
# it is not in the sitemap, so instant navigation never brings it in without its own head.)
# (With the white space before each: from the start of its run only, or a long run of white
# space would be scanned again from each of its characters.)
PRINT_SITE_ASSETS = re.compile(
    r'(?<!\s)\s*(?:<link rel="stylesheet" href="[^"]*css/print-site[\w-]*\.css">'
    r'|<script src="[^"]*js/print-site\.js"></script>)'
)
