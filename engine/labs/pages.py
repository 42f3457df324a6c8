"""The labs' pages (docs/labs/*.py, jupytext percent format, run by mkdocs-jupyter).

- Their rules are the snippets': the kernel starts (engine/labs/kernel.py) with the
  environment a snippet sees and a check that the lab reads nothing of the project its cache
  key does not cover, and nbconvert gives up on a cell after the snippets' time limit. Their
  figures: the kernel's plotly renderer emits the site's figure HTML (engine/labs/renderer.py),
  drawn by the same script as every other figure.
- Their cache: mkdocs-jupyter keys it on the notebook's text only, but a lab runs what it
  imports from snippets/. Each lab gets a cache directory of its own, keyed by the cache-key
  rule of snippets/contract.py on the lab, what it imports from the project (transitively),
  the kernel's start-up, the environment and the pinned versions: a snippet no lab imports
  changes, and no lab runs again. An entry that cannot be read (cut short, damaged) is
  removed before the plugin reads it, and so is a miss.
- Their notebooks: each lab is also published as an .ipynb beside its page
  (engine/labs/bundles.py links its downloadable bundle, which holds that notebook). A
  notebook leaves the site, so its links to the site's pages are made absolute (with
  SITE_URL), or without SITE_URL become their words alone: a relative link would lead nowhere
  from a reader's folder.
- Their page: mkdocs-jupyter's nbconvert template loads MathJax and mermaid from a CDN and
  inlines the JupyterLab theme (574 KB of CSS); the site renders formulas as MathML, has no
  diagrams and styles cells itself (docs/assets/site.css, "Labs"). Its own template
  (engine/labs/templates/) takes that one's place by name: the build puts its folder first on
  JUPYTER_PATH, where nbconvert looks for templates.
- Their exercises: a solution is a code cell tagged "solution", run (and so checked) at
  build time, and shown when the reader ticks the "Show the solution" box of the exercise
  above it; printed, every solution shows.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import jupytext
from mkdocs.exceptions import PluginError

from engine.cache import CACHE_DIR, Cache
from engine.evidence.evaluation import FIXED_ENVIRONMENT, PASSED_ENVIRONMENT, snippet_environment
from engine.labs.kernel import READS
from snippets.contract import UnreadableSourceError, cache_inputs, module_files, read_cache_entry

CACHE_NAME = "labs"
PLUGIN = "mkdocs-jupyter"
# The kernel flushes printed output on a timer, so how a cell's output is split into blocks
# would depend on timing; flushing only when the cell ends keeps pages byte-reproducible.
STARTUP = """\
import sys
from pathlib import Path
sys.stdout.flush_interval = sys.stderr.flush_interval = 3600.0
from engine.labs.kernel import start
start(Path({root!r}), {passed!r})
"""
# The labs' nbconvert templates: a folder laid out as a Jupyter data directory.
TEMPLATES = Path(__file__).parent / "templates"


def is_lab(file) -> bool:
    return file.src_uri.startswith("labs/") and file.src_uri.endswith(".py")


@dataclass(frozen=True)
class Lab:
    cache: Path  # its cache folder, mkdocs-jupyter's for this lab
    reads: frozenset[Path]  # what it may read of the project: what its key covers


def lab_cache_dir(lab: Path, cache: Cache) -> Lab:
    """The lab's results depend on the lab, what it imports, what the kernel starts with and
    the environment it sees: the one cache-key rule, as a snippet's."""
    roots = [lab, *module_files("engine.labs.kernel", cache.root), *sorted(TEMPLATES.rglob("*.j2"))]
    try:
        key = cache.key(roots, extra=[STARTUP, snippet_environment()])
        reads = frozenset(path.resolve() for path in cache_inputs(roots, cache.root))
    except UnreadableSourceError as unreadable:
        raise PluginError(f"{unreadable.path} is not valid Python: {unreadable.error}") from None
    return Lab(cache.entry(key), reads)


