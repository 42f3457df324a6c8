"""Names and settings that the build, the templates (overrides/) and the browser scripts
(docs/assets/) share, each defined once: here, or read from where it is defined (the
palette from snippets/style.py, the question from snippets/say_it.py, the paper from the
@page rule of docs/assets/site.css, the site's name from mkdocs.yml).

``hand_over`` gives the templates what they need as ``config.extra``: ``pdf_file`` (None
unless the build is exported to the PDF), ``print_page``, ``question`` and
``figure_renderer`` (which overrides/main.html passes on to docs/assets/figures.js in a
``<meta>``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from engine.config import SettingsError
from snippets import say_it, style

PDF_NAME = "l1-vs-l2-regularization.pdf"  # beside the pages, written by `make pdf`
# Set by `make pdf` for the build it exports: only then do the pages link to the PDF (a build
# that is not followed by the export, `make serve` or `make build`, would link to nothing).
WITH_PDF = "WITH_PDF"
# mkdocs-print-site-plugin's page of the whole site (its print_page_basename, the default).
PRINT_PAGE = "print_page"
PRINT_PAGE_SOURCE = f"{PRINT_PAGE}.md"
PRINT_PAGE_FILE = f"{PRINT_PAGE}/index.html"
LEDGER_PAGE = "claims.md"  # the claims ledger, where every claim value links
LEDGER_URL = "claims/"
SITE_CSS = "assets/site.css"  # under docs/, and in the built site
# The flashcard deck of /practice/ (engine/publishing/deck.py), beside the pages like the PDF.
DECK_NAME = "l1-vs-l2-regularization-deck"
DECK_FILES = (f"{DECK_NAME}.apkg", f"{DECK_NAME}.csv")
# Where the practice script keeps the reader's progress: a localStorage key of this site's own
# (a page opened from disk shares its storage with every other file on that disk).
PRACTICE_STORAGE_KEY = "l1-vs-l2-regularization/practice"


# -- paper -------------------------------------------------------------------------------

PAPER_WIDTHS_MM = {"A4": 210.0, "A5": 148.0, "Letter": 215.9, "Legal": 215.9}
PAGE_RULE = re.compile(r"@page\s*\{(?P<body>[^{}]*)")
DECLARATION = re.compile(r"(?P<name>size|margin)\s*:\s*(?P<value>[^;{}]+);")


@dataclass(frozen=True)
class Paper:
    """The printed page as site.css's ``@page`` rule sets it: what Chromium prints."""

    size: str  # "A4", "Letter", ...: the CSS name, as Chromium's PDF export takes it
    width_mm: float
    margins_mm: tuple[float, float, float, float]  # top, right, bottom, left

    @property
    def column_px(self) -> int:
        """The print column in CSS pixels (96 per inch): the PDF export lays the page out at
        this width, so that what the browser measures (figure widths) is what paper gets."""
        _, right, _, left = self.margins_mm
        return round((self.width_mm - left - right) / 25.4 * 96)

    @property
    def margins(self) -> dict[str, str]:
        """The margins as Chromium's PDF export takes them. (It must be given them: with
        none, it also drops those of the CSS.)"""
        sides = ("top", "right", "bottom", "left")
        return {side: f"{mm:g}mm" for side, mm in zip(sides, self.margins_mm)}


def paper(css: str, where: str = SITE_CSS) -> Paper:
    """``size: <name>`` and ``margin: <mm> ...`` of the first ``@page`` rule of ``css``."""
    rule = PAGE_RULE.search(css)
    found = dict(DECLARATION.findall(rule.group("body"))) if rule else {}
    size, margin = found.get("size", "").strip(), found.get("margin", "").split()
    size = next((name for name in PAPER_WIDTHS_MM if name.lower() == size.lower()), size)
    try:
        margins = [float(value.removesuffix("mm")) for value in margin]
        if size not in PAPER_WIDTHS_MM or not 1 <= len(margins) <= 4:
            raise ValueError
    except ValueError:
        raise SettingsError(
            f"{where}: its @page rule must give `size: <{'|'.join(PAPER_WIDTHS_MM)}>` and "
            f"`margin:` in mm, one to four values; found size {size!r} and margin {margin}"
        ) from None
    # CSS's shorthand: top [right [bottom [left]]]; bottom defaults to top, left to right.
    top = margins[0]
    right = margins[1] if len(margins) > 1 else top
    bottom = margins[2] if len(margins) > 2 else top
    left = margins[3] if len(margins) > 3 else right
    return Paper(size, PAPER_WIDTHS_MM[size], (top, right, bottom, left))


# -- what the templates and scripts are handed ------------------------------------------


def figure_renderer(site_paper: Paper) -> dict:
    """What docs/assets/figures.js takes from the build."""
    return {
        "printColumnPx": site_paper.column_px,
        "darkTwins": style.DARK_TWINS,
        "textTwins": style.TEXT_TWINS,
    }


def hand_over(config, with_pdf: bool) -> None:
    """What the templates need, into ``config.extra``."""
    css = Path(config["docs_dir"]) / SITE_CSS
    config.extra["pdf_file"] = PDF_NAME if with_pdf else None
    config.extra["print_page"] = PRINT_PAGE_SOURCE
    config.extra["question"] = say_it.QUESTION
    config.extra["figure_renderer"] = figure_renderer(paper(css.read_text(), str(css)))
