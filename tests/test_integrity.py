"""The claims contract: pages, registry, tests and claims.json agree with each other."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from snippets import evidence

ROOT = Path(__file__).resolve().parent.parent
MARKER = re.compile(r"\{\{\s*([a-z]+)\b([^{}]*?)\s*\}\}")
ROW_KEYS = {
    "computed": {"id", "kind", "page", "anchor", "statement", "values", "snippet", "test"},
    "cited": {"id", "kind", "page", "anchor", "statement", "values", "source", "locator"},
}


@pytest.fixture(scope="module")
def registry() -> dict[str, evidence.Evidence]:
    evidence.discover()
    return dict(evidence.REGISTRY)


def page_markers(kind: str) -> dict[str, set[str]]:
    """Marker ids of ``kind`` -> the pages that use them, read from docs/ and snippets/ texts."""
    used: dict[str, set[str]] = {}
    for path in sorted((ROOT / "docs").rglob("*.md")):
        for match in MARKER.finditer(path.read_text()):
            args = match.group(2).split()
            if match.group(1) == kind and args:
                used.setdefault(args[0], set()).add(path.relative_to(ROOT).as_posix())
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


def claim_tests() -> dict[str, list[str]]:
    """Claim id -> "tests/x.py::name" of every test marked ``pytest.mark.claim(id)``."""
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "tests").glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef):
                for decorator in node.decorator_list:
                    if isinstance(decorator, ast.Call) and ast.unparse(decorator.func) == (
                        "pytest.mark.claim"
                    ):
                        for argument in decorator.args:
                            name = f"{path.relative_to(ROOT).as_posix()}::{node.name}"
                            found.setdefault(ast.literal_eval(argument), []).append(name)
    return found


def test_every_computed_claim_is_named_by_a_test(registry):
    tested = claim_tests()
    untested = [i for i, item in registry.items() if item.kind == "computed" and i not in tested]
    assert not untested, f"computed claims without a test: {untested}"
    unknown = [i for i in tested if i not in registry]
    assert not unknown, f"tests name claims that do not exist: {unknown}"


def test_claims_json_matches_the_registry(claims, registry):
    assert {row["id"] for row in claims} == {
        i for i, item in registry.items() if item.kind != "figure"
    }
    tested = claim_tests()
    for row in claims:
        item = registry[row["id"]]
        assert set(row) == ROW_KEYS[row["kind"]], row["id"]
        assert row["kind"] == item.kind
        assert row["page"] and row["page"].startswith("/") and row["anchor"] == row["id"]
        assert row["values"] and all(
            isinstance(v, (bool, int, float, str)) for v in row["values"].values()
        )
        if row["kind"] == "computed":
            assert row["snippet"] == item.snippet_path and (ROOT / row["snippet"]).exists()
            assert row["test"] in tested[row["id"]]
        else:
            assert row["source"] and row["locator"]


def test_claim_ids_follow_the_naming_scheme(registry):
    for claim_id, item in registry.items():
        assert evidence.ID_PATTERN.match(claim_id)
        page = claim_id.split(".")[0]
        assert item.module.split(".")[1] == page.replace("-", "_"), (
            f"{claim_id} is declared in {item.snippet_path}, not under snippets/{page}/"
        )
