"""The table of marker kinds (engine/markers/kinds.py): every kind a page may write renders,
through the one table that holds its syntax, its arguments and its renderer; a kind cannot be
declared without a renderer, and a page that writes a kind the table lacks stops the build
(tests/test_errors.py, an unknown marker)."""

from __future__ import annotations

import re

import pytest
from mkdocs.config import load_config

from engine.evidence.store import Store
from engine.markers import kinds, ledger
from engine.publishing import publication
from snippets.contract import markers
from tests.support import ROOT, evaluate

PLACEHOLDER = re.compile(r"<[a-z-]+>")


@pytest.fixture(scope="module")
def store(site) -> Store:
    """The project's evidence, as a build's first stage gives it (from the caches the
    session's build filled: read, each entry whole, whatever another build writes beside)."""
    return evaluate(ROOT, limit=300)


@pytest.fixture(scope="module")
def page(store, tmp_path_factory) -> kinds.Page:
    """A page of the project at the root of docs/, as the plugin hands it to a renderer."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    publication.hand_over(config, ROOT, None)
    highlighter = ledger.Highlighter.start(config, tmp_path_factory.mktemp("highlighter"))
    return kinds.Page(store, "demo.md", "demo/", config, ROOT, highlighter)


def examples(store: Store) -> dict:
    """An example of each word a kind's syntax names."""
    claim = sorted(i for i, item in store.items.items() if item["kind"] == "computed")[0]
    figure = sorted(i for i, item in store.items.items() if item["kind"] == "figure")[0]
    return {
        "<id>": {"claim": claim, "figure": figure},
        "<value>": next(iter(store.items[claim]["result"])),
        "<level>": "l5",
        "<table>": "strong-hire",
    }


def example(kind: str, store: Store) -> str:
    """The kind's syntax with each word it names written out (its optional words left out)."""
    syntax = re.sub(r"\s*\[[^]]*\]", "", kinds.KINDS[kind].syntax)
    words = examples(store)

    def word(placeholder: re.Match) -> str:
        assert placeholder.group(0) in words, f"{kind}: give {placeholder.group(0)} an example"
        value = words[placeholder.group(0)]
        return value[kind] if isinstance(value, dict) else value

    return PLACEHOLDER.sub(word, syntax)


@pytest.mark.parametrize("kind", sorted(kinds.KINDS))
def test_every_kind_in_the_table_renders(page, kind):
    marker = example(kind, page.store)
    rendered = kinds.render(f"# Demo\n\n{marker}\n", page)
    assert marker not in rendered and rendered.strip() != "# Demo", f"{marker} rendered nothing"
    written = [m for m in markers(rendered) if m.kind == kind]
    assert not written, f"{marker} left markers of its kind: {written}"


@pytest.mark.parametrize("kind", sorted(kinds.KINDS))
def test_each_kind_takes_the_arguments_its_syntax_names(kind):
    spec = kinds.KINDS[kind]
    words = PLACEHOLDER.findall(spec.syntax)
    optional = PLACEHOLDER.findall("".join(re.findall(r"\[[^]]*\]", spec.syntax)))
    assert spec.arguments == range(len(words) - len(optional), len(words) + 1), spec


def test_a_kind_cannot_be_declared_without_its_renderer():
    with pytest.raises(TypeError):
        kinds.Kind("{{ version }}", range(0, 1))  # type: ignore[call-arg]
