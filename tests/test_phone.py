"""Phones: at 390 px wide every page, its figures drawn, fits the screen; what is wider (a
table, code, a long formula) scrolls inside its own container, never the page, and a table or
formula that scrolls shows it; a table of four columns or more stacks its rows instead. The
tells' checklists give the tell the screen's width. No page moves when its scripts start. Every
page but the print page is light enough to lay out quickly: at most 3,000 elements. And it is
readable there: no running text under 14 px, no control under 24 x 24 px, no accent of a
formula on its letter."""

from __future__ import annotations

import io
import time

import pytest
from PIL import Image
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
    """Served, on a phone's network: the page's scripts run after its text has painted (its
    first script arrives a quarter of a second late here, and the others with it or after: the
    paint before them is certain)."""
    context = browser.new_context(
        viewport={"width": PHONE, "height": SCREEN_HEIGHT}, is_mobile=True, has_touch=True
    )
    held = {"first": True}

    def late(route):
        if held["first"]:  # the route's handler runs one request at a time: all wait on it
            held["first"] = False
            time.sleep(0.25)
        route.continue_()

    moved = {}
    try:
        tab = context.new_page()
        tab.route("**/*.js", late)
        for path in page_files(site):
            if path != PRINT_PAGE_URL:
                held["first"] = True
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


# -- readable on a phone -------------------------------------------------------------------

SMALLEST_TEXT = 14  # px: running text, in the content and its tables, folds and code
SMALLEST_CONTROL = 24  # px, each side: a button, a box to tick, a fold's summary (WCAG 2.5.8)


@pytest.fixture(scope="module")
def phone_sizes(disk_pages) -> dict[str, dict]:
    """Every page but the print page at 390 px on a phone: what PHONE_SIZES measures."""
    return {path: page["sizes"] for path, page in disk_pages.items() if path != PRINT_PAGE_URL}


def test_no_running_text_is_under_14_px_on_a_phone(phone_sizes):
    small = {
        path: page["text"]
        for path, page in phone_sizes.items()
        if page["text"] and page["text"][0] < SMALLEST_TEXT
    }
    assert not small, f"running text under {SMALLEST_TEXT} px: {small}"
    # Measured, not vacuous: every page has running text, the tables and folds among it.
    assert all(page["texts"] > 10 for page in phone_sizes.values())


def test_every_control_is_at_least_24_px_square_on_a_phone(phone_sizes):
    kinds = {control[2].split()[0] for page in phone_sizes.values() for control in page["controls"]}
    # The practice tool's buttons and boxes, the folds, the labs' boxes: all measured.
    assert {"<button", "<input", "<summary"} <= kinds, kinds
    small = [
        f"{path}: {where} {text!r} is {width:.0f} x {height:.0f} px"
        for path, page in phone_sizes.items()
        for width, height, where, text in page["controls"]
        if min(width, height) < SMALLEST_CONTROL
    ]
    assert not small, "controls too small for a finger:\n" + "\n".join(sorted(set(small)))


# Each accent of a formula (a hat over a letter) on screen, and where it is within what holds
# it: its square root, whose bar runs over it, or itself.
ACCENT = "article mover[accent=true]:visible"
WITHIN = """(accent) => {
  const holder = accent.closest("msqrt") || accent;
  const [outer, inner] = [holder.getBoundingClientRect(), accent.getBoundingClientRect()];
  return { root: holder !== accent, left: inner.left - outer.left, right: inner.right - outer.left };
}"""
SCALE = 3  # device pixels per CSS pixel in the pictures


def ink_runs(png: bytes, left: float, right: float) -> int:
    """How many bands of rows hold ink between the columns ``left`` and ``right`` (CSS px) of
    a picture, separated by rows without: a letter, an accent clear of it and a root's bar
    clear of both are three."""
    picture = Image.open(io.BytesIO(png)).convert("L")
    columns = range(max(0, int(left * SCALE)), min(picture.width, int(right * SCALE)))
    background = picture.getextrema()[1]  # the page, lighter than the ink (light palette)
    rows = [
        any(picture.getpixel((x, y)) < background - 80 for x in columns)
        for y in range(picture.height)
    ]
    return sum(1 for y, ink in enumerate(rows) if ink and (y == 0 or not rows[y - 1]))


def test_the_accents_of_formulas_clear_their_letters_on_a_phone(browser, server):
    """The hats of m-hat and v-hat in Adam's update, and every other accent on those pages:
    drawn, the accent's ink, its letter's and a square root's bar over them are apart (a
    blank row between each)."""
    context = browser.new_context(
        viewport={"width": PHONE, "height": SCREEN_HEIGHT}, device_scale_factor=SCALE
    )
    touching = []
    checked = 0
    try:
        tab = context.new_page()
        for path in ("/l6/adamw/", "/reference/optimizers/"):
            tab.goto(server + path)
            accents = tab.locator(ACCENT)
            for index in range(accents.count()):
                accent = accents.nth(index)
                accent.scroll_into_view_if_needed()
                place = accent.evaluate(WITHIN)
                holder = accent.locator("xpath=ancestor::*[local-name()='msqrt'][1]")
                png = (holder if place["root"] else accent).screenshot()
                checked += 1
                if ink_runs(png, place["left"], place["right"]) < 2 + place["root"]:
                    touching.append(f"{path}: {accent.text_content()}")
    finally:
        context.close()
    assert checked >= 4, "the AdamW update's hats are among them"
    assert not touching, f"accents touching their letters or a root's bar: {touching}"
