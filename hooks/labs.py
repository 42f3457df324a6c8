"""Build glue for the labs (docs/labs/*.py, jupytext percent format, run by mkdocs-jupyter).

- Their figures: the kernel starts with a plotly renderer that emits the site's figure HTML
  (hooks/figure_html.py), drawn by the same script as every other figure. plotly's default
  renderer emits a mime type mkdocs-jupyter drops.
- Their cache: mkdocs-jupyter keys it on the notebook's text only, but a lab runs what it
  imports from snippets/. Each lab gets a cache directory of its own, keyed by the cache-key
  rule of snippets/contract.py on the lab, what it imports from the project (transitively),
  the kernel's start-up and the pinned versions: a snippet no lab imports changes, and no lab
  runs again. An entry that cannot be read (cut short, damaged) is removed before the plugin
  reads it, and so is a miss.
- Their notebooks: each lab is also published as an .ipynb beside its page (hooks/bundles.py
  links its downloadable bundle, which holds that notebook). A notebook leaves the site, so
  its links to the site's pages are made absolute (with SITE_URL), or without SITE_URL
  become their words alone: a relative link would lead nowhere from a reader's folder.
- Their page: the nbconvert template loads MathJax and mermaid from a CDN and inlines the
  JupyterLab theme (574 KB of CSS); the site renders formulas as MathML, has no diagrams and
  styles cells itself (docs/assets/site.css, "Labs"), so the template's styles and those two
  scripts are removed.
- Their exercises: a solution is a code cell tagged "solution", run (and so checked) at
  build time, and shown when the reader ticks the "Show the solution" box of the exercise
  above it; printed, every solution shows.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import sys
from pathlib import Path
from urllib.parse import urljoin

import jupytext
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `snippets`

from snippets.contract import UnreadableSourceError, cache_key, module_files, read_cache_entry

CACHE = ROOT / ".cache"
LABS_CACHE = CACHE / "labs"
PLUGIN = "mkdocs-jupyter"
# The kernel flushes printed output on a timer, so how a cell's output is split into blocks
# would depend on timing; flushing only when the cell ends keeps pages byte-reproducible.
STARTUP = """\
import sys
sys.path.insert(0, {root!r})
sys.stdout.flush_interval = sys.stderr.flush_interval = 3600.0
from hooks.lab_renderer import use_site_renderer
use_site_renderer()
"""
# jupytext gives each cell a random id, which nbconvert writes into the page.
CELL_ID = re.compile(r'id="cell-id=[^"]*"')
TEMPLATE_STYLES = re.compile(r"<style[^>]*>.*?</style>", re.S)
CDN_SCRIPTS = re.compile(
    r'<script src="[^"]*"> </script>\s*<!-- MathJax configuration -->\s*'
    r'<script type="text/x-mathjax-config">.*?</script>'
    r'|<script type="module">\s*document\.addEventListener\("DOMContentLoaded", async \(\) => \{'
    r"\s*const diagrams = document\.querySelectorAll\(\"\.jp-Mermaid.*?</script>",
    re.S,
)


# A Markdown link whose target is relative: no scheme, not an anchor of the notebook itself.
RELATIVE_LINK = re.compile(r"\[([^\]]+)\]\((?![a-zA-Z][a-zA-Z0-9+.-]*:|#)([^)\s]+)\)")


# Lab source path -> its cache directory, for this build.
cache_dirs: dict[str, Path] = {}


def is_lab(file) -> bool:
    return file.src_uri.startswith("labs/") and file.src_uri.endswith(".py")


def lab_cache_dir(lab: Path) -> Path:
    """The lab's results depend on the lab, what it imports, and what the kernel starts with."""
    try:
        key = cache_key([lab, *module_files("hooks.lab_renderer")], extra=STARTUP)
    except UnreadableSourceError as unreadable:
        raise PluginError(f"{unreadable.path} is not valid Python: {unreadable.error}") from None
    return LABS_CACHE / key


def on_config(config):
    plugin = config.plugins.get(PLUGIN)
    if plugin is None:
        return config
    startup = CACHE / "ipython" / "profile_default" / "startup" / "00-site-figures.py"
    startup.parent.mkdir(parents=True, exist_ok=True)
    startup.write_text(STARTUP.format(root=str(ROOT)))
    os.environ["IPYTHONDIR"] = str(CACHE / "ipython")  # read by the kernels the plugin starts
    return config


def on_files(files, config):
    """Each lab's cache directory; those of earlier versions are removed."""
    cache_dirs.clear()
    for file in files.documentation_pages():
        if is_lab(file):
            cache_dirs[file.src_uri] = lab_cache_dir(Path(file.abs_src_path))
    if LABS_CACHE.exists():
        for stale in set(LABS_CACHE.iterdir()) - set(cache_dirs.values()):
            shutil.rmtree(stale)
    return files


@event_priority(50)  # before mkdocs-jupyter (priority 0) reads its cache directory
def on_pre_page(page, config, files):
    plugin = config.plugins.get(PLUGIN)
    if plugin is not None and page.file.src_uri in cache_dirs:
        plugin.config["cache_dir"] = str(cache_dirs[page.file.src_uri])
        discard_unreadable(cache_dirs[page.file.src_uri])
    return page


def discard_unreadable(cache_dir: Path) -> None:
    """mkdocs-jupyter writes its entries in place and fails on one it cannot read: an entry
    cut short (a build interrupted while writing it) or damaged is removed, and so a miss."""
    for path in cache_dir.glob("*.json") if cache_dir.is_dir() else []:
        entry = read_cache_entry(path)
        if not (isinstance(entry, dict) and {"content", "toc_tokens"} <= set(entry)):
            path.unlink(missing_ok=True)


@event_priority(50)  # before print-site (priority 0) saves the page's HTML
def on_page_content(html, page, config, files):
    if not is_lab(page.file):
        return html
    # The template's head (its styles and CDN scripts) comes before the notebook itself.
    split = html.find('<div class="jupyter-wrapper"')
    head, notebook_html = (html[:split], html[split:]) if split >= 0 else ("", html)
    head = TEMPLATE_STYLES.sub("", CDN_SCRIPTS.sub("", head))
    numbers = itertools.count(1)
    notebook_html = CELL_ID.sub(lambda _: f'id="cell-{next(numbers)}"', notebook_html)
    return head + notebook_html


def outside_links(markdown: str, page_url: str, site_url: str) -> str:
    """A Markdown cell of the lab page ``page_url`` ("labs/l4/") as the notebook carries it
    away: each relative link made absolute under ``site_url``, or, without one, its words."""

    def published(link: re.Match) -> str:
        words, target = link.groups()
        return f"[{words}]({urljoin(site_url + page_url, target)})" if site_url else words

    return RELATIVE_LINK.sub(published, markdown)


def on_post_build(config):
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
