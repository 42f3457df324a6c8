"""Accessibility: axe-core on every built page in both palettes, figure text alternatives, and
every figure control reachable and usable by keyboard."""

from __future__ import annotations

import json
import re
from urllib.parse import urlparse

import pytest

from snippets.style import FIGURE_COLOURS
from tests.support import (
    AXE,
    COLOUR_RULES,
    PRINT_PAGE_URL,
    describe,
    draw_all,
    figures_in,
    page_files,
    run_axe,
    thin_text_alternative,
)

pytestmark = pytest.mark.browser

# The print page is all the pages again, checked one by one: there, axe checks what only the
# print page has (cover, table of contents, the page around them), once the copies are gone.
DROP_PAGE_COPIES = (
    "document.querySelectorAll('section.print-page').forEach((s) => s.replaceChildren())"
)
# WCAG 2.1 AA: text 4.5:1 (1.4.3), the lines and markers that carry data 3:1 (1.4.11), against
# the page. Colours with transparency are shading, not data: they are not checked.
FIGURE_CONTRAST = """() => {
  const rgba = (colour) => {
    const m = /rgba?\\(([^)]+)\\)/.exec(colour || "");
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(",").map(Number);
    return { r, g, b, a };
  };
  const over = (c, bg) => ({ r: c.a * c.r + (1 - c.a) * bg.r, g: c.a * c.g + (1 - c.a) * bg.g,
    b: c.a * c.b + (1 - c.a) * bg.b });
  const luminance = ({ r, g, b }) => [r, g, b].map((v) => {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }).reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (x, y) => {
    const [hi, lo] = [luminance(x), luminance(y)].sort((p, q) => q - p);
    return (hi + 0.05) / (lo + 0.05);
  };
  const page = rgba(getComputedStyle(document.body).backgroundColor);
  const failures = [];
  document.querySelectorAll("div[data-plotly]").forEach((figure, index) => {
    // Over a heatmap, markers stand out from the heatmap, which this check cannot see.
    const overHeatmap = figure.querySelector(".heatmaplayer image") !== null;
    const check = (selector, property, minimum, kind) => {
      if (kind === "data" && overHeatmap) return;
      figure.querySelectorAll(selector).forEach((el) => {
        const colour = rgba(getComputedStyle(el)[property]);
        if (!colour || (kind === "data" && colour.a < 1) || !el.getClientRects().length) return;
        const contrast = ratio(over(colour, page), page);
        if (contrast < minimum) {
          failures.push(`figure ${index} (${figure.closest("figure").id}): ${kind} ` +
            `${getComputedStyle(el)[property]} ${(el.textContent || "").slice(0, 30)} ` +
            `at ${contrast.toFixed(2)}:1`);
        }
      });
    };
    check("svg text", "fill", 4.5, "text");
    check(".scatterlayer .js-line", "stroke", 3, "data");
    check(".scatterlayer .point", "fill", 3, "data");
    check(".barlayer .point path", "fill", 3, "data");
  });
  return [...new Set(failures)];
}"""


def page_paths(site) -> list[str]:
    return (["/404.html"] if (site / "404.html").exists() else []) + list(page_files(site))


