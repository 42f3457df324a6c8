"""/practice/ as a practice tool, and what it is built from: the interviewer's next questions
(snippets/probes.py), the tells (snippets/tells.py, also the source of /tells/), the answers
(snippets/say_it.py); the links to the flashcard deck (its cards: tests/test_deck.py); a whole rehearsal in Chromium, by
keyboard, its progress kept across a reload and cleared by a reset; the review queue, written
whole by the build and reordered by the script from the reader's progress."""

from __future__ import annotations

import dataclasses
import json
import re
from html.parser import HTMLParser
from urllib.parse import urlparse

import markdown
import pytest

from engine.markers import practice
from engine.markers.kinds import well_formed
from engine.names import DECK_FILES, PRACTICE_STORAGE_KEY
from snippets import probes, say_it, tells
from snippets.contract import markers
from snippets.say_it import ANSWERS
from tests.support import COLOUR_RULES, ROOT, describe, run_axe

PRACTICE = "/practice/"


# -- the bank of questions -------------------------------------------------------------------


def test_the_bank_has_twenty_questions_or_more_and_each_level_has_its_own():
    assert len(probes.PROBES) >= 20
    assert {p.level for p in probes.PROBES} == set(probes.LEVELS) == set(ANSWERS)
    assert all(len(probes.of_level(level)) >= 4 for level in probes.LEVELS)
    assert len(probes.BY_ID) == len(probes.PROBES), "two questions share an id"


def test_each_question_links_to_a_section_of_the_site_that_exists(pages):
    for probe in probes.PROBES:
        label, target = probe.depth
        page, _, anchor = target.partition("#")
        assert (ROOT / "docs" / page).is_file(), f"{probe.id}: no page {page}"
        url = "/" + page.removesuffix(".md") + "/"
        assert anchor and f'id="{anchor}"' in pages[url], f"{probe.id}: no #{anchor} on {url}"
        assert label.strip()


# Digits a model answer may write outside a claim marker: names (L1, bfloat16, OLMo-7B, a
# paper's Proposition 1) and the factors and denominators of formulas said in words. A measured
# or published number anywhere else is typed by hand, and fails this test.
WRITTEN_NUMBERS = {"L1", "L2", "7B", "bfloat16", "2λw", "2n", "1/t", "1/c", "1/k", "1/k²"}
NAMES_WITH_NUMBERS = ("Proposition 1",)


def typed_numbers(text: str) -> set[str]:
    """The words of ``text`` that hold a digit, names and formulas apart."""
    for name in NAMES_WITH_NUMBERS:
        text = text.replace(name, " ")
    words = {w.strip(".,;:()'s") for w in re.split(r"[\s-]+", text)}
    return {w for w in words if any(c.isdigit() for c in w)} - WRITTEN_NUMBERS


def test_every_number_in_a_model_answer_is_a_claim_value():
    for probe in probes.PROBES:
        text = probe.answer
        for marker in reversed(list(markers(text))):
            assert marker.kind == "claim" and well_formed(marker), f"{probe.id}: {marker.text}"
            text = text[: marker.start] + " " + text[marker.end :]
        assert not typed_numbers(text), f"{probe.id} types {typed_numbers(text)}"


def test_the_number_check_can_fail():
    assert typed_numbers("On the site's lasso 178 weights are zero, in Proposition 2.") == {
        "178",
        "2",
    }


# -- the tells: one source for /tells/ and each rubric ---------------------------------------


