"""The build's caches (.cache/): an entry that cannot be read is a miss, never an error nor
published; entries of modules that are gone are removed. Entries are written whole or not at
all (tests/test_contract.py).

Each cache here by itself, through the engine without MkDocs; all of them at once in a whole
build of the project by tests/test_reproducible.py, whose copy starts with every entry damaged.
"""

from __future__ import annotations

import json
from pathlib import Path

from engine.cache import Cache
from engine.markers.ledger import Highlighter
from engine.publishing import previews
from tests.support import evaluate, make_project, site_config

# A module no page quotes: its entry must leave the cache with it.
EXTRA = """
from snippets.evidence import claim

@claim("demo.extra.value", statement="{x}")
def extra_value():
    return {"x": 1}
"""


def damage(path: Path) -> None:
    """Cuts the entry short, as a build stopped while writing it would have."""
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def test_a_damaged_result_of_a_snippet_is_evaluated_again(tmp_path):
    project = make_project(tmp_path, "# Demo\n")
    first = evaluate(project)
    [entry] = (project / ".cache" / "evidence").glob("snippets.demo.good.*.json")
    whole = entry.read_bytes()
    damage(entry)
    again = evaluate(project)
    assert again.items == first.items
    assert entry.read_bytes() == whole, "the damaged entry was not written again, whole"


def test_the_entries_of_a_module_that_is_gone_are_removed(tmp_path):
    project = make_project(tmp_path, "# Demo\n")
    extra = project / "snippets" / "demo" / "extra.py"
    extra.write_text(EXTRA)
    evaluate(project)
    evidence = project / ".cache" / "evidence"
    assert list(evidence.glob("snippets.demo.extra.*.json"))
    extra.unlink()
    store = evaluate(project)
    assert "demo.extra.value" not in store.items
    assert not list(evidence.glob("snippets.demo.extra.*")), "a deleted module's results stay"
    assert list(evidence.glob("snippets.demo.good.*.json"))


def test_damaged_highlighted_code_is_highlighted_again(tmp_path):
    highlighter = Highlighter.start(site_config(), tmp_path)
    code = "def f(x):\n    return x ** 2\n"
    first = highlighter.code_block(code)
    [entry] = highlighter.cache.folder.iterdir()
    damage(entry)
    assert highlighter.code_block(code) == first
    assert json.loads(entry.read_text())["html"] in first


def test_a_damaged_preview_card_is_drawn_again(tmp_path):
    cache = Cache(tmp_path, previews.CACHE_NAME)
    shown = ("A site", "A page", "What the page says.", "page.md")
    first = previews.cached_card(cache, *shown).read_bytes()
    [entry] = cache.folder.iterdir()
    damage(entry)
    assert previews.cached_card(cache, *shown).read_bytes() == first


def test_a_cache_keeps_what_a_build_used_and_removes_the_rest(tmp_path):
    cache = Cache(tmp_path, "demo")
    cache.write("old.json", b"{}")
    (cache.folder / "old-folder").mkdir()
    cache.used.clear()  # a new build
    cache.write("new.json", b"{}")
    cache.evict()
    assert [p.name for p in cache.folder.iterdir()] == ["new.json"]


def test_a_lab_cache_entry_that_cannot_be_read_is_removed_before_it_is_read(tmp_path):
    """mkdocs-jupyter writes its entries in place, and fails on one it cannot read."""
    from engine.labs.pages import discard_unreadable

    whole = {"content": "<p>lab</p>", "toc_tokens": [], "title": "Lab"}
    (tmp_path / "whole.json").write_text(json.dumps(whole))
    (tmp_path / "cut.json").write_text(json.dumps(whole)[:20])
    (tmp_path / "other.json").write_text("[1, 2]")
    discard_unreadable(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["whole.json"]
