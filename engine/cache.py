"""The build's caches, under ``.cache/`` of the project: one helper for all of them.

A ``Cache`` is a folder of entries, each named by a key made by the one rule of
snippets/contract.py (``cache_key``: the project files a run may read, and anything else it
depends on, given as ``extra``). An entry is written whole or not at all (a temporary file,
then a rename), and one that cannot be read is a miss: built again, never an error, never
published. At the end of a build, ``evict`` removes the entries it did not use (those of
earlier versions of what they cache).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from snippets.contract import cache_key, read_cache_entry, write_cache_entry

CACHE_DIR = ".cache"
LOCK = "build.lock"

log = logging.getLogger("mkdocs.plugins.evidence")


@contextlib.contextmanager
def exclusive(root: Path):
    """Holds the project's caches for one build: a second build of the same project (another
    `mkdocs build`, the tests') waits until this one ends, rather than finding the entries it
    is reading removed under it. The operating system lets go if the build dies."""
    folder = root / CACHE_DIR
    folder.mkdir(exist_ok=True)
    with (folder / LOCK).open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.info(f"Waiting for another build of this project to finish ({CACHE_DIR}/{LOCK})")
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield


class Cache:
    def __init__(self, root: Path, name: str):
        self.root = root
        self.folder = root / CACHE_DIR / name
        self.used: set[Path] = set()

    def key(self, files: Iterable[Path] = (), *, extra: Any = "") -> str:
        """The key of an entry: the project files it depends on (and the modules they import),
        and ``extra``, anything else (text, or data written as JSON)."""
        if not isinstance(extra, str):
            extra = json.dumps(extra, sort_keys=True, default=str)
        return cache_key(files, extra=extra, root=self.root)

    def entry(self, name: str) -> Path:
        """The path of an entry (a file, or a folder of files), kept by this build."""
        path = self.folder / name
        self.used.add(path)
        return path

    def read_json(self, name: str) -> Any:
        """An entry's JSON, or None: no entry, or one that cannot be read (a miss)."""
        return read_cache_entry(self.entry(name))

    def read_bytes(self, name: str) -> bytes | None:
        try:
            return self.entry(name).read_bytes()
        except OSError:
            return None

    def write(self, name: str, data: bytes) -> Path:
        """Writes an entry whole or not at all."""
        path = self.entry(name)
        write_cache_entry(path, data)
        return path

    def write_json(self, name: str, data: Any) -> Path:
        return self.write(name, json.dumps(data).encode())

    def evict(self) -> None:
        """Removes every entry this build did not use."""
        if not self.folder.is_dir():
            return
        for stale in set(self.folder.iterdir()) - self.used:
            if stale.is_dir() and not stale.is_symlink():
                shutil.rmtree(stale, ignore_errors=True)
            else:
                stale.unlink(missing_ok=True)
        self.used.clear()
