"""The answers to say aloud (snippets/say_it.py): each within its word budget, and one text
per answer wherever it appears: its page's card, /practice/, the print page (the PDF) and the
flashcard deck."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from snippets.say_it import ANSWERS, spoken_words, word_count
from snippets.say_it import length as answer_length
from tests.support import PRINT_PAGE_URL, as_read, deck_notes

LEVEL_PAGES = {level: f"/{level}/" for level in ANSWERS}
# Where each card is, by the id it has there: its page, /practice/, and the print page, where
# each page's ids carry the page's key.
PLACES = {
    level: [
        (LEVEL_PAGES[level], "say-it"),
        ("/practice/", f"say-it-{level}"),
        (PRINT_PAGE_URL, f"{level}-say-it"),
        (PRINT_PAGE_URL, f"practice-say-it-{level}"),
    ]
    for level in ANSWERS
}


class Cards(HTMLParser):
    """Each ``<details class="say-it">`` of a page: its id, whether it starts open, and the
    text of each of its points as a reader sees it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.cards: dict[str, dict] = {}
        self.card: dict | None = None
        self.point: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "details" and "say-it" in (attributes.get("class") or "").split():
            self.card = {"open": "open" in attributes, "points": []}
            self.cards[attributes["id"]] = self.card
        elif tag == "li" and self.card is not None:
            self.point = []

    def handle_endtag(self, tag):
        if tag == "li" and self.point is not None:
            self.card["points"].append(" ".join("".join(self.point).split()))
            self.point = None
        elif tag == "details":
            self.card = None

    def handle_data(self, data):
        if self.point is not None:
            self.point.append(data)


def cards_of(text: str) -> dict[str, dict]:
    parser = Cards()
    parser.feed(text)
    return parser.cards


@pytest.mark.claim("l4.say-it.length")
@pytest.mark.claim("l5.say-it.length")
@pytest.mark.claim("l6.say-it.length")
@pytest.mark.claim("follow-up.say-it.length")
@pytest.mark.parametrize("level", list(ANSWERS))
def test_every_answer_is_within_its_word_budget(level):
    answer = ANSWERS[level]
    values = answer_length(level)
    assert values["words"] == word_count(answer) <= answer.budget
    assert 3 <= values["points"] == len(answer.points) <= 5  # bullets a person can speak
    # The speaking time at the stated pace, to the nearest 5 s.
    assert abs(values["seconds"] - 60 * values["words"] / values["words_per_minute"]) <= 2.5
    if answer.builds_on:
        below = word_count(ANSWERS[answer.builds_on])
        assert values["words_together"] == values["words"] + below


def test_a_claim_value_is_one_spoken_word_and_punctuation_none():
    assert spoken_words("It is {{ claim l6.prox.rates gap .2e }} times - or more.") == [
        "It",
        "is",
        "N",
        "times",
        "or",
        "more.",
    ]


def test_an_answer_over_its_budget_is_caught():
    # The budget test compares against each answer's own budget: a longer text fails it.
    answer = ANSWERS["l4"]
    padded = [*answer.points, " ".join(["word"] * (answer.budget + 1))]
    assert sum(len(spoken_words(point)) for point in padded) > answer.budget


@pytest.mark.parametrize("level", list(ANSWERS))
def test_one_text_per_answer_on_its_page_in_practice_and_in_the_pdf(level, pages, claims):
    by_id = {row["id"]: row for row in claims}
    expected = [as_read(point, by_id) for point in ANSWERS[level].points]
    for url, card_id in PLACES[level]:
        card = cards_of(pages[url]).get(card_id)
        assert card is not None, f"no card #{card_id} on {url}"
        assert card["points"] == expected, f"the card #{card_id} on {url} differs from the source"
        # Folded on the site: the reader answers first (the PDF export opens every fold).
        assert not card["open"], f"#{card_id} on {url} starts open"


@pytest.mark.parametrize("level", list(ANSWERS))
def test_one_text_per_answer_in_the_flashcard_deck(level, site, claims):
    by_id = {row["id"]: row for row in claims}
    expected = [as_read(point, by_id) for point in ANSWERS[level].points]
    # The deck opens with the answers, in their order (hooks/deck.py); the answer is a list.
    _, back, _, _ = deck_notes(site)[list(ANSWERS).index(level)]
    points = re.findall(r"<li>(.*?)</li>", back, re.S)
    assert [as_read(point, by_id) for point in points] == expected


@pytest.mark.parametrize("level", list(ANSWERS))
def test_the_word_count_on_a_card_counts_what_the_card_shows(level, pages, claims):
    card = cards_of(pages[LEVEL_PAGES[level]])["say-it"]
    shown = sum(len([w for w in p.split() if any(c.isalnum() for c in w)]) for p in card["points"])
    stated = next(r for r in claims if r["id"] == ANSWERS[level].length_claim)["values"]["words"]
    assert shown == stated


def test_each_card_is_the_first_thing_under_its_page_title(pages):
    for url in LEVEL_PAGES.values():
        article = pages[url].split("<article", 1)[1]
        title_end = article.index("</h1>")
        first_element = re.search(r"<(\w+)([^>]*)>", article[title_end + 5 :])
        assert first_element.group(1) == "details" and 'id="say-it"' in first_element.group(2), (
            f"{url}: the first element under the title is <{first_element.group(1)}>"
        )


# The answer's text on its card, and the page's body text: each one's colour and its contrast
# with what is behind it (WCAG's ratio, translucent layers composed over the page).
CARD_CONTRAST = r"""() => {
  const rgba = (c) => { const v = c.match(/[\d.]+/g).map(Number); return [v[0], v[1], v[2], v[3] ?? 1]; };
  const over = (top, below) => top.slice(0, 3).map((v, i) => top[3] * v + (1 - top[3]) * below[i]);
  const behind = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) layers.push(rgba(getComputedStyle(e).backgroundColor));
    return layers.reverse().reduce((colour, layer) => over(layer, colour), [255, 255, 255]);
  };
  const luminance = (rgb) => rgb.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const contrast = (el) => {
    const background = behind(el);
    const text = over(rgba(getComputedStyle(el).color), background);
    const [hi, lo] = [luminance(text), luminance(background)].sort((a, b) => b - a);
    return { colour: getComputedStyle(el).color, ratio: (hi + 0.05) / (lo + 0.05) };
  };
  document.getElementById("say-it").open = true;
  const card = [...document.querySelectorAll(
    "#say-it li, #say-it .say-it-question, #say-it .say-it-prompt, .say-it-note, article blockquote")];
  return { body: contrast(document.querySelector("article > p")), card: card.map(contrast) };
}"""


@pytest.mark.browser
@pytest.mark.parametrize("media", ["screen", "print"])
@pytest.mark.parametrize("palette", ["light", "dark"])
def test_answers_read_at_the_contrast_of_the_body_text(browser, server, palette, media):
    context = browser.new_context(color_scheme=palette)
    low = []
    try:
        tab = context.new_page()
        tab.emulate_media(media=media, color_scheme=palette)
        for path in LEVEL_PAGES.values():
            tab.goto(server + path)
            found = tab.evaluate(CARD_CONTRAST)
            body = found["body"]
            assert len(found["card"]) >= 4, path
            # The body's colour, and its contrast up to the card's tint (a tenth at most).
            low += [
                (path, text)
                for text in found["card"]
                if text["colour"] != body["colour"] or text["ratio"] < 0.9 * body["ratio"]
            ]
    finally:
        context.close()
    assert not low, f"{palette}, {media}: answer text fainter than the body's {body}: {low}"
