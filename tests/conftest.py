"""Shared fixtures: one strict build of the site, a local HTTP server, headless Chromium.
(Shared helpers are in tests/support.py.)"""

from __future__ import annotations

import fcntl
import json
import shutil
import socket
from pathlib import Path

import pytest

# One definition of how Chromium runs here (as root, loopback-only network): the PDF export's.
from hooks.pdf import CHROMIUM, CHROMIUM_ARGS, serve
from tests.support import (
    DISK_PAGE,
    REPO_URL,
    ROOT,
    SUB_PATH,
    draw_all,
    mkdocs_build,
    page_files,
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
    """The site, built by each test process (`make test` runs two) for its own server, as
    `make pdf` builds it (its pages link to the PDF, which tests/test_pdf.py exports).

    The builds take turns: they share the project's caches, so the first fills them and the
    next is a warm build."""
    site_dir = tmp_path_factory.mktemp("site")
    lock = ROOT / ".cache" / "build.lock"
    lock.parent.mkdir(exist_ok=True)
    with lock.open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        result = mkdocs_build(ROOT, site_dir, site_url=site_url, repo_url=REPO_URL, with_pdf=True)
    assert result.returncode == 0, f"the strict build failed:\n{result.stdout}\n{result.stderr}"
    return site_dir


@pytest.fixture(scope="session")
def claims(site) -> list[dict]:
    return json.loads((site / "claims.json").read_text())["claims"]


@pytest.fixture(scope="session")
def pages(site) -> dict[str, str]:
    """Published URL path ("/", "/l4/", ...) -> HTML, for every page of the site."""
    return {path: file.read_text() for path, file in page_files(site).items()}


@pytest.fixture(scope="session")
def server(site, address, tmp_path_factory):
    """The site served at its sub-path; the address has no trailing slash (server + "/l4/")."""
    host = tmp_path_factory.mktemp("host")
    (host / SUB_PATH.strip("/")).symlink_to(site, target_is_directory=True)
    with serve(host, address) as base:
        yield base + SUB_PATH.rstrip("/")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run `make test` (it installs Debian's chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


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
        for path, index in page_files(site).items():
            errors.clear()
            network.clear()
            tab.goto(index.as_uri())
            draw_all(tab)
            found[path] = {
                **tab.evaluate(DISK_PAGE),
                "errors": list(errors),
                "network": list(network),
            }
    finally:
        context.close()
    return found
