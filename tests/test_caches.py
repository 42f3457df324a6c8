"""The build's caches (.cache/): an entry that cannot be read is a miss, never an error nor
published; entries of modules that are gone are removed.

The demo project of tests/support.py, built, its cache entries damaged (a snippet's results,
the ledger's highlighted code, the preview cards), built again: the site is byte for byte the
first. (Entries are written whole or not at all: tests/test_contract.py.)
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support import make_project, mkdocs_build

PAGE = "# Demo\n\nIt is {{ claim demo.good.value answer }}.\n\n{{ figure demo.good.figure }}\n"
# A module no page quotes: its entry must leave the cache with it.
EXTRA = """
from snippets.evidence import claim

@claim("demo.extra.value", statement="{x}")
def extra_value():
    return {"x": 1}
"""


def site_files(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file() and not path.name.startswith("sitemap.xml")  # dated by the build
    }


def damage(path: Path) -> None:
    """Cuts the entry short, as a build stopped while writing it would have."""
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def build(project: Path, name: str) -> Path:
    site = project.parent / name
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The demo project with one more module, built once: its caches are full."""
    tmp_path = tmp_path_factory.mktemp("caches")
    project = make_project(tmp_path, PAGE, shared_previews=False)  # damaged: its own
    (project / "snippets" / "demo" / "extra.py").write_text(EXTRA)
    build(project, "first")
    return project


def test_damaged_cache_entries_are_built_again_not_published(project):
    first = project.parent / "first"
    cache = project / ".cache"
    entries = {
        "a snippet's results": sorted((cache / "evidence").glob("snippets.demo.good.*")),
        "highlighted code": sorted((cache / "evidence" / "highlighted").iterdir()),
        "preview cards": sorted((cache / "previews").iterdir()),
    }
    for what, paths in entries.items():
        assert paths, f"no cache entries for {what}"
        for path in paths:
            damage(path)
    second = build(project, "second")
    first_files, second_files = site_files(first), site_files(second)
    assert set(first_files) == set(second_files)
    differ = [name for name in first_files if first_files[name] != second_files[name]]
    assert not differ, f"built from damaged cache entries: {differ}"


def test_the_entries_of_a_module_that_is_gone_are_removed(project):
    evidence = project / ".cache" / "evidence"
    assert list(evidence.glob("snippets.demo.extra.*.json"))
    extra = project / "snippets" / "demo" / "extra.py"
    extra.unlink()
    try:
        build(project, "without-extra")
    finally:
        extra.write_text(EXTRA)  # the project as the other tests expect it
    assert not list(evidence.glob("snippets.demo.extra.*")), "a deleted module's results stay"
    assert list(evidence.glob("snippets.demo.good.*.json"))


def test_a_lab_cache_entry_that_cannot_be_read_is_removed_before_it_is_read(tmp_path):
    """mkdocs-jupyter writes its entries in place, and fails on one it cannot read."""
    from hooks.labs import discard_unreadable

    whole = {"content": "<p>lab</p>", "toc_tokens": [], "title": "Lab"}
    (tmp_path / "whole.json").write_text(json.dumps(whole))
    (tmp_path / "cut.json").write_text(json.dumps(whole)[:20])
    (tmp_path / "other.json").write_text("[1, 2]")
    discard_unreadable(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["whole.json"]
