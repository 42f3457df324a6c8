"""The flashcard deck of /practice/: every question of the page with its model answer, as an
Anki package (genanki) and as CSV, written beside the pages at each build from the page's own
sources (the answers of snippets/say_it.py, the questions of snippets/probes.py) and the
build's claim values.

A card's back quotes each claim value as text, linked to where the claim is stated on the
site, and names the section that answers the question in depth, linked. A build without
SITE_URL has no address to link to: the values are plain text and the section is its path on
the site. The files are reproducible: the notes are dated with the version's day, the zip's
entries as the labs' bundles are (hooks/bundles.py).

Importing genanki and writing the package costs a few hundred milliseconds, most of a warm
build's margin: the files are cached in .cache/deck/ (engine/cache.py), by what makes them
(this module, the sources it imports) and what else the cards show (the claim values they
quote and where each is stated, the site's address, the day).
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
from snippets import probes, say_it
from snippets.contract import markers, replace_markers

CACHE_NAME = "deck"
SOURCE = "the flashcard deck"  # how an error names where a claim was asked for
FIELDS = ("Question", "Answer", "Section", "Level")
LEVEL_NAMES = {"l4": "L4", "l5": "L5", "l6": "L6", "follow-up": "Follow-up"}


def stable_id(name: str) -> int:
    """An Anki id of its own for the deck or its note type, the same at every build (Anki
    recognizes an updated deck by it); genanki asks for one in [2^30, 2^31)."""
    return (1 << 30) + int(hashlib.sha256(f"{DECK_NAME}/{name}".encode()).hexdigest(), 16) % (
        1 << 30
    )


def note_type(genanki, title: str):
    """The cards' note type: a question on the front; the answer and its section behind."""
    return genanki.Model(
        stable_id("note type"),
        title,
        fields=[{"name": name} for name in FIELDS],
        templates=[
            {
                "name": "Question and answer",
                "qfmt": "{{Question}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Answer}}<p>{{Section}}</p>',
            }
        ],
        css=".card { font-family: sans-serif; font-size: 18px; text-align: left; }",
    )


@dataclass(frozen=True)
class Card:
    key: str  # its identity across builds: "answer-<level>", "probe-<id>"
    level: str
    question: str  # plain text
    answer: tuple[str, ...]  # the points of a "Say it" card, or one paragraph; claim markers
    section: tuple[str, str]  # (its name, "<page>.md#<anchor>")

    @property
    def listed(self) -> bool:
        return self.key.startswith("answer-")


def cards() -> list[Card]:
    """The questions of /practice/, in its order: the question at each level and the
    follow-up (their "Say it" cards), then the interviewer's next questions."""
    found = []
    for level, answer in say_it.ANSWERS.items():
        where = "The follow-up" if level == "follow-up" else f"The question at {LEVEL_NAMES[level]}"
        found.append(
            Card(
                f"answer-{level}",
                level,
                f"{where}: “{answer.question}”",
                answer.points,
                (answer.title[0].upper() + answer.title[1:], f"{answer.page}#say-it"),
            )
        )
    for probe in probes.PROBES:
        found.append(
            Card(
                probe.anchor,
                probe.level,
                f"{probes.LEVELS[probe.level]}, the interviewer asks: “{probe.question}”",
                (probe.answer,),
                probe.depth,
            )
        )
    return found


# -- what a card says ----------------------------------------------------------------------


def site_path(target: str) -> str:
    """The published path of a page of docs/ and its anchor: l5/priors.md#x -> l5/priors/#x."""
    page, _, anchor = target.partition("#")
    path = page.removesuffix(".md").removesuffix("index")
    path = path if not path or path.endswith("/") else path + "/"
    return f"{path}#{anchor}" if anchor else path


def value_of(marker, store: Store) -> str:
    claim_id, name, *spec = marker.args
    return plain_value(store.claim_value(claim_id, name, SOURCE), *spec)


def as_text(text: str, store: Store) -> str:
    """A text with its claim values, as plain text (the CSV)."""
    return replace_markers(text, lambda marker: value_of(marker, store))


