"""Bad input stops the build with a message naming the page, the id and the snippet file.

Each case builds a small project made of the real hooks, the real registry and the real
mkdocs.yml (navigation reduced to its pages), plus one faulty snippet or page.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, mkdocs_build

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
    """Reads mkdocs.yml, resolving `!ENV [NAME, default]` to its default."""


ConfigLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])


def make_project(tmp_path: Path, page: str, snippet: str = "") -> Path:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "hooks", project / "hooks")
    shutil.copytree(ROOT / "overrides", project / "overrides")
    (project / "snippets" / "demo").mkdir(parents=True)
    for module in (ROOT / "snippets").glob("*.py"):  # the package's own modules, no page's
        shutil.copy(module, project / "snippets" / module.name)
    (project / "snippets" / "demo" / "__init__.py").write_text("")
    (project / "snippets" / "demo" / "good.py").write_text(GOOD_SNIPPET)
    if snippet:
        (project / "snippets" / "demo" / "broken.py").write_text(textwrap.dedent(snippet))
    shutil.copy(ROOT / "requirements.txt", project / "requirements.txt")
    (project / "tests").mkdir()
    (project / "docs" / "assets").mkdir(parents=True)
    for asset in (ROOT / "docs" / "assets").iterdir():
        shutil.copy(asset, project / "docs" / "assets" / asset.name)
    (project / "docs" / "index.md").write_text(textwrap.dedent(page))
    (project / "docs" / "claims.md").write_text("# Claims\n\n{{ ledger }}\n")
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=ConfigLoader)
    config["nav"] = ["index.md", "claims.md"]
    config["site_url"] = "https://example.org/"
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config))
    return project


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
    snippet = """
        from snippets.evidence import claim

        @claim("demo.broken.value", statement="{x}")
        def broken_value():
            raise ValueError("the solver diverged")
    """
    message = failed_build(tmp_path, "It is {{ claim demo.broken.value x }}.\n", snippet)
    assert "index.md" in message and "demo.broken.value" in message
    assert "snippets/demo/broken.py" in message and "the solver diverged" in message


def test_a_snippet_that_cannot_be_imported(tmp_path):
    snippet = "from snippets.evidence import claim\ndef broken(:\n"
    message = failed_build(tmp_path, "It is {{ claim demo.good.value answer }}.\n", snippet)
    assert "snippets/demo/broken.py cannot be imported" in message and "SyntaxError" in message


def test_a_snippet_that_raises_on_no_page_still_fails_the_build(tmp_path):
    snippet = """
        from snippets.evidence import claim

        @claim("demo.broken.value", statement="{x}")
        def broken_value():
            raise ValueError("the solver diverged")
    """
    message = failed_build(tmp_path, "# Demo\n", snippet)
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
        from snippets.evidence import claim, figure
        import plotly.graph_objects as go

        @claim("demo.broken.same", statement="{x}")
        def a_claim():
            return {"x": 1}

        @figure("demo.broken.same", caption="c", alt="a")
        def a_figure():
            return go.Figure()
    """
    message = failed_build(tmp_path, "# Demo\n", snippet)
    assert "demo.broken.same" in message and "declared twice" in message
    assert "a_claim" in message and "a_figure" in message
