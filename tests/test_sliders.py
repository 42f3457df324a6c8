"""Figures with a slider: the native range input the build writes under each one
(engine/markers/figures.py) is in the page before any script runs, moves its figure from the keyboard
(docs/assets/figures.js), and says which frame is shown; the drawing follows it, in either
palette, even when the input moved before plotly.js arrived."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import plotly.graph_objects as go
import pytest
from plotly.subplots import make_subplots

from engine.markers.figures import figure_html, payload, small_multiples
from tests.support import PRINT_PAGE_URL, ROOT

# The site's figures with a slider: page -> figure id.
SLIDERS = {
    "/l4/": "l4.diabetes.coefficients",
    "/l5/geometry/": "l5.geometry.slider",
    "/l5/priors/": "l5.bayes.prior-scale",
    "/l6/proximal/": "l6.prox.iterations",
}


class _Figures(HTMLParser):
    """Each <figure>: its drawings (data, classes), its range inputs and their labels."""

    def __init__(self):
        super().__init__()
        self.figures: list[dict] = []
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "figure":
            self.depth += 1
            if self.depth == 1:
                self.figures.append({"id": attributes.get("id"), "drawings": [], "inputs": []})
        elif self.depth and tag == "div" and "data-plotly" in attributes:
            self.figures[-1]["drawings"].append(attributes)
        elif self.depth and tag == "input" and attributes.get("type") == "range":
            self.figures[-1]["inputs"].append(attributes)
        elif self.depth and tag == "label":
            self.figures[-1].setdefault("labels", []).append(attributes.get("for"))

    def handle_endtag(self, tag):
        if tag == "figure":
            self.depth -= 1


def figures_of(text: str) -> list[dict]:
    parser = _Figures()
    parser.feed(text)
    return parser.figures


def test_each_slider_is_a_range_input_written_by_the_build(pages):
    """In the page as it is served, before any script: one labelled range input per figure
    with a slider, at the slider's active step, saying what each step's frame shows."""
    found = {}
    for path, text in pages.items():
        if path == PRINT_PAGE_URL:
            continue
        for figure in figures_of(text):
            spec = json.loads(figure["drawings"][0]["data-plotly"])
            sliders = spec["layout"].get("sliders")
            if not sliders:
                assert figure["inputs"] == [], (path, figure["id"])
                continue
            assert len(figure["inputs"]) == 1, (path, figure["id"])
            control = figure["inputs"][0]
            steps = sliders[0]["steps"]
            texts = json.loads(control["data-valuetexts"])
            labels = json.loads(control["data-labels"])
            assert control["id"] in figure.get("labels", []), "the input has no label"
            assert (control["min"], control["max"], control["step"]) == (
                "0",
                str(len(steps) - 1),
                "1",
            )
            assert control["value"] == str(sliders[0].get("active", 0))
            assert control["aria-valuetext"] == texts[int(control["value"])]
            assert labels == [step["label"] for step in steps]
            # Each position says what its frame shows, and no two say the same.
            assert len(texts) == len(set(texts)) == len(steps), (path, texts)
            # Both drawings are figures plotly accepts (its validators: domains in [0, 1]...).
            paper = json.loads(figure["drawings"][1]["data-plotly"])
            go.Figure(spec), go.Figure(paper)
            found[path] = figure["id"]
    assert {path: found.get(path) for path in SLIDERS} == SLIDERS


def stacked_figure(frames: int = 4, sliders: int = 1) -> dict:
    """Two subplots one above the other, a point moving in each, a note on the lower one."""
    fig = make_subplots(rows=2, cols=1)
    fig.add_scatter(x=[0], y=[0], name="top", row=1, col=1)
    fig.add_scatter(x=[0], y=[0], name="bottom", row=2, col=1)
    fig.add_annotation(text="note", x=0, y=0, xref="x2", yref="y2")
    fig.update_xaxes(title_text="t", row=1, col=1)
    fig.update_xaxes(title_text="s", row=2, col=1)
    fig.frames = [
        go.Frame(
            data=[go.Scatter(y=[i]), go.Scatter(y=[-i])],
            traces=[0, 1],
            name=str(i),
            layout={"title": {"text": f"i = {i}<br>the point at {i}"}},
            group="paper" if i % 2 == 0 or i == frames - 1 else None,
        )
        for i in range(frames)
    ]
    steps = [{"label": str(i), "method": "animate", "args": [[str(i)]]} for i in range(frames)]
    fig.update_layout(sliders=[{"steps": steps, "currentvalue": {"prefix": "i = "}}] * sliders)
    return payload(fig.to_plotly_json())


def test_each_printed_frame_holds_every_subplot_of_the_figure():
    figure = stacked_figure()
    paper = small_multiples(figure, "demo")
    go.Figure(paper)  # plotly accepts it: every domain within [0, 1]
    printed = [f for f in figure["frames"] if f.get("group") == "paper"]  # i = 0, 2, 3
    layout = paper["layout"]
    x_axes = sorted(k for k in layout if k.startswith("xaxis"))
    assert len(x_axes) == 2 * len(printed) and len(paper["data"]) == 2 * len(printed)
    for cell, frame in enumerate(printed):
        top, bottom = paper["data"][2 * cell : 2 * cell + 2]
        # Each trace on its own cell's twin of its axes, at the frame's position.
        assert (top["y"], bottom["y"]) == (frame["data"][0]["y"], frame["data"][1]["y"])
        upper = layout["yaxis" + (str(2 * cell + 1) if cell else "")]
        lower = layout[f"yaxis{2 * cell + 2}"]
        assert top["yaxis"] == ("y" + (str(2 * cell + 1) if cell else ""))
        assert bottom["yaxis"] == f"y{2 * cell + 2}"
        assert lower["domain"][1] <= upper["domain"][0], "the cell's subplots keep their order"
    # Cells do not overlap: each lies below the one before it in its column.
    columns = {}
    for cell in range(len(printed)):
        low = layout[f"yaxis{2 * cell + 2}"]["domain"][0]
        high = layout["yaxis" + (str(2 * cell + 1) if cell else "")]["domain"][1]
        x = tuple(layout["xaxis" + (str(2 * cell + 1) if cell else "")]["domain"])
        if x in columns:
            assert high < columns[x]
        columns[x] = low
    # x titles under the lowest subplot of the bottom row only; the note on every cell.
    titled = [k for k in x_axes if (layout[k].get("title") or {}).get("text")]
    assert titled == [f"xaxis{2 * len(printed)}"], titled
    texts = [a["text"] for a in layout["annotations"]]
    assert texts.count("note") == len(printed)
    assert [t for t in texts if t != "note"] == [f["layout"]["title"]["text"] for f in printed]


def test_a_figure_may_have_one_slider_and_its_input_says_each_frame():
    html = figure_html(
        stacked_figure(), figure_id="demo", alt="A demo.", caption="Demo.", root=ROOT
    )
    assert 'aria-valuetext="i = 0; the point at 0"' in html
    assert '<label for="demo-control">i</label>' in html
    with pytest.raises(ValueError, match="'demo' has 2 sliders"):
        figure_html(
            stacked_figure(sliders=2), figure_id="demo", alt="A demo.", caption="Demo.", root=ROOT
        )


# The drawn figure, the input beside it, and what each shows now.
STATE = """(id) => {
  const figure = document.getElementById(id);
  const div = figure.querySelector("div.screen-only[data-plotly]");
  const input = figure.querySelector("input[type=range]");
  const spec = JSON.parse(div.getAttribute("data-plotly"));
  const step = spec.layout.sliders[0].steps[Number(input.value)];
  const frame = spec.frames.find((f) => f.name === step.args[0][0]);
  const drawn = frame.traces.map((i) => JSON.stringify([div.data[i].x, div.data[i].y]));
  const wanted = frame.data.map((t, k) =>
    JSON.stringify([t.x === undefined ? div.data[frame.traces[k]].x : t.x, t.y]));
  return {
    value: Number(input.value),
    max: Number(input.max),
    valuetext: input.getAttribute("aria-valuetext"),
    output: figure.querySelector(".figure-control output").textContent,
    label: JSON.parse(input.dataset.labels)[Number(input.value)],
    title: (div.querySelector(".gtitle") || {}).textContent || "",
    drawn: drawn.join("|"),
    frameDrawn: drawn.every((d, k) => d === wanted[k]),
    focused: document.activeElement === input,
    pluralSliders: div.querySelectorAll("g.slider-container").length,
  };
}"""


def state_after(tab, figure_id, key, before):
    tab.keyboard.press(key)
    tab.wait_for_function(
        """([id, before]) => {
          const figure = document.getElementById(id);
          const input = figure.querySelector("input[type=range]");
          const div = figure.querySelector("div.screen-only[data-plotly]");
          return input.getAttribute("aria-valuetext") !== before.valuetext
            && (div.querySelector(".gtitle") || {}).textContent !== before.title;
        }""",
        arg=[figure_id, before],
    )
    return tab.evaluate(STATE, figure_id)


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    tab = context.new_page()
    tab.errors = []
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    yield tab
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("path", SLIDERS)
def test_the_keyboard_moves_each_slider_and_hears_which_frame_is_shown(phone, server, path):
    figure_id = SLIDERS[path]
    phone.goto(server + path)
    figure = phone.locator(f"figure[id='{figure_id}']")
    figure.scroll_into_view_if_needed()
    phone.wait_for_selector(
        f"figure[id='{figure_id}'] div.screen-only[data-rendered=true]", state="attached"
    )
    start = phone.evaluate(STATE, figure_id)
    # One slider: the input. plotly's own is not drawn.
    assert start["pluralSliders"] == 0 and start["frameDrawn"], start
    phone.locator(f"figure[id='{figure_id}'] input[type=range]").focus()

    moved = state_after(phone, figure_id, "ArrowRight", start)
    assert moved["value"] == start["value"] + 1 and moved["focused"]
    assert moved["drawn"] != start["drawn"] and moved["frameDrawn"], moved
    # What is announced is what is drawn: the frame's title, its lines joined.
    assert moved["valuetext"].replace("; ", "") == moved["title"]
    assert moved["output"] == moved["label"]

    last = state_after(phone, figure_id, "End", moved)
    assert last["value"] == last["max"] and last["frameDrawn"] and last["focused"]
    first = state_after(phone, figure_id, "Home", last)
    assert first["value"] == 0 and first["frameDrawn"] and first["drawn"] != last["drawn"]
    assert phone.errors == []


@pytest.mark.browser
def test_the_frame_shown_survives_a_change_of_palette(phone, server):
    figure_id = SLIDERS["/l5/geometry/"]
    phone.emulate_media(color_scheme="light")
    phone.goto(server + "/l5/geometry/")
    phone.locator(f"figure[id='{figure_id}']").scroll_into_view_if_needed()
    phone.wait_for_selector(
        f"figure[id='{figure_id}'] div.screen-only[data-rendered=true]", state="attached"
    )
    phone.locator(f"figure[id='{figure_id}'] input[type=range]").focus()
    before = phone.evaluate(STATE, figure_id)
    moved = state_after(phone, figure_id, "PageDown", before)
    assert moved["value"] < before["value"]
    ink = "(id) => getComputedStyle(document.getElementById(id).querySelector('.xtick text')).fill"
    light = phone.evaluate(ink, figure_id)
    phone.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    phone.wait_for_function(f"(id) => ({ink})(id) !== {json.dumps(light)}", arg=figure_id)
    # Drawn again from the spec, then taken back to the input's step.
    phone.wait_for_function(
        f"(id) => ({STATE})(id).title === {json.dumps(moved['title'])}", arg=figure_id
    )
    again = phone.evaluate(STATE, figure_id)
    assert again["value"] == moved["value"] and again["frameDrawn"], again
    assert again["drawn"] == moved["drawn"] and again["title"] == moved["title"]
    assert phone.errors == []


@pytest.mark.browser
def test_a_slider_moved_before_plotly_arrives_draws_its_figure_there(phone, server):
    """The input is in the page from the start: a reader who moves it before plotly.js has
    arrived hears the frame at once, and the figure is drawn at that frame."""
    figure_id = SLIDERS["/l5/geometry/"]
    held = []
    phone.route("**/plotly.min.js", lambda route: held.append(route))
    phone.goto(server + "/l5/geometry/")
    control = phone.locator(f"figure[id='{figure_id}'] input[type=range]")
    control.focus()  # scrolls the figure into view: plotly.js is asked for, and held
    before = control.get_attribute("aria-valuetext")
    phone.keyboard.press("End")
    after = control.get_attribute("aria-valuetext")
    assert after != before and after == json.loads(control.get_attribute("data-valuetexts"))[-1]
    for _ in range(100):  # the request reaches the route while the tab is being waited on
        if held:
            break
        phone.wait_for_timeout(100)
    assert held, "the figure in view asked for plotly.js"
    assert phone.locator(f"figure[id='{figure_id}'] svg.main-svg").count() == 0
    for route in held:
        route.continue_()
    phone.wait_for_selector(
        f"figure[id='{figure_id}'] div.screen-only[data-rendered=true]", state="attached"
    )
    drawn = phone.evaluate(STATE, figure_id)
    assert drawn["value"] == drawn["max"] and drawn["frameDrawn"], drawn
    assert drawn["valuetext"].replace("; ", "") == drawn["title"]
    assert phone.errors == []