def as_html(text: str, site_url: str, store: Store) -> str:
    """A text with its claim values as HTML: each value linked to where its claim is stated."""
    out, position = [], 0
    for marker in markers(text):
        out.append(html.escape(text[position : marker.start]))
        value = html.escape(value_of(marker, store))
        home = store.citations.get(marker.args[0])
        if site_url and home is not None:
            href = html.escape(f"{site_url}{home.url.lstrip('/')}#{home.anchor}")
            value = f'<a href="{href}">{value}</a>'
        out.append(value)
        position = marker.end
    out.append(html.escape(text[position:]))
    return "".join(out)


def section_html(card: Card, site_url: str) -> str:
    label, target = card.section
    if not site_url:
        return f"In depth: {html.escape(label)} ({html.escape(site_path(target))})"
    href = html.escape(site_url + site_path(target))
    return f'In depth: <a href="{href}">{html.escape(label)}</a>'


def answer_html(card: Card, site_url: str, store: Store) -> str:
    parts = [as_html(part, site_url, store) for part in card.answer]
    if card.listed:
        return "<ul>" + "".join(f"<li>{part}</li>" for part in parts) + "</ul>"
    return "".join(f"<p>{part}</p>" for part in parts)


# -- the files -----------------------------------------------------------------------------


def write_apkg(target: Path, site_url: str, day: str, title: str, store: Store) -> None:
    import genanki  # only when the cache has no package for these cards

    model = note_type(genanki, title)
    deck = genanki.Deck(stable_id("deck"), title)
    for card in cards():
        fields = [
            html.escape(card.question),
            answer_html(card, site_url, store),
            section_html(card, site_url),
            LEVEL_NAMES[card.level],
        ]
        tags = [card.level.replace("-", "_")]
        deck.add_note(
            genanki.Note(model=model, fields=fields, guid=genanki.guid_for(card.key), tags=tags)
        )
    moment = datetime.datetime.fromisoformat(day).replace(tzinfo=datetime.UTC).timestamp()
    with tempfile.TemporaryDirectory() as scratch:
        written = Path(scratch) / "deck.apkg"
        genanki.Package(deck).write_to_file(written, timestamp=moment)
        # genanki dates the zip's entries with the clock: rewritten as every zip of the site.
        with zipfile.ZipFile(written) as archive:
            entries = {name: archive.read(name) for name in archive.namelist()}
    write_zip(target, entries)


def write_csv(target: Path, site_url: str, store: Store) -> None:
    buffer = io.StringIO()
    table = csv.writer(buffer, lineterminator="\n")
    table.writerow(["level", "question", "answer", "section"])
    for card in cards():
        section = site_url + site_path(card.section[1]) if site_url else site_path(card.section[1])
        answer = "\n".join(as_text(part, store) for part in card.answer)
        table.writerow([LEVEL_NAMES[card.level], card.question, answer, section])
    target.write_text(buffer.getvalue())


def quoted(store: Store) -> dict:
    """What the cards show besides their sources' text: each quoted claim's values and where
    the claim is stated."""
    ids = sorted({m.args[0] for c in cards() for part in c.answer for m in markers(part)})
    found = {}
    for claim_id in ids:
        home = store.citations.get(claim_id)
        item = store.items.get(claim_id) or {}
        found[claim_id] = [item.get("result"), home and [home.url, home.anchor]]
    return found


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
    site = Path(config["site_dir"])
    site_url = (config["site_url"] or "").rstrip("/")
    site_url = site_url + "/" if site_url else ""
    cache = Cache(root, CACHE_NAME)
    entry = f"{cache.key([Path(__file__)], extra=[site_url, day, quoted(store)])}.json"
    files = cache.read_json(entry)
    if not (isinstance(files, dict) and set(files) == set(DECK_FILES)):
        with tempfile.TemporaryDirectory() as scratch:
            made = Path(scratch)
            apkg, csv_file = DECK_FILES
            write_apkg(made / apkg, site_url, day, config.site_name, store)
            write_csv(made / csv_file, site_url, store)
            files = {
                name: base64.b64encode((made / name).read_bytes()).decode() for name in DECK_FILES
            }
        cache.write_json(entry, files)
    for name in DECK_FILES:
        (site / name).write_bytes(base64.b64decode(files[name]))
    cache.evict()  # one deck is kept: the last one built
