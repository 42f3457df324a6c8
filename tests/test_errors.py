"""Bad input stops the build with a message naming the page, the id and the snippet file.

Each case builds the demo project of tests/support.py (the real hooks, registry and
mkdocs.yml, navigation reduced to its pages) with one faulty snippet or page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import make_project, mkdocs_build

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


def test_the_demo_project_builds_when_nothing_is_wrong(tmp_path):
    page = "# Demo\n\nIt is {{ claim demo.good.value answer }}.\n\n{{ figure demo.good.figure }}\n"
    project = make_project(tmp_path, page)
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    built = (tmp_path / "site" / "index.html").read_text()
    assert ">42</a>" in built and "data-plotly=" in built


def test_unknown_claim_id(tmp_path):
    message = failed_build(tmp_path, "It is {{ claim demo.good.valeu answer }}.\n")
    assert "index.md" in message
    assert "unknown claim id 'demo.good.valeu'" in message
    assert "demo.good.value" in message  # the known ids are listed


def test_unknown_value_of_a_known_claim(tmp_path):
    message = failed_build(tmp_path, "It is {{ claim demo.good.value answr }}.\n")
    assert "index.md" in message and "demo.good.value" in message
    assert "snippets/demo/good.py" in message and "'answr'" in message


def test_unknown_figure_id(tmp_path):
    message = failed_build(tmp_path, "{{ figure demo.good.figur }}\n")
    assert "index.md" in message
    assert "unknown figure id 'demo.good.figur'" in message and "demo.good.figure" in message


def test_a_snippet_that_raises(tmp_path):
    message = failed_build(tmp_path, "It is {{ claim demo.broken.value x }}.\n", RAISING_SNIPPET)
    assert "index.md" in message and "demo.broken.value" in message
    assert "snippets/demo/broken.py" in message and "the solver diverged" in message


def test_a_snippet_that_cannot_be_imported(tmp_path):
    snippet = "from snippets.evidence import claim\ndef broken(:\n"
    message = failed_build(tmp_path, "It is {{ claim demo.good.value answer }}.\n", snippet)
    assert "snippets/demo/broken.py cannot be imported" in message and "SyntaxError" in message


def test_a_snippet_that_raises_on_no_page_still_fails_the_build(tmp_path):
    message = failed_build(tmp_path, "# Demo\n", RAISING_SNIPPET)
    assert "demo.broken.value" in message and "snippets/demo/broken.py" in message


def test_a_figure_that_returns_something_else(tmp_path):
    snippet = """
        from snippets.evidence import figure

        @figure("demo.broken.figure", caption="c", alt="a")
        def broken_figure():
            return {"data": []}
    """
    message = failed_build(tmp_path, "{{ figure demo.broken.figure }}\n", snippet)
    assert "index.md" in message and "demo.broken.figure" in message
    assert (
        "snippets/demo/broken.py" in message and "expected a plotly.graph_objects.Figure" in message
    )


def test_a_missing_include(tmp_path):
    page = '```python\n--8<-- "snippets/demo/missing.py:section"\n```\n'
    message = failed_build(tmp_path, page)
    assert "index.md" in message and "snippets/demo/missing.py" in message


def test_an_unknown_marker(tmp_path):
    message = failed_build(tmp_path, "{{ figur demo.good.figure }}\n")
    assert "index.md" in message and "unknown marker" in message


def test_an_unknown_answer(tmp_path):
    message = failed_build(tmp_path, "# Demo\n\n{{ answer l7 }}\n")
    assert "index.md" in message and "unknown answer 'l7'" in message
    assert "l4, l5, l6, follow-up" in message  # the known answers are listed


def test_an_answer_marker_without_its_level(tmp_path):
    message = failed_build(tmp_path, "# Demo\n\n{{ answer }}\n")
    assert "index.md" in message and "{{ answer <level> }}" in message


def test_a_figure_marker_inside_a_sentence(tmp_path):
    message = failed_build(tmp_path, "See {{ figure demo.good.figure }} here.\n")
    assert "index.md" in message and "must stand alone on its line" in message


def test_unsupported_latex(tmp_path):
    message = failed_build(tmp_path, "The estimate $\\arg\\min_w f(w)$.\n")
    assert "index.md" in message and "\\arg" in message


@pytest.mark.parametrize("bad_id", ["Demo.Upper.case", "two.parts"])
def test_malformed_ids_are_refused(tmp_path, bad_id):
    snippet = f"""
        from snippets.evidence import claim

        @claim("{bad_id}", statement="x")
        def bad():
            return {{"x": 1}}
    """
    message = failed_build(tmp_path, "# Demo\n", snippet)
    assert "snippets/demo/broken.py" in message and bad_id in message


def test_an_id_declared_twice(tmp_path):
    snippet = """
        from snippets.evidence import cited, claim

        cited("demo.broken.same", statement="x", values={"x": 1}, source="s", locator="l")

        @claim("demo.broken.same", statement="{x}")
        def a_claim():
            return {"x": 1}
    """
    message = failed_build(tmp_path, "# Demo\n", snippet)
    assert "demo.broken.same" in message and "declared twice" in message
    assert "cited()" in message and "a_claim" in message


def test_an_id_declared_by_two_modules(tmp_path):
    # The modules are evaluated in separate interpreters: the build compares them itself.
    snippet = """
        from snippets.evidence import cited

        cited("demo.good.value", statement="x", values={"x": 1}, source="s", locator="l")
    """
    message = failed_build(tmp_path, "# Demo\n", snippet)
    assert "demo.good.value" in message and "declared twice" in message
    assert "snippets/demo/good.py" in message and "snippets/demo/broken.py" in message


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
    message = failed_build(tmp_path, "{{ figure demo.broken.slider }}\n", SLIDER_SNIPPET)
    assert "'demo.broken.slider'" in message and 'group="paper"' in message
    assert "it needs 3 at least, it has 0" in message
