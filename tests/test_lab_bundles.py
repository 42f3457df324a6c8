"""Each lab's bundle (engine/labs/bundles.py) runs outside the repository.

Every ``labs/<lab>/<lab>.zip`` of the build is unzipped into a temporary folder outside the
repository and its notebook executed there as a reader would: by a kernel started in that
folder, with no IPython start-up of the site's, in a Python that has the pinned packages but
not this project (the engine, the repository's snippets): what the notebook imports from
``snippets`` must come from the bundle. While it runs, the kernel records what the bundle's
code imports; every distribution that provides it is pinned in the bundle's
requirements.txt, at the version the site was computed with. The
notebook's links are absolute (the site's address), and its text points at nothing of the
site's page (a link or button "above"); /labs/ lists the labs and their downloads.
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
from urllib.parse import urljoin, urlparse

import nbformat
import pytest
from nbclient import NotebookClient
from packaging.specifiers import SpecifierSet

from engine.cache import Cache
from engine.labs.bundles import RUNNER
from engine.labs.pages import outside_links
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


# -- what a notebook says outside the site -----------------------------------------------------

MARKDOWN_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)[^)]*\)")
HTML_LINK = re.compile(r"""\bhref=["']([^"']+)""")
# The site's page around a lab, which a notebook does not have: its links, buttons, menus and
# downloads, said to be above or below (the cells above or below are the notebook's own).
SITE_FURNITURE = re.compile(
    r"\b(links?|buttons?|menus?|sidebar|download\w*)\b[^.;:]*\b(above|below)\b"
    r"|\b(above|below)\b[^.;:]*\b(links?|buttons?|menus?|sidebar)\b",
    re.IGNORECASE,
)


def notebook_problems(notebook: nbformat.NotebookNode, site_url: str) -> list[str]:
    """What the notebook's text says that is false outside the site: a link that is relative
    (or to the site, but not at its address), or a pointer to the site's page."""
    problems = []
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        for target in MARKDOWN_LINK.findall(cell.source) + HTML_LINK.findall(cell.source):
            if target.startswith("#"):
                continue
            if not urlparse(target).scheme:
                problems.append(f"relative link {target}")
            elif urlparse(target).netloc == urlparse(site_url).netloc:
                if not target.startswith(site_url):
                    problems.append(f"link outside the site's address {target}")
        problems += [
            f"points at the site's page: {m.group(0)!r}"
            for m in SITE_FURNITURE.finditer(cell.source)
        ]
    return problems


@pytest.mark.parametrize("lab", LABS)
def test_a_bundles_notebook_says_nothing_false_outside_the_site(site, site_url, lab, tmp_path):
    folder = unzip(site, lab, tmp_path / "download")
    notebook = nbformat.read(folder / f"{lab}.ipynb", as_version=4)
    assert not notebook_problems(notebook, site_url)
    # Its links to the site lead to the lab's answer page, at the site's address.
    assert f"]({urljoin(site_url, lab + '/')})" in notebook.cells[0].source


def test_the_notebook_check_can_fail(site_url):
    """The first cell as it was: a link relative to the lab's page, the download "above"."""
    old = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(
                "This lab runs the code behind [the L4 answer](../../l4/). Every cell below ran "
                "when the site was built; download the notebook (link above) to change the numbers."
            )
        ]
    )
    assert notebook_problems(old, site_url) == [
        "relative link ../../l4/",
        "points at the site's page: 'download the notebook (link above'",
    ]


def test_without_a_site_address_a_notebooks_link_keeps_its_words_only():
    cell = "Runs [the L4 answer](../../l4/), [its note](#note) and [a paper](https://doi.org/x)."
    assert outside_links(cell, "labs/l4/", "") == (
        "Runs the L4 answer, [its note](#note) and [a paper](https://doi.org/x)."
    )
    assert outside_links(cell, "labs/l4/", "https://example.org/guide/").startswith(
        "Runs [the L4 answer](https://example.org/guide/l4/)"
    )


def test_the_labs_page_lists_each_lab_and_its_downloads(pages, site):
    page = pages["/labs/"]
    for lab in LABS:
        for target in (f"{lab}/", f"{lab}/{lab}.zip", f"{lab}/{lab}.ipynb"):
            assert f'href="{target}"' in page, f"/labs/ does not link {target}"
            assert (site / "labs" / target).exists() or (
                site / "labs" / target / "index.html"
            ).is_file()
    # Each lab's sections, each linked (tests/test_links.py finds each link's section).
    assert page.count('href="l5/#') >= 5 and page.count('href="l6/#') >= 5


def test_a_bundle_pins_the_versions_the_site_was_computed_with(tmp_path):
    """The versions installed, not those requirements.txt says (which can differ from what
    ran), and a local build (torch's 2.13.0+cpu) at its release, which the index knows."""
    from engine.labs import bundles

    distributions = bundles.installed_distributions(Cache(tmp_path, bundles.CACHE_NAME))
    lines = bundles.requirements({"lab.py": "import numpy\nimport torch\n"}, distributions)
    pins = dict(line.split("==") for line in lines)
    assert pins["numpy"] == importlib.metadata.version("numpy")
    installed = importlib.metadata.version("torch")
    assert pins["torch"] == installed.split("+")[0] and "+" not in pins["torch"]
    assert set(RUNNER) <= set(pins)


def test_which_package_provides_a_module_is_read_again_when_the_installed_packages_change(
    tmp_path, monkeypatch
):
    """The answer is cached (reading it takes a second), under the names of the installed
    packages' metadata folders: a hit is the entry's answer, and an install reads afresh."""
    from engine.labs import bundles

    cache = Cache(tmp_path / "project", bundles.CACHE_NAME)
    assert bundles.installed_distributions(cache) == importlib.metadata.packages_distributions()
    [entry] = cache.folder.iterdir()
    entry.write_text(json.dumps({"numpy": ["only-in-the-entry"]}))
    assert bundles.installed_distributions(cache) == {"numpy": ["only-in-the-entry"]}

    metadata = tmp_path / "site-packages" / "newly_installed-1.0.dist-info"
    metadata.mkdir(parents=True)
    (metadata / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: newly-installed\nVersion: 1.0\n"
    )
    (metadata / "top_level.txt").write_text("newly_installed\n")
    monkeypatch.syspath_prepend(str(metadata.parent))
    fresh = bundles.installed_distributions(cache)
    assert fresh["newly_installed"] == ["newly-installed"]
    assert fresh["numpy"] != ["only-in-the-entry"]
