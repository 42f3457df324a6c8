"""Accessibility: axe-core on every built page in both palettes, figure text alternatives, and
every figure control reachable and usable by keyboard."""

from __future__ import annotations

import html
import json
import re

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
FIGURES_DONE = "body[data-figures-done]"
# The rules a palette can change; the others see the same page in both palettes.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
# Left out of axe's run, to keep it fast:
# - the plot area of each figure: hidden from assistive technology (the figure's label says
#   what it shows), and axe does not check the contrast of SVG text (the contrast of figure
#   text and lines is checked below, in both palettes);
# - on the print page, its copies of the pages, which are checked one by one: there, axe
#   checks what only the print page has (cover, table of contents, the page around them).
PLOT_AREAS = ["div[data-plotly] svg.main-svg[aria-hidden=true]"]
PRINT_PAGE = "/print_page/"
PRINT_PAGE_COPIES = ["section.print-page"]


def page_paths(site) -> list[str]:
    paths = ["/404.html"] if (site / "404.html").exists() else []
    for index in sorted(site.rglob("index.html")):
        relative = index.parent.relative_to(site).as_posix()
        paths.append("/" if relative == "." else f"/{relative}/")
    return paths


def draw_all(tab) -> None:
    tab.evaluate("window.drawAllFigures && window.drawAllFigures()")
    tab.wait_for_selector(FIGURES_DONE, state="attached", timeout=30_000)


def run_axe(tab, path: str, rules: list[str] | None = None) -> list[dict]:
    if not tab.evaluate("typeof window.axe !== 'undefined'"):
        tab.add_script_tag(path=str(AXE))
    excluded = PLOT_AREAS + (PRINT_PAGE_COPIES if path == PRINT_PAGE else [])
    context = {"exclude": [[selector] for selector in excluded]}
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


