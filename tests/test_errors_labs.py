"""A lab runs by the snippets' rules, and one that breaks them, or whose cell fails, stops the
build, naming the lab's file, the cell and the error.

The demo project of tests/support.py (the real registry and mkdocs.yml), plus a lab under
docs/labs/: run as a build runs it (the engine's kernel start-up, mkdocs-jupyter's converter
with the real configuration, allow_errors: false), without MkDocs; and once in a real build,
to show that a failing lab stops it naming the lab.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import pytest

from tests.support import build_environment, make_project, mkdocs_build, read_config, write_config

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


# A lab run as the build runs it: the engine's start-up for its kernel, what it may read, then
# mkdocs-jupyter's converter (which reads the build's nbconvert configuration).
RUN_LAB = """
import sys
from pathlib import Path

from mkdocs.config import load_config
from mkdocs_jupyter.nbconvert2 import nb2html

from engine.cache import Cache
from engine.labs import pages

root, lab, limit = Path.cwd(), Path(sys.argv[1]), float(sys.argv[2])
pages.start_kernels(load_config(str(root / "mkdocs.yml")), root, limit)
pages.expose_reads(pages.lab_cache_dir(lab, Cache(root, "labs")))
print(nb2html(str(lab), execute=True, allow_errors=False))
"""


def run_lab(tmp_path, source: str, limit: float = 60, **environment: str):
    """(return code, output) of the demo project's lab ``source``, run as a build runs it."""
    project = make_project(tmp_path, "# Demo\n")
    lab = project / "docs" / "labs" / "lab.py"
    lab.parent.mkdir()
    lab.write_text(textwrap.dedent(source))
    result = subprocess.run(
        [sys.executable, "-c", RUN_LAB, str(lab), str(limit)],
        cwd=project,
        env=build_environment(**environment),
        capture_output=True,
        text=True,
        timeout=limit + 120,
    )
    return result.returncode, result.stdout + result.stderr


def test_a_lab_figure_without_a_text_alternative_stops_the_build(tmp_path):
    returncode, message = run_lab(tmp_path, FIGURE_WITHOUT_ALT)
    assert returncode != 0, "a lab figure with no text alternative was published"
    assert "lab figure 1 has no alt" in message and "fig.show()" in message  # the cell


READS_A_FILE = """\
# %%
from pathlib import Path

print(len(Path("docs/table.csv").read_text()))
"""


def test_a_lab_that_reads_what_its_cache_key_cannot_see_stops_the_build(tmp_path):
    (tmp_path / "project" / "docs").mkdir(parents=True)
    (tmp_path / "project" / "docs" / "table.csv").write_text("x\n1\n")
    returncode, message = run_lab(tmp_path, READS_A_FILE)
    assert returncode != 0, "a lab read a file its cache key does not cover"
    assert "the lab read docs/table.csv, which its cache key does not cover" in message
    assert 'Path("docs/table.csv")' in message  # the cell


READS_THE_ENVIRONMENT = """\
# %%
import os

print("setting:", os.environ.get("DEMO_SETTING"), "home:", "HOME" in os.environ)
"""


def test_a_lab_sees_of_the_environment_what_a_snippet_sees(tmp_path):
    returncode, page = run_lab(tmp_path, READS_THE_ENVIRONMENT, DEMO_SETTING="from the build")
    assert returncode == 0, page
    assert "setting: None home: True" in page


NEVER_ENDS = """\
# %%
import time

time.sleep(600)
"""


def test_a_lab_cell_that_runs_too_long_is_stopped_naming_it(tmp_path):
    started = time.monotonic()
    returncode, message = run_lab(tmp_path, NEVER_ENDS, limit=5)
    assert time.monotonic() - started < 90, "the lab ran past its time limit"
    assert returncode != 0
    assert "timed out" in message and "time.sleep(600)" in message  # the cell


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
