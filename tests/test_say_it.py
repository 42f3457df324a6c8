"""The answers to say aloud (snippets/say_it.py): words for the ear (each within its word
budget; a short cue, then one or two sentences of at most 30 words; no long list of names; no
stage directions), checked by the function that the length claims call, and one text per
answer wherever it appears: its page's card, /practice/ and the print page (the PDF). (The
flashcard deck's cue cards: tests/test_deck.py.)"""

from __future__ import annotations

import dataclasses
import re
from html import unescape
from html.parser import HTMLParser

import markdown
import pytest

from engine.escaping import markdown_with_markers
from snippets.say_it import (
    ANSWERS,
    CUE_WORDS,
    NAMES_PER_LIST,
    SENTENCE_WORDS,
    SENTENCES_PER_POINT,
    Point,
    longest_list,
    longest_sentence,
    problems,
    sentences,
    spoken_words,
    stage_direction,
    word_count,
)
from snippets.say_it import length as answer_length
from tests.support import PRINT_PAGE_URL, as_read

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
    """Each ``<details class="say-it">`` of a page: its id, whether it starts open, the text
    of each of its points as a reader sees it, and what each point shows in bold."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.cards: dict[str, dict] = {}
        self.card: dict | None = None
        self.point: list[str] | None = None
        self.bold: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "details" and "say-it" in (attributes.get("class") or "").split():
            self.card = {"open": "open" in attributes, "points": [], "bold": []}
            self.cards[attributes["id"]] = self.card
        elif tag == "li" and self.card is not None:
            self.point = []
        elif tag == "strong" and self.point is not None:
            self.bold = []

    def handle_endtag(self, tag):
        if tag == "li" and self.point is not None:
            self.card["points"].append(" ".join("".join(self.point).split()))
            self.point = None
        elif tag == "strong" and self.bold is not None:
            self.card["bold"].append(" ".join("".join(self.bold).split()))
            self.bold = None
        elif tag == "details":
            self.card = None

    def handle_data(self, data):
        if self.point is not None:
            self.point.append(data)
        if self.bold is not None:
            self.bold.append(data)


def cards_of(text: str) -> dict[str, dict]:
    parser = Cards()
    parser.feed(text)
    return parser.cards


@pytest.mark.claim("l4.say-it.length")
@pytest.mark.claim("l5.say-it.length")
@pytest.mark.claim("l6.say-it.length")
@pytest.mark.claim("follow-up.say-it.length")
@pytest.mark.parametrize("level", list(ANSWERS))
def test_every_answer_keeps_the_rules_of_words_for_the_ear(level):
    answer = ANSWERS[level]
    assert problems(answer) == []
    values = answer_length(level)
    assert values["words"] == word_count(answer) <= answer.budget
    assert 3 <= values["points"] == len(answer.points) <= 5  # cues a person can hold
    assert values["longest_sentence"] == longest_sentence(answer) <= SENTENCE_WORDS
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


def test_the_longest_sentence_counts_the_cue_and_each_sentence_apart():
    point = Point(cue="One two three.", said="Four five. Six seven eight nine ten.", ask="?")
    answer = dataclasses.replace(ANSWERS["l4"], points=(point,))
    assert longest_sentence(answer) == 5
    assert word_count(answer) == 10


@pytest.mark.parametrize("level", list(ANSWERS))
def test_an_answer_over_its_budget_stops_its_length_claim(level, monkeypatch):
    # The budget is checked by the function the length claim calls: an answer one word over
    # its budget is reported, and its claim (so the build) stops.
    over = dataclasses.replace(ANSWERS[level], budget=word_count(ANSWERS[level]) - 1)
    assert [p for p in problems(over) if "over its budget" in p]
    monkeypatch.setitem(ANSWERS, level, over)
    with pytest.raises(ValueError, match="over its budget"):
        answer_length(level)


def broken(point: Point, level: str = "l5") -> list[str]:
    """What the checks find in the answer ``level`` with ``point`` added to it."""
    answer = ANSWERS[level]
    found = problems(dataclasses.replace(answer, points=(*answer.points, point), budget=10**6))
    return [problem.split(": ", 1)[1] for problem in found]


def test_a_cue_longer_than_seven_words_is_caught():
    assert CUE_WORDS == 7
    fine = Point(cue="Exact zeros need a proximal step.", said="A soft threshold.", ask="?")
    assert broken(fine) == []
    long = dataclasses.replace(fine, cue="Exact zeros always need a proximal step first.")
    assert broken(long) == ["the cue is not one sentence of at most 7 words"]
    two = dataclasses.replace(fine, cue="Zeros. Proximal steps.")
    assert broken(two) == ["the cue is not one sentence of at most 7 words"]


def test_a_point_of_more_than_two_sentences_after_its_cue_is_caught():
    assert SENTENCES_PER_POINT == 2
    point = Point(cue="A cue.", said="One. Two. Three.", ask="?")
    assert broken(point) == ["3 sentences after the cue, not 1 to 2"]
    assert broken(dataclasses.replace(point, said="One. Two.")) == []


def test_a_sentence_of_more_than_thirty_words_is_caught():
    long = " ".join(["word"] * (SENTENCE_WORDS + 1)) + "."
    found = broken(Point(cue="A cue.", said=long, ask="?"))
    assert len(found) == 1 and found[0].startswith("a sentence of 31 words")
    assert broken(Point(cue="A cue.", said=long.replace("word ", "", 1), ask="?")) == []


def test_the_sentences_of_a_text_end_at_full_stops_not_inside_claim_values():
    text = "At most {{ claim l6.implicit.early-stopping-bound rounded }} times. Then zero?  Yes!"
    assert sentences(text) == ["At most N times.", "Then zero?", "Yes!"]


def test_a_list_of_names_is_a_run_of_short_items_joined_by_commas_and_or():
    # The card that made the rule: five names in one breath.
    five = (
        "Exact zeros come from a proximal step, the soft threshold in ISTA, FISTA, coordinate "
        "descent, the relaxed and the adaptive lasso."
    )
    assert longest_list(five) == [
        "threshold in ISTA",
        "FISTA",
        "coordinate descent",
        "the relaxed",
        "the adaptive lasso",
    ]
    four = "The exact solvers are ISTA, FISTA, coordinate descent and LARS in scikit-learn."
    assert longest_list(four) == [
        "solvers are ISTA",
        "FISTA",
        "coordinate descent",
        "LARS in scikit-learn",
    ]
    assert longest_list("It takes ISTA, FISTA or LARS.") == ["It takes ISTA", "FISTA", "LARS"]
    # Clauses are not names, and a colon or a semicolon ends a list.
    assert len(longest_list("L1 sums absolute values, L2 sums squares, in the loss.")) == 3
    assert len(longest_list("Adam, AdamW; SGD, Lion, Muon.")) == 3
    assert longest_list("One sentence without a list.") == []
    assert NAMES_PER_LIST == 3
    point = Point(cue="Proximal steps give zeros.", said=four, ask="?")
    assert broken(point) == [f"a list of 4 names: {longest_list(four)}"]


def test_a_stage_direction_in_a_spoken_point_is_caught():
    # What the L5 card once said: an instruction to the candidate, not words to say.
    said = "Give the convention with the number: the same alpha is a different strength."
    assert stage_direction(said)
    assert stage_direction("Mention the priors.") and stage_direction("Say it slowly.")
    assert stage_direction("Then the interviewer asks about Adam.")
    assert not stage_direction("I standardize first and tune lambda by cross-validation.")
    assert not stage_direction("Use L1 to select, L2 by default.")  # advice, said as such
    point = Point(cue="Conventions decide what lambda means.", said=said, ask="?")
    assert broken(point) == [f"a stage direction, not words to say: {said!r}"]
    cue = Point(cue="Name the priors.", said="L1 is a Laplace prior.", ask="?")
    assert broken(cue) == ["a stage direction, not words to say: 'Name the priors.'"]


def test_a_point_shows_as_written_with_only_its_claim_markers_live():
    # Whatever a spoken text holds, Markdown (with the site's extensions) makes no link,
    # emphasis, code, maths, heading, attribute or HTML of it.
    text = (
        "# A *b* _c_ [d](e) `f` $g$ \\(h\\) <i>i</i> &amp; {: .j } [^k] ~l~ ^m^ | n\n# o "
        "{{ claim l6.implicit.early-stopping-bound rounded }} *p*"
    )
    written = markdown_with_markers(text)
    assert "{{ claim l6.implicit.early-stopping-bound rounded }}" in written
    html = markdown.markdown(
        "- " + written.replace("{{ claim l6.implicit.early-stopping-bound rounded }}", "N"),
        extensions=[
            "attr_list",
            "md_in_html",
            "footnotes",
            "abbr",
            "tables",
            "pymdownx.arithmatex",
        ],
        extension_configs={"pymdownx.arithmatex": {"generic": True}},
    )
    assert re.findall(r"<(\w+)", html) == ["ul", "li"], html
    shown = re.sub(r"<[^>]+>", "", html)
    expected = text.replace("\n", " ").replace(
        "{{ claim l6.implicit.early-stopping-bound rounded }}", "N"
    )
    assert " ".join(unescape(shown).split()) == " ".join(expected.split())


@pytest.mark.parametrize("level", list(ANSWERS))
def test_one_text_per_answer_on_its_page_in_practice_and_in_the_pdf(level, pages, claims):
    by_id = {row["id"]: row for row in claims}
    expected = [as_read(point.text, by_id) for point in ANSWERS[level].points]
    cues = [as_read(point.cue, by_id) for point in ANSWERS[level].points]
    for url, card_id in PLACES[level]:
        card = cards_of(pages[url]).get(card_id)
        assert card is not None, f"no card #{card_id} on {url}"
        assert card["points"] == expected, f"the card #{card_id} on {url} differs from the source"
        assert card["bold"] == cues, f"the card #{card_id} on {url} does not show its cues in bold"
        # Folded on the site: the reader answers first (the PDF export opens every fold).
        assert not card["open"], f"#{card_id} on {url} starts open"


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