@pytest.fixture(scope="module")
def axe_violations(browser, server, site) -> dict[str, dict[str, list[dict]]]:
    """{"light"|"dark": {path: violations}}: every page, figures drawn, in each palette.

    Each page is loaded once: checked in the light palette, then switched to the dark one
    with the palette toggle and checked again with the colour rules."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make test` (npm ci installs axe-core)")
    found: dict[str, dict[str, list[dict]]] = {"light": {}, "dark": {}}
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    context.add_init_script("localStorage.clear()")  # every page opens in the system's palette
    tab = context.new_page()
    for path in page_paths(site):
        tab.goto(server + path)
        assert tab.evaluate("document.body.dataset.mdColorScheme") == "default", path
        draw_all(tab)
        found["light"][path] = run_axe(tab, path)
        tab.locator("label[for^='__palette']:visible").first.click()
        tab.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
        draw_all(tab)  # the figures redrawn in the dark palette
        found["dark"][path] = run_axe(tab, path, COLOUR_RULES)
    context.close()
    return found


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_no_axe_violations(axe_violations, palette):
    violations = {path: v for path, v in axe_violations[palette].items() if v}
    assert not violations, f"axe-core, {palette} palette:\n{describe(violations)}"


def test_axe_checked_every_page(axe_violations, pages):
    assert set(pages) <= set(axe_violations["light"]) == set(axe_violations["dark"])


FIGURE = re.compile(
    r'<div class="plotly-figure" data-plotly="([^"]*)" role="img" aria-label="([^"]*)"'
)


def test_every_figure_has_a_text_alternative_with_its_numbers(pages):
    count = 0
    for path, text in pages.items():
        for _, label in FIGURE.findall(text):
            alt = html.unescape(label)
            assert len(alt.split()) >= 8, f"{path}: a figure's text alternative is thin: {alt!r}"
            assert re.search(r"\d", alt), (
                f"{path}: a figure's text alternative has no number: {alt!r}"
            )
            count += 1
    assert count >= 2


# -- keyboard --------------------------------------------------------------------------

FOCUSED = """() => {
  const a = document.activeElement;
  const figure = a.closest("div[data-plotly]");
  window.tabSeen = window.tabSeen || new WeakSet();
  const again = a === document.body || window.tabSeen.has(a);
  window.tabSeen.add(a);
  return {
    again,
    role: a.getAttribute("role") || a.tagName.toLowerCase(),
    label: a.getAttribute("aria-label") || "",
    figure: figure ? [...document.querySelectorAll("div[data-plotly]")].indexOf(figure) : -1,
    group: a.closest(".modebar, g.legend, g.updatemenu-container, g.slider-container")
      ? a.closest(".modebar, g.legend, g.updatemenu-container, g.slider-container").getAttribute("class").split(" ")[0]
      : "",
  };
}"""


def tab_through(tab, limit: int = 600) -> list[dict]:
    """Every element the Tab key reaches from the top of the page, in order, until it wraps."""
    tab.evaluate("document.activeElement && document.activeElement.blur(); window.tabSeen = null")
    reached = []
    for _ in range(limit):
        tab.keyboard.press("Tab")
        here = tab.evaluate(FOCUSED)
        if here.pop("again"):
            break
        reached.append(here)
    return reached


def slider_pages(pages) -> list[str]:
    found = []
    for path, text in pages.items():
        if path == PRINT_PAGE:
            continue
        for data, _ in FIGURE.findall(text):
            if json.loads(html.unescape(data))["layout"].get("sliders"):
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


def test_tab_reaches_every_figure_control_and_the_slider_steps(tab, server, pages):
    paths = slider_pages(pages)
    assert paths, "no page has a figure with a slider (the L5 geometry figure has one)"
    tab.goto(server + paths[0])
    draw_all(tab)
    reached = tab_through(tab)
    figures = tab.locator("div[data-plotly]").count()
    for index in range(figures):
        groups = {r["group"] for r in reached if r["figure"] == index}
        expected = {"modebar"}
        if tab.locator("div[data-plotly]").nth(index).locator("g.legend g.traces").count():
            expected.add("legend")
        if tab.locator("div[data-plotly]").nth(index).locator("g.slider-container").count():
            expected.add("slider-container")
        assert expected <= groups, f"{paths[0]} figure {index}: Tab reaches {groups}"
    # One tab stop per group: the toolbar's buttons are reached with the arrow keys.
    per_figure = [sum(1 for r in reached if r["figure"] == i) for i in range(figures)]
    assert max(per_figure) <= 4, per_figure

    slider = tab.locator("g.slider-container[role=slider]").first
    slider.focus()
    before = slider.get_attribute("aria-valuenow")
    title = tab.locator("div[data-plotly]:has(g.slider-container) .gtitle").first
    shown = title.text_content()
    tab.keyboard.press("ArrowRight")
    tab.wait_for_function(
        "v => document.activeElement.getAttribute('aria-valuenow') !== v", arg=before
    )
    assert int(slider.get_attribute("aria-valuenow")) == int(before) + 1
    tab.wait_for_function(
        "([t]) => document.querySelector('div[data-plotly]:has(g.slider-container) .gtitle')"
        ".textContent !== t",
        arg=[shown],
    )
    tab.keyboard.press("End")
    tab.wait_for_function(
        "() => document.activeElement.getAttribute('aria-valuenow') === "
        "document.activeElement.getAttribute('aria-valuemax')"
    )
    assert tab.evaluate(FOCUSED)["role"] == "slider", "the slider lost the focus"
    assert tab.errors == []


# A figure with every kind of plotly control: legend, buttons, a slider driving frames.
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
        "sliders": [
            {
                "active": 0,
                "currentvalue": {"prefix": "step = "},
                "steps": [
                    {
                        "label": str(i),
                        "method": "animate",
                        "args": [[str(i)], {"mode": "immediate", "frame": {"duration": 0}}],
                    }
                    for i in range(3)
                ],
            }
        ],
    },
    "frames": [{"name": str(i), "data": [{"y": [0, i]}], "traces": [0]} for i in range(3)],
}

INSERT_FIGURE = """spec => {
  const figure = document.createElement("figure");
  const div = document.createElement("div");
  div.className = "plotly-figure";
  div.setAttribute("data-plotly", JSON.stringify(spec));
  div.setAttribute("role", "img");
  div.setAttribute("aria-label", "A test figure with 2 lines, 2 buttons and a 3-step slider.");
  figure.append(div);
  document.querySelector("article").prepend(figure);
  return window.drawAllFigures();
}"""


def test_keyboard_operates_legend_buttons_and_slider(tab, server, pages):
    """Every kind of plotly control, on a figure made for the test (the site's figures may not
    use all of them): reached by Tab, operated with arrows, Enter and Space."""
    path = next(p for p, text in pages.items() if "data-plotly" in text and p != PRINT_PAGE)
    tab.goto(server + path)
    tab.evaluate(INSERT_FIGURE, CONTROLS_FIGURE)
    tab.wait_for_selector("article > figure div[data-rendered=true]", state="attached")
    test_figure = 0  # prepended: the first figure of the page
    reached = [r for r in tab_through(tab) if r["figure"] == test_figure]
    assert {r["group"] for r in reached} >= {
        "modebar",
        "legend",
        "updatemenu-container",
        "slider-container",
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

    slider = tab.locator("div[data-plotly] g.slider-container[role=slider]").first
    slider.focus()
    tab.keyboard.press("ArrowRight")
    tab.wait_for_function(
        "() => document.querySelector('div[data-plotly]').data[0].y[1] === 1"
    )  # frame "1" drawn
    assert slider.get_attribute("aria-valuetext") == "step = 1"
    assert tab.errors == []