class Marks(HTMLParser):
    """The checkboxes of each rehearsal on /practice/: {level: [(tell, kind, label)]}."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.levels: dict[str, list[list]] = {}
        self.level = None
        self.label: list | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "practice-rehearsal" in (attributes.get("class") or "").split():
            self.level = self.levels.setdefault(attributes["data-level"], [])
        elif tag == "input" and attributes.get("type") == "checkbox" and self.level is not None:
            self.label = [attributes["value"], attributes["data-kind"], ""]
            self.level.append(self.label)

    def handle_endtag(self, tag):
        if tag == "label":
            self.label = None

    def handle_data(self, data):
        if self.label is not None:
            self.label[2] += data


def test_each_rubric_is_its_levels_tells_in_their_one_wording(pages):
    parser = Marks()
    parser.feed(pages[PRACTICE])
    assert set(parser.levels) == set(ANSWERS)
    for level, marks in parser.levels.items():
        expected = [(t.anchor, t.kind, t.name) for t in tells.rubric(level)]
        found = [(anchor, kind, " ".join(label.split())) for anchor, kind, label in marks]
        assert found == expected, level
        assert {kind for _, kind, _ in found} == {tells.STRONG, tells.DOWN}


def test_the_tells_page_shows_every_tell_once_from_the_same_source(pages):
    page = pages["/tells/"]
    for tell in tells.TELLS:
        found = re.findall(rf'<strong id="{tell.anchor}">(.*?)</strong>', page)
        assert len(found) == 1, f"/tells/ has {len(found)} #{tell.anchor}"
        assert found[0].replace("&quot;", '"') == tell.name


def test_each_model_answer_scores_what_its_tells_say():
    # The rubric's arithmetic: a strong-hire tell counts one, a down-level tell costs one.
    assert tells.model_score("l6") == 4 and tells.model_score("l5") == 2
    assert tells.model_score("l4") == -1  # the rule without the reason: the L4 answer's floor
    assert tells.score("l5", {"tell-priors", "tell-l1-default"}) == 0
    assert tells.model_score("follow-up") == sum(
        t.kind == tells.STRONG for t in tells.rubric("follow-up")
    )


class StartTags(HTMLParser):
    """The attributes of every start tag whose class includes ``css_class``."""

    def __init__(self, css_class: str):
        super().__init__(convert_charrefs=True)
        self.css_class, self.found = css_class, []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self.css_class in (attributes.get("class") or "").split():
            self.found.append(attributes)


def start_tags(text: str, css_class: str) -> list[dict]:
    parser = StartTags(css_class)
    parser.feed(text)
    return parser.found


def test_a_quote_in_an_answers_title_leaves_the_rehearsals_attributes_whole(monkeypatch):
    title = 'the "L5" answer, O\'Brien & co'
    monkeypatch.setitem(
        say_it.ANSWERS, "l5", dataclasses.replace(say_it.ANSWERS["l5"], title=title)
    )
    written = practice.rehearsal("l5", "practice.md")
    # As the hook writes it, and as Markdown (md_in_html) passes it on to the page.
    for text in (written, markdown.markdown(written, extensions=["md_in_html", "attr_list"])):
        [block] = start_tags(text, "practice-rehearsal")
        assert block["data-title"] == title
        assert block["data-level"] == "l5" and block["id"] == "rehearse-l5"
        assert json.loads(block["data-model"])["score"] == tells.model_score("l5")


# -- the review queue: written whole by the build, reordered by the script --------------------


class Queue(HTMLParser):
    """The review queue's lines as the build wrote them: [(item, name, reason, shown)]."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[list] = []
        self.inside = None  # "name" or "reason" while in one

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "li" and "data-item" in attributes:
            self.lines.append([attributes["data-item"], "", "", "hidden" not in attributes])
        elif self.lines and "practice-queue-item" in classes:
            self.inside = "name"
        elif self.lines and "practice-reason" in classes:
            self.inside = "reason"

    def handle_endtag(self, tag):
        if tag in ("button", "span"):
            self.inside = None

    def handle_data(self, data):
        if self.inside:
            self.lines[-1][1 if self.inside == "name" else 2] += data


def built_queue(page: str) -> list[tuple[str, str, str, bool]]:
    parser = Queue()
    parser.feed(page)
    return [tuple(line) for line in parser.lines]


def test_the_build_writes_every_item_in_the_queue_in_the_pages_order(pages):
    lines = built_queue(pages[PRACTICE])
    page_order = [*ANSWERS, *(p.anchor for level in probes.LEVELS for p in probes.of_level(level))]
    assert [item for item, *_ in lines] == page_order
    names = {level: answer.title for level, answer in ANSWERS.items()}
    names.update({p.anchor: f"“{p.question}”" for p in probes.PROBES})
    assert all(name == names[item] for item, name, *_ in lines)
    # A first visit: every item new, the first few shown.
    assert {reason for *_, reason, _ in lines} == {f"({practice.REASONS['new']})"}
    assert [shown for *_, shown in lines] == [n < practice.QUEUE_LENGTH for n in range(len(lines))]
    # How many boxes, and why an item is queued: handed to the script by the build.
    [tool] = start_tags(pages[PRACTICE], "practice-tool")
    assert json.loads(tool["data-reasons"]) == practice.REASONS
    assert int(tool["data-boxes"]) == practice.BOXES
    assert f"one of {practice.BOXES} Leitner boxes" in pages[PRACTICE]


