"""The flashcard deck of /practice/: cards for memory, not evidence, as an Anki package (genanki)
and as CSV, written beside the pages at each build from the sources of the site's words:

- a card per point of each answer to say aloud (snippets/say_it.py): the question its cue
  answers, then the cue and what is said after it (or only its first sentence, or the cue
  alone, whatever fits the budget of a back);
- a cloze card per formula (snippets/formulas.py): the formula is the gap;
- a card per tell (snippets/tells.py): the tell, then what it takes or what to say instead;
- a card per question of the interviewer's (snippets/probes.py), with its short answer.

Each front asks one thing; each back answers it in at most ``BACK_WORDS`` words, the idea
first. A card is tagged with its level and its kind. A claim value on a card is plain text,
linked to where the claim is stated when the build has a SITE_URL; the section that answers
the card in depth is a link only then too: a link on a card is absolute or absent, never
relative (Anki has no site to be relative to). The files are reproducible: the notes are
dated with the version's day, the zip's entries as the labs' bundles are
(engine/labs/bundles.py).

Importing genanki and writing the package costs a few hundred milliseconds, most of a warm
build's margin: the files are cached in .cache/deck/ (engine/cache.py), by what makes them
(this module, the sources it imports) and what else the cards show (the claim values they
quote and where each is stated, the site's address, the day): both in one entry, written
whole or not at all.
"""

from __future__ import annotations

import base64
import csv
import datetime
import hashlib
import html
import io
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from engine.cache import Cache
from engine.evidence.store import Store
from engine.labs.bundles import write_zip
from engine.markers.values import plain_value
from engine.names import DECK_FILES, DECK_NAME
from snippets import formulas, probes, say_it, tells
from snippets.contract import markers, replace_markers

CACHE_NAME = "deck"
SOURCE = "the flashcard deck"  # how an error names where a claim was asked for
BACK_WORDS = 35  # the most words a back may take: read in a glance, said in a breath
KINDS = ("cue", "formula", "tell", "probe")
CSV_COLUMNS = ("level", "kind", "question", "answer", "section", "link")
CSS = ".card { font-family: sans-serif; font-size: 18px; text-align: left; }"


def stable_id(name: str) -> int:
    """An Anki id of its own for the deck or its note type, the same at every build (Anki
    recognizes an updated deck by it); genanki asks for one in [2^30, 2^31)."""
    return (1 << 30) + int(hashlib.sha256(f"{DECK_NAME}/{name}".encode()).hexdigest(), 16) % (
        1 << 30
    )


def note_types(genanki, title: str) -> dict[bool, object]:
    """The two note types, by whether a card is a cloze: a question on the front, its answer
    and section behind; or a text with a gap, filled in behind."""
    basic = genanki.Model(
        stable_id("note type"),
        title,
        fields=[{"name": name} for name in ("Question", "Answer", "Section", "Level")],
        templates=[
            {
                "name": "Question and answer",
                "qfmt": "{{Question}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Answer}}<p>{{Section}}</p>',
            }
        ],
        css=CSS,
    )
    cloze = genanki.Model(
        stable_id("cloze note type"),
        f"{title} (cloze)",
        fields=[{"name": name} for name in ("Text", "Section", "Level")],
        templates=[
            {"name": "Cloze", "qfmt": "{{cloze:Text}}", "afmt": "{{cloze:Text}}<p>{{Section}}</p>"}
        ],
        css=CSS,
        model_type=genanki.Model.CLOZE,
    )
    return {False: basic, True: cloze}


@dataclass(frozen=True)
class Card:
    key: str  # its identity across builds (the note's guid): "cue-l5-2", "formula-the-l1-penalty"
    kind: str  # one of KINDS
    level: str  # a key of ANSWERS (snippets/say_it.py)
    front: str  # plain text; a formula card's text around its gap
    back: str  # plain text with claim markers; a formula card's gap
    section: tuple[str, str]  # what answers it in depth: (its name, "<page>.md#<anchor>")

    @property
    def cloze(self) -> bool:
        return self.kind == "formula"


