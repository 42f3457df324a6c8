"""Each lab's bundle (engine/labs/bundles.py) runs outside the repository.

Every ``labs/<lab>/<lab>.zip`` of the build is unzipped into a temporary folder outside the
repository and its notebook executed there as a reader would: by a kernel started in that
folder, with no IPython start-up of the site's, in a Python that has the pinned packages but
not this project (the engine, the repository's snippets): what the notebook imports from
``snippets`` must come from the bundle. While it runs, the kernel records what the bundle's
code imports; every distribution that provides it is pinned in the bundle's
requirements.txt, at the version the site was computed with.
"""

from __future__ import annotations

import importlib.metadata
import json
import re
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from packaging.specifiers import SpecifierSet

from engine.labs.bundles import RUNNER
from tests.support import ROOT

LABS = ("l4", "l5", "l6")
# The first cell the test adds: the repository is neither the folder nor on the path, nor is
# the site's engine importable; from then on, every import by the notebook or the bundle's
# snippets is recorded (the module that imports, what it imports).
ISOLATED = f"""
import builtins, importlib.util, json, pathlib, sys
repository = pathlib.Path({str(ROOT)!r})
assert pathlib.Path.cwd() != repository and repository not in pathlib.Path.cwd().parents
assert not any(pathlib.Path(p or ".").resolve() == repository for p in sys.path), sys.path
assert importlib.util.find_spec("engine") is None, "the site's engine is importable"
imported = set()
_import = builtins.__import__

def recording(name, globals=None, locals=None, fromlist=(), level=0):
    importer = (globals or {{}}).get("__name__", "")
    if level == 0 and (importer == "__main__" or importer.startswith("snippets")):
        imported.add(name.split(".")[0])
    return _import(name, globals, locals, fromlist, level)

builtins.__import__ = recording
"""
# The last: the snippets the notebook used came from the bundle; what was imported.
FROM_THE_BUNDLE = """
builtins.__import__ = _import
import snippets
assert pathlib.Path(snippets.__file__).resolve().is_relative_to(pathlib.Path.cwd().resolve())
print(json.dumps(sorted(imported)))
"""


@pytest.fixture(scope="module")
def reader_kernel(tmp_path_factory) -> Path:
    """A kernel spec ("reader", under the returned JUPYTER_PATH) whose Python has this
    environment's packages but not the project installed in it: a virtual environment whose
    one path file names this one's site-packages (whose own path files, the project's editable
    install among them, a path file does not run)."""
    base = tmp_path_factory.mktemp("reader")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(base / "env")], check=True)
    [own] = (base / "env" / "lib").glob("python3*/site-packages")
    (own / "packages.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    spec = base / "jupyter" / "kernels" / "reader"
    spec.mkdir(parents=True)
    python = str(base / "env" / "bin" / "python")
    argv = [python, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "language": "python"}))
    return base / "jupyter"


def unzip(site: Path, lab: str, into: Path) -> Path:
    with zipfile.ZipFile(site / "labs" / lab / f"{lab}.zip") as archive:
        archive.extractall(into)
    [folder] = into.iterdir()
    return folder


def execute(folder: Path, notebook, jupyter_path: Path, monkeypatch, tmp_path) -> list[str]:
    """Runs ``notebook`` in the reader's kernel, started in ``folder``; what it imported."""
    monkeypatch.delenv("PYTHONPATH", raising=False)
    monkeypatch.setenv("JUPYTER_PATH", str(jupyter_path))
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))  # no site renderer at startup
    monkeypatch.chdir(tmp_path)
    checked = nbformat.from_dict(json.loads(json.dumps(notebook)))
    checked.cells.insert(0, nbformat.v4.new_code_cell(ISOLATED))
    checked.cells.append(nbformat.v4.new_code_cell(FROM_THE_BUNDLE))
    for number, cell in enumerate(checked.cells):
        cell.id = f"checked-{number}"
    client = NotebookClient(
        checked, timeout=300, kernel_name="reader", resources={"metadata": {"path": str(folder)}}
    )
    client.execute()
    [output] = [o for o in checked.cells[-1].outputs if o.get("name") == "stdout"]
    return json.loads(output["text"])


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@pytest.mark.parametrize("lab", LABS)
def test_each_lab_bundle_runs_in_an_empty_folder(site, lab, reader_kernel, tmp_path, monkeypatch):
    folder = unzip(site, lab, tmp_path / "download")
    notebook = nbformat.read(folder / f"{lab}.ipynb", as_version=4)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["LICENSE", "README.md", f"{lab}.ipynb", "requirements.txt", "snippets"]
    )
    pins = dict(line.split("==") for line in (folder / "requirements.txt").read_text().split())
    pinned = {normalise(name) for name in pins}
    imported = execute(folder, notebook, reader_kernel, monkeypatch, tmp_path)
    providers = importlib.metadata.packages_distributions()
    third_party = {top for top in imported if top != "snippets" and top in providers}
    unpinned = {top for top in third_party if not {normalise(d) for d in providers[top]} & pinned}
    assert not unpinned, f"the lab imported {unpinned}, which its requirements do not pin"
    assert {normalise(name) for name in RUNNER} <= pinned, "what runs a notebook is not pinned"
    code = "\n".join(
        [c.source for c in notebook.cells if c.cell_type == "code"]
        + [p.read_text() for p in folder.rglob("*.py")]
    )
    for name, version in pins.items():  # the kernel above ran with these versions
        installed = importlib.metadata.version(name)  # a local build (+cpu) matches its release
        assert SpecifierSet(f"=={version}").contains(installed), f"{name} {installed}"
        if normalise(name) in {normalise(r) for r in RUNNER}:
            continue
        tops = [top for top, names in providers.items() if normalise(name) in map(normalise, names)]
        assert any(re.search(rf"^\s*(import|from)\s+{top}\b", code, re.M) for top in tops), (
            f"{name} is pinned, but nothing in the bundle imports it"
        )