# -- the deck (its cards: tests/test_deck.py) ------------------------------------------------


def test_practice_links_to_both_files_of_the_deck(pages, site):
    for name in DECK_FILES:
        assert f'href="../{name}" download' in pages[PRACTICE]
        assert (site / name).is_file()


# -- the tool in the browser -------------------------------------------------------------------


def test_the_practice_script_loads_on_practice_only(pages):
    for path, text in pages.items():
        assert ("assets/practice.js" in text) == (path == PRACTICE), path


# Counts the changes of the timer's status line (what a screen reader hears), and whether the
# visible clock is hidden from assistive technology.
WATCH_STATUS = """() => {
  window.statusChanges = 0;
  const status = document.querySelector("#rehearse-l5 .practice-timer-status");
  new MutationObserver(() => { window.statusChanges += 1; })
    .observe(status, { childList: true, characterData: true, subtree: true });
}"""


def queue(tab) -> list[str]:
    """The queue's lines the reader sees."""
    lines = tab.locator(".practice-queue li:not([hidden])").all_inner_texts()
    return [" ".join(line.split()) for line in lines]


# Every line of the queue, shown or not, in the page's order: [item, reason, shown].
QUEUE_LINES = """() => [...document.querySelectorAll(".practice-queue li")].map((li) => [
  li.dataset.item, li.querySelector(".practice-reason").textContent, !li.hidden])"""


def press(tab, selector: str, key: str = "Enter") -> None:
    """Operates a control by keyboard: focused, then the key."""
    tab.locator(selector).focus()
    tab.keyboard.press(key)


