"""Shared fixtures: one strict build of the site, a local HTTP server, headless Chromium."""

from __future__ import annotations

import fcntl
import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# One definition of how Chromium runs here (as root, loopback-only network): the PDF export's.
from hooks.pdf import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

# The test build is published under a sub-path, as a project site is, from a repository.
SUB_PATH = "/guide/"
REPO_URL = "https://github.com/l1-vs-l2/l1-vs-l2"


def mkdocs_build(
    project: Path, site_dir: Path, site_url: str = "", repo_url: str = ""
) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` of ``project`` into ``site_dir``; output captured. The site's
    and the repository's addresses are the ones given, never the caller's environment's."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SITE_URL", None)
    env.pop("REPO_URL", None)
    if site_url:
        env["SITE_URL"] = site_url
    if repo_url:
        env["REPO_URL"] = repo_url
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="session")
def address() -> tuple[str, int]:
    """A free local port, chosen before the build: instant navigation needs site_url to match."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return "127.0.0.1", probe.getsockname()[1]


@pytest.fixture(scope="session")
def site_url(address) -> str:
    """Where the test build is published: the local server, under a sub-path."""
    return "http://{}:{}".format(*address) + SUB_PATH


@pytest.fixture(scope="session")
def site(tmp_path_factory, site_url) -> Path:
    """The site, built by each test process (`make test` runs two) for its own server.

    The builds take turns: they share the project's caches, so the first fills them and the
    next is a warm build."""
    site_dir = tmp_path_factory.mktemp("site")
    lock = ROOT / ".cache" / "build.lock"
    lock.parent.mkdir(exist_ok=True)
    with lock.open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        result = mkdocs_build(ROOT, site_dir, site_url=site_url, repo_url=REPO_URL)
    assert result.returncode == 0, f"the strict build failed:\n{result.stdout}\n{result.stderr}"
    return site_dir


@pytest.fixture(scope="session")
def claims(site) -> list[dict]:
    return json.loads((site / "claims.json").read_text())["claims"]


@pytest.fixture(scope="session")
def pages(site) -> dict[str, str]:
    """Published URL path ("/", "/l4/", ...) -> HTML, for every page of the site."""
    found = {}
    for path in sorted(site.rglob("index.html")):
        relative = path.parent.relative_to(site).as_posix()
        found["/" if relative == "." else f"/{relative}/"] = path.read_text()
    return found


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest's output for failures
        pass


@pytest.fixture(scope="session")
def server(site, address, tmp_path_factory):
    """The site served at its sub-path; the address has no trailing slash (server + "/l4/")."""
    host = tmp_path_factory.mktemp("host")
    (host / SUB_PATH.strip("/")).symlink_to(site, target_is_directory=True)
    handler = functools.partial(_QuietHandler, directory=str(host))
    httpd = http.server.ThreadingHTTPServer(address, handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}{SUB_PATH.rstrip('/')}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run `make test` (it installs Debian's chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# What each page does when opened straight from disk on a phone: measured in one pass, for
# tests/test_offline.py (no network, figures, formulas, errors) and tests/test_phone.py (fit).
DISK_PAGE = """() => {
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
  const maths = [...document.querySelectorAll("math")];
  return {
    width,
    sticking: [...sticking].map((el) => `<${el.tagName.toLowerCase()} class="${el.getAttribute("class") || ""}">` +
      ` ends at ${Math.round(el.getBoundingClientRect().right)} px: ${(el.textContent || "").trim().slice(0, 60)}`),
    scrollers: scrollers.map((el) => ({
      what: `<${el.tagName.toLowerCase()} class="${el.getAttribute("class") || ""}">`,
      fits: !outside(el),
      focusable: el.tabIndex >= 0 || !!el.querySelector("[tabindex='0'], a[href], button"),
    })),
    figures: document.querySelectorAll("div[data-plotly]").length,
    drawn: [...document.querySelectorAll("div[data-plotly]")].filter(
      (div) => div.querySelector("svg.main-svg")).length,
    figure_widths: [...document.querySelectorAll("div[data-plotly] svg.main-svg")].map(
      (svg) => Math.round(svg.getBoundingClientRect().right)),
    fallbacks: document.querySelectorAll(".figure-fallback").length,
    maths: maths.length,
    // MathML laid out as MathML ("block math", "inline math"), not as unknown inline tags.
    maths_laid_out: maths.filter((m) => getComputedStyle(m).display.includes("math")).length,
    latex: document.querySelectorAll(".arithmatex").length,
    // Links that would open a directory listing rather than a page.
    directory_links: [...document.querySelectorAll("a[href]")].map((a) => new URL(a.href))
      .filter((url) => url.protocol === "file:" && url.pathname.endsWith("/")).map((url) => url.href),
  };
}"""


@pytest.fixture(scope="session")
def disk_pages(site, browser) -> dict[str, dict]:
    """Every built page opened from disk (file://), with every request to a network refused,
    in a 390 px wide phone screen, every figure drawn: {path: measurements}."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    found: dict[str, dict] = {}
    errors: list[str] = []
    network: list[str] = []

    def refuse(route):
        if not route.request.url.startswith("file:"):
            network.append(route.request.url)
            return route.abort()
        return route.continue_()

    try:
        tab = context.new_page()
        tab.on("console", lambda message: message.type == "error" and errors.append(message.text))
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.route("**/*", refuse)
        for index in sorted(site.rglob("index.html")):
            relative = index.parent.relative_to(site).as_posix()
            path = "/" if relative == "." else f"/{relative}/"
            errors.clear()
            network.clear()
            tab.goto(index.as_uri())
            tab.evaluate("window.drawAllFigures()")
            tab.wait_for_selector("body[data-figures-done]", state="attached", timeout=30_000)
            found[path] = {
                **tab.evaluate(DISK_PAGE),
                "errors": list(errors),
                "network": list(network),
            }
    finally:
        context.close()
    return found