def within_budget(*backs: str) -> str:
    """The first of ``backs`` that fits a card's back: from the whole to the shortest."""
    return next(b for b in backs if len(say_it.spoken_words(b)) <= BACK_WORDS)


def cue_cards() -> list[Card]:
    found = []
    for level, answer in say_it.ANSWERS.items():
        for number, point in enumerate(answer.points, 1):
            first = say_it.SENTENCE_END.split(point.said)[0]
            found.append(
                Card(
                    f"cue-{level}-{number}",
                    "cue",
                    level,
                    point.ask,
                    within_budget(point.text, f"{point.cue} {first}", point.cue),
                    (answer.title[0].upper() + answer.title[1:], f"{answer.page}#say-it"),
                )
            )
    return found


def formula_cards() -> list[Card]:
    return [
        Card(
            "formula-" + "-".join(formula.name.lower().split())[:60],
            "formula",
            formula.level,
            f"{formula.name} ({formula.convention})",
            formula.formula,
            formula.section,
        )
        for formula in formulas.FORMULAS
    ]


def tell_cards() -> list[Card]:
    asks = {tells.STRONG: "What does it take?", tells.DOWN: "What should you say instead?"}
    kinds = {tells.STRONG: "Strong-hire tell", tells.DOWN: "Down-level tell"}
    return [
        Card(
            tell.anchor,
            "tell",
            tell.taught_at,
            f"{kinds[tell.kind]}: {tell.name} {asks[tell.kind]}",
            tell.short,
            ("Tells", f"tells.md#{tell.anchor}"),
        )
        for tell in tells.TELLS
    ]


def probe_cards() -> list[Card]:
    return [
        Card(probe.anchor, "probe", probe.level, probe.question, probe.short, probe.depth)
        for probe in probes.PROBES
    ]


def cards() -> list[Card]:
    """Every card, by kind: the answers' cues, the formulas, the tells, the questions."""
    return cue_cards() + formula_cards() + tell_cards() + probe_cards()


# -- what a card says ----------------------------------------------------------------------


def site_path(target: str) -> str:
    """The published path of a page of docs/ and its anchor: l5/priors.md#x -> l5/priors/#x."""
    page, _, anchor = target.partition("#")
    path = page.removesuffix(".md").removesuffix("index")
    path = path if not path or path.endswith("/") else path + "/"
    return f"{path}#{anchor}" if anchor else path


def quoted(found: list[Card], store: Store) -> dict[str, dict]:
    """What the cards show besides their sources' text: each quoted claim's values and where
    it is stated ("/l6/implicit/#<id>", or None). An unknown claim or value stops the build."""
    claims = {}
    for card in found:
        for marker in markers(card.front + "\n\n" + card.back):
            claim_id, name, *_ = marker.args
            store.claim_value(claim_id, name, SOURCE)
            home = store.citations.get(claim_id)
            claims[claim_id] = {
                "values": store.items[claim_id]["result"],
                "home": home and f"{home.url}#{home.anchor}",
            }
    return claims


def value_of(marker, claims: dict[str, dict]) -> str:
    claim_id, name, *spec = marker.args
    return plain_value(claims[claim_id]["values"][name], *spec)


def as_text(text: str, claims: dict[str, dict]) -> str:
    """A text with its claim values, as plain text (the CSV)."""
    return replace_markers(text, lambda marker: value_of(marker, claims))


def as_html(text: str, claims: dict[str, dict], site_url: str) -> str:
    """A text with its claim values as HTML: with a site address, each value linked to where
    its claim is stated."""

    def value(marker) -> str:
        shown = html.escape(value_of(marker, claims), quote=False)
        home = claims[marker.args[0]]["home"]
        if not (site_url and home):
            return shown
        return f'<a href="{html.escape(site_url + home.lstrip("/"))}">{shown}</a>'

    # Markers hold none of the characters escaped: they are found in the escaped text as written.
    return replace_markers(html.escape(text, quote=False), value)


