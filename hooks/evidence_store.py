"""What the build knows of the evidence: every claim and figure the snippets declare, with
their results; the test that names each claim; the page that cites each claim.

Snippet modules are evaluated by ``python -m snippets.runner`` (a fresh interpreter, so an
edited snippet is always re-imported; each module in a process of its own), in a fixed
environment and within a time limit, and their results cached under .cache/evidence by the
cache-key rule of snippets/contract.py. Lookups fail naming the page, the id and the snippet
file.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from snippets.contract import (
    ROOT,
    RUNNER,
    EvidenceRecord,
    ModuleResult,
    UnreadableSourceError,
    cache_key,
    claim_tests,
    module_path,
    read_cache_entry,
    snippet_modules,
    snippet_roots,
    write_cache_entry,
)

CACHE = ROOT / ".cache" / "evidence"
WORKERS = 2  # the build machine has two cores
# How long one module may take to evaluate, in seconds: SNIPPET_TIME_LIMIT, else 300 (the
# slowest module takes about 15 s on the build machine).
TIME_LIMIT = "SNIPPET_TIME_LIMIT"
DEFAULT_TIME_LIMIT = 300.0
# The only variables of the build's environment a snippet sees (part of every cache key, so
# that a change to them is seen), with a fixed hash seed: a result cannot depend on others.
PASSED_ENVIRONMENT = ("PATH", "HOME", "TMPDIR", "LANG", "LC_ALL")
FIXED_ENVIRONMENT = {"PYTHONHASHSEED": "0"}


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


def snippet_environment() -> dict[str, str]:
    passed = {name: os.environ[name] for name in PASSED_ENVIRONMENT if name in os.environ}
    return {**passed, **FIXED_ENVIRONMENT}


def module_key(module: str) -> str:
    try:
        return cache_key(
            snippet_roots(module), extra=json.dumps(snippet_environment(), sort_keys=True)
        )
    except UnreadableSourceError as unreadable:
        raise EvidenceError(
            f"{unreadable.path} cannot be imported: SyntaxError: {unreadable.error}"
        ) from None


def time_limit() -> float:
    value = os.environ.get(TIME_LIMIT, "").strip()
    try:
        limit = float(value) if value else DEFAULT_TIME_LIMIT
        if limit <= 0:
            raise ValueError
    except ValueError:
        raise EvidenceError(f"{TIME_LIMIT} must be a number of seconds, got {value!r}") from None
    return limit


@dataclass
class Worker:
    """One ``python -m snippets.runner`` process, in a process group of its own: whatever
    its snippets start (a fork, a pool) is in that group, and is stopped with it."""

    group: list[str]  # its modules, evaluated in this order
    out: Path  # where it writes <module>.json
    process: subprocess.Popen
    done: int = 0  # how many of its modules have a result
    since: float = field(default_factory=time.monotonic)  # when the current one started

    @property
    def current(self) -> str | None:
        return self.group[self.done] if self.done < len(self.group) else None

    def progress(self) -> None:
        done = sum((self.out / f"{module}.json").exists() for module in self.group)
        if done != self.done:
            self.done, self.since = done, time.monotonic()

    def stop(self) -> None:
        """Stops the worker and everything in its process group (left-overs too)."""
        if self.process.stdin:
            self.process.stdin.close()  # the worker ends its group when this closes
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()


def evaluate(modules: list[str]) -> dict[str, ModuleResult]:
    """Evaluate modules in ``WORKERS`` fresh interpreters, in parallel; a module that takes
    longer than the time limit stops the build, naming it."""
    limit = time_limit()
    groups = [g for g in (modules[i::WORKERS] for i in range(WORKERS)) if g]
    workers: list[Worker] = []
    with tempfile.TemporaryDirectory() as scratch:
        try:
            for index, group in enumerate(groups):
                out = Path(scratch) / str(index)
                out.mkdir()
                command = [sys.executable, "-m", RUNNER, "--out", str(out), "--stop-with-stdin"]
                process = subprocess.Popen(
                    [*command, *group],
                    cwd=ROOT,
                    env=snippet_environment(),
                    stdin=subprocess.PIPE,
                    process_group=0,
                )
                workers.append(Worker(group, out, process))
            while any(worker.process.poll() is None for worker in workers):
                for worker in workers:
                    worker.progress()
                    if worker.current and time.monotonic() - worker.since > limit:
                        raise EvidenceError(
                            f"{module_path(worker.current)} took longer than the time limit "
                            f"of {limit:g} s to evaluate, and was stopped (set {TIME_LIMIT} "
                            "to change the limit)"
                        )
                time.sleep(0.1)
        finally:
            for worker in workers:
                worker.stop()
        results: dict[str, ModuleResult] = {}
        for worker in workers:
            for module in worker.group:
                results[module] = read_result(worker, module)
    return results


def read_result(worker: Worker, module: str) -> ModuleResult:
    path = worker.out / f"{module}.json"
    if not path.exists():  # the worker itself ended early (its own output says why)
        code = worker.process.returncode
        return {"items": {}, "error": f"was not evaluated: its worker ended with code {code}"}
    return json.loads(path.read_text())


def cached_result(module: str, key: str) -> ModuleResult | None:
    """The cached result, or None: no entry, or one that cannot be read (a miss, not an error)."""
    result = read_cache_entry(CACHE / f"{module}.{key}.json")
    well_formed = (
        isinstance(result, dict)
        and isinstance(result.get("items"), dict)
        and "error" in result
        and all(isinstance(item, dict) and "id" in item for item in result["items"].values())
    )
    return result if well_formed else None


def cache_result(module: str, key: str, result: ModuleResult) -> None:
    """Keeps a result that holds no error (a failing snippet is evaluated again next time)."""
    if has_errors(result):
        return
    write_cache_entry(CACHE / f"{module}.{key}.json", json.dumps(result).encode())


def evict_stale(keys: dict[str, str]) -> None:
    """Removes the entries of other versions of the modules, and of modules that are gone."""
    current = {f"{module}.{key}.json" for module, key in keys.items()}
    for entry in CACHE.glob("*.json"):
        if entry.name not in current:
            entry.unlink(missing_ok=True)


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
    evict_stale(keys)
    results = {module: results[module] for module in keys}  # in module order
    broken = {m: r["error"] for m, r in results.items() if r["error"]}
    if broken:
        raise EvidenceError("\n".join(f"{module_path(m)} {error}" for m, error in broken.items()))
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
