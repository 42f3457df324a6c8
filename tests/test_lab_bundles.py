"""Each lab's bundle (hooks/bundles.py) runs outside the repository.

Every ``labs/<lab>/<lab>.zip`` of the build is unzipped into a temporary folder outside the
repository and its notebook executed there, by a kernel started in that folder with no
IPython startup of the site's and no path to the repository: what the notebook imports from
``snippets`` must come from the bundle. Its requirements.txt pins, at the site's versions,
exactly what the bundle's code imports and what runs a notebook, and the kernel ran with them.
"""

from __future__ import annotations

import ast
import importlib.metadata
import json
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from packaging.specifiers import SpecifierSet

from hooks.bundles import RUNNER
from tests.support import ROOT

LABS = ("l4", "l5", "l6")
# The first cell the test adds: the repository is neither the folder nor on the path.
ISOLATED = f"""
import importlib.util, pathlib, sys
repository = pathlib.Path({str(ROOT)!r})
assert pathlib.Path.cwd() != repository and repository not in pathlib.Path.cwd().parents
assert not any(pathlib.Path(p or ".").resolve() == repository for p in sys.path), sys.path
assert importlib.util.find_spec("hooks") is None, "the repository is importable"
"""
# The last: the snippets the notebook used came from the bundle.
FROM_THE_BUNDLE = """
import snippets
assert pathlib.Path(snippets.__file__).resolve().is_relative_to(pathlib.Path.cwd().resolve())
"""


def unzip(site: Path, lab: str, into: Path) -> Path:
    with zipfile.ZipFile(site / "labs" / lab / f"{lab}.zip") as archive:
        archive.extractall(into)
    [folder] = into.iterdir()
    return folder


def execute(folder: Path, notebook: nbformat.NotebookNode, monkeypatch, tmp_path) -> None:
    """Runs ``notebook`` in a kernel started in ``folder``, as a reader's would be."""
    monkeypatch.delenv("PYTHONPATH", raising=False)
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))  # no site renderer at startup
    monkeypatch.chdir(tmp_path)
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(folder)}},
    )
    client.execute()


def with_checks(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    checked = nbformat.from_dict(json.loads(json.dumps(notebook)))
    checked.cells.insert(0, nbformat.v4.new_code_cell(ISOLATED))
    checked.cells.append(nbformat.v4.new_code_cell(FROM_THE_BUNDLE))
    for number, cell in enumerate(checked.cells):
        cell.id = f"checked-{number}"
    return checked


def third_party(folder: Path, notebook: nbformat.NotebookNode) -> set[str]:
    """The distributions whose modules the bundle's code imports."""
    sources = [c.source for c in notebook.cells if c.cell_type == "code"]
    sources += [p.read_text() for p in folder.rglob("*.py")]
    tops = set()
    for source in sources:
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                tops.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                tops.add(node.module.split(".")[0])
    tops -= {"snippets", "__future__", *sys.stdlib_module_names}
    providers = importlib.metadata.packages_distributions()
    return {name for top in tops for name in providers[top]}


@pytest.mark.parametrize("lab", LABS)
def test_each_lab_bundle_runs_in_an_empty_folder(site, lab, tmp_path, monkeypatch):
    folder = unzip(site, lab, tmp_path / "download")
    notebook = nbformat.read(folder / f"{lab}.ipynb", as_version=4)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["LICENSE", "README.md", f"{lab}.ipynb", "requirements.txt", "snippets"]
    )
    pins = dict(line.split("==") for line in (folder / "requirements.txt").read_text().split())
    assert set(pins) == third_party(folder, notebook) | set(RUNNER)
    for name, version in pins.items():  # the kernel below ran with these
        assert SpecifierSet(f"=={version}").contains(importlib.metadata.version(name)), name
    execute(folder, with_checks(notebook), monkeypatch, tmp_path)
