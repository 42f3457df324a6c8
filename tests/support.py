"""What the tests share besides fixtures (those are in conftest.py): the project's root, the
strict build, the published URL of a built file, what a page measures in the browser, axe-core's
run, a page's figures and the rule for their text alternatives, and the demo project of the
error-path tests (the real registry and mkdocs.yml, built by the installed engine, plus one faulty
snippet or page)."""

from __future__ import annotations

import collections
import datetime
import fcntl
import functools
import html
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
import zipfile
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

import yaml

from engine.markers.values import plain_value
from engine.names import DECK_FILES, PRINT_PAGE, WITH_PDF
from snippets.contract import replace_markers

ROOT = Path(__file__).resolve().parent.parent
PRINT_PAGE_URL = f"/{PRINT_PAGE}/"


# The test build is published under a sub-path, as a project site is, from a repository.
SUB_PATH = "/guide/"
REPO_URL = "https://github.com/l1-vs-l2/l1-vs-l2"


def build_environment(
    site_url: str = "", repo_url: str = "", with_pdf: bool = False, **more: str
) -> dict[str, str]:
    """The environment of a test build: the site's and the repository's addresses and the PDF
    link are the ones given, never the caller's environment's; ``more`` is added."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for name in ("SITE_URL", "REPO_URL", WITH_PDF):
        env.pop(name, None)
    if site_url:
        env["SITE_URL"] = site_url
    if repo_url:
        env["REPO_URL"] = repo_url
    if with_pdf:
        env[WITH_PDF] = "1"  # as `make pdf` builds it
    return {**env, **more}


def mkdocs_build(
    project: Path,
    site_dir: Path,
    site_url: str = "",
    repo_url: str = "",
    with_pdf: bool = False,
    timeout: float | None = None,
    cwd: Path | None = None,
    **environment: str,
) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` of ``project`` into ``site_dir``, run from ``cwd`` (the
    project by default); output captured (the environment as ``build_environment`` makes it).
    Each build is counted (``builds_of_the_session``); one still running when the session ends
    is stopped (``stop_builds``)."""
    count_build(project)
    command = [
        *(sys.executable, "-m", "mkdocs", "build", "--strict"),
        *("--config-file", str(project / "mkdocs.yml"), "--site-dir", str(site_dir)),
    ]
    environment = build_environment(site_url, repo_url, with_pdf, **environment)
    with subprocess.Popen(
        command,
        cwd=cwd or project,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as build:
        RUNNING.add(build)
        try:
            out, err = build.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            build.kill()
            build.communicate()
            raise
        finally:
            RUNNING.discard(build)
    return subprocess.CompletedProcess(command, build.returncode, out, err)


# The builds this process is running.
RUNNING: set[subprocess.Popen] = set()


def stop_builds() -> None:
    """Stops the builds still running (the session ended before a background one did)."""
    for build in list(RUNNING):
        build.kill()


# -- what the session's processes share ----------------------------------------------------

# The folder the session's processes share (tests/conftest.py makes it), and the address of the
# server the controller runs, by these variables.
SESSION_DIR = "TEST_SESSION_DIR"
SERVER = "TEST_SERVER"


def shared(name: str) -> Path:
    return Path(os.environ[SESSION_DIR]) / name


def the_site_url() -> str:
    """Where the session's site is published: the session's server, under a sub-path."""
    return os.environ[SERVER] + SUB_PATH


def build_the_site(target: Path) -> None:
    """The site, as `make pdf` builds it (its pages link to the PDF, which tests/test_pdf.py
    exports), for the session's server."""
    result = mkdocs_build(ROOT, target, site_url=the_site_url(), repo_url=REPO_URL, with_pdf=True)
    assert result.returncode == 0, f"the strict build failed:\n{result.stdout}\n{result.stderr}"


def build_without_addresses(target: Path) -> None:
    """The site with neither SITE_URL nor REPO_URL (into ``target/site``), and what the build
    said (``target/output.txt``)."""
    target.mkdir()
    result = mkdocs_build(ROOT, target / "site")
    (target / "output.txt").write_text(result.stdout + result.stderr)
    assert result.returncode == 0, f"the build failed:\n{result.stdout}\n{result.stderr}"


# What a copy of the project leaves out: environments, builds, version control.
NOT_THE_PROJECT = shutil.ignore_patterns(
    ".venv", "site", "node_modules", ".git", "__pycache__", ".pytest_cache", ".ruff_cache"
)


def build_a_damaged_copy(target: Path) -> None:
    """The site, built as the session's is, from a copy of the project whose every cache
    entry (filled by the session's build) is cut short: into ``target/site``."""
    from engine.cache import CACHE_DIR
    from engine.publishing.publication import build_date, last_commit

    once("site")
    project = target / "project"
    shutil.copytree(ROOT, project, ignore=NOT_THE_PROJECT)
    entries = [path for path in (project / CACHE_DIR).rglob("*") if path.is_file()]
    for path in entries:
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    (target / "entries.txt").write_text(str(len(entries)))
    (project / "node_modules").symlink_to(ROOT / "node_modules")  # installed, not built
    # The copy has no git history: give it the session build's version (date and commit).
    day = datetime.date.fromisoformat(build_date(ROOT))
    epoch = int(datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC).timestamp())
    result = mkdocs_build(
        project,
        target / "site",
        site_url=the_site_url(),
        repo_url=REPO_URL,
        with_pdf=True,
        SOURCE_DATE_EPOCH=str(epoch),
        SOURCE_COMMIT=last_commit(ROOT).commit,
    )
    assert result.returncode == 0, f"the build failed:\n{result.stdout}\n{result.stderr}"


