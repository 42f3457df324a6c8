"""The claims contract: pages, registry, tests and claims.json agree with each other."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.evidence.store import Store
from engine.markers import kinds
from snippets import evidence
from snippets.contract import claim_tests, markers

ROOT = Path(__file__).resolve().parent.parent
ROW_KEYS = {
    "computed": {"id", "kind", "page", "anchor", "statement", "values", "snippet", "test"},
    "cited": {"id", "kind", "page", "anchor", "statement", "values", "source", "locator"},
}


@pytest.fixture(scope="module")
def registry() -> dict[str, evidence.Evidence]:
    evidence.discover()
    return dict(evidence.REGISTRY)


def page_markers(kind: str) -> dict[str, set[str]]:
    """Marker ids of ``kind`` -> the pages (docs/**/*.md) that use them, read with the
    build's own scanner, the quoting markers (answer cards, /practice/) expanded as the build expands them."""
    used: dict[str, set[str]] = {}
    for path in sorted((ROOT / "docs").rglob("*.md")):
        source = path.relative_to(ROOT / "docs").as_posix()
        text, _ = kinds.expand(path.read_text(), kinds.Page(Store(), source, "", None, ROOT))
        for marker in markers(text):
            if marker.kind == kind and marker.args:
                used.setdefault(marker.args[0], set()).add(path.relative_to(ROOT).as_posix())
    return used


def test_every_cited_claim_exists(registry):
    for claim_id, pages in page_markers("claim").items():
        assert claim_id in registry, f"{sorted(pages)} cite unknown claim {claim_id!r}"
        assert registry[claim_id].kind in ("computed", "cited")


def test_every_registered_claim_is_cited_by_a_page(registry):
    cited = page_markers("claim")
    uncited = [i for i, item in registry.items() if item.kind != "figure" and i not in cited]
    assert not uncited, f"claims no page cites: {uncited}"


def test_every_figure_marker_resolves_and_every_figure_is_placed(registry):
    placed = page_markers("figure")
    for figure_id, pages in placed.items():
        assert registry.get(figure_id) and registry[figure_id].kind == "figure", (
            f"{sorted(pages)} place unknown figure {figure_id!r}"
        )
    unplaced = [i for i, item in registry.items() if item.kind == "figure" and i not in placed]
    assert not unplaced, f"figures no page places: {unplaced}"


def test_every_computed_claim_is_named_by_a_test(registry):
    tested = claim_tests()
    untested = [i for i, item in registry.items() if item.kind == "computed" and i not in tested]
    assert not untested, f"computed claims without a test: {untested}"
    unknown = [i for i in tested if i not in registry]
    assert not unknown, f"tests name claims that do not exist: {unknown}"


def test_claims_json_matches_the_registry(claims, registry, site_url):
    assert {row["id"] for row in claims} == {
        i for i, item in registry.items() if item.kind != "figure"
    }
    tested = claim_tests()
    for row in claims:
        item = registry[row["id"]]
        assert set(row) == ROW_KEYS[row["kind"]], row["id"]
        assert row["kind"] == item.kind
        # A full address, under the site's (a sub-path): tests/test_publishing.py has those of
        # a build without a site URL, relative to the site's root.
        assert row["page"] and row["page"].startswith(site_url) and row["anchor"] == row["id"]
        assert row["values"] and all(
            isinstance(v, (bool, int, float, str)) for v in row["values"].values()
        )
        if row["kind"] == "computed":
            assert row["snippet"] == item.snippet_path and (ROOT / row["snippet"]).exists()
            assert row["test"] in tested[row["id"]]
        else:
            assert row["source"] and row["locator"]


def test_every_id_names_the_page_whose_folder_declares_it(registry):
    # (The registry refuses an id that is not <page>.<topic>.<name>: tests/test_errors.py.)
    for claim_id, item in registry.items():
        page = claim_id.split(".")[0]
        assert item.module.split(".")[1] == page.replace("-", "_"), (
            f"{claim_id} is declared in {item.snippet_path}, not under snippets/{page}/"
        )
