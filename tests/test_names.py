"""The names and settings the build shares with the templates and the browser scripts."""

from __future__ import annotations

import pytest

from engine.config import SettingsError
from engine.names import SITE_CSS, paper
from tests.support import ROOT


def test_the_paper_is_read_from_the_site_stylesheet():
    site_paper = paper((ROOT / "docs" / SITE_CSS).read_text())
    assert site_paper.size == "A4" and site_paper.width_mm == 210
    # The print column: A4 less two 14 mm margins, at 96 CSS pixels per inch.
    assert site_paper.column_px == round((210 - 28) / 25.4 * 96)


@pytest.mark.parametrize(
    ("margin", "sides"),
    [
        ("10mm", (10, 10, 10, 10)),
        ("10mm 20mm", (10, 20, 10, 20)),
        ("10mm 20mm 30mm", (10, 20, 30, 20)),
        ("10mm 20mm 30mm 40mm", (10, 20, 30, 40)),
    ],
)
def test_margins_follow_the_css_shorthand(margin, sides):
    site_paper = paper(f"@page {{\n  size: letter;\n  margin: {margin};\n}}")
    assert site_paper.margins_mm == sides and site_paper.size == "Letter"
    assert site_paper.margins["left"] == f"{sides[3]}mm"


@pytest.mark.parametrize(
    "css",
    [
        "body { margin: 0; }",  # no @page rule
        "@page { size: A4; margin: 1in; }",  # not in mm
        "@page { size: tabloid; margin: 10mm; }",  # a size it does not know
        "@page { size: A4; }",  # no margin
    ],
)
def test_a_page_rule_it_cannot_read_stops_the_build_naming_the_file(css):
    with pytest.raises(SettingsError, match="site.css: its @page rule must give"):
        paper(css, "docs/assets/site.css")


def test_the_site_has_one_name_and_the_citation_gives_it_too():
    """The site's name is mkdocs.yml's site_name: the print page (its title is the PDF's) and
    the deck take it from there; CITATION.cff, the citation's own file, gives it as its title."""
    import yaml

    from tests.support import read_config

    config = read_config(ROOT / "mkdocs.yml")
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert citation["title"] == config["site_name"]
    print_site = next(p["print-site"] for p in config["plugins"] if "print-site" in p)
    assert "print_page_title" not in print_site, "the print page's title is set by the build"
