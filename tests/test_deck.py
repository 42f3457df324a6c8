"""The flashcard deck of /practice/ (engine/publishing/deck.py), read from the files the build wrote: a card
for each cue of the answers, each formula (a cloze), each tell and each of the interviewer's
questions, tagged by level; each back within its budget and found in its source; a link on a
card absolute or absent; a number on a card a published claim value, never typed."""

from __future__ import annotations

import csv
import io
import re
import sqlite3
import zipfile
from html import unescape
from pathlib import Path

import pytest

from engine.markers.kinds import well_formed
from engine.names import DECK_FILES
from engine.publishing import deck
from snippets import formulas, probes, say_it, tells
from snippets.contract import markers
from tests.support import as_read, deck_notes

BACK_WORDS = 35


def shown(field: str) -> str:
    """A field as a reader sees it: its text, without tags, entities or runs of spaces."""
    return " ".join(unescape(re.sub(r"<[^>]+>", "", field)).split())


def tags_of(package: Path) -> list[set[str]]:
    """The tags of each note of the package, in the order they were added."""
    with zipfile.ZipFile(package) as archive:
        collection = archive.read("collection.anki2")
    database = sqlite3.connect(":memory:")
    database.deserialize(collection)
    rows = database.execute("select tags from notes order by id").fetchall()
    database.close()
    return [set(row[0].split()) for row in rows]


def csv_rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode())))


def expected_cards(by_id: dict) -> list[tuple[str, str, str, set[str]]]:
    """What each card must say, read from the sources themselves, in the deck's order: (kind,
    front, the backs it may have, as read) for the cues, the formulas, the tells, the probes."""
    found = []
    for level, answer in say_it.ANSWERS.items():
        for point in answer.points:
            first = re.split(r"(?<=[.!?])\s+", point.said)[0]
            backs = {point.text, f"{point.cue} {first}", point.cue}
            found.append(("cue", level, point.ask, {as_read(b, by_id) for b in backs}))
    for formula in formulas.FORMULAS:
        text = f"{formula.name} ({formula.convention}): {{{{c1::{formula.formula}}}}}"
        found.append(("formula", formula.level, text, {formula.formula}))
    for tell in tells.TELLS:
        level = tell.shown_by[0] if tell.shown_by else tell.level
        found.append(("tell", level, tell.name, {as_read(tell.short, by_id)}))
    for probe in probes.PROBES:
        found.append(("probe", probe.level, probe.question, {as_read(probe.short, by_id)}))
    return found


def back_of(fields: list[str]) -> str:
    """A note's answer: the Answer field, or a cloze note's gap."""
    if len(fields) == 3:
        return shown(re.search(r"\{\{c1::(.*?)\}\}", fields[0]).group(1))
    return shown(fields[1])


# -- the cards -------------------------------------------------------------------------------


def test_every_card_says_what_its_source_says_tagged_by_level_and_kind(site, claims):
    by_id = {row["id"]: row for row in claims}
    notes, tags = deck_notes(site), tags_of(site / DECK_FILES[0])
    expected = expected_cards(by_id)
    assert len(notes) == len(expected) == len(tags)
    assert {kind for kind, *_ in expected} == set(deck.KINDS)
    for (kind, level, front, backs), fields, tagged in zip(expected, notes, tags):
        assert tagged == {level.replace("-", "_"), kind}, fields[0]
        if kind == "formula":
            assert len(fields) == 3 and shown(fields[0]) == front  # a cloze: the formula is its gap
        else:
            assert len(fields) == 4 and front in shown(fields[0])
        assert back_of(fields) in backs, fields[0]
        assert fields[-1] == say_it.ANSWERS[level].name


def test_a_cue_card_answers_with_its_cue_first(site, claims):
    by_id = {row["id"]: row for row in claims}
    notes = deck_notes(site)
    points = [p for answer in say_it.ANSWERS.values() for p in answer.points]
    for point, fields in zip(points, notes):
        assert back_of(fields).startswith(as_read(point.cue, by_id))
    # The whole point when it fits the budget, its cue and first sentence when not.
    whole = sum(back_of(f) == as_read(p.text, by_id) for p, f in zip(points, notes))
    assert 0 < whole < len(points)


def test_every_back_answers_within_its_budget(site):
    backs = [back_of(fields) for fields in deck_notes(site)]
    backs += [row["answer"] for row in csv_rows((site / DECK_FILES[1]).read_bytes())]
    assert len(backs) == 2 * len(deck.cards())
    over = [(len(say_it.spoken_words(b)), b) for b in backs if len(say_it.spoken_words(b)) > 35]
    assert not over


