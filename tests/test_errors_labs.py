"""A lab whose cell fails stops the build, naming the lab's file and the error.

The demo project of tests/support.py (the real registry and mkdocs.yml, built by the installed engine), plus a lab
under docs/labs/ run by the real mkdocs-jupyter configuration (allow_errors: false).
"""

from __future__ import annotations

import textwrap

import pytest

from tests.support import make_project, mkdocs_build, read_config, write_config

BROKEN_LAB = """\
# %% [markdown]
# # A lab that breaks
#
# The first cell runs; the second raises.

# %%
from snippets.demo.good import good_value

print(good_value())

# %%
raise ValueError("the solver diverged in the lab")
"""


FIGURE_WITHOUT_ALT = """\
# %% [markdown]
# # A lab whose figure has no text alternative

# %%
import plotly.graph_objects as go

fig = go.Figure(go.Scatter(x=[0, 1], y=[1, 0]))
fig.update_layout(meta={"caption": "A line."})
fig.show()
"""


def build_with_lab(tmp_path, name: str, source: str):
    project = make_project(tmp_path, "# Demo\n\nIt is {{ claim demo.good.value answer }}.\n")
    (project / "docs" / "labs").mkdir()
    (project / "docs" / "labs" / f"{name}.py").write_text(textwrap.dedent(source))
    config = read_config(project / "mkdocs.yml")
    config["nav"] = ["index.md", {"Labs": [f"labs/{name}.py"]}, "claims.md"]
    jupyter = next(p["mkdocs-jupyter"] for p in config["plugins"] if "mkdocs-jupyter" in p)
    assert jupyter["allow_errors"] is False and jupyter["execute"] is True  # as the real site
    write_config(project / "mkdocs.yml", config)
    result = mkdocs_build(project, tmp_path / "site")
    return result.returncode, result.stdout + result.stderr


def error_lines(message: str) -> list[str]:
    # Not the "Converting notebook ... broken.py" progress line: the error itself names it.
    return [line for line in message.splitlines() if "error" in line.lower()]


def test_a_failing_lab_cell_stops_the_build_naming_the_lab(tmp_path):
    returncode, message = build_with_lab(tmp_path, "broken", BROKEN_LAB)
    assert returncode != 0, "a lab whose cell raises was published"
    assert any("labs/broken.py" in line for line in error_lines(message)), message
    assert "the solver diverged in the lab" in message
    assert not (tmp_path / "site" / "labs" / "broken" / "index.html").exists()


def test_a_lab_figure_without_a_text_alternative_stops_the_build(tmp_path):
    returncode, message = build_with_lab(tmp_path, "no_alt", FIGURE_WITHOUT_ALT)
    assert returncode != 0, "a lab figure with no text alternative was published"
    assert any("labs/no_alt.py" in line for line in error_lines(message)), message
    assert "lab figure 1 has no alt" in message


def test_a_lab_that_is_not_valid_python_stops_the_build_naming_it(tmp_path):
    """Its cache key reads its imports: the build's first look at a lab (without MkDocs)."""
    from mkdocs.exceptions import PluginError

    from engine.cache import Cache
    from engine.labs.pages import lab_cache_dir

    project = make_project(tmp_path, "# Demo\n")
    lab = project / "docs" / "labs" / "typo.py"
    lab.parent.mkdir()
    lab.write_text("# %%\nprint((1)\n")
    with pytest.raises(PluginError, match="docs/labs/typo.py is not valid Python"):
        lab_cache_dir(lab, Cache(project, "labs"))
