"""Every snippet module evaluated, or its results read from the cache.

Snippet modules are evaluated by ``python -m snippets.runner`` (a fresh interpreter, so an
edited snippet is always re-imported; each module in a process of its own), in a fixed
environment and within a time limit, and their results cached under .cache/evidence by the
cache-key rule of snippets/contract.py.
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

from engine.cache import Cache
from engine.evidence.store import EvidenceError, Store
from snippets.contract import (
    RUNNER,
    EvidenceRecord,
    ModuleResult,
    UnreadableSourceError,
    claim_tests,
    module_path,
    snippet_modules,
    snippet_roots,
)
from snippets.runner import end_descendants

CACHE_NAME = "evidence"
WORKERS = 2  # the build machine has two cores
# The only variables of the build's environment a snippet sees (part of every cache key, so
# that a change to them is seen), with a fixed hash seed: a result cannot depend on others.
PASSED_ENVIRONMENT = ("PATH", "HOME", "TMPDIR", "LANG", "LC_ALL")
FIXED_ENVIRONMENT = {"PYTHONHASHSEED": "0"}


# -- evaluation and cache --------------------------------------------------------------


def snippet_environment() -> dict[str, str]:
    passed = {name: os.environ[name] for name in PASSED_ENVIRONMENT if name in os.environ}
    return {**passed, **FIXED_ENVIRONMENT}


def module_key(module: str, cache: Cache) -> str:
    try:
        return cache.key(snippet_roots(module, cache.root), extra=snippet_environment())
    except UnreadableSourceError as unreadable:
        raise EvidenceError(
            f"{unreadable.path} cannot be imported: SyntaxError: {unreadable.error}"
        ) from None


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
        """Stops the worker, everything under it (in a session of its own too: the worker is
        their subreaper) and everything in its process group (left-overs too)."""
        if self.process.stdin:
            self.process.stdin.close()  # the worker ends its group when this closes
        end_descendants(self.process.pid)
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()


def evaluate(modules: list[str], root: Path, limit: float) -> dict[str, ModuleResult]:
    """Evaluate modules in ``WORKERS`` fresh interpreters, in parallel; a module that takes
    longer than ``limit`` seconds stops the build, naming it."""
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
                    cwd=root,
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
                            f"of {limit:g} s to evaluate, and was stopped (set "
                            "SNIPPET_TIME_LIMIT to change the limit)"
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


def cached_result(cache: Cache, entry: str) -> ModuleResult | None:
    """The cached result, or None: no entry, or one that cannot be read (a miss, not an error)."""
    result = cache.read_json(entry)
    well_formed = (
        isinstance(result, dict)
        and isinstance(result.get("items"), dict)
        and "error" in result
        and all(isinstance(item, dict) and "id" in item for item in result["items"].values())
    )
    return result if well_formed else None


def has_errors(result: ModuleResult) -> bool:
    return bool(result["error"]) or any("error" in item for item in result["items"].values())


def load(root: Path, limit: float) -> Store:
    """The store, from the cache, evaluating the modules whose key changed; the entries of
    other versions of the modules, and of modules that are gone, are removed. A result with
    an error is not kept (a failing snippet is evaluated again next time)."""
    cache = Cache(root, CACHE_NAME)
    entries = {
        module: f"{module}.{module_key(module, cache)}.json" for module in snippet_modules(root)
    }
    results: dict[str, ModuleResult] = {}
    for module, entry in entries.items():
        cached = cached_result(cache, entry)
        if cached is not None:
            results[module] = cached
    stale = [module for module in entries if module not in results]
    if stale:
        fresh = evaluate(stale, root, limit)
        for module in stale:
            results[module] = fresh[module]
            if not has_errors(fresh[module]):
                cache.write_json(entries[module], fresh[module])
    cache.evict()
    results = {module: results[module] for module in entries}  # in module order
    broken = {m: r["error"] for m, r in results.items() if r["error"]}
    if broken:
        raise EvidenceError("\n".join(f"{module_path(m)} {error}" for m, error in broken.items()))
    store = Store()
    for result in results.values():
        for item_id, item in result["items"].items():
            if item_id in store.items:  # two modules, evaluated by different interpreters
                raise EvidenceError(declared_twice(store.items[item_id], item))
            store.items[item_id] = item
    tests = claim_tests(root / "tests")
    store.tests = {claim_id: names[0] for claim_id, names in tests.items()}
    return store


def declared_twice(first: EvidenceRecord, second: EvidenceRecord) -> str:
    def by(item: EvidenceRecord) -> str:
        return f"by {item['function'] or 'cited()'} in {item['snippet']}"

    return f"id {first['id']!r} is declared twice: {by(first)} and {by(second)}"
