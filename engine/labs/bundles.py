"""Labs that leave the site: each lab's download is a bundle, ``<lab>.zip`` beside its page.

A bundle holds one folder with the lab's notebook (as published), the modules of snippets/ it
imports (with the packages' ``__init__.py``), a requirements.txt pinning, at the versions the
site was computed with, only what they import and what runs a notebook, the code's licence
and a README.
Unzipped in an empty folder, ``pip install -r requirements.txt`` then running the notebook
works: tests/test_lab_bundles.py does it outside the repository.

The zip is reproducible: entries sorted, dated 1980-01-01, one file mode.
"""

from __future__ import annotations

import json
import os
import sys
import zipfile
from importlib.metadata import packages_distributions, version
from pathlib import Path

from mkdocs.exceptions import PluginError
from packaging.version import Version

from engine.cache import Cache
from engine.publishing.publication import LICENCES
from snippets.contract import UnreadableSourceError, dependencies, imported_names

# What runs a notebook besides its own imports: a kernel, `jupyter execute` (nbclient), and
# nbformat, without which plotly's fig.show() raises in a notebook.
RUNNER = ("ipykernel", "nbclient", "nbformat")
LICENCE = {licence["covers"]: licence for licence in LICENCES}
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
CACHE_NAME = "distributions"


class BundleError(PluginError):
    """A lab's bundle cannot be made."""


def code_of(notebook: dict) -> list[str]:
    """The code cells' sources, IPython magics and shell lines left out."""
    cells = []
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            source = "".join(cell["source"])
            lines = [
                line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))
            ]
            cells.append("\n".join(lines))
    return cells


def imported(source: str, where: str) -> set[str]:
    """Every module named by an import statement of ``source`` (the contract's reading)."""
    try:
        return set(imported_names(where, source))
    except UnreadableSourceError as error:
        raise BundleError(f"{where}: cannot be parsed for its imports: {error.error}") from None


def snippet_files(lab: Path, root: Path) -> list[Path]:
    """The files of the snippets modules the lab imports (transitively, as the cache key reads
    them), and the ``__init__.py`` of the packages holding them."""
    files = set()
    for path in dependencies([lab], root) - {lab}:
        parts = path.relative_to(root).parts
        if parts[0] != "snippets":
            continue
        files.add(path)
        for depth in range(1, len(parts)):
            package = root.joinpath(*parts[:depth], "__init__.py")
            if package.is_file():
                files.add(package)
    return sorted(files)


def installed_distributions(cache: Cache) -> dict[str, list[str]]:
    """Which installed distribution provides each importable name. Finding out reads every
    installed package's list of files (about a second), so the answer is cached under the
    names of the packages' metadata folders (``numpy-2.3.5.dist-info``): any install, upgrade
    or removal changes them."""
    installed = sorted(
        f"{folder}/{name}"
        for folder in sys.path
        if os.path.isdir(folder)
        for name in os.listdir(folder)
        if name.endswith((".dist-info", ".egg-info"))
    )
    entry = f"{cache.key(extra=installed)}.json"
    found = cache.read_json(entry)
    if not isinstance(found, dict):
        found = packages_distributions()
        cache.write_json(entry, found)
    return found


def requirements(sources: dict[str, str], distributions: dict[str, list[str]]) -> list[str]:
    """Pinned lines for the third-party distributions ``sources`` import, and the runner's, at
    the versions installed: those the site was computed with (a local build, ``2.13.0+cpu``,
    pinned at its release: the label names nothing on the package index). ``distributions``:
    which distribution provides each importable name (``installed_distributions``)."""
    needed = set(RUNNER)
    for where, source in sources.items():
        for name in imported(source, where):
            top = name.split(".")[0]
            if top == "snippets" or top in sys.stdlib_module_names or top == "__future__":
                continue
            if top not in distributions:
                raise BundleError(f"{where} imports {top}, which no installed package provides")
            needed.update(distributions[top])
    return sorted({f"{name}=={Version(version(name)).public}" for name in needed}, key=str.lower)