def test_the_budget_check_fails_on_a_longer_back():
    assert deck.BACK_WORDS == BACK_WORDS
    long = " ".join(["word"] * (BACK_WORDS + 1))
    assert deck.within_budget(long, "Short.") == "Short."
    with pytest.raises(StopIteration):
        deck.within_budget(long)


def test_the_csv_holds_the_same_cards_in_plain_text(site, claims, site_url):
    by_id = {row["id"]: row for row in claims}
    rows = csv_rows((site / DECK_FILES[1]).read_bytes())
    expected = expected_cards(by_id)
    assert len(rows) == len(expected)
    for (kind, level, front, backs), row in zip(expected, rows):
        assert (row["kind"], row["level"]) == (kind, say_it.ANSWERS[level].name)
        assert " ".join(row["answer"].split()) in backs
        if kind != "formula":
            assert front in row["question"]
        assert row["link"].startswith(site_url) and "#" in row["link"]


# -- links and numbers -----------------------------------------------------------------------

# A link that is not absolute: an href or a Markdown link to anything but http(s), or a path of
# the site written without its address.
RELATIVE = re.compile(
    r'href="(?!https?://)|\]\((?!https?://)|\.md\b|(?<![\w/.:-])[\w-]+(?:/[\w-]+)*/#'
)


def test_no_link_on_a_card_is_relative(site, site_url):
    fields = [field for note in deck_notes(site) for field in note]
    fields += [v for row in csv_rows((site / DECK_FILES[1]).read_bytes()) for v in row.values()]
    assert not [f for f in fields if RELATIVE.search(f)]
    hrefs = [href for f in fields for href in re.findall(r'href="([^"]+)"', f)]
    assert hrefs and all(href.startswith(site_url) for href in hrefs)


def test_the_relative_link_check_can_fail():
    for relative in ('<a href="l5/priors/#bayesian-view">', "[x](l4.md#y)", "see l5/priors/#z"):
        assert RELATIVE.search(relative), relative
    assert not RELATIVE.search('<a href="http://127.0.0.1:8000/guide/l5/priors/#z">x</a>')


def test_without_a_site_address_a_card_has_no_link(claims, tmp_path):
    found = {row["id"]: {"values": row["values"], "home": None} for row in claims}
    cards = deck.cards()
    apkg, csv_file = DECK_FILES
    (tmp_path / apkg).write_bytes(deck.apkg_bytes(cards, found, "", "2020-01-01", "A deck"))
    (tmp_path / csv_file).write_bytes(deck.csv_bytes(cards, found, ""))
    fields = [field for note in deck_notes(tmp_path) for field in note]
    rows = csv_rows((tmp_path / DECK_FILES[1]).read_bytes())
    assert not [f for f in fields if "href" in f or RELATIVE.search(f)]
    assert rows and all(row["link"] == "" for row in rows)
    assert not [v for row in rows for v in row.values() if RELATIVE.search(v)]


# Digits a card may show outside a claim marker: names (L1, bfloat16) and the factors of formulas
# said in words. Formula cards are formulas, and their digits are the point.
WRITTEN_NUMBERS = {"L1", "L2", "2n", "2λw", "1/t", "1/k", "1/k²", "λ/η", "bfloat16"}


def typed_numbers(text: str) -> set[str]:
    for marker in reversed(list(markers(text))):
        text = text[: marker.start] + " " + text[marker.end :]
    words = {w.strip(".,;:()'s") for w in re.split(r"[\s-]+", text)}
    return {w for w in words if any(c.isdigit() for c in w)} - WRITTEN_NUMBERS


def test_every_number_on_a_card_is_a_published_value_written_as_a_claim(claims):
    kinds = {row["id"]: row["kind"] for row in claims}
    quoted = set()
    for card in deck.cards():
        for marker in markers(card.front + "\n\n" + card.back):
            assert marker.kind == "claim" and well_formed(marker), (card.key, marker.text)
            quoted.add(marker.args[0])
        if card.kind != "formula":
            assert not typed_numbers(card.back), (card.key, typed_numbers(card.back))
    # No experiment's number: only published ones (0.1 in AdamW, the bound 1.69), as a point.
    assert quoted and {kinds[claim_id] for claim_id in quoted} == {"cited"}


def test_the_number_checks_can_fail():
    assert typed_numbers("On 161 values the MAP is zero at 41, in L1.") == {"161", "41"}
    assert not typed_numbers("{{ claim l6.implicit.early-stopping-bound rounded }} times")


def test_a_formula_fits_in_a_cloze_gap():
    for formula in formulas.FORMULAS:
        assert "}}" not in formula.formula and "::" not in formula.formula, formula.name
        assert not list(markers(formula.formula + formula.name + formula.convention))