@pytest.fixture(scope="module")
def checked(browser, server, site) -> dict[str, dict[str, dict]]:
    """{"light"|"dark": {path: {"axe": violations, "figures": contrast failures}}}: every
    page, its figures drawn, in each palette.

    Each page is loaded once: checked in the light palette, then switched to the dark one
    with the palette toggle, its figures redrawn, and checked again with the colour rules."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make test` (npm ci installs axe-core)")
    found: dict[str, dict[str, dict]] = {"light": {}, "dark": {}, "loading": {}}
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    context.add_init_script("localStorage.clear()")  # every page opens in the system's palette
    tab = context.new_page()
    # While at it, what each page loads and logs (as tests/test_browser.py checks it).
    errors: list[str] = []
    requested: list[str] = []
    local = urlparse(server).netloc
    tab.on("console", lambda message: message.type == "error" and errors.append(message.text))
    tab.on("pageerror", lambda error: errors.append(str(error)))

    def record(route):
        requested.append(route.request.url)
        if urlparse(route.request.url).netloc != local:
            return route.abort()
        return route.continue_()

    tab.route("**/*", record)
    for path in page_paths(site):
        errors.clear()
        requested.clear()
        if path == PRINT_PAGE_URL:  # its figures go with the copies: no need to wait for them
            tab.goto(server + path, wait_until="domcontentloaded")
            tab.evaluate(DROP_PAGE_COPIES)
        else:
            tab.goto(server + path)
        assert tab.evaluate("document.body.dataset.mdColorScheme") == "default", path
        draw_all(tab)
        found["light"][path] = {"axe": run_axe(tab), "figures": tab.evaluate(FIGURE_CONTRAST)}
        tab.locator("label[for^='__palette']:visible").first.click()
        tab.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
        draw_all(tab)  # the figures redrawn in the dark palette
        found["dark"][path] = {
            "axe": run_axe(tab, COLOUR_RULES),
            "figures": tab.evaluate(FIGURE_CONTRAST),
        }
        found["loading"][path] = {
            "errors": list(errors),
            "other_hosts": [u for u in requested if urlparse(u).netloc != local],
            "plotly": any(u.endswith("/plotly.min.js") for u in requested),
            # The screen's figures (a slider's small multiples are for paper).
            "undrawn": tab.locator(f"{ON_SCREEN}:not(:has(svg.main-svg))").count(),
        }
    context.close()
    return found


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_no_axe_violations(checked, palette):
    violations = {path: page["axe"] for path, page in checked[palette].items() if page["axe"]}
    assert not violations, f"axe-core, {palette} palette:\n{describe(violations)}"


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_figure_text_and_lines_stand_out_from_the_page(checked, palette):
    failures = [f"{path}: {f}" for path, page in checked[palette].items() for f in page["figures"]]
    assert not failures, f"{palette} palette, too little contrast:\n" + "\n".join(failures)


def test_every_page_was_checked_in_both_palettes(checked, pages):
    assert set(pages) <= set(checked["light"]) == set(checked["dark"])


def test_every_page_loads_cleanly_and_draws_every_figure(checked, pages):
    problems = {path: page for path, page in checked["loading"].items()
                if page["errors"] or page["other_hosts"] or page["undrawn"]}  # fmt: skip
    assert not problems, problems
    # plotly.js (4.8 MB) is fetched where there are figures, and only there.
    for path, text in pages.items():
        if path != PRINT_PAGE_URL:  # checked without its figures (the copies of the pages)
            assert checked["loading"][path]["plotly"] == ("data-plotly" in text), path


def test_every_figure_has_a_text_alternative_with_its_numbers(pages):
    with_figures = set()
    for path, text in pages.items():
        for figure in figures_in(text):
            lacks = thin_text_alternative(figure.alt)
            assert not lacks, f"{path}: a figure's text alternative has {lacks}: {figure.alt!r}"
            with_figures.add(path)
    # Every page that has figures was read, the labs included.
    assert with_figures == {path for path, text in pages.items() if "data-plotly" in text}
    assert any(path.startswith("/labs/") for path in with_figures)


COLOUR = re.compile(r"#[0-9A-Fa-f]{6}\b|rgba?\([^)]*\)")


def colours_of(value) -> list[str]:
    """Every colour named in a trace, except continuous colour scales (a heatmap's)."""
    if isinstance(value, str):
        return COLOUR.findall(value)
    if isinstance(value, list):
        return [c for item in value for c in colours_of(item)]
    if isinstance(value, dict):
        return [c for key, item in value.items() if key != "colorscale" for c in colours_of(item)]
    return []


def as_hex(colour: str) -> str:
    if colour.startswith("#"):
        return colour.upper()
    red, green, blue = (int(float(v)) for v in colour[colour.index("(") + 1 : -1].split(",")[:3])
    return f"#{red:02X}{green:02X}{blue:02X}"


# The colours figures may use: the Okabe-Ito palette, told apart with the common colour-vision
# deficiencies, a grey, their dark-palette twins and white (snippets/style.py).
def test_figures_use_the_colour_blind_safe_palette(pages):
    outside = set()
    for path, text in pages.items():
        for figure in figures_in(text):
            for trace in json.loads(figure.data)["data"]:
                outside.update(
                    (path, trace.get("name"), c)
                    for c in colours_of(trace)
                    if as_hex(c) not in FIGURE_COLOURS
                )
    assert not outside, f"colours outside the Okabe-Ito palette: {sorted(outside)}"


# -- keyboard --------------------------------------------------------------------------

# The figures a screen shows (a slider's small multiples are for paper, never drawn on screen).
ON_SCREEN = "div[data-plotly]:not(.print-only, .print-only *)"
FOCUSED = (
    """() => {
  const a = document.activeElement;
  const figure = a.closest("div[data-plotly]");
  const group = a.closest(".modebar, g.legend, g.updatemenu-container");
  return {
    role: a.getAttribute("role") || a.tagName.toLowerCase(),
    label: a.getAttribute("aria-label") || "",
    figure: figure ? [...document.querySelectorAll('"""
    + ON_SCREEN
    + """')].indexOf(figure) : -1,
    group: group ? group.getAttribute("class").split(" ")[0] : "",
    slider: a.matches("figure input[type=range]"),
  };
}"""
)
# Records every element the focus lands on, until it lands on one a second time (the Tab key
# went round the page).
RECORD_FOCUS = (
    """() => {
  const describe = """
    + FOCUSED
    + """;
  const seen = new WeakSet();
  window.tabLog = [];
  window.tabWrapped = false;
  document.activeElement && document.activeElement.blur();
  document.addEventListener("focusin", (event) => {
    if (window.tabWrapped) return;
    if (seen.has(event.target)) { window.tabWrapped = true; return; }
    seen.add(event.target);
    window.tabLog.push(describe());
  }, true);
}"""
)


def tab_through(tab, limit: int = 800) -> list[dict]:
    """Every element the Tab key reaches from the top of the page, in order."""
    tab.evaluate(RECORD_FOCUS)
    for _ in range(0, limit, 40):
        for _ in range(40):
            tab.keyboard.press("Tab")
        if tab.evaluate("window.tabWrapped"):
            break
    assert tab.evaluate("window.tabWrapped"), f"Tab never went round the page in {limit} presses"
    return tab.evaluate("window.tabLog")


def slider_pages(pages) -> list[str]:
    found = []
    for path, text in pages.items():
        if path == PRINT_PAGE_URL:
            continue
        for figure in figures_in(text):
            if json.loads(figure.data)["layout"].get("sliders"):
                found.append(path)
                break
    return found


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def test_tab_reaches_every_figure_control_and_the_slider(tab, server, pages):
    paths = slider_pages(pages)
    assert paths, "no page has a figure with a slider (the L5 geometry figure has one)"
    tab.goto(server + paths[0])
    draw_all(tab)
    reached = tab_through(tab)
    figures = tab.locator(ON_SCREEN).count()
    for index in range(figures):
        groups = {r["group"] for r in reached if r["figure"] == index}
        expected = {"modebar"}
        if tab.locator(ON_SCREEN).nth(index).locator("g.legend g.traces").count():
            expected.add("legend")
        assert expected <= groups, f"{paths[0]} figure {index}: Tab reaches {groups}"
    # One tab stop per group: the toolbar's buttons are reached with the arrow keys.
    per_figure = [sum(1 for r in reached if r["figure"] == i) for i in range(figures)]
    assert max(per_figure) <= 3, per_figure
    # A slider is its range input (tests/test_sliders.py moves it): one tab stop each.
    sliders = tab.locator("figure input[type=range]").count()
    assert sum(1 for r in reached if r["slider"]) == sliders >= 1, reached
    assert tab.errors == []


# A figure with every kind of plotly control the renderer makes reachable: legend, buttons. (A
# slider is the range input the build writes beside its figure: tests/test_sliders.py.)
CONTROLS_FIGURE = {
    "data": [
        {"x": [0, 1], "y": [0, 1], "name": "first", "type": "scatter"},
        {"x": [0, 1], "y": [1, 0], "name": "second", "type": "scatter"},
    ],
    "layout": {
        "height": 420,
        "updatemenus": [
            {
                "type": "buttons",
                "direction": "right",
                "x": 0,
                "y": -0.3,
                "buttons": [
                    {"label": "both", "method": "restyle", "args": [{"visible": [True, True]}]},
                    {"label": "first", "method": "restyle", "args": [{"visible": [True, False]}]},
                ],
            }
        ],
    },
}

INSERT_FIGURE = """spec => {
  const figure = document.createElement("figure");
  const div = document.createElement("div");
  div.className = "plotly-figure";
  div.setAttribute("data-plotly", JSON.stringify(spec));
  div.setAttribute("role", "img");
  div.setAttribute("aria-label", "A test figure with 2 lines and 2 buttons, at 0 and 1.");
  figure.append(div);
  document.querySelector("article").prepend(figure);
  return window.drawAllFigures();
}"""


def test_keyboard_operates_legend_and_buttons(tab, server, pages):
    """Every kind of plotly control, on a figure made for the test (the site's figures may not
    use all of them): reached by Tab, operated with arrows, Enter and Space."""
    # The lightest page that loads plotly.js, to keep the walk short.
    path = min(
        (p for p, text in pages.items() if "data-plotly" in text), key=lambda p: len(pages[p])
    )
    tab.goto(server + path)
    tab.evaluate(INSERT_FIGURE, CONTROLS_FIGURE)
    tab.wait_for_selector("article > figure div[data-rendered=true]", state="attached")
    test_figure = 0  # prepended: the first figure of the page
    reached = [r for r in tab_through(tab) if r["figure"] == test_figure]
    assert {r["group"] for r in reached} >= {
        "modebar",
        "legend",
        "updatemenu-container",
    }, reached
    visible = "() => document.querySelector('div[data-plotly]')._fullData.map(t => t.visible)"

    legend = tab.locator("div[data-plotly] g.legend g.traces[role=button]").first
    legend.focus()
    assert legend.get_attribute("aria-pressed") == "true"
    tab.keyboard.press("Enter")
    tab.wait_for_function(f"() => ({visible})()[0] === 'legendonly'")
    tab.wait_for_function(
        "() => document.activeElement.matches('g.traces[role=button]')"
    )  # the focus survives the legend's redraw
    tab.keyboard.press("Space")
    tab.wait_for_function(f"() => ({visible})()[0] === true")

    button = tab.locator("div[data-plotly] g.updatemenu-button[role=button]").first
    button.focus()
    tab.keyboard.press("ArrowRight")  # to the second button, "first"
    assert tab.evaluate(FOCUSED)["label"] == "first"
    tab.keyboard.press("Enter")
    tab.wait_for_function(f"() => ({visible})()[1] === false")

    tools = tab.locator("div[data-plotly] .modebar-btn")
    tools.first.focus()
    assert (
        tab.evaluate("() => getComputedStyle(document.activeElement.closest('.modebar')).opacity")
        == "1"
    ), "the toolbar stays invisible while it has the focus"
    tab.keyboard.press("ArrowRight")
    assert tab.evaluate("() => document.activeElement") is not None
    assert tab.evaluate(FOCUSED)["group"] == "modebar"

    assert tab.errors == []
