"""What a lab's kernel runs before the lab (the IPython start-up file that engine/labs/pages.py
writes for the build's kernels only): the lab runs by the snippets' rules.

- Its figures: the site's plotly renderer (engine/labs/renderer.py).
- What it sees of the environment: the variables a snippet sees (snippets run with these,
  engine/evidence/evaluation.py), which the lab's cache key holds; nothing else of the build's.
- What it reads: a file of the project that the lab's cache key does not cover (a data file
  outside snippets/, a module imported by importlib) fails the cell that reads it, naming the
  file, as it fails a snippet (snippets/runner.py): a change to it would go unseen.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from engine.labs.renderer import use_site_renderer
from snippets.runner import project_file

# How the build hands a lab's kernel the files the lab may read (engine/labs/pages.py).
READS = "SITE_LAB_READS"
# The kernel's own machinery, which the lab does not read: kept beside the snippets' variables.
KERNEL = ("JPY_", "JUPYTER_", "IPYTHONDIR")


class UnseenReadError(OSError):
    """A lab read a file of the project that its cache key does not cover."""


def start(root: Path, passed: tuple[str, ...]) -> None:
    use_site_renderer(root)
    allowed = {Path(path) for path in json.loads(os.environ.get(READS, "[]"))}
    for name in list(os.environ):
        if name not in passed and not name.startswith(KERNEL):
            del os.environ[name]
    sys.addaudithook(watching(root, allowed))


def watching(root: Path, allowed: set[Path]):
    caches = root / ".cache"  # the kernel's own start-up and history

    def hook(event: str, args: tuple) -> None:
        if event != "open":
            return
        for path in project_file(*args):
            if path not in allowed and not path.is_relative_to(caches):
                raise UnseenReadError(
                    f"the lab read {path.relative_to(root).as_posix()}, which its cache key does "
                    "not cover: a change to it would not be seen. Import the project's modules "
                    "with an import statement (not importlib), and keep data files under "
                    "snippets/"
                )

    return hook