def readme(lab: str, notebook: str, repo_url: str | None, site_name: str) -> str:
    source = f"\nThe lab's source, and the whole site's, is at {repo_url}.\n" if repo_url else ""
    return (
        f'# The {lab.upper()} lab of "{site_name}"\n\n'
        f"{notebook} runs the code behind the site's {lab.upper()} answer. The snippets/ folder\n"
        "holds the functions it imports, as the site computes them.\n\n"
        "To run it (Python 3.11 or later), in this folder:\n\n"
        "    python -m venv .venv && . .venv/bin/activate\n"
        "    pip install -r requirements.txt\n"
        f"    jupyter execute {notebook}    # or open it in any notebook editor\n"
        f"{source}\n"
        f"Licences: the code (snippets/ and the notebook's code cells) under "
        f"{LICENCE['code']['name']}, in {LICENCE['code']['file']};\n"
        f"the text under {LICENCE['text and figures']['name']} "
        f"({LICENCE['text and figures']['url']}).\n"
    )


def bundle(
    lab: Path,
    notebook: Path,
    target: Path,
    repo_url: str | None,
    root: Path,
    site_name: str,
    distributions: dict[str, list[str]],
) -> None:
    content = json.loads(notebook.read_text())
    files = snippet_files(lab, root)
    sources = {str(lab): "\n".join(code_of(content))}
    sources.update({str(f.relative_to(root)): f.read_text() for f in files})
    folder = f"{lab.stem}-lab"
    entries = {
        f"{folder}/{notebook.name}": notebook.read_bytes(),
        f"{folder}/requirements.txt": (
            "\n".join(requirements(sources, distributions)) + "\n"
        ).encode(),
        f"{folder}/README.md": readme(lab.stem, notebook.name, repo_url, site_name).encode(),
        f"{folder}/{LICENCE['code']['file']}": (root / LICENCE["code"]["file"]).read_bytes(),
    }
    entries.update({f"{folder}/{f.relative_to(root).as_posix()}": f.read_bytes() for f in files})
    write_zip(target, entries)


def write_zip(target: Path, entries: dict[str, bytes]) -> None:
    """A reproducible zip of ``entries`` (name -> content): sorted, dated 1980-01-01, one
    file mode. (The flashcard deck, engine/publishing/deck.py, is written the same way.)"""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, entries[name])


# -- the page's link, and the bundles ----------------------------------------------------


def add_download_link(html: str, page, repo_url: str | None) -> str:
    """The lab's page with the link to its bundle under its title."""
    stem = Path(page.file.src_uri).stem
    repository = (
        f' The lab comes from <a href="{repo_url}">the site\'s repository</a>, where it also runs.'
        if repo_url
        else ""
    )
    download = (
        f'<p class="lab-download"><a href="{stem}.zip" download>Download this lab '
        f"({stem}.zip)</a>: the notebook, the modules of <code>snippets</code> it imports and a "
        "<code>requirements.txt</code>. Unzip it, <code>pip install -r requirements.txt</code>, "
        f"then run the notebook.{repository}</p>"
    )
    title = html.find("</h1>")  # the download link goes under the lab's title
    at = title + len("</h1>") if title >= 0 else 0
    return html[:at] + download + html[at:]


def write_bundles(config, repo_url: str | None, root: Path) -> None:
    """Each lab's bundle, beside its published notebook."""
    labs = Path(config.docs_dir) / "labs"
    cache = Cache(root, CACHE_NAME)
    distributions = installed_distributions(cache)
    for lab in sorted(labs.glob("*.py")) if labs.is_dir() else []:
        notebook = Path(config.site_dir) / "labs" / lab.stem / f"{lab.stem}.ipynb"
        if not notebook.is_file():
            raise BundleError(f"{lab.relative_to(root)}: no published notebook at {notebook}")
        target = notebook.with_suffix(".zip")
        bundle(lab, notebook, target, repo_url, root, config.site_name, distributions)
    cache.evict()
