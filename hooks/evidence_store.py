"""What the build knows of the evidence: every claim and figure the snippets declare, with
their results; the test that names each claim; the page that cites each claim.

Each snippet module is evaluated in a fresh interpreter (``python -m snippets.evidence``, so
an edited snippet is always re-imported) and its results cached under .cache/evidence by
the cache-key rule of snippets/contract.py. Lookups fail naming the page, the id and the
snippet file.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from snippets.contract import (
    ROOT,
    EvidenceRecord,
    ModuleResult,
    UnreadableSourceError,
    cache_key,
    claim_tests,
    module_files,
    module_path,
    snippet_modules,
)

CACHE = ROOT / ".cache" / "evidence"
WORKERS = 2  # the build machine has two cores
# Every module is evaluated through the registry, whether or not it imports it.
RUNNER = "snippets.evidence"


class EvidenceError(PluginError):
    """A page asks for evidence the snippets cannot give."""


@dataclass
class Citation:
    page: str  # source path, e.g. "l4.md"
    url: str  # published URL, e.g. "/l4/"
    anchor: str


@dataclass
class Store:
    items: dict[str, EvidenceRecord] = field(default_factory=dict)
    citations: dict[str, Citation] = field(default_factory=dict)
    tests: dict[str, str] = field(default_factory=dict)  # claim id -> the first test naming it


store = Store()


# -- evaluation and cache --------------------------------------------------------------


def module_key(module: str) -> str:
    try:
        return cache_key(module_files(module) + module_files(RUNNER))
    except UnreadableSourceError as unreadable:
        raise EvidenceError(
            f"{unreadable.path} cannot be imported: SyntaxError: {unreadable.error}"
        ) from None


def evaluate(modules: list[str]) -> dict[str, ModuleResult]:
    """Evaluate modules in ``WORKERS`` fresh interpreters, in parallel."""
    groups = [modules[i::WORKERS] for i in range(WORKERS)]
    running = []
    with tempfile.TemporaryDirectory() as scratch:
        for index, group in enumerate(g for g in groups if g):
            out = Path(scratch) / f"{index}.json"
            command = [sys.executable, "-m", RUNNER, "--out", str(out), *group]
            running.append((subprocess.Popen(command, cwd=ROOT), out, group))
        results: dict[str, ModuleResult] = {}
        for process, out, group in running:
            if process.wait() != 0 or not out.exists():
                raise EvidenceError(f"evaluating {', '.join(group)} crashed the interpreter")
            results.update(json.loads(out.read_text()))
    return results


def cached_result(module: str, key: str) -> ModuleResult | None:
    cached = CACHE / f"{module}.{key}.json"
    return json.loads(cached.read_text()) if cached.exists() else None


def cache_result(module: str, key: str, result: ModuleResult) -> None:
    """Keeps a result that holds no error (a failing snippet is evaluated again next time)."""
    if has_errors(result):
        return
    for old in CACHE.glob(f"{module}.*.json"):
        old.unlink()
    (CACHE / f"{module}.{key}.json").write_text(json.dumps(result))


def has_errors(result: ModuleResult) -> bool:
    return bool(result["error"]) or any("error" in item for item in result["items"].values())


def load_evidence() -> None:
    """Fill ``store`` from the cache, evaluating the modules whose key changed."""
    CACHE.mkdir(parents=True, exist_ok=True)
    keys = {module: module_key(module) for module in snippet_modules()}
    results: dict[str, ModuleResult] = {}
    for module, key in keys.items():
        cached = cached_result(module, key)
        if cached is not None:
            results[module] = cached
    stale = [module for module in keys if module not in results]
    if stale:
        fresh = evaluate(stale)
        for module in stale:
            results[module] = fresh[module]
            cache_result(module, keys[module], fresh[module])
    results = {module: results[module] for module in keys}  # in module order
    broken = {m: r["error"] for m, r in results.items() if r["error"]}
    if broken:
        raise EvidenceError(
            "\n".join(f"{module_path(m)} cannot be imported:\n{tb}" for m, tb in broken.items())
        )
    store.items.clear()
    for result in results.values():
        for item_id, item in result["items"].items():
            if item_id in store.items:  # two modules, evaluated by different interpreters
                raise EvidenceError(declared_twice(store.items[item_id], item))
            store.items[item_id] = item
    store.tests = {claim_id: names[0] for claim_id, names in claim_tests().items()}


def declared_twice(first: EvidenceRecord, second: EvidenceRecord) -> str:
    def by(item: EvidenceRecord) -> str:
        return f"by {item['function'] or 'cited()'} in {item['snippet']}"

    return f"id {first['id']!r} is declared twice: {by(first)} and {by(second)}"


def failures() -> list[EvidenceRecord]:
    return [item for item in store.items.values() if "error" in item]


# -- looking things up -----------------------------------------------------------------


def lookup(item_id: str, kinds: tuple[str, ...], page: str) -> EvidenceRecord:
    """The evidence ``item_id``; fails naming the page, the id and the snippet file."""
    item = store.items.get(item_id)
    noun = "claim" if "figure" not in kinds else "figure"
    if item is None or item["kind"] not in kinds:
        known = sorted(i for i, v in store.items.items() if v["kind"] in kinds)
        raise EvidenceError(
            f"{page}: unknown {noun} id {item_id!r}. Known {noun}s: {', '.join(known)}"
        )
    if "error" in item:
        raise EvidenceError(
            f"{page}: {noun} {item_id!r} failed in {item['snippet']} "
            f"({item['function']}):\n{item['error']}"
        )
    return item


def claim_value(item_id: str, value_name: str, page: str) -> Any:
    item = lookup(item_id, ("computed", "cited"), page)
    values = item["result"]
    if value_name not in values:
        raise EvidenceError(
            f"{page}: claim {item_id!r} ({item['snippet']}) has no value {value_name!r}. "
            f"Its values: {', '.join(values)}"
        )
    return values[value_name]
