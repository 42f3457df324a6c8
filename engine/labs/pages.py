"""The labs' pages (docs/labs/*.py, jupytext percent format, run by mkdocs-jupyter).

- Their figures: the kernel starts with a plotly renderer that emits the site's figure HTML
  (engine/labs/renderer.py), drawn by the same script as every other figure. plotly's
  default renderer emits a mime type mkdocs-jupyter drops.
- Their cache: mkdocs-jupyter keys it on the notebook's text only, but a lab runs what it
  imports from snippets/. Each lab gets a cache directory of its own, keyed by the cache-key
  rule of snippets/contract.py on the lab, what it imports from the project (transitively),
  the kernel's start-up and the pinned versions: a snippet no lab imports changes, and no lab
  runs again. An entry that cannot be read (cut short, damaged) is removed before the plugin
  reads it, and so is a miss.
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

import os
import re
from pathlib import Path
from urllib.parse import urljoin

import jupytext
from mkdocs.exceptions import PluginError

from engine.cache import CACHE_DIR, Cache
from snippets.contract import UnreadableSourceError, module_files, read_cache_entry

CACHE_NAME = "labs"
PLUGIN = "mkdocs-jupyter"
# The kernel flushes printed output on a timer, so how a cell's output is split into blocks
# would depend on timing; flushing only when the cell ends keeps pages byte-reproducible.
STARTUP = """\
import sys
from pathlib import Path
sys.stdout.flush_interval = sys.stderr.flush_interval = 3600.0
from engine.labs.renderer import use_site_renderer
use_site_renderer(Path({root!r}))
"""
# The labs' nbconvert templates: a folder laid out as a Jupyter data directory.
TEMPLATES = Path(__file__).parent / "templates"


def is_lab(file) -> bool:
    return file.src_uri.startswith("labs/") and file.src_uri.endswith(".py")


def lab_cache_dir(lab: Path, cache: Cache) -> Path:
    """The lab's results depend on the lab, what it imports, and what the kernel starts with."""
    shaping = [*module_files("engine.labs.renderer", cache.root), *sorted(TEMPLATES.rglob("*.j2"))]
    try:
        key = cache.key([lab, *shaping], extra=STARTUP)
    except UnreadableSourceError as unreadable:
        raise PluginError(f"{unreadable.path} is not valid Python: {unreadable.error}") from None
    return cache.entry(key)


def start_kernels(config, root: Path) -> None:
    """The kernels mkdocs-jupyter starts run the site's start-up (its plotly renderer), and
    nbconvert finds the labs' template first."""
    if config.plugins.get(PLUGIN) is None:
        return
    ipython = root / CACHE_DIR / "ipython"
    startup = ipython / "profile_default" / "startup" / "00-site-figures.py"
    startup.parent.mkdir(parents=True, exist_ok=True)
    startup.write_text(STARTUP.format(root=str(root)))
    os.environ["IPYTHONDIR"] = str(ipython)  # read by the kernels the plugin starts
    others = [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    if str(TEMPLATES) not in others:
        os.environ["JUPYTER_PATH"] = os.pathsep.join([str(TEMPLATES), *others])


def cache_dirs(files, root: Path) -> dict[str, Path]:
    """Each lab's cache directory (source path -> directory); those of earlier versions are
    removed."""
    cache = Cache(root, CACHE_NAME)
    found = {
        file.src_uri: lab_cache_dir(Path(file.abs_src_path), cache)
        for file in files.documentation_pages()
        if is_lab(file)
    }
    cache.evict()
    return found


def point_plugin_at_cache(page, config, cache_dirs: dict[str, Path]) -> None:
    """Before mkdocs-jupyter reads its cache for the lab ``page``: its own directory, with any
    entry it could not read removed."""
    plugin = config.plugins.get(PLUGIN)
    if plugin is not None and page.file.src_uri in cache_dirs:
        plugin.config["cache_dir"] = str(cache_dirs[page.file.src_uri])
        discard_unreadable(cache_dirs[page.file.src_uri])


def discard_unreadable(cache_dir: Path) -> None:
    """mkdocs-jupyter writes its entries in place and fails on one it cannot read: an entry
    cut short (a build interrupted while writing it) or damaged is removed, and so a miss."""
    for path in cache_dir.glob("*.json") if cache_dir.is_dir() else []:
        entry = read_cache_entry(path)
        if not (isinstance(entry, dict) and {"content", "toc_tokens"} <= set(entry)):
            path.unlink(missing_ok=True)


# A Markdown link whose target is relative: no scheme, not an anchor of the notebook itself.
RELATIVE_LINK = re.compile(r"\[([^\]]+)\]\((?![a-zA-Z][a-zA-Z0-9+.-]*:|#)([^)\s]+)\)")


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
