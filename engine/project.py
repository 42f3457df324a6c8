"""The project the build reads: nothing outside it reaches the site.

A symbolic link in the project that leads out of it (to /etc/passwd, to /proc/self/environ, to
a folder elsewhere) would be copied into the site, included into a page (pymdownx.snippets
checks where an include is, not where it leads), or read by a snippet unseen by its cache
key. So the build stops, naming every such link, before it reads anything.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.exceptions import PluginError

# What is no part of the project's sources: version control, environments, what builds make.
# (In a checkout that shares them, .venv and node_modules may lead elsewhere.)
NOT_SOURCES = {".git", ".venv", "node_modules", ".cache", "site", "__pycache__"}


class OutsideLinkError(PluginError):
    """A symbolic link in the project leads out of it."""


def links_out(root: Path, also: tuple[Path, ...] = ()) -> list[str]:
    """Every symbolic link under ``root`` (and the folders ``also``, the theme's or docs' if
    elsewhere) that leads out of ``root``, as its path in the project."""
    root = root.resolve()
    found = []
    for top in (root, *also):
        for folder, subfolders, files in os.walk(top):
            here = Path(folder)
            if here == root:
                subfolders[:] = [name for name in subfolders if name not in NOT_SOURCES]
            for name in [*subfolders, *files]:
                path = here / name
                if path.is_symlink() and not path.resolve().is_relative_to(root):
                    found.append(
                        path.relative_to(root).as_posix()
                        if path.is_relative_to(root)
                        else str(path)
                    )
    return sorted(set(found))


def refuse_links_out(root: Path, config) -> None:
    elsewhere = tuple(
        Path(folder)
        for folder in (config["docs_dir"], config["theme"].custom_dir)
        if folder and not Path(folder).resolve().is_relative_to(root.resolve())
    )
    found = links_out(root, elsewhere)
    if found:
        raise OutsideLinkError(
            "these symbolic links lead out of the project, which the site must not publish or "
            f"read: {', '.join(found)}"
        )
