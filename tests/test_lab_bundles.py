"""Each lab's bundle (hooks/bundles.py) runs outside the repository, and says nothing there
that only the site makes true; /labs/ lists the labs and their downloads.

Every ``labs/<lab>/<lab>.zip`` of the build is unzipped into a temporary folder outside the
repository and its notebook executed there, by a kernel started in that folder with no
IPython startup of the site's and no path to the repository: what the notebook imports from
``snippets`` must come from the bundle. Its requirements.txt pins, at the site's versions,
exactly what the bundle's code imports and what runs a notebook, and the kernel ran with them.
The notebook's links are absolute (the site's address), and its text points at nothing of the
site's page (a link or button "above").
"""

from __future__ import annotations

import ast
import importlib.metadata
import json
import re
import sys
import zipfile
from pathlib import Path
from urllib.parse import urljoin, urlparse

import nbformat
import pytest
from nbclient import NotebookClient
from packaging.specifiers import SpecifierSet

from hooks.bundles import RUNNER
from hooks.labs import outside_links
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
