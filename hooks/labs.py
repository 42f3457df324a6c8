"""Build glue for the labs (docs/labs/*.py, jupytext percent format, run by mkdocs-jupyter).

- Their figures: the kernel starts with a plotly renderer that emits the site's figure HTML
  (hooks/figure_html.py), drawn by the same script as every other figure. plotly's default
  renderer emits a mime type mkdocs-jupyter drops.
- Their cache: mkdocs-jupyter keys it on the notebook's text only; a lab imports snippets/,
  so the cache directory is keyed on those sources too.
- Their notebooks: each lab is also published as an .ipynb beside its page (hooks/bundles.py
  links its downloadable bundle, which holds that notebook).
- Their page: the nbconvert template loads MathJax and mermaid from a CDN and inlines the
  JupyterLab theme (574 KB of CSS); the site renders formulas as MathML, has no diagrams and
  styles cells itself (LAB_CSS), so the template's styles and those two scripts are removed.
- Their exercises: a solution is a code cell tagged "solution", run (and so checked) at
  build time, and shown when the reader ticks the "Show the solution" box of the exercise
  above it; printed, every solution shows.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import shutil
from pathlib import Path

import jupytext
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache"
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
# The site's own styles for notebook cells, in place of the template's JupyterLab theme
# (574 KB of CSS per lab page). Code keeps Material's highlighting, in both palettes.
LAB_CSS = """<style>
.jupyter-wrapper .jp-Cell { margin: 0.8em 0; }
.jupyter-wrapper .jp-InputArea, .jupyter-wrapper .jp-OutputArea-child { display: flex; gap: 0.6em; }
.jupyter-wrapper .jp-InputPrompt, .jupyter-wrapper .jp-OutputPrompt {
  flex: 0 0 4.5em; text-align: right; padding-top: 0.9em; white-space: nowrap;
  font-family: var(--md-code-font-family); font-size: 0.7rem; color: var(--md-default-fg-color--light);
}
.jupyter-wrapper .jp-InputArea-editor, .jupyter-wrapper .jp-OutputArea-output { flex: 1 1 auto; min-width: 0; }
.jupyter-wrapper .jp-InputArea-editor pre, .jupyter-wrapper .jp-OutputArea-output pre {
  margin: 0.4em 0; padding: 0.7em 1em; overflow-x: auto; font-size: 0.75rem;
  background: var(--md-code-bg-color); color: var(--md-code-fg-color);
}
.jupyter-wrapper .jp-OutputArea-output pre { background: transparent; padding-left: 0; }
.jupyter-wrapper .jp-Collapser, .jupyter-wrapper .anchor-link,
.jupyter-wrapper .clipboard-copy-txt { display: none; }
.jupyter-wrapper .CodeMirror { position: relative; }
.jupyter-wrapper .zeroclipboard-container { position: absolute; top: 0.9em; right: 0.5em; }
.jupyter-wrapper clipboard-copy { cursor: pointer; color: var(--md-default-fg-color--lighter); }
.jupyter-wrapper .clipboard-copy-icon { width: 0.9rem; height: 0.9rem; }
.jupyter-wrapper .hl-python :is(.k, .kn, .kd, .kr, .kc, .kt, .ow) { color: var(--md-code-hl-keyword-color); }
.jupyter-wrapper .hl-python :is(.s, .s1, .s2, .sa, .sd, .si, .se, .sb) { color: var(--md-code-hl-string-color); }
.jupyter-wrapper .hl-python :is(.m, .mi, .mf, .mh, .mo) { color: var(--md-code-hl-number-color); }
.jupyter-wrapper .hl-python :is(.c, .c1, .cm, .ch) { color: var(--md-code-hl-comment-color); }
.jupyter-wrapper .hl-python :is(.nf, .fm, .nb, .bp) { color: var(--md-code-hl-function-color); }
.jupyter-wrapper .hl-python :is(.o, .p) { color: var(--md-code-hl-punctuation-color); }
@media (max-width: 44.9375em) {
  .jupyter-wrapper .jp-InputPrompt, .jupyter-wrapper .jp-OutputPrompt { display: none; }
}
.jp-Cell:has(.solution-toggle input:not(:checked)) + .celltag_solution { display: none; }
.solution-toggle { cursor: pointer; font-weight: 600; }
@media print {
  .jp-Cell + .celltag_solution { display: block !important; }
  .solution-toggle { display: none; }
}
</style>"""
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


def is_lab(page) -> bool:
    return page.file.src_uri.startswith("labs/") and page.file.src_uri.endswith(".py")


def sources_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted([*ROOT.glob("snippets/**/*.py"), *ROOT.glob("hooks/*.py")]):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    digest.update((ROOT / "requirements.txt").read_bytes())
    return digest.hexdigest()[:20]


def on_config(config):
    plugin = config.plugins.get(PLUGIN)
    if plugin is None:
        return config
    labs_cache = CACHE / "labs"
    current = labs_cache / sources_hash()
    if labs_cache.exists():
        for stale in labs_cache.iterdir():
            if stale != current:
                shutil.rmtree(stale)
    plugin.config["cache_dir"] = str(current)
    startup = CACHE / "ipython" / "profile_default" / "startup" / "00-site-figures.py"
    startup.parent.mkdir(parents=True, exist_ok=True)
    startup.write_text(STARTUP.format(root=str(ROOT)))
    os.environ["IPYTHONDIR"] = str(CACHE / "ipython")  # read by the kernels the plugin starts
    return config


@event_priority(50)  # before print-site (priority 0) saves the page's HTML
def on_page_content(html, page, config, files):
    if not is_lab(page):
        return html
    # The template's head (its styles and CDN scripts) comes before the notebook itself.
    split = html.find('<div class="jupyter-wrapper"')
    head, notebook_html = (html[:split], html[split:]) if split >= 0 else ("", html)
    head = TEMPLATE_STYLES.sub("", CDN_SCRIPTS.sub("", head))
    numbers = itertools.count(1)
    notebook_html = CELL_ID.sub(lambda _: f'id="cell-{next(numbers)}"', notebook_html)
    return LAB_CSS + head + notebook_html


def on_post_build(config):
    site = Path(config["site_dir"])
    for lab in sorted((Path(config["docs_dir"]) / "labs").glob("*.py")):
        notebook = jupytext.read(lab)
        for number, cell in enumerate(notebook.cells, 1):
            cell.id = f"cell-{number}"  # stable, where jupytext's are random
        target = site / "labs" / lab.stem / f"{lab.stem}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        jupytext.write(notebook, target, fmt="ipynb")
