"""Bad input stops the build with a message naming the page, the id and the snippet file.

Each case gives the engine the demo project of tests/support.py (the real registry and
snippets' runner) with one faulty snippet or page, and calls the stage that refuses it as a
build would (``evaluate``: the snippets; ``render``: a page's markers), without MkDocs. Two
cases build the demo project with MkDocs, to show that such an error stops a real build and
names the page: one of the engine's, and one of Markdown's (a missing include).
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from engine.evidence.store import EvidenceError, Store
from engine.markers import ledger
from engine.markers.figures import MAX_FIGURE_BYTES, FigureTooLargeError, figure_html
from engine.markers.plotly_js import PlotlyBundleError
from snippets import evidence
from tests.support import (
    GOOD_SNIPPET,
    ROOT,
    evaluate,
    make_project,
    mkdocs_build,
    render,
    site_config,
)

# A snippet whose claim raises when it is computed.
RAISING_SNIPPET = """
    from snippets.evidence import claim

    @claim("demo.broken.value", statement="{x}")
    def broken_value():
        raise ValueError("the solver diverged")
"""


def failed_build(tmp_path: Path, page: str, snippet: str = "") -> str:
    project = make_project(tmp_path, page, snippet)
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0, "the build should have failed"
    return result.stdout + result.stderr


def refused(store: Store, page: str) -> str:
    """What stops the build of ``page`` (index.md), given the evidence ``store``."""
    with pytest.raises(EvidenceError) as error:
        render(store, page)
    return str(error.value)


def refused_snippet(tmp_path: Path, snippet: str) -> str:
    """What stops the build when the demo project has ``snippet``: its evaluation, or a
    claim or figure that failed (which fails the build even if no page asks for it)."""
    with pytest.raises(EvidenceError) as error:
        evaluate(make_project(tmp_path, "# Demo\n", snippet)).check_failures()
    return str(error.value)


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Store:
    """The evidence of the demo project when nothing is wrong."""
    return evaluate(make_project(tmp_path_factory.mktemp("good"), "# Demo\n"))


def with_snippet(tmp_path: Path, snippet: str) -> Store:
    """The evidence of the demo project with ``snippet`` (whose claims may have failed)."""
    return evaluate(make_project(tmp_path, "# Demo\n", snippet))


# -- in a real build ----------------------------------------------------------------------


def test_an_error_of_the_engine_stops_a_real_build_naming_the_page_and_the_id(tmp_path):
    message = failed_build(tmp_path, "It is {{ claim demo.good.valeu answer }}.\n")
    assert "index.md" in message
    assert "unknown claim id 'demo.good.valeu'" in message
    assert "demo.good.value" in message  # the known ids are listed
    assert not (tmp_path / "site" / "index.html").exists()


def test_a_missing_include(tmp_path):
    page = '```python\n--8<-- "snippets/demo/missing.py:section"\n```\n'
    message = failed_build(tmp_path, page)
    assert "index.md" in message and "snippets/demo/missing.py" in message


# -- a page's markers ---------------------------------------------------------------------


def test_the_demo_project_renders_when_nothing_is_wrong(good):
    page = "# Demo\n\nIt is {{ claim demo.good.value answer }}.\n\n{{ figure demo.good.figure }}\n"
    rendered = render(good, page)
    assert "[42](claims.md#demo.good.value" in rendered and "data-plotly=" in rendered
    good.check_failures()


def test_a_snippet_that_raises(tmp_path):
    store = with_snippet(tmp_path, RAISING_SNIPPET)
    message = refused(store, "It is {{ claim demo.broken.value x }}.\n")
    assert "index.md" in message and "demo.broken.value" in message
    assert "snippets/demo/broken.py" in message and "the solver diverged" in message


def test_a_snippet_that_cannot_be_imported(tmp_path):
    message = refused_snippet(tmp_path, "from snippets.evidence import claim\ndef broken(:\n")
    assert "snippets/demo/broken.py cannot be imported" in message and "SyntaxError" in message


def test_a_snippet_that_raises_on_no_page_still_fails_the_build(tmp_path):
    message = refused_snippet(tmp_path, RAISING_SNIPPET)
    assert "demo.broken.value" in message and "snippets/demo/broken.py" in message


def test_a_figure_that_returns_something_else(tmp_path):
    snippet = """
        from snippets.evidence import figure

        @figure("demo.broken.figure", caption="c", alt="a")
        def broken_figure():
            return {"data": []}
    """
    message = refused(with_snippet(tmp_path, snippet), "{{ figure demo.broken.figure }}\n")
    assert "index.md" in message and "demo.broken.figure" in message
    assert (
        "snippets/demo/broken.py" in message and "expected a plotly.graph_objects.Figure" in message
    )


# A page whose markers the build cannot expand: what the page says, and what the error must say
# besides the page (index.md). Where an id or a name is unknown, the known ones are listed.
MARKERS_REFUSED = {
    "unknown claim id": (
        "It is {{ claim demo.good.valeu answer }}.",
        ["unknown claim id 'demo.good.valeu'", "demo.good.value"],
    ),
    "unknown value of a known claim": (
        "It is {{ claim demo.good.value answr }}.",
        ["demo.good.value", "snippets/demo/good.py", "'answr'"],
    ),
    "unknown figure id": (
        "{{ figure demo.good.figur }}",
        ["unknown figure id 'demo.good.figur'", "demo.good.figure"],
    ),
    "unknown marker": ("{{ figur demo.good.figure }}", ["unknown marker"]),
    "unknown answer": ("{{ answer l7 }}", ["unknown answer 'l7'", "l4, l5, l6, follow-up"]),
    "answer without its level": ("{{ answer }}", ["{{ answer <level> }}"]),
    "rehearsal of an unknown level": (
        "{{ rehearse l7 }}",
        ["unknown answer 'l7'", "l4, l5, l6, follow-up"],
    ),
    "unknown table of tells": (
        "{{ tells strongest }}",
        ["unknown table of tells 'strongest'", "strong-hire, down-level, follow-up"],
    ),
    "figure marker inside a sentence": (
        "See {{ figure demo.good.figure }} here.",
        ["must stand alone on its line"],
    ),
    "format spec that cannot write the value": (
        "It is {{ claim demo.good.value answer .2q }}.",
        ["index.md: {{ claim demo.good.value answer .2q }}", "'.2q' cannot write answer = 42"],
    ),
}


@pytest.mark.parametrize("case", MARKERS_REFUSED)
def test_a_marker_the_build_cannot_expand_stops_it_naming_the_page(good, case):
    text, said = MARKERS_REFUSED[case]
    message = refused(good, f"# Demo\n\n{text}\n")
    assert "index.md" in message
    for words in said:
        assert words in message, (case, words)


def test_unsupported_latex():
    from mkdocs.exceptions import PluginError

    from engine.content import mathml

    html = '<p>The estimate <span class="arithmatex">\\(\\arg\\min_w f(w)\\)</span>.</p>'
    with pytest.raises(PluginError) as error:
        mathml.render(html, "index.md")
    assert "index.md" in str(error.value) and "\\arg" in str(error.value)


@pytest.mark.parametrize("bad_id", ["Demo.Upper.case", "two.parts"])
def test_malformed_ids_are_refused(tmp_path, bad_id):
    snippet = f"""
        from snippets.evidence import claim

        @claim("{bad_id}", statement="x")
        def bad():
            return {{"x": 1}}
    """
    message = refused_snippet(tmp_path, snippet)
    assert "snippets/demo/broken.py" in message and bad_id in message


def test_an_id_declared_twice(tmp_path):
    snippet = """
        from snippets.evidence import cited, claim

        cited("demo.broken.same", statement="x", values={"x": 1}, source="s", locator="l")

        @claim("demo.broken.same", statement="{x}")
        def a_claim():
            return {"x": 1}
    """
    message = refused_snippet(tmp_path, snippet)
    assert "demo.broken.same" in message and "declared twice" in message
    assert "cited()" in message and "a_claim" in message


def test_an_id_declared_by_two_modules(tmp_path):
    # The modules are evaluated in separate interpreters: the build compares them itself.
    snippet = """
        from snippets.evidence import cited

        cited("demo.good.value", statement="x", values={"x": 1}, source="s", locator="l")
    """
    message = refused_snippet(tmp_path, snippet)
    assert "demo.good.value" in message and "declared twice" in message
    assert "snippets/demo/good.py" in message and "snippets/demo/broken.py" in message


# -- values JSON cannot hold exactly -------------------------------------------------------


def test_a_value_that_is_not_a_finite_number_stops_the_build(tmp_path):
    snippet = """
        from snippets.evidence import claim

        @claim("demo.broken.ratio", statement="{count} of {count} give {ratio}.")
        def broken_ratio():
            return {"ratio": float("nan"), "count": 3}
    """
    store = with_snippet(tmp_path, snippet)
    message = refused(store, "It is {{ claim demo.broken.ratio count }}.\n")
    assert "demo.broken.ratio" in message and "value 'ratio' is nan" in message
    assert "snippets/demo/broken.py" in message


@pytest.mark.parametrize(
    ("value", "why"),
    [(float("inf"), "is inf"), (-float("inf"), "is -inf"), (2**60, f"is {2**60}, beyond 2^53")],
)
def test_values_json_cannot_hold_exactly_are_refused_where_they_are_declared(value, why):
    with pytest.raises(ValueError, match=rf"'demo\.broken\.cited': value 'x' {re.escape(why)}"):
        evidence.cited(
            "demo.broken.cited", statement="{x}", values={"x": value}, source="s", locator="l"
        )
    assert "demo.broken.cited" not in evidence.REGISTRY


def test_claims_json_is_written_as_strict_json(tmp_path):
    """(The registry refuses NaN first; this is what would stop one that got through.)"""
    item = {"id": "demo.a.b", "kind": "cited", "statement": "{x}", "result": {"x": math.nan}}
    item.update(snippet="snippets/demo/a.py", source="s", locator="l")
    with pytest.raises(ValueError, match="not JSON compliant"):
        ledger.write_claims_json(Store(items={"demo.a.b": item}), tmp_path, None)


# -- messages that name what went wrong ---------------------------------------------------


@pytest.mark.parametrize(
    ("statement", "why"),
    [
        ("{ratio:.2f} of the runs", "has the field {ratio:.2f}"),
        ("{ratio of the runs", "is not a valid format string"),
        ("{0} of the runs", "has the field {0}"),
    ],
)
def test_a_statement_that_cannot_be_filled_in_is_refused_naming_the_claim(statement, why):
    with pytest.raises(ValueError) as refused:
        evidence.claim("demo.broken.statement", statement=statement)(lambda: {"ratio": 1})
    assert "demo.broken.statement" in str(refused.value) and why in str(refused.value)


def test_a_snippet_that_exits_is_named_with_how_it_ended(tmp_path):
    """Each module runs in a process of its own: one that ends the interpreter is named, with
    its exit code, and the modules evaluated beside it are not."""
    project = make_project(tmp_path, "It is {{ claim demo.good.value answer }}.\n")
    demo = project / "snippets" / "demo"
    (demo / "a_exits.py").write_text("import sys\n\nsys.exit(3)\n")
    (demo / "b_ends.py").write_text("import os\n\nos._exit(7)\n")
    (demo / "c_fine.py").write_text(GOOD_SNIPPET.replace("demo.good", "demo.c-fine"))
    with pytest.raises(EvidenceError) as error:
        evaluate(project)
    message = str(error.value)
    assert "snippets/demo/a_exits.py cannot be imported" in message
    assert "called sys.exit(3)" in message
    assert "snippets/demo/b_ends.py ended its process with exit code 7" in message
    for fine in ("snippets/demo/c_fine.py", "snippets/demo/good.py", "snippets/style.py"):
        assert fine not in message
    assert "crashed" not in message


# -- what a cache key cannot see ----------------------------------------------------------


def test_a_snippet_that_reads_what_its_cache_key_cannot_see_stops_the_build(tmp_path):
    """A module imported by importlib, and a data file outside snippets/: a change to either
    would leave the cached value published. (Data files under snippets/ are in every key.)"""
    snippet = """
        import importlib
        from pathlib import Path

        from snippets.evidence import claim

        @claim("demo.broken.reads", statement="{rows} rows, scale {scale}.")
        def reads():
            hidden = importlib.import_module("snippets.demo.hidden")
            table = Path("docs/table.csv").read_text() + Path("snippets/demo/seen.csv").read_text()
            return {"rows": table.count("\\n"), "scale": hidden.SCALE}
    """
    project = make_project(tmp_path, "{{ claim demo.broken.reads rows }} rows.\n", snippet)
    (project / "snippets" / "demo" / "hidden.py").write_text("SCALE = 2\n")
    (project / "snippets" / "demo" / "seen.csv").write_text("x\n1\n")
    (project / "docs" / "table.csv").write_text("x\n1\n2\n")
    with pytest.raises(EvidenceError, match="cache key does not cover") as error:
        evaluate(project)
    message = str(error.value)
    assert "snippets/demo/broken.py read docs/table.csv, snippets/demo/hidden.py" in message
    assert "seen.csv" not in message


# -- figures too heavy for a page ---------------------------------------------------------


def test_a_figure_too_heavy_for_its_page_stops_the_build_naming_it_and_its_size(tmp_path):
    snippet = """
        import numpy as np
        import plotly.graph_objects as go

        from snippets.evidence import figure

        @figure("demo.broken.dense", caption="Dense.", alt="A hundred thousand points of a sine, 0 to 1.")
        def dense_figure():
            x = np.linspace(0, 1, 100_000)
            return go.Figure(go.Scatter(x=x, y=np.sin(40 * x)))
    """
    message = refused(with_snippet(tmp_path, snippet), "{{ figure demo.broken.dense }}\n")
    assert "index.md" in message and "snippets/demo/broken.py" in message
    found = re.search(r"figure 'demo\.broken\.dense' writes ([\d,]+) KB of data", message)
    assert found and int(found.group(1).replace(",", "")) > MAX_FIGURE_BYTES / 1000, message


def test_a_figure_the_sites_plotly_cannot_draw_stops_the_build_naming_it(tmp_path):
    snippet = """
        import plotly.graph_objects as go

        from snippets.evidence import figure

        @figure("demo.broken.surface", caption="A bowl.", alt="A paraboloid over a 3 by 3 grid.")
        def surface_figure():
            return go.Figure(go.Surface(z=[[2, 1, 2], [1, 0, 1], [2, 1, 2]]))
    """
    message = refused(with_snippet(tmp_path, snippet), "{{ figure demo.broken.surface }}\n")
    assert "index.md" in message and "snippets/demo/broken.py" in message
    assert "figure 'demo.broken.surface' uses the trace type surface" in message, message


def test_a_lab_figure_the_sites_plotly_cannot_draw_is_refused_naming_it():
    surface = {"data": [{"type": "surface", "z": [[0, 1], [1, 0]]}]}
    with pytest.raises(PlotlyBundleError, match="'lab-figure-2' uses the trace type surface"):
        figure_html(surface, figure_id="lab-figure-2", alt="a", caption="c", root=ROOT)


def test_the_figure_budget_applies_to_every_figure_the_lab_renderer_draws_too():
    dense = {"data": [{"type": "scatter", "x": list(range(40_000)), "y": [0.5] * 40_000}]}
    with pytest.raises(FigureTooLargeError, match="'lab-figure-1' writes"):
        figure_html(dense, figure_id="lab-figure-1", alt="a", caption="c", root=ROOT)
    small = {"data": dense["data"][:0]}
    assert figure_html(small, figure_id="small", alt="a", caption="c", root=ROOT)


# A figure with a slider whose snippet marks no frame for paper.
SLIDER_SNIPPET = """
    import plotly.graph_objects as go
    from snippets.evidence import figure

    @figure("demo.broken.slider", caption="A point moves.", alt="A point at x from 0 to 2, y 0.")
    def sliding_point():
        frames = [go.Frame(data=[go.Scatter(x=[x], y=[0])], name=str(x)) for x in range(3)]
        steps = [{"method": "animate", "label": str(x), "args": [[str(x)]]} for x in range(3)]
        fig = go.Figure(data=[go.Scatter(x=[0], y=[0])], frames=frames)
        return fig.update_layout(sliders=[{"steps": steps}])