def link(card: Card, site_url: str) -> str:
    """The address of the section that answers the card in depth, or nothing without one."""
    return site_url + site_path(card.section[1]) if site_url else ""


def section_html(card: Card, site_url: str) -> str:
    label = html.escape(card.section[0], quote=False)
    if not site_url:
        return f"In depth: {label}"
    return f'In depth: <a href="{html.escape(link(card, site_url))}">{label}</a>'


def note_fields(card: Card, claims: dict[str, dict], site_url: str) -> list[str]:
    front, back = (as_html(text, claims, site_url) for text in (card.front, card.back))
    section, level = section_html(card, site_url), say_it.ANSWERS[card.level].name
    if card.cloze:
        return [f"{front}: {{{{c1::{back}}}}}", section, level]
    return [front, back, section, level]


# -- the files -----------------------------------------------------------------------------


def apkg_bytes(
    found: list[Card], claims: dict[str, dict], site_url: str, day: str, title: str
) -> bytes:
    import genanki  # only when the cache has no package for these cards

    types = note_types(genanki, title)
    deck = genanki.Deck(stable_id("deck"), title)
    for card in found:
        deck.add_note(
            genanki.Note(
                model=types[card.cloze],
                fields=note_fields(card, claims, site_url),
                guid=genanki.guid_for(card.key),
                tags=[card.level.replace("-", "_"), card.kind],
            )
        )
    moment = datetime.datetime.fromisoformat(day).replace(tzinfo=datetime.UTC).timestamp()
    with tempfile.TemporaryDirectory() as scratch:
        written = Path(scratch) / "deck.apkg"
        genanki.Package(deck).write_to_file(written, timestamp=moment)
        # genanki dates the zip's entries with the clock: rewritten as every zip of the site.
        with zipfile.ZipFile(written) as archive:
            entries = {name: archive.read(name) for name in archive.namelist()}
    buffer = io.BytesIO()
    write_zip(buffer, entries)
    return buffer.getvalue()


def csv_bytes(found: list[Card], claims: dict[str, dict], site_url: str) -> bytes:
    """The same cards as CSV: a formula card's question is its text with the gap as "…"."""
    buffer = io.StringIO()
    table = csv.writer(buffer, lineterminator="\n")
    table.writerow(CSV_COLUMNS)
    for card in found:
        question = f"{card.front}: …" if card.cloze else card.front
        table.writerow(
            [
                say_it.ANSWERS[card.level].name,
                card.kind,
                as_text(question, claims),
                as_text(card.back, claims),
                card.section[0],
                link(card, site_url),
            ]
        )
    return buffer.getvalue().encode()


def linked(files) -> bool:
    """Whether a page of this build links the deck (``{{ deck }}``): only then is it written."""
    return any(
        marker.kind == "deck"
        for file in files.documentation_pages()
        if file.src_uri.endswith(".md")
        for marker in markers(Path(file.abs_src_path).read_text())
    )


def write_deck(config, store: Store, root: Path, day: str) -> None:
    """The deck's files beside the pages, from the cache or made anew. The cache keeps both
    files in one JSON entry: written whole or not at all, and one cut short does not parse."""
    site_url = (config["site_url"] or "").rstrip("/")
    site_url = site_url + "/" if site_url else ""
    found = cards()
    claims = quoted(found, store)
    cache = Cache(root, CACHE_NAME)
    entry = f"{cache.key([Path(__file__)], extra=[site_url, day, claims])}.json"
    files = cache.read_json(entry)
    if not (isinstance(files, dict) and set(files) == set(DECK_FILES)):
        apkg, csv_file = DECK_FILES
        made = {
            apkg: apkg_bytes(found, claims, site_url, day, config.site_name),
            csv_file: csv_bytes(found, claims, site_url),
        }
        files = {name: base64.b64encode(data).decode() for name, data in made.items()}
        cache.write_json(entry, files)
    for name in DECK_FILES:
        (Path(config["site_dir"]) / name).write_bytes(base64.b64decode(files[name]))
    cache.evict()  # one deck is kept: the last one built