# Work both processes need, made once: by name, what makes it.
SHARED: dict[str, Callable[[Path], None]] = {
    "site": build_the_site,
    "unaddressed": build_without_addresses,
    "damaged-copy": build_a_damaged_copy,
}
# What the controller starts at once, in the background, when the whole suite runs: the
# processes run the tests that need no site meanwhile, rather than wait for it.
IN_THE_BACKGROUND = ("site", "unaddressed", "damaged-copy")


def once(name: str, make: Callable[[Path], None] | None = None) -> Path:
    """``<session folder>/<name>``, made once for the session: by the controller in the
    background, or by the first process that asks for it (``make``, else ``SHARED[name]``);
    the others wait for it, and reuse it. If making it failed, they fail with its error."""
    target, done, failed = (shared(name + end) for end in ("", ".done", ".failed"))
    if shared(name + ".job").exists():  # the controller makes it: wait
        while not (done.exists() or failed.exists()):
            time.sleep(0.2)
    with shared(name + ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (done.exists() or failed.exists()):
            try:
                (make or SHARED[name])(target)
                done.touch()
            except BaseException as error:
                failed.write_text(str(error))
                raise
    if failed.exists():
        raise AssertionError(f"{name}, made for the session, failed:\n{failed.read_text()}")
    return target


def start_in_the_background(names: tuple[str, ...]) -> list[threading.Thread]:
    """Starts making ``names`` in threads of the controller (each waits for what it needs)."""
    threads = []
    for name in names:
        shared(name + ".job").touch()
        thread = threading.Thread(target=made_in_the_background, args=(name,), daemon=True)
        thread.start()
        threads.append(thread)
    return threads


def made_in_the_background(name: str) -> None:
    try:
        SHARED[name](shared(name))
        shared(name + ".done").touch()
    except BaseException as error:
        shared(name + ".failed").write_text(str(error) or type(error).__name__)


def count_build(project: Path) -> None:
    """Notes a build of ``project`` in the session's log of builds."""
    if SESSION_DIR in os.environ:
        kind = "the project" if project.resolve() == ROOT else "demo projects and copies"
        with (Path(os.environ[SESSION_DIR]) / "builds.log").open("a") as log:
            log.write(f"{kind}\n")


def builds_of_the_session() -> str:
    """What the session built, in one line (`make bench` reads it)."""
    log = Path(os.environ[SESSION_DIR]) / "builds.log"
    kinds = collections.Counter(log.read_text().splitlines() if log.exists() else [])
    detail = ", ".join(f"{kind}: {count}" for kind, count in sorted(kinds.items()))
    return f"mkdocs builds this session: {sum(kinds.values())} ({detail or 'none'})"


def page_url(site: Path, file: Path) -> str:
    """The published path of a built file: "/", "/l4/", "/404.html", "/claims.json"."""
    relative = file.relative_to(site).as_posix()
    if relative == "index.html":
        return "/"
    if relative.endswith("/index.html"):
        return "/" + relative.removesuffix("index.html")
    return "/" + relative


def page_files(site: Path) -> dict[str, Path]:
    """Published path -> file, for every page of the site (its index.html files)."""
    return {page_url(site, path): path for path in sorted(site.rglob("index.html"))}


# -- pages in the browser ----------------------------------------------------------------

# Set by docs/assets/figures.js once every figure of the page is drawn (in its palette).
FIGURES_DONE = "body[data-figures-done]"


def draw_all(tab, timeout: int = 30_000) -> None:
    """Draws every figure of the page now (not as each nears the screen), and waits."""
    tab.evaluate("window.drawAllFigures()")
    tab.wait_for_selector(FIGURES_DONE, state="attached", timeout=timeout)


# What each page does when opened straight from disk on a phone: measured in one pass, for
# tests/test_offline.py (no network, figures, formulas, errors) and tests/test_phone.py (fit).
# How far the page has moved since it was first painted, without the reader doing anything
# (the layout shifts that Lighthouse's CLS sums: a script that shows something above the
# reader's place moves what they are reading). The shifts buffered so far, or 0.
LAYOUT_SHIFT = """() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const shift of list.getEntries()) if (!shift.hadRecentInput) total += shift.value;
  }).observe({ type: "layout-shift", buffered: true });
  setTimeout(() => resolve(total), 200);
})"""

# Every fold opened (what it holds is measured too), a code block in view (Material adds its
# copy button then), then: the smallest running text of the page's content, where, and each
# control smaller than a finger's target. Running text leaves out code blocks (they scroll),
# formulas, exponents and indices (sup, sub: smaller by design) and the figures' drawings.
PHONE_SIZES = """async () => {
  document.querySelectorAll("details").forEach((fold) => { fold.open = true; });
  const code = document.querySelector("article pre");
  if (code) code.scrollIntoView();
  await new Promise((resolve) => setTimeout(resolve, 300));
  const shown = (el) => el.getClientRects().length > 0 &&
    getComputedStyle(el).visibility === "visible" && getComputedStyle(el).opacity !== "0";
  const where = (el) => `<${el.tagName.toLowerCase()} class="${el.getAttribute("class") || ""}">` +
    ` in <${el.parentElement.tagName.toLowerCase()} class="${el.parentElement.getAttribute("class") || ""}">`;
  const article = document.querySelector("article");
  const texts = [];
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || el.closest("pre, math, sup, sub, svg, div[data-plotly]") || !shown(el)) continue;
    texts.push([parseFloat(getComputedStyle(el).fontSize), where(el), node.textContent.trim().slice(0, 40)]);
  }
  texts.sort((a, b) => a[0] - b[0]);
  // Controls: those a finger reaches (a control visually hidden, 0 px wide, is worked by its label).
  const controls = [...document.querySelectorAll("button, input:not([type=hidden]), select, summary")]
    .filter((el) => shown(el) && !el.closest("div[data-plotly]"))
    .map((el) => { const box = el.getBoundingClientRect(); return [box.width, box.height, where(el), (el.textContent || el.value || "").trim().slice(0, 30)]; })
    .filter(([width, height]) => width * height > 0);
  return { text: texts[0] || null, texts: texts.length, controls };
}"""

DISK_PAGE = r"""() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => /(auto|scroll)/.test(getComputedStyle(el).overflowX);
  const outside = (el) => {
    const box = el.getBoundingClientRect();
    return box.right > width + 1 || box.left < -1;
  };
  // Content wider than the screen must sit in a container that scrolls and fits the screen.
  const sticking = new Set();
  for (const el of document.querySelectorAll("article *")) {
    if (!el.getClientRects().length || !outside(el)) continue;
    let holder = el.parentElement;
    while (holder && holder !== document.body && !scrolls(holder)) holder = holder.parentElement;
    if (holder && holder !== document.body && !outside(holder)) continue;
    let top = el;
    while (top.parentElement && top.parentElement.closest("article") && outside(top.parentElement)) {
      top = top.parentElement;
    }
    sticking.add(top);
  }
  // What a closed fold holds is not shown (tests/test_phone.py opens the folds to check it).
  const scrollers = [...document.querySelectorAll("article *")].filter(
    (el) => scrolls(el) && el.scrollWidth > el.clientWidth + 1 && el.getClientRects().length &&
      !el.closest("details:not([open])")
  );
  // Tables and display formulas wider than the region they scroll in (a formula is its own
  // region), and whether the region shows that it scrolls: its side shades (site.css), with
  // nothing opaque between them and the content.
  const overflowing = [...document.querySelectorAll("article table, article .math-display")]
    .filter((el) => el.getClientRects().length && !el.closest("details:not([open])"))
    .map((el) => {
      let region = el;
      while (region && region !== document.body &&
        !(scrolls(region) && region.scrollWidth > region.clientWidth + 1)) region = region.parentElement;
      if (!region || region === document.body) return null;  // it fits
      const style = getComputedStyle(region);
      let opaque = null;
      for (let e = el; e && e !== region && !opaque; e = e.parentElement) {
        if (!/^(transparent|rgba\(.*,\s*0\))$/.test(getComputedStyle(e).backgroundColor)) opaque = e.tagName;
      }
      return {
        what: `<${el.tagName.toLowerCase()}> ${el.textContent.trim().slice(0, 50)}`,
        shades: (style.backgroundImage.match(/radial-gradient/g) || []).length,
        covers: (style.backgroundAttachment.match(/local/g) || []).length,
        opaque,
      };
    }).filter(Boolean);
  // Tables whose rows stack on a phone (engine/content/accessibility.py labels their cells): whether
  // each fits the screen, and whether every cell shows its column's name.
  const stacked = [...document.querySelectorAll("article table")]
    .filter((table) => table.querySelector("td[data-label]") && table.getClientRects().length)
    .map((table) => ({
      what: table.textContent.trim().slice(0, 50),
      fits: table.getBoundingClientRect().right <= width + 1 && table.scrollWidth <= table.clientWidth + 1,
      unlabelled: [...table.querySelectorAll("td[data-label]")].filter((cell) =>
        cell.textContent.trim() && getComputedStyle(cell, "::before").content !== `"${cell.dataset.label}"`).length,
    }));
  const maths = [...document.querySelectorAll("math")];
  return {
    width,
    sticking: [...sticking].map((el) => `<${el.tagName.toLowerCase()} class="${el.getAttribute("class") || ""}">` +
      ` ends at ${Math.round(el.getBoundingClientRect().right)} px: ${(el.textContent || "").trim().slice(0, 60)}`),
    overflowing,
    stacked,
    scrollers: scrollers.map((el) => ({
      what: `<${el.tagName.toLowerCase()} class="${el.getAttribute("class") || ""}">`,
      fits: !outside(el),
      focusable: el.tabIndex >= 0 || !!el.querySelector("[tabindex='0'], a[href], button"),
    })),
    // The page's elements, its figures' drawings apart (those are drawn as each nears the
    // screen, and weighed by the figures' own budget).
    elements: document.querySelectorAll("*").length -
      document.querySelectorAll("div[data-plotly] *").length,
    // An answer page's "Say it" card: where its fold ends, from the top of the page.
    card: (() => {
      const card = document.getElementById("say-it");
      if (!card) return null;
      return { open: card.open, bottom: card.getBoundingClientRect().bottom + window.scrollY };
    })(),
    // The screen's figures (a slider's small multiples are for paper, never drawn here).
    figures: [...document.querySelectorAll("div[data-plotly]")].filter(
      (div) => !div.closest(".print-only")).length,
    drawn: [...document.querySelectorAll("div[data-plotly]")].filter(
      (div) => !div.closest(".print-only") && div.querySelector("svg.main-svg")).length,
    figure_widths: [...document.querySelectorAll("div[data-plotly] svg.main-svg")].map(
      (svg) => Math.round(svg.getBoundingClientRect().right)),
    fallbacks: [...document.querySelectorAll(".figure-fallback")].filter(
      (fallback) => !fallback.closest(".print-only")).length,
    maths: maths.length,
    // MathML laid out as MathML ("block math", "inline math"), not as unknown inline tags.
    maths_laid_out: maths.filter((m) => getComputedStyle(m).display.includes("math")).length,
    latex: document.querySelectorAll(".arithmatex").length,
    // Links that would open a directory listing rather than a page.
    directory_links: [...document.querySelectorAll("a[href]")].map((a) => new URL(a.href))
      .filter((url) => url.protocol === "file:" && url.pathname.endsWith("/")).map((url) => url.href),
  };
}"""


# -- axe-core ----------------------------------------------------------------------------

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# The rules a palette can change; the others see the same page in both palettes.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
# Left out of axe's run: the plot area of each figure, hidden from assistive technology (the
# figure's label says what it shows). axe does not check the contrast of SVG text anyway: the
# contrast of figure text and lines is checked by tests/test_accessibility.py (FIGURE_CONTRAST), in both palettes.
PLOT_AREAS = ["div[data-plotly] svg.main-svg[aria-hidden=true]"]


def run_axe(tab, rules: list[str] | None = None) -> list[dict]:
    if not tab.evaluate("typeof window.axe !== 'undefined'"):
        tab.add_script_tag(path=str(AXE))
    context = {"exclude": [[selector] for selector in PLOT_AREAS]}
    options = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    return tab.evaluate(
        "([context, options]) => axe.run(context, options).then(r => r.violations)",
        [context, options],
    )


def describe(violations: dict[str, list[dict]]) -> str:
    lines = []
    for where, found in violations.items():
        for violation in found:
            nodes = violation["nodes"]
            lines.append(
                f"{where}: {violation['id']} ({violation['impact']}, {len(nodes)} nodes): "
                f"{violation['help']}\n    e.g. {nodes[0]['target']}: "
                + nodes[0]["failureSummary"].replace("\n", " ")[:400]
            )
    return "\n".join(lines)


# -- texts with claim values -------------------------------------------------------------


def as_read(point: str, claims: dict[str, dict]) -> str:
    """A text of a source (a point of an answer, the answer to a question) as a reader sees it:
    each claim marker replaced by its value, as plain text."""

    def value(marker) -> str:
        claim_id, name, *spec = marker.args
        return plain_value(claims[claim_id]["values"][name], *spec)

    text = re.sub(r"<[^>]+>", "", replace_markers(point, value))
    return " ".join(html.unescape(text).split())


# -- the flashcard deck ------------------------------------------------------------------


def deck_notes(site: Path) -> list[list[str]]:
    """The notes of the Anki package, in the order they were added: their fields."""
    with zipfile.ZipFile(site / DECK_FILES[0]) as package:
        assert "collection.anki2" in package.namelist()
        collection = package.read("collection.anki2")
    database = sqlite3.connect(":memory:")
    database.deserialize(collection)
    rows = database.execute("select flds from notes order by id").fetchall()
    database.close()
    return [row[0].split("\x1f") for row in rows]


# -- figures -----------------------------------------------------------------------------


class Figure(NamedTuple):
    data: str  # the plotly JSON of div[data-plotly]
    alt: str  # its text alternative (aria-label)
    captioned: bool  # inside a <figure> with a <figcaption>
    medium: str = ""  # "screen" or "print" for one medium only (a slider's two drawings)


class _Figures(HTMLParser):
    def __init__(self):
        super().__init__()
        self.figures: list[Figure] = []
        self.inside: list[int] = []  # indexes of the figures of the open <figure> element

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "figure":
            self.inside.append(len(self.figures))
        elif tag == "div" and "data-plotly" in attributes:
            alt = attributes.get("aria-label") or ""
            classes = (attributes.get("class") or "").split()
            medium = next((m for m in ("screen", "print") if f"{m}-only" in classes), "")
            self.figures.append(Figure(attributes["data-plotly"], alt, False, medium))
        elif tag == "figcaption" and self.inside:
            first = self.inside[-1]
            self.figures[first:] = [f._replace(captioned=True) for f in self.figures[first:]]

    def handle_endtag(self, tag):
        if tag == "figure" and self.inside:
            self.inside.pop()


def figures_in(text: str) -> list[Figure]:
    """A page's figures, however their attributes are quoted (the labs' nbconvert output
    quotes them with ')."""
    parser = _Figures()
    parser.feed(text)
    return parser.figures


def thin_text_alternative(alt: str) -> str | None:
    """What a figure's text alternative lacks, if anything: it says what the figure shows
    (eight words at least) with its key numbers (a digit at least)."""
    if len(alt.split()) < 8:
        return "fewer than eight words"
    if not any(character.isdigit() for character in alt):
        return "no number"
    return None


# -- a demo project for the error paths ----------------------------------------------------

GOOD_SNIPPET = """
from snippets.evidence import claim, figure
import plotly.graph_objects as go

@claim("demo.good.value", statement="The answer is {answer}.")
def good_value():
    return {"answer": 42}

@figure("demo.good.figure", caption="A line.", alt="A straight line from 0 to 1.")
def good_figure():
    return go.Figure(go.Scatter(x=[0, 1], y=[0, 1]))
"""


class ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, resolving `!ENV [NAME, default]` to its default and keeping
    `!relative $config_dir` as written (``ConfigDumper`` writes it back)."""


class Relative(str):
    """A path that MkDocs resolves relative to mkdocs.yml: `!relative <placeholder>`."""


class ConfigDumper(yaml.SafeDumper):
    """Writes what ``ConfigLoader`` read as an mkdocs.yml."""


ConfigLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])
ConfigLoader.add_constructor(
    "!relative", lambda loader, node: Relative(loader.construct_scalar(node))
)
ConfigDumper.add_representer(
    Relative, lambda dumper, value: dumper.represent_scalar("!relative", str(value))
)


def read_config(path: Path) -> dict:
    return yaml.load(path.read_text(), Loader=ConfigLoader)


def write_config(path: Path, config: dict) -> None:
    path.write_text(yaml.dump(config, Dumper=ConfigDumper))


# Demo projects draw the same preview cards (one site name, the same few titles): those of one
# test process share a cache of them, which saves a third of each demo build. (Not those of
# two processes: a build removes the cards it did not use, which another may be copying.)
DEMO_PREVIEWS = ROOT / ".cache" / "demo-previews" / os.environ.get("PYTEST_XDIST_WORKER", "main")


def make_project(tmp_path: Path, page: str, snippet: str = "", shared_previews=True) -> Path:
    """A small project made of the real registry, templates, assets and mkdocs.yml
    (navigation reduced to its pages): a good demo snippet, the page ``page`` (index.md), a
    ledger, and ``snippet`` (a faulty one) as snippets/demo/broken.py if given. Its preview
    cards are cached in ``DEMO_PREVIEWS`` unless ``shared_previews`` is false."""
    project = tmp_path / "project"
    if shared_previews:
        DEMO_PREVIEWS.mkdir(parents=True, exist_ok=True)
        (project / ".cache").mkdir(parents=True)
        (project / ".cache" / "previews").symlink_to(DEMO_PREVIEWS, target_is_directory=True)
    shutil.copytree(ROOT / "overrides", project / "overrides")
    (project / "node_modules").symlink_to(ROOT / "node_modules")  # the plotly.js it serves
    (project / "snippets" / "demo").mkdir(parents=True)
    for module in (ROOT / "snippets").glob("*.py"):  # the package's own modules, no page's
        shutil.copy(module, project / "snippets" / module.name)
    (project / "snippets" / "demo" / "__init__.py").write_text("")
    (project / "snippets" / "demo" / "good.py").write_text(GOOD_SNIPPET)
    if snippet:
        (project / "snippets" / "demo" / "broken.py").write_text(textwrap.dedent(snippet))
    for name in ("requirements.txt", "CITATION.cff", "LICENSE"):
        shutil.copy(ROOT / name, project / name)
    (project / "tests").mkdir()
    (project / "docs" / "assets").mkdir(parents=True)
    for asset in (ROOT / "docs" / "assets").iterdir():
        shutil.copy(asset, project / "docs" / "assets" / asset.name)
    (project / "docs" / "index.md").write_text(textwrap.dedent(page))
    (project / "docs" / "claims.md").write_text("# Claims\n\n{{ ledger }}\n")
    config = read_config(ROOT / "mkdocs.yml")
    config["nav"] = ["index.md", "claims.md"]
    config["site_url"] = "https://example.org/"
    write_config(project / "mkdocs.yml", config)
    return project


# -- the engine on a demo project, without MkDocs ------------------------------------------

DEMO_TIME_LIMIT = 60.0


def evaluate(project: Path, limit: float = DEMO_TIME_LIMIT):
    """The demo project's snippets evaluated by the engine, as a build's first stage does:
    its store (or the error that stops a build)."""
    from engine.evidence import evaluation

    return evaluation.load(project, limit)


@functools.cache
def site_config():
    """The site's MkDocs configuration, as the build reads it (not built)."""
    from mkdocs.config import load_config

    return load_config(str(ROOT / "mkdocs.yml"))


def render(store, markdown: str, source: str = "index.md") -> str:
    """A page's Markdown with its markers rendered by the engine, as a build's second stage
    does (or the error that stops a build)."""
    from engine.markers import kinds

    page = kinds.Page(store, source, source.removesuffix(".md") + "/", site_config(), ROOT)
    return kinds.render(markdown, page)
