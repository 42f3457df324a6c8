"""Phones: at 390 px wide every page, its figures drawn, fits the screen; what is wider (a
table, code, a long formula) scrolls inside its own container, never the page."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.support import DISK_PAGE

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


# Every unfolded code block that is wider than its box has been given the keyboard focus.
UNFOLDED_CODE_MEASURED = """() => [...document.querySelectorAll("details[open] pre > code")]
    .every((code) => code.scrollWidth <= code.clientWidth + 1 || code.tabIndex >= 0)"""


def test_wide_code_in_a_fold_takes_the_focus_once_unfolded(site, browser):
    """Folded code is measured when its fold opens (measuring it folded costs a layout per
    fold). Opened from disk, where only the site's own script makes regions focusable."""
    context = browser.new_context(viewport={"width": PHONE, "height": 844}, is_mobile=True)
    try:
        tab = context.new_page()
        tab.goto((site / "claims" / "index.html").as_uri())
        tab.wait_for_load_state("load")
        folded = tab.evaluate(
            """() => [...document.querySelectorAll("details:not([open]) pre > code")]
                .filter((code) => !code.hasAttribute("tabindex")).length"""
        )
        assert folded > 10, "the ledger's code should start folded and unmeasured"
        tab.evaluate(
            "() => document.querySelectorAll('details:not([open])').forEach((d) => (d.open = true))"
        )
        try:  # each fold's toggle event, then an animation frame: slower on a busy machine
            tab.wait_for_function(UNFOLDED_CODE_MEASURED, timeout=15_000)
        except PlaywrightTimeout:
            pass  # the assertion below says which blocks the keyboard cannot reach
        scrollers = [
            s for s in tab.evaluate(DISK_PAGE)["scrollers"] if s["what"].startswith("<code")
        ]
    finally:
        context.close()
    assert len(scrollers) > 10, "on a phone the ledger's code is wider than the screen"
    stuck = [s["what"] for s in scrollers if not s["focusable"]]
    assert not stuck, f"unfolded code the keyboard cannot scroll: {len(stuck)} blocks"