def start_kernels(config, root: Path, time_limit: float) -> None:
    """The kernels mkdocs-jupyter starts run the labs' start-up (engine/labs/kernel.py) with a
    fixed hash seed; nbconvert finds the labs' template first, and gives up on a cell after
    ``time_limit`` seconds (the build's own nbconvert configuration: not the reader's)."""
    if config.plugins.get(PLUGIN) is None:
        return
    jupyter = root / CACHE_DIR / "jupyter"
    startup = jupyter / "ipython" / "profile_default" / "startup" / "00-site.py"
    startup.parent.mkdir(parents=True, exist_ok=True)
    startup.write_text(STARTUP.format(root=str(root), passed=PASSED_ENVIRONMENT))
    # NotebookClient, not ExecutePreprocessor: mkdocs-jupyter replaces the latter's section.
    # Kernels talk over local sockets, not TCP: nothing listens on a port, nothing to warn of.
    nbconvert = {
        "NotebookClient": {"timeout": time_limit, "raise_on_iopub_timeout": True},
        "KernelManager": {"transport": "ipc"},
    }
    (jupyter / "jupyter_nbconvert_config.json").write_text(json.dumps(nbconvert))
    os.environ.update(FIXED_ENVIRONMENT)  # read once, when a kernel starts
    os.environ["IPYTHONDIR"] = str(startup.parents[2])
    os.environ["JUPYTER_CONFIG_DIR"] = str(jupyter)
    others = [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    if str(TEMPLATES) not in others:
        os.environ["JUPYTER_PATH"] = os.pathsep.join([str(TEMPLATES), *others])


def cache_dirs(files, root: Path) -> dict[str, Lab]:
    """Each lab's cache folder and what it may read (source path -> lab); the folders of
    earlier versions are removed."""
    cache = Cache(root, CACHE_NAME)
    found = {
        file.src_uri: lab_cache_dir(Path(file.abs_src_path), cache)
        for file in files.documentation_pages()
        if is_lab(file)
    }
    cache.evict()
    return found


def prepare(page, config, labs: dict[str, Lab]) -> None:
    """Before mkdocs-jupyter reads its cache for the lab ``page`` (or starts its kernel): its
    own folder, with any entry it could not read removed; what the kernel may read."""
    plugin = config.plugins.get(PLUGIN)
    lab = labs.get(page.file.src_uri)
    if plugin is not None and lab is not None:
        plugin.config["cache_dir"] = str(lab.cache)
        discard_unreadable(lab.cache)
        expose_reads(lab)


def expose_reads(lab: Lab) -> None:
    """What the lab may read, for the kernel mkdocs-jupyter is about to start for it."""
    os.environ[READS] = json.dumps(sorted(map(str, lab.reads)))


def discard_unreadable(cache_dir: Path) -> None:
    """mkdocs-jupyter writes its entries in place and fails on one it cannot read: an entry
    cut short (a build interrupted while writing it) or damaged is removed, and so a miss."""
    for path in cache_dir.glob("*.json") if cache_dir.is_dir() else []:
        entry = read_cache_entry(path)
        if not (isinstance(entry, dict) and {"content", "toc_tokens"} <= set(entry)):
            path.unlink(missing_ok=True)


# A Markdown link whose target is relative: no scheme, not an anchor of the notebook itself.
# (Its words hold no bracket: on a "[" never closed, the search stops at the next one.)
RELATIVE_LINK = re.compile(r"\[([^][]+)\]\((?![a-zA-Z][a-zA-Z0-9+.-]*:|#)([^)\s]+)\)")


def outside_links(markdown: str, page_url: str, site_url: str) -> str:
    """A Markdown cell of the lab page ``page_url`` ("labs/l4/") as the notebook carries it
    away: each relative link made absolute under ``site_url``, or, without one, its words."""

    def published(link: re.Match) -> str:
        words, target = link.groups()
        return f"[{words}]({urljoin(site_url + page_url, target)})" if site_url else words

    return RELATIVE_LINK.sub(published, markdown)


def write_notebooks(config) -> None:
    """Each lab, published as an .ipynb beside its page."""
    site = Path(config["site_dir"])
    site_url = (config["site_url"] or "").rstrip("/")
    site_url = site_url + "/" if site_url else ""
    for lab in sorted((Path(config["docs_dir"]) / "labs").glob("*.py")):
        notebook = jupytext.read(lab)
        for number, cell in enumerate(notebook.cells, 1):
            cell.id = f"cell-{number}"  # stable, where jupytext's are random
            if cell.cell_type == "markdown":
                cell.source = outside_links(cell.source, f"labs/{lab.stem}/", site_url)
        target = site / "labs" / lab.stem / f"{lab.stem}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        jupytext.write(notebook, target, fmt="ipynb")
