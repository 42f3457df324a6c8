"""The site's use of print-site's internals, behind one door (engine/printing/print_site.py):
each internal it relies on is there in the installed print-site, and if print-site changes
under it the build stops, naming what is missing."""

from __future__ import annotations

import pytest

from engine.printing import print_site
from tests.support import site_config


def test_every_internal_of_print_site_the_site_uses_is_there():
    from mkdocs_print_site_plugin import urls

    assert print_site.internals() is urls
    config = site_config()
    plugin = config.plugins["print-site"]
    plugin.on_config(config)  # makes the renderer, as each build does
    print_site.patch(config)
    assert urls.update_anchor_ids is print_site.update_anchor_ids
    assert plugin.renderer.write_combined.__qualname__.startswith("list_sections")


@pytest.mark.parametrize("name", ["update_anchor_ids", "get_page_key"])
def test_a_print_site_without_an_internal_stops_the_build_naming_it(monkeypatch, name):
    from mkdocs_print_site_plugin import urls

    monkeypatch.delattr(urls, name)
    with pytest.raises(print_site.PrintSiteChangedError, match=rf"print-site's urls\.{name}"):
        print_site.internals()


def test_a_print_site_whose_renderer_changed_stops_the_build(monkeypatch):
    config = site_config()
    plugin = config.plugins["print-site"]
    plugin.on_config(config)
    monkeypatch.delattr(type(plugin.renderer), "write_combined")
    with pytest.raises(print_site.PrintSiteChangedError, match="renderer.write_combined"):
        print_site.patch(config)


def test_every_link_of_the_print_pages_contents_and_navigation_leads_to_an_element(site):
    """Its sections of the navigation (L5, L6, Reference, Labs) are print-site's own
    ``<section ... id='section-<n>'>``, their ids in single quotes: every reader of the page
    (a browser, the PDF's destinations, this parser) finds them."""
    from html.parser import HTMLParser

    from tests.support import PRINT_PAGE_URL

    class Page(HTMLParser):
        def __init__(self):
            super().__init__()
            self.ids, self.fragments = set(), []

        def handle_starttag(self, tag, attrs):
            attributes = dict(attrs)
            if attributes.get("id"):
                self.ids.add(attributes["id"])
            if tag == "a" and (attributes.get("href") or "").startswith("#"):
                self.fragments.append(attributes["href"][1:])

    page = Page()
    page.feed((site / PRINT_PAGE_URL.strip("/") / "index.html").read_text())
    sections = [f for f in page.fragments if f.startswith("section-")]
    assert sections, "the print page's navigation has no section of its own"
    assert not [f for f in page.fragments if f and f not in page.ids]
