"""A lab whose cell fails stops the build, naming the lab's file and the error.

The demo project of tests/test_errors.py (the real hooks, registry and mkdocs.yml), plus a lab
under docs/labs/ run by the real mkdocs-jupyter configuration (allow_errors: false).
"""

from __future__ import annotations

import textwrap

import yaml

from tests.conftest import mkdocs_build
from tests.test_errors import make_project

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


def test_a_failing_lab_cell_stops_the_build_naming_the_lab(tmp_path):
    project = make_project(tmp_path, "# Demo\n\nIt is {{ claim demo.good.value answer }}.\n")
    (project / "docs" / "labs").mkdir()
    (project / "docs" / "labs" / "broken.py").write_text(textwrap.dedent(BROKEN_LAB))
    config = yaml.safe_load((project / "mkdocs.yml").read_text())
    config["nav"] = ["index.md", {"Labs": ["labs/broken.py"]}, "claims.md"]
    jupyter = next(p["mkdocs-jupyter"] for p in config["plugins"] if "mkdocs-jupyter" in p)
    assert jupyter["allow_errors"] is False and jupyter["execute"] is True  # as the real site
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config))

    result = mkdocs_build(project, tmp_path / "site")
    message = result.stdout + result.stderr
    assert result.returncode != 0, "a lab whose cell raises was published"
    # Not the "Converting notebook ... broken.py" progress line: the error itself names it.
    errors = [line for line in message.splitlines() if "error" in line.lower()]
    assert any("labs/broken.py" in line for line in errors), "the error does not name the lab"
    assert "the solver diverged in the lab" in message
    assert not (tmp_path / "site" / "labs" / "broken" / "index.html").exists()
