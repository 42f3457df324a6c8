"""Phones: at 390 px wide every page, its figures drawn, fits the screen; what is wider (a
table, code, a long formula) scrolls inside its own container, never the page, and a table or
formula that scrolls shows it; a table of four columns or more stacks its rows instead. The
tells' checklists give the tell the screen's width. No page moves when its scripts start. And
every page but the print page is light enough to lay out quickly: at most 3,000 elements."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.support import DISK_PAGE, LAYOUT_SHIFT, PRINT_PAGE_URL, page_files

pytestmark = pytest.mark.browser

PHONE = 390
SCREEN_HEIGHT = 844  # the disk_pages fixture's phone
# Elements in a page's live DOM, its figures' drawings apart (DESIGN's budget; the print page,
# the whole site on one page, is exempt). Folded code stays out of the DOM until it is opened.
MOST_ELEMENTS = 3_000


def test_every_page_fits_a_phone(disk_pages):
    problems = []
    for path, page in disk_pages.items():
        assert page["width"] == PHONE
        problems += [f"{path}: {what}" for what in page["sticking"]]
        wide = [right for right in page["figure_widths"] if right > PHONE + 1]
        if wide:
            problems.append(f"{path}: figures end at {wide} px")
    assert not problems, "wider than the screen:\n" + "\n".join(problems)


def test_each_answer_page_shows_its_folded_card_on_the_first_screen(disk_pages):
    for path in ("/l4/", "/l5/", "/l6/", "/follow-up/"):
        card = disk_pages[path]["card"]
        assert card is not None, f"{path} has no #say-it card"
        assert not card["open"], f"{path}: the card starts open (the reader answers first)"
        assert card["bottom"] <= SCREEN_HEIGHT, (
            f"{path}: the folded card ends {card['bottom']:.0f} px down a {SCREEN_HEIGHT} px screen"
        )


# The layout shift a page may show at load (Lighthouse's CLS; "good" is up to 0.1): none a
# reader would see. A page whose script shows something above what is on the screen moves it.
MOST_SHIFT = 0.01


def test_no_page_moves_under_the_reader_when_its_scripts_start(site, browser, server):
    """Served, on a phone's network: the page's scripts run after its text has painted (each
    arrives a quarter of a second late here, so that the paint before them is certain)."""
    context = browser.new_context(
        viewport={"width": PHONE, "height": SCREEN_HEIGHT}, is_mobile=True, has_touch=True
    )

    def late(route):
        time.sleep(0.25)
        route.continue_()

    moved = {}
    try:
        tab = context.new_page()
        tab.route("**/*.js", late)
        for path in page_files(site):
            if path != PRINT_PAGE_URL:
                tab.goto(server + path)
                moved[path] = round(tab.evaluate(LAYOUT_SHIFT), 3)
    finally:
        context.close()
    assert not {path: shift for path, shift in moved.items() if shift > MOST_SHIFT}, moved


def test_no_page_but_the_print_page_has_more_than_3000_elements(disk_pages):
    counts = {path: page["elements"] for path, page in disk_pages.items()}
    heavy = {path: n for path, n in counts.items() if n > MOST_ELEMENTS and path != PRINT_PAGE_URL}
    assert not heavy, f"pages over {MOST_ELEMENTS:,} elements: {heavy}"
    # The count is of the page as a reader gets it: the print page holds every page, unfolded.
    assert counts[PRINT_PAGE_URL] > MOST_ELEMENTS


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
    """Folded code joins the page when its fold opens, and is measured then (measuring it
    folded costs a layout per fold). Opened from disk, where only the site's own script makes
    regions focusable."""
    context = browser.new_context(viewport={"width": PHONE, "height": 844}, is_mobile=True)
    try:
        tab = context.new_page()
        tab.goto((site / "claims" / "index.html").as_uri())
        tab.wait_for_load_state("load")
        # Folded, the code is not in the page at all (engine/content/folds.py): nothing to measure.
        folded = tab.evaluate(
            "() => document.querySelectorAll('details:not([open]) > template.folded').length"
        )
        assert folded > 10, "the ledger's code should start folded, out of the page"
        assert tab.evaluate("() => document.querySelectorAll('details pre > code').length") == 0
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


def test_a_wide_table_stacks_its_rows_on_a_phone(disk_pages):
    stacked = {path: page["stacked"] for path, page in disk_pages.items() if page["stacked"]}
    # The crosswalk and the optimizer reference, four columns or more, are among them.
    assert {"/l5/conventions/", "/reference/optimizers/"} <= set(stacked), set(stacked)
    wrong = [
        f"{path}: {table['what']} (fits: {table['fits']}, {table['unlabelled']} cells unlabelled)"
        for path, tables in stacked.items()
        for table in tables
        if not table["fits"] or table["unlabelled"]
    ]
    assert not wrong, "\n".join(wrong)


def test_a_table_or_formula_wider_than_the_screen_shows_that_it_scrolls(disk_pages):
    overflowing = [(path, o) for path, page in disk_pages.items() for o in page["overflowing"]]
    # On a phone the L4 formulas are wider than the screen: they are here.
    found = {(path, o["what"].split(">")[0]) for path, o in overflowing}
    assert ("/l4/", "<div") in found, found
    # Both sides shaded (the shade of the side with more to see shows), both ends covered.
    unmarked = [
        f"{path}: {o['what']} ({o['shades']} shades, {o['covers']} covers, {o['opaque']} opaque)"
        for path, o in overflowing
        if o["shades"] < 2 or o["covers"] < 2 or o["opaque"]
    ]
    assert not unmarked, "scrolls with nothing to show it:\n" + "\n".join(unmarked)


# The share of its row's width each cell of the tells' checklists takes on a phone.
CHECKLIST_WIDTHS = """() => [...document.querySelectorAll(".checklist tbody tr")].map((row) => {
  const width = row.getBoundingClientRect().width;
  return [...row.cells].map((cell) => cell.getBoundingClientRect().width / width);
})"""


def test_the_tells_checklist_gives_the_tell_the_screens_width(site, browser):
    context = browser.new_context(viewport={"width": PHONE, "height": 844}, is_mobile=True)
    try:
        tab = context.new_page()
        tab.goto((site / "tells" / "index.html").as_uri())
        rows = tab.evaluate(CHECKLIST_WIDTHS)
    finally:
        context.close()
    assert len(rows) >= 10, "the tells' tables are checklists"
    # The box is narrow; the tell and what backs it take the rest, one under the other.
    cramped = [row for row in rows if not (row[0] < 0.12 and min(row[1:]) > 0.85)]
    assert not cramped, cramped
