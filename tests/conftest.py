"""Shared fixtures: one strict build of the site for the whole session, served by one local
HTTP server; headless Chromium. (Shared helpers are in tests/support.py.)

`make test` runs pytest in two processes (xdist). The controller makes a folder both share and
serves the site from it at an address chosen before the build (instant navigation needs the
site's URL to be where it is served). Running the whole suite, it starts at once, in the
background, the builds both processes will need (the site; the site without addresses; a copy
built from damaged caches), and the processes run the tests that need no site meanwhile; a
process that needs one waits for it. Running part of the suite, the first process that needs a
build makes it and the other waits (``once`` in tests/support.py). Run alone (``-n 0``), the
one process does both.
"""

from __future__ import annotations

import collections
import contextlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# One definition of how Chromium runs here (as root, loopback-only network): the PDF export's.
from engine.printing.pdf import CHROMIUM, CHROMIUM_ARGS
from engine.server import serve
from tests.support import (
    DISK_PAGE,
    IN_THE_BACKGROUND,
    PHONE_SIZES,
    PRINT_PAGE_URL,
    ROOT,
    SERVER,
    SESSION_DIR,
    SUB_PATH,
    builds_of_the_session,
    draw_all,
    once,
    page_files,
    start_in_the_background,
    stop_builds,
    the_site_url,
)

# -- the session's shared folder and server ------------------------------------------------

SESSION = pytest.StashKey[contextlib.ExitStack]()


def pytest_configure(config):
    if hasattr(config, "workerinput"):  # a worker: the controller made and serves them
        os.environ[SESSION_DIR] = config.workerinput[SESSION_DIR]
        os.environ[SERVER] = config.workerinput[SERVER]
        return
    stack = contextlib.ExitStack()
    shared = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="l1-vs-l2-tests-")))
    host = shared / "host"
    host.mkdir()
    (host / SUB_PATH.strip("/")).symlink_to(shared / "site", target_is_directory=True)
    os.environ[SESSION_DIR] = str(shared)
    os.environ[SERVER] = stack.enter_context(serve(host))
    stack.callback(stop_builds)
    config.stash[SESSION] = stack
    if whole_suite(config):
        start_in_the_background(IN_THE_BACKGROUND)


def whole_suite(config) -> bool:
    """Whether the session runs every test (as `make test` does), not a file, a test or a
    listing."""
    tests = (ROOT / "tests").resolve()
    everything = all(Path(arg).resolve() == tests for arg in config.args)
    return everything and not config.option.keyword and not config.option.collectonly


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """What each worker is handed: the shared folder and the server's address."""
    node.workerinput[SESSION_DIR] = os.environ[SESSION_DIR]
    node.workerinput[SERVER] = os.environ[SERVER]


def pytest_collection_modifyitems(items):
    """The files whose tests need no build first (the claims, the engine's functions), then
    the others: the processes run the former while the builds they need are made. In each
    group, the files that drive a browser most first, then those with most tests, so that no
    process is left with a long file at the end (pytest-xdist keeps this order:
    `--no-loadscope-reorder` in pyproject.toml)."""
    needs: dict[Path, bool] = {}
    weight: collections.Counter[Path] = collections.Counter()
    for item in items:
        needs[item.path] = needs.get(item.path, False) or bool(BUILT & set(item.fixturenames))
        weight[item.path] += 1 + 1_000 * bool(item.get_closest_marker("browser"))
    items.sort(key=lambda item: (needs[item.path], -weight[item.path], str(item.path)))


# The fixtures whose tests wait for a build of the session.
BUILT = {"site", "unaddressed"}


def pytest_terminal_summary(terminalreporter, config):
    if SESSION in config.stash:
        terminalreporter.write_line(builds_of_the_session())


def pytest_unconfigure(config):
    if SESSION in config.stash:
        config.stash[SESSION].close()


@pytest.fixture(scope="session")
def site_url() -> str:
    """Where the test build is published: the session's server, under a sub-path."""
    return the_site_url()


@pytest.fixture(scope="session")
def site() -> Path:
    """The site, built once for the session as `make pdf` builds it (its pages link to the
    PDF, which tests/test_pdf.py exports), for the session's server."""
    return once("site")


@pytest.fixture(scope="session")
def claims(site) -> list[dict]:
    return json.loads((site / "claims.json").read_text())["claims"]


@pytest.fixture(scope="session")
def pages(site) -> dict[str, str]:
    """Published URL path ("/", "/l4/", ...) -> HTML, for every page of the site."""
    return {path: file.read_text() for path, file in page_files(site).items()}


@pytest.fixture(scope="session")
def server(site, site_url) -> str:
    """The site's address, with no trailing slash (server + "/l4/")."""
    return site_url.rstrip("/")


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
    in a 390 px wide phone screen, every figure drawn: {path: measurements}, and then the sizes
    of text and controls with every fold open. Measured once for the session (tests/test_offline.py
    and tests/test_phone.py read them)."""

    def measure(target: Path) -> None:
        target.mkdir()
        (target / "pages.json").write_text(json.dumps(measure_disk_pages(site, browser)))

    return json.loads((once("disk-pages", measure) / "pages.json").read_text())


def measure_disk_pages(site: Path, browser) -> dict[str, dict]:
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
            if path != PRINT_PAGE_URL:  # then, every fold opened: its text's and controls' sizes
                found[path]["sizes"] = tab.evaluate(PHONE_SIZES)
    finally:
        context.close()
    return found
