"""Phones: at 390 px wide every page, its figures drawn, fits the screen; what is wider (a
table, code, a long formula) scrolls inside its own container, never the page."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PHONE = 390


def test_every_page_fits_a_phone(disk_pages):
    problems = []
    for path, page in disk_pages.items():
        assert page["width"] == PHONE
        problems += [f"{path}: {what}" for what in page["sticking"]]
        wide = [right for right in page["figure_widths"] if right > PHONE + 1]
        if wide:
            problems.append(f"{path}: figures end at {wide} px")
    assert not problems, "wider than the screen:\n" + "\n".join(problems)


def test_wide_content_scrolls_in_its_own_container(disk_pages):
    scrollers = [(path, s) for path, page in disk_pages.items() for s in page["scrollers"]]
    # On a phone the site has tables, code and formulas wider than the screen: they are here.
    kinds = {s["what"].split()[0] for _, s in scrollers}
    assert {"<div", "<code"} <= kinds or len(scrollers) > 0, kinds
    misfits = [f"{path}: {s['what']}" for path, s in scrollers if not s["fits"]]
    assert not misfits, f"scrolling containers wider than the screen: {misfits}"
    # A region that scrolls must take the keyboard focus, or a keyboard cannot scroll it.
    stuck = [f"{path}: {s['what']}" for path, s in scrollers if not s["focusable"]]
    assert not stuck, f"scrolling regions the keyboard cannot reach: {stuck}"