"""


def test_a_slider_figure_that_says_nothing_for_paper(tmp_path):
    message = refused(with_snippet(tmp_path, SLIDER_SNIPPET), "{{ figure demo.broken.slider }}\n")
    assert "'demo.broken.slider'" in message and 'group="paper"' in message
    assert "it needs 3 at least, it has 0" in message


# -- what a value may weigh, and how wide it may be written ---------------------------------


@pytest.mark.parametrize(
    ("values", "said"),
    [
        # Ten megabytes, quoted in five places, made the site a hundred megabytes heavier.
        ('{"x": "a" * 10_000_000}', "a string of 10,000,000 characters"),
        ('{f"v{i}": i for i in range(1000)}', "1000 values"),
    ],
    ids=["a value too heavy", "too many values"],
)
def test_values_heavier_than_a_claim_may_state_stop_the_build_naming_it(tmp_path, values, said):
    snippet = f"""
        from snippets.evidence import claim

        @claim("demo.broken.heavy", statement="{{x}}")
        def heavy():
            return {values}
    """
    message = refused_snippet(tmp_path, snippet)
    assert "demo.broken.heavy" in message and "snippets/demo/broken.py" in message
    assert said in message


def test_a_format_spec_wider_than_a_word_is_refused_naming_the_marker(good):
    """A width of a hundred million built a string of that size."""
    message = refused(good, "It is {{ claim demo.good.value answer >100000000 }}.\n")
    assert "index.md: {{ claim demo.good.value answer >100000000 }}" in message
    assert "at most 40 characters wide" in message
    assert "42.0" in render(good, "It is {{ claim demo.good.value answer >6.1f }}.\n")


# -- links that run a script -----------------------------------------------------------------


@pytest.mark.parametrize(
    "link",
    [
        "[a tell's source](javascript:alert(1))",
        "[spaced](java\tscript:alert(1))",
        '<a href="vbscript:msgbox(1)">raw HTML</a>',
        '<img src="data:text/html,<script>alert(1)</script>">',
    ],
)
def test_a_link_that_runs_a_script_stops_the_build_naming_the_page(link):
    import markdown

    from engine.content.links import ScriptLinkError, refuse_scripts

    config = site_config()
    page = markdown.Markdown(
        extensions=config.markdown_extensions, extension_configs=config.mdx_configs
    ).convert(f"See {link}.\n")
    with pytest.raises(ScriptLinkError, match="tells.md links to"):
        refuse_scripts(page, "tells.md")
    assert refuse_scripts('<a href="l5/priors/#x">ok</a> <a href="https://doi.org/1">', "a.md")