@pytest.fixture
def tab(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.errors, page.elsewhere = [], []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    local = urlparse(server).netloc
    page.on(
        "request",
        lambda r: urlparse(r.url).netloc not in (local, "") and page.elsewhere.append(r.url),
    )
    page.on("dialog", lambda dialog: dialog.accept())  # the reset asks first
    yield page
    context.close()


def test_a_whole_rehearsal_by_keyboard_kept_across_a_reload_then_reset(tab, server):
    tab.goto(server + PRACTICE)
    tab.wait_for_selector(".practice-tool[data-ready]")
    first = queue(tab)
    assert first[0] == f"the L4 answer ({practice.REASONS['new']})"

    # Start a level: only its rehearsal shows, and the focus goes to its heading.
    press(tab, ".practice-levels button[data-level=l5]")
    assert tab.locator("#rehearse-l5").is_visible()
    assert not tab.locator("#rehearse-l4").is_visible()
    assert not tab.locator("#questions").is_visible()
    assert tab.evaluate("document.activeElement.id") == "answer-l5"
    # From there the Tab key reaches the timer, past the heading's permalink and the target.
    for _ in range(5):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.dataset.action") == "timer":
            break
    assert tab.evaluate("document.activeElement.dataset.action") == "timer"
    target = int(tab.locator("#rehearse-l5 .practice-seconds").inner_text())
    assert target == next(
        int(t)
        for t in re.findall(
            r"about (\d+) s aloud", tab.locator("#rehearse-l5 .say-it-note").inner_text()
        )
    )

    # The timer: heard when it starts and stops, not every second; the clock is not read out.
    tab.evaluate(WATCH_STATUS)
    press(tab, "#rehearse-l5 [data-action=timer]")
    status = tab.locator("#rehearse-l5 .practice-timer-status")
    assert status.inner_text().startswith("Timer started")
    tab.wait_for_function(
        "() => document.querySelector('#rehearse-l5 .practice-clock').textContent === '0:02'"
    )
    assert tab.evaluate("window.statusChanges") == 1, "the status line changed while running"
    assert tab.locator("#rehearse-l5 .practice-clock").get_attribute("aria-hidden") == "true"
    assert tab.locator("#rehearse-l5 .practice-timer-status").get_attribute("role") == "status"
    press(tab, "#rehearse-l5 [data-action=timer]")
    assert status.inner_text().startswith("Timer stopped at 2 seconds")
    assert f"target of about {target // 60} minute" in status.inner_text()

    # Reveal the model answer, tick two tells (one strong-hire, one down-level), score.
    press(tab, "#rehearse-l5 [data-action=reveal]")
    assert tab.locator("#say-it-l5").get_attribute("open") is not None
    assert tab.evaluate("document.activeElement.closest('details').id") == "say-it-l5"
    press(tab, "#rehearse-l5 input[value=tell-priors]", "Space")
    press(tab, "#rehearse-l5 input[value=tell-l1-default]", "Space")
    press(tab, "#rehearse-l5 [data-action=score]")
    score = tab.locator("#rehearse-l5 .practice-score").inner_text()
    assert score.startswith("Score 0: 1 strong-hire tell, 1 down-level tell.")
    assert "The model answer scores 2" in score and "Graded low" in score

    # The interviewer asks: a question of this level, drawn, folded over its answer.
    press(tab, "#rehearse-l5 [data-action=draw]")
    drawn = tab.locator("details.probe:visible")
    assert drawn.count() == 1 and drawn.get_attribute("data-level") == "l5"
    assert drawn.get_attribute("open") is None
    assert tab.evaluate("document.activeElement.closest('details').id") == drawn.get_attribute("id")
    tab.keyboard.press("Enter")  # the focus is on its question: Enter opens the answer
    assert drawn.get_attribute("open") is not None

    # Reloaded, the low grade puts the L5 answer first, and the reader is back at L5.
    tab.reload()
    tab.wait_for_selector(".practice-tool[data-ready]")
    again = queue(tab)
    assert again != first
    assert again[0] == f"the L5 answer ({practice.REASONS['low']})"
    assert tab.locator("#rehearse-l5").is_visible()
    stored = tab.evaluate(f"JSON.parse(localStorage.getItem({PRACTICE_STORAGE_KEY!r}))")
    assert stored["items"]["l5"]["box"] == 1 and stored["attempts"][0]["tells"] == [
        "tell-priors",
        "tell-l1-default",
    ]

    # Reset: the stored progress is gone, the order is the first one again.
    press(tab, ".practice-tool [data-action=reset]")
    assert queue(tab) == first
    assert tab.evaluate(f"localStorage.getItem({PRACTICE_STORAGE_KEY!r})") is None
    assert tab.errors == [] and tab.elsewhere == []


def test_a_probe_graded_well_moves_up_and_one_missed_comes_first(tab, server):
    tab.goto(server + PRACTICE)
    tab.wait_for_selector(".practice-tool[data-ready]")
    press(tab, ".practice-levels button[data-level=follow-up]")
    press(tab, "#rehearse-follow-up [data-action=reveal]")
    press(tab, "#rehearse-follow-up [data-action=draw]")
    missed = tab.locator("details.probe:visible").get_attribute("id")
    press(tab, ".practice-probe-grading [data-grade='1']")
    press(tab, ".practice-probe-grading [data-action=draw]")
    known = tab.locator("details.probe:visible").get_attribute("id")
    assert known != missed  # another question, not the same one again
    press(tab, ".practice-probe-grading [data-grade='3']")
    stored = tab.evaluate(f"JSON.parse(localStorage.getItem({PRACTICE_STORAGE_KEY!r}))")
    # Missed: box 1. Had it, new: box 2, the first box after the new items.
    assert stored["items"][missed]["box"] == 1 and stored["items"][known]["box"] == 2
    first = tab.locator(".practice-queue button").first.get_attribute("data-item")
    assert first == missed
    assert tab.errors == []


def test_a_low_grade_comes_first_after_a_reload_with_the_level_and_the_view_kept(tab, server):
    tab.goto(server + PRACTICE)
    tab.wait_for_selector(".practice-tool[data-ready]")
    # A rehearsal one short of the model answer (a strong-hire tell missed) is graded low.
    press(tab, ".practice-levels button[data-level=l6]")
    press(tab, "#rehearse-l6 [data-action=reveal]")
    shown_by_model = [t for t in tells.rubric("l6") if "l6" in t.shown_by]
    strong = [t.anchor for t in shown_by_model if t.kind == tells.STRONG]
    for anchor in [t.anchor for t in shown_by_model if t.anchor != strong[0]]:
        press(tab, f"#rehearse-l6 input[value={anchor}]", "Space")
    press(tab, "#rehearse-l6 [data-action=score]")
    assert "graded low" in tab.locator("#rehearse-l6 .practice-score").inner_text()

    tab.reload()
    tab.wait_for_selector(".practice-tool[data-ready]")
    lines = tab.evaluate(QUEUE_LINES)
    assert lines[0] == ["l6", f"({practice.REASONS['low']})", True], lines[:2]
    assert {reason for _, reason, _ in lines[1:]} == {f"({practice.REASONS['new']})"}
    # The chosen level survived the reload, and with it the way back to every question.
    assert tab.locator(".practice-levels [data-level=l6]").get_attribute("aria-pressed") == "true"
    assert tab.locator("#rehearse-l6").is_visible() and not tab.locator("#questions").is_visible()
    assert tab.locator("[data-action=everything]").is_visible()

    # Every question shown survives a reload too.
    press(tab, ".practice-tool [data-action=everything]")
    tab.reload()
    tab.wait_for_selector(".practice-tool[data-ready]")
    assert tab.locator("#questions").is_visible() and tab.locator("#rehearse-l4").is_visible()
    assert not tab.locator("[data-action=everything]").is_visible()
    assert tab.locator(".practice-levels [aria-pressed=true]").count() == 0
    assert tab.errors == []


def test_the_first_visits_queue_is_the_builds(tab, server, pages):
    tab.goto(server + PRACTICE)
    tab.wait_for_selector(".practice-tool[data-ready]")
    built = [[item, reason, shown] for item, _, reason, shown in built_queue(pages[PRACTICE])]
    assert tab.evaluate(QUEUE_LINES) == built


def test_the_script_orders_the_queue_from_the_stored_progress(tab, server, pages):
    """Graded low (box 1) first, the longest ago first; then what is new, in the build's
    order; then what is due, the lowest box first, the longest unseen first."""
    order = [item for item, *_ in built_queue(pages[PRACTICE])]
    first_probe, second_probe = order[len(ANSWERS)], order[len(ANSWERS) + 1]
    boxes = {  # item: (box, turn of its last grade)
        "l6": (1, 3),
        second_probe: (1, 1),
        "l4": (3, 2),
        "l5": (2, 4),
        first_probe: (2, 5),
    }
    progress = {
        "version": 1,
        "turn": 5,
        "items": {
            item: {"box": b, "turn": t, "grade": 1 + (b > 1) * 2} for item, (b, t) in boxes.items()
        },
        "attempts": [],
    }
    tab.goto(server + PRACTICE)
    tab.evaluate(
        "([key, value]) => localStorage.setItem(key, value)",
        [PRACTICE_STORAGE_KEY, json.dumps(progress)],
    )
    tab.reload()
    tab.wait_for_selector(".practice-tool[data-ready]")
    new = [item for item in order if item not in boxes]
    expected = [second_probe, "l6", *new, "l5", first_probe, "l4"]
    low, fresh = practice.REASONS["low"], practice.REASONS["new"]
    due = practice.REASONS["due"]
    reasons = [
        low,
        low,
        *[fresh] * len(new),
        due.format(box=2),
        due.format(box=2),
        due.format(box=3),
    ]
    shown = [n < practice.QUEUE_LENGTH for n in range(len(expected))]
    assert tab.evaluate(QUEUE_LINES) == [
        [item, f"({reason})", visible] for item, reason, visible in zip(expected, reasons, shown)
    ]
    assert tab.errors == []


def test_the_tool_starts_from_disk_and_after_instant_navigation(browser, site, server):
    context = browser.new_context()
    try:
        tab = context.new_page()
        tab.goto((site / "practice" / "index.html").as_uri())
        tab.wait_for_selector(".practice-tool[data-ready]")
        press(tab, ".practice-levels button[data-level=l4]")
        assert tab.locator("#rehearse-l4 .practice-timer").is_visible()
        # Online: from the home page to /practice/ by a link, without a page load.
        tab.goto(server + "/")
        tab.evaluate("window.loadedOnce = true")
        tab.locator("a[href$='practice/']").first.click()
        tab.wait_for_selector(".practice-tool[data-ready]")
        assert tab.evaluate("window.loadedOnce") is True, "the page was loaded, not navigated to"
    finally:
        context.close()


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_axe_finds_nothing_mid_rehearsal(browser, server, palette):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=palette)
    try:
        tab = context.new_page()
        tab.goto(server + PRACTICE)
        tab.wait_for_selector(".practice-tool[data-ready]")
        press(tab, ".practice-levels button[data-level=l6]")
        press(tab, "#rehearse-l6 [data-action=timer]")
        press(tab, "#rehearse-l6 [data-action=reveal]")
        press(tab, "#rehearse-l6 input[value=tell-adamw]", "Space")
        press(tab, "#rehearse-l6 [data-action=score]")
        press(tab, "#rehearse-l6 [data-action=draw]")
        violations = run_axe(tab, COLOUR_RULES if palette == "dark" else None)
        assert not violations, describe({PRACTICE: violations})
    finally:
        context.close()
